"""Issue 14 §3: coverage is shown wherever a figure rests on part of the units (the terminal table, its
80-column stacked layout, the Excel report's Summary and By unit), and the insufficient_data results are
counted or listed beside the flagged ones (terminal footer, Excel Summary and Shortfalls, pack index).

The form (xlsx: title rows, a merged two-row header, a total row, text-typed numbers) gives three of
Triệu Sơn's 32 communes for 2024. Worked by hand:
- M2.1b parents informed: 60 + 50 + 10 = 120 of 120 + 64 + 16 = 200 parents = 60% < 70%: shortfall
  (no earlier year); 70% of 200 = 140, so 20 people short; 3 of 32 communes = 9.375% coverage.
- M2.2 children informed: 150 + 80 = 230 of 200 + 100 = 300 = 76.67%, but only 2 of 32 communes
  (6.25%) report it: below --min-coverage 7 it is insufficient_data, its figures still given.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import commune_rows, write_report
from test_terminal import run_in_pty

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
runner = CliRunner()


@pytest.fixture
def form(tmp_path: Path) -> Path:
    rows = commune_rows([
        (*TS, "Xã Dân Lực", {"parents": 120, "parents_informed": 60, "children": 200, "children_informed": "150"}),
        (*TS, "Xã Dân Lý", {"parents": 64, "parents_informed": "50", "children": 100, "children_informed": 80}),
        (*TS, "Xã Dân Quyền", {"parents": 16, "parents_informed": 10, "children": None, "children_informed": None}),
    ], year=2024)
    path = tmp_path / "bieu-tong-hop-2024.xlsx"
    write_report(path, rows, sheet="2024", title_lines=["UBND HUYỆN TRIỆU SƠN", "BÁO CÁO NĂM 2024"],
                 two_row_header=True, total_row="bottom")
    return path


def _args(path: Path, *more: str) -> list[str]:
    return ["evaluate", "trieu-son", str(path), "--min-coverage", "7", "--fail-on", "never", *more]


def test_json_gives_the_hand_worked_coverage_and_statuses(form: Path) -> None:
    doc = json.loads(runner.invoke(app, [*_args(form), "--format", "json", "--lang", "en"], env=ENV).stdout)
    res = {r["target"]: r for r in doc["results"]}
    assert [res["M2.1b"][k] for k in ("status", "numerator", "denominator", "gap_count", "units_reporting", "coverage_pct")] == [
        "shortfall", 120, 200, 20, 3, 9.375]
    assert [res["M2.2"][k] for k in ("status", "numerator", "denominator", "units_reporting", "units_expected", "coverage_pct")] == [
        "insufficient_data", 230, 300, 2, 32, 6.25]


@pytest.mark.parametrize(("lang", "cover", "insufficient", "footer"), [
    ("en", "Coverage", "insufficient data",
     "1 results flagged (off track or shortfall); 1 results with insufficient data (under 7% of units reporting)"),
    ("vi", "Độ bao phủ", "chưa đủ số liệu",
     "1 mục tiêu cần chú ý (chậm tiến độ hoặc không đạt); 1 mục tiêu chưa đủ số liệu (dưới 7% đơn vị có báo cáo)"),
])
def test_the_table_shows_coverage_below_100_percent_and_the_footer_counts_insufficient_beside_flagged(
        form: Path, lang: str, cover: str, insufficient: str, footer: str) -> None:
    out = runner.invoke(app, [*_args(form), "--lang", lang], env=ENV).stdout
    head = next(line for line in out.splitlines() if line.lstrip().startswith(("ID", "Mã")))
    assert cover in head
    m21b = next(line for line in out.splitlines() if line.lstrip().startswith("M2.1b"))
    m22 = next(line for line in out.splitlines() if line.lstrip().startswith("M2.2 "))
    assert " 3/32 " in m21b and " 2/32 " in m22  # units reporting of those expected (the stacked layout adds the percentage)
    assert insufficient in m22
    assert footer in out


def test_the_footer_says_nothing_of_insufficient_data_when_there_is_none(form: Path) -> None:
    out = runner.invoke(app, ["evaluate", "trieu-son", str(form), "--min-coverage", "0", "--fail-on", "never", "--lang", "en"], env=ENV).stdout
    assert "1 results flagged (off track or shortfall)\n" in out and "insufficient" not in out


def test_the_80_column_stacked_layout_shows_coverage_under_each_result(form: Path) -> None:
    screen = run_in_pty(_args(form, "--lang", "en"))
    assert all(len(line.rstrip()) <= 80 for line in screen.splitlines())
    lines = screen.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("M2.2 "))
    assert "insufficient data" in lines[at]
    block = " ".join(lines[at:at + 5])
    assert "Coverage 2/32 (6.25%)" in block and "Actual 76.67%" in block
    assert "1 results with insufficient data (under 7% of units reporting)" in " ".join(screen.split())  # wrapped at 80


def test_the_workbook_shows_coverage_and_lists_insufficient_beside_flagged(form: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "out" / "report.xlsx"
    out.parent.mkdir()
    res = runner.invoke(app, [*_args(form, "--lang", "en"), "-o", str(out)], env=ENV)
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    summary = [[c.value for c in row] for row in wb["Summary"].iter_rows()]
    head = next(r for r in summary if r[0] == "ID")
    col = {h: i for i, h in enumerate(head)}
    row = {r[0]: r for r in summary if r[0] in ("M2.1b", "M2.2")}
    assert row["M2.1b"][col["Coverage"]] == 9.375 and row["M2.1b"][col["Units reporting"]] == "3/32"
    assert row["M2.2"][col["Coverage"]] == 6.25 and row["M2.2"][col["Status"]] == "insufficient data"
    assert row["M2.2"][col["Actual"]] == pytest.approx(230 / 3)  # the figures are still given
    assert ["1 results flagged (off track or shortfall); 1 results with insufficient data (under 7% of units reporting)"] == [
        r[0] for r in summary if r[0] and str(r[0]).startswith("1 results flagged")]
    assert summary[-2][0] == "PREPARED BY"  # the signature block still closes the sheet
    short = [[c.value for c in row] for row in wb["Shortfalls"].iter_rows()]
    assert [(r[0], r[4]) for r in short[1:]] == [("M2.1b", "shortfall"), ("M2.2", "insufficient data")]
    by_unit = wb["By unit"]
    rows = [[c.value for c in row] for row in by_unit.iter_rows()]
    total = rows[-1]
    assert total[0] == "Total Huyện Triệu Sơn" and total[-1] == "3/32 (9.38%)"  # communes with a figure, of 32
    m22_col = next(i for i, h in enumerate(rows[1]) if str(h).startswith("M2.2 "))
    assert total[m22_col] == pytest.approx(230 / 3)
    # the district's M2.2 cell is filled as insufficient data before any met/shortfall colouring applies
    cell = f"{chr(ord('A') + m22_col)}{len(rows)}"
    rules = [(str(cf.sqref), rule) for cf in by_unit.conditional_formatting for rule in cf.rules]
    first = min(rules, key=lambda pr: pr[1].priority)
    fill = first[1].dxf.fill  # a conditional format's solid fill: its colour is bgColor (as Excel writes it) or fgColor
    assert first[0] == cell and first[1].stopIfTrue and any(c.rgb.endswith("DDEBF7") for c in (fill.fgColor, fill.bgColor))


def test_the_pack_index_lists_insufficient_data_beside_flagged(form: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    res = runner.invoke(app, ["pack", "trieu-son", str(form), "--year", "2024", "--output", str(out), "--lang", "en"], env=ENV)
    assert res.exit_code in (0, 1), res.output
    plan = json.loads((out / "index.json").read_text(encoding="utf-8"))["plans"][0]
    # the pack evaluates with the default --min-coverage 50: both M2.1b (9.375%) and M2.2 (6.25%) are insufficient
    assert (plan["flagged"], plan["insufficient_data"]) == (0, 2)
    md = (out / "index.md").read_text(encoding="utf-8")
    assert "| Flagged | Insufficient data |" in md and "| **trieu-son** " in md
    line = next(x for x in md.splitlines() if x.startswith("| **trieu-son**"))
    assert line.split(" | ")[2:4] == ["0", "2"]
