"""Issue 16 §1: interim years judged against the straight line from a baseline (contract.md,
"Additions: December 2026", Baseline). Real workbooks of Triệu Sơn communes; figures by hand."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import commune_rows, write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "160"}
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")


def _year(folder: Path, year: int, figures: dict[str, tuple[object, object]]) -> Path:
    """One workbook for `year`: {commune: (parents, parents informed)} (M2.1b: >= 70% by 2025)."""
    rows = commune_rows([(*TS, c, {"parents": p, "parents_informed": i}) for c, (p, i) in figures.items()], year=year)
    path = folder / f"trieu-son-{year}.xlsx"
    write_report(path, rows, sheet=str(year), title_lines=["UBND HUYỆN TRIỆU SƠN", f"BÁO CÁO NĂM {year}"],
                 two_row_header=True, numbering_row=True, total_row="bottom")
    return path


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    # Thọ Sơn: 2019 (before the floor 2020 = first year 2021 - 1: never a baseline), 2021 and 2023.
    # Thọ Bình: no 2021 row; 2022 and 2023. Thọ Tiến: 2023 only.
    _year(tmp_path, 2019, {"Xã Thọ Sơn": (100, 10)})
    _year(tmp_path, 2021, {"Xã Thọ Sơn": (100, 40)})
    _year(tmp_path, 2022, {"Xã Thọ Bình": (200, "120")})
    _year(tmp_path, 2023, {"Xã Thọ Sơn": (100, 52), "Xã Thọ Bình": (200, 126), "Xã Thọ Tiến": (50, 30)})
    return tmp_path


def _results(args: list[str]) -> dict[str, dict]:
    # --min-coverage 0: these forms cover 3 of Triệu Sơn's 32 communes; the baseline arithmetic is the point here
    res = CliRunner().invoke(app, ["evaluate", "trieu-son", *args, "--format", "json", "--min-coverage", "0"], env=ENV)
    assert res.exit_code in (0, 1), res.output
    return {r["unit"]: r for r in json.loads(res.stdout)["results"] if r["target"] == "M2.1b"}


def test_baseline_from_the_earliest_earlier_year_of_each_unit(reports: Path) -> None:
    r = _results([str(reports), "--year", "2023", "--level", "commune"])
    son, binh, tien = r["Xã Thọ Sơn"], r["Xã Thọ Bình"], r["Xã Thọ Tiến"]
    # Thọ Sơn: baseline 40% (2021), not 10% (2019, before 2020). Expected 2023 = 40 + (70 - 40) x 2/4 = 55;
    # actual 52% < 55: off track (not shortfall: the deadline 2025 has not come).
    assert (son["baseline_value"], son["baseline_year"], son["baseline_source"]) == (40.0, 2021, "data")
    assert (son["expected_value"], son["actual"], son["status"]) == (55.0, 52.0, "off_track")
    assert son["progress_pct"] == pytest.approx(100 * (52 - 40) / (70 - 40))  # 40%
    # Thọ Bình: 120/200 = 60% in 2022 ("120" typed as text); expected 60 + 10 x 1/3 = 63.33; 126/200 = 63%: off track
    assert (binh["baseline_value"], binh["baseline_year"], binh["baseline_source"]) == (60.0, 2022, "data")
    assert binh["expected_value"] == pytest.approx(60 + 10 / 3) and binh["status"] == "off_track"
    # Thọ Tiến: no earlier year: shortfall, and the result says why
    assert (tien["baseline_value"], tien["baseline_source"], tien["status"], tien["shortfall_reason"]) == (
        None, None, "shortfall", "no_baseline")


def test_district_baseline_is_the_sums_of_the_earliest_year(reports: Path) -> None:
    # District level, 2023: 52 + 126 + 30 = 208 of 350 = 59.43%. Earliest earlier year with a value for
    # the district: 2021 (Thọ Sơn only, 40 of 100 = 40%): expected 55%; 59.43% >= 55: on track.
    d = _results([str(reports), "--year", "2023"])["Huyện Triệu Sơn"]
    assert (d["numerator"], d["denominator"]) == (208, 350)
    assert (d["baseline_value"], d["baseline_year"], d["baseline_source"], d["expected_value"]) == (40.0, 2021, "data", 55.0)
    assert d["status"] == "on_track" and d["shortfall_reason"] is None


def test_baseline_year_option_comes_before_the_data(reports: Path) -> None:
    # --baseline-year 2022: only Thọ Bình has 2022 figures; the others have no baseline
    r = _results([str(reports), "--year", "2023", "--level", "commune", "--baseline-year", "2022"])
    assert (r["Xã Thọ Bình"]["baseline_year"], r["Xã Thọ Bình"]["baseline_source"]) == (2022, "option")
    assert (r["Xã Thọ Sơn"]["baseline_source"], r["Xã Thọ Sơn"]["status"]) == (None, "shortfall")


def test_shortfall_at_the_deadline_says_so(tmp_path: Path) -> None:
    _year(tmp_path, 2021, {"Xã Thọ Sơn": (100, 40)})
    _year(tmp_path, 2025, {"Xã Thọ Sơn": (100, 69)})
    d = _results([str(tmp_path), "--year", "2025"])["Huyện Triệu Sơn"]
    assert (d["status"], d["shortfall_reason"], d["baseline_year"]) == ("shortfall", "deadline", 2021)


def test_table_csv_and_excel_show_the_baseline(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    table = CliRunner().invoke(app, ["evaluate", "trieu-son", str(reports), "--year", "2023", "--lang", "en"], env=ENV)
    line = next(x for x in table.stdout.splitlines() if x.lstrip().startswith("M2.1b"))
    assert "40.00% (2021, data)" in line
    text = CliRunner().invoke(app, ["evaluate", "trieu-son", str(reports), "--year", "2023", "--level", "commune",
                                    "--format", "csv"], env=ENV).stdout
    rows = {(r["target"], r["unit"]): r for r in csv.DictReader(io.StringIO(text))}
    tien = rows[("M2.1b", "Xã Thọ Tiến")]
    assert (rows[("M2.1b", "Xã Thọ Sơn")]["baseline_source"], tien["shortfall_reason"]) == ("data", "no_baseline")
    out = tmp_path_factory.mktemp("out") / "report.xlsx"  # not inside the folder read
    res = CliRunner().invoke(app, ["evaluate", "trieu-son", str(reports), "--year", "2023", "-o", str(out)], env=ENV)
    assert res.exit_code == 0, res.output
    summary = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Tổng hợp").to_python()
    head = next(r for r in summary if r and r[0] == "Mã")  # the header row under the heading block
    row = next(r for r in summary if r[0] == "M2.1b")
    cols = {h: row[i] for i, h in enumerate(head)}
    assert cols["Giá trị cơ sở"] == "40,00% (2021, số liệu)"  # value, year and source in one cell of the printed form
