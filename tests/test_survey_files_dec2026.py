"""Survey rules of December 2026 on real files written in the test (csv and xlsx as an office types them):
item non-response, unusable weights, no design-based SE, empty groups, and every output showing them.

Figures are worked by hand in each test.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.reading import survey as reader

ENV = {"NO_COLOR": "1", "COLUMNS": "120"}
runner = CliRunner()


def _book(path: Path, rows: list[list[object]]) -> Path:
    """A workbook with a merged title row, the header, then `rows` (numbers typed as text where given)."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "ĐIỀU TRA LAO ĐỘNG TRẺ EM 2024"
    ws.merge_cells("A1:F1")
    ws.append(["Tuổi", "Giới tính", "Số giờ làm việc", "Trọng số", "Tầng", "Địa bàn"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


# 40 children in 2 strata x 2 PSUs, weight 1 (stratum A) or 2 (stratum B): 8 work 5 hours (counted),
# 28 do not, 4 leave hours blank (2 in each stratum). Hand-worked: counted weight 4*1 + 4*2 = 12,
# classified weight 18*1 + 18*2 = 54 -> 22.22%; excluded 4 children with weight 2*1 + 2*2 = 6 of 60 = 10%.
def _rows() -> list[list[object]]:
    out: list[list[object]] = []
    for stratum, weight in (("A", "1"), ("B", "2")):
        for psu in ("1", "2"):
            out += [["10", "nam", "5", weight, stratum, psu]] * 2
            out += [["11", "nữ", "0", weight, stratum, psu]] * 7
            out += [["12", "nam", "", weight, stratum, psu]]
    return out


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return _book(tmp_path / "survey.xlsx", _rows())


def test_blank_hours_in_a_workbook_leave_the_rate_and_are_counted(book: Path) -> None:
    res = runner.invoke(app, ["survey", str(book), "--format", "json"], env=ENV)
    assert res.exit_code == 0, res.output
    total = json.loads(res.output)["estimates"][0]
    assert total["numerator"] == 12 and total["denominator"] == 54
    assert total["rate"] == pytest.approx(100 * 12 / 54)  # not 12 / 60 = 20%
    assert total["n_unweighted"] == 36 and total["n_excluded"] == 4
    assert total["excluded_weight_pct"] == pytest.approx(10.0)
    codes = {f["code"]: f for f in json.loads(res.output)["findings"]}
    assert codes["survey-item-nonresponse"]["severity"] == "warning"  # 10% > 5%
    assert total["ci_method"] == "logit" and total["se_reason"] is None


def test_every_output_shows_the_excluded_children_and_the_rule(book: Path, tmp_path: Path) -> None:
    table = runner.invoke(app, ["survey", str(book), "--lang", "en"], env=ENV).output
    assert "4 (10.0%)" in table and "NCHS 2017" in table and "Korn-Graubard" in table
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["survey", str(book), "-f", "csv"], env=ENV).output.lstrip("\ufeff"))))
    assert rows[0]["n_excluded"] == "4" and float(rows[0]["excluded_weight_pct"]) == pytest.approx(10.0)
    assert rows[0]["ci_method"] == "logit" and rows[0]["reliable"] == "True"
    out = tmp_path / "s.xlsx"
    assert runner.invoke(app, ["survey", str(book), "-o", str(out), "--lang", "en"], env=ENV).exit_code == 0
    ws = load_workbook(out)["Estimates"]
    header = [c.value for c in ws[2]]
    total = dict(zip(header, [c.value for c in ws[3]], strict=False))
    assert total["Excl."] == 4 and total["Excluded weight (%)"] == pytest.approx(10.0)
    assert total["CI method"] == "logit" and total["Reliable"] == "yes"
    notes = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    assert any("NCHS 2017" in (n or "") for n in notes)
    vi = runner.invoke(app, ["survey", str(book)], env=ENV).output
    assert "4 (10,0%)" in vi and "Loại" in vi


def test_inf_and_nan_written_as_weights_are_errors_naming_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("age,hours_work,weight\n10,5,1\n10,0,inf\n10,0,nan\n10,0,-2\n10,0,1\n", encoding="utf-8")
    data = reader.read_microdata([path])
    bad = sorted((f.row, f.severity) for f in data.findings if f.code == "survey-bad-weight")
    assert bad == [(3, "error"), (4, "error"), (5, "error")]  # rows 3-5 of the file, never a 1e-303% rate
    assert len(data.frame) == 2 and data.sources[0].rows_left_out == 3


def test_a_blank_age_is_kept_and_counted_as_excluded(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("age,hours_work\n10,5\n,5\n11,0\n", encoding="utf-8")
    res = runner.invoke(app, ["survey", str(path), "-f", "json"], env=ENV)
    doc = json.loads(res.output)
    total = doc["estimates"][0]
    assert (total["n_unweighted"], total["n_excluded"], total["rate"]) == (2, 1, 50.0)
    assert any(f["code"] == "survey-blank-age" and f["row"] == 3 for f in doc["findings"])


def test_a_file_inside_one_psu_has_a_null_se_with_its_reason(tmp_path: Path) -> None:
    rows = [["10", "nam", "5" if i < 10 else "0", "1", "A", "7"] for i in range(40)]
    book = _book(tmp_path / "one.xlsx", rows)
    doc = json.loads(runner.invoke(app, ["survey", str(book), "-f", "json"], env=ENV).output)
    total = doc["estimates"][0]
    assert total["rate"] == 25.0 and total["se"] is None and total["ci_low"] is None
    assert total["se_reason"] == "one-psu" and total["reliable"] is False
    table = runner.invoke(app, ["survey", str(book), "--lang", "en"], env=ENV).output
    assert "one PSU: no SE" in table and "—" in table


def test_a_by_group_without_respondents_is_listed_with_n_zero(book: Path) -> None:
    doc = json.loads(runner.invoke(app, ["survey", str(book), "-f", "json", "--by", "age_group"], env=ENV).output)
    groups = {e["age_group"]: e for e in doc["estimates"][1:]}
    assert list(groups) == ["5-12", "13-14", "15-17"]
    assert groups["15-17"]["n_unweighted"] == 0 and groups["15-17"]["rate"] is None
    assert groups["15-17"]["se_reason"] == "no-respondents"


def test_the_old_reliability_rule_stays_selectable(book: Path) -> None:
    doc = json.loads(runner.invoke(app, ["survey", str(book), "-f", "json", "--reliability", "n_rse"], env=ENV).output)
    assert doc["reliability"] == {"rule": "n_rse", "min_n": 30, "max_rse": 0.3}


def test_evaluate_survey_targets_use_the_same_estimator(tmp_path: Path) -> None:
    # 200 children of Gia Lộc (Hải Dương), weight 1: 2 aged 10 work 5 hours, 178 do not, 20 leave hours blank.
    # M1.1 (child labour <= 1%): 2 / 180 = 1.11%, with the 20 blank children excluded (10% of the weight).
    lines = ["province,district,year,age,sex,hours_work,weight"]
    for i in range(200):
        hours = "5" if i < 2 else ("" if i >= 180 else "0")
        lines.append(f"Tỉnh Hải Dương,Huyện Gia Lộc,2024,{10 if i < 2 else 8 + i % 9},nam,{hours},1")
    path = tmp_path / "survey-2024.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = json.loads(runner.invoke(app, ["evaluate", "hai-duong", str(path), "--format", "json"], env=ENV).output)
    m11 = next(x for x in doc["results"] if x["target"] == "M1.1")
    assert (m11["numerator"], m11["denominator"], m11["n_unweighted"], m11["n_excluded"]) == (2.0, 180.0, 180, 20)
    assert m11["actual"] == pytest.approx(100 * 2 / 180) and m11["excluded_weight_pct"] == pytest.approx(10.0)
    assert m11["ci_method"] == "logit" and m11["se_reason"] is None


def test_an_fpc_column_in_a_file_applies_the_finite_population_correction(tmp_path: Path) -> None:
    # One stratum of 4 PSUs (one child each, weight 1), 2 counted: p = 1/2. With replacement:
    # var = 4/3 * sum((y_i - p)/4)^2 = 4/3 * 4 * (1/8)^2 = 1/12. With fpc = 8 PSUs in the population,
    # (1 - 4/8) halves it: 1/24, SE = 20.41 points.
    path = tmp_path / "s.csv"
    path.write_text("age,hours_work,psu,fpc\n10,5,1,8\n10,5,2,8\n10,0,3,8\n10,0,4,8\n", encoding="utf-8")
    doc = json.loads(runner.invoke(app, ["survey", str(path), "-f", "json"], env=ENV).output)
    assert doc["design"]["fpc"] is True
    assert doc["estimates"][0]["se"] == pytest.approx(100 * (1 / 24) ** 0.5)


def test_fewer_than_eight_degrees_of_freedom_are_flagged_for_review(book: Path) -> None:
    # 4 PSUs in 2 strata: df = 2 < 8 (NCHS 2017: statistical review)
    doc = json.loads(runner.invoke(app, ["survey", str(book), "-f", "json"], env=ENV).output)
    low = [f for f in doc["findings"] if f["code"] == "survey-low-df"]
    assert doc["design"]["df"] == 2 and len(low) == 1 and low[0]["severity"] == "warning"
