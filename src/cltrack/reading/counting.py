"""Survey files read with their progress told to a caller's plain callable (the library never draws a bar):
bytes of all the files read so far, out of their total size, and the file being read.

A csv is read through a binary file that counts what its reader takes (pyarrow reads in large blocks,
so the count moves once a block, never once a row); a Parquet file row group by row group; any other
file is told when it has been read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cltrack.digest import HashingFile
from cltrack.models import ReadProgress

Tell = Callable[[int], None]  # bytes of one file read so far


class CountingFile(HashingFile):
    """A binary file telling `tell` the bytes read from it so far after each read (and hashing them)."""

    def __init__(self, path: Path, tell: Tell) -> None:
        super().__init__(path)
        self._tell, self._done = tell, 0

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        """The next `size` bytes, counted."""
        data = super().read(size) or b""
        self._done += len(data)
        self._tell(self._done)
        return data

    def __del__(self) -> None:
        """Closed when its reader lets go of it (pyarrow never closes a file it was given)."""
        self.close()


def _size(path: Path) -> int:
    """The file's size in bytes (0 when it cannot be read: the reader says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def told(files: Sequence[Path], progress: ReadProgress | None) -> Iterator[tuple[Path, Tell | None]]:
    """Each file with the Tell its reader calls (None without `progress`), which calls `progress(bytes of all
    the files read, bytes of all the files, file, sizes=True)`; told before each file is read, after it, and at the end."""
    if progress is None:
        yield from ((path, None) for path in files)
        return
    sizes = [_size(p) for p in files]
    total, start = sum(sizes), 0
    for path, size in zip(files, sizes, strict=True):

        def tell(n: int, start: int = start, size: int = size, name: str = str(path)) -> None:
            progress(start + min(n, size), total, name, sizes=True)

        tell(0)
        yield path, tell
        tell(size)
        start += size
    progress(total, total, "", sizes=True)


def parquet_by_group(path: Path, columns: list[str], text: list[str], tell: Tell) -> Any:
    """The columns of a Parquet file as one Arrow table, read row group by row group (text as dictionaries),
    telling the share of the file's size read after each group."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    size = _size(path)
    with pq.ParquetFile(path, read_dictionary=text) as book:
        groups = book.num_row_groups
        if groups < 2:
            return book.read(columns=columns)
        parts = []
        for i in range(groups):
            parts.append(book.read_row_group(i, columns=columns))
            tell(size * (i + 1) // groups)
    return pa.concat_tables(parts)
