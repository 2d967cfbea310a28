"""Rate targets from survey microdata: weighted rate with SE, 95% CI and significance per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cltrack.compute import attainment
from cltrack.compute.attainment import shortfall_reason
from cltrack.compute.results import to_float
from cltrack.compute.scope import GROUP_COLUMN
from cltrack.models import Finding, Level, Plan, Result, Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.reading.survey import SurveyData

SurveyCache = dict[tuple[str, str, str, int], "pd.DataFrame"]
Estimate = dict[Any, Any]  # one row of survey.estimate (to_dict: column -> value)


def survey_results(
    plan: Plan, target: Target, survey: SurveyData | pd.DataFrame, groups: pd.DataFrame, level: Level, year: int,
    findings: list[Finding], area: pd.DataFrame | None = None, cache: SurveyCache | None = None,
    baseline_year: int | None = None,
) -> list[Result]:
    """Rate targets from survey microdata: weighted rate with SE and 95% CI per group, and each group's
    baseline in the contract's order (plan, `baseline_year`, the earliest earlier survey year)."""
    cache = cache if cache is not None else {}
    estimates = _group_estimates(plan, target, survey, groups, level, year, area, cache, findings)
    b_vals, b_years, b_source = _baselines(plan, target, survey, groups, level, year, area, cache, baseline_year)
    out: list[Result] = []
    for name, code, e, b_val, b_year in zip(groups["name"].tolist(), groups["code"].tolist(), estimates, b_vals, b_years,
                                            strict=True):
        n_unw = int(e["n_unweighted"]) if e is not None and e.get("n_unweighted") == e.get("n_unweighted") else 0
        if e is None or not _usable(e):
            out.append(Result(target=target.id, unit=name, unit_code=code, level=level, year=year, numerator=None,
                              denominator=None, actual=None, comparator=target.comparator, target_value=target.value,
                              attainment_pct=None, status="no_data", gap=None, gap_count=None, units_reporting=0,
                              units_expected=1, source="survey", n_unweighted=n_unw, coverage_pct=0.0))
            continue
        num, den = float(e["numerator"]), float(e["denominator"])
        fig = attainment.figures(
            numerator=num, denominator=den, comparator=target.comparator, target=target.value,
            year=year, deadline=target.deadline, baseline=b_val, baseline_year=b_year,
            direction=target.direction, actual_override=float(e["rate"]),
        )
        ci_low, ci_high = to_float(e.get("ci_low")), to_float(e.get("ci_high"))
        out.append(
            Result(
                target=target.id, unit=name, unit_code=code, level=level, year=year,
                numerator=num, denominator=den, actual=fig.actual,
                comparator=target.comparator, target_value=target.value, attainment_pct=fig.attainment_pct,
                status=fig.status, gap=fig.gap, gap_count=fig.gap_count, units_reporting=1, units_expected=1, coverage_pct=100.0,
                expected_value=fig.expected_value, progress_pct=fig.progress_pct,
                baseline_value=b_val, baseline_year=b_year if b_val is not None else None,
                baseline_source=b_source if b_val is not None else None, source="survey",
                shortfall_reason=shortfall_reason(fig.status, year, target.deadline),
                se=to_float(e.get("se")), ci_low=ci_low, ci_high=ci_high, n_unweighted=n_unw,
                reliable=bool(e.get("reliable")) if e.get("reliable") is not None else None,
                significance=significance(target.comparator, target.value, ci_low, ci_high),
                n_excluded=int(e.get("n_excluded") or 0), excluded_weight_pct=to_float(e.get("excluded_weight_pct")),
                ci_method=e.get("ci_method") if isinstance(e.get("ci_method"), str) else None,
                se_reason=e.get("se_reason") if isinstance(e.get("se_reason"), str) else None,
            )
        )
    return out


def _usable(e: Estimate) -> bool:
    """Whether a group's estimate has a rate (some classified child with weight)."""
    n = e.get("n_unweighted")
    return bool(n == n and n and e.get("denominator")) and to_float(e.get("rate")) is not None


def _group_estimates(plan: Plan, target: Target, survey: SurveyData | pd.DataFrame, groups: pd.DataFrame, level: Level,
                     year: int, area: pd.DataFrame | None, cache: SurveyCache,
                     findings: list[Finding] | None) -> list[Estimate | None]:
    """Per group (in order), the survey estimate of `target` in `year`, or None; the estimate's findings go
    to `findings` once per rule set and measure. `findings` None marks a baseline year: only the rows
    that name that year count (a row without a year belongs to the year evaluated)."""
    from cltrack.compute import survey as survey_mod

    rules_name = target.survey_rules or plan.survey_rules
    key = (rules_name, target.survey_measure, level, year)
    if key not in cache:
        rules = survey_mod.load_rules(rules_name)
        by = [] if level == "plan" else [level]
        scoped = _survey_scope(survey, plan, area)
        if findings is None:
            scoped = _of_year(scoped, year)
        est = survey_mod.estimate(scoped, rules, by=by, measure=target.survey_measure, year=year)
        if findings is not None and not any(k[:2] == key[:2] and k[3] == year for k in cache):
            findings.extend(est.attrs.get("findings", []))
        cache[key] = est
    est = cache[key]
    if level == "plan":
        return [est.iloc[0].to_dict() if len(est) else None] * len(groups)
    code_col = GROUP_COLUMN[level]
    table = {str(r[code_col]): r for r in est.to_dict("records")} if code_col in est.columns else {}
    return [table.get(str(code)) for code in groups["code"].tolist()]


def _baselines(plan: Plan, target: Target, survey: SurveyData | pd.DataFrame, groups: pd.DataFrame, level: Level,
               year: int, area: pd.DataFrame | None, cache: SurveyCache,
               baseline_year: int | None) -> tuple[list[float | None], list[int | None], str | None]:
    """Per group, the baseline rate and year, and their source: the plan's; `baseline_year`'s estimate
    ("option"); else the earliest survey year before `year`, not before the plan's first year minus one,
    with an estimate for the group ("data"). A survey without years gives no baseline from the data."""
    from cltrack.compute.scope import survey_years

    n = len(groups)
    if target.baseline is not None:
        return [target.baseline.value] * n, [target.baseline.year] * n, "plan"
    known = survey_years(survey)
    if baseline_year is not None:
        years, source = [baseline_year] if known is not None and baseline_year in known else [], "option"
    else:
        years, source = sorted(y for y in known or () if plan.period[0] - 1 <= y < year), "data"
    vals: list[float | None] = [None] * n
    found: list[int | None] = [None] * n
    for y in years:  # the earliest first: a group keeps the first year that has an estimate for it
        if all(v is not None for v in vals):
            break
        for i, e in enumerate(_group_estimates(plan, target, survey, groups, level, y, area, cache, None)):
            if vals[i] is None and e is not None and _usable(e):
                vals[i], found[i] = float(e["rate"]), y
    return vals, found, source


def _of_year(survey: SurveyData | pd.DataFrame, year: int) -> SurveyData | pd.DataFrame:
    """The survey rows whose year is `year` (not those without a year), as the same type."""
    import dataclasses

    import pandas as pd

    frame = survey if isinstance(survey, pd.DataFrame) else survey.frame
    if "year" not in frame.columns:
        return survey
    scoped = frame.loc[(frame["year"] == year).fillna(False).to_numpy(dtype=bool)]
    return scoped if isinstance(survey, pd.DataFrame) else dataclasses.replace(survey, frame=scoped)


def _survey_scope(survey: SurveyData | pd.DataFrame, plan: Plan, area: pd.DataFrame | None) -> SurveyData | pd.DataFrame:
    """The survey rows inside the plan's area (and the --unit scope), as the same type (SurveyData or frame)."""
    import dataclasses

    import pandas as pd

    frame = survey if isinstance(survey, pd.DataFrame) else survey.frame
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
    return scoped if isinstance(survey, pd.DataFrame) else dataclasses.replace(survey, frame=scoped)




def significance(comparator: str | None, target: float | None, ci_low: float | None, ci_high: float | None) -> str | None:
    """'significant' when the whole 95% CI lies on the actual's side of the target, else 'not_significant'."""
    if comparator is None or target is None or ci_low is None or ci_high is None:
        return None
    lo_ok = attainment.holds(ci_low, comparator, target)
    hi_ok = attainment.holds(ci_high, comparator, target)
    return "significant" if lo_ok == hi_ok else "not_significant"
