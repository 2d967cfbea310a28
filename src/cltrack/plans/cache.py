"""A small on-disk cache of results computed from one file, keyed by the file's exact content.

`cached(kind, path, compute)` returns what `compute()` returned for a file with the same bytes,
the same path and the same cltrack code, and otherwise calls it and stores the result. It exists
so that commands run many times a day (`plans`, `targets`, `lint`) do not import PyYAML and parse
every plan file on each run, and reading reports does not rebuild the gazetteer's name index. An entry holds the kind, the path as given, the file's bytes and a
stamp of the cltrack code (version, Python, and the size and time of every module file) beside
the result, and is used only when all four are equal to the current ones, so an edited plan or
an upgraded cltrack is never served a stale result. (Entries are named by CRC-32 checksums of the
path and the content; the comparison, not the name, decides.)

The folder is `CLTRACK_CACHE_DIR`, else `$XDG_CACHE_HOME/cltrack`, else `~/.cache/cltrack`;
`CLTRACK_NO_CACHE=1` turns the cache off. Entries are pickles written atomically into a folder
only the user can write; any failure to read or write falls back to computing, silently.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
MAX_ENTRIES = 256  # per folder; the oldest beyond this are removed when a new entry is written
PACKAGE = Path(__file__).resolve().parents[1]


def folder() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("CLTRACK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("CLTRACK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cltrack"


@lru_cache(maxsize=1)
def code_stamp() -> bytes:
    """Changes whenever cltrack's code does: version, Python, and every module file's size and mtime."""
    from cltrack import __version__

    parts = [__version__, sys.version, pickle.format_version]
    for root, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".gz", ".yaml")):
                st = os.stat(os.path.join(root, name))
                parts.append(f"{os.path.relpath(os.path.join(root, name), PACKAGE)}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


def entry_name(kind: str, path: str, content: bytes) -> str:
    """The entry's file name: kind and CRC-32 checksums of path and content."""
    return f"{kind}-{zlib.crc32(path.encode()):08x}{zlib.crc32(content):08x}.pickle"


def cached(kind: str, path: str | Path, compute: Callable[[], T]) -> T:
    """compute()'s result for this file content, from the cache when present; stored when computed."""
    where = folder()
    try:
        content = Path(path).read_bytes() if where is not None else None
    except OSError:
        content = None
    if where is None or content is None:
        return compute()
    entry = where / entry_name(kind, str(path), content)
    ident = (kind, str(path), code_stamp(), content)
    try:
        with open(entry, "rb") as fh:
            stored_ident, value = pickle.load(fh)
        if stored_ident == ident:
            return value
    except Exception:  # noqa: BLE001 - a missing, partial or unreadable entry is recomputed
        pass
    value = compute()
    store(entry, (ident, value))
    return value


def store(entry: Path, value: object) -> None:
    """Write one entry atomically (temp file, then rename); drop the oldest beyond MAX_ENTRIES; never raise."""
    import tempfile

    tmp = None
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        tmp = None
        prune(entry.parent)
    except Exception:  # noqa: BLE001 - a read-only or full disk only costs speed
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def prune(where: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove the least recently written entries beyond `keep`."""
    entries = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
