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
`CLTRACK_NO_CACHE=1` turns the cache off. Entries are pickles (plain data: marshal) written whole or not at all (mode 0600)
into a folder only the user can write. A pickle can run code when loaded, so an entry is loaded only
when the folder and the entry (opened without following links, checked on the open file) belong to
the user and no one else can write them; otherwise it is ignored with an `UntrustedCache` warning
and the plan is parsed. Any other failure to read or write falls back to computing, silently.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 256  # per folder; the oldest beyond this are removed when a new entry is written
PACKAGE = Path(__file__).resolve().parents[1]
SUFFIXES: dict[bool, str] = {False: ".pickle", True: ".marshal"}  # entry suffix by `plain`


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
    """Changes whenever cltrack's code does: version, Python, and every module and data file's size and mtime."""
    from cltrack import __version__

    parts = [__version__, sys.version]  # the Python version fixes the pickle and marshal formats too
    _stamp_files(str(PACKAGE), len(str(PACKAGE)) + 1, parts)
    return "\n".join(parts).encode()


def _stamp_files(folder: str, cut: int, parts: list[str]) -> None:
    """Append 'relative/path:size:mtime' for the code and data files under `folder`, in name order (one scandir per folder)."""
    with os.scandir(folder) as found:
        entries = sorted(found, key=lambda e: e.name)
    for e in entries:
        if e.name.endswith((".py", ".gz", ".yaml")) and e.is_file():
            st = e.stat()
            parts.append(f"{e.path[cut:]}:{st.st_size}:{st.st_mtime_ns}")
        elif e.name != "__pycache__" and e.is_dir():
            _stamp_files(e.path, cut, parts)


def entry_name(kind: str, path: str, content: bytes, plain: bool = False) -> str:
    """The entry's file name: kind and CRC-32 checksums of path and content (.marshal for plain data, else .pickle)."""
    return f"{kind}-{zlib.crc32(path.encode()):08x}{zlib.crc32(content):08x}{SUFFIXES[plain]}"


def cached(kind: str, path: str | Path, compute: Callable[[], T], plain: bool = False) -> T:
    """compute()'s result for this file content, from the cache when present; stored when computed.

    `plain`: the result is plain data (dicts, lists, tuples, text, numbers, None), kept with marshal, which needs
    no import and builds no object of a class (the start-up of `plans`, `targets` and `lint`)."""
    where = folder()
    try:
        content = Path(path).read_bytes() if where is not None else None
    except OSError:
        content = None
    if where is None or content is None:
        return compute()
    if not folder_is_private(where):
        return compute()
    entry = where / entry_name(kind, str(path), content, plain)
    ident = (kind, str(path), code_stamp(), content)
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:  # not there (yet), or a symbolic link planted in its place
        fd = None
    if fd is not None:
        with os.fdopen(fd, "rb") as fh:
            why = foreign(os.fstat(fh.fileno()))
            if why:
                untrusted(entry, why)
            else:
                try:
                    stored_ident, value = marshal.loads(fh.read()) if plain else _pickle().load(fh)  # marshal.load reads a file a few bytes at a time
                    if stored_ident == ident:
                        return value
                except Exception:  # noqa: BLE001 - a partial or damaged entry is recomputed
                    pass
    value = compute()
    store(entry, (ident, value), plain)
    return value


def _pickle() -> Any:
    """The pickle module, imported when first needed."""
    import pickle

    return pickle


class UntrustedCache(UserWarning):
    """A cache folder or entry that someone else could have written: it is not read."""


def foreign(st: os.stat_result) -> str:
    """Why a cache file or folder may hold what cltrack did not write ('' when it is the user's own)."""
    import stat

    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"owned by user id {st.st_uid}, not {os.geteuid()}"
    if st.st_mode & 0o022:
        return f"writable by others (mode {stat.filemode(st.st_mode)})"
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return "not a regular file"
    return ""


def untrusted(path: Path, why: str) -> None:
    """Warn that a cache file or folder is ignored, and why."""
    import warnings

    warnings.warn(f"plan cache {path} is {why}; ignored (its content is never run)", UntrustedCache, stacklevel=3)


@lru_cache(maxsize=4)
def folder_is_private(where: Path) -> bool:
    """True when the cache folder is the user's own and no one else can write it, or does not exist yet."""
    try:
        st = os.stat(where)
    except OSError:
        return True  # created 0700 on the first store
    why = foreign(st)
    if why:
        untrusted(where, why)
    return not why


def store(entry: Path, value: object, plain: bool = False) -> None:
    """Write one entry whole or not at all (marshal when `plain`, else pickle), readable by the user only; drop the oldest
    beyond MAX_ENTRIES; never raise."""
    from cltrack.outputs import atomic

    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic(entry, mode=0o600) as tmp, open(tmp, "wb") as fh:
            if plain:
                marshal.dump(value, fh)  # type: ignore[arg-type]  # plain data by the caller's word; anything else raises ValueError, caught below
            else:
                _pickle().dump(value, fh, protocol=_pickle().HIGHEST_PROTOCOL)
        prune(entry.parent)
    except Exception:  # noqa: BLE001 - a read-only or full disk only costs speed
        pass


def prune(where: Path, keep: int = MAX_ENTRIES) -> None:
    """Remove the least recently written entries beyond `keep`."""
    entries = sorted((p for suffix in SUFFIXES.values() for p in where.glob(f"*{suffix}")), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
