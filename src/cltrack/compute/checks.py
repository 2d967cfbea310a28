"""Validation rules on ReportData (like DHIS2 validation rules): pure functions, findings out.

- `part-exceeds-total` (error): a part larger than its whole, for every pair of
  `cltrack.elements.PART_WHOLE` (informed/trained <= total, child labourers <= children, ...).
- `duplicate-unit-year` (error): the same unit and year on two rows (one file or two); the finding
  sits on the later row and names the first.
- `year-jump` (warning): with several years, a count more than `JUMP_FACTOR` times (or less than
  1/`JUMP_FACTOR` of) the unit's value in the previous year reported; zeros are not compared.

Each rule works on whole columns; only the flagged rows are turned into findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cltrack.elements import PART_WHOLE
from cltrack.findings import make
from cltrack.models import Finding

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.reading.model import ReportData

JUMP_FACTOR: float = 3.0
Columns = dict[tuple[str, str | None], dict[str, tuple[str, str]]]


def num(value: float) -> str:
    """A count as a clerk writes it: 1200, 0.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def records(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """The flagged rows' values as plain Python tuples (column lists: faster than itertuples)."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


def _sheet(value: Any) -> str | None:
    """A sheet name from a rows cell (None/NaN for csv)."""
    return value if isinstance(value, str) else None


def cell(columns: Columns, file: str, sheet: str | None, code: str) -> dict[str, str | None]:
    """Where a column is: its Excel letter and header text (None when unknown)."""
    letter, header = columns.get((file, sheet), {}).get(code, (None, None))
    return {"column": code, "column_letter": letter, "header": header or None}


def place(file: str, sheet: str | None, row: int) -> str:
    """'file [sheet] row 12' for naming another place in a message."""
    return f"{file} [{sheet}] {row}" if sheet else f"{file} {row}"


def check_part_whole(rows: pd.DataFrame, columns: Columns | None = None) -> list[Finding]:
    """`part-exceeds-total` for every row where a part is larger than its whole."""
    columns = columns or {}
    out: list[Finding] = []
    for part, whole in PART_WHOLE:
        if part not in rows.columns or whole not in rows.columns:
            continue
        over = rows[part].to_numpy(dtype=float) > rows[whole].to_numpy(dtype=float)
        if not over.any():
            continue
        bad = rows.loc[over, ["_file", "_sheet", "_row", part, whole]]
        for file, sheet, row, p, w in records(bad, ["_file", "_sheet", "_row", part, whole]):
            out.append(make(
                "part-exceeds-total", file=file, sheet=_sheet(sheet), row=int(row),
                **cell(columns, file, _sheet(sheet), part),
                part=part, part_value=num(p), total=whole, total_value=num(w),
            ))
    return out


def _unit_key(rows: pd.DataFrame) -> pd.Series:
    """One key per unit: gazetteer list and unit code (codes are unique within a list)."""
    return rows["gazetteer"].astype(str) + ":" + rows["unit_code"].astype(str)


def check_duplicates(rows: pd.DataFrame) -> list[Finding]:
    """`duplicate-unit-year` on each repeat of a unit and year, naming the first place it appears."""
    if rows.empty:
        return []
    frame = rows.assign(_key=_unit_key(rows))
    dup = frame.duplicated(["_key", "year"], keep="first")
    if not dup.any():
        return []
    first = frame.loc[~dup].drop_duplicates(["_key", "year"]).set_index(["_key", "year"])
    repeats = frame.loc[dup]
    index = list(zip(repeats["_key"], repeats["year"], strict=True))
    firsts = first.loc[index, ["_file", "_sheet", "_row"]]
    out: list[Finding] = []
    for (file, sheet, row, unit, year), (f_file, f_sheet, f_row) in zip(
        records(repeats, ["_file", "_sheet", "_row", "unit", "year"]),
        records(firsts, ["_file", "_sheet", "_row"]),
        strict=True,
    ):
        out.append(make(
            "duplicate-unit-year", file=file, sheet=_sheet(sheet), row=int(row),
            unit=unit, year=int(year), other=place(f_file, _sheet(f_sheet), int(f_row)),
        ))
    return out


def check_year_jumps(rows: pd.DataFrame, columns: Columns | None = None, factor: float = JUMP_FACTOR) -> list[Finding]:
    """`year-jump` where a unit's count is over `factor` times, or under 1/`factor`, the previous year's.

    Each unit's first row per year is compared with its previous year that reports the count;
    findings come by unit key, element code and year.
    """
    import numpy as np
    import pandas as pd

    from cltrack.elements import COUNTS

    columns = columns or {}
    if rows.empty or rows["year"].nunique() < 2:
        return []
    codes = [c for c in rows.columns if c in COUNTS]
    if not codes:
        return []
    unit, _ = pd.factorize(_unit_key(rows).to_numpy(dtype=object), sort=True)  # numbered in key order
    years = rows["year"].to_numpy(dtype=np.int64)
    year_no, _ = pd.factorize(years, sort=True)
    firsts = np.unique(unit * (int(year_no.max()) + 1) + year_no, return_index=True)[1]
    keep = firsts[np.lexsort((years[firsts], unit[firsts]))]  # one row per unit and year, by unit then year
    unit, years = unit[keep], years[keep]
    names = sorted(codes)
    parts: list[tuple[np.ndarray, ...]] = []  # per element: unit, element, year, row, after, before, year before
    for e, code in enumerate(names):
        values = rows[code].to_numpy(dtype=float)[keep]
        has = ~np.isnan(values)
        u, y, v, at = unit[has], years[has], values[has], keep[has]
        if len(v) < 2:
            continue
        after, before = v[1:], v[:-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = after / before
        jump = (u[1:] == u[:-1]) & (before > 0) & (after > 0) & ((ratio > factor) | (ratio < 1 / factor))
        i = np.flatnonzero(jump)
        parts.append((u[i + 1], np.full(len(i), e), y[i + 1], at[i + 1], after[i], before[i], y[i]))
    if not parts:
        return []
    found = [np.concatenate(col) for col in zip(*parts, strict=True)]
    order = np.lexsort((found[2], found[1], found[0]))  # by unit key, element code, year
    return _year_jump_findings(rows, columns, names, [col[order].tolist() for col in found], num(factor))


def _year_jump_findings(
    rows: pd.DataFrame, columns: Columns, names: list[str], found: list[list[Any]], factor: str,
) -> list[Finding]:
    """The `year-jump` findings, built directly (there can be tens of thousands): one `make` gives the severity."""
    severity = make("year-jump").severity
    files, sheets, row_numbers = (rows[c].tolist() for c in ("_file", "_sheet", "_row"))
    places: dict[tuple[str, str | None, str], dict[str, str | None]] = {}
    shown: dict[float, str] = {}
    out: list[Finding] = []
    for _, e, year, at, after, before, year_before in zip(*found, strict=True):
        file, sheet, element = files[at], _sheet(sheets[at]), names[e]
        where = places.get((file, sheet, element))
        if where is None:
            where = places[(file, sheet, element)] = cell(columns, file, sheet, element)
        b = shown.get(before) or shown.setdefault(before, num(before))
        a = shown.get(after) or shown.setdefault(after, num(after))
        out.append(Finding(
            "year-jump", severity, file, sheet, int(row_numbers[at]), where["column"], where["column_letter"], where["header"],
            {"element": element, "before": b, "year_before": year_before, "after": a, "year": year, "factor": factor},
        ))
    return out


def run_checks(data: ReportData) -> list[Finding]:
    """Every validation rule over the rows read: part <= whole, duplicates, year jumps."""
    rows = data.rows
    columns = getattr(data, "columns", {}) or {}
    return check_part_whole(rows, columns) + check_duplicates(rows) + check_year_jumps(rows, columns)
