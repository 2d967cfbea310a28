"""Results of one report-count target at every group: sums through the contract's attainment rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cltrack.compute import attainment
from cltrack.compute.group_sums import group_sums
from cltrack.compute.target_rows import TargetRows, target_rows
from cltrack.findings import make
from cltrack.models import Finding, Plan, Result, Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

def target_results(
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
