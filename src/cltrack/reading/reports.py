"""`read_reports`: report files (xlsx, xlsm, xls, ods, csv; files or folders) to one ReportData.

Every sheet row read is accounted for: it is either used (a row of `ReportData.rows`) or left out
with a reason (a finding code): blank-row, title-row, header-row, numbering-row, total-row,
note-row, group-row, no-figures, no-report-table, no-unit-column, unit-missing, unknown-unit, ambiguous-unit,
unknown-unit-code, unit-outside-plan, year-missing. A bad cell does not drop its row: the cell
becomes NaN and an error finding names it. A row naming a unit with every figure blank (the other
communes' rows of a returned entry form) is not a report: it is left out as `no-figures`. A sheet of
text only (instructions) beside a sheet with the table gets one `no-report-table` info finding and
adds nothing to the row balance. Nothing here raises for bad input.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from cltrack.elements import ELEMENTS
from cltrack.findings import make
from cltrack.models import Finding, Plan, ReadProgress
from cltrack.reading.folders import REPORT_SUFFIXES, expand_folders
from cltrack.reading.layout import HEADER_SCAN_ROWS, cell_text, find_layout, header_index
from cltrack.reading.model import (
    ROW_COLUMNS,
    LeftOut,
    ReportData,
    SourceFile,
    count_rows,
    extend_runs,
    left_out_runs,
)
from cltrack.reading.rowkinds import is_note_text, is_total_label  # noqa: F401 (reexported for tests)
from cltrack.reading.sheet import read_sheet
from cltrack.reading.sheetstate import ReadContext, SheetResult
from cltrack.reading.workbook import RawSheet

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.reading.csvfile import CsvFile

__all__ = ["LeftOut", "ReportData", "SourceFile", "read_reports", "REPORT_SUFFIXES"]


@dataclass
class _Acc:
    """What reading collects across files."""

    frames: list[pd.DataFrame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    columns: dict[tuple[str, str | None], dict[str, tuple[str, str]]] = field(default_factory=dict)


def read_reports(
    paths: Sequence[str | Path], *, plan: Plan | None = None, year: int | None = None, sheet: str | None = None,
    include_hidden: bool = False, progress: ReadProgress | None = None,
) -> ReportData:
    """Read report files and folders into one ReportData (rows, findings, left-out rows, sources).

    Hidden and very hidden sheets are skipped (a `hidden-sheet` finding each) unless `include_hidden`.
    With `progress`, `progress(done, total, name)` is called before each file and once at the end.
    """
    acc = _Acc()
    ctx = ReadContext(plan, year, header_index(plan), include_hidden=include_hidden)
    files = expand_folders(paths, acc.findings)
    with collector_paused():
        for done, (shown, path) in enumerate(files):
            if progress is not None:
                progress(done, len(files), shown)
            _read_file(path, shown, sheet, ctx, acc)
        if progress is not None:
            progress(len(files), len(files), "")
        return ReportData(combine_rows(acc.frames), acc.findings, acc.left_out, acc.sources, acc.columns)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while reports are read (as it was, after). A read makes
    hundreds of thousands of objects that live until its frame is built (cell lists, findings, units),
    all freed by their reference counts, and every collection would walk them again: 10% of a read."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_file(path: Path, shown: str, sheet: str | None, ctx: ReadContext, acc: _Acc) -> None:
    """Read one file's sheets into the accumulator, with its SourceFile and row balance."""
    from cltrack.digest import sha256_of
    from cltrack.reading.content import content_of
    from cltrack.reading.workbook import read_workbook

    try:
        digest = sha256_of(path)
    except OSError as exc:
        from cltrack.syserrors import os_error

        acc.findings.append(make("file-unreadable", file=shown, detail=os_error(exc)))
        return
    if content_of(path).kind == "csv":
        sheets, results, found = _csv_sheets(path, shown, ctx)
    else:
        sheets, found = read_workbook(path, shown, sheet, ctx.include_hidden)
        results = [read_sheet(raw, shown, path, ctx) for raw in sheets]
    acc.findings.extend(found)
    read = used = 0
    left: list[LeftOut] = []
    sheet_findings: list[Finding] = []
    tables = sum(r.has_table for r in results)
    for raw, result in zip(sheets, results, strict=True):
        if tables and result.notes:  # an instruction sheet beside the report table: not rows of the report
            sheet_findings.extend(result.findings)
            continue
        read += result.rows_read
        used += 0 if result.frame is None else len(result.frame)
        left.extend(result.left_out)
        sheet_findings.extend(result.findings)
        if result.columns:
            acc.columns[(shown, raw.name)] = result.columns
        if result.frame is not None and len(result.frame):
            acc.frames.append(result.frame)
    nothing = all(lo.reason == "blank-row" for lo in left) and not any(f.code == "no-report-table" for f in sheet_findings)
    if sheets and tables == 0 and nothing:  # no sheet holds anything but blank rows
        sheet_findings.append(make("empty-workbook", file=shown))
    elif sheets and tables == 0:
        sheet_findings = [
            make("no-report-table", "error", file=f.file, sheet=f.sheet) if f.code == "no-report-table" else f
            for f in sheet_findings
        ]
    elif not any(r.figure_rows for r in results):  # a header and not one row of figures in the whole file
        sheet_findings = [replace(f, severity="error") if f.code == "no-data-rows" else f for f in sheet_findings]
    acc.findings.extend(sheet_findings)
    acc.left_out.extend(left)
    names = [s.name for s in sheets if s.name is not None]
    acc.sources.append(SourceFile(shown, digest, names, read, used, count_rows(left)))
    if sheets:
        acc.findings.append(make("row-balance", file=shown, read=read, used=used, left_out=count_rows(left)))


def _csv_sheets(path: Path, shown: str, ctx: ReadContext) -> tuple[list[RawSheet], list[SheetResult], list[Finding]]:
    """A CSV's one sheet read: whole when its first rows hold a report table, else only counted (nothing kept)."""
    from cltrack.reading.csvfile import open_csv

    opened, found = open_csv(path, shown)
    if opened is None:
        return [], [], found
    try:
        head = opened.read(HEADER_SCAN_ROWS + 2)
        if find_layout(head, ctx.index) is None:
            result = _counted(opened, head, shown)
            sheets = [head]
        else:
            sheets = [opened.read()]
            result = read_sheet(sheets[0], shown, path, ctx)
    finally:
        opened.close()
    if opened.error is not None:
        return [], [], [opened.error]
    return sheets, [result], [opened.info()]


def _counted(opened: CsvFile, head: RawSheet, shown: str) -> SheetResult:
    """A CSV with no report table in its first rows: every row counted and left out as runs, none kept."""
    import numpy as np

    runs: list[LeftOut] = []
    n = 0
    blocks = [(np.asarray(head.row_numbers, dtype=np.int64), np.array([any(cell_text(v) for v in r) for r in head.cells], dtype=bool))]
    for lines, text in chain(blocks, opened.count_rest()):
        n += len(lines)
        extend_runs(runs, left_out_runs(shown, None, lines, np.where(text, "no-report-table", "blank-row")))
    findings = [make("no-report-table", "info", file=shown, sheet=None)] if any(lo.reason != "blank-row" for lo in runs) else []
    return SheetResult(n, None, runs, findings, False, notes=True)


def combine_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """All sheets' rows in ReportData's column order: ids, then elements in the standard's order."""
    import pandas as pd

    if not frames:
        empty = {c: pd.Series(dtype="int64" if c in ("_row", "year") else object) for c in ROW_COLUMNS}
        return pd.DataFrame(empty)
    rows = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    extra = [c for c in rows.columns if c not in ROW_COLUMNS]
    order = [c for c in ELEMENTS if c in extra] + [c for c in extra if c not in ELEMENTS]
    for c in order:
        rows[c] = rows[c].astype("float64")
    return rows[list(ROW_COLUMNS) + order]

