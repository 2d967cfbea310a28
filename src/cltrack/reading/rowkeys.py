"""Each data row's year (year column, sheet or file name, title, --year) and unit (resolved once per distinct name)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cltrack.findings import make_rows
from cltrack.reading.layout import Layout, year_from_name
from cltrack.reading.sheetstate import ReadContext, SheetState
from cltrack.reading.units import NEW, OLD, REFORM_YEAR, Resolution, UnitMatch

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def row_years(
    st: SheetState, layout: Layout, path: Path, ctx: ReadContext, col: np.ndarray, kind: np.ndarray, start: int
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
        for i in np.flatnonzero(kind == "data").tolist():
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


def resolve_units(
    st: SheetState, layout: Layout, ctx: ReadContext, start: int, rows: np.ndarray, prov: np.ndarray,
    dist: np.ndarray, comm: np.ndarray, code: np.ndarray, years: np.ndarray, kind: np.ndarray,
) -> RowUnits:
    """Resolve each distinct unit key once; leave out unknown units and units outside the plan.

    The keys are told apart column-wise (one integer per distinct key); only the rows that get a
    finding or a reason to be left out are looked at one by one, in row order."""
    import numpy as np

    if len(rows) == 0:
        return RowUnits(rows, rows, [])
    resolver = ctx.units()
    cols = layout.columns
    row_years = years[rows]
    key_of_row = _key_numbers([prov[rows], dist[rows], comm[rows], code[rows], row_years > REFORM_YEAR])
    first = np.full(int(key_of_row.max()) + 1, len(rows), dtype=np.int64)
    np.minimum.at(first, key_of_row, np.arange(len(rows)))  # the first row of each key: keys come numbered in that order
    at = rows[first]
    keyed = resolver.resolve_many(
        list(zip(prov[at].tolist(), dist[at].tolist(), comm[at].tolist(), code[at].tolist(), strict=True)), years[at].tolist()
    )
    area = ctx.plan.area if ctx.plan is not None else None
    matches = [r.match for r in keyed]
    inside = np.array([m is not None and resolver.in_area(m, area) for m in matches], dtype=bool)[key_of_row]
    list_of = np.array([m.list_id if m is not None else "" for m in matches], dtype=object)[key_of_row]
    found = np.array([m is not None for m in matches], dtype=bool)[key_of_row]
    to_look_at = np.array([bool(r.warnings) for r in keyed], dtype=bool)[key_of_row] | ~found
    to_look_at |= ((list_of == OLD) & (row_years > REFORM_YEAR)) | ((list_of == NEW) & (row_years < REFORM_YEAR))
    outside = found & ~inside  # left out, the first row of each unit with a finding (made column-wise below)
    to_look_at &= ~outside
    kind[rows[outside]] = "unit-outside-plan"
    reported_old: set[str] = set()
    for i, k in zip(rows[to_look_at].tolist(), key_of_row[to_look_at].tolist(), strict=True):
        res = keyed[k]
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
        y = int(years[i])
        if m.list_id == OLD and y > REFORM_YEAR and m.unit_code not in reported_old:
            reported_old.add(str(m.unit_code))
            st.add("old-unit-name", start + i, _unit_col(cols, m.level), name=m.unit, year=y, became=resolver.became(m))
        elif m.list_id == NEW and y < REFORM_YEAR and m.unit_code not in reported_old:
            reported_old.add(str(m.unit_code))
            st.add("new-unit-before-reform", start + i, _unit_col(cols, m.level), name=m.unit, year=y)
    _outside_findings(st, start, rows[outside], key_of_row[outside], matches)
    old, new = rows[inside & (list_of == OLD)], rows[inside & (list_of == NEW)]
    if len(old) and len(new):
        minority = new if len(new) < len(old) else old
        st.add("mixed-gazetteer", start + int(minority[0]), old=len(old), new=len(new))
    return RowUnits(rows, key_of_row, keyed)


@dataclass
class RowUnits:
    """Each resolved row's unit: grid rows (ascending), the number of each row's distinct key, and each key's Resolution."""

    rows: np.ndarray
    keys: np.ndarray
    resolutions: list[Resolution]

    def keys_of(self, rows: np.ndarray) -> np.ndarray:
        """The key numbers of some of the rows."""
        import numpy as np

        return self.keys[np.searchsorted(self.rows, rows)]


def _outside_findings(st: SheetState, start: int, rows: np.ndarray, keys: np.ndarray, matches: list[UnitMatch | None]) -> None:
    """One `unit-outside-plan` finding for the first of `rows` (grid rows under the table, of unit keys `keys`) of each unit."""
    import numpy as np
    import pandas as pd

    if not len(rows):
        return
    code_of_key = np.array(["\0" if m is None or m.unit_code is None else m.unit_code for m in matches], dtype=object)
    codes = code_of_key[keys]
    codes = np.where(codes == "\0", "\0" + rows.astype(str).astype(object), codes)  # a unit without a code: every row
    numbers, _ = pd.factorize(codes)  # numbered in order of first appearance
    _, first = np.unique(numbers, return_index=True)
    names = [m.unit for m in (matches[k] for k in keys[first].tolist()) if m is not None]
    st.findings += make_rows("unit-outside-plan", st.file, st.raw.name, st.rows_of(start + rows[first]).tolist(), name=names)


def _key_numbers(columns: list[np.ndarray]) -> np.ndarray:
    """One number per distinct combination of the columns' values, numbered in order of first appearance."""
    import pandas as pd

    keys, _ = pd.factorize(columns[0], use_na_sentinel=False)
    for column in columns[1:]:
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        keys, _ = pd.factorize(keys.astype("int64") * max(len(uniques), 1) + codes, use_na_sentinel=False)
    return keys


def _unit_col(cols: dict[str, int], level: str) -> int | None:
    """The column of the most detailed unit name."""
    return cols.get(level, cols.get("unit_code"))

