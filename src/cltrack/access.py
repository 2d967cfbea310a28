"""Whether a path can be opened as a file at all, and why not, before any reader touches it.

A named pipe would make a reader wait forever, a device (/dev/zero) never ends, a symbolic-link
loop or a file without read permission fails deep inside a reader: each is said here, in words of
both languages, as the reason of one `file-unreadable` finding, and the other files of the run are
still read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from cltrack.models import Text
from cltrack.syserrors import os_error

NOT_FOUND = Text("không tìm thấy", "not found")
DEVICE = Text("một thiết bị, không phải tệp", "a device, not a file")
KINDS: tuple[tuple[object, Text], ...] = (
    (stat.S_ISFIFO, Text("một đường ống có tên (FIFO), không phải tệp", "a named pipe (FIFO), not a file")),
    (stat.S_ISCHR, DEVICE),
    (stat.S_ISBLK, DEVICE),
    (stat.S_ISSOCK, Text("một socket, không phải tệp", "a socket, not a file")),
)
LOOP = Text("một liên kết tượng trưng vòng lại chính nó", "a symbolic link that loops back on itself")
BROKEN_LINK = Text("một liên kết tượng trưng trỏ tới nơi không có gì", "a symbolic link to nothing")
DENIED = Text("không có quyền đọc", "permission denied")


def unreadable_reason(path: str | Path) -> Text | None:
    """Why `path` cannot be read as a regular file, in vi and en (None when it can; NOT_FOUND when nothing is there)."""
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
        return DENIED if exc.errno in (errno.EACCES, errno.EPERM) else os_error(exc)
    os.close(fd)
    return None


def _stat_reason(path: str | Path, exc: OSError) -> Text:
    """The reason for a failed stat: a link loop, a broken link, or the system's words."""
    if exc.errno == errno.ELOOP:
        return LOOP
    if exc.errno == errno.ENOENT:
        return BROKEN_LINK if os.path.islink(path) else NOT_FOUND
    if exc.errno in (errno.EACCES, errno.EPERM):
        return DENIED
    return os_error(exc)
