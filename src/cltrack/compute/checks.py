"""Validation rules on ReportData (like DHIS2 validation rules): pure functions, findings out.

- `part-exceeds-total` (error): a part larger than its whole, for every pair of
  `cltrack.elements.PART_WHOLE` (informed/trained <= total, child labourers <= children, ...).
- `duplicate-unit-year` (error): the same unit and year on two rows (one file or two) with different
  figures; every such row gets it, naming another place and the figures that differ.
- `duplicate-form` (warning): the same unit and year again with identical figures (one form sent
  twice); the repeat is counted once.
- `count-out-of-range` (error): a count that is not finite or has more than 15 significant digits.
- `numerator-exceeds-denominator` (error): a plan target's numerator larger than its denominator.
- `reform-overlap` (error): a pre-reform commune and the post-reform commune that absorbed it, same year.
- `year-jump` (warning): with several years, a count more than `JUMP_FACTOR` times (or less than
  1/`JUMP_FACTOR` of) the unit's value in the previous year reported; zeros are not compared.

Each rule works on whole columns; only the flagged rows are turned into findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cltrack.elements import COUNTS, PART_WHOLE
from cltrack.findings import make
from cltrack.models import Finding, Plan

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.reading.model import ReportData

JUMP_FACTOR: float = 3.0
EXACT_LIMIT: float = 1e15  # counts from here on have more than 15 significant digits
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
    """The same unit and year on several rows (one file or two).

    Identical figures (one form sent twice): `duplicate-form` (warning) on each repeat, naming the
    first place; different figures: `duplicate-unit-year` (error) on every row of the group, naming
    another place and the figures that differ.
    """
    import numpy as np
    import pandas as pd

    if rows.empty:
        return []
    group, _ = pd.factorize(_unit_key(rows) + "|" + rows["year"].astype(str), sort=False)
    sizes = np.bincount(group)
    repeated = sizes[group] > 1
    if not repeated.any():
        return []
    codes = [c for c in rows.columns if c in COUNTS]
    values = rows[codes].to_numpy(dtype=float) if codes else np.zeros((len(rows), 0))
    first = np.full(len(sizes), -1, dtype=np.intp)
    order = np.arange(len(rows))[::-1]
    first[group[order]] = order  # the first row of each group (written last, so it stays)
    ref = values[first[group]]
    same = ((values == ref) | (np.isnan(values) & np.isnan(ref))).all(axis=1)
    differs = np.bincount(group, weights=~same, minlength=len(sizes)) > 0
    is_first = first[group] == np.arange(len(rows))
    second = np.full(len(sizes), -1, dtype=np.intp)
    later = np.flatnonzero(~is_first)[::-1]
    second[group[later]] = later  # the second row of each group, the first row's other place
    cols = ["_file", "_sheet", "_row"]
    files, sheets, row_no = (rows[c].tolist() for c in cols)
    units, years = rows["unit"].tolist(), rows["year"].tolist()
    out: list[Finding] = []
    for i in np.flatnonzero(repeated).tolist():
        g = group[i]
        o = int(second[g]) if is_first[i] else int(first[g])
        where = {"file": files[i], "sheet": _sheet(sheets[i]), "row": int(row_no[i])}
        other = place(files[o], _sheet(sheets[o]), int(row_no[o]))
        if differs[g]:
            diff = [f"{c} {_shown(values[i, j])} / {_shown(values[o, j])}" for j, c in enumerate(codes)
                    if not (values[i, j] == values[o, j] or (np.isnan(values[i, j]) and np.isnan(values[o, j])))]
            out.append(make("duplicate-unit-year", **where, unit=units[i], year=int(years[i]), other=other,
                            differences=", ".join(diff) or "-"))
        elif not is_first[i]:
            out.append(make("duplicate-form", **where, unit=units[i], year=int(years[i]), other=other))
    return out


def _shown(value: float) -> str:
    """A count for a message, '-' when blank."""
    return "-" if value != value else num(value)


def check_count_range(rows: pd.DataFrame, columns: Columns | None = None) -> list[Finding]:
    """`count-out-of-range` for a count that is not finite or has more than 15 significant digits."""
    import numpy as np

    columns = columns or {}
    out: list[Finding] = []
    for code in [c for c in rows.columns if c in COUNTS]:
        values = rows[code].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            bad = np.isinf(values) | (np.abs(values) >= EXACT_LIMIT)
        if not bad.any():
            continue
        for file, sheet, row, value in records(rows.loc[bad], ["_file", "_sheet", "_row", code]):
            out.append(make("count-out-of-range", file=file, sheet=_sheet(sheet), row=int(row),
                            **cell(columns, file, _sheet(sheet), code), value=f"{value:.17g}"))
    return out


def check_reform_overlap(rows: pd.DataFrame) -> list[Finding]:
    """`reform-overlap` on both rows when a pre-reform commune and the post-reform commune that
    absorbed it report the same year (the old commune's people would be counted twice)."""
    if rows.empty or "gazetteer" not in rows.columns:
        return []
    commune = (rows["level"] == "commune").to_numpy()
    is_new, is_old = commune & (rows["gazetteer"] == "2025-07").to_numpy(), commune & (rows["gazetteer"] == "2025-01").to_numpy()
    if not is_new.any() or not is_old.any():  # one side of the reform only: no row is copied
        return []
    new, old = rows[is_new], rows[is_old]
    from cltrack.units import conversion

    absorbed = {p.code: code for code in new["unit_code"].astype(str).unique() for p in conversion.predecessors(code)}
    old = old[old["unit_code"].astype(str).isin(list(absorbed))]
    if old.empty:
        return []
    pairs = old.assign(_new=old["unit_code"].astype(str).map(absorbed)).merge(
        new.assign(_new=new["unit_code"].astype(str)), on=["_new", "year"], suffixes=("", "_n"))
    out: list[Finding] = []
    cols = ["_file", "_sheet", "_row", "unit", "_file_n", "_sheet_n", "_row_n", "unit_n", "year"]
    for f, s, r, u, fn, sn, rn, un, y in records(pairs, cols):
        out.append(make("reform-overlap", file=f, sheet=_sheet(s), row=int(r), old_unit=u, new_unit=un, year=int(y),
                        other=place(fn, _sheet(sn), int(rn))))
        out.append(make("reform-overlap", file=fn, sheet=_sheet(sn), row=int(rn), old_unit=u, new_unit=un, year=int(y),
                        other=place(f, _sheet(s), int(r))))
    return out


def check_numerator_denominator(rows: pd.DataFrame, plan: Plan | None) -> list[Finding]:
    """`numerator-exceeds-denominator` where a plan target's numerator on one row is larger than its
    denominator (pairs already checked as part <= whole are not repeated)."""
    import numpy as np

    if plan is None or rows.empty:
        return []
    out: list[Finding] = []
    for t in plan.targets:
        if t.unit_share is not None or not t.numerator or not t.denominator:
            continue
        if len(t.numerator) == 1 and len(t.denominator) == 1 and (t.numerator[0], t.denominator[0]) in PART_WHOLE:
            continue
        codes = [*t.numerator, *t.denominator]
        if any(c not in rows.columns for c in codes):
            continue
        n = rows[list(t.numerator)].to_numpy(dtype=float)
        d = rows[list(t.denominator)].to_numpy(dtype=float)
        complete = ~(np.isnan(n).any(axis=1) | np.isnan(d).any(axis=1))
        over = complete & (n.sum(axis=1) > d.sum(axis=1))
        if not over.any():
            continue
        bad = rows.loc[over, ["_file", "_sheet", "_row"]].assign(_n=n.sum(axis=1)[over], _d=d.sum(axis=1)[over])
        for file, sheet, row, nv, dv in records(bad, ["_file", "_sheet", "_row", "_n", "_d"]):
            out.append(make("numerator-exceeds-denominator", file=file, sheet=_sheet(sheet), row=int(row),
                            numerator=num(nv), denominator=num(dv), target=t.id))
    return out


def check_year_jumps(rows: pd.DataFrame, columns: Columns | None = None, factor: float = JUMP_FACTOR) -> list[Finding]:
    """`year-jump` where a unit's count is over `factor` times, or under 1/`factor`, the previous year's.

    Each unit's first row per year is compared with its previous year that reports the count;
    findings come by unit key, element code and year.
    """
    import numpy as np
    import pandas as pd

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


def run_checks(data: ReportData, plan: Plan | None = None) -> list[Finding]:
    """Every validation rule over the rows read: counts in range, part <= whole, numerator <= denominator,
    duplicates, old and new commune together, year jumps."""
    rows = data.rows
    columns = getattr(data, "columns", {}) or {}
    return (
        check_count_range(rows, columns) + check_part_whole(rows, columns) + check_numerator_denominator(rows, plan)
        + check_duplicates(rows) + check_reform_overlap(rows) + check_year_jumps(rows, columns)
    )
