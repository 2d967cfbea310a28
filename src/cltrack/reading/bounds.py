"""Limits that keep a hostile workbook from exhausting memory, checked before any reader allocates.

A 2 KB xlsx whose one cell sits at XFD1048576 makes a dense reader allocate 17 billion cells; a
2 MB zip can unpack to gigabytes of shared strings. Both are seen cheaply: the zip's central
directory declares every part's unpacked size, and the cell references of a sheet's XML give its
used range. The sheet XML is streamed in pieces, never held whole, and only the references that
can widen the range are looked at. A workbook over a limit gets a `file-too-large` finding and is
not handed to the reader; the other files of the run are read as usual.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO

from cltrack.i18n import Lang, number
from cltrack.models import Text

MAX_UNPACKED = 512 << 20  # bytes all parts of one workbook may unpack to (a real report: a few MB)
MAX_CELLS = 10_000_000  # rows x columns of one sheet's grid (a 100,000-row, 40-column report is 4 million)
CHUNK = 1 << 20
GAP = 8  # a run of empty rows (columns) longer than this is squeezed to this many when a sheet is read sparsely
MAX_TAG = 64 << 20  # bytes between two '<' of a sheet's XML (Excel keeps a cell's text to 32,767 characters)

# `r="12"` is a row's number, `r="AB12"` a cell's reference (any namespace prefix, any attribute order, either quote).
_ROW = re.compile(rb'r=["\'](\d+)["\']')
_WIDE = re.compile(rb'r=["\']([A-Z]{2,3})\d')  # columns AA and beyond
_NARROW = re.compile(rb'r=["\']([A-Z])\d')
# For the sparse count: every cell's opening tag, the reference of those that have one, the rows and merged ranges.
_CELL = re.compile(rb'<(?:[\w.-]+:)?c\b')
_CELL_REF = re.compile(rb'<(?:[\w.-]+:)?c\b[^>]*?\sr=["\']([A-Z]{1,3})(\d+)["\']')
_ROW_TAG = re.compile(rb'<(?:[\w.-]+:)?row\b[^>]*?\sr=["\'](\d+)["\']')
_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref=["\']([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?["\']')


def _column(letters: bytes) -> int:
    """b'A' -> 1, b'XFD' -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def letters_of(number: int) -> bytes:
    """1 -> b'A', 16384 -> b'XFD'."""
    out = b""
    while number:
        number, rem = divmod(number - 1, 26)
        out = bytes([65 + rem]) + out
    return out


def pieces(fh: IO[bytes]) -> Iterator[bytes]:
    """An XML stream in pieces of about 1 MB, each cut just before a '<', so no tag is ever split."""
    tail = b""
    while block := fh.read(CHUNK):
        text = tail + block
        cut = text.rfind(b"<")
        if cut <= 0:
            if len(text) > MAX_TAG:
                raise ValueError(f"more than {MAX_TAG >> 20} MB without a tag")
            tail = text
            continue
        yield text[:cut]
        tail = text[cut:]
    if tail:
        yield tail


def said(vi: str, en: str, **counts: int | str) -> Text:
    """A reason in vi and en, its whole numbers written as each language writes them (1.048.576 / 1,048,576)."""
    def filled(template: str, lang: Lang) -> str:
        return template.format(**{k: number(v, 0, lang) if isinstance(v, int) else v for k, v in counts.items()})

    return Text(filled(vi, "vi"), filled(en, "en"))


def unpacked_problem(zf: zipfile.ZipFile) -> Text | None:
    """Why a zip package is too large, from the unpacked sizes it declares (None when within limits)."""
    total = sum(info.file_size for info in zf.infolist())
    if total <= MAX_UNPACKED:
        return None
    biggest = max(zf.infolist(), key=lambda i: i.file_size)
    return said("các phần của tệp khi giải nén lên tới {total} MB ({part}: {size} MB); cltrack đọc tối đa {limit} MB",
                "its parts unpack to {total} MB ({part}: {size} MB); cltrack reads at most {limit} MB",
                total=total >> 20, part=biggest.filename, size=biggest.file_size >> 20, limit=MAX_UNPACKED >> 20)


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part path inside an xlsx/xlsm package."""
    from xml.etree import ElementTree as ET

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts: dict[str, str] = {}
    for sh in book.iter(f"{ns_main}sheet"):
        target = targets.get(sh.get(f"{ns_rel}id"), "")
        if not target:
            continue
        full = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sh.get("name", "")] = full
    return parts


def _deeper(digits: int) -> re.Pattern[bytes]:
    """A cell reference whose row number has `digits` digits or more."""
    found = _DEEPER.get(digits)
    if found is None:
        found = _DEEPER[digits] = re.compile(rb'r=["\'][A-Z]{1,3}(\d{%d,})["\']' % digits)
    return found


_DEEPER: dict[int, re.Pattern[bytes]] = {}
_CELL_ROW = re.compile(rb'r=["\'][A-Z]{1,3}(\d+)["\']')  # the row of a cell reference


def _scan(zf: zipfile.ZipFile, part: str, cells: re.Pattern[bytes], rows: bool) -> tuple[int, set[bytes]]:
    """The highest row (when `rows`) and the distinct column letters `cells` finds, read in 1 MB pieces.

    The rows are those of `<row r=>` and of every cell reference with more digits than the highest row so
    far (calamine places a cell by its own reference: `<c r="A900000">` inside `<row r="2">` reaches row
    900,000), so that no cell reference has more digits than the row returned."""
    top, letters = 0, set()
    for text in _overlapping(zf, part):
        if rows:
            top = max([top, *map(int, _ROW.findall(text))])
            top = max([top, *map(int, _deeper(len(str(top)) + 1).findall(text))])
        letters.update(cells.findall(text))
    return top, letters


def _cell_rows(zf: zipfile.ZipFile, part: str) -> int:
    """The highest row any cell reference of a worksheet names (every reference read: a second pass)."""
    return max((max(map(int, _CELL_ROW.findall(text)), default=0) for text in _overlapping(zf, part)), default=0)


def _overlapping(zf: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """A part in 1 MB pieces, each led by the last 32 bytes of the one before, so no reference is split
    (a reference across the cut is found whole in the next piece: fine for a maximum or a set)."""
    tail = b""
    with zf.open(part) as fh:
        while piece := fh.read(CHUNK):
            text = tail + piece
            yield text
            tail = text[-32:]


def used_range(zf: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(rows, columns) one worksheet's cell references reach: one streamed pass for the rows and the columns from
    AA on; a second for columns A-Z only when there are none beyond Z and the rows alone could break the limit;
    and one for the row of every cell reference when a reference as long as the highest row found could."""
    rows, letters = _scan(zf, part, _WIDE, rows=True)
    if not letters and rows * 26 > MAX_CELLS:
        letters = _scan(zf, part, _NARROW, rows=False)[1]
    columns = max((_column(a) for a in letters), default=1 if rows else 0) if letters else 26 if rows else 0
    if rows * columns <= MAX_CELLS < (10 ** len(str(rows)) - 1) * columns:  # no reference has more digits than `rows`
        rows = max(rows, _cell_rows(zf, part))
    return rows, columns


@dataclass(frozen=True)
class Sparse:
    """How to read a far-reaching sheet without a dense grid: the rows and columns (1-based) its grid keeps."""

    rows: tuple[int, ...]
    columns: tuple[int, ...]


def kept(present: set[int]) -> tuple[int, ...]:
    """The indices a sparse grid keeps: those present, and of each run of absent ones before them the first GAP."""
    import numpy as np

    have = np.array(sorted(present), dtype=np.int64)
    if not len(have):
        return ()
    prev = np.concatenate(([0], have[:-1]))
    run = np.minimum(have - prev - 1, GAP)  # absent indices kept before each present one
    counts = run + 1
    offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    index = np.where(offset == np.repeat(run, counts), np.repeat(have, counts), np.repeat(prev, counts) + 1 + offset)
    return tuple(int(i) for i in index)


def sparse_plan(zf: zipfile.ZipFile, part: str) -> Sparse | Text:
    """A far-reaching worksheet's `Sparse` grid, from one streamed pass over its cells, or why it is too large even so."""
    cells, rows, letters = 0, set[int](), set[bytes]()
    with zf.open(part) as fh:
        for piece in pieces(fh):
            refs = _CELL_REF.findall(piece)
            count = len(_CELL.findall(piece))
            cells += count
            if cells > MAX_CELLS:
                return said("trang có hơn {limit} ô; cltrack đọc tối đa {limit} ô", "it holds more than {limit} cells; cltrack reads at most {limit}", limit=MAX_CELLS)
            if len(refs) != count:
                return Text("một số ô không ghi địa chỉ ô nên không xếp được vào chỗ nếu không đọc cả lưới",
                            "some of its cells have no reference, so they cannot be placed without a full grid")
            rows.update(int(r) for _, r in refs)
            rows.update(int(r) for r in _ROW_TAG.findall(piece))
            letters.update(c for c, _ in refs)
            for c0, r0, c1, r1 in _MERGE.findall(piece):
                rows.update(int(r) for r in (r0, r1) if r)
                letters.update(c for c in (c0, c1) if c)
    grid = Sparse(kept(rows), kept({_column(c) for c in letters}))
    size = len(grid.rows) * len(grid.columns)
    if size > MAX_CELLS:
        return said("bỏ các hàng, cột trống vẫn còn {rows} hàng × {columns} cột ({size} ô); cltrack đọc tối đa {limit} ô",
                    "read sparsely it still spans {rows} rows × {columns} columns ({size} cells); cltrack reads at most {limit}",
                    rows=len(grid.rows), columns=len(grid.columns), size=size, limit=MAX_CELLS)
    return grid


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_VALUE_TYPE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value-type"


def ods_ranges(zf: zipfile.ZipFile) -> dict[str, tuple[int, int]]:
    """Table name -> (rows, columns) its non-empty cells reach once repeats are counted, streamed from content.xml."""
    from xml.etree import ElementTree as ET

    ranges: dict[str, tuple[int, int]] = {}
    row = last = width = 0
    with zf.open("content.xml") as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                if el.tag == f"{_ODS_TABLE}table":
                    row = last = width = 0
                continue
            if el.tag == f"{_ODS_TABLE}table-row":
                repeat = int(el.get(f"{_ODS_TABLE}number-rows-repeated", "1"))
                col = reach = 0
                for cell in el:
                    col += int(cell.get(f"{_ODS_TABLE}number-columns-repeated", "1"))
                    if cell.get(_ODS_VALUE_TYPE) or len(cell):
                        reach = col
                row += repeat
                if reach:
                    last, width = row, max(width, reach)
                el.clear()
            elif el.tag == f"{_ODS_TABLE}table":
                ranges[el.get(f"{_ODS_TABLE}name", "")] = (last, width)
                el.clear()
    return ranges


@dataclass(frozen=True)
class Verdict:
    """What a workbook's bounds allow: why the whole file is refused (or None), the sheets refused and why,
    and the far-reaching sheets that are read sparsely instead (xlsx/xlsm only)."""

    whole: Text | None = None
    refused: dict[str, Text] | None = None
    sparse: dict[str, Sparse] | None = None


def check(path: Path) -> Verdict:
    """The bounds of one workbook, checked before any reader allocates (by content: a workbook under another name too)."""
    from cltrack.reading.content import content_of

    try:
        kind = content_of(path).kind
        st = path.stat()
    except OSError:
        return Verdict()
    if kind not in ("xlsx", "xlsb", "ods", "xls"):
        return Verdict()
    return _check(str(path.resolve()), st.st_mtime_ns, st.st_size, kind)


def too_large(path: Path) -> tuple[Text | None, dict[str, Text]]:
    """Why the whole workbook is too large (or None), and why each sheet is that a dense reader may not read: {sheet: reason}."""
    verdict = check(path)
    dense = {name: _too_many(max(g.rows), max(g.columns)) for name, g in (verdict.sparse or {}).items()}
    return verdict.whole, {**dense, **(verdict.refused or {})}


def _too_many(rows: int, cols: int) -> Text:
    """'its cells reach row 1,048,576 and column 16,384 (17,179,869,184 cells); cltrack reads at most 10,000,000'."""
    return said("các ô của trang kéo tới hàng {rows} và cột {cols} ({cells} ô); cltrack đọc tối đa {limit} ô",
                "its cells reach row {rows} and column {cols} ({cells} cells); cltrack reads at most {limit}",
                rows=rows, cols=cols, cells=rows * cols, limit=MAX_CELLS)


@lru_cache(maxsize=8)
def _check(path: str, mtime_ns: int, size: int, kind: str) -> Verdict:
    """`check` for one version of a file (sniffing and reading check it once)."""
    if kind == "xls":
        return _check_xls(Path(path))
    try:
        with zipfile.ZipFile(path) as zf:
            whole = unpacked_problem(zf)
            if whole is not None:
                return Verdict(whole)
            if kind == "ods":
                over = [(name, _too_many(*rc)) for name, rc in ods_ranges(zf).items() if rc[0] * rc[1] > MAX_CELLS]
                # the ods reader parses every sheet on opening: the whole file is refused
                return Verdict(_on_sheet(*over[0])) if over else Verdict()
            if kind == "xlsb":
                from cltrack.reading.biff import xlsb_reach

                return Verdict(None, {name: _too_many(*rc) for name, rc in xlsb_reach(zf, MAX_CELLS).items() if rc[0] * rc[1] > MAX_CELLS})
            refused: dict[str, Text] = {}
            sparse: dict[str, Sparse] = {}
            for name, part in sheet_parts(zf).items():
                if part not in zf.NameToInfo:
                    continue
                rows, cols = used_range(zf, part)
                if rows * cols <= MAX_CELLS:
                    continue
                grid = sparse_plan(zf, part)
                if isinstance(grid, Sparse):
                    sparse[name] = grid
                else:
                    refused[name] = grid
            return Verdict(None, refused, sparse)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError, RuntimeError):
        return Verdict()  # not a readable zip: the reader says what is wrong with it


def _on_sheet(name: str, why: Text) -> Text:
    """A sheet's reason as the whole file's: "sheet 'S': ..."."""
    return Text(f"trang '{name}': {why.vi}", f"sheet '{name}': {why.en}")


def _check_xls(path: Path) -> Verdict:
    """An .xls: its Workbook stream's declared size, then each sheet's DIMENSIONS claim and its cells' reach.
    calamine reads every sheet of an .xls on opening, so one sheet over the limit refuses the file."""
    from cltrack.reading.biff import Broken, workbook_stream, xls_reach

    try:
        size, stream = workbook_stream(path, MAX_UNPACKED)
        if stream is None:
            return Verdict(said("luồng Workbook của tệp lớn {size} MB; cltrack đọc tối đa {limit} MB",
                                "its Workbook stream is {size} MB; cltrack reads at most {limit} MB", size=size >> 20, limit=MAX_UNPACKED >> 20))
        for name, (claim_rows, claim_cols, rows, cols) in xls_reach(stream, MAX_CELLS).items():
            if claim_rows * claim_cols > MAX_CELLS:
                return Verdict(said("trang '{name}': bản ghi DIMENSIONS khai {rows} hàng và {cols} cột; cltrack đọc tối đa {limit} ô",
                                    "sheet '{name}': its DIMENSIONS record claims {rows} rows and {cols} columns; cltrack reads at most {limit} cells",
                                    name=name, rows=claim_rows, cols=claim_cols, limit=MAX_CELLS))
            if rows * cols > MAX_CELLS:
                return Verdict(_on_sheet(name, _too_many(rows, cols)))
    except (Broken, OSError, struct.error, IndexError):
        return Verdict()  # not a readable compound file: the reader says what is wrong with it
    return Verdict()
