"""`cltrack survey` through typer's runner: table, JSON, CSV and Excel output, options and errors."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cltrack.cli import app

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}  # messages asserted below are the English ones
runner = CliRunner()


@pytest.fixture
def survey_csv(tmp_path: Path) -> Path:
    """40 children of Triệu Sơn, SRS with weight 1: 20 boys (10 aged 10 working 2 h: counted), 20 girls (none counted)."""
    lines = ["huyện,tỉnh,age,sex,hours_work,in_school"]
    lines += ["Triệu Sơn,Thanh Hóa,10,nam,2,1"] * 10 + ["Triệu Sơn,Thanh Hóa,15,nam,30,0"] * 10
    lines += ["Triệu Sơn,Thanh Hóa,8,nữ,0,1"] * 20
    path = tmp_path / "survey.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_table_marks_unreliable_groups_and_shows_the_total(survey_csv: Path) -> None:
    res = runner.invoke(app, ["survey", str(survey_csv), "--by", "sex", "--lang", "en"], env=ENV)
    assert res.exit_code == 0, res.output
    assert "Total" in res.output and "25.00" in res.output  # 10 of 40
    assert "* unreliable" in res.output  # each sex has n = 20 < 30
    assert "male" in res.output and "female" in res.output
    assert "srs-assumed" in res.output and "missing-weight" in res.output


def test_table_in_vietnamese(survey_csv: Path) -> None:
    res = runner.invoke(app, ["survey", str(survey_csv), "--by", "sex"], env={**ENV, "CLTRACK_LANG": ""})
    assert res.exit_code == 0
    assert "Tổng" in res.output and "nữ" in res.output and "không tin cậy" in res.output


def test_json_carries_rate_se_ci_n_and_flag(survey_csv: Path) -> None:
    res = runner.invoke(app, ["survey", str(survey_csv), "--format", "json", "--by", "age_group"], env=ENV)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    total = doc["estimates"][0]
    assert total["group"] == "total" and total["rate"] == pytest.approx(25.0)
    assert total["se"] == pytest.approx(100 * math.sqrt(0.25 * 0.75 / 39))
    assert total["n_unweighted"] == 40 and total["reliable"] is True
    groups = {e["age_group"]: e for e in doc["estimates"][1:]}
    assert groups["5-12"]["rate"] == pytest.approx(100 * 10 / 30) and groups["5-12"]["n_unweighted"] == 30
    assert groups["15-17"]["rate"] == 0 and groups["15-17"]["reliable"] is False  # 30 h at 15 is lawful; n = 10
    # no child is 13-14: the group is listed with n = 0 and no estimate (not dropped, not 0%)
    assert groups["13-14"]["n_unweighted"] == 0 and groups["13-14"]["rate"] is None
    assert groups["13-14"]["se"] is None and groups["13-14"]["se_reason"] == "no-respondents"
    assert list(groups) == ["5-12", "13-14", "15-17"]
    assert doc["rules"] == "vn_law" and doc["reliability"]["rule"] == "nchs" and doc["reliability"]["min_effective_n"] == 30


def test_ilo_rules_and_series_option(survey_csv: Path) -> None:
    res = runner.invoke(app, ["survey", str(survey_csv), "--rules", "ilo_sdg", "--series", "chores", "-f", "json"], env=ENV)
    doc = json.loads(res.output)
    assert doc["series"] == "chores" and doc["estimates"][0]["rate"] == pytest.approx(25.0)


def test_csv_has_one_row_per_estimate(survey_csv: Path) -> None:
    res = runner.invoke(app, ["survey", str(survey_csv), "-f", "csv", "--by", "district,sex"], env=ENV)
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["group"] for r in rows] == ["total", "by", "by"]
    assert rows[1]["district_code"] == "397" and rows[1]["sex"] == "male"
    assert float(rows[1]["rate"]) == pytest.approx(50.0) and float(rows[2]["rate"]) == 0.0


def test_xlsx_workbook_has_estimates_findings_and_sources(survey_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "survey.xlsx"
    res = runner.invoke(app, ["survey", str(survey_csv), "--by", "in_school", "-o", str(out), "--lang", "en"], env=ENV)
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Estimates", "Findings", "Provenance"]
    ws = wb["Estimates"]
    assert ws["A3"].value == "Total" and ws["B3"].value == pytest.approx(25.0)
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(4, 6)}
    assert labels == {"not in school": pytest.approx(0.0), "in school": pytest.approx(100 * 10 / 30)}


def test_output_file_for_json(survey_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["survey", str(survey_csv), "-o", str(out)], env=ENV)
    assert res.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["estimates"][0]["n_unweighted"] == 40


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "village"], "unknown grouping 'village'"),
        (["--rules", "nope"], "unknown rule set"),
        (["--format", "pdf"], "--format must be"),
        (["--format", "xlsx"], "needs --output"),
    ],
)
def test_bad_options_exit_2(survey_csv: Path, args: list[str], message: str) -> None:
    res = runner.invoke(app, ["survey", str(survey_csv), *args], env=ENV)
    assert res.exit_code == 2
    assert message in res.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    res = runner.invoke(app, ["survey", str(tmp_path / "none.csv"), "--lang", "en"], env=ENV)
    assert res.exit_code == 2 and "file not found" in res.output
    vi = runner.invoke(app, ["survey", str(tmp_path / "none.csv")], env={**ENV, "CLTRACK_LANG": ""})  # the user's language, not forced English
    assert vi.exit_code == 2 and "Không tìm thấy tệp" in vi.output


def test_a_parquet_file_named_on_the_command_line_is_read_as_microdata(survey_csv: Path, tmp_path: Path) -> None:
    """Parquet is no report format, yet `cltrack survey x.parquet` estimates from it as from the csv."""
    import pandas as pd

    path = tmp_path / "survey.parquet"
    pd.read_csv(survey_csv).to_parquet(path, index=False)
    res = runner.invoke(app, ["survey", str(path), "--format", "json"], env=ENV)
    assert res.exit_code == 0, res.output
    total = json.loads(res.output)["estimates"][0]
    assert total["rate"] == pytest.approx(25.0) and total["n_unweighted"] == 40  # 10 of 40, as from the csv
