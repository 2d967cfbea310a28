"""Open xlsx, xlsm, xls and ods workbooks with python-calamine and hand back raw cell grids.

Calamine returns cached values and gives an empty string both for a formula that was never
computed and for an error value such as `#DIV/0!`. For xlsx/xlsm the sheet XML is scanned (only
when it holds formulas or error cells at all) so that those cells become `CellIssue` markers.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from cltrack.findings import make
from cltrack.models import Finding, Text
from cltrack.reading.bounds import Sparse, check, sheet_parts, too_large
from cltrack.reading.cells import CellIssue
from cltrack.warmup import warm

WORKBOOK_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


@dataclass
class RawSheet:
    """One sheet's cells: row 0 is Excel row 1, column 0 is column A; '' = empty cell."""

    name: str | None
    cells: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (inclusive)
    has_merge_info: bool = False
    row_numbers: list[int] | None = None  # csv: the line each record starts on; None = index + 1
    issue_loader: Callable[[], dict[tuple[int, int], CellIssue]] | None = None  # xlsx: lazy XML scan
    column_numbers: list[int] | None = None  # a sheet read sparsely: the sheet column (0 = A) of each grid column

    def row_number(self, index: int) -> int:
        """The row number the user sees for grid row `index`."""
        if self.row_numbers is not None and index < len(self.row_numbers):
            return self.row_numbers[index]
        return index + 1

    def column_letter(self, index: int) -> str:
        """The column letter the user sees for grid column `index`."""
        if self.column_numbers is not None and index < len(self.column_numbers):
            return column_letter(self.column_numbers[index])
        return column_letter(index)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26."""
    value = 0
    for ch in letters.upper():
        value = value * 26 + ord(ch) - 64
    return value - 1


# The first sheet of the workbook last sniffed by `first_rows`: (path, mtime, size, sheet name) -> sheet.
# One slot, taken by `read_workbook`, so that sniffing and then reading parse the sheet once.
_SNIFFED: dict[tuple[str, int, int, str], Any] = {}


def _file_key(path: Path) -> tuple[str, int, int]:
    """Resolved path, mtime and size: enough to tell that a cached sheet is still the file's."""
    st = path.stat()
    return str(path.resolve()), st.st_mtime_ns, st.st_size


_WARMING: list[Any] = []  # the thread importing numpy and pandas, once per process


def warm_imports() -> None:
    """Start importing numpy and pandas in a second thread, once: reading a sheet needs them, and
    calamine parses with the GIL released, so the import and the parse overlap on a second core."""
    thread = warm("numpy", "pandas")
    if thread is not None:
        _WARMING.append(thread)


def first_rows(path: Path, n: int) -> list[list[object]]:
    """The first `n` rows of a workbook's first sheet; the parsed sheet is kept for `read_workbook`."""
    _SNIFFED.clear()
    warm_imports()  # from here on the import overlaps the bound check's unzipping and the parse
    if too_large(path) != (None, {}):
        return []  # the report reader says why
    with open_book(path) as book:
        ws = book.get_sheet_by_index(0)
    rows: list[list[object]] = ws.to_python(nrows=n)
    _SNIFFED[(*_file_key(path), ws.name)] = ws
    return rows


def forget_sniffed(path: Path | None = None) -> None:
    """Drop the sheet kept by `first_rows` (of `path` only, when given): not a report, or read already."""
    if path is None:
        _SNIFFED.clear()
        return
    try:
        mine = _file_key(path)
    except OSError:
        return
    for key in [k for k in _SNIFFED if k[:3] == mine]:
        del _SNIFFED[key]


def _sheet(book: Any, path: Path, name: str) -> Any:
    """The named sheet: the one `first_rows` kept when it is this file's, else parsed now."""
    if _SNIFFED:
        try:
            kept = _SNIFFED.pop((*_file_key(path), name), None)
        except OSError:
            kept = None
        if kept is not None:
            return kept
    return book.get_sheet_by_name(name)


def read_workbook(
    path: Path, display: str, sheet: str | None = None, include_hidden: bool = False
) -> tuple[list[RawSheet], list[Finding]]:
    """Every visible worksheet of a workbook as raw grids (or only `sheet`), with findings instead of errors.

    Hidden and very hidden sheets are read only with `include_hidden` or when named by `sheet`;
    each one skipped gets a `hidden-sheet` finding (an error when it leaves no sheet to read).
    """
    try:
        return _read_workbook(path, display, sheet, include_hidden)
    finally:
        if _SNIFFED:
            forget_sniffed(path)  # a kept sheet that was not asked for (--sheet) is not kept on


def _content(path: Path) -> str:
    """The workbook format the file holds (xlsx, xlsb, xls, ods), by content."""
    from cltrack.reading.content import content_of

    try:
        return content_of(path).kind
    except OSError:
        return ""


def open_book(path: Path) -> Any:
    """A calamine workbook opened by content: by path when the suffix names the format, else from the bytes."""
    from python_calamine import CalamineWorkbook

    from cltrack.reading.content import content_of

    if content_of(path).named_by(path.suffix):
        return CalamineWorkbook.from_path(str(path))
    with open(path, "rb") as fh:  # calamine tells the format from the content
        return CalamineWorkbook.from_filelike(fh)


def _read_workbook(
    path: Path, display: str, sheet: str | None, include_hidden: bool
) -> tuple[list[RawSheet], list[Finding]]:
    """`read_workbook` itself."""
    verdict = check(path)
    if verdict.whole is not None:
        return [], [make("file-too-large", file=display, detail=verdict.whole)]
    too_big, sparse = verdict.refused or {}, verdict.sparse or {}
    try:
        book = open_book(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding about the file
        return [], [make("file-unreadable", file=display, detail=_failure(exc))]
    findings: list[Finding] = []
    sheets: list[RawSheet] = []
    with book:
        metadata = [m for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
        names = [m.name for m in metadata]
        if sheet is not None:
            if sheet not in names:
                return [], [make("sheet-not-found", file=display, sheet_name=sheet, available=", ".join(names))]
            names = [sheet]
        elif not include_hidden:
            hidden = {m.name: _VISIBILITY.get(str(m.visible).rsplit(".", 1)[-1], "") for m in metadata}
            hidden = {name: state for name, state in hidden.items() if state}
            names = [n for n in names if n not in hidden]
            severity = None if names else "error"
            findings += [make("hidden-sheet", severity, file=display, sheet=n, state=s) for n, s in hidden.items()]
        xlsx = _content(path) == "xlsx"
        far = _sparse_sheets(path, display, {n: sparse[n] for n in names if n in sparse})
        for name in names:
            if name in too_big:
                findings.append(make("file-too-large", file=display, sheet=name, detail=too_big[name]))
                continue
            if name in far:
                read, said = far[name]
                sheets += [read] if read is not None else []
                findings.append(said)
                continue
            try:
                ws = _sheet(book, path, name)
                cells = ws.to_python(skip_empty_area=False)
                merged_raw = ws.merged_cell_ranges
            except Exception as exc:  # noqa: BLE001
                findings.append(make("file-unreadable", file=display, sheet=name, detail=_failure(exc)))
                continue
            loader = partial(sheet_issues, path, name) if xlsx else None
            sheets.append(RawSheet(name, cells, _merged(merged_raw), merged_raw is not None, None, loader))
    return sheets, findings


def _merged(ranges: Any) -> list[tuple[int, int, int, int]]:
    """calamine's merged ranges ((r0, c0), (r1, c1)) as (r0, c0, r1, c1)."""
    return [(a[0], a[1], b[0], b[1]) for a, b in (ranges or [])]


def _sparse_sheets(path: Path, display: str, grids: dict[str, Sparse]) -> dict[str, tuple[RawSheet | None, Finding]]:
    """Far-reaching xlsx sheets read from a squeezed copy (reading/sparse.py), each with the finding that says so
    (or none and why it could not be read); each grid keeps its real row and column numbers."""
    if not grids:
        return {}
    from python_calamine import CalamineWorkbook

    from cltrack.reading.sparse import squeezed

    read: dict[str, tuple[RawSheet | None, Finding]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            parts = sheet_parts(zf)
        with squeezed(path, {name: (parts[name], grid) for name, grid in grids.items()}) as copy, CalamineWorkbook.from_path(str(copy)) as book:
            for name, grid in grids.items():
                ws: Any = book.get_sheet_by_name(name)  # its cells typed as the other sheets' (calamine's stub is narrower)
                merged_raw = ws.merged_cell_ranges
                issues = sheet_issues(copy, name)
                raw = RawSheet(name, ws.to_python(skip_empty_area=False), _merged(merged_raw), merged_raw is not None,
                               list(grid.rows), partial(dict, issues), [c - 1 for c in grid.columns])
                far = f"{column_letter(grid.columns[-1] - 1)}{grid.rows[-1]}"
                said = make("sparse-sheet", file=display, sheet=name, far=far, rows=grid.rows[-1] - len(grid.rows), columns=grid.columns[-1] - len(grid.columns))
                read[name] = (raw, said)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding about the file
        return {name: (None, make("file-unreadable", file=display, sheet=name, detail=_failure(exc))) for name in grids}
    return read


# calamine's SheetVisibleEnum member name -> how the finding names it ('' = visible).
_VISIBILITY: dict[str, str] = {"Visible": "", "Hidden": "hidden", "VeryHidden": "very hidden"}


def _failure(exc: BaseException) -> Text:
    """A reader exception as the reason of a file-unreadable finding, in vi and en (the reader's words behind a label)."""
    from cltrack.syserrors import reader_failure

    return reader_failure(exc, BOOK_FAILED)


BOOK_FAILED = Text("trình đọc bảng tính không mở được tệp", "the spreadsheet reader could not open it")


_CELL_OPEN = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(/?)>')
_FORMULA = re.compile(rb"<f\b")
_ERROR_TYPE = re.compile(rb'<c\b[^>]*?\bt="e"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def has_pictures(path: Path, name: str | None) -> bool:
    """True when an xlsx/xlsm sheet has a drawing (pictures, shapes, charts) related to it."""
    if name is None:
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            part = sheet_parts(zf).get(name)
            if part is None:
                return False
            rels = str(PurePosixPath(part).parent / "_rels" / (PurePosixPath(part).name + ".rels"))
            return rels in zf.NameToInfo and b"relationships/drawing" in zf.read(rels)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return False


def sheet_issues(path: Path, name: str) -> dict[tuple[int, int], CellIssue]:
    """Formula cells without a cached value and error cells of one xlsx/xlsm sheet: (row, col) -> issue."""
    try:
        with zipfile.ZipFile(path) as zf:
            part = sheet_parts(zf).get(name)
            if part is None or part not in zf.namelist():
                return {}
            xml = zf.read(part)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return {}
    if b"<f" not in xml and b't="e"' not in xml:
        return {}
    return _scan_sheet_xml(xml)


def _scan_sheet_xml(xml: bytes) -> dict[tuple[int, int], CellIssue]:
    """Scan one worksheet XML for formula cells with no cached value and for error cells."""
    found: dict[tuple[int, int], CellIssue] = {}
    starts = sorted({m.start() for m in _FORMULA.finditer(xml)} | {m.start() for m in _ERROR_TYPE.finditer(xml)})
    seen: set[int] = set()
    for pos in starts:
        open_at = xml.rfind(b"<c ", 0, pos + 3)
        if open_at < 0 or open_at in seen:
            continue
        seen.add(open_at)
        m = _CELL_OPEN.match(xml, open_at)
        if not m:
            continue
        ref = (int(m.group(2)) - 1, column_index(m.group(1).decode()))
        if m.group(3) == b"/":
            continue
        end = xml.find(b"</c>", m.end())
        body = xml[m.end() : end if end >= 0 else len(xml)]
        value = _VALUE.search(body)
        is_error = b't="e"' in m.group(0)
        if is_error:
            found[ref] = CellIssue("error-value", value.group(1).decode() if value else "#ERROR")
        elif b"<f" in body and (value is None or value.group(1) == b""):
            found[ref] = CellIssue("formula-no-value", "")
    return found
