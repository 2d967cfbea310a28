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
        bad = rows.loc[rows[part] > rows[whole], ["_file", "_sheet", "_row", part, whole]]
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
    """`year-jump` where a unit's count is over `factor` times, or under 1/`factor`, the previous year's."""
    from cltrack.elements import COUNTS

    columns = columns or {}
    if rows.empty or rows["year"].nunique() < 2:
        return []
    codes = [c for c in rows.columns if c in COUNTS]
    if not codes:
        return []
    frame = rows.assign(_key=_unit_key(rows)).drop_duplicates(["_key", "year"], keep="first")
    long = frame.melt(id_vars=["_key", "year", "_file", "_sheet", "_row"], value_vars=codes, var_name="element")
    long = long.dropna(subset=["value"]).sort_values(["_key", "element", "year"], kind="stable")
    grouped = long.groupby(["_key", "element"], sort=False)
    long["before"] = grouped["value"].shift(1)
    long["year_before"] = grouped["year"].shift(1)
    both = (long["before"] > 0) & (long["value"] > 0)
    ratio = long["value"] / long["before"]
    jumps = long.loc[both & ((ratio > factor) | (ratio < 1 / factor))]
    out: list[Finding] = []
    for file, sheet, row, element, after, before, year, year_before in records(
        jumps, ["_file", "_sheet", "_row", "element", "value", "before", "year", "year_before"]
    ):
        out.append(make(
            "year-jump", file=file, sheet=_sheet(sheet), row=int(row), **cell(columns, file, _sheet(sheet), element),
            element=element, before=num(before), year_before=int(year_before), after=num(after), year=int(year),
            factor=num(factor),
        ))
    return out


def run_checks(data: ReportData) -> list[Finding]:
    """Every validation rule over the rows read: part <= whole, duplicates, year jumps."""
    rows = data.rows
    columns = getattr(data, "columns", {}) or {}
    return check_part_whole(rows, columns) + check_duplicates(rows) + check_year_jumps(rows, columns)
