"""Files cltrack writes: the output path checked before any work, then written whole or not at all.

`check_output` refuses, before anything is read or computed, an output whose suffix the command
does not write, an output that is one of the inputs (same resolved path or inode) or lies inside
an input folder that would be read, a missing or read-only folder, a folder given as the file and a
read-only file. `atomic` hands out a temporary file beside the target; it is fsynced and renamed
over the target only when the writer finished, and removed on any error or Ctrl-C, so the old file
is left byte for byte. `write_text` and `write_stdout` are the two text writers every command uses;
`exchange` swaps two folders in one step where Linux can (the site's folder is never missing).
No pandas or openpyxl here: the checks run at start-up.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cltrack.errors import CltrackError
from cltrack.models import Text

DATA_SUFFIXES: tuple[str, ...] = (".json", ".csv", ".xlsx")  # what evaluate, rollup and survey write
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # <fcntl.h>, <linux/fs.h>


def suffix_list(suffixes: Sequence[str]) -> str:
    """'.json, .csv or .xlsx'."""
    return suffixes[0] if len(suffixes) == 1 else f"{', '.join(suffixes[:-1])} or {suffixes[-1]}"


def reason(exc: OSError) -> Text:
    """Why an OSError happened, in vi and en, by its errno: 'đĩa đã đầy' / 'No space left on device'."""
    from cltrack.syserrors import os_error

    return os_error(exc)


def check_output(
    path: str | Path, suffixes: Sequence[str], inputs: Sequence[str | Path] = (), reads: Collection[str] = ()
) -> Path:
    """The output path, or CltrackError (exit 2) naming the path and why cltrack will not write it."""
    out = Path(path)
    if out.is_dir():
        raise CltrackError("{option} '{out}' is a folder; give a file name", option="output", out=out)
    if out.suffix.lower() not in suffixes:
        raise CltrackError("{option} '{out}': cltrack writes {suffixes} here, not '{suffix}'", option="output", out=out, suffixes=suffix_list(suffixes), suffix=out.suffix or '(no suffix)')
    _check_parent(out)
    _check_not_input(out, inputs, reads)
    _check_writable(out.parent, out)
    if out.exists() and not _writable(out):
        raise CltrackError("{option} '{out}' is a read-only file", option="output", out=out)
    return out


def check_output_folder(path: str | Path) -> Path:
    """A folder cltrack writes whole (pack, site): the nearest folder above it that exists may be written (missing
    ones between are created, as `--output packs/2024` wants), and so may the folder itself when it exists."""
    out = Path(path)
    above = out.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise CltrackError("{option} '{out}': '{parent}' is not a folder", option="output", out=out, parent=above)
    _check_writable(above, out)
    if out.is_dir():
        _check_writable(out, out)
    return out


def _check_parent(out: Path) -> None:
    """CltrackError unless the folder `out` goes in exists."""
    parent = out.parent
    if not parent.exists():
        raise CltrackError("{option} '{out}': the folder '{parent}' does not exist", option="output", out=out, parent=parent)
    if not parent.is_dir():
        raise CltrackError("{option} '{out}': '{parent}' is not a folder", option="output", out=out, parent=parent)


def _check_writable(folder: Path, out: Path) -> None:
    """CltrackError when `folder` is read-only."""
    if not _writable(folder):
        raise CltrackError("{option} '{out}': the folder '{parent}' is read-only", option="output", out=out, parent=folder)


def _writable(path: Path) -> bool:
    """True when the user may write `path` and its mode allows writing at all (root too obeys `chmod a-w`)."""
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)
    except OSError:
        return False


def _check_not_input(out: Path, inputs: Sequence[str | Path], reads: Collection[str]) -> None:
    """CltrackError when `out` is an input file (path or inode) or would be read from an input folder
    (`reads`: the suffixes the caller's readers take from a folder)."""
    read_suffixes = tuple(reads)
    target = out.resolve()
    same_inode = _inode(out)
    for given in inputs:
        src = Path(given)
        if src.is_dir():
            if out.suffix.lower() in read_suffixes and src.resolve() in target.parents:
                raise CltrackError("{option} '{out}' is inside the input folder '{src}' and would be read as an input next time", option="output", out=out, src=src)
            if same_inode is not None and any(_inode(f) == same_inode for f in src.rglob("*") if f.suffix.lower() in read_suffixes):
                raise CltrackError("{option} '{out}' is the same file as one in the input folder '{src}'", option="output", out=out, src=src)
        elif src.resolve() == target or (same_inode is not None and _inode(src) == same_inode):
            raise CltrackError("{option} '{out}' is the input file '{src}'; cltrack never overwrites an input", option="output", out=out, src=src)


def _inode(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, else None."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


@contextmanager
def atomic(path: str | Path, mode: int | None = None) -> Iterator[Path]:
    """A temporary path beside `path`; moved over `path` (with `mode`, else the old file's) when the block ends, removed on any error."""
    import tempfile

    out = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise CltrackError("cannot write '{out}': {reason}", out=out, reason=reason(exc)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _finish(tmp, out, mode)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CltrackError("cannot write '{out}': {reason}", out=out, reason=reason(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _finish(tmp: Path, out: Path, mode: int | None) -> None:
    """Give the temp file its mode (the old file's, else the umask's), fsync it, rename it over `out`, fsync the folder."""
    if mode is None:
        try:
            mode = out.stat().st_mode & 0o7777
        except OSError:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
    os.chmod(tmp, mode)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    try:
        dir_fd = os.open(out.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2 with RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc before 2.28, musl before 1.2.?)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # an old kernel, or a file system that cannot
        return False
    raise OSError(err, os.strerror(err), str(b))


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write text to `path` whole or not at all."""
    out = Path(path)
    with atomic(out) as tmp, open(tmp, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    return out


def write_stdout(text: str) -> None:
    """Text (ending in a newline) on stdout, flushed; a full disk or closed stream is a one-line error."""
    try:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        raise CltrackError("cannot write to standard output: {reason}", reason=reason(exc)) from None
