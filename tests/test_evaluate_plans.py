"""The three shipped plans evaluated on hand-made data, at two levels each; figures computed by hand.

Triệu Sơn (district plan): district and commune level. Hải Dương (education sector, province):
province and district level. Đắk Lắk (province): province and district level. The plan area is
cut down to a few real communes (evalkit) so every expected figure can be worked out in a comment.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cltrack.compute import evaluate as ev
from cltrack.compute import scope
from cltrack.plans import catalogue as plans
from evalkit import dl_area_frame, report, ts_area_frame

HD_COMMUNES = [
    ("Thị trấn Kẻ Sặt", "10945", "Huyện Bình Giang", "296"),
    ("Xã Vĩnh Hưng", "10951", "Huyện Bình Giang", "296"),
    ("Thị trấn Gia Lộc", "10999", "Huyện Gia Lộc", "297"),
    ("Xã Thống Nhất", "11008", "Huyện Gia Lộc", "297"),
]


def hd_area_frame() -> pd.DataFrame:
    """Four communes of two districts of Hải Dương."""
    return pd.DataFrame(
        {
            "commune_code": [c[1] for c in HD_COMMUNES], "commune": [c[0] for c in HD_COMMUNES],
            "district_code": [c[3] for c in HD_COMMUNES], "district": [c[2] for c in HD_COMMUNES],
            "province_code": "30", "province": "Tỉnh Hải Dương",
        }
    )


def pick(e: ev.Evaluation, tid: str, unit: str | None = None):  # noqa: ANN201
    rs = [r for r in e.results if r.target == tid and (unit is None or r.unit == unit)]
    assert len(rs) == 1, (tid, unit, rs)
    return rs[0]


# --------------------------------------------------------------------------- Triệu Sơn


@pytest.fixture
def trieu_son(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    plan = plans.load_plan("trieu-son")
    data = report(
        [
            {"commune": "Xã Dân Lực", "children_5_17": 1000, "child_labourers_5_17": 4, "hazardous_5_17": 1,
             "cl_identified": 5, "cl_supported": 5, "cl_and_at_risk": 30, "cl_in_education": 27,
             "edu_staff": 90, "edu_staff_informed": 80, "care_staff": 10, "care_staff_informed": 5,
             "parents": 10, "parents_informed": 9},
            {"commune": "Xã Dân Lý", "children_5_17": 1000, "child_labourers_5_17": 2, "hazardous_5_17": 0,
             "cl_identified": 4, "cl_supported": 3, "cl_and_at_risk": 40, "cl_in_education": 36,
             "edu_staff": 100, "edu_staff_informed": 95, "care_staff": 0, "care_staff_informed": 0,
             "parents": 100, "parents_informed": 50},
            {"commune": "Xã Dân Quyền", "children_5_17": 500, "child_labourers_5_17": 1, "hazardous_5_17": 1,
             "cl_identified": 2, "cl_supported": 2, "edu_staff": 50, "edu_staff_informed": 50, "care_staff": None,
             "parents": 10, "parents_informed": 8},
            {"commune": "Xã An Nông", "children_5_17": 1000, "child_labourers_5_17": 6, "hazardous_5_17": 0},
        ],
        ts_area_frame(),
    )
    return plan, data


def test_trieu_son_district_level(trieu_son) -> None:  # noqa: ANN001
    plan, data = trieu_son
    e = ev.evaluate(plan, data, year=2024)
    assert e.level == "district"
    # M1.1 (<= 0.5%): 4+2+1+6 = 13 of 3,500 = 0.371% -> met
    m11 = pick(e, "M1.1")
    assert (m11.numerator, m11.denominator, m11.status) == (13, 3500, "met")
    assert m11.actual == pytest.approx(100 * 13 / 3500) and m11.attainment_pct == pytest.approx(0.5 / (100 * 13 / 3500) * 100)
    # M1.2 (>= 100%): 5+3+2 = 10 of 11 -> 90.9%, 1 more
    m12 = pick(e, "M1.2")
    assert (m12.numerator, m12.denominator, m12.status, m12.gap_count) == (10, 11, "shortfall", 1)
    # M1.3 (> 90%): 27+36 of 30+40 = 63/70 = exactly 90%: not above -> 1 more
    m13 = pick(e, "M1.3")
    assert m13.actual == pytest.approx(90.0) and m13.status == "shortfall" and m13.gap_count == 1
    assert (m13.units_reporting, m13.units_expected) == (2, 4)
    # M2.1a (>= 90%): staff summed: (80+5) + (95+0) of (90+10) + (100+0) = 180/200 = 90% -> met;
    # Dân Quyền left out (care_staff blank)
    m21a = pick(e, "M2.1a")
    assert (m21a.numerator, m21a.denominator, m21a.status, m21a.units_reporting) == (180, 200, "met", 2)
    # M2.1b (>= 70%): 9/10, 50/100, 8/10 average 73.3% but pool to 67/120 = 55.8% -> 17 more
    m21b = pick(e, "M2.1b")
    assert (m21b.numerator, m21b.denominator, m21b.gap_count, m21b.status) == (67, 120, 17, "shortfall")
    # O2030.2 (decrease, no number): 1+0+1+0 of 13 = 15.4%; no baseline -> no_data with the actual
    o2 = pick(e, "O2030.2")
    assert o2.actual == pytest.approx(100 * 2 / 13) and o2.status == "no_data" and o2.gap is None
    # M2.2 (children informed): nobody reported -> no_data
    assert pick(e, "M2.2").status == "no_data"


def test_trieu_son_commune_level(trieu_son) -> None:  # noqa: ANN001
    plan, data = trieu_son
    e = ev.evaluate(plan, data, year=2024, level="commune")
    # An Nông: 6 of 1,000 = 0.6% > 0.5% -> shortfall, 1 fewer (5 allowed)
    an_nong = pick(e, "M1.1", "Xã An Nông")
    assert an_nong.status == "shortfall" and an_nong.gap_count == 1 and an_nong.gap == pytest.approx(0.1)
    assert an_nong.attainment_pct == pytest.approx(100 * 0.5 / 0.6)
    # Dân Lực: 0.4% met
    assert pick(e, "M1.1", "Xã Dân Lực").status == "met"
    # Dân Lý M2.1b: 50/100 -> 20 more
    assert pick(e, "M2.1b", "Xã Dân Lý").gap_count == 20
    # Dân Quyền M1.3: nothing reported -> no_data, 0 of 1 reporting
    dq = pick(e, "M1.3", "Xã Dân Quyền")
    assert dq.status == "no_data" and (dq.units_reporting, dq.units_expected) == (0, 1)
    assert len(e.results) == 4 * len(plan.targets)


# --------------------------------------------------------------------------- Hải Dương


@pytest.fixture
def hai_duong(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setattr(scope, "area_units", lambda p: hd_area_frame())
    plan = plans.load_plan("hai-duong")
    data = report(
        [
            {"commune": "Thị trấn Kẻ Sặt", "children_5_17": 1000, "child_labourers_5_17": 12, "hazardous_5_17": 0, "edu_staff": 50, "edu_staff_informed": 50},
            {"commune": "Xã Vĩnh Hưng", "children_5_17": 1000, "child_labourers_5_17": 8, "hazardous_5_17": 0, "edu_staff": 50, "edu_staff_informed": 40},
            {"commune": "Thị trấn Gia Lộc", "children_5_17": 1000, "child_labourers_5_17": 15, "hazardous_5_17": 2},
            {"district": "Huyện Gia Lộc", "edu_staff": 200, "edu_staff_informed": 190},
        ],
        hd_area_frame(),
    )
    return plan, data


def test_hai_duong_province_level(hai_duong) -> None:  # noqa: ANN001
    plan, data = hai_duong
    e = ev.evaluate(plan, data, year=2024)
    assert e.level == "province"
    # M1.1 (<= 1%): 12+8+15 = 35 of 3,000 = 1.167% -> 5 fewer (30 allowed)
    m11 = pick(e, "M1.1")
    assert (m11.numerator, m11.denominator, m11.gap_count, m11.status) == (35, 3000, 5, "shortfall")
    # O2030.2 (count <= 0 children in hazardous work): 0+0+2 = 2 -> 2 fewer
    o2 = pick(e, "O2030.2")
    assert (o2.actual, o2.gap_count, o2.status, o2.denominator) == (2.0, 2, "shortfall", None)
    # M2.1a (>= 95%): Bình Giang communes 90/100 + Gia Lộc district row 190/200 = 280/300 = 93.3% -> 5 more
    m21a = pick(e, "M2.1a")
    assert (m21a.numerator, m21a.denominator, m21a.gap_count) == (280, 300, 5)
    assert (m21a.units_reporting, m21a.units_expected) == (4, 4)  # the district row covers both Gia Lộc communes


def test_hai_duong_district_level(hai_duong) -> None:  # noqa: ANN001
    plan, data = hai_duong
    e = ev.evaluate(plan, data, year=2024, level="district")
    # Bình Giang M1.1: 20 of 2,000 = exactly 1% -> met (<=); O2030.1 (< 1%) -> not met, 1 fewer
    assert pick(e, "M1.1", "Huyện Bình Giang").status == "met"
    o1 = pick(e, "O2030.1", "Huyện Bình Giang")
    assert o1.status == "shortfall" and o1.gap_count == 1 and o1.gap == 0.0
    # Gia Lộc M1.1: 15 of 1,000 = 1.5% -> 5 fewer; only one of its two communes reported
    gl = pick(e, "M1.1", "Huyện Gia Lộc")
    assert gl.gap_count == 5 and (gl.units_reporting, gl.units_expected) == (1, 2)
    # O2030.2 per district: Bình Giang 0 met (attainment 100), Gia Lộc 2
    bg = pick(e, "O2030.2", "Huyện Bình Giang")
    assert (bg.status, bg.attainment_pct, bg.gap_count) == ("met", 100.0, 0)
    # M2.1a: Bình Giang 90/100 -> 5 more; Gia Lộc 190/200 = 95% met
    assert pick(e, "M2.1a", "Huyện Bình Giang").gap_count == 5
    assert pick(e, "M2.1a", "Huyện Gia Lộc").status == "met"


# --------------------------------------------------------------------------- Đắk Lắk


@pytest.fixture
def dak_lak(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    monkeypatch.setattr(scope, "area_units", lambda p: dl_area_frame())
    plan = plans.load_plan("dak-lak")
    rows = [
        {"district": "Thành phố Buôn Ma Thuột", "articles_published": 2, "training_courses": 1, "collaborator_trainings": 1},
        {"district": "Thị Xã Buôn Hồ", "articles_published": 0, "training_courses": 0, "collaborator_trainings": 0},
        {"district": "Huyện Buôn Đôn", "articles_published": None},
        {"commune": "Phường Tân Lập", "year": 2021, "cl_and_at_risk": 100, "cl_in_education": 50, "parents": 100, "parents_informed": 40},
        {"commune": "Phường Tân Lập", "year": 2023, "cl_and_at_risk": 100, "cl_in_education": 75, "parents": 100, "parents_informed": 50,
         "children_5_17": 500, "child_labourers_5_17": 0},
        {"commune": "Phường Tân Hòa", "children_5_17": 500, "child_labourers_5_17": 1},
    ]
    return plan, report(rows, dl_area_frame())


def test_dak_lak_province_level_unit_share_and_count(dak_lak) -> None:  # noqa: ANN001
    plan, data = dak_lak
    e = ev.evaluate(plan, data, year=2024, min_coverage=0)  # arithmetic on a few communes
    # M2.1: districts publishing >= 1 article: Buôn Ma Thuột only, of 3 expected = 33.3% -> 2 more
    m21 = pick(e, "M2.1")
    assert (m21.numerator, m21.denominator, m21.gap_count, m21.units_reporting) == (1, 3, 2, 2)
    # M3.1a (count >= 1 course): 1 + 0 = 1 -> met
    assert pick(e, "M3.1a").status == "met"
    # O2030.1 (<= 0%): Tân Hòa 1 of 500 = 0.2%, attainment 0, 1 fewer. Baseline from the data: 2023,
    # Tân Lập 0 of 500 = 0%; the straight line from 0% (2023) to 0% (2030) expects 0% in 2024: off track
    o1 = pick(e, "O2030.1")
    assert (o1.status, o1.attainment_pct, o1.gap_count) == ("off_track", 0.0, 1)
    assert (o1.baseline_value, o1.baseline_year, o1.baseline_source, o1.expected_value) == (0.0, 2023, "data", 0.0)


def test_dak_lak_district_level(dak_lak) -> None:  # noqa: ANN001
    plan, data = dak_lak
    e = ev.evaluate(plan, data, year=2024, level="district")
    assert [pick(e, "M2.1", d).actual for d in ("Thành phố Buôn Ma Thuột", "Thị Xã Buôn Hồ", "Huyện Buôn Đôn")] == [100.0, 0.0, None]
    bh = pick(e, "M3.1a", "Thị Xã Buôn Hồ")
    assert (bh.status, bh.gap_count) == ("shortfall", 1)


def test_dak_lak_on_track_and_off_track_from_baseline_year(dak_lak) -> None:  # noqa: ANN001
    plan, data = dak_lak
    e = ev.evaluate(plan, data, year=2023, baseline_year=2021, min_coverage=0)
    # M1.2 (> 90% by 2025): 50% in 2021 -> expected 2023 = 50 + 40 * 2/4 = 70; actual 75% -> on_track
    m12 = pick(e, "M1.2")
    assert (m12.status, m12.expected_value, m12.baseline_value) == ("on_track", pytest.approx(70.0), pytest.approx(50.0))
    assert m12.progress_pct == pytest.approx(62.5)
    # M2.2c (>= 70%): 40% in 2021 -> expected 55; actual 50% -> off_track, 20 more
    m22c = pick(e, "M2.2c")
    assert (m22c.status, m22c.expected_value, m22c.gap_count) == ("off_track", pytest.approx(55.0), 20)
    # O2030.1 (<= 0%, 2030): 0 of 500 in 2023 -> met, attainment 100
    assert pick(e, "O2030.1").status == "met" and pick(e, "O2030.1").attainment_pct == 100.0
