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
    assert "R = 0.75" in p.explanation.en and "R = 0,75" in p.explanation.vi  # the decimal comma in Vietnamese


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


def test_base_value_zero_is_judged_on_the_straight_line_and_agrees_with_its_projection():
    # issue 16: 0% (2021) -> 40% (2024), target >= 90% by 2025. With 0.001 for 0, R = 2.03 "on track"
    # beside a projection of 53%. The growth rate is undefined at 0: the straight line judges it.
    p = _p(0, 40, 90, years=(2021, 2024, 2025))
    assert p.method == "linear" and p.fallback == "base_zero"
    assert p.slope_observed == pytest.approx(40 / 3)  # 13.33 points a year
    assert p.slope_required == pytest.approx(90 / 4)  # 22.5 points a year from 0 in 2021 to 90 in 2025
    assert p.ratio == pytest.approx((40 / 3) / 22.5) == pytest.approx(0.5926, abs=1e-4)
    assert p.verdict == "limited"  # below 0.6
    assert p.projected == pytest.approx(40 + 40 / 3)  # 53.33% in 2025: short of 90%, as the verdict says
    assert p.cagr_observed is None and "0.001" not in p.explanation.en
    assert "undefined from a base value of 0" in p.explanation.en


def test_target_zero_verdict_does_not_depend_on_the_unit_of_measure():
    # "no child labour": 8 -> 2 in two years (2021-2023), target 0 by 2025. Straight line: -3/yr
    # observed, -2/yr needed (8 -> 0 in 4 years), R = 1.5. The same in per cent, per mille or counts.
    ratios = set()
    for scale in (1, 10, 1000):
        p = _p(8 * scale, 2 * scale, 0, direction=-1, comparator="<=", percent=False)
        assert p.method == "linear" and p.fallback == "target_zero"
        assert p.verdict == "on_track"
        ratios.add(round(p.ratio, 12))
        assert p.projected == 0.0  # 2 - 3 x 2 years, kept at 0
    assert ratios == {1.5}


def test_linear_method_on_track_exactly_when_its_projection_reaches_the_target():
    # 50 (2021) -> 65 (2024), target >= 70 by 2025: +5/yr observed, +5/yr needed, R = 1
    p = anticipated_progress(
        base_year=2021, base_value=50, current_year=2024, current_value=65, target_value=70, deadline=2025,
        direction=1, comparator=">=", percent=True, method="linear")
    assert p.ratio == pytest.approx(1.0) and p.verdict == "on_track" and p.projected == pytest.approx(70.0)
    q = anticipated_progress(base_year=2021, base_value=50, current_year=2024, current_value=64, target_value=70,
                             deadline=2025, direction=1, comparator=">=", percent=True, method="linear")
    assert q.ratio == pytest.approx(14 / 3 / 5) and q.verdict == "moderate"  # R = 0.933, projected 68.67
    assert q.projected == pytest.approx(64 + 14 / 3)


def test_on_track_short_of_the_target_says_so_beside_its_projection():
    # Statistics Canada's on-track band starts at R = 0.95, so an on-track projection can fall a
    # little short: 60 -> 73 (2021-2023), >= 90 by 2025. CAGR_o = sqrt(73/60) - 1 = 10.30%,
    # CAGR_r = 1.5^(1/4) - 1 = 10.67%, R = 0.9657; projected 73 x 73/60 = 88.82%.
    p = _p(60, 73, 90)
    assert p.ratio == pytest.approx((math.sqrt(73 / 60) - 1) / (1.5 ** 0.25 - 1)) == pytest.approx(0.9657, abs=1e-4)
    assert p.verdict == "on_track"
    assert p.projected == pytest.approx(73 * 73 / 60)
    assert "a little short of the target" in p.explanation.en
    q = _p(60, 74, 90)  # R = 1.036, projected 91.27%: nothing to add
    assert q.verdict == "on_track" and "short" not in q.explanation.en
    assert _p(60, 72.5, 90).verdict == "moderate"  # R = 0.930


def test_after_the_deadline_the_verdict_is_met_or_not_met_with_the_deadline_value():
    t = Target(id="M2.1a", objective="2", kind="ratio", comparator=">=", value=90.0, unit="percent",
               deadline=2025, level="district", text_vi="", text_en="", section="", short=Text("", ""))
    p = measure(t, {2021: 60.0, 2023: 80.0, 2025: 88.0, 2026: 95.0})
    assert (p.verdict, p.method, p.current_year, p.current_value) == ("not_met", "deadline", 2025, 88.0)
    assert p.projected is None and p.ratio is None  # no "anticipated" progress once the deadline has come
    assert "Not met at the deadline 2025: 88.00% in 2025" in p.explanation.en
    q = measure(t, {2021: 60.0, 2024: 91.0, 2025: None}, as_of_year=2025)
    assert (q.verdict, q.current_year) == ("met", 2024)
    assert "no value for 2025" in q.explanation.en
    before = measure(t, {2021: 60.0, 2023: 70.0}, as_of_year=2024)
    assert before.method == "cagr" and before.verdict == "moderate"


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
