"""evaluate(): sums up the hierarchy, blanks, expected units, statuses (in-memory ReportData).

Expected figures are computed by hand in each test's comments.
"""

from __future__ import annotations

import pytest

from cltrack.compute import evaluate as ev
from cltrack.compute import scope, survey_targets
from cltrack.models import UnitShareRule
from evalkit import DL_AREA, dl_area_frame, plan, report, target, ts_area_frame


@pytest.fixture
def ts(monkeypatch: pytest.MonkeyPatch):
    """Triệu Sơn with four communes."""
    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    return ts_area_frame()


@pytest.fixture
def dl(monkeypatch: pytest.MonkeyPatch):
    """Đắk Lắk with six communes in three districts."""
    monkeypatch.setattr(scope, "area_units", lambda p: dl_area_frame())
    return dl_area_frame()


PARENTS = target("M2.1b", numerator=("parents_informed",), denominator=("parents",), comparator=">=", value=70.0, objective="2")


def by(evaluation: ev.Evaluation, tid: str, unit: str | None = None):
    """The one result of target `tid` (at `unit`)."""
    rs = [r for r in evaluation.results if r.target == tid and (unit is None or r.unit == unit)]
    assert len(rs) == 1, rs
    return rs[0]


def test_pooled_ratio_not_averaged_percentages(ts) -> None:
    # Dân Lực 9/10 = 90%, Dân Lý 50/100 = 50%, Dân Quyền 8/10 = 80%: mean of the percentages is
    # 73.3% (would pass 70%), the pooled ratio is 67/120 = 55.83% (does not).
    data = report(
        [
            {"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 9},
            {"commune": "Xã Dân Lý", "parents": 100, "parents_informed": 50},
            {"commune": "Xã Dân Quyền", "parents": 10, "parents_informed": 8},
        ],
        ts,
    )
    e = ev.evaluate(plan([PARENTS]), data, year=2024)
    r = by(e, "M2.1b")
    assert (r.numerator, r.denominator) == (67.0, 120.0)
    assert r.actual == pytest.approx(100 * 67 / 120)
    assert r.status == "shortfall"  # no baseline
    assert r.gap == pytest.approx(70 - 100 * 67 / 120)
    assert r.gap_count == 17  # 70% of 120 = 84 -> 84 - 67
    assert (r.units_reporting, r.units_expected) == (3, 4)  # An Nông sent nothing
    assert r.level == "district" and r.unit == "Huyện Triệu Sơn"


def test_blank_numerator_is_left_out_not_zero(ts) -> None:
    # An Nông reports 40 parents but leaves the informed count blank: the row is left out of both
    # sums (not counted as 0/40), and An Nông counts as not reporting.
    data = report(
        [
            {"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 9},
            {"commune": "Xã Dân Lý", "parents": 20, "parents_informed": 12},
            {"commune": "Xã An Nông", "parents": 40, "parents_informed": None},
        ],
        ts,
    )
    r = by(ev.evaluate(plan([PARENTS]), data, year=2024), "M2.1b")
    assert (r.numerator, r.denominator) == (21.0, 30.0)  # 70% exactly -> met
    assert r.status == "met" and r.gap == 0 and r.gap_count == 0
    assert r.units_reporting == 2


def test_commune_level_lists_every_expected_commune(ts) -> None:
    data = report([{"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 6}], ts)
    e = ev.evaluate(plan([PARENTS]), data, year=2024, level="commune")
    assert [r.unit for r in e.results] == [n for n in ts["commune"]]
    dan_luc = by(e, "M2.1b", "Xã Dân Lực")
    assert dan_luc.actual == pytest.approx(60.0) and dan_luc.gap_count == 1  # 7 of 10 needed
    assert [r.status for r in e.results[1:]] == ["no_data"] * 3
    assert e.units_expected == 4 and e.units_reporting == 1
    assert sum(f.code == "unit-not-reporting" for f in e.findings) == 3


def test_gt_versus_ge_exactly_at_the_threshold(ts) -> None:
    # 63 of 70 is exactly 90%: "trên 90%" (>) is not met, ">= 90%" is.
    above = target("M1.3", numerator=("cl_in_education",), denominator=("cl_and_at_risk",), comparator=">", value=90.0)
    at_least = target("M1.3b", numerator=("cl_in_education",), denominator=("cl_and_at_risk",), comparator=">=", value=90.0)
    data = report(
        [
            {"commune": "Xã Dân Lực", "cl_and_at_risk": 30, "cl_in_education": 27},
            {"commune": "Xã Dân Lý", "cl_and_at_risk": 40, "cl_in_education": 36},
        ],
        ts,
    )
    e = ev.evaluate(plan([above, at_least]), data, year=2024)
    gt, ge = by(e, "M1.3"), by(e, "M1.3b")
    assert gt.actual == ge.actual == pytest.approx(90.0)
    assert gt.status == "shortfall" and gt.gap_count == 1 and gt.gap == 0.0
    assert ge.status == "met" and ge.gap_count == 0


def test_le_rate_target_from_unit_counts(ts) -> None:
    # child labour <= 0.5%: 9 + 7 = 16 of 1500 + 1500 = 3000 -> 0.5333%; allowed 15 -> 1 fewer.
    rate = target("M1.1", kind="rate", numerator=("child_labourers_5_17",), denominator=("children_5_17",), comparator="<=", value=0.5)
    data = report(
        [
            {"commune": "Xã Dân Lực", "year": 2025, "children_5_17": 1500, "child_labourers_5_17": 9},
            {"commune": "Xã Dân Lý", "year": 2025, "children_5_17": 1500, "child_labourers_5_17": 7},
        ],
        ts,
    )
    r = by(ev.evaluate(plan([rate]), data, year=2025), "M1.1")
    assert r.actual == pytest.approx(1600 / 3000)
    assert r.status == "shortfall"
    assert r.gap == pytest.approx(1600 / 3000 - 0.5)
    assert r.gap_count == 1
    assert r.attainment_pct == pytest.approx(100 * 0.5 / (1600 / 3000))  # 93.75


def test_le_rate_exactly_at_threshold_is_met(ts) -> None:
    rate = target("M1.1", kind="rate", numerator=("child_labourers_5_17",), denominator=("children_5_17",), comparator="<=", value=0.5)
    data = report([{"commune": "Xã Dân Lực", "year": 2025, "children_5_17": 3000, "child_labourers_5_17": 15}], ts)
    r = by(ev.evaluate(plan([rate]), data, year=2025, min_coverage=0), "M1.1")
    assert r.status == "met" and r.gap_count == 0 and r.attainment_pct == pytest.approx(100.0)


def test_unit_share_counts_units_meeting_threshold_over_units_expected(dl) -> None:
    # "100% of district offices publish at least 1 article": Buôn Ma Thuột 2 (meets), Buôn Hồ 0
    # (reports, does not meet), Buôn Đôn blank (not reporting): 1 of 3 expected = 33.3%.
    share = target("M2.4", kind="unit_share", comparator=">=", value=100.0, objective="2",
                   unit_share=UnitShareRule(("articles_published",), ">=", 1.0, "district"))
    data = report(
        [
            {"district": "Thành phố Buôn Ma Thuột", "articles_published": 2},
            {"district": "Thị Xã Buôn Hồ", "articles_published": 0},
            {"district": "Huyện Buôn Đôn", "articles_published": None},
        ],
        dl,
    )
    p = plan([share], pid="dak-lak", area=DL_AREA, level="province")
    r = by(ev.evaluate(p, data, year=2024), "M2.4")
    assert (r.numerator, r.denominator) == (1.0, 3.0)
    assert r.actual == pytest.approx(100 / 3)
    assert (r.units_reporting, r.units_expected) == (2, 3)
    assert r.gap_count == 2 and r.status == "shortfall"
    # at district level each district is 100% or 0%, and a commune view has no such target
    d = ev.evaluate(p, data, year=2024, level="district")
    assert [x.actual for x in d.results] == [100.0, 0.0, None]
    assert ev.evaluate(p, data, year=2024, level="commune").results == []


def test_district_level_sums_communes_per_district(dl) -> None:
    # Buôn Ma Thuột: 30/40 + 20/20 = 50/60 = 83.3%; Buôn Hồ 10/20 = 50%; province 60/80 = 75%.
    p = plan([PARENTS], pid="dak-lak", area=DL_AREA, level="province")
    data = report(
        [
            {"commune": "Phường Tân Lập", "parents": 40, "parents_informed": 30},
            {"commune": "Phường Tân Hòa", "parents": 20, "parents_informed": 20},
            {"commune": "Phường An Lạc", "parents": 20, "parents_informed": 10},
        ],
        dl,
    )
    d = ev.evaluate(p, data, year=2024, level="district")
    assert [(r.unit, r.numerator, r.denominator) for r in d.results] == [
        ("Thành phố Buôn Ma Thuột", 50.0, 60.0),
        ("Thị Xã Buôn Hồ", 10.0, 20.0),
        ("Huyện Buôn Đôn", None, None),
    ]
    assert [r.status for r in d.results] == ["met", "shortfall", "no_data"]
    assert d.results[1].gap_count == 4  # 14 of 20 needed
    prov = by(ev.evaluate(p, data, year=2024), "M2.1b")
    assert prov.actual == pytest.approx(75.0) and prov.status == "met"
    assert (prov.units_reporting, prov.units_expected) == (3, 6)


def test_district_row_superseded_by_its_commune_rows(dl) -> None:
    # Buôn Ma Thuột sends commune rows and also a district row (100/200): the district row is not
    # added again; Buôn Hồ sends only a district row, which covers both its communes.
    p = plan([PARENTS], pid="dak-lak", area=DL_AREA, level="province")
    data = report(
        [
            {"commune": "Phường Tân Lập", "parents": 40, "parents_informed": 30},
            {"district": "Thành phố Buôn Ma Thuột", "parents": 200, "parents_informed": 100},
            {"district": "Thị Xã Buôn Hồ", "parents": 60, "parents_informed": 30},
        ],
        dl,
    )
    r = by(ev.evaluate(p, data, year=2024), "M2.1b")
    assert (r.numerator, r.denominator) == (60.0, 100.0)
    assert r.units_reporting == 3  # Tân Lập + both communes of Buôn Hồ


def test_on_track_and_off_track_with_plan_baseline(ts) -> None:
    # baseline 50% in 2020, target >= 90% by 2025: expected in 2023 = 50 + 40 * 3/5 = 74%.
    t_on = target("M3.1", numerator=("child_workers_trained",), denominator=("child_workers",), value=90.0, baseline=(50.0, 2020), objective="3")
    t_off = target("M3.2a", numerator=("enterprises_trained",), denominator=("enterprises",), value=90.0, baseline=(50.0, 2020), objective="3")
    data = report(
        [{"commune": "Xã Dân Lực", "year": 2023, "child_workers": 100, "child_workers_trained": 75,
          "enterprises": 100, "enterprises_trained": 73}],
        ts,
    )
    e = ev.evaluate(plan([t_on, t_off]), data, min_coverage=0)
    assert e.year == 2023  # default: the latest year in the data
    on, off = by(e, "M3.1"), by(e, "M3.2a")
    assert on.status == "on_track" and on.expected_value == pytest.approx(74.0)
    assert on.progress_pct == pytest.approx(62.5)
    assert off.status == "off_track"
    assert off.gap_count == 17  # 90 of 100 needed


def test_baseline_year_from_data(ts) -> None:
    # No baseline in the plan; --baseline-year 2021 takes 40/100 = 40% from the 2021 data. Target
    # >= 70% by 2025: expected 2023 = 40 + 30 * 2/4 = 55%; actual 54/100 -> off_track.
    data = report(
        [
            {"commune": "Xã Dân Lực", "year": 2021, "parents": 100, "parents_informed": 40},
            {"commune": "Xã Dân Lực", "year": 2023, "parents": 100, "parents_informed": 54},
        ],
        ts,
    )
    r = by(ev.evaluate(plan([PARENTS]), data, year=2023, baseline_year=2021, min_coverage=0), "M2.1b")
    assert (r.baseline_value, r.baseline_year, r.baseline_source) == (pytest.approx(40.0), 2021, "option")
    assert r.expected_value == pytest.approx(55.0)
    assert r.status == "off_track"


def test_count_target_and_no_data(ts) -> None:
    # A count target: at least 2 training courses in the district; 1 held -> 1 more needed.
    courses = target("M3.3", kind="count", comparator=">=", value=2.0, unit="count", numerator=("training_courses",), objective="3")
    data = report([{"district": "Huyện Triệu Sơn", "year": 2025, "training_courses": 1}], ts)
    r = by(ev.evaluate(plan([courses, PARENTS]), data, year=2025), "M3.3")
    assert (r.actual, r.status, r.gap_count, r.denominator) == (1.0, "shortfall", 1, None)
    e = ev.evaluate(plan([courses, PARENTS]), data, year=2025)
    assert by(e, "M2.1b").status == "no_data"
    assert any(f.code == "no-data-for-target" and f.args["target"] == "M2.1b" for f in e.findings)


def test_a_part_over_its_whole_is_an_error_and_the_row_is_left_out(ts) -> None:
    data = report([{"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 12, "_row": 9},
                   {"commune": "Xã Dân Lý", "parents": 20, "parents_informed": 15, "_row": 10}], ts)
    e = ev.evaluate(plan([PARENTS]), data, year=2024)
    [bad] = [f for f in e.findings if f.severity == "error"]
    assert (bad.code, bad.row) == ("part-exceeds-total", 9)
    r = by(e, "M2.1b")
    assert (r.numerator, r.denominator, r.units_reporting) == (15.0, 20.0, 1)  # Dân Lý alone: 15/20
    assert (e.rows_used, e.rows_left_out) == (1, 3)  # 2 rows left out by the fixture, 1 in error


def test_numerator_over_denominator_of_a_plan_target_is_an_error_finding(ts) -> None:
    odd = target("M9.1", numerator=("children_informed",), denominator=("parents",), comparator=">=", value=50.0)
    data = report([{"commune": "Xã Dân Lực", "parents": 10, "children_informed": 12, "_row": 9}], ts)
    e = ev.evaluate(plan([odd]), data, year=2024)
    [bad] = [f for f in e.findings if f.code == "numerator-exceeds-denominator"]
    assert (bad.row, bad.severity, bad.args["target"]) == (9, "error", "M9.1")
    assert by(e, "M9.1").status == "no_data"


def test_qualitative_target_reports_actual_and_judges_direction(ts) -> None:
    hazardous = target("O2030.2", kind="rate", comparator=None, value=None, numerator=("hazardous_5_17",),
                       denominator=("children_5_17",), direction="decrease", deadline=2030, objective="O2030")
    data = report(
        [
            {"commune": "Xã Dân Lực", "year": 2021, "children_5_17": 1000, "hazardous_5_17": 5},
            {"commune": "Xã Dân Lực", "year": 2024, "children_5_17": 1000, "hazardous_5_17": 3},
        ],
        ts,
    )
    # baseline from the data: 2021 (5 of 1000 = 0.5%) is the earliest earlier year; 0.3% < 0.5%: met
    from_data = by(ev.evaluate(plan([hazardous]), data, year=2024, min_coverage=0), "O2030.2")
    assert from_data.actual == pytest.approx(0.3) and from_data.status == "met"
    assert (from_data.baseline_value, from_data.baseline_year, from_data.baseline_source) == (pytest.approx(0.5), 2021, "data")
    with_base = by(ev.evaluate(plan([hazardous]), data, year=2024, baseline_year=2021, min_coverage=0), "O2030.2")
    assert with_base.status == "met" and with_base.baseline_value == pytest.approx(0.5) and with_base.baseline_source == "option"
    first = by(ev.evaluate(plan([hazardous]), data, year=2021, min_coverage=0), "O2030.2")  # no earlier year: nothing to judge
    assert first.status == "no_data" and first.baseline_source is None


def test_survey_significance_met_but_ci_crosses_the_target() -> None:
    # 0.4% against <= 0.5% with CI 0.2-0.6: met, but the survey cannot tell -> not significant
    assert survey_targets.significance("<=", 0.5, 0.2, 0.6) == "not_significant"
    assert survey_targets.significance("<=", 0.5, 0.2, 0.45) == "significant"
    # the converse: 0.7% (shortfall) with CI 0.45-0.95 crosses 0.5 too
    assert survey_targets.significance("<=", 0.5, 0.45, 0.95) == "not_significant"
    assert survey_targets.significance("<=", 0.5, None, None) is None


def test_status_words_say_not_significant() -> None:
    from cltrack.models import Result
    from cltrack.render.evaluate import status_text

    r = Result(target="M1.1", unit="Tỉnh Hải Dương", unit_code="30", level="province", year=2024, numerator=40.0,
               denominator=10000.0, actual=0.4, comparator="<=", target_value=0.5, attainment_pct=125.0, status="met",
               gap=0.0, gap_count=0, units_reporting=1, units_expected=1, source="survey", ci_low=0.2, ci_high=0.6,
               significance="not_significant")
    assert status_text(r, "en") == "met, not significant"
    assert status_text(r, "vi") == "đạt, chưa có ý nghĩa thống kê"
    r.status = "shortfall"
    assert status_text(r, "en") == "shortfall, not significant"
