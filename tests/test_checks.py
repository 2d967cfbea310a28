"""Validation rules on real workbooks: part <= total, one report per unit and year, no year jumps.

Each rule has a good file and a bad file, written here as an office types them (title line,
two-row merged header, merged district cells, a total row, a signature block).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("cltrack.units.gazetteer", reason="the gazetteer (issue 8) is not in the tree yet")

from cltrack.compute.checks import check_duplicates, check_part_whole, check_year_jumps, run_checks
from cltrack.reading.reports import read_reports
from report_factory import write_report

DIST = "Huyện Triệu Sơn"


def communes(*specs: tuple[str, dict]) -> list[dict]:
    """Rows of Triệu Sơn communes with values."""
    return [{"district": DIST, "commune": name, **vals} for name, vals in specs]


def office_report(path: Path, rows: list[dict], year: int | None = None):
    """A report as a district office prints it."""
    titles = ["UBND HUYỆN TRIỆU SƠN", f"BIỂU TỔNG HỢP NĂM {year}" if year else "BIỂU TỔNG HỢP"]
    return write_report(path, rows, title_lines=titles, two_row_header=True, total_row="bottom", signature=True,
                        merge_district=True)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


# --------------------------------------------------------------------------- part <= total


def test_informed_count_within_its_total_passes(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    office_report(path, communes(("Xã Dân Lực", {"parents": 120, "parents_informed": 120}),
                                 ("Xã Thọ Sơn", {"parents": 80, "parents_informed": 60})))
    data = read_reports([path])
    assert len(data.rows) == 2
    assert check_part_whole(data.rows, data.columns) == []


def test_informed_count_above_its_total_is_an_error_on_the_part_cell(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    w = office_report(path, communes(("Xã Dân Lực", {"parents": 120, "parents_informed": 100}),
                                     ("Xã Thọ Sơn", {"parents": 80, "parents_informed": 81})))
    data = read_reports([path])
    [f] = check_part_whole(data.rows, data.columns)
    assert (f.code, f.severity) == ("part-exceeds-total", "error")
    assert (f.file, f.sheet, f.row) == (str(path), "Báo cáo", w.data_rows[1])
    assert (f.column, f.column_letter) == ("parents_informed", w.letters["parents_informed"])
    assert f.header == "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"
    assert f.args == {"part": "parents_informed", "part_value": "81", "total": "parents", "total_value": "80"}


@pytest.mark.parametrize(
    ("part", "whole"),
    [("child_labourers_5_17", "children_5_17"), ("hazardous_5_17", "child_labourers_5_17"),
     ("cl_supported", "cl_identified"), ("child_workers_trained", "child_workers")],
)
def test_every_part_whole_pair_is_checked(tmp_path: Path, part: str, whole: str) -> None:
    path = tmp_path / "bc-2024.xlsx"
    w = office_report(path, communes(("Xã Dân Lực", {whole: 10, part: 10}), ("Xã Thọ Sơn", {whole: 10, part: 11})))
    data = read_reports([path])
    hits = [f for f in check_part_whole(data.rows, data.columns) if f.column == part]
    assert [(f.row, f.column_letter) for f in hits] == [(w.data_rows[1], w.letters[part])]


def test_a_blank_total_or_part_is_not_compared(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    office_report(path, communes(("Xã Dân Lực", {"parents": None, "parents_informed": 100}),
                                 ("Xã Thọ Sơn", {"parents": 80, "parents_informed": None})))
    data = read_reports([path])
    assert data.rows["parents"].isna().sum() == 1
    assert check_part_whole(data.rows, data.columns) == []


# --------------------------------------------------------------------------- duplicates


def test_each_unit_once_a_year_passes(tmp_path: Path) -> None:
    a, b = tmp_path / "a-2024.xlsx", tmp_path / "b-2024.xlsx"
    office_report(a, communes(("Xã Dân Lực", {"parents": 120})))
    office_report(b, communes(("Xã Thọ Sơn", {"parents": 80})))
    data = read_reports([a, b])
    assert len(data.rows) == 2
    assert check_duplicates(data.rows) == []


def test_the_same_unit_twice_with_different_figures_is_an_error_on_both_rows_with_both_values(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    w = office_report(path, communes(("Xã Dân Lực", {"parents": 120}), ("Xã Thọ Sơn", {"parents": 80}),
                                     ("Xã Dân Lực", {"parents": 121})))
    data = read_reports([path])
    first, second = check_duplicates(data.rows)
    assert (first.code, first.severity, first.file, first.row) == ("duplicate-unit-year", "error", str(path), w.data_rows[0])
    assert (second.code, second.severity, second.row) == ("duplicate-unit-year", "error", w.data_rows[2])
    assert first.args == {"unit": "Xã Dân Lực", "year": 2024, "other": f"{path} [Báo cáo] {w.data_rows[2]}",
                          "differences": "parents 120 / 121"}
    assert second.args["other"] == f"{path} [Báo cáo] {w.data_rows[0]}"
    assert second.args["differences"] == "parents 121 / 120"


def test_the_same_unit_and_year_in_two_files_names_both_places(tmp_path: Path) -> None:
    a, b = tmp_path / "a-2024.xlsx", tmp_path / "b.xlsx"
    wa = office_report(a, communes(("Xã Thọ Sơn", {"parents": 80}), ("Xã Dân Lực", {"parents": 120})))
    wb = office_report(b, communes(("Xã Dân Lực", {"parents": 125})), year=2024)
    data = read_reports([a, b])
    [_, f] = check_duplicates(data.rows)
    assert (f.file, f.sheet, f.row) == (str(b), "Báo cáo", wb.data_rows[0])
    assert f.args["other"] == f"{a} [Báo cáo] {wa.data_rows[1]}"
    assert f.args["year"] == 2024


def test_the_same_unit_in_two_years_is_not_a_duplicate(tmp_path: Path) -> None:
    a, b = tmp_path / "bc-2023.xlsx", tmp_path / "bc-2024.xlsx"
    office_report(a, communes(("Xã Dân Lực", {"parents": 120})))
    office_report(b, communes(("Xã Dân Lực", {"parents": 130})))
    data = read_reports([a, b])
    assert sorted(data.rows["year"].tolist()) == [2023, 2024]
    assert check_duplicates(data.rows) == []


# --------------------------------------------------------------------------- year jumps


def _two_years(tmp_path: Path, before: dict, after: dict):
    a, b = tmp_path / "bc-2023.xlsx", tmp_path / "bc-2024.xlsx"
    office_report(a, communes(("Xã Dân Lực", before), ("Xã Thọ Sơn", {"parents": 50})))
    w = office_report(b, communes(("Xã Thọ Sơn", {"parents": 60}), ("Xã Dân Lực", after)))
    return read_reports([a, b]), b, w


def test_a_count_tripled_exactly_is_no_jump(tmp_path: Path) -> None:
    data, _, _ = _two_years(tmp_path, {"parents": 100, "parents_informed": 90}, {"parents": 300, "parents_informed": 30})
    assert check_year_jumps(data.rows, data.columns) == []


def test_a_count_more_than_three_times_last_year_is_a_warning(tmp_path: Path) -> None:
    data, b, w = _two_years(tmp_path, {"parents": 100, "parents_informed": 90}, {"parents": 1000, "parents_informed": 80})
    [f] = check_year_jumps(data.rows, data.columns)
    assert (f.code, f.severity, f.file, f.row) == ("year-jump", "warning", str(b), w.data_rows[1])
    assert (f.column, f.column_letter) == ("parents", w.letters["parents"])
    assert f.args == {"element": "parents", "before": "100", "year_before": 2023, "after": "1000", "year": 2024, "factor": "3"}


def test_a_count_falling_below_a_third_is_a_warning(tmp_path: Path) -> None:
    data, _, _ = _two_years(tmp_path, {"parents": 100, "parents_informed": 90}, {"parents": 100, "parents_informed": 29})
    [f] = check_year_jumps(data.rows, data.columns)
    assert (f.column, f.args["before"], f.args["after"]) == ("parents_informed", "90", "29")


def test_zero_and_blank_are_not_compared_across_years(tmp_path: Path) -> None:
    data, _, _ = _two_years(tmp_path, {"parents": 0, "parents_informed": None}, {"parents": 500, "parents_informed": 400})
    assert check_year_jumps(data.rows, data.columns) == []


def test_one_year_alone_has_no_jumps(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    office_report(path, communes(("Xã Dân Lực", {"parents": 1}), ("Xã Thọ Sơn", {"parents": 1000})))
    data = read_reports([path])
    assert check_year_jumps(data.rows, data.columns) == []


def test_run_checks_collects_every_rule(tmp_path: Path) -> None:
    a, b = tmp_path / "bc-2023.xlsx", tmp_path / "bc-2024.xlsx"
    office_report(a, communes(("Xã Dân Lực", {"parents": 100, "parents_informed": 90})))
    office_report(b, communes(("Xã Dân Lực", {"parents": 400, "parents_informed": 401}), ("Xã Dân Lực", {"parents": 400})))
    data = read_reports([a, b])
    found = codes(run_checks(data))
    assert sorted(found) == ["duplicate-unit-year", "duplicate-unit-year", "part-exceeds-total", "year-jump", "year-jump"]
