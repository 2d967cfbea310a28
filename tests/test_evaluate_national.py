"""A national plan (no area: the whole country) written by a user, evaluated on a real workbook.

The plan is Triệu Sơn's child-labour rate target (M1.1, <= 0.5%) lifted to the whole country. The
workbook has a title line, a merged two-row header, a text-typed number and a printed total row;
communes of two provinces report. Expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.units.gazetteer import load
from report_factory import commune_rows, write_report

REPO = Path(__file__).resolve().parents[1]
ENV = {"NO_COLOR": "1", "COLUMNS": "160", "CLTRACK_TARGETS": ""}
runner = CliRunner()
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
BMT = ("Tỉnh Đắk Lắk", "Thành phố Buôn Ma Thuột")


def national_plan(folder: Path, **changes: object) -> Path:
    """Triệu Sơn's plan turned national: level national, no area, only M1.1 at province level."""
    doc = yaml.safe_load((REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8"))
    doc.update(id="vn-test", level="national")
    del doc["area"]
    doc["targets"] = [dict(t, level="province") for t in doc["targets"] if t["id"] == "M1.1"]
    doc.update(changes)
    path = folder / "vn-test.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def national(tmp_path: Path) -> tuple[Path, Path]:
    """The plan file and a 2024 workbook: two Triệu Sơn communes, two Buôn Ma Thuột wards."""
    rows = commune_rows(
        [
            (*TS, "Xã Dân Lực", {"children_5_17": 1000, "child_labourers_5_17": 4}),
            (*TS, "Xã Dân Lý", {"children_5_17": "1200", "child_labourers_5_17": 3}),
            (*BMT, "Phường Tân Lập", {"children_5_17": 500, "child_labourers_5_17": 5}),
            (*BMT, "Phường Tân Hòa", {"children_5_17": 1500, "child_labourers_5_17": 1}),
        ],
        year=2024,
    )
    book = tmp_path / "vn-2024.xlsx"
    write_report(book, rows, sheet="2024", title_lines=["BÁO CÁO TOÀN QUỐC NĂM 2024"], two_row_header=True,
                 total_row="bottom")
    return national_plan(tmp_path), book


def test_a_national_plan_without_area_lints_clean(national) -> None:  # noqa: ANN001
    plan, _ = national
    r = runner.invoke(app, ["lint", str(plan)], env=ENV)
    assert r.exit_code == 0, r.output


def test_a_national_plan_with_an_area_and_a_province_plan_without_one_are_errors(tmp_path: Path) -> None:
    with_area = national_plan(tmp_path, area={"province": "Tỉnh Đắk Lắk", "province_code": "66"})
    r = runner.invoke(app, ["lint", str(with_area)], env=ENV)
    assert r.exit_code != 0 and "plan-bad-value" in r.output and "'area'" in r.output
    province = national_plan(tmp_path, level="province")
    r = runner.invoke(app, ["lint", str(province)], env=ENV)
    assert r.exit_code != 0 and "plan-missing-key" in r.output and "'area'" in r.output


def test_national_plan_by_province_sums_each_province_and_expects_every_commune(national) -> None:  # noqa: ANN001
    plan, book = national
    r = runner.invoke(app, ["evaluate", str(plan), str(book), "--format", "json", "--min-coverage", "0"], env=ENV)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["level"] == "province"  # a national plan's default level
    by_unit = {x["unit"]: x for x in doc["results"] if x["target"] == "M1.1"}
    gaz = load("2025-01")
    communes = {code: len(gaz.children(code, "commune")) for code in ("38", "66")}
    # Thanh Hóa: 4 + 3 = 7 of 1000 + 1200 = 2200 -> 0.318% <= 0.5%: met
    th = by_unit["Tỉnh Thanh Hóa"]
    assert (th["numerator"], th["denominator"], th["status"]) == (7, 2200, "met")
    assert (th["units_reporting"], th["units_expected"]) == (2, communes["38"])
    # Đắk Lắk: 5 + 1 = 6 of 500 + 1500 = 2000 -> 0.3%: met
    dl = by_unit["Tỉnh Đắk Lắk"]
    assert (dl["numerator"], dl["denominator"], dl["units_reporting"], dl["units_expected"]) == (6, 2000, 2, communes["66"])
    # the other 61 provinces are listed with no data
    assert len(by_unit) == len(gaz.units("province")) == 63
    assert sum(x["status"] == "no_data" for x in by_unit.values()) == 61


def test_national_plan_at_plan_level_is_the_country(national) -> None:  # noqa: ANN001
    plan, book = national
    r = runner.invoke(app, ["evaluate", str(plan), str(book), "--level", "plan", "--format", "json"], env=ENV)
    assert r.exit_code == 0, r.output
    (res,) = json.loads(r.output)["results"]
    # 7 + 6 = 13 of 2200 + 2000 = 4200 -> 0.3095%
    assert (res["unit"], res["numerator"], res["denominator"]) == ("Việt Nam", 13, 4200)
    assert res["actual"] == pytest.approx(100 * 13 / 4200, abs=0.01)
    assert res["units_expected"] == len(load("2025-01").units("commune"))


def test_status_of_a_national_plan_expects_every_province_and_counts_those_whose_rows_came(national) -> None:  # noqa: ANN001
    plan, book = national
    r = runner.invoke(app, ["status", str(plan), str(book), "--years", "2024", "--format", "json"], env=ENV)
    assert r.exit_code in (0, 1), r.output
    levels = {x["level"]: x for x in json.loads(r.output)["levels"]}
    gaz = load("2025-01")
    # provinces report to a national plan; communes too, as the data holds commune rows (no district rows)
    assert set(levels) == {"province", "commune"}
    # two provinces (Thanh Hóa, Đắk Lắk) sent rows of four communes
    assert (levels["province"]["expected"], levels["province"]["received"]) == (len(gaz.units("province")), 2)
    assert (levels["commune"]["expected"], levels["commune"]["received"]) == (len(gaz.units("commune")), 4)
