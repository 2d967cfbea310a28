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
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath

MAX_UNPACKED = 512 << 20  # bytes all parts of one workbook may unpack to (a real report: a few MB)
MAX_CELLS = 10_000_000  # rows x columns of one sheet's grid (a 100,000-row, 40-column report is 4 million)
CHUNK = 1 << 20

# `r="12"` is a row's number, `r="AB12"` a cell's reference (any namespace prefix, any attribute order).
_ROW = re.compile(rb'r="(\d+)"')
_WIDE = re.compile(rb'r="([A-Z]{2,3})\d')  # columns AA and beyond
_NARROW = re.compile(rb'r="([A-Z])\d')


def _column(letters: bytes) -> int:
    """b'A' -> 1, b'XFD' -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def unpacked_problem(zf: zipfile.ZipFile) -> str | None:
    """Why a zip package is too large, from the unpacked sizes it declares (None when within limits)."""
    total = sum(info.file_size for info in zf.infolist())
    if total <= MAX_UNPACKED:
        return None
    biggest = max(zf.infolist(), key=lambda i: i.file_size)
    return f"its parts unpack to {total >> 20} MB ({biggest.filename}: {biggest.file_size >> 20} MB); cltrack reads at most {MAX_UNPACKED >> 20} MB"


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


def _scan(zf: zipfile.ZipFile, part: str, cells: re.Pattern[bytes], rows: bool) -> tuple[int, set[bytes]]:
    """The highest `<row r=>` (when `rows`) and the distinct column letters `cells` finds, read in 1 MB pieces."""
    top, letters, tail = 0, set(), b""
    with zf.open(part) as fh:
        while piece := fh.read(CHUNK):
            text = tail + piece
            if rows:
                top = max([top, *map(int, _ROW.findall(text))])
            letters.update(cells.findall(text))
            tail = text[-32:]
    return top, letters


def used_range(zf: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(rows, columns) one worksheet's cell references reach: one streamed pass for the rows and the columns from
    AA on; a second for columns A-Z only when there are none beyond Z and the rows alone could break the limit."""
    rows, letters = _scan(zf, part, _WIDE, rows=True)
    if not letters and rows * 26 > MAX_CELLS:
        letters = _scan(zf, part, _NARROW, rows=False)[1]
    elif not letters:
        return rows, 26 if rows else 0
    return rows, max((_column(a) for a in letters), default=1 if rows else 0)


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


def too_large(path: Path) -> tuple[str | None, dict[str, str]]:
    """Why the whole workbook is too large (or None), and why each too-large sheet is: {sheet: reason}."""
    from cltrack.reading.sniff import content_of

    try:
        kind = content_of(path).kind  # by content: a workbook under another name is checked too
        st = path.stat()
    except OSError:
        return None, {}
    if kind not in ("xlsx", "xlsb", "ods"):
        return None, {}
    return _too_large(str(path.resolve()), st.st_mtime_ns, st.st_size, kind == "ods")


@lru_cache(maxsize=8)
def _too_large(path: str, mtime_ns: int, size: int, ods: bool) -> tuple[str | None, dict[str, str]]:
    """`too_large` for one version of a file (sniffing and reading check it once)."""
    try:
        with zipfile.ZipFile(path) as zf:
            whole = unpacked_problem(zf)
            if whole is not None:
                return whole, {}
            if ods:
                ranges = ods_ranges(zf)
            else:
                ranges = {name: used_range(zf, part) for name, part in sheet_parts(zf).items() if part in zf.NameToInfo}
            sheets = {
                name: f"its cells reach row {rows:,} and column {cols:,} ({rows * cols:,} cells); cltrack reads at most {MAX_CELLS:,}"
                for name, (rows, cols) in ranges.items() if rows * cols > MAX_CELLS
            }
            if ods and sheets:  # the ods reader parses every sheet on opening: the whole file is refused
                name, why = next(iter(sheets.items()))
                return f"sheet '{name}': {why}", {}
            return None, sheets
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError, EOFError, RuntimeError):
        return None, {}  # not a readable zip: the reader says what is wrong with it
