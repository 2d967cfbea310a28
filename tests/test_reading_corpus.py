"""A corpus of awkward and bad report files, each written here as a real file, each with its exact outcome."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("cltrack.units.gazetteer", reason="the gazetteer (issue 8) is not in the tree yet")


from cltrack.findings import message
from cltrack.models import Area, ElementRef, Plan, Text
from cltrack.reading.reports import read_reports
from report_factory import build_grid, write_csv, write_report, write_xlsx

PROV, DIST = "Tỉnh Thanh Hóa", "Huyện Triệu Sơn"


def communes(*specs: tuple[str, dict]) -> list[dict]:
    """Rows of Triệu Sơn communes with values."""
    return [{"district": DIST, "commune": name, **vals} for name, vals in specs]


def found(data, code: str) -> list:
    """Findings with this code."""
    return [f for f in data.findings if f.code == code]


def one(data, code: str):
    """The single finding with this code."""
    hits = found(data, code)
    assert len(hits) == 1, [(f.code, f.row, f.column_letter) for f in data.findings]
    return hits[0]


def balanced(data) -> bool:
    """rows read = rows used + rows left out, per file and in the left-out list."""
    for s in data.sources:
        if s.rows_read != s.rows_used + s.rows_left_out:
            return False
        if s.rows_left_out != sum(lo.rows for lo in data.left_out if lo.file == s.path):
            return False
    return sum(s.rows_used for s in data.sources) == len(data.rows)


def make_plan(aliases: dict[str, tuple[str, ...]] | None = None, district_code: str | None = "397",
              extra: tuple[ElementRef, ...] = ()) -> Plan:
    """A minimal plan for Triệu Sơn with optional header aliases."""
    refs = tuple(ElementRef(code, tuple(a)) for code, a in (aliases or {}).items()) + extra
    return Plan(
        id="test", name=Text("Kế hoạch", "Plan"), issuer="UBND", level="district",
        area=Area("Tỉnh Thanh Hóa", "38", "Huyện Triệu Sơn" if district_code else None, district_code),
        period=(2021, 2025), deadline_years=(2025,), reporting=(), elements=refs, targets=(), source="test.yaml",
    )


BASIC = communes(("Xã Dân Lực", {"parents": 120, "parents_informed": 100}), ("Xã Thọ Sơn", {"parents": 80, "parents_informed": 60}))


# --- formats -------------------------------------------------------------------------------------


def test_plain_xlsx_values_are_read_exactly(tmp_path: Path) -> None:
    w = write_report(tmp_path / "bc-2024.xlsx", BASIC)
    data = read_reports([w.path])
    assert data.rows["parents"].tolist() == [120.0, 80.0]
    assert data.rows["parents_informed"].tolist() == [100.0, 60.0]
    assert data.rows["commune_code"].tolist() == ["15700", "15667"]
    assert data.rows["_row"].tolist() == [2, 3]
    assert set(data.rows["year"]) == {2024}
    assert not [f for f in data.findings if f.severity == "error"]


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    w = write_report(tmp_path / "bc-2024.xlsm", BASIC)
    assert read_reports([w.path]).rows["parents"].tolist() == [120.0, 80.0]


def test_ods_with_merged_header_is_read(tmp_path: Path) -> None:
    w = write_report(tmp_path / "bc-2024.ods", BASIC, two_row_header=True, title_lines=["BIỂU TỔNG HỢP"])
    data = read_reports([w.path])
    assert data.rows["parents_informed"].tolist() == [100.0, 60.0]
    assert data.rows["_row"].tolist() == w.data_rows == [5, 6]


def test_csv_utf8_bom_semicolon_and_decimal_comma(tmp_path: Path) -> None:
    grid, _, _ = build_grid(communes(("Xã Dân Lực", {"parents": "1.234", "parents_informed": "1.000"})))
    path = write_csv(tmp_path / "bc-2024.csv", grid, encoding="utf-8-sig", delimiter=";")
    data = read_reports([path])
    assert data.rows["parents"].tolist() == [1234.0]
    info = one(data, "csv-encoding")
    assert info.args == {"encoding": "utf-8-sig", "delimiter": ";"}


def test_csv_windows_1258_with_combining_tone_marks(tmp_path: Path) -> None:
    grid, _, _ = build_grid(BASIC)
    path = write_csv(tmp_path / "bc-2024.csv", grid, encoding="cp1258", delimiter="\t")
    data = read_reports([path])
    assert one(data, "csv-encoding").args == {"encoding": "cp1258", "delimiter": "tab"}
    assert data.rows["commune"].tolist() == ["Xã Dân Lực", "Xã Thọ Sơn"]
    assert data.rows["parents"].tolist() == [120.0, 80.0]


def test_csv_utf16_with_bom(tmp_path: Path) -> None:
    grid, _, _ = build_grid(BASIC)
    path = write_csv(tmp_path / "bc-2024.csv", grid, encoding="utf-16")
    data = read_reports([path])
    assert one(data, "csv-encoding").args["encoding"] == "utf-16"
    assert data.rows["parents_informed"].tolist() == [100.0, 60.0]


def test_corrupt_zip_renamed_xlsx_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    data = read_reports([path])
    f = one(data, "file-unreadable")
    assert f.file == str(path) and f.severity == "error"
    assert len(data.rows) == 0


def test_missing_file_and_unsupported_suffix(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    data = read_reports([tmp_path / "nope.xlsx", tmp_path / "notes.txt"])
    assert one(data, "file-not-found").file == str(tmp_path / "nope.xlsx")
    f = one(data, "unsupported-format")
    assert f.args["suffix"] == ".txt" and message(f, "en") == "unsupported file format '.txt': the file is plain text (not in columns)"


def test_empty_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", {"Sheet1": ([], [])})
    data = read_reports([path])
    assert one(data, "empty-workbook").severity == "error"
    assert data.sources[0].rows_read == 0


def test_sheet_with_only_a_title_has_no_report_table(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "title.xlsx", {"Sheet1": ([["BIỂU TỔNG HỢP KẾT QUẢ NĂM 2024"]], [])})
    data = read_reports([path])
    f = one(data, "no-report-table")
    assert f.severity == "error" and f.sheet == "Sheet1"
    assert [(lo.row, lo.reason) for lo in data.left_out] == [(1, "no-report-table")]
    assert balanced(data)


def test_a_text_only_sheet_beside_a_table_is_info_but_unrecognised_numbers_warn(tmp_path: Path) -> None:
    grid, merges, _ = build_grid(BASIC)
    notes = [["HƯỚNG DẪN"], ["Ghi số người, để trống nếu không báo cáo"]]
    numbers = [["Cột lạ", "Khác"], [12, 30]]
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"2024": (grid, merges), "Hướng dẫn": (notes, []), "Nháp": (numbers, [])})
    data = read_reports([path])
    severity = {f.sheet: f.severity for f in data.findings if f.code == "no-report-table"}
    assert severity == {"Hướng dẫn": "info", "Nháp": "warning"}
    assert balanced(data)


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    grid, merges, _ = build_grid(BASIC)
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"2024": (grid, merges)})
    once = read_reports([path])
    twice = read_reports([path, tmp_path])  # the file, and the folder holding it
    assert len(twice.rows) == len(once.rows) and twice.rows_read == once.rows_read
    assert [f.args["first"] for f in twice.findings if f.code == "same-file-twice"] == [str(path)]


def test_folder_expanded_sorted_and_sheet_option(tmp_path: Path) -> None:
    grid, merges, _ = build_grid(BASIC)
    other, _, _ = build_grid(communes(("Xã Thọ Bình", {"parents": 5})))
    write_xlsx(tmp_path / "b-2024.xlsx", {"2024": (grid, merges), "Khác": (other, [])})
    write_report(tmp_path / "a-2024.xlsx", communes(("Xã Hợp Lý", {"parents": 7})))
    (tmp_path / "~$b-2024.xlsx").write_bytes(b"lock")
    data = read_reports([tmp_path])
    assert [s.path for s in data.sources] == [str(tmp_path / "a-2024.xlsx"), str(tmp_path / "b-2024.xlsx")]
    assert data.rows["parents"].tolist() == [7.0, 120.0, 80.0, 5.0]
    only = read_reports([tmp_path / "b-2024.xlsx"], sheet="Khác")
    assert only.rows["parents"].tolist() == [5.0]
    missing = read_reports([tmp_path / "b-2024.xlsx"], sheet="Nope")
    assert one(missing, "sheet-not-found").args["available"] == "2024, Khác"


# --- layout --------------------------------------------------------------------------------------


def test_title_lines_numbering_row_and_signature_are_left_out_and_counted(tmp_path: Path) -> None:
    w = write_report(
        tmp_path / "bc.xlsx", BASIC, title_lines=["UBND HUYỆN TRIỆU SƠN", "BIỂU TỔNG HỢP NĂM 2024"],
        numbering_row=True, signature=True,
    )
    data = read_reports([w.path])
    reasons = {lo.row: lo.reason for lo in data.left_out_rows()}
    assert reasons[1] == reasons[2] == "title-row"
    assert reasons[3] == "blank-row"
    assert reasons[4] == "header-row"
    assert reasons[w.numbering_row] == "numbering-row"
    assert [reasons[r] for r in w.note_rows] == ["note-row", "blank-row", "note-row", "note-row", "note-row"]
    assert data.rows["_row"].tolist() == w.data_rows
    assert data.sources[0].rows_read == w.last_row
    assert set(data.rows["year"]) == {2024}  # from the title
    assert balanced(data)


def test_plain_numbering_row_one_two_three_is_skipped(tmp_path: Path) -> None:
    grid, merges, _ = build_grid(BASIC)
    grid.insert(1, [1, 2, 3, 4])
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, merges)})
    data = read_reports([path])
    assert one(data, "numbering-row").row == 2
    assert data.rows["parents"].tolist() == [120.0, 80.0]


def test_two_row_header_with_group_total_subheaders(tmp_path: Path) -> None:
    grid = [
        ["STT", "Xã", "Số cha mẹ, người chăm sóc trẻ em", ""],
        ["", "", "Tổng số", "Được cung cấp thông tin"],
        ["1", "Xã Dân Lực", 50, 40],
    ]
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3)]
    path = write_xlsx(tmp_path / "Triệu Sơn 2024.xlsx", {"S": (grid, merges)})
    data = read_reports([path])
    assert data.rows["parents"].tolist() == [50.0]
    assert data.rows["parents_informed"].tolist() == [40.0]


def test_header_variants_nfd_line_breaks_unit_suffix_and_codes(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 3, "children_5_17": 9}))
    headers = {"commune": "TÊN XÃ", "parents": "Số cha mẹ,\nngười chăm sóc   trẻ em (người)", "children_5_17": "children_5_17"}
    w = write_report(tmp_path / "bc-2024.xlsx", rows, headers=headers, nfd_headers=True)
    data = read_reports([w.path])
    assert data.rows["parents"].tolist() == [3.0]
    assert data.rows["children_5_17"].tolist() == [9.0]


def test_unknown_header_is_info_and_its_column_ignored(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 3, "ghi_chu": "tốt"}))
    w = write_report(tmp_path / "bc-2024.xlsx", rows, headers={"ghi_chu": "Ghi chú khác"})
    data = read_reports([w.path])
    f = one(data, "unknown-header")
    assert (f.severity, f.row, f.column_letter, f.header) == ("info", 1, "D", "Ghi chú khác")
    assert "ghi_chu" not in data.rows.columns


def test_plan_alias_matches_and_a_clashing_alias_is_ambiguous(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 3, "parents_informed": 2}))
    w = write_report(tmp_path / "bc-2024.xlsx", rows, headers={"parents": "Phụ huynh (người)", "parents_informed": "Số trẻ em"})
    plan = make_plan({"parents": ("Phụ huynh",), "parents_informed": ("số trẻ em",)})
    data = read_reports([w.path], plan=plan)
    assert data.rows["parents"].tolist() == [3.0]
    f = one(data, "ambiguous-header")
    assert (f.severity, f.column_letter, f.args["elements"]) == ("error", "D", "children, parents_informed")


def test_duplicate_column_is_an_error(tmp_path: Path) -> None:
    grid = [["Xã", "parents", "Số cha mẹ, người chăm sóc trẻ em"], ["Xã Dân Lực", 1, 2]]
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, [])})
    f = one(read_reports([path]), "duplicate-column")
    assert (f.column_letter, f.args["first"], f.args["second"]) == ("C", "B", "C")


def test_merged_district_cells_are_carried_down(tmp_path: Path) -> None:
    rows = [
        {"district": "Huyện Triệu Sơn", "commune": "Xã Dân Lực", "parents": 1},
        {"district": "Huyện Triệu Sơn", "commune": "Xã Thọ Sơn", "parents": 2},
        {"district": "Huyện Nông Cống", "commune": "Xã Tân Phúc", "parents": 3},
        {"district": "Huyện Nông Cống", "commune": "Xã Tân Khang", "parents": 4},
    ]
    w = write_report(tmp_path / "bc-2024.xlsx", rows, merge_district=True)
    data = read_reports([w.path])
    assert data.rows["district_code"].tolist() == ["397", "397", "404", "404"]
    assert data.rows["district"].tolist()[2] == "Huyện Nông Cống"


def test_district_written_once_on_a_group_row_is_carried_down(tmp_path: Path) -> None:
    grid = [
        ["Huyện", "Xã", "parents"],
        ["Huyện Triệu Sơn", "", ""],
        ["", "Xã Dân Lực", 5],
        ["", "Xã Thọ Sơn", 6],
    ]
    data = read_reports([write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, [])})])
    assert data.rows["commune_code"].tolist() == ["15700", "15667"]
    assert one(data, "group-row").row == 2
    assert {lo.row: lo.reason for lo in data.left_out_rows()}[2] == "group-row"


def test_district_level_rows_keep_commune_blank(tmp_path: Path) -> None:
    grid = [["Tỉnh", "Huyện", "articles_published"], ["Tỉnh Thanh Hóa", "Huyện Triệu Sơn", 4], ["", "Huyện Nông Cống", 2]]
    data = read_reports([write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, [])})])
    assert data.rows["level"].tolist() == ["district", "district"]
    assert data.rows["unit_code"].tolist() == ["397", "404"]
    assert data.rows["province_code"].tolist() == ["38", "38"]


# --- totals --------------------------------------------------------------------------------------


def test_total_row_that_adds_up_is_left_out_without_warning(tmp_path: Path) -> None:
    w = write_report(tmp_path / "bc-2024.xlsx", BASIC, total_row="bottom")
    data = read_reports([w.path])
    assert one(data, "total-row").row == w.total_row
    assert not found(data, "total-row-mismatch")
    assert data.rows["parents"].sum() == 200.0


def test_total_row_mismatch_names_column_and_both_sums(tmp_path: Path) -> None:
    grid, merges, w = build_grid(BASIC, total_row="bottom", total_label="Cộng")
    grid[-1][2] = 210  # parents printed 210, rows sum to 200
    data = read_reports([write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, merges)})])
    f = one(data, "total-row-mismatch")
    assert (f.row, f.column_letter, f.column, f.severity) == (w.total_row, "C", "parents", "warning")
    assert (f.args["printed"], f.args["computed"]) == ("210", "200")


def test_total_row_at_the_top_totals_the_rows_below(tmp_path: Path) -> None:
    grid, merges, w = build_grid(BASIC, total_row="top", total_label="Toàn huyện")
    grid[w.total_row - 1][3] = 150  # parents_informed: 100 + 60 = 160
    data = read_reports([write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, merges)})])
    f = one(data, "total-row-mismatch")
    assert (f.row, f.column, f.args["computed"]) == (2, "parents_informed", "160")
    assert data.rows["_row"].tolist() == [3, 4]


# --- cell values ---------------------------------------------------------------------------------


def test_text_numbers_with_vietnamese_thousands_separators(tmp_path: Path) -> None:
    rows = communes(
        ("Xã Dân Lực", {"parents": "1.234", "parents_informed": "1 000"}),
        ("Xã Thọ Sơn", {"parents": "12\u00a0345", "parents_informed": " 7 "}),
    )
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path])
    assert data.rows["parents"].tolist() == [1234.0, 12345.0]
    assert data.rows["parents_informed"].tolist() == [1000.0, 7.0]
    assert not [f for f in data.findings if f.severity == "error"]


def test_decimal_comma_in_a_rate_column_and_fraction_in_a_count_column(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"rate_x": "0,5", "parents": "0,5"}))
    plan = make_plan(extra=(ElementRef("rate_x", (), "Tỷ lệ hộ nghèo", "poverty rate"),))
    w = write_report(tmp_path / "bc-2024.xlsx", rows, headers={"rate_x": "Tỷ lệ hộ nghèo (%)"})
    data = read_reports([w.path], plan=plan)
    assert data.rows["rate_x"].tolist() == [0.5]
    f = one(data, "fractional-count")
    assert (f.row, f.column_letter, f.args["value"]) == (2, "D", "0,5")
    assert math.isnan(data.rows["parents"].iloc[0])


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (-3, "negative-count"),
        (2.5, "fractional-count"),
        ("năm mươi", "not-a-number"),
        ("-", "ambiguous-dash"),
        ("x", "ambiguous-dash"),
        ("–", "ambiguous-dash"),
        (dt.datetime(2024, 5, 1), "date-in-count"),
        ("12/05/2024", "date-in-count"),
        ("#DIV/0!", "error-value"),
    ],
)
def test_bad_cell_is_an_error_at_its_cell_and_the_row_is_kept(tmp_path: Path, value: object, code: str) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 10, "parents_informed": value}), ("Xã Thọ Sơn", {"parents": 20, "parents_informed": 5}))
    w = write_report(tmp_path / "bc-2024.xlsx", rows, title_lines=["BÁO CÁO"])
    data = read_reports([w.path])
    f = one(data, code)
    assert (f.severity, f.row, f.column_letter, f.column) == ("error", 4, "D", "parents_informed")
    assert f.header == "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"
    assert math.isnan(data.rows["parents_informed"].iloc[0])
    assert data.rows["parents"].tolist() == [10.0, 20.0]
    if code == "ambiguous-dash":
        from cltrack.findings import hint

        assert "0" in hint(f, "en")


def test_blank_cell_is_nan_never_zero(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 10, "parents_informed": None}), ("Xã Thọ Sơn", {"parents": 0, "parents_informed": 0}))
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path])
    assert math.isnan(data.rows["parents_informed"].iloc[0])
    assert data.rows["parents_informed"].iloc[1] == 0.0
    assert data.rows["parents"].tolist() == [10.0, 0.0]


def _add_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell a cached value, as Excel does when it saves."""
    src = zipfile.ZipFile(path)
    items = {n: src.read(n) for n in src.namelist()}
    src.close()
    sheet = "xl/worksheets/sheet1.xml"
    xml = items[sheet].decode()
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    body = xml[start:end].replace("<v />", "").replace("<v></v>", "")
    items[sheet] = (xml[:start] + body + f"<v>{value}</v>" + xml[end:]).encode()
    with zipfile.ZipFile(path, "w") as out:
        for n, d in items.items():
            out.writestr(n, d)


def test_formula_uses_its_cached_value_and_one_without_is_an_error(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 10, "parents_informed": "=C2-4"}), ("Xã Thọ Sơn", {"parents": 20, "parents_informed": "=C3-1"}))
    w = write_report(tmp_path / "bc-2024.xlsx", rows)
    _add_cached_value(w.path, "D2", "6")
    data = read_reports([w.path])
    assert data.rows["parents_informed"].iloc[0] == 6.0
    f = one(data, "formula-no-value")
    assert (f.row, f.column_letter, f.column) == (3, "D", "parents_informed")
    assert math.isnan(data.rows["parents_informed"].iloc[1])


# --- units ---------------------------------------------------------------------------------------


def test_unit_names_in_any_case_without_prefix_and_nfd(tmp_path: Path) -> None:
    import unicodedata

    rows = [
        {"district": "huyện triệu sơn", "commune": "DÂN LỰC", "parents": 1},
        {"district": "Triệu Sơn", "commune": unicodedata.normalize("NFD", "Xã Thọ Sơn"), "parents": 2},
    ]
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path])
    assert data.rows["commune"].tolist() == ["Xã Dân Lực", "Xã Thọ Sơn"]
    assert data.rows["unit"].tolist() == ["Xã Dân Lực", "Xã Thọ Sơn"]


def test_unknown_unit_is_an_error_with_suggestions_and_the_row_left_out(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lựcc", {"parents": 1}), ("Xã Thọ Sơn", {"parents": 2}))
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path])
    f = one(data, "unknown-unit")
    assert (f.row, f.column_letter, f.column) == (2, "B", "commune")
    assert "Xã Dân Lực" in f.args["suggestions"]
    assert {lo.row: lo.reason for lo in data.left_out_rows()}[2] == "unknown-unit"
    assert data.rows["commune"].tolist() == ["Xã Thọ Sơn"]
    assert balanced(data)


def test_unit_code_wins_over_the_name_with_a_warning(tmp_path: Path) -> None:
    rows = [
        {"commune": "Xã Dân Lực", "unit_code": "15667", "parents": 1},
        {"commune": "Xã Thọ Sơn", "unit_code": 15667, "parents": 2},
        {"commune": "Xã Thọ Sơn", "unit_code": "99999", "parents": 3},
    ]
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path])
    assert data.rows["unit_code"].tolist()[:2] == ["15667", "15667"]
    mismatch = one(data, "unit-code-name-mismatch")
    assert (mismatch.row, mismatch.args["code_name"]) == (2, "Xã Thọ Sơn")
    assert one(data, "unknown-unit-code").row == 4


def test_unit_outside_the_plan_area_is_left_out(tmp_path: Path) -> None:
    rows = [
        {"district": "Huyện Triệu Sơn", "commune": "Xã Dân Lực", "parents": 1},
        {"district": "Huyện Nông Cống", "commune": "Xã Tân Phúc", "parents": 3},
    ]
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path], plan=make_plan())
    assert one(data, "unit-outside-plan").row == 3
    assert data.rows["commune"].tolist() == ["Xã Dân Lực"]
    assert balanced(data)


def test_each_unit_outside_the_plan_area_gets_one_finding_at_its_first_row(tmp_path: Path) -> None:
    rows = [
        {"district": "Huyện Nông Cống", "commune": "Xã Tân Phúc", "parents": 3},  # row 2
        {"district": "Huyện Triệu Sơn", "commune": "Xã Dân Lực", "parents": 1},
        {"district": "Huyện Nông Cống", "commune": "Xã Tân Phúc", "parents": 4},  # the same commune again: no second finding
        {"district": "Huyện Nông Cống", "commune": "Xã Tân Thọ", "parents": 5},  # row 5
        {"district": "Huyện Triệu Sơn", "commune": "Xã Thọ Sơn", "parents": 2},
    ]
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path], plan=make_plan())
    found = [f for f in data.findings if f.code == "unit-outside-plan"]
    assert [(f.row, f.severity, f.sheet, f.args) for f in found] == [
        (2, "warning", "Báo cáo", {"name": "Xã Tân Phúc"}), (5, "warning", "Báo cáo", {"name": "Xã Tân Thọ"})]
    assert message(found[1]) == "unit 'Xã Tân Thọ' is outside the plan's area; left out"
    assert data.rows["commune"].tolist() == ["Xã Dân Lực", "Xã Thọ Sơn"]
    assert sorted((lo.row, lo.last_row) for lo in data.left_out if lo.reason == "unit-outside-plan") == [(2, 2), (4, 5)]
    assert balanced(data)


def test_a_message_fills_only_the_fields_its_template_names() -> None:
    from cltrack.models import Finding

    f = Finding("unit-outside-plan", "warning", column="x", header="\x1b[31m", args={"name": "A\x1b]0;t\x07", "unused": object()})
    assert message(f) == "unit 'A\\x1b]0;t\\x07' is outside the plan's area; left out"
    assert "A" in message(f, "vi") and "\x1b" not in message(f, "vi")


def test_row_with_figures_but_no_unit_is_an_error(tmp_path: Path) -> None:
    grid = [["Xã", "parents"], ["Xã Dân Lực", 5], ["", 7], ["Xã Thọ Sơn", 9]]
    data = read_reports([write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, [])})], plan=make_plan())
    assert one(data, "unit-missing").row == 3
    assert data.rows["parents"].tolist() == [5.0, 9.0]


def test_report_mixing_old_and_new_units_is_an_error(tmp_path: Path) -> None:
    rows = [{"province": PROV, "commune": "Xã Dân Lực", "parents": 1}, {"province": PROV, "commune": "Phường Hạc Thành", "parents": 2}]
    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", rows).path])
    f = one(data, "mixed-gazetteer")
    assert (f.severity, f.args["old"], f.args["new"]) == ("error", 1, 1)
    assert data.rows["gazetteer"].tolist() == ["2025-01", "2025-07"]


def test_old_unit_name_in_a_2026_report(tmp_path: Path) -> None:
    rows = [{"province": PROV, "commune": "Xã Dân Lực", "parents": 1}]
    data = read_reports([write_report(tmp_path / "bc-2026.xlsx", rows).path])
    f = one(data, "old-unit-name")
    assert (f.row, f.args["year"], f.args["name"]) == (2, 2026, "Xã Dân Lực")
    assert data.rows["gazetteer"].tolist() == ["2025-01"]


def test_new_units_in_a_2026_report_use_the_new_list(tmp_path: Path) -> None:
    rows = [{"province": PROV, "commune": "Phường Hạc Thành", "parents": 1}, {"province": PROV, "commune": "Xã Thọ Bình", "parents": 2}]
    data = read_reports([write_report(tmp_path / "bc-2026.xlsx", rows).path])
    assert data.rows["gazetteer"].tolist() == ["2025-07", "2025-07"]
    assert data.rows["district"].isna().all()
    assert not found(data, "mixed-gazetteer")


# --- years ---------------------------------------------------------------------------------------


def test_year_column_then_sheet_then_file_then_title_then_argument(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 1}))
    by_column = write_report(tmp_path / "a.xlsx", [{**rows[0], "year": 2023}])
    by_sheet = write_report(tmp_path / "b.xlsx", rows, sheet="Năm 2022")
    by_file = write_report(tmp_path / "c-2021.xlsx", rows)
    by_title = write_report(tmp_path / "d.xlsx", rows, title_lines=["BIỂU TỔNG HỢP NĂM 2020", "(Kèm theo Báo cáo ngày 5 tháng 1 năm 2021)"])
    by_arg = write_report(tmp_path / "e.xlsx", rows)
    data = read_reports([p.path for p in (by_column, by_sheet, by_file, by_title, by_arg)], year=2019)
    assert data.rows["year"].tolist() == [2023, 2022, 2021, 2020, 2019]
    assert not found(data, "year-conflict")


def test_two_year_sources_that_disagree_are_an_error(tmp_path: Path) -> None:
    rows = communes(("Xã Dân Lực", {"parents": 1}))
    w = write_report(tmp_path / "bc-2024.xlsx", [{**rows[0], "year": 2023}])
    f = one(read_reports([w.path]), "year-conflict")
    assert (f.row, f.args["first"], f.args["second"]) == (2, 2023, 2024)
    w2 = write_report(tmp_path / "bc-2024b.xlsx", rows, sheet="2023")
    f2 = one(read_reports([w2.path]), "year-conflict")
    assert (f2.args["first_source"], f2.args["second_source"]) == ("sheet", "file")


def test_no_year_anywhere_leaves_rows_out(tmp_path: Path) -> None:
    w = write_report(tmp_path / "bc.xlsx", BASIC)
    data = read_reports([w.path])
    assert one(data, "year-missing").row == 2
    assert [lo.reason for lo in data.left_out_rows() if lo.row in (2, 3)] == ["year-missing", "year-missing"]
    assert len(data.rows) == 0 and balanced(data)


def test_rows_columns_and_dtypes_follow_the_architecture(tmp_path: Path) -> None:
    from cltrack.reading.model import ROW_COLUMNS

    data = read_reports([write_report(tmp_path / "bc-2024.xlsx", BASIC).path])
    assert list(data.rows.columns) == [*ROW_COLUMNS, "parents", "parents_informed"]
    assert str(data.rows["_row"].dtype) == "int64" and str(data.rows["year"].dtype) == "int64"
    assert str(data.rows["parents"].dtype) == "float64"
    empty = read_reports([tmp_path / "none.xlsx"])
    assert list(empty.rows.columns) == list(ROW_COLUMNS) and len(empty.rows) == 0


def test_row_balance_finding_per_file(tmp_path: Path) -> None:
    w = write_report(tmp_path / "bc-2024.xlsx", BASIC, title_lines=["BÁO CÁO"], total_row="bottom", signature=True)
    data = read_reports([w.path])
    f = one(data, "row-balance")
    assert f.args == {"read": w.last_row, "used": 2, "left_out": w.last_row - 2}
    assert balanced(data)
