"""Annual rollups: one column per year, change per year, last status, anticipated progress, outputs."""

from __future__ import annotations

import io
import json
import math

import openpyxl
import pytest
from rich.console import Console

from cltrack.compute import scope
from cltrack.compute.rollup import parse_years, rollup
from cltrack.export.rollup import rollup_csv, rollup_json, rollup_xlsx
from cltrack.render.rollup import render_rollup, sparkline
from evalkit import TS_COMMUNES, plan, report, target, ts_area_frame


@pytest.fixture(autouse=True)
def _ts(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())


INFORMED = {2021: (40, 50, 60, 50), 2022: (55, 55, 55, 55), 2023: (60, 60, 60, 60), 2024: (65, 65, 65, 65)}
LABOURERS = {2021: (10, 10, 10, 10), 2024: (7, 8, 7, 8)}  # none reported in 2022 and 2023


def _plan():
    return plan([
        target("M1.1", comparator="<", value=2.0, numerator=("child_labourers_5_17",), denominator=("children_5_17",)),
        target("M2.1b", comparator=">=", value=70.0, numerator=("parents_informed",), denominator=("parents",), objective="2"),
    ])


def _data():
    records = []
    for year, informed in INFORMED.items():
        for (name, _), inf, i in zip(TS_COMMUNES, informed, range(4), strict=True):
            lab = LABOURERS.get(year)
            records.append({"commune": name, "year": year, "parents": 100, "parents_informed": inf,
                            "children_5_17": 250, "child_labourers_5_17": lab[i] if lab else None})
    return report(records, ts_area_frame())


def test_one_column_per_year_with_summed_counts_and_change_per_year():
    r = rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024])
    assert r.level == "district" and r.years == [2021, 2022, 2023, 2024]
    row = next(x for x in r.rows if x.target == "M2.1b")
    # 200/400, 220/400, 240/400, 260/400
    assert row.values == {2021: 50.0, 2022: 55.0, 2023: 60.0, 2024: 65.0}
    assert row.change_per_year == pytest.approx(5.0)  # (65 - 50) / 3 percentage points
    # 2024 is judged from the data's earliest year, 2021 (50%): 50 + (70 - 50) x 3/4 = 65 expected, 65 actual
    assert row.last_year == 2024 and row.last_status == "on_track"
    assert row.statuses[2021] == "shortfall"  # the first year has no earlier year to draw a path from


def test_progress_verdict_of_an_increasing_target():
    row = next(x for x in rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024]).rows if x.target == "M2.1b")
    p = row.progress
    cagr_o, cagr_r = 1.3 ** (1 / 3) - 1, 1.4 ** 0.25 - 1  # 50 -> 65 in 3 years; 50 -> 70 in 4
    assert p.ratio == pytest.approx(cagr_o / cagr_r) == pytest.approx(1.0414, abs=1e-4)
    assert p.verdict == "on_track"
    assert p.projected == pytest.approx(65 * 1.3 ** (1 / 3))  # 70.94 in 2025


def test_years_without_data_are_no_data_and_progress_uses_the_known_ones():
    row = next(x for x in rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024]).rows if x.target == "M1.1")
    assert row.values[2021] == pytest.approx(4.0) and row.values[2024] == pytest.approx(3.0)  # 40/1000, 30/1000
    assert row.values[2022] is None and row.statuses[2022] == "no_data"
    p = row.progress
    assert p.ratio == pytest.approx((1 - 0.75 ** (1 / 3)) / (1 - 0.5 ** 0.25)) == pytest.approx(0.5747, abs=1e-4)
    assert p.verdict == "limited"


def test_commune_level_gives_a_row_per_target_and_commune():
    r = rollup(_plan(), _data(), years=[2021, 2024], level="commune")
    m2 = [x for x in r.rows if x.target == "M2.1b"]
    assert {x.unit for x in m2} == {n for n, _ in TS_COMMUNES} and len(m2) == 4
    dan_luc = next(x for x in m2 if x.unit == "Xã Dân Lực")
    assert dan_luc.values == {2021: 40.0, 2024: 65.0}


def test_json_says_which_verdict_and_why():
    out = json.loads(rollup_json(rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024]), "en"))
    row = next(x for x in out["rows"] if x["target"] == "M2.1b")
    assert row["values"] == {"2021": 50.0, "2022": 55.0, "2023": 60.0, "2024": 65.0}
    assert row["progress"]["verdict"] == "on_track"
    assert "R = 1.04" in row["progress"]["explanation"]
    assert math.isclose(row["progress"]["cagr_required"], 1.4 ** 0.25 - 1)


def test_csv_has_a_column_per_year():
    text = rollup_csv(rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024]))
    header, *lines = text.strip().splitlines()
    cols = header.split(",")
    assert cols[8:12] == ["2021", "2022", "2023", "2024"]
    m2 = next(line.split(",") for line in lines if line.startswith("M2.1b"))
    assert m2[8:12] == ["50.0", "55.0", "60.0", "65.0"]


def test_excel_has_a_sheet_per_objective_with_a_chart_and_target_line(tmp_path):
    path = rollup_xlsx(rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024]), tmp_path / "r.xlsx", "vi")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Mục tiêu 1", "Biểu đồ Mục tiêu 1", "Mục tiêu 2", "Biểu đồ Mục tiêu 2"]  # charts on pages of their own
    ws = wb["Mục tiêu 2"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == ("M2.1b", "Huyện Triệu Sơn", 50, 55, 60, 65)
    assert rows[2] == ("M2.1b", "Mục tiêu", 70, 70, 70, 70)  # the target as a flat line
    charts = wb["Biểu đồ Mục tiêu 2"]._charts
    assert len(charts) == 1 and len(charts[0].series) == 2
    summary = wb["Tổng hợp"]
    assert [c.value for c in summary[1]][9] == "Dự báo tiến độ"
    verdicts = {row[9] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert verdicts <= {"đã đạt", "đúng hướng để đạt", "tiến bộ vừa phải, cần đẩy nhanh", "tiến bộ hạn chế", "đang đi lùi", "không đánh giá được"}
    assert summary.page_setup.paperSize == 9 and summary.print_title_rows == "$1:$1"


def test_table_shows_years_sparkline_and_verdict():
    buf = io.StringIO()
    render_rollup(rollup(_plan(), _data(), years=[2021, 2022, 2023, 2024]), "en",
                  Console(file=buf, width=200, no_color=True))
    text = buf.getvalue()
    assert "2021" in text and "2024" in text
    assert "▁▃▆█" in text  # 50, 55, 60, 65
    assert "on track" in text and "limited" in text


def test_sparkline_scales_between_min_and_max_and_leaves_gaps():
    assert sparkline([50, 55, 60, 65]) == "▁▃▆█"
    assert sparkline([4.0, None, None, 3.0]) == "█  ▁"
    assert sparkline([5, 5]) == "▄▄"


def test_years_option_accepts_ranges_and_lists():
    assert parse_years("2021-2025") == [2021, 2022, 2023, 2024, 2025]
    assert parse_years("2021,2023") == [2021, 2023]
    assert parse_years(None) is None


def test_a_qualitative_goal_shows_its_wanted_direction() -> None:
    from cltrack.render.rollup import fmt_goal

    assert (fmt_goal(None, None, "percent", -1), fmt_goal(None, None, "percent", 1)) == ("↓", "↑")
    assert fmt_goal(">=", 90.0, "percent", 1) == "≥ 90%" and fmt_goal("<=", 0.5, "percent", -1, "vi") == "≤ 0,5%"
