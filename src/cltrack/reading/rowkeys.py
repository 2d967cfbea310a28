"""Each data row's year (year column, sheet or file name, title, --year) and unit (resolved once per distinct name)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cltrack.reading.layout import Layout, year_from_name
from cltrack.reading.sheetstate import ReadContext, SheetState
from cltrack.reading.units import NEW, OLD, REFORM_YEAR, Resolution, expected_list

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

