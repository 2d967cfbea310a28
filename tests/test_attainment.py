"""The contract's arithmetic on hand-computed numbers (cltrack.compute.attainment)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cltrack.compute import attainment as a


def test_63_of_70_is_exactly_90_percent_so_ge_holds_and_gt_does_not() -> None:
    # 100 * 63 / 70 = 90 exactly; in binary floating point it is 90.00000000000001.
    assert a.ratio_pct(63, 70) == Fraction(90)
    assert a.holds(a.ratio_pct(63, 70), ">=", 90)
    assert not a.holds(a.ratio_pct(63, 70), ">", 90)


def test_gt_target_at_the_threshold_needs_one_more_person() -> None:
    # "Trên 90%": 63/70 = 90% is not above 90; 64/70 = 91.43% is.
    assert a.gap_count_ratio(63, 70, ">", 90) == 1
    assert a.gap_count_ratio(63, 70, ">=", 90) == 0
    assert a.gap_count_ratio(64, 70, ">", 90) == 0


def test_gap_count_is_the_smallest_whole_number_meeting_the_target() -> None:
    # 1234 of 1400 against >= 90%: need 1260 (= 0.9 * 1400) -> 26 more (the contract's example).
    assert a.gap_count_ratio(1234, 1400, ">=", 90) == 26
    # 7 of 10 against >= 70%: met, 0.
    assert a.gap_count_ratio(7, 10, ">=", 70) == 0
    # 69 of 101 against >= 70%: 70.7 needed -> 71 -> 2 more.
    assert a.gap_count_ratio(69, 101, ">=", 70) == 2
    # 0.1 + 0.2 style trap: 3 of 10 against >= 30% holds exactly.
    assert a.gap_count_ratio(3, 10, ">=", 30) == 0


def test_le_rate_target_counts_people_fewer() -> None:
    # 12 child labourers of 2000 = 0.6% against <= 0.5%: allowed 10 -> 2 fewer.
    assert a.gap_count_ratio(12, 2000, "<=", 0.5) == 2
    assert a.gap_count_ratio(10, 2000, "<=", 0.5) == 0
    # strictly below 0.5%: 10 of 2000 is exactly 0.5%, so 1 fewer is needed.
    assert a.gap_count_ratio(10, 2000, "<", 0.5) == 1
    # 11 of 2001: bound 10.005 -> allowed 10 -> 1 fewer.
    assert a.gap_count_ratio(11, 2001, "<=", 0.5) == 1


def test_attainment_pct_by_comparator() -> None:
    assert a.attainment_pct(Fraction(88), ">=", 90) == pytest.approx(97.7777, rel=1e-4)
    # <= : 100 * target / actual: 0.5 / 0.6 = 83.33%
    assert a.attainment_pct(Fraction(6, 10), "<=", 0.5) == pytest.approx(83.3333, rel=1e-4)
    # actual 0 and met -> 100; not capped above 100
    assert a.attainment_pct(0, "<=", 0.5) == 100.0
    assert a.attainment_pct(Fraction(1, 4), "<=", 0.5) == 200.0


def test_gap_in_target_unit_zero_when_met_never_negative() -> None:
    assert a.gap(Fraction(8814, 100), ">=", 90) == pytest.approx(1.86)
    assert a.gap(95, ">=", 90) == 0.0
    assert a.gap(Fraction(6, 10), "<=", 0.5) == pytest.approx(0.1)
    assert a.gap(Fraction(4, 10), "<=", 0.5) == 0.0


def test_expected_value_is_the_straight_line_from_baseline_to_target() -> None:
    # baseline 50% in 2020, target 90% in 2025: 2023 -> 50 + 40 * 3/5 = 74
    assert a.expected_value(50, 2020, 90, 2025, 2023) == pytest.approx(74.0)
    assert a.expected_value(50, 2020, 90, 2025, 2025) == 90.0
    assert a.progress_pct(74, 50, 90) == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("actual", "comparator", "target", "year", "baseline", "expected_status"),
    [
        (95, ">=", 90, 2023, (50, 2020), "met"),
        (75, ">=", 90, 2023, (50, 2020), "on_track"),  # expected 74
        (74, ">=", 90, 2023, (50, 2020), "on_track"),  # exactly on the line
        (73, ">=", 90, 2023, (50, 2020), "off_track"),
        (89, ">=", 90, 2025, (50, 2020), "shortfall"),  # deadline year
        (89, ">=", 90, 2023, None, "shortfall"),  # no baseline
        (None, ">=", 90, 2023, (50, 2020), "no_data"),
        # <= rate: baseline 2.0% in 2021 down to 0.5% in 2025; 2023 expects 1.25%
        (1.2, "<=", 0.5, 2023, (2.0, 2021), "on_track"),
        (1.3, "<=", 0.5, 2023, (2.0, 2021), "off_track"),
        (0.5, "<=", 0.5, 2023, (2.0, 2021), "met"),
        (0.5, "<", 0.5, 2025, (2.0, 2021), "shortfall"),
    ],
)
def test_status_table_of_the_contract(actual, comparator, target, year, baseline, expected_status) -> None:  # noqa: ANN001
    b, by = baseline if baseline else (None, None)
    assert a.status(actual, comparator, target, year=year, deadline=2025, baseline=b, baseline_year=by) == expected_status


def test_qualitative_target_met_when_moved_the_named_way() -> None:
    assert a.qualitative_status(1.0, "decrease", year=2024, deadline=2030, baseline=1.5) == "met"
    assert a.qualitative_status(1.5, "decrease", year=2024, deadline=2030, baseline=1.5) == "off_track"
    assert a.qualitative_status(1.6, "decrease", year=2030, deadline=2030, baseline=1.5) == "shortfall"
    assert a.qualitative_status(1.0, "decrease", year=2024, deadline=2030, baseline=None) == "no_data"


def test_figures_ratio_with_zero_denominator_is_no_data() -> None:
    f = a.figures(numerator=0, denominator=0, comparator=">=", target=90, year=2024, deadline=2025)
    assert f.status == "no_data" and f.actual is None and f.gap_count is None


def test_figures_count_target() -> None:
    # "at least 1 inspection": 0 done -> shortfall, 1 more needed
    f = a.figures(numerator=0, denominator=None, comparator=">=", target=1, year=2024, deadline=2024, percent=False)
    assert (f.actual, f.status, f.gap, f.gap_count, f.attainment_pct) == (0.0, "shortfall", 1.0, 1, 0.0)


def test_figures_on_track_carries_expected_and_progress() -> None:
    # 150 of 200 = 75% in 2023, baseline 50% (2020), target >= 90% by 2025
    f = a.figures(numerator=150, denominator=200, comparator=">=", target=90, year=2023, deadline=2025, baseline=50, baseline_year=2020)
    assert f.status == "on_track"
    assert f.expected_value == pytest.approx(74.0)
    assert f.progress_pct == pytest.approx(62.5)
    assert f.gap == pytest.approx(15.0)
    assert f.gap_count == 30  # 180 needed


def test_vector_figures_agree_with_the_exact_scalar_ones() -> None:
    import random

    rng = random.Random(7)
    nums = [float(rng.randint(0, 130)) for _ in range(3000)] + [None]
    dens = [float(rng.randint(0, 120)) for _ in range(3000)] + [10.0]
    bases = [rng.choice([None, 50.0, 0.7]) for _ in range(3001)]
    for comparator, value in [(">=", 90.0), (">", 90.0), ("<=", 0.5), ("<", 0.5), ("==", 100.0), (">=", 70.0)]:
        vec = a.figures_vector(nums, dens, comparator=comparator, target=value, year=2023, deadline=2025, baselines=bases, baseline_year=2021)
        for n, d, b, v in zip(nums, dens, bases, vec, strict=True):
            s = a.figures(numerator=n, denominator=d, comparator=comparator, target=value, year=2023, deadline=2025,
                          baseline=b, baseline_year=2021 if b is not None else None)
            assert (v.status, v.gap_count) == (s.status, s.gap_count)
            assert v.actual == pytest.approx(s.actual) and v.gap == pytest.approx(s.gap)
            assert v.attainment_pct == pytest.approx(s.attainment_pct)
