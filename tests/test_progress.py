"""Anticipated progress (Statistics Canada / Eurostat / Open SDG method), figures worked by hand."""

from __future__ import annotations

import math

import pytest

from cltrack.compute.progress import anticipated_progress, limit_coefficient, measure
from cltrack.models import Baseline, Target, Text


def _p(base: float, current: float, target: float | None, *, direction: int = 1, comparator: str | None = ">=",
       percent: bool = True, years: tuple[int, int, int] = (2021, 2023, 2025)):
    t0, t1, deadline = years
    return anticipated_progress(base_year=t0, base_value=base, current_year=t1, current_value=current,
                                target_value=target, deadline=deadline, direction=direction,
                                comparator=comparator if target is not None else None, percent=percent)


def test_increasing_target_ratio_of_observed_to_required_growth():
    # 60% (2021) -> 70% (2023), target >= 90% by 2025
    p = _p(60, 70, 90)
    cagr_o = math.sqrt(70 / 60) - 1  # 0.0801234
    cagr_r = 1.5 ** 0.25 - 1  # 0.1066819
    assert p.cagr_observed == pytest.approx(0.0801234, abs=1e-7) == pytest.approx(cagr_o)
    assert p.cagr_required == pytest.approx(0.1066819, abs=1e-7)
    assert p.ratio == pytest.approx(cagr_o / cagr_r) == pytest.approx(0.75105, abs=1e-5)
    assert p.verdict == "moderate"
    assert p.projected == pytest.approx(70 * (70 / 60))  # 81.667: two more years at the same pace
    assert "R = 0.75" in p.explanation.en and "R = 0.75" in p.explanation.vi


def test_decreasing_target_sign_flips_with_direction():
    # rate 10% -> 8.1% in two years (-10%/yr), target <= 5% by 2025 needs -15.91%/yr
    p = _p(10, 8.1, 5, direction=-1, comparator="<=")
    assert p.cagr_observed == pytest.approx(-0.1)
    assert p.cagr_required == pytest.approx(0.5 ** 0.25 - 1)
    assert p.ratio == pytest.approx(0.1 / (1 - 0.5 ** 0.25)) == pytest.approx(0.62852, abs=1e-5)
    assert p.verdict == "moderate"
    assert p.projected == pytest.approx(8.1 * 0.81)


def test_decreasing_target_falling_fast_enough_is_on_track():
    p = _p(10, 6.4, 5, direction=-1, comparator="<=")  # -20%/yr against -15.91%/yr
    assert p.ratio == pytest.approx(0.2 / (1 - 0.5 ** 0.25))
    assert p.verdict == "on_track"


def test_verdict_thresholds_limited_and_regressing():
    assert _p(60, 62, 90).verdict == "limited"  # R = 0.155
    assert _p(60, 55, 90).verdict == "regressing"  # R < 0
    assert _p(10, 11, 5, direction=-1, comparator="<=").verdict == "regressing"


def test_target_already_met_is_achieved_by_its_comparator():
    assert _p(60, 91, 90).verdict == "achieved"
    assert _p(60, 90, 90, comparator=">").verdict != "achieved"  # "trên 90%" is strictly more
    assert _p(10, 5, 5, direction=-1, comparator="<=").verdict == "achieved"


def test_qualitative_target_uses_growth_thresholds_0015_0005_0():
    def q(current: float) -> str:
        return _p(100, current, None, percent=False).verdict

    assert q(100 * 1.02 ** 2) == "on_track"  # +2%/yr
    assert q(100 * 1.01 ** 2) == "moderate"  # +1%/yr
    assert q(100 * 1.004 ** 2) == "limited"  # +0.4%/yr
    assert q(98) == "regressing"
    assert _p(100, 96, None, direction=-1, percent=False).verdict == "on_track"  # falling 2%/yr is good


def test_limit_coefficient_scales_thresholds_near_100_percent():
    coeff = 1 - 0.95 ** 4.44  # Open SDG: 1 - (base/limit)^4.44
    assert limit_coefficient(95, 100) == pytest.approx(coeff) == pytest.approx(0.20367, abs=1e-5)
    p = _p(95, 96, None)  # +0.525%/yr: moderate without scaling, on track near the 100% cap
    assert p.coefficient == pytest.approx(coeff)
    assert p.thresholds[0] == pytest.approx(0.015 * coeff)
    assert p.ratio == pytest.approx(math.sqrt(96 / 95) - 1)
    assert p.verdict == "on_track"
    assert _p(95, 96, None, percent=False).verdict == "moderate"  # a count has no cap


def test_limit_coefficient_branches():
    assert limit_coefficient(0, 0) == 1.0  # a rate falling toward 0: no scaling
    assert limit_coefficient(250, 100) == 1.0
    assert limit_coefficient(120, 100) == pytest.approx(1 - 0.8 ** 4.44)
    assert limit_coefficient(100, 100) == 0.0


def test_base_value_zero_is_computed_as_0001_and_projected_linearly():
    p = _p(0, 10, 50)
    assert p.base_substituted
    assert p.cagr_observed == pytest.approx(99.0)  # (10 / 0.001) ** (1/2) - 1
    assert p.cagr_required == pytest.approx(50000 ** 0.25 - 1)
    assert p.ratio == pytest.approx(99 / (50000 ** 0.25 - 1))
    assert p.verdict == "on_track"
    assert p.projected == pytest.approx(20.0)  # +5 points a year for two more years
    assert "0.001" in p.explanation.en


def test_target_zero_is_computed_as_0001():
    p = _p(8, 2, 0, direction=-1, comparator="<=", percent=False)
    assert p.cagr_required == pytest.approx((0.001 / 8) ** 0.25 - 1)
    assert p.ratio == pytest.approx(0.5 / (1 - 0.000125 ** 0.25)) == pytest.approx(0.5591, abs=1e-4)
    assert p.verdict == "limited"


def test_one_year_of_data_is_not_available():
    p = anticipated_progress(base_year=2023, base_value=50, current_year=2023, current_value=50,
                             target_value=90, deadline=2025, direction=1, comparator=">=")
    assert p.verdict == "not_available"
    assert "two years" in p.explanation.en


def test_measure_takes_the_plans_baseline_before_the_first_year():
    t = Target(id="M2.1a", objective="2", kind="ratio", comparator=">=", value=90.0, unit="percent",
               deadline=2025, level="district", text_vi="", text_en="", section="", short=Text("", ""),
               baseline=Baseline(2020, 50.0))
    p = measure(t, {2022: 60.0, 2023: None, 2024: 70.0})
    assert (p.base_year, p.base_value, p.current_year, p.current_value) == (2020, 50.0, 2024, 70.0)
    assert p.ratio == pytest.approx((1.4 ** 0.25 - 1) / (1.8 ** 0.2 - 1))
    no_base = Target(**{**t.__dict__, "baseline": None})
    q = measure(no_base, {2022: 60.0, 2024: 70.0})
    assert (q.base_year, q.base_value) == (2022, 60.0)
