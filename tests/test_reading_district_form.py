"""A full printed district form, typed as a district office does it, read value by value."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

pytest.importorskip("cltrack.units.gazetteer", reason="the gazetteer (issue 8) is not in the tree yet")

from cltrack.elements import ELEMENTS
from cltrack.reading.reports import read_reports


def nfd(text: str) -> str:
    """The text in decomposed Unicode, as some Vietnamese keyboards type it."""
    return unicodedata.normalize("NFD", text)


def write_form(path: Path) -> Path:
    """Huyện Triệu Sơn's 2024 summary: title block, two-row merged header, numbering row, merged
    district column, text numbers, NFD headers, a total row and a signature block."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    ws["A1"] = "UBND HUYỆN TRIỆU SƠN"
    ws["E1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["A2"] = "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["A3"] = "BIỂU TỔNG HỢP KẾT QUẢ PHÒNG NGỪA, GIẢM THIỂU LAO ĐỘNG TRẺ EM NĂM 2024"
    ws.merge_cells("A3:G3")
    ws["A4"] = "(Kèm theo Báo cáo số 15/BC-LĐTBXH ngày 10 tháng 01 năm 2025 của Phòng LĐ-TB&XH)"
    ws.merge_cells("A4:G4")
    # two-row header: identifiers merged down, groups merged across
    ws["A6"], ws["B6"], ws["C6"] = "STT", "Huyện", "Xã, phường, thị trấn"
    for col in "ABC":
        ws.merge_cells(f"{col}6:{col}7")
    ws["D6"] = "Trẻ em từ 5 đến 17 tuổi"
    ws.merge_cells("D6:E6")
    ws["F6"] = "Cha mẹ, người chăm sóc trẻ em"
    ws.merge_cells("F6:G6")
    ws["D7"] = nfd(ELEMENTS["children_5_17"].header_vi + " (người)")
    ws["E7"] = nfd(ELEMENTS["child_labourers_5_17"].header_vi)
    ws["F7"] = nfd("Số cha mẹ, người chăm sóc\ntrẻ em")
    ws["G7"] = nfd(ELEMENTS["parents_informed"].header_vi)
    for i, col in enumerate("ABCDEFG", start=1):
        ws[f"{col}8"] = f"({i})"
    data = [
        (1, "Huyện Triệu Sơn", "Thị trấn Triệu Sơn", "1.234", 12, 2100, "1 980"),
        (2, None, "Xã Dân Lực", 987, "7", "1.050", 1000),
        (3, None, "xã thọ sơn", "2.005", 0, 1500, None),
        (4, None, "Thọ Bình", 760, "15", "900", 850),
    ]
    for r, row in enumerate(data, start=9):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    ws.merge_cells("B9:B12")
    ws["A13"] = "Tổng cộng"
    ws.merge_cells("A13:C13")
    ws["D13"], ws["E13"], ws["F13"], ws["G13"] = 4986, 34, 5550, 3830
    ws["E15"] = "Triệu Sơn, ngày 10 tháng 01 năm 2025"
    ws["A16"], ws["E16"] = "NGƯỜI LẬP BIỂU", "TRƯỞNG PHÒNG"
    ws["A17"], ws["E17"] = "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"
    ws["A19"], ws["E19"] = "Lê Văn Cường", "Phạm Thị Dung"
    wb.save(path)
    return path


def test_full_printed_district_form_reads_every_value(tmp_path: Path) -> None:
    path = write_form(tmp_path / "Triệu Sơn.xlsx")
    data = read_reports([path])
    rows = data.rows
    assert rows["_row"].tolist() == [9, 10, 11, 12]
    assert rows["commune"].tolist() == ["Thị trấn Triệu Sơn", "Xã Dân Lực", "Xã Thọ Sơn", "Xã Thọ Bình"]
    assert rows["commune_code"].tolist() == ["15664", "15700", "15667", "15670"]
    assert rows["district"].tolist() == ["Huyện Triệu Sơn"] * 4
    assert rows["district_code"].tolist() == ["397"] * 4
    assert rows["province_code"].tolist() == ["38"] * 4
    assert rows["level"].tolist() == ["commune"] * 4
    assert rows["gazetteer"].tolist() == ["2025-01"] * 4
    assert rows["year"].tolist() == [2024] * 4  # from the title, not from the signature date
    assert rows["children_5_17"].tolist() == [1234.0, 987.0, 2005.0, 760.0]
    assert rows["child_labourers_5_17"].tolist() == [12.0, 7.0, 0.0, 15.0]
    assert rows["parents"].tolist() == [2100.0, 1050.0, 1500.0, 900.0]
    informed = rows["parents_informed"].tolist()
    assert informed[0] == 1980.0 and informed[1] == 1000.0 and informed[3] == 850.0
    assert informed[2] != informed[2]  # blank is NaN, not zero
    # totals: 1234+987+2005+760 = 4986; 12+7+0+15 = 34; 2100+1050+1500+900 = 5550; 1980+1000+850 = 3830
    assert not [f for f in data.findings if f.code == "total-row-mismatch"]
    assert [f.severity for f in data.findings if f.severity == "error"] == []
    reasons = {lo.row: lo.reason for lo in data.left_out_rows()}
    assert reasons == {
        1: "title-row", 2: "title-row", 3: "title-row", 4: "title-row", 5: "blank-row",
        6: "header-row", 7: "header-row", 8: "numbering-row", 13: "total-row", 14: "blank-row",
        15: "note-row", 16: "note-row", 17: "note-row", 18: "blank-row", 19: "note-row",
    }
    src = data.sources[0]
    assert (src.rows_read, src.rows_used, src.rows_left_out) == (19, 4, 15)
    assert src.sheets == ["Biểu 01"] and len(src.sha256) == 64


def test_district_form_total_mismatch_names_column_and_sums(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_form(tmp_path / "Triệu Sơn.xlsx")
    wb = load_workbook(path)
    wb["Biểu 01"]["F13"] = 5500
    wb.save(path)
    data = read_reports([path])
    mismatch = [f for f in data.findings if f.code == "total-row-mismatch"]
    assert len(mismatch) == 1
    f = mismatch[0]
    assert (f.row, f.column_letter, f.column) == (13, "F", "parents")
    assert (f.args["printed"], f.args["computed"]) == ("5500", "5550")
    assert f.header == "Số cha mẹ, người chăm sóc trẻ em"  # NFC, on one line
