"""Evaluate a plan on report data: scope rows, sum counts up the hierarchy, apply the contract.

`evaluate(plan, data, ...)` returns one `Evaluation`; the table, JSON, CSV and Excel writers all
render that same object. Counts are summed (never averaged percentages); a row with a blank count
that a target needs is left out of that target's sums and its unit counted as not reporting; the
units expected to report come from the gazetteer, so a commune that sent nothing is visible.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.compute import attainment
from cltrack.elements import ELEMENTS
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.models import COUNTRY, Finding, Plan, Result, Target
from cltrack.reading.sniff import looks_like_survey

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.reading.model import ReportData, SourceFile

LEVEL_ORDER: dict[str, int] = {"commune": 0, "district": 1, "province": 2, "plan": 3}
GROUP_COLUMN: dict[str, str] = {"commune": "commune_code", "district": "district_code", "province": "province_code"}
NAME_COLUMN: dict[str, str] = {"commune": "commune", "district": "district", "province": "province"}


@dataclass
class Evaluation:
    """The outcome of `evaluate`: every result, the findings and the provenance of the inputs."""

    plan: Plan
    year: int
    level: str
    results: list[Result]
    findings: list[Finding]
    sources: list[SourceFile]
    rows_read: int
    rows_used: int
    rows_left_out: int
    units_expected: int
    units_reporting: int
    unit: str | None = None
    generated_at: str = field(default_factory=lambda: _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    survey_sources: list[SourceFile] = field(default_factory=list)
    unit_results: list[Result] = field(default_factory=list)  # finer results for the Excel "By unit" sheet

    @property
    def flagged(self) -> list[Result]:
        """Results whose status is off_track or shortfall."""
        return [r for r in self.results if r.status in ("off_track", "shortfall")]


@dataclass
class TargetRows:
    """How one target's rows were chosen: rows used (with num/den/value) and rows left out (with reason)."""

    target: Target
    used: pd.DataFrame
    unit_level: str
    rows: pd.DataFrame  # every row in scope
    blank: Any  # numpy bool per row: a count the target needs is blank
    superseded: Any  # numpy bool per row: a coarser row whose unit's finer rows report the target

    @property
    def left_out(self) -> pd.DataFrame:
        """The rows not used, with `_reason` (blank-count, detail-rows-used) and `_missing` (blank codes)."""
        import pandas as pd

        blank_rows = self.rows[self.blank]
        return pd.concat(
            [
                blank_rows.assign(_reason="blank-count", _missing=_missing_text(blank_rows, list(self.target.elements))),
                self.rows[self.superseded].assign(_reason="detail-rows-used", _missing=""),
            ]
        )


# --------------------------------------------------------------------------- plan area


def default_level(plan: Plan) -> str:
    """The plan's own level: district for a district plan, else province (each province for a national plan)."""
    return "district" if plan.level == "district" else "province"


def target_unit_level(target: Target) -> str:
    """Which units a target expects reports from: the unit-share level, district for district-only counts, else commune."""
    if target.unit_share is not None:
        return target.unit_share.unit_level
    codes = target.elements
    if codes and all(ELEMENTS.get(c) is not None and ELEMENTS[c].kind == "district" for c in codes):
        return "district"
    return "commune"


def area_units(plan: Plan) -> pd.DataFrame:
    """Every commune of the plan's area (pre-reform gazetteer) with its district and province."""
    import pandas as pd

    from cltrack.units import gazetteer

    gaz = gazetteer.load("2025-01")
    area = plan.area
    communes = gaz.children(area.code, "commune")
    if not communes:
        parent_level = "district" if area.district_code else "province"
        raise CltrackError(f"plan {plan.id}: the gazetteer has no communes under {parent_level} code {area.code}")
    names = {
        (level, code): (u.name if (u := gaz.by_code(code, level)) else code)
        for level, code in {(lv, getattr(c, f"{lv}_code")) for c in communes for lv in ("district", "province")}
        if code
    }
    return pd.DataFrame(
        {
            "commune_code": [u.code for u in communes],
            "commune": [u.name for u in communes],
            "district_code": [u.district_code for u in communes],
            "district": [names.get(("district", u.district_code or ""), "") for u in communes],
            "province_code": [u.province_code for u in communes],
            "province": [names.get(("province", u.province_code or ""), area.province or "") for u in communes],
        }
    )


def area_name(plan: Plan) -> tuple[str, str]:
    """(name, code) of the whole plan area: its district or province, or the country."""
    a = plan.area
    return (a.name, a.code) if a.code else COUNTRY


def resolve_unit(plan: Plan, name: str) -> tuple[str, str, str]:
    """(level, code, name) of a unit of the plan's area named by the user; CltrackError when unknown."""
    from cltrack.units import gazetteer

    gaz = gazetteer.load("2025-01")
    area = area_units(plan)
    candidates = [u for u in gaz.match(name) if u.code in set(area[GROUP_COLUMN.get(u.level, "commune_code")])]
    if not candidates:
        sugg = gaz.suggest(name, within=plan.area.code)
        extra = f"; did you mean {', '.join(sugg)}?" if sugg else ""
        raise CltrackError(f"--unit '{name}': no such unit in the area of plan {plan.id}{extra}")
    if len({(u.level, u.code) for u in candidates}) > 1:
        exact_name = [u for u in candidates if u.name.casefold() == " ".join(name.split()).casefold()]
        candidates = exact_name or candidates
    if len({(u.level, u.code) for u in candidates}) > 1:
        names = ", ".join(f"{u.name} ({u.level} {u.code})" for u in candidates)
        raise CltrackError(f"--unit '{name}' is ambiguous: {names}")
    u = candidates[0]
    return u.level, u.code, u.name


# --------------------------------------------------------------------------- rows per target


def prepare_rows(plan: Plan, data: ReportData | None, weights: Any = None) -> tuple[pd.DataFrame, list[Finding]]:
    """Report rows in the plan's area on the pre-reform map (post-reform rows attributed back)."""
    import pandas as pd

    findings: list[Finding] = []
    if data is None or data.rows is None or len(data.rows) == 0:
        return pd.DataFrame(columns=["_file", "_sheet", "_row", "year", "level", "province_code", "district_code", "commune_code", "unit", "approximate"]), findings
    rows = data.rows
    if "gazetteer" in rows.columns and (rows["gazetteer"] == "2025-07").any():
        from cltrack.units import reform

        out = reform.attribute_to_old(rows, weights)
        if isinstance(out, tuple):
            rows, extra = out
            findings.extend(extra)
        else:
            rows = out
    rows = rows.copy()
    if "approximate" not in rows.columns:
        rows["approximate"] = False
    rows["approximate"] = rows["approximate"].fillna(False).astype(bool)
    area = plan.area
    inside = rows["province_code"].notna() if area.province_code is None else rows["province_code"] == area.province_code
    if area.district_code:
        inside &= rows["district_code"] == area.district_code
    return rows[inside].reset_index(drop=True), findings


def target_rows(target: Target, rows: pd.DataFrame) -> TargetRows:
    """Split rows (one year, in scope) into those used by `target` and those left out, with reasons."""
    import numpy as np

    codes = list(target.elements)
    level = target_unit_level(target)
    absent = [c for c in codes if c not in rows.columns]
    if absent:
        rows = rows.assign(**{c: float("nan") for c in absent})
    if codes:
        blank = np.isnan(np.column_stack([rows[c].to_numpy(dtype=float) for c in codes])).any(axis=1)
    else:
        blank = np.ones(len(rows), dtype=bool)
    usable = ~blank
    # A coarser row is superseded when finer rows of the same unit report this target.
    levels = rows["level"].to_numpy(dtype=object)
    com = usable & (levels == "commune")
    dis = usable & (levels == "district")
    pro = usable & (levels == "province")
    superseded = np.zeros(len(rows), dtype=bool)
    if dis.any() or pro.any():
        district, province = rows["district_code"], rows["province_code"]
        superseded = (dis & _in(district, district[com]).to_numpy()) | (pro & _in(province, province[com | dis]).to_numpy())
        if "from_code" in rows.columns:  # rows attributed from post-reform communes are parts, never totals
            superseded &= rows["from_code"].isna().to_numpy()
    used = rows.take(np.flatnonzero(usable & ~superseded))  # a new frame (not a view of `rows`): columns can be added
    used["_num"] = _row_sums(used, target.numerator) if target.numerator else float("nan")
    used["_den"] = _row_sums(used, target.denominator) if target.denominator else float("nan")
    if target.unit_share is not None:
        used["_value"] = _row_sums(used, target.unit_share.elements)
    return TargetRows(target, used, level, rows, blank, superseded)


def _row_sums(frame: pd.DataFrame, codes: tuple[str, ...]) -> Any:
    """Per row: the sum of `codes` (blank as 0, as pandas sums); one column is read directly."""
    import numpy as np

    if len(codes) == 1:
        values = frame[codes[0]].to_numpy(dtype=float)
        return np.where(np.isnan(values), 0.0, values)
    return frame[list(codes)].sum(axis=1).to_numpy()


def _missing_text(rows: pd.DataFrame, codes: list[str]) -> list[str]:
    """For each row, the needed element codes that are blank (or absent), comma-separated."""
    if rows.empty:
        return []
    isna = rows[codes].isna().to_numpy()
    return [", ".join(c for c, blank in zip(codes, flags, strict=True) if blank) for flags in isna]


# --------------------------------------------------------------------------- sums per group


def _covered(tr: TargetRows, area: pd.DataFrame) -> pd.Series:
    """Per area unit of the target's level: True when a used row covers it."""
    return covers(tr.used, area, tr.unit_level)


def covers(used: pd.DataFrame, area: pd.DataFrame, unit_level: str) -> pd.Series:
    """Per area unit at `unit_level`: True when a row covers it (its own row or a parent's row)."""
    if unit_level == "commune":
        districts = used[used["level"] == "district"]
        old_communes: set[str] = set()
        if "from_code" in used.columns:  # a new commune's figures cover only the old communes it came from
            attributed = districts["from_code"].notna()
            old_communes = _predecessor_communes(districts.loc[attributed, "from_code"])
            districts = districts[~attributed]
        return (
            _in(area["commune_code"], used.loc[used["level"] == "commune", "commune_code"])
            | area["commune_code"].astype(object).isin(list(old_communes))
            | _in(area["district_code"], districts["district_code"])
            | _in(area["province_code"], used.loc[used["level"] == "province", "province_code"])
        )
    col = GROUP_COLUMN[unit_level]
    return _in(area[col], used[col]) | _in(area["province_code"], used.loc[used["level"] == "province", "province_code"])


def _approximate_groups(used: pd.DataFrame, group: np.ndarray, n: int) -> np.ndarray:
    """Per group (`group`: each used row's group number, -1 for none): True when it holds only part
    of a split post-reform commune's figures.

    A group that received every share of a new commune (e.g. the whole province) is exact again.
    """
    import numpy as np
    import pandas as pd

    out = np.zeros(n, dtype=bool)
    if "approximate" not in used.columns or not len(used):
        return out
    approx = used["approximate"].fillna(False).astype(bool).to_numpy() & (group >= 0)
    if not approx.any():
        return out
    if "from_code" not in used.columns or "share" not in used.columns:
        out[group[approx]] = True
        return out
    parts = pd.DataFrame({
        "group": group[approx], "from_code": used["from_code"].to_numpy(dtype=object)[approx],
        "share": used["share"].to_numpy()[approx],
    })
    shares = parts.groupby(["group", "from_code"], sort=False)["share"].sum()
    out[shares[shares < 1 - 1e-9].index.get_level_values("group").to_numpy(dtype=np.intp)] = True
    return out


def _predecessor_communes(new_codes: pd.Series) -> set[str]:
    """Old (pre-reform) commune codes that the given post-reform communes were formed from."""
    if new_codes.empty:
        return set()
    from cltrack.units import reform

    return {p.code for code in new_codes.dropna().astype(str).unique() for p in reform.predecessors(code)}


def _in(series: pd.Series, values: pd.Series) -> pd.Series:
    """series.isin(values), fast for Arrow-backed strings (compares against the distinct values only)."""
    return series.astype(object).isin(values.dropna().unique().tolist())


def unit_table(area: pd.DataFrame, unit_level: str) -> pd.DataFrame:
    """The area's units at `unit_level` (communes, or distinct districts / provinces) with parents."""
    if unit_level == "commune":
        return area
    cols = ["district_code", "district", "province_code", "province"] if unit_level == "district" else ["province_code", "province"]
    return area[cols].drop_duplicates(GROUP_COLUMN[unit_level]).reset_index(drop=True)


def _group_numbers(frame: pd.DataFrame, level: str, index: pd.Index | None = None) -> tuple[np.ndarray, pd.Index]:
    """Each row's group number at `level` (-1 for none) and the groups: those of `index`, else the
    frame's own groups in order of first appearance."""
    import numpy as np
    import pandas as pd

    keys = np.full(len(frame), "plan", dtype=object) if level == "plan" else frame[GROUP_COLUMN[level]].to_numpy(dtype=object)
    if index is None:
        codes, uniques = pd.factorize(keys)
        return codes, pd.Index(uniques, dtype=object, name="_group")
    return (index.get_indexer(keys) if len(index) else np.full(len(frame), -1, dtype=np.intp)), index


def _group_total(values: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Per group: the sum of `values` (NaN skipped, pandas' compensated sum), NaN when none is a number."""
    import numpy as np
    import pandas as pd

    out = np.full(n, np.nan)
    keep = group >= 0
    if not keep.any():
        return out
    values, group = values[keep], group[keep]
    number = ~np.isnan(values)
    whole = values[number]
    if np.array_equal(whole, np.round(whole)) and np.abs(whole).sum() < 2**53:  # whole counts: every order is exact
        counts = np.bincount(group[number], minlength=n)
        out[counts > 0] = np.bincount(group[number], weights=whole, minlength=n)[counts > 0]
        return out
    sums = pd.Series(values).groupby(group).sum(min_count=1)
    out[sums.index.to_numpy(dtype=np.intp)] = sums.to_numpy()
    return out


def group_sums(tr: TargetRows, area: pd.DataFrame, level: str, memo: dict[Any, Any] | None = None) -> pd.DataFrame:
    """Per group at `level`: num, den (or units meeting / expected), reporting, expected, approximate.

    `memo` (one per evaluation of one area) keeps which units are covered by a set of rows, as
    targets that use the same rows share it.
    """
    import numpy as np
    import pandas as pd

    units = unit_table(area, tr.unit_level)
    key = (tr.unit_level, tr.used.index.to_numpy().tobytes())
    reporting = memo.get(key) if memo is not None else None
    if reporting is None:
        reporting = _covered(tr, units).to_numpy(dtype=bool)
        if memo is not None:
            memo[key] = reporting
    unit_group, index = _group_numbers(units, level)
    n, has = len(index), unit_group >= 0
    used = tr.used
    used_group, _ = _group_numbers(used, level, index)
    expected = np.bincount(unit_group[has], minlength=n)
    if tr.target.unit_share is not None:
        rule = tr.target.unit_share
        col = GROUP_COLUMN[rule.unit_level]
        per_unit = used.groupby(col)["_value"].sum()
        ok = per_unit[[attainment.holds(v, rule.comparator, rule.threshold) for v in per_unit.to_numpy()]].index
        meets = units[col].astype(object).isin(list(ok)).to_numpy() & reporting
        num = np.bincount(unit_group[has], weights=meets[has], minlength=n).astype(float)
        den = expected.astype(float)
    else:
        num = _group_total(used["_num"].to_numpy(dtype=float), used_group, n)
        den = _group_total(used["_den"].to_numpy(dtype=float), used_group, n)
    return pd.DataFrame(
        {
            "expected": expected, "reporting": np.bincount(unit_group[has], weights=reporting[has], minlength=n).astype(np.int64),
            "num": num, "den": den, "approximate": _approximate_groups(used, used_group, n),
            "rows": np.bincount(used_group[used_group >= 0], minlength=n),
        },
        index=index,
    )


# --------------------------------------------------------------------------- evaluate


def evaluate(
    plan: Plan,
    data: ReportData | None,
    *,
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    survey: Any = None,
    baseline_year: int | None = None,
    weights: Any = None,
) -> Evaluation:
    """Every target of `plan` at every unit of `level` for `year` (default: the latest in the data)."""
    rows, findings = prepare_rows(plan, data, weights)
    year = _pick_year(year, rows, survey)
    area = area_units(plan)
    unit_name = None
    if unit is not None:
        u_level, u_code, unit_name = resolve_unit(plan, unit)
        area = area[area[GROUP_COLUMN[u_level]] == u_code].reset_index(drop=True)
        rows = rows[rows[GROUP_COLUMN[u_level]] == u_code] if u_level != "province" else rows
        level = level or u_level
    level = level or default_level(plan)
    if level not in LEVEL_ORDER:
        raise CltrackError(f"--level must be commune, district, province or plan, got '{level}'")
    rows, area = plain_strings(_needed_columns(rows, plan)), plain_strings(area)  # once, not once per target
    this_year = rows[rows["year"] == year] if len(rows) else rows
    base_rows = rows[rows["year"] == baseline_year] if baseline_year is not None and len(rows) else None
    groups = _groups(plan, area, level, unit_name)
    survey_cache: dict[tuple[str, str, str], pd.DataFrame] = {}
    survey_years = _survey_years(survey)
    use_survey = survey is not None and (survey_years is None or year in survey_years)
    if survey is not None and not use_survey:
        findings.append(make("survey-year-missing", year=year, years=", ".join(map(str, sorted(survey_years or ()))) or "-"))
    results: list[Result] = []
    memo: dict[Any, Any] = {}  # units covered by a set of rows, shared by targets that use the same rows
    for target in plan.targets:
        if LEVEL_ORDER[level] < LEVEL_ORDER[target_unit_level(target)]:
            continue  # a district count has no value per commune
        if target.kind == "rate" and use_survey:
            results.extend(_survey_results(plan, target, survey, groups, level, year, findings, area if unit else None, survey_cache))
            continue
        results.extend(_target_results(plan, target, this_year, base_rows, baseline_year, area, groups, level, year, findings, memo))
    covered = covers(_carrying_commune_counts(this_year), area, "commune")
    if data is not None:  # survey-only runs have no unit reports to miss
        findings.extend(make("unit-not-reporting", unit=name, year=year) for name in area.loc[~covered, "commune"])
    all_findings = list(data.findings if data is not None else []) + list(getattr(survey, "findings", []) or []) + findings
    return Evaluation(
        plan=plan,
        year=year,
        level=level,
        results=results,
        findings=all_findings,
        sources=list(data.sources if data is not None else []),
        rows_read=data.rows_read if data is not None else 0,
        rows_used=data.rows_used if data is not None else 0,
        rows_left_out=data.rows_left_out if data is not None else 0,
        units_expected=len(area),
        units_reporting=int(covered.sum()),
        unit=unit_name,
        survey_sources=list(getattr(survey, "sources", []) or []),
    )


# Columns of the report rows that evaluation reads besides the targets' data elements.
EVALUATION_COLUMNS: tuple[str, ...] = (
    "_file", "_sheet", "_row", "year", "level", "province_code", "district_code", "commune_code", "from_code",
    "approximate", "share",
)


def _needed_columns(rows: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The rows with only the columns evaluation reads (every per-target filter then copies less)."""
    codes = {c for t in plan.targets for c in t.elements} | {c for c in rows.columns if c in ELEMENTS and ELEMENTS[c].kind == "count"}
    keep = [c for c in rows.columns if c in EVALUATION_COLUMNS or c in codes]
    return rows[keep] if len(keep) < len(rows.columns) else rows


def plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns as plain object columns (same values; cheaper to filter and match)."""
    text = [c for c, dtype in frame.dtypes.items() if dtype == "str"]
    return frame.astype(dict.fromkeys(text, object)) if text else frame


def _carrying_commune_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows that report at least one commune-level count (a district row of district counts only,
    such as articles published, says nothing about its communes' reports)."""
    import numpy as np

    codes = [c for c in rows.columns if c in ELEMENTS and ELEMENTS[c].kind == "count"]
    if rows.empty:
        return rows
    commune = (rows["level"] == "commune").to_numpy()
    if not codes:
        return rows[commune]
    carries = ~np.isnan(np.column_stack([rows[c].to_numpy(dtype=float) for c in codes])).all(axis=1)
    return rows[commune | carries]


def _survey_years(survey: Any) -> set[int] | None:
    """The years present in survey microdata; None when it names no year (it then fits any year)."""
    srows = getattr(survey, "rows", getattr(survey, "frame", None))
    if srows is None or "year" not in getattr(srows, "columns", []):
        return None
    if len(srows) and not srows["year"].notna().any():  # a year column left blank
        return None
    return {int(y) for y in srows["year"].dropna().unique()}


def _pick_year(year: int | None, rows: pd.DataFrame, survey: Any) -> int:
    """--year, else the latest year in the report rows or the survey."""
    if year is not None:
        return int(year)
    years: list[int] = []
    if len(rows):
        years.append(int(rows["year"].max()))
    srows = getattr(survey, "rows", None)
    if srows is not None and "year" in getattr(srows, "columns", []) and len(srows) and srows["year"].notna().any():
        years.append(int(srows["year"].max()))
    if not years:
        raise CltrackError("no data rows to evaluate and no --year given")
    return max(years)


def _groups(plan: Plan, area: pd.DataFrame, level: str, unit_name: str | None) -> pd.DataFrame:
    """The units results are given for at `level`: index = group key, columns name and code."""
    import pandas as pd

    if level == "plan":
        name, code = area_name(plan)
        return pd.DataFrame({"name": [name], "code": [code]}, index=pd.Index(["plan"], name="_group"))
    col = GROUP_COLUMN[level]
    g = area[[col, NAME_COLUMN[level]]].drop_duplicates(col)
    return pd.DataFrame({"name": g[NAME_COLUMN[level]].to_numpy(), "code": g[col].to_numpy()}, index=pd.Index(g[col].to_numpy(), name="_group"))


def _target_results(
    plan: Plan,
    target: Target,
    rows: pd.DataFrame,
    base_rows: pd.DataFrame | None,
    baseline_year: int | None,
    area: pd.DataFrame,
    groups: pd.DataFrame,
    level: str,
    year: int,
    findings: list[Finding],
    memo: dict[Any, Any] | None = None,
) -> list[Result]:
    """Results of one target at every group."""
    tr = target_rows(target, rows)
    _flag_numerator_over_denominator(tr, findings)
    sums = group_sums(tr, area, level, memo).reindex(groups.index)
    base: dict[str, float | None] = {}
    if target.baseline is None and base_rows is not None:
        bsums = group_sums(target_rows(target, base_rows), area, level, memo).reindex(groups.index)
        base = {str(k): _actual(target, r.num, r.den, r.reporting) for k, r in bsums.iterrows()}
    percent = target.percent
    reporting = sums["reporting"].fillna(0).astype(int).tolist()
    expected = sums["expected"].fillna(0).astype(int).tolist()
    nums = [to_float(v) if r else None for v, r in zip(sums["num"].tolist(), reporting, strict=True)]
    dens = [to_float(v) if r and percent else None for v, r in zip(sums["den"].tolist(), reporting, strict=True)]
    approx = sums["approximate"].fillna(False).astype(bool).tolist()
    if target.baseline is not None:
        b_vals: list[float | None] = [target.baseline.value] * len(groups)
        b_year = target.baseline.year
    else:
        b_vals = [base.get(str(k)) for k in groups.index]
        b_year = baseline_year
    if target.qualitative or target.comparator is None or target.value is None:
        figs = [
            attainment.figures(numerator=nv, denominator=dv, comparator=None, target=None, year=year, deadline=target.deadline,
                               percent=percent, baseline=b, baseline_year=b_year, direction=target.direction)
            for nv, dv, b in zip(nums, dens, b_vals, strict=True)
        ]
    else:
        figs = attainment.figures_vector(nums, dens, comparator=target.comparator, target=target.value, year=year,
                                         deadline=target.deadline, percent=percent, baselines=b_vals, baseline_year=b_year)
    out = [
        Result(
            target=target.id, unit=name, unit_code=code, level=level, year=year, numerator=nv, denominator=dv,
            actual=f.actual, comparator=target.comparator, target_value=target.value, attainment_pct=f.attainment_pct,
            status=f.status, gap=f.gap, gap_count=f.gap_count, units_reporting=rep, units_expected=exp_,
            expected_value=f.expected_value, progress_pct=f.progress_pct, baseline=b,
            baseline_year=b_year if b is not None else None, approximate=ap,
        )
        for name, code, nv, dv, f, rep, exp_, b, ap in zip(
            groups["name"].tolist(), groups["code"].tolist(), nums, dens, figs, reporting, expected, b_vals, approx, strict=True
        )
    ]
    if level in ("plan", "province", "district") and all(r.status == "no_data" for r in out) and out:
        findings.append(make("no-data-for-target", target=target.id))
    return out


def to_float(value: Any) -> float | None:
    """A float, or None for NaN."""
    if value is None or value != value:
        return None
    return float(value)


def _actual(target: Target, num: Any, den: Any, reporting: Any) -> float | None:
    """The actual value from sums (for a baseline year)."""
    if not reporting or reporting != reporting or to_float(num) is None:
        return None
    if target.kind == "count" and target.unit != "percent":
        return float(num)
    d = to_float(den)
    if not d:
        return None
    return float(num) * 100 / d


def _flag_numerator_over_denominator(tr: TargetRows, findings: list[Finding]) -> None:
    """An error finding for every used row whose numerator exceeds its denominator."""
    t = tr.target
    if t.unit_share is not None or not t.numerator or not t.denominator:
        return
    over = tr.used["_num"].to_numpy(dtype=float) > tr.used["_den"].to_numpy(dtype=float)
    if not over.any():
        return
    bad = tr.used[over]
    for r in bad[["_file", "_sheet", "_row", "_num", "_den"]].itertuples(index=False):
        findings.append(
            make("numerator-exceeds-denominator", file=r[0], sheet=r[1], row=int(r[2]),
                 numerator=_fmt(r[3]), denominator=_fmt(r[4]), target=t.id)
        )


def _fmt(x: float) -> str:
    """Whole numbers without decimals."""
    return str(int(x)) if float(x).is_integer() else str(x)


# --------------------------------------------------------------------------- survey


def _survey_results(
    plan: Plan, target: Target, survey: Any, groups: pd.DataFrame, level: str, year: int, findings: list[Finding],
    area: pd.DataFrame | None = None, cache: dict[tuple[str, str, str], pd.DataFrame] | None = None,
) -> list[Result]:
    """Rate targets from survey microdata: weighted rate with SE and 95% CI per group."""
    from cltrack.compute import survey as survey_mod

    rules_name = target.survey_rules or plan.survey_rules
    key = (rules_name, target.survey_measure, level)
    cache = cache if cache is not None else {}
    if key not in cache:
        rules = survey_mod.load_rules(rules_name)
        scoped = _survey_scope(survey, plan, area)
        by = [] if level == "plan" else [level]
        est = survey_mod.estimate(scoped, rules, by=by, measure=target.survey_measure, year=year)
        if not any(k[0] == rules_name and k[1] == target.survey_measure for k in cache):
            findings.extend(est.attrs.get("findings", []))
        cache[key] = est
    est = cache[key]
    if level == "plan":
        table = {str(groups.index[0]): est.iloc[0].to_dict()} if len(est) else {}
    else:
        code_col = GROUP_COLUMN[level]
        table = {str(r[code_col]): r for r in est.to_dict("records")} if code_col in est.columns else {}
    b = target.baseline
    out: list[Result] = []
    for key_, g in zip(groups.index, groups.itertuples(), strict=True):
        e = table.get(str(key_)) if level == "plan" else table.get(str(g.code))
        n_unw = int(e["n_unweighted"]) if e is not None and e.get("n_unweighted") == e.get("n_unweighted") else 0
        if e is None or not n_unw or not e.get("denominator"):
            out.append(Result(target=target.id, unit=g.name, unit_code=g.code, level=level, year=year, numerator=None,
                              denominator=None, actual=None, comparator=target.comparator, target_value=target.value,
                              attainment_pct=None, status="no_data", gap=None, gap_count=None, units_reporting=0,
                              units_expected=1, source="survey", n_unweighted=n_unw))
            continue
        num, den = float(e["numerator"]), float(e["denominator"])
        fig = attainment.figures(
            numerator=num, denominator=den, comparator=target.comparator, target=target.value,
            year=year, deadline=target.deadline, baseline=b.value if b else None, baseline_year=b.year if b else None,
            direction=target.direction, actual_override=float(e["rate"]),
        )
        ci_low, ci_high = to_float(e.get("ci_low")), to_float(e.get("ci_high"))
        out.append(
            Result(
                target=target.id, unit=g.name, unit_code=g.code, level=level, year=year,
                numerator=num, denominator=den, actual=fig.actual,
                comparator=target.comparator, target_value=target.value, attainment_pct=fig.attainment_pct,
                status=fig.status, gap=fig.gap, gap_count=fig.gap_count, units_reporting=1, units_expected=1,
                expected_value=fig.expected_value, progress_pct=fig.progress_pct,
                baseline=b.value if b else None, baseline_year=b.year if b else None, source="survey",
                se=to_float(e.get("se")), ci_low=ci_low, ci_high=ci_high, n_unweighted=n_unw,
                reliable=bool(e.get("reliable")) if e.get("reliable") is not None else None,
                significance=significance(target.comparator, target.value, ci_low, ci_high),
            )
        )
    return out


def _survey_scope(survey: Any, plan: Plan, area: pd.DataFrame | None) -> Any:
    """The survey rows inside the plan's area (and the --unit scope), as the same SurveyData type."""
    import dataclasses

    frame = getattr(survey, "frame", survey)
    mask = None
    if plan.area.province_code and "province_code" in frame.columns and frame["province_code"].notna().any():
        mask = (frame["province_code"].astype(object) == plan.area.province_code).to_numpy()
        if plan.area.district_code and "district_code" in frame.columns:
            mask &= (frame["district_code"].astype(object) == plan.area.district_code).to_numpy()
        if area is not None and "commune_code" in frame.columns:  # --unit: only that unit's children
            in_area = frame["district_code"].astype(object).isin(set(area["district_code"])).to_numpy()
            has_commune = frame["commune_code"].notna().to_numpy()
            in_area &= ~has_commune | frame["commune_code"].astype(object).isin(set(area["commune_code"])).to_numpy()
            mask &= in_area
    if mask is None or mask.all():
        return survey
    scoped = frame.loc[mask]
    return dataclasses.replace(survey, frame=scoped) if dataclasses.is_dataclass(survey) else scoped




def significance(comparator: str | None, target: float | None, ci_low: float | None, ci_high: float | None) -> str | None:
    """'significant' when the whole 95% CI lies on the actual's side of the target, else 'not_significant'."""
    if comparator is None or target is None or ci_low is None or ci_high is None:
        return None
    lo_ok = attainment.holds(ci_low, comparator, target)
    hi_ok = attainment.holds(ci_high, comparator, target)
    return "significant" if lo_ok == hi_ok else "not_significant"


# --------------------------------------------------------------------------- files in, evaluation out

UNREADABLE: frozenset[str] = frozenset({"file-not-found", "file-unreadable", "unsupported-format"})
def evaluate_files(
    plan_ref: str,
    paths: list[str | Path],
    *,
    targets_dir: str | None = None,
    survey_paths: list[str | Path] | None = None,
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    baseline_year: int | None = None,
    sheet: str | None = None,
    unit_level: str | None = None,
) -> Evaluation:
    """Load the plan, read report (and survey) files, evaluate; unreadable input raises CltrackError.

    Files that look like survey microdata (age and hours_work columns) go to the survey reader.
    With `unit_level` (commune or district), results at that level are added as `unit_results`.
    """
    from cltrack.plans import catalogue as plans

    plan = plans.load_plan(plan_ref, targets_dir=targets_dir)
    survey_files = [p for p in (survey_paths or [])]
    report_files: list[str | Path] = []
    for p in paths:
        (survey_files if looks_like_survey(p) else report_files).append(p)
    data = None
    if report_files:
        from cltrack.reading.reports import read_reports

        data = read_reports(report_files, plan=plan, year=year, sheet=sheet)
        bad = [f for f in data.findings if f.code in UNREADABLE]
        if bad:
            from cltrack.findings import one_line

            raise CltrackError(one_line(bad[0], "en"))
    survey = read_survey(survey_files, year) if survey_files else None
    if data is None and survey is None:
        raise CltrackError("no data files given")
    evaluation = evaluate(plan, data, year=year, level=level, unit=unit, survey=survey, baseline_year=baseline_year)
    if unit_level and LEVEL_ORDER[unit_level] < LEVEL_ORDER[evaluation.level]:
        finer = evaluate(plan, data, year=evaluation.year, level=unit_level, unit=unit, survey=survey, baseline_year=baseline_year)
        evaluation.unit_results = finer.results
    return evaluation


def read_survey(paths: list[str | Path], year: int | None = None) -> Any:
    """Survey microdata from `paths` via the survey reader (missing files raise CltrackError)."""
    for p in paths:
        if not Path(p).exists():
            raise CltrackError(f"{p}: file not found")
    from cltrack.reading import survey as survey_reader

    return survey_reader.read_microdata(paths, year=year)
