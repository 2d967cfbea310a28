"""A small on-disk cache of results computed from one file, keyed by the file's exact content.

`cached(kind, path, compute)` returns what `compute()` returned for a file with the same bytes,
the same path and the same cltrack code, and otherwise calls it and stores the result. It exists
so that commands run many times a day (`plans`, `targets`, `lint`) do not import PyYAML and parse
every plan file on each run, and reading reports does not rebuild the gazetteer's name index. An
entry holds the kind, the path as given, the file's bytes, cltrack's version and Python's, and the
code the result was computed with (the size and mtime of every cltrack module loaded by then, and
of the package's data files) beside the result. It is used only when the first five equal the
current ones and every one of those files is unchanged, so an edited plan, an edited module or an
upgraded cltrack is never served a stale result; checking costs one stat per recorded file, not a
walk of the package. (Entries are named by CRC-32 checksums of the path and the content; the
comparison, not the name, decides.)

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

from cltrack import __version__

T = TypeVar("T")
MAX_ENTRIES = 256  # per folder; the oldest beyond this are removed when a new entry is written
PACKAGE = Path(__file__).resolve().parents[1]
SUFFIXES: dict[bool, str] = {False: ".pickle", True: ".marshal"}  # entry suffix by `plain`
DATA: tuple[str, ...] = (".gz", ".yaml")  # the package's data files: each counts as code for every entry
STAMP = (__version__, sys.version)  # the Python version fixes the pickle and marshal formats too


def folder() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("CLTRACK_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("CLTRACK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cltrack"


def code_files() -> list[tuple[str, int, int]]:
    """The code a result is computed with: the file of every cltrack module loaded so far and every data file of the
    package, each as (path inside the package, size, mtime in ns). Kept in the entry beside the result."""
    top = str(PACKAGE) + os.sep
    files = {f for m in list(sys.modules.values()) if (f := getattr(m, "__file__", None) or "").startswith(top)}
    files |= data_files(top)
    found = []
    for f in sorted(files):
        try:
            st = os.stat(f)
            found.append((f[len(top):], st.st_size, st.st_mtime_ns))
        except OSError:  # a module whose file is gone since: no stat matches it, the entry is never served
            found.append((f[len(top):], -1, -1))
    return found


@lru_cache(maxsize=1)
def data_files(top: str) -> frozenset[str]:
    """The package's data files (`DATA`), found by one walk per process however many entries are stored."""
    return frozenset(os.path.join(root, name) for root, _, names in os.walk(top) for name in names if name.endswith(DATA))


def code_unchanged(files: list[tuple[str, int, int]]) -> bool:
    """True when every file of `code_files()` still has its size and mtime (a stat per file, once per process)."""
    return all(signature(name) == (size, mtime) for name, size, mtime in files)


@lru_cache(maxsize=1024)
def signature(name: str) -> tuple[int, int] | None:
    """Size and mtime in ns of a file inside the package (None when it is gone); entries share most files, so once each."""
    try:
        st = os.stat(os.path.join(PACKAGE, name))
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


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
    ident = (kind, str(path), STAMP, content)
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
                    stored_ident, files, value = marshal.loads(fh.read()) if plain else _pickle().load(fh)  # marshal.load reads a file a few bytes at a time
                    if stored_ident == ident and code_unchanged(files):
                        return value
                except Exception:  # noqa: BLE001 - a partial or damaged entry is recomputed
                    pass
    value = compute()
    store(entry, (ident, code_files(), value), plain)
    return value


def _pickle() -> Any:
    """The pickle module, imported when first needed."""
    import pickle

    return pickle


class UntrustedCache(UserWarning):
    """A cache folder or entry that someone else could have written: it is not read. Its text is English (as
    Python shows a warning); `vi` is the Vietnamese the CLI prints by default."""

    def __init__(self, path: Path, why: tuple[str, str]) -> None:
        super().__init__(f"plan cache {path} is {why[1]}; ignored (its content is never run)")
        self.vi = f"bộ nhớ đệm kế hoạch {path}: {why[0]}; đã bỏ qua (nội dung của nó không bao giờ được chạy)"


def foreign(st: os.stat_result) -> tuple[str, str] | None:
    """Why a cache file or folder may hold what cltrack did not write, (vi, en); None when it is the user's own.
    (A pair, not a models.Text: a cached plan command imports no model module.)"""
    import stat

    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return f"thuộc người dùng mã {st.st_uid}, không phải {os.geteuid()}", f"owned by user id {st.st_uid}, not {os.geteuid()}"
    if st.st_mode & 0o022:
        mode = stat.filemode(st.st_mode)
        return f"người khác cũng ghi được (quyền {mode})", f"writable by others (mode {mode})"
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return "không phải tệp thường", "not a regular file"
    return None


def untrusted(path: Path, why: tuple[str, str]) -> None:
    """Warn that a cache file or folder is ignored, and why."""
    import warnings

    warnings.warn(UntrustedCache(path, why), stacklevel=3)


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
