"""Whether a path can be opened as a file at all, and why not, before any reader touches it.

A named pipe would make a reader wait forever, a device (/dev/zero) never ends, a symbolic-link
loop or a file without read permission fails deep inside a reader: each is said here, in words,
as the reason of one `file-unreadable` finding, and the other files of the run are still read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

KINDS: tuple[tuple[object, str], ...] = (
    (stat.S_ISFIFO, "a named pipe (FIFO), not a file"),
    (stat.S_ISCHR, "a device, not a file"),
    (stat.S_ISBLK, "a device, not a file"),
    (stat.S_ISSOCK, "a socket, not a file"),
)


def unreadable_reason(path: str | Path) -> str | None:
    """Why `path` cannot be read as a regular file (None when it can; 'not found' when nothing is there)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return _stat_reason(path, exc)
    if stat.S_ISDIR(st.st_mode):
        return None
    for test, words in KINDS:
        if test(st.st_mode):  # type: ignore[operator]
            return words
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else (exc.strerror or str(exc))
    os.close(fd)
    return None


def _stat_reason(path: str | Path, exc: OSError) -> str:
    """The reason for a failed stat: a link loop, a broken link, or the system's words."""
    if exc.errno == errno.ELOOP:
        return "a symbolic link that loops back on itself"
    if exc.errno == errno.ENOENT:
        return "a symbolic link to nothing" if os.path.islink(path) else "not found"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or str(exc)
