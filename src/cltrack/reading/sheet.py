"""One report sheet read: layout, row kinds, values converted, totals checked, years and units, as a frame.

Every sheet row read is either a row of the frame or left out with a reason (see `reports.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.findings import runs
from cltrack.models import Finding
from cltrack.reading.cells import TypedGrid, convert_column
from cltrack.reading.layout import STT, UNIT_COLUMNS, Layout, cell_text, find_layout, normalise
from cltrack.reading.rowkeys import RowUnits, resolve_units, row_years
from cltrack.reading.rowkinds import (
    _carry_down,
    _grid,
    _mark_notes,
    _mark_repeated_headers,
    _next_data_has_commune,
    _texts,
    is_note_text,
    is_total_label,
)
from cltrack.reading.sheetstate import ReadContext, SheetResult, SheetState
from cltrack.reading.tables import (
    closest_headers,
    figure_rows,
    map_distinct,
    own_figures,
    split_tables,
    spread_merged_units,
    subtotal_rows,
)
from cltrack.reading.totals import check_subtotals, check_totals, report_cells
from cltrack.reading.workbook import RawSheet

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

IDS = (STT, "province", "district", "commune", "unit_code", "year")



def read_sheet(raw: RawSheet, shown: str, path: Path, ctx: ReadContext) -> SheetResult:
    """Read one sheet: layout, row kinds, years, units, values, totals."""
    st = SheetState(raw, shown)
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
        return SheetResult(n, None, st.left_out, st.findings, False, notes=not has_numbers)
    below = _grid(cells, layout.data_start)  # every table's rows, built once
    typed = TypedGrid(below)  # and each column's blanks and numbers worked out once
    tables = split_tables(raw, layout, ctx.index, is_note_text, below, typed)
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
        frames.append(_read_table(st, table, path, ctx, typed, table.data_start - layout.data_start, end))
    frame = _concat([f for f in frames if f is not None])
    st.findings.sort(key=lambda f: (f.row or 0, len(f.column_letter or ""), f.column_letter or ""))
    st.findings = runs(st.findings)
    return SheetResult(n, frame, st.left_out, st.findings, True, _sheet_columns(raw, tables), figure_rows=st.figure_rows)


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame | None:
    """The frames of a sheet's tables as one (None when there is none)."""
    import pandas as pd

    return None if not frames else frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _sheet_columns(raw: RawSheet, tables: list[Layout]) -> dict[str, tuple[str, str]]:
    """Element code -> (column letter, header) where every table of the sheet puts it in the same column
    (a code whose column differs between tables has none: a finding then names the row alone)."""
    first = tables[0]
    agreed = {code: c for code, c in first.columns.items() if all(t.columns.get(code) == c for t in tables[1:])}
    return {code: (raw.column_letter(c), first.headers.get(c, "")) for code, c in agreed.items()}


def _nothing_usable(st: SheetState, path: Path) -> SheetResult:
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
    return SheetResult(height, None, st.left_out, st.findings, False)


def _with_file(f: Finding, shown: str) -> Finding:
    """The finding with its file filled in."""
    from dataclasses import replace

    return replace(f, file=shown)


def _read_table(
    st: SheetState, layout: Layout, path: Path, ctx: ReadContext, typed: TypedGrid, top: int, end: int | None,
) -> pd.DataFrame | None:
    """Classify the data-area rows (`typed.grid[top:end]`), resolve units and years, convert values, check totals."""
    import numpy as np

    grid = typed.grid[top:end]
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
    typed.forget(spread_merged_units(st.raw, grid, start, cols, elem_idx))
    text = {c: (_texts(grid[:, cols[c]]) if c in cols and cols[c] < width else np.full(n, "", dtype=object)) for c in IDS}

    empty = ~typed.filled(top, end)
    blank = np.asarray(empty.all(axis=1)) if width else np.ones(n, dtype=bool)
    has_values = ~np.asarray(empty[:, elem_idx].all(axis=1)) if elem_idx else np.zeros(n, dtype=bool)
    label_cols = [c for c in (STT, "province", "district", "commune") if c in cols]
    at_a = next((c for c in IDS if cols.get(c) == 0), None)  # the id column in column A: its text is the first column's
    first_col = text[at_a] if at_a is not None else _texts(grid[:, 0]) if width else np.full(n, "", dtype=object)
    labels = [first_col, *(text[c] for c in label_cols if c != at_a)]  # each column's text once
    total = np.zeros(n, dtype=bool)
    for arr in labels:
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
    for arr in labels:
        noted |= map_distinct(arr, is_note_text, bool)
    _mark_notes(kind, grid, has_values, has_unit, noted)
    unit_missing = (kind == "data") & ~has_unit & has_values
    header_row = layout.header_rows[-1]
    st.figure_rows += int(((kind == "data") & has_values).sum())
    if not elem_idx:  # no column names a data element: nothing here can be read right
        closest = closest_headers(layout, ctx.index)
        st.add("no-element-columns", header_row, closest=f" ({'; '.join(closest)})" if closest else "")
        noted_figures = np.zeros(n, dtype=bool)  # a row of this table holding a figure is its data, never a note
        noted_figures[kind == "note-row"] = figure_rows(grid[kind == "note-row"], ctx.index)
        kind[((kind == "data") | noted_figures) & ~blank] = "no-element-columns"
    elif not has_values[kind == "data"].any():
        st.add("no-data-rows", header_row)

    if not any(c in cols for c in UNIT_COLUMNS):
        st.add("no-unit-column", layout.header_rows[-1])
        kind[kind == "data"] = "no-unit-column"

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

    typed.forget(_load_cell_issues(st.raw, grid, start, elem_idx, kind, empty))
    values, problems = _convert(typed, top, end, elem_codes, elem_idx, kind, ctx)
    # Unlabelled rows with figures: a total if they add up, else an error.
    for i in np.flatnonzero(unit_missing & (kind == "data")).tolist():
        kind[i] = "total-row" if _is_unlabelled_total(i, kind, values) else "unit-missing"

    report_cells(st, layout, start, elem_codes, elem_idx, kind, problems)
    check_totals(st, layout, start, elem_codes, elem_idx, kind, values, first_col, text, problems)
    check_subtotals(st, layout, start, elem_codes, elem_idx, subtotals, kind, values, dist, prov, problems)
    kind[sums_only] = "total-row"

    years = row_years(st, layout, path, ctx, text["year"], kind, start)
    data_rows = np.flatnonzero(kind == "data")
    units = resolve_units(st, layout, ctx, start, data_rows, prov, dist, comm, text["unit_code"], years, kind)

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
    return _frame(st, start, used, years, units, elem_codes, values)


def _load_cell_issues(
    raw: RawSheet, grid: np.ndarray, start: int, idx: list[int], kind: np.ndarray, empty: np.ndarray
) -> set[int]:
    """Where value cells look empty, ask the workbook for formulas without values and error cells; the columns written to."""
    written: set[int] = set()
    if raw.issue_loader is None or not idx:
        return written
    keep = (kind == "data") | (kind == "total-row")
    if not (empty[:, idx].any(axis=1) & keep).any():
        return written
    for (r, c), issue in raw.issue_loader().items():
        i = r - start
        if 0 <= i < grid.shape[0] and c < grid.shape[1] and grid[i, c] == "":
            grid[i, c] = issue
            written.add(c)
            line = raw.cells[r]
            line.extend([""] * (c + 1 - len(line)))
            line[c] = issue
    return written


def _convert(
    typed: TypedGrid, top: int, end: int | None, codes: list[str], idx: list[int], kind: np.ndarray, ctx: ReadContext
) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, list[str]]]]:
    """Element values (rows x elements of `typed.grid[top:end]`, NaN when blank or bad) and the problem cells per element."""
    import numpy as np

    grid = typed.grid[top:end]
    n = grid.shape[0]
    values = np.full((n, len(codes)), np.nan)
    keep = (kind == "data") | (kind == "total-row") | (kind == "subtotal")
    problems: dict[str, tuple[np.ndarray, list[str]]] = {}
    for j, (code, c) in enumerate(zip(codes, idx, strict=True)):
        integer = ctx.index.integer.get(code, False)
        filled, numbers = typed.column(c)
        vals, bad, bad_codes = convert_column(grid[:, c], integer=integer, typed=(filled[top:end], None if numbers is None else numbers[top:end]))
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


def _frame(
    st: SheetState, start: int, used: np.ndarray, years: np.ndarray, units: RowUnits,
    codes: list[str], values: np.ndarray,
) -> pd.DataFrame:
    """The used rows as a DataFrame with ReportData's columns (a text column made from its distinct values)."""
    import numpy as np
    import pandas as pd

    keys, pick = np.unique(units.keys_of(used), return_inverse=True)  # each distinct unit once
    found = [units.resolutions[k].match for k in keys.tolist()]
    rn = st.raw.row_numbers
    row_numbers = np.asarray(rn, dtype=np.int64)[start + used] if rn is not None else start + used + 1
    once = np.zeros(len(used), dtype=np.intp)
    data: dict[str, Any] = {
        "_file": _spread([st.file], once),
        "_sheet": _spread([st.raw.name], once),
        "_row": row_numbers.astype(np.int64),
        "year": years[used].astype(np.int64),
    }
    attrs = ("level", "list_id", "province", "district", "commune", "province_code", "district_code", "commune_code", "unit_code", "unit")
    for attr in attrs:
        data["gazetteer" if attr == "list_id" else attr] = _spread([getattr(m, attr) for m in found], pick)
    for j, code in enumerate(codes):
        data[code] = values[used, j]
    return pd.DataFrame(data)


def _spread(distinct: list[Any], pick: np.ndarray) -> Any:
    """The column `distinct[pick]` with the dtype pandas gives those values (text: its Arrow strings): for
    many rows typed once on the distinct values and spread by index, not per row."""
    import numpy as np
    import pandas as pd

    values = np.array(distinct + [None], dtype=object)[:-1]
    if len(pick) < 2000:  # a few rows: pandas types them as fast as it types a Series
        return values[pick]
    return pd.Series(values).array.take(pick)

