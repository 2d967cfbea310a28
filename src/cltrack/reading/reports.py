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

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.elements import ELEMENTS
from cltrack.findings import make, runs
from cltrack.models import Finding, Plan
from cltrack.reading.cells import convert_column, display
from cltrack.reading.folders import REPORT_SUFFIXES, _admit, _expand, _unique  # noqa: F401 (reexported: inputs, validation)
from cltrack.reading.layout import (
    HEADER_SCAN_ROWS,
    STT,
    UNIT_COLUMNS,
    HeaderIndex,
    Layout,
    cell_text,
    find_layout,
    header_index,
    normalise,
    year_from_name,
)
from cltrack.reading.model import (
    ROW_COLUMNS,
    LeftOut,
    ReportData,
    SourceFile,
    count_rows,
    extend_runs,
    left_out_runs,
)
from cltrack.reading.rowkinds import (  # noqa: F401 (reexported for tests)
    TOTAL_EXACT,
    TOTAL_PREFIXES,
    _carry_down,
    _ffill,
    _grid,
    _mark_notes,
    _mark_repeated_headers,
    _next_data_has_commune,
    _texts,
    is_note_text,
    is_total_label,
)
from cltrack.reading.tables import (
    closest_headers,
    map_distinct,
    own_figures,
    split_tables,
    spread_merged_units,
    subtotal_rows,
)
from cltrack.reading.units import NEW, OLD, REFORM_YEAR, Resolution, UnitResolver, expected_list
from cltrack.reading.workbook import RawSheet, column_letter

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.reading.csvfile import CsvFile

__all__ = ["LeftOut", "ReportData", "SourceFile", "read_reports", "REPORT_SUFFIXES"]

IDS = (STT, "province", "district", "commune", "unit_code", "year")


@dataclass
class _Acc:
    """What reading collects across files."""

    frames: list[pd.DataFrame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    columns: dict[tuple[str, str | None], dict[str, tuple[str, str]]] = field(default_factory=dict)


@dataclass
class _Context:
    """Fixed inputs of one read: plan, fallback year, header names, the unit resolver (lazy)."""

    plan: Plan | None
    year: int | None
    index: HeaderIndex
    resolver: UnitResolver | None = None
    include_hidden: bool = False

    def units(self) -> UnitResolver:
        """The resolver, loading the gazetteers on first use."""
        if self.resolver is None:
            self.resolver = UnitResolver(self.plan.area if self.plan is not None else None)
        return self.resolver


def read_reports(
    paths: Sequence[str | Path], *, plan: Plan | None = None, year: int | None = None, sheet: str | None = None,
    include_hidden: bool = False,
) -> ReportData:
    """Read report files and folders into one ReportData (rows, findings, left-out rows, sources).

    Hidden and very hidden sheets are skipped (a `hidden-sheet` finding each) unless `include_hidden`.
    """
    acc = _Acc()
    ctx = _Context(plan, year, header_index(plan), include_hidden=include_hidden)
    for shown, path in _expand(paths, acc.findings):
        _read_file(path, shown, sheet, ctx, acc)
    return ReportData(_combine(acc.frames), acc.findings, acc.left_out, acc.sources, acc.columns)


def _read_file(path: Path, shown: str, sheet: str | None, ctx: _Context, acc: _Acc) -> None:
    """Read one file's sheets into the accumulator, with its SourceFile and row balance."""
    from cltrack.digest import sha256_of
    from cltrack.reading.sniff import content_of
    from cltrack.reading.workbook import read_workbook

    try:
        digest = sha256_of(path)
    except OSError as exc:
        acc.findings.append(make("file-unreadable", file=shown, detail=str(exc)))
        return
    if content_of(path).kind == "csv":
        sheets, results, found = _csv_sheets(path, shown, ctx)
    else:
        sheets, found = read_workbook(path, shown, sheet, ctx.include_hidden)
        results = [_read_sheet(raw, shown, path, ctx) for raw in sheets]
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


def _csv_sheets(path: Path, shown: str, ctx: _Context) -> tuple[list[RawSheet], list[_SheetResult], list[Finding]]:
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
            result = _read_sheet(sheets[0], shown, path, ctx)
    finally:
        opened.close()
    if opened.error is not None:
        return [], [], [opened.error]
    return sheets, [result], [opened.info()]


def _counted(opened: CsvFile, head: RawSheet, shown: str) -> _SheetResult:
    """A CSV with no report table in its first rows: every row counted and left out as runs, none kept."""
    import numpy as np

    runs: list[LeftOut] = []
    n = 0
    blocks = [(np.asarray(head.row_numbers, dtype=np.int64), np.array([any(cell_text(v) for v in r) for r in head.cells], dtype=bool))]
    for lines, text in chain(blocks, opened.count_rest()):
        n += len(lines)
        extend_runs(runs, left_out_runs(shown, None, lines, np.where(text, "no-report-table", "blank-row")))
    findings = [make("no-report-table", "info", file=shown, sheet=None)] if any(lo.reason != "blank-row" for lo in runs) else []
    return _SheetResult(n, None, runs, findings, False, notes=True)


@dataclass
class _SheetResult:
    rows_read: int
    frame: pd.DataFrame | None
    left_out: list[LeftOut]
    findings: list[Finding]
    has_table: bool
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (letter, header)
    notes: bool = False  # a sheet of text only (instructions): not counted when another sheet has the table
    figure_rows: int = 0  # rows under a table header that hold figures


class _Sheet:
    """Reading state of one sheet: where findings point, and the left-out rows."""

    def __init__(self, raw: RawSheet, shown: str) -> None:
        self.raw = raw
        self.file = shown
        self.findings: list[Finding] = []
        self._left: list[tuple[Any, Any]] = []  # (grid row indices, their reason or reasons)
        self.figure_rows = 0  # rows under a table header that hold figures

    def row_no(self, index: int) -> int:
        """Excel row (or csv line) of grid row `index`."""
        return self.raw.row_number(index)

    def leave(self, index: int, reason: str) -> None:
        """Leave grid row `index` out for `reason`."""
        self._left.append(([index], reason))

    def leave_many(self, indices: Any, reasons: Any) -> None:
        """Leave grid rows `indices` out, for one reason or a reason per row."""
        self._left.append((indices, reasons))

    def rows_of(self, indices: Any) -> np.ndarray:
        """Excel rows (or csv lines) of grid rows `indices`."""
        import numpy as np

        idx = np.asarray(indices, dtype=np.int64)
        if self.raw.row_numbers is None:
            return idx + 1
        return np.asarray(self.raw.row_numbers, dtype=np.int64)[idx]

    @property
    def left_out(self) -> list[LeftOut]:
        """The rows left out so far, as runs (one per reason and contiguous row range)."""
        import numpy as np

        if not self._left:
            return []
        idx = np.concatenate([np.asarray(i, dtype=np.int64) for i, _ in self._left])
        why = np.concatenate([np.asarray(r, dtype=object) if np.ndim(r) else np.full(len(i), r, dtype=object) for i, r in self._left])
        return left_out_runs(self.file, self.raw.name, self.rows_of(idx), why)

    def add_runs(self, code: str, indices: Any) -> None:
        """One finding per contiguous run of grid rows `indices` (rows `row` to `last_row`)."""
        for lo in left_out_runs(self.file, self.raw.name, self.rows_of(indices), code):
            self.findings.append(make(code, file=self.file, sheet=self.raw.name, row=lo.row,
                                      last_row=lo.last_row if lo.last_row > lo.row else None))

    def add(self, code: str, index: int | None = None, col: int | None = None, **args: Any) -> None:
        """A finding at grid row `index` and column `col` (both optional)."""
        where: dict[str, Any] = {"file": self.file, "sheet": self.raw.name}
        if index is not None:
            where["row"] = self.row_no(index)
        if col is not None:
            where["column_letter"] = column_letter(col)
        self.findings.append(make(code, **where, **args))


def _read_sheet(raw: RawSheet, shown: str, path: Path, ctx: _Context) -> _SheetResult:
    """Read one sheet: layout, row kinds, years, units, values, totals."""
    st = _Sheet(raw, shown)
    cells = raw.cells
    n = len(cells)
    if n == 0 or not any(cell_text(v) for row in cells for v in row):
        return _nothing_usable(st, path)
    layout = find_layout(raw, ctx.index)
    if layout is None:
        # A sheet of text only (instructions, notes) is info; one holding numbers may be a table
        # whose headers were not recognised, which is worth a warning (an error if no sheet has one).
        has_numbers = any(isinstance(v, int | float) and not isinstance(v, bool) for row in cells for v in row)
        st.add("no-report-table", severity=None if has_numbers else "info")
        st.leave_many(range(n), ["no-report-table" if any(cell_text(v) for v in row) else "blank-row" for row in cells])
        return _SheetResult(n, None, st.left_out, st.findings, False, notes=not has_numbers)
    below = _grid(cells, layout.data_start)  # every table's rows, built once
    tables = split_tables(raw, layout, ctx.index, is_note_text, below)
    for f in (f for t in tables for f in t.findings):
        st.findings.append(_with_file(f, shown))
    for i in range(layout.header_rows[0]):
        if i in layout.title_rows:
            text = " ".join(t for t in (cell_text(v) for v in cells[i]) if t)
            st.add("title-row", i, text=text[:120])
            st.leave(i, "title-row")
        else:
            st.leave(i, "blank-row")
    frames = []
    for table in tables:
        for i in table.header_rows:
            st.leave(i, "header-row")
        if table.numbering_row is not None:
            st.add("numbering-row", table.numbering_row)
            st.leave(table.numbering_row, "numbering-row")
        end = None if table.data_end is None else table.data_end - layout.data_start
        frames.append(_read_table(st, table, path, ctx, below[table.data_start - layout.data_start : end]))
    frame = _concat([f for f in frames if f is not None])
    st.findings.sort(key=lambda f: (f.row or 0, len(f.column_letter or ""), f.column_letter or ""))
    st.findings = runs(st.findings)
    return _SheetResult(n, frame, st.left_out, st.findings, True, _sheet_columns(tables), figure_rows=st.figure_rows)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The frames of a sheet's tables as one (None when there is none)."""
    import pandas as pd

    return None if not frames else frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _sheet_columns(tables: list[Layout]) -> dict[str, tuple[str, str]]:
    """Element code -> (column letter, header) where every table of the sheet puts it in the same column
    (a code whose column differs between tables has none: a finding then names the row alone)."""
    first = tables[0]
    agreed = {code: c for code, c in first.columns.items() if all(t.columns.get(code) == c for t in tables[1:])}
    return {code: (column_letter(c), first.headers.get(c, "")) for code, c in agreed.items()}


def _nothing_usable(st: _Sheet, path: Path) -> _SheetResult:
    """A sheet without text or numbers: blank, or holding only error values, formulas without values or pictures.

    Error values and formulas never computed read as empty cells; they are named (as runs down each
    column) and the sheet has no report table, so that it is never a clean pass of "7 blank rows".
    """
    import numpy as np

    from cltrack.reading.workbook import has_pictures

    raw = st.raw
    n = len(raw.cells)
    issues = raw.issue_loader() if raw.issue_loader is not None else {}
    for (r, c), issue in sorted(issues.items(), key=lambda item: (item[0][1], item[0][0])):
        st.add(issue.code, r, c, **({"value": issue.text} if issue.code == "error-value" else {}))
    st.findings = sorted(runs(st.findings), key=lambda f: (f.row or 0, f.column_letter or ""))
    marked = sorted({r for r, _ in issues})
    if issues or has_pictures(path, raw.name):
        st.add("no-report-table")
    height = max(n, marked[-1] + 1 if marked else 0)
    reasons = np.full(height, "blank-row", dtype=object)
    reasons[marked] = "no-report-table"
    st.leave_many(np.arange(height), reasons)
    return _SheetResult(height, None, st.left_out, st.findings, False)


def _with_file(f: Finding, shown: str) -> Finding:
    """The finding with its file filled in."""
    from dataclasses import replace

    return replace(f, file=shown)


def _read_table(st: _Sheet, layout: Layout, path: Path, ctx: _Context, grid: np.ndarray) -> pd.DataFrame | None:
    """Classify the data-area rows, resolve units and years, convert values, check totals."""
    import numpy as np

    start = layout.data_start
    n = grid.shape[0]
    if n == 0:
        st.add("no-data-rows", layout.header_rows[-1])
        return None
    cols = layout.columns
    width = grid.shape[1]
    elem_codes = [c for c in cols if c not in IDS]
    elem_idx = [cols[c] for c in elem_codes if cols[c] < width]
    elem_codes = [c for c in elem_codes if cols[c] < width]
    spread_merged_units(st.raw, grid, start, cols, elem_idx)
    text = {c: (_texts(grid[:, cols[c]]) if c in cols and cols[c] < width else np.full(n, "", dtype=object)) for c in IDS}

    empty = grid == ""
    blank = empty.all(axis=1) if width else np.ones(n, dtype=bool)
    has_values = ~empty[:, elem_idx].all(axis=1) if elem_idx else np.zeros(n, dtype=bool)
    label_cols = [c for c in (STT, "province", "district", "commune") if c in cols]
    first_col = _texts(grid[:, 0]) if width else np.full(n, "", dtype=object)
    total = np.zeros(n, dtype=bool)
    for arr in [first_col, *(text[c] for c in label_cols)]:
        total |= map_distinct(arr, is_total_label, bool)
    has_unit = np.zeros(n, dtype=bool)
    for c in UNIT_COLUMNS:
        has_unit |= text[c] != ""

    kind = np.full(n, "data", dtype=object)
    kind[blank] = "blank-row"
    kind[total & ~blank] = "total-row"
    header_norm = {c: normalise(layout.headers.get(cols[c], "")) for c in UNIT_COLUMNS if c in cols}
    _mark_repeated_headers(kind, text, header_norm)
    noted = np.zeros(n, dtype=bool)
    for arr in [first_col, *(text[c] for c in label_cols)]:
        noted |= map_distinct(arr, is_note_text, bool)
    _mark_notes(kind, grid, has_values, has_unit, noted)
    unit_missing = (kind == "data") & ~has_unit & has_values
    header_row = layout.header_rows[-1]
    st.figure_rows += int(((kind == "data") & has_values).sum())
    if not elem_idx:  # no column names a data element: nothing here can be read right
        closest = closest_headers(layout, ctx.index)
        st.add("no-element-columns", header_row, closest=f" ({'; '.join(closest)})" if closest else "")
        kind[(kind == "data") & ~blank] = "no-element-columns"
    elif not has_values[kind == "data"].any():
        st.add("no-data-rows", header_row)

    if not any(c in cols for c in UNIT_COLUMNS):
        st.add("no-unit-column", layout.header_rows[-1])
        for i in np.flatnonzero(kind == "data"):
            kind[i] = "no-unit-column"

    prov, dist, comm = _carry_down(kind, text)
    group = (kind == "data") & ~has_values & (comm == "") & (dist != "") & ("commune" in cols)
    group &= _next_data_has_commune(kind, comm, group)
    kind[group] = "group-row"
    if elem_idx:  # a unit's row with every figure blank reports nothing (a returned form's other units)
        kind[(kind == "data") & has_unit & ~has_values] = "no-figures"
    filled = ~empty[:, elem_idx]
    subtotals = subtotal_rows(kind, filled, prov, dist, comm)
    sums_only = [i for i, members in subtotals.items() if not own_figures(i, members, filled)]
    kind[sums_only] = "subtotal"  # rows that also hold their own figures stay data (evaluate prefers finer rows)

    _load_cell_issues(st.raw, grid, start, elem_idx, kind, empty)
    values, problems = _convert(grid, elem_codes, elem_idx, kind, ctx)
    # Unlabelled rows with figures: a total if they add up, else an error.
    for i in np.flatnonzero(unit_missing & (kind == "data")):
        kind[i] = "total-row" if _is_unlabelled_total(i, kind, values) else "unit-missing"

    _report_cells(st, layout, start, elem_codes, elem_idx, kind, problems)
    _check_totals(st, layout, start, elem_codes, elem_idx, kind, values, first_col, text, problems)
    _check_subtotals(st, layout, start, elem_codes, elem_idx, subtotals, kind, values, dist, prov, problems)
    kind[sums_only] = "total-row"

    years = _years(st, layout, path, ctx, text["year"], kind, start)
    data_rows = np.flatnonzero(kind == "data")
    resolved = _resolve_units(st, layout, ctx, start, data_rows, prov, dist, comm, text["unit_code"], years, kind)

    out = np.flatnonzero(kind != "data")
    st.leave_many(start + out, kind[out])
    for i in np.flatnonzero(kind == "group-row").tolist():
        st.add("group-row", start + i, label=dist[i] or prov[i])
    for i in np.flatnonzero(kind == "note-row").tolist():
        st.add("note-row", start + i, text=" ".join(t for t in (cell_text(v) for v in grid[i]) if t)[:120])
    st.add_runs("unit-missing", start + np.flatnonzero(kind == "unit-missing"))
    used = np.flatnonzero(kind == "data")
    if len(used) == 0:
        return None
    return _frame(st, start, used, years, resolved, elem_codes, values)


def _load_cell_issues(
    raw: RawSheet, grid: np.ndarray, start: int, idx: list[int], kind: np.ndarray, empty: np.ndarray
) -> None:
    """Where value cells look empty, ask the workbook for formulas without values and error cells."""

    if raw.issue_loader is None or not idx:
        return
    keep = (kind == "data") | (kind == "total-row")
    if not (empty[:, idx].any(axis=1) & keep).any():
        return
    for (r, c), issue in raw.issue_loader().items():
        i = r - start
        if 0 <= i < grid.shape[0] and c < grid.shape[1] and grid[i, c] == "":
            grid[i, c] = issue
            line = raw.cells[r]
            line.extend([""] * (c + 1 - len(line)))
            line[c] = issue


def _convert(
    grid: np.ndarray, codes: list[str], idx: list[int], kind: np.ndarray, ctx: _Context
) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, list[str]]]]:
    """Element values (rows x elements, NaN when blank or bad) and the problem cells per element."""
    import numpy as np

    n = grid.shape[0]
    values = np.full((n, len(codes)), np.nan)
    keep = (kind == "data") | (kind == "total-row") | (kind == "subtotal")
    problems: dict[str, tuple[np.ndarray, list[str]]] = {}
    for j, (code, c) in enumerate(zip(codes, idx, strict=True)):
        integer = ctx.index.integer.get(code, False)
        vals, bad, bad_codes = convert_column(grid[:, c], integer=integer)
        values[:, j] = vals
        if len(bad):
            ok = keep[bad]
            problems[code] = (bad[ok], [b for b, k in zip(bad_codes, ok.tolist(), strict=True) if k])
    values[~keep] = np.nan
    return values, problems


def _is_unlabelled_total(i: int, kind: np.ndarray, values: np.ndarray) -> bool:
    """An unlabelled row of figures that equals the sum of the data rows above it."""
    import numpy as np

    above = np.flatnonzero(kind[:i] == "data")
    if len(above) < 2 or np.isnan(values[i]).all():
        return False
    sums = np.nansum(values[above], axis=0)
    ok = np.isnan(values[i]) | (np.abs(values[i] - sums) < 1e-6)
    return bool(ok.all())


def _report_cells(
    st: _Sheet, layout: Layout, start: int, codes: list[str], idx: list[int], kind: np.ndarray,
    problems: dict[str, tuple[np.ndarray, list[str]]],
) -> None:
    """A finding per bad cell (in used rows and total rows), naming row, column and header."""
    grid_cells = st.raw.cells
    for j, code in enumerate(codes):
        if code not in problems:
            continue
        rows, bad_codes = problems[code]
        c = idx[j]
        header = layout.headers.get(c)
        for r, bad in zip(rows.tolist(), bad_codes, strict=True):
            if kind[r] not in ("data", "total-row", "subtotal"):
                continue
            raw = grid_cells[start + r][c] if c < len(grid_cells[start + r]) else ""
            st.add(bad, start + r, c, column=code, header=header, value=display(raw))


def _check_totals(
    st: _Sheet, layout: Layout, start: int, codes: list[str], idx: list[int], kind: np.ndarray,
    values: np.ndarray, first_col: np.ndarray, text: dict[str, np.ndarray],
    problems: dict[str, tuple[np.ndarray, list[str]]],
) -> None:
    """Compare each total row with the sum of the rows it totals (above it, else below it)."""
    import numpy as np

    totals = np.flatnonzero(kind == "total-row")
    data = kind == "data"
    bad_rows = {code: set(rows.tolist()) for code, (rows, _) in problems.items()}
    for t_pos, t in enumerate(totals):
        prev_t = totals[t_pos - 1] if t_pos else -1
        next_t = totals[t_pos + 1] if t_pos + 1 < len(totals) else len(kind)
        block = np.flatnonzero(data[prev_t + 1 : t]) + prev_t + 1
        if len(block) == 0:
            block = np.flatnonzero(data[t + 1 : next_t]) + t + 1
        candidates = [block]
        all_above = np.flatnonzero(data[:t])
        if len(all_above) and len(all_above) != len(block):
            candidates.append(all_above)
        label = next((x for x in (first_col[t], *(text[c][t] for c in (STT, "province", "district", "commune"))) if x and is_total_label(x)), "")
        st.add("total-row", start + t, label=label or "Σ")
        if len(block) == 0:
            continue
        for j, code in enumerate(codes):
            printed = values[t, j]
            if np.isnan(printed) or t in bad_rows.get(code, ()):
                continue
            if any(r in bad_rows.get(code, ()) for cand in candidates for r in cand.tolist()):
                continue
            sums = [float(np.nansum(values[cand, j])) for cand in candidates]
            if any(abs(s - printed) < 1e-6 for s in sums):
                continue
            computed = min(sums, key=lambda s: abs(s - printed))
            st.add(
                "total-row-mismatch", start + t, idx[j], column=code, header=layout.headers.get(idx[j]),
                element=code, printed=_num(printed), computed=_num(computed),
            )


def _check_subtotals(
    st: _Sheet, layout: Layout, start: int, codes: list[str], idx: list[int], subtotals: dict[int, np.ndarray],
    kind: np.ndarray, values: np.ndarray, dist: np.ndarray, prov: np.ndarray,
    problems: dict[str, tuple[np.ndarray, list[str]]],
) -> None:
    """Each district (province) row beside its communes (districts): compared, in the columns they both
    fill, with their sum like a total row; left out when it holds nothing of its own."""
    import numpy as np

    bad_rows = {code: set(rows.tolist()) for code, (rows, _) in problems.items()}
    for t, members in subtotals.items():
        if kind[t] == "subtotal":
            st.add("total-row", start + t, label=dist[t] or prov[t])
        for j, code in enumerate(codes):
            printed = values[t, j]
            bad = bad_rows.get(code, set())
            if np.isnan(printed) or t in bad or bad & set(members.tolist()) or np.isnan(values[members, j]).all():
                continue
            computed = float(np.nansum(values[members, j]))
            if abs(computed - printed) >= 1e-6:
                st.add(
                    "total-row-mismatch", start + t, idx[j], column=code, header=layout.headers.get(idx[j]),
                    element=code, printed=_num(printed), computed=_num(computed),
                )


def _num(value: float) -> str:
    """A number as a clerk writes it."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _years(
    st: _Sheet, layout: Layout, path: Path, ctx: _Context, col: np.ndarray, kind: np.ndarray, start: int
) -> np.ndarray:
    """Reporting year per row: the year column, else sheet name, file name, title, --year."""
    import numpy as np

    sources: list[tuple[int, str]] = []
    if st.raw.name is not None:
        y = year_from_name(st.raw.name)
        if y is not None:
            sources.append((y, "sheet"))
    y = year_from_name(path.stem)
    if y is not None:
        sources.append((y, "file"))
    if layout.title_year is not None:
        sources.append((layout.title_year, "title"))
    for y2, src2 in sources[1:]:
        if y2 != sources[0][0]:
            st.add("year-conflict", first=sources[0][0], first_source=sources[0][1], second=y2, second_source=src2)
            break
    fallback = sources[0][0] if sources else ctx.year
    fallback_src = sources[0][1] if sources else "--year"
    n = len(kind)
    years = np.full(n, -1, dtype=np.int64)
    if fallback is not None:
        years[:] = fallback
    if "year" in layout.columns:
        c = layout.columns["year"]
        parsed: dict[str, int | None] = {}
        conflicts: set[int] = set()
        for i in np.flatnonzero(kind == "data"):
            t = col[i]
            if not t:
                continue
            if t not in parsed:
                parsed[t] = _parse_year(t)
            y = parsed[t]
            if y is None:
                st.add("not-a-number", start + i, c, column="year", header=layout.headers.get(c), value=t)
                continue
            years[i] = y
            if fallback is not None and y != fallback and y not in conflicts and sources:
                conflicts.add(y)
                st.add(
                    "year-conflict", start + i, c, column="year", header=layout.headers.get(c),
                    first=y, first_source="column", second=fallback, second_source=fallback_src,
                )
    missing = (kind == "data") & (years < 0)
    if missing.any():
        st.add("year-missing", start + int(np.flatnonzero(missing)[0]))
        kind[missing] = "year-missing"
    return years


def _parse_year(text: str) -> int | None:
    """A year cell ('2024', '2024.0') as an int between 1950 and 2099."""
    t = text.strip()
    if t.endswith(".0"):
        t = t[:-2]
    if t.isdigit() and 1950 <= int(t) <= 2099:
        return int(t)
    return None


def _resolve_units(
    st: _Sheet, layout: Layout, ctx: _Context, start: int, rows: np.ndarray, prov: np.ndarray,
    dist: np.ndarray, comm: np.ndarray, code: np.ndarray, years: np.ndarray, kind: np.ndarray,
) -> dict[int, Resolution]:
    """Resolve each distinct unit key once; leave out unknown units and units outside the plan."""
    if len(rows) == 0:
        return {}
    resolver = ctx.units()
    cols = layout.columns
    out: dict[int, Resolution] = {}
    by_key: dict[tuple[str, str, str, str, str], Resolution] = {}
    expected = {y: expected_list(y) for y in set(years[rows].tolist())}
    for i, p, d, c, k, y in zip(
        rows.tolist(), prov[rows].tolist(), dist[rows].tolist(), comm[rows].tolist(), code[rows].tolist(),
        years[rows].tolist(), strict=True,
    ):
        key = (p, d, c, k, expected[y])
        res = by_key.get(key)
        if res is None:
            res = resolver.resolve((p, d, c, k), y)
            by_key[key] = res
        out[i] = res
    area = ctx.plan.area if ctx.plan is not None else None
    lists: dict[str, list[int]] = {OLD: [], NEW: []}
    reported_old: set[str] = set()
    reported_outside: set[str] = set()
    for i, res in out.items():
        for w in res.warnings:
            c = cols.get(w.column)
            st.add(w.code, start + i, c, column=w.column, header=layout.headers.get(c) if c is not None else None, **w.args)
        if res.match is None:
            p = res.problem
            if p is None:
                kind[i] = "unit-missing"
                continue
            c = cols.get(p.column)
            args = dict(p.args)
            if p.code == "unknown-unit":
                sugg = args.pop("suggestions", []) or []
                args = {"name": args["name"], "suggestions": f" (≈ {', '.join(sugg)})" if sugg else ""}
            st.add(p.code, start + i, c, column=p.column, header=layout.headers.get(c) if c is not None else None, **args)
            kind[i] = p.code
            continue
        m = res.match
        if not resolver.in_area(m, area):
            kind[i] = "unit-outside-plan"
            if m.unit_code not in reported_outside:
                reported_outside.add(str(m.unit_code))
                st.add("unit-outside-plan", start + i, name=m.unit)
            continue
        lists[m.list_id].append(i)
        y = int(years[i])
        if m.list_id == OLD and y > REFORM_YEAR and m.unit_code not in reported_old:
            reported_old.add(str(m.unit_code))
            st.add("old-unit-name", start + i, _unit_col(cols, m.level), name=m.unit, year=y, became=resolver.became(m))
        elif m.list_id == NEW and y < REFORM_YEAR and m.unit_code not in reported_old:
            reported_old.add(str(m.unit_code))
            st.add("new-unit-before-reform", start + i, _unit_col(cols, m.level), name=m.unit, year=y)
    if lists[OLD] and lists[NEW]:
        minority = min(lists.values(), key=len)
        st.add("mixed-gazetteer", start + minority[0], old=len(lists[OLD]), new=len(lists[NEW]))
    return out


def _unit_col(cols: dict[str, int], level: str) -> int | None:
    """The column of the most detailed unit name."""
    return cols.get(level, cols.get("unit_code"))


def _frame(
    st: _Sheet, start: int, used: np.ndarray, years: np.ndarray, resolved: dict[int, Resolution],
    codes: list[str], values: np.ndarray,
) -> pd.DataFrame:
    """The used rows as a DataFrame with ReportData's columns."""
    import numpy as np
    import pandas as pd

    distinct: dict[int, int] = {}
    found: list[Any] = []
    pick = np.empty(len(used), dtype=np.intp)
    for k, i in enumerate(used.tolist()):
        m = resolved[i].match
        pos = distinct.get(id(m))
        if pos is None:
            pos = distinct[id(m)] = len(found)
            found.append(m)
        pick[k] = pos
    rn = st.raw.row_numbers
    row_numbers = np.asarray(rn, dtype=np.int64)[start + used] if rn is not None else start + used + 1
    data: dict[str, Any] = {
        "_file": np.full(len(used), st.file, dtype=object),
        "_sheet": np.full(len(used), st.raw.name, dtype=object),
        "_row": row_numbers.astype(np.int64),
        "year": years[used].astype(np.int64),
    }
    attrs = ("level", "list_id", "province", "district", "commune", "province_code", "district_code", "commune_code", "unit_code", "unit")
    for attr in attrs:
        column = np.array([getattr(m, attr) for m in found], dtype=object)[pick]
        data["gazetteer" if attr == "list_id" else attr] = column
    for j, code in enumerate(codes):
        data[code] = values[used, j]
    return pd.DataFrame(data)


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
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

