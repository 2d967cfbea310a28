"""explain(): every row used and left out, with reasons, and sums equal to the evaluated figure."""

from __future__ import annotations

import pytest

from cltrack.compute import explain as ex
from cltrack.compute import scope
from cltrack.models import UnitShareRule
from cltrack.reading.model import LeftOut
from evalkit import DL_AREA, dl_area_frame, plan, report, target

PARENTS = target("M2.1b", numerator=("parents_informed",), denominator=("parents",), comparator=">=", value=70.0, objective="2")


@pytest.fixture(autouse=True)
def dl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scope, "area_units", lambda p: dl_area_frame())


def test_explanation_rows_add_up_to_the_figure() -> None:
    # Used: Tân Lập 30/40 (row 5), Buôn Hồ district row 30/60 (row 8) -> 60/100 = 60%.
    # Left out: Tân Hòa blank informed (row 6), Buôn Ma Thuột district row superseded (row 7),
    # and the reader's total row (row 12).
    data = report(
        [
            {"commune": "Phường Tân Lập", "parents": 40, "parents_informed": 30},
            {"commune": "Phường Tân Hòa", "parents": 20, "parents_informed": None},
            {"district": "Thành phố Buôn Ma Thuột", "parents": 200, "parents_informed": 100},
            {"district": "Thị Xã Buôn Hồ", "parents": 60, "parents_informed": 30},
        ],
        dl_area_frame(),
    )
    data.left_out.append(LeftOut("r.xlsx", "2024", 12, "total-row"))
    p = plan([PARENTS], pid="dak-lak", area=DL_AREA, level="province")
    x = ex.explain(p, "M2.1b", data, year=2024)
    assert [(u.row, u.numerator, u.denominator) for u in x.used] == [(5, 30.0, 40.0), (8, 30.0, 60.0)]
    assert sum(u.numerator or 0 for u in x.used) == x.result.numerator == 60.0
    assert sum(u.denominator or 0 for u in x.used) == x.result.denominator == 100.0
    assert [(lo.row, lo.reason) for lo in x.left_out] == [(6, "blank-count"), (7, "detail-rows-used"), (12, "total-row")]
    assert x.left_out[0].detail == "parents_informed"
    assert x.result.actual == pytest.approx(60.0) and x.result.gap_count == 10
    assert x.not_reporting == ["Phường Tân Hòa", "Xã Krông Na", "Xã Ea Huar"]
    assert x.formula == "100 × Σ(parents_informed) / Σ(parents) >= 70%"


def test_unit_share_explanation_shows_each_unit_test() -> None:
    share = target("M2.4", kind="unit_share", comparator=">=", value=100.0, unit_share=UnitShareRule(("articles_published",), ">=", 1.0, "district"))
    data = report(
        [{"district": "Thành phố Buôn Ma Thuột", "articles_published": 3}, {"district": "Thị Xã Buôn Hồ", "articles_published": 0}],
        dl_area_frame(),
    )
    x = ex.explain(plan([share], pid="dak-lak", area=DL_AREA, level="province"), "M2.4", data, year=2024)
    assert [(u.unit, u.value, u.meets) for u in x.used] == [("Thành phố Buôn Ma Thuột", 3.0, True), ("Thị Xã Buôn Hồ", 0.0, False)]
    assert (x.result.numerator, x.result.denominator) == (1.0, 3.0)
    assert x.not_reporting == ["Huyện Buôn Đôn"]
    assert "number of district units" in x.formula


def test_unknown_target_is_a_usage_error() -> None:
    from cltrack.errors import CltrackError

    with pytest.raises(CltrackError, match="no target 'M9.9'"):
        ex.explain(plan([PARENTS], pid="dak-lak", area=DL_AREA), "M9.9", None, year=2024)
