"""`cltrack rollup` on real workbooks (title lines, merged header, total row, text-typed numbers):
the verdict never contradicts the projection beside it, a zero target is judged on the straight line,
and once the deadline has come the verdict is met / not met. Figures worked by hand in the comments."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import commune_rows, write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
DL = "Tỉnh Đắk Lắk"


def _ts_year(folder: Path, year: int, informed: tuple[object, object], staff: tuple[int, int] = (100, 50)) -> Path:
    """Two communes of Triệu Sơn: school staff (edu) and care staff, and how many were informed."""
    rows = commune_rows([
        (*TS, "Xã Thọ Sơn", {"edu_staff": staff[0], "edu_staff_informed": informed[0], "care_staff": 0,
                             "care_staff_informed": 0}),
        (*TS, "Xã Thọ Bình", {"edu_staff": 0, "edu_staff_informed": 0, "care_staff": staff[1],
                              "care_staff_informed": informed[1]}),
    ], year=year)
    path = folder / f"trieu-son-{year}.xlsx"
    write_report(path, rows, sheet=str(year), title_lines=["UBND HUYỆN TRIỆU SƠN", f"BÁO CÁO NĂM {year}"],
                 two_row_header=True, numbering_row=True, total_row="bottom")
    return path


def _rollup(args: list[str]) -> dict:
    res = CliRunner().invoke(app, ["rollup", *args, "--format", "json", "--lang", "en"], env=ENV)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_base_zero_gives_a_verdict_that_agrees_with_the_projection(tmp_path: Path) -> None:
    # M2.1a (>= 90% of staff informed by 2025): 0 of 150 in 2021, 45 + 15 = 60 of 150 = 40% in 2024
    # ("45" typed as text). With 0.001 for the base, R = 2.03 "on track" beside a projection of 53%.
    # Straight line: +13.33 points/yr observed, 90/4 = 22.5 needed; R = 0.593 -> limited; 53.3% by 2025.
    _ts_year(tmp_path, 2021, (0, 0))
    _ts_year(tmp_path, 2024, ("45", 15))
    out = _rollup(["trieu-son", str(tmp_path), "--years", "2021-2024"])
    row = next(r for r in out["rows"] if r["target"] == "M2.1a")
    assert row["values"] == {"2021": 0.0, "2022": None, "2023": None, "2024": 40.0}
    p = row["progress"]
    assert (p["method"], p["fallback"], p["verdict"]) == ("linear", "base_zero", "limited")
    assert abs(p["ratio"] - (40 / 3) / 22.5) < 1e-12
    assert abs(p["projected_at_deadline"] - 160 / 3) < 1e-9
    assert p["cagr_observed"] is None


def test_table_shows_why_a_row_was_judged_on_the_straight_line(tmp_path: Path) -> None:
    _ts_year(tmp_path, 2021, (0, 0))
    _ts_year(tmp_path, 2024, ("45", 15))
    res = CliRunner().invoke(app, ["rollup", "trieu-son", str(tmp_path), "--years", "2021-2024", "--lang", "en"], env=ENV)
    assert res.exit_code == 0, res.output
    note = " ".join(res.stdout[res.stdout.index("Note M2.1a"):].split())  # the note, unwrapped
    assert "undefined from a base value of 0" in note and "53.33% by 2025" in note


def test_after_the_deadline_met_or_not_met_with_the_deadline_year_value(tmp_path: Path) -> None:
    # 2021: 60 of 150 = 40%; 2025: 120 + 10 = 130 of 140 + 10 = 150 = 86.67% < 90%: not met at the deadline
    _ts_year(tmp_path, 2021, (50, 10))
    _ts_year(tmp_path, 2025, (120, 10), staff=(140, 10))
    out = _rollup(["trieu-son", str(tmp_path), "--years", "2021-2025"])
    p = next(r for r in out["rows"] if r["target"] == "M2.1a")["progress"]
    assert (p["verdict"], p["method"], p["current_year"]) == ("not_met", "deadline", 2025)
    assert abs(p["current_value"] - 260 / 3) < 1e-9
    assert p["projected_at_deadline"] is None and p["ratio"] is None
    assert p["explanation"].startswith("Not met at the deadline 2025: 86.67% in 2025")


def _dl_year(folder: Path, year: int, labourers: tuple[int, int]) -> Path:
    """Two districts of Đắk Lắk: children 5-17 and child labourers."""
    rows = [
        {"province": DL, "district": "Huyện Ea Súp", "year": year, "children_5_17": 6000, "child_labourers_5_17": labourers[0]},
        {"province": DL, "district": "Huyện Buôn Đôn", "year": year, "children_5_17": 4000, "child_labourers_5_17": labourers[1]},
    ]
    path = folder / f"dak-lak-{year}.xlsx"
    write_report(path, rows, sheet=str(year), title_lines=["UBND TỈNH ĐẮK LẮK"], total_row="bottom")
    return path


def test_zero_target_is_judged_on_the_straight_line_not_a_substitute(tmp_path: Path) -> None:
    # O2030.1 "no child labour" (<= 0% by 2030): 80 of 10,000 = 0.8% in 2021, 50 = 0.5% in 2024.
    # Observed -0.1 points/yr, needed (0 - 0.8)/9 = -0.0889/yr: R = 0.1/0.0889 = 1.125 -> on track;
    # projected 0.5 - 0.1 x 6 = -0.1, kept at 0% by 2030. (With 0.001, 0.01 or 0.1 put for 0 in the
    # growth measure, R = 0.28, 0.38 or 0.70: limited or moderate depending on the substitute.)
    _dl_year(tmp_path, 2021, (50, 30))
    _dl_year(tmp_path, 2024, (30, 20))
    out = _rollup(["dak-lak", str(tmp_path), "--years", "2021-2024"])
    p = next(r for r in out["rows"] if r["target"] == "O2030.1")["progress"]
    assert (p["method"], p["fallback"], p["verdict"]) == ("linear", "target_zero", "on_track")
    assert abs(p["ratio"] - 0.1 / (0.8 / 9)) < 1e-9
    assert p["projected_at_deadline"] == 0.0
