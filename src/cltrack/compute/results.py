"""Results of one report-count target at every group: sums through the contract's attainment rules.

The baseline of each result comes, in the contract's order, from the plan (value and year), from
`--baseline-year` (that year's sums for the unit), else from the data: the earliest year before
the evaluated one, and not before the plan's first year minus one, in which the target has a value
for the unit (`baseline_source` plan / option / data, or None when there is none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from cltrack.compute import attainment
from cltrack.compute.group_sums import AreaIndex, GroupSums, group_sums
from cltrack.compute.target_rows import RowArrays, target_rows
from cltrack.findings import make
from cltrack.models import Finding, Level, Plan, Result, Status, Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

def target_results(
    plan: Plan,
    target: Target,
    rows: RowArrays,
    history: Mapping[int, RowArrays],
    baseline_source: str | None,
    area: AreaIndex,
    groups: pd.DataFrame,
    level: Level,
    year: int,
    findings: list[Finding],
    memo: dict[Any, Any] | None = None,
    min_coverage: float = 50.0,
) -> list[Result]:
    """Results of one target at every group (below `min_coverage` percent of units: insufficient_data);
    `history` holds the rows of the years a baseline may come from."""
    sums = year_sums(target, rows, year, area, level, groups.index, memo)
    percent = target.percent
    reporting = sums.reporting.tolist()
    expected = sums.expected.tolist()
    nums = [to_float(v) if r else None for v, r in zip(sums.num.tolist(), reporting, strict=True)]
    dens = [to_float(v) if r and percent else None for v, r in zip(sums.den.tolist(), reporting, strict=True)]
    approx = sums.approximate.tolist()
    if target.baseline is not None:
        b_vals: list[float | None] = [target.baseline.value] * len(groups)
        b_years: list[int | None] = [target.baseline.year] * len(groups)
        b_source: str | None = "plan"
    else:
        b_vals, b_years = _earliest(target, history, area, groups, level, memo)
        b_source = baseline_source
    if target.qualitative or target.comparator is None or target.value is None:
        figs = [
            attainment.figures(numerator=nv, denominator=dv, comparator=None, target=None, year=year, deadline=target.deadline,
                               percent=percent, baseline=b, baseline_year=by, direction=target.direction)
            for nv, dv, b, by in zip(nums, dens, b_vals, b_years, strict=True)
        ]
    else:
        figs = attainment.figures_vector(nums, dens, comparator=target.comparator, target=target.value, year=year,
                                         deadline=target.deadline, percent=percent, baselines=b_vals, baseline_year=b_years)
    coverage = [coverage_pct(rep, exp_) for rep, exp_ in zip(reporting, expected, strict=True)]
    reason = attainment.shortfall_reason("shortfall", year, target.deadline)  # why any shortfall of this target is one
    tid, comparator, value = target.id, target.comparator, target.value
    out = [
        Result(
            target=tid, unit=name, unit_code=code, level=level, year=year, numerator=nv, denominator=dv,
            actual=actual, comparator=comparator, target_value=value, attainment_pct=att,
            status=judged(status, cov, min_coverage), gap=gap, gap_count=gap_count,
            units_reporting=rep, units_expected=exp_, coverage_pct=cov,
            expected_value=expected_value, progress_pct=progress, baseline_value=b,
            baseline_year=by if b is not None else None, baseline_source=b_source if b is not None else None,
            shortfall_reason=reason if status == "shortfall" else None, approximate=ap,
        )
        for name, code, nv, dv, (actual, att, status, gap, gap_count, expected_value, progress), rep, exp_, cov, b, by, ap in zip(
            groups["name"].tolist(), groups["code"].tolist(), nums, dens, figs, reporting, expected, coverage, b_vals, b_years,
            approx, strict=True,
        )
    ]
    if level in ("plan", "province", "district") and all(r.status == "no_data" for r in out) and out:
        findings.append(make("no-data-for-target", target=target.id))
    return out


def _earliest(target: Target, history: Mapping[int, RowArrays], area: AreaIndex, groups: pd.DataFrame,
              level: str, memo: dict[Any, Any] | None) -> tuple[list[float | None], list[int | None]]:
    """Per group, the value and year of the earliest year in `history` (oldest first) with a value for it (column-wise)."""
    import numpy as np

    vals = np.full(len(groups), np.nan)
    years = np.zeros(len(groups), dtype=np.int64)
    for y in sorted(history):
        missing = np.isnan(vals)
        if not missing.any():
            break
        value = _actual_vector(target, year_sums(target, history[y], y, area, level, groups.index, memo))
        take = missing & ~np.isnan(value)
        vals[take], years[take] = value[take], y
    known = ~np.isnan(vals)
    return ([float(v) if k else None for v, k in zip(vals.tolist(), known.tolist(), strict=True)],
            [int(y) if k else None for y, k in zip(years.tolist(), known.tolist(), strict=True)])


def year_sums(target: Target, rows: RowArrays, year: int, area: AreaIndex, level: str, groups: pd.Index,
              memo: dict[Any, Any] | None) -> GroupSums:
    """`group_sums` of the target's rows of one year at `level`; kept in `memo` (with the target's rows,
    which every level shares) for the other evaluations of the same data: a year's sums are also
    later years' baseline."""
    key = ("sums", target.id, year, level)
    if memo is not None and key in memo:
        return cast("GroupSums", memo[key])
    tr = memo.get(("target_rows", target.id, year)) if memo is not None else None
    if tr is None:
        tr = target_rows(target, rows)
    out = group_sums(tr, area, level, groups)
    if memo is not None:
        memo[("target_rows", target.id, year)], memo[key] = tr, out
    return out


def _actual_vector(target: Target, sums: GroupSums) -> Any:
    """Per group, the actual value from sums (for a baseline year): NaN where a group does not report, or its denominator is blank or 0."""
    import numpy as np

    reporting = sums.reporting > 0
    num = sums.num
    if target.kind == "count" and target.unit != "percent":
        value = num
    else:
        den = sums.den
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where((den != 0) & ~np.isnan(den), num * 100 / den, np.nan)
    return np.where(reporting, value, np.nan)


def coverage_pct(reporting: int, expected: int) -> float | None:
    """100 x units reporting / units expected (None when no unit is expected)."""
    return 100.0 * reporting / expected if expected else None


def judged(status: Status, coverage: float | None, min_coverage: float) -> Status:
    """The status, or insufficient_data when the figures rest on fewer than `min_coverage` percent of
    the units expected (`coverage`, see `coverage_pct`; no_data stays no_data)."""
    if status == "no_data" or coverage is None or coverage >= min_coverage:
        return status
    return "insufficient_data"


def to_float(value: Any) -> float | None:
    """A float, or None for NaN."""
    if value is None or value != value:
        return None
    return float(value)
