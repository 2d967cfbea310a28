"""End to end: real report workbooks (printed-form layout) through `cltrack evaluate` and `explain`.

The workbook has title lines, a merged two-row header, a numbering row, a text-typed number, a blank
cell and a printed total row. Expected figures are worked out by hand in the comments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import commune_rows, write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "160"}
runner = CliRunner()
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")


@pytest.fixture
def ts_report(tmp_path: Path):  # noqa: ANN201
    """Three of Triệu Sơn's 32 communes report for 2024."""
    rows = commune_rows(
        [
            (*TS, "Xã Dân Lực", {"children_5_17": 1000, "child_labourers_5_17": 4, "parents": 10, "parents_informed": 9}),
            (*TS, "Xã Dân Lý", {"children_5_17": 1200, "child_labourers_5_17": 3, "parents": "100", "parents_informed": 50}),
            (*TS, "Xã Dân Quyền", {"children_5_17": 800, "child_labourers_5_17": 2, "parents": 10, "parents_informed": None}),
        ],
        year=2024,
    )
    path = tmp_path / "trieu-son-2024.xlsx"
    written = write_report(
        path, rows, sheet="2024", title_lines=["UBND HUYỆN TRIỆU SƠN", "BÁO CÁO KẾT QUẢ NĂM 2024"],
        two_row_header=True, numbering_row=True, total_row="bottom",
    )
    return path, written


def test_district_figures_from_a_printed_form(ts_report) -> None:  # noqa: ANN001
    path, _ = ts_report
    r = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--format", "json", "--min-coverage", "0"], env=ENV)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert (doc["year"], doc["level"], doc["units_expected"], doc["units_reporting"]) == (2024, "district", 32, 3)
    res = {x["target"]: x for x in doc["results"]}
    # M1.1: 4 + 3 + 2 = 9 of 1000 + 1200 + 800 = 3000 -> 0.3% <= 0.5%: met
    assert (res["M1.1"]["numerator"], res["M1.1"]["denominator"], res["M1.1"]["status"]) == (9, 3000, "met")
    assert res["M1.1"]["coverage_pct"] == 100 * 3 / 32
    # M2.1b: Dân Quyền's blank informed count leaves it out: 59 of 110 = 53.6% -> 77 needed, 18 more
    m = res["M2.1b"]
    assert (m["numerator"], m["denominator"], m["gap_count"], m["status"]) == (59, 110, 18, "shortfall")
    assert (m["units_reporting"], m["units_expected"]) == (2, 32)
    assert m["unit"] == "Huyện Triệu Sơn"
    assert res["M2.2"]["status"] == "no_data"


def test_three_communes_of_32_are_insufficient_data_with_the_figures_still_given(ts_report) -> None:  # noqa: ANN001
    path, _ = ts_report
    r = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--format", "json"], env=ENV)  # --min-coverage 50
    assert r.exit_code == 0, r.output  # insufficient_data is not flagged and not an error
    res = {x["target"]: x for x in json.loads(r.output)["results"]}
    assert (res["M1.1"]["numerator"], res["M1.1"]["denominator"], res["M1.1"]["status"]) == (9, 3000, "insufficient_data")
    assert (res["M1.1"]["units_reporting"], res["M1.1"]["units_expected"], res["M1.1"]["coverage_pct"]) == (3, 32, 9.375)


def test_commune_level_shows_communes_that_sent_nothing(ts_report) -> None:  # noqa: ANN001
    path, _ = ts_report
    r = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--level", "commune", "--format", "json"], env=ENV)
    doc = json.loads(r.output)
    m21b = [x for x in doc["results"] if x["target"] == "M2.1b"]
    assert len(m21b) == 32
    by_unit = {x["unit"]: x for x in m21b}
    assert by_unit["Xã Dân Lý"]["gap_count"] == 20 and by_unit["Xã Dân Lực"]["status"] == "met"
    assert by_unit["Xã Bình Sơn"]["status"] == "no_data"


def test_unit_option_scopes_to_one_commune(ts_report) -> None:  # noqa: ANN001
    path, _ = ts_report
    r = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--unit", "Dân Lý", "--format", "json"], env=ENV)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["level"] == "commune" and doc["unit"] == "Xã Dân Lý"
    m = next(x for x in doc["results"] if x["target"] == "M2.1b")
    assert (m["numerator"], m["denominator"], m["units_expected"]) == (50, 100, 1)
    bad = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--unit", "Hà Nội"], env=ENV)
    assert bad.exit_code == 2 and "--unit" in bad.output


def test_table_and_workbook_from_real_files(ts_report, tmp_path: Path) -> None:  # noqa: ANN001
    from python_calamine import CalamineWorkbook

    path, _ = ts_report
    t = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--lang", "en", "--fail-on", "shortfall", "--min-coverage", "0"], env=ENV)
    assert t.exit_code == 1  # M2.1b and others fall short
    assert "53.64%" in t.output and "3/32 communes reporting" in t.output
    out = tmp_path / "report.xlsx"
    x = runner.invoke(app, ["evaluate", "trieu-son", str(path), "-o", str(out)], env=ENV)
    assert x.exit_code == 0, x.output
    wb = CalamineWorkbook.from_path(str(out))
    assert len(wb.get_sheet_by_name("Theo đơn vị").to_python()) == 2 + 32 + 1  # title, header, 32 communes, the district subtotal
    prov = wb.get_sheet_by_name("Nguồn dữ liệu").to_python()
    import hashlib

    assert prov[1][1] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert prov[1][5] == 3  # rows used


def test_explain_names_excel_rows(ts_report) -> None:  # noqa: ANN001
    path, written = ts_report
    r = runner.invoke(app, ["explain", "trieu-son", "M2.1b", str(path), "--lang", "en"], env=ENV)
    assert r.exit_code == 0, r.output
    first, second, third = written.data_rows
    assert f" {first} " in r.output and f" {second} " in r.output
    assert "blank (not reported): parents_informed" in r.output
    assert "Σ parents_informed = 59" in r.output and "Σ parents = 110" in r.output
    assert "Gap (people) = 18" in r.output
    assert "total-row" in r.output  # the printed total row is listed as left out


def test_missing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    r = runner.invoke(app, ["evaluate", "trieu-son", str(tmp_path / "nope.xlsx")], env=ENV)
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "nope.xlsx" in r.output
    u = runner.invoke(app, ["evaluate", "no-such-plan", str(tmp_path / "nope.xlsx")], env=ENV)
    assert u.exit_code == 2


def test_post_reform_communes_give_the_old_district_total_exactly(tmp_path: Path) -> None:
    # 2026: Xã Triệu Sơn (new) = 5 whole old communes, Xã Thọ Bình (new) = 3 whole old communes, all
    # of old Triệu Sơn district: M2.1b = (80 + 20) / (100 + 50) = 66.7%, exact, 8 of 32 old communes.
    rows = [
        {"province": "Tỉnh Thanh Hóa", "commune": "Xã Triệu Sơn", "year": 2026, "parents": 100, "parents_informed": 80},
        {"province": "Tỉnh Thanh Hóa", "commune": "Xã Thọ Bình", "year": 2026, "parents": 50, "parents_informed": 20},
    ]
    path = tmp_path / "ts-2026.xlsx"
    write_report(path, rows, sheet="2026")
    doc = json.loads(runner.invoke(app, ["evaluate", "trieu-son", str(path), "--format", "json"], env=ENV).output)
    m = next(x for x in doc["results"] if x["target"] == "M2.1b")
    assert (m["numerator"], m["denominator"], m["approximate"], m["gap_count"]) == (100, 150, False, 5)
    assert (m["units_reporting"], m["units_expected"]) == (8, 32)


def test_split_commune_makes_the_result_approximate(tmp_path: Path) -> None:
    # Phường Việt Hòa (Hải Phòng, 2026) took parts of old communes of two old districts (Thành phố Hải
    # Dương and Cẩm Giàng): its 200 parents / 150 informed are split 50/50 by the reform module, so
    # each district's result is approximate (with a split-unit finding); the province holds both
    # halves, so its 150/200 = 75% is exact again.
    rows = [{"province": "Thành phố Hải Phòng", "commune": "Phường Việt Hòa", "year": 2026, "parents": 200, "parents_informed": 150}]
    path = tmp_path / "hd-2026.xlsx"
    write_report(path, rows, sheet="2026")
    r = runner.invoke(app, ["evaluate", "hai-duong", str(path), "--format", "json", "--level", "district"], env=ENV)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    m = {x["unit"]: x for x in doc["results"] if x["target"] == "M2.1b"}
    assert m["Thành phố Hải Dương"]["approximate"] is True and m["Huyện Cẩm Giàng"]["approximate"] is True
    assert m["Huyện Cẩm Giàng"]["denominator"] == pytest.approx(100) and m["Huyện Cẩm Giàng"]["numerator"] == pytest.approx(75)
    assert m["Huyện Gia Lộc"]["approximate"] is False and m["Huyện Gia Lộc"]["status"] == "no_data"
    assert any(f["code"] == "split-unit" for f in doc["findings"])
    prov = json.loads(runner.invoke(app, ["evaluate", "hai-duong", str(path), "--format", "json"], env=ENV).output)
    p = next(x for x in prov["results"] if x["target"] == "M2.1b")
    assert (p["numerator"], p["denominator"], p["approximate"]) == (150, 200, False)
    t = runner.invoke(app, ["evaluate", "hai-duong", str(path), "--level", "district", "--lang", "en"], env=ENV)
    assert "(≈)" in t.output


def _survey_csv(path: Path, n: int, labourers: int) -> Path:
    """n children in Gia Lộc (Hải Dương), weight 1, the first `labourers` aged 10 working 5 hours."""
    lines = ["province,district,year,age,sex,hours_work,weight"]
    for i in range(n):
        age, hours = (10, 5) if i < labourers else (8 + i % 9, 0)
        lines.append(f"Tỉnh Hải Dương,Huyện Gia Lộc,2024,{age},{'nam' if i % 2 else 'nữ'},{hours},1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_survey_rate_met_but_not_significant(tmp_path: Path) -> None:
    # 1 child labourer among 200 surveyed children: 0.5% <= 1% (M1.1) -> met, but with n = 200 the
    # 95% CI reaches above 1%, so the table says "met, not significant".
    survey = _survey_csv(tmp_path / "survey-2024.csv", 200, 1)
    r = runner.invoke(app, ["evaluate", "hai-duong", str(survey), "--format", "json"], env=ENV)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    m11 = next(x for x in doc["results"] if x["target"] == "M1.1")
    assert m11["source"] == "survey"
    assert (m11["numerator"], m11["denominator"], m11["n_unweighted"]) == (1.0, 200.0, 200)
    assert m11["actual"] == pytest.approx(0.5) and m11["status"] == "met"
    assert m11["se"] > 0 and m11["ci_low"] < 1.0 < m11["ci_high"]
    # NCHS 2017 standards: n_eff = 199 >= 30 and the logit CI 0.07%-3.52% is 3.45 points wide (< 5): reliable,
    # though its RSE is 100% (the older n/RSE rule would flag it); NCHS allows low prevalences by design.
    assert m11["significance"] == "not_significant" and m11["reliable"] is True
    t = runner.invoke(app, ["evaluate", "hai-duong", "--survey", str(survey), "--lang", "en", "--level", "district"], env=ENV)
    assert "met, not significant" in t.output


def test_survey_rate_shortfall_with_gap_in_estimated_people(tmp_path: Path) -> None:
    # 6 of 200 = 3% against <= 1%: 2 allowed -> 4 fewer (weighted people).
    survey = _survey_csv(tmp_path / "survey.csv", 200, 6)
    doc = json.loads(runner.invoke(app, ["evaluate", "hai-duong", "--survey", str(survey), "--format", "json", "--year", "2024"], env=ENV).output)
    m11 = next(x for x in doc["results"] if x["target"] == "M1.1")
    assert (m11["actual"], m11["status"], m11["gap_count"]) == (pytest.approx(3.0), "shortfall", 4)


def test_a_district_row_of_district_counts_does_not_make_its_communes_reporting() -> None:
    # Two of six communes send nothing; their district sends only its own count (articles).
    # Completeness counts the communes that reported commune counts: 4 of 6, not 6 of 6.
    from cltrack.compute.evaluate import evaluate
    from evalkit import DL_AREA, DL_COMMUNES, dl_area_frame, plan, report, target

    area = dl_area_frame()
    rows = [{"commune": name, "parents": 10, "parents_informed": 8} for name, *_ in DL_COMMUNES[:4]]
    rows.append({"district": "Huyện Buôn Đôn", "articles_published": 2})
    p = plan([target("M2.1", numerator=("parents_informed",), denominator=("parents",))], pid="dak-lak", area=DL_AREA, level="province")
    ev = evaluate(p, report(rows, area), year=2024, level="plan")
    assert (ev.units_reporting, ev.units_expected) == (4, 180)  # the area is the whole province (gazetteer)
    missing = {f.args["unit"] for f in ev.findings if f.code == "unit-not-reporting"}
    assert "Xã Krông Na" in missing and "Xã Ea Huar" in missing


def test_a_survey_without_the_evaluated_year_leaves_rate_targets_to_the_reports(tmp_path: Path) -> None:
    # The survey is of 2024; evaluating 2025 uses the unit reports' counts for M1.1 and says why.
    survey = _survey_csv(tmp_path / "survey-2024.csv", 200, 6)
    doc = json.loads(runner.invoke(app, ["evaluate", "hai-duong", "--survey", str(survey), "--format", "json", "--year", "2025"], env=ENV).output)
    m11 = next(x for x in doc["results"] if x["target"] == "M1.1")
    assert m11["source"] == "reports" and m11["status"] == "no_data"
    assert any(f["code"] == "survey-year-missing" for f in doc["findings"])
