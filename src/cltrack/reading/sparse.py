"""Sheets whose cells reach far but are few, read without a dense grid.

One stray cell at XFD1048576 in a real report makes its used range 17 billion cells though it
holds a few hundred. `bounds.sparse_plan` counts such a sheet's cells in one streamed pass and
notes the rows and columns that hold one; here a copy of the workbook is written to a temporary
file with that sheet's XML rewritten so that every run of more than `bounds.GAP` empty rows or
columns is squeezed to `GAP` (references, rows and merged ranges renumbered; the `dimension`
claim dropped). python-calamine then reads the copy as usual, so values, types, shared strings,
dates and merged cells are read exactly as in any other sheet, and the grid keeps each row's and
column's real number, so every message names the real cell.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from cltrack.reading.bounds import Sparse, letters_of, pieces

_TAG = re.compile(rb'<(?:[\w.-]+:)?(c|row|mergeCell|dimension)\b[^>]*>')
_REF = re.compile(rb'(\sr=["\'])([A-Z]{0,3})(\d+)(["\'])')
_RANGE = re.compile(rb'(\sref=["\'])([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?(["\'])')
_SPANS = re.compile(rb'\sspans=["\'][^"\']*["\']')


class _Renumber:
    """Real row numbers and column letters -> their place in the squeezed grid, as bytes."""

    def __init__(self, grid: Sparse) -> None:
        self.rows = {str(r).encode(): str(i).encode() for i, r in enumerate(grid.rows, start=1)}
        self.cols = {letters_of(c): letters_of(i) for i, c in enumerate(grid.columns, start=1)}

    def cell(self, letters: bytes, row: bytes) -> bytes:
        """b'XFD', b'1048576' -> b'J42' (a row reference when `letters` is empty)."""
        return (self.cols[letters] if letters else b"") + self.rows[row]

    def tag(self, m: re.Match[bytes]) -> bytes:
        """One opening tag renumbered (a `dimension` dropped, a row's `spans` hint dropped)."""
        kind, text = m.group(1), m.group(0)
        if kind == b"dimension":
            return b""
        if kind == b"mergeCell":
            return _RANGE.sub(lambda r: r[1] + self.cell(r[2], r[3]) + (b":" + self.cell(r[4], r[5]) if r[4] else b"") + r[6], text)
        if kind == b"row":
            text = _SPANS.sub(b"", text)
        return _REF.sub(lambda r: r[1] + self.cell(r[2], r[3]) + r[4], text, count=1)


def _rewrite(src: zipfile.ZipFile, part: str, grid: Sparse, dest: zipfile.ZipFile) -> None:
    """One worksheet's XML streamed from `src` to `dest` with its references renumbered for the squeezed grid."""
    renumber = _Renumber(grid)
    with src.open(part) as fh, dest.open(part, "w") as out:
        for piece in pieces(fh):
            out.write(_TAG.sub(renumber.tag, piece))


@contextmanager
def squeezed(path: Path, sheets: Mapping[str, tuple[str, Sparse]]) -> Iterator[Path]:
    """A temporary copy of the workbook with each of `sheets` ({name: (part, grid)}) squeezed; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cltrack-sparse-"))
    copy = folder / "sparse.xlsx"
    parts = {part: grid for part, grid in sheets.values()}
    try:
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dest:
            for info in src.infolist():
                if info.filename in parts:
                    _rewrite(src, info.filename, parts[info.filename], dest)
                    continue
                with src.open(info) as fh, dest.open(info.filename, "w") as out:
                    shutil.copyfileobj(fh, out, 1 << 20)
        yield copy
    finally:
        shutil.rmtree(folder, ignore_errors=True)
