"""JSON, CSV and Excel output of an Evaluation: contract shapes, neutralised text, workbook round trip."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cltrack.compute import evaluate as ev
from cltrack.compute import scope
from cltrack.export import evaluation as out
from evalkit import plan, report, target, ts_area_frame

PARENTS = target("M2.1b", numerator=("parents_informed",), denominator=("parents",), comparator=">=", value=70.0, objective="2",
                 text_vi="70% cha mẹ, người chăm sóc trẻ em được cung cấp thông tin")
EDU = target("M1.3", numerator=("cl_in_education",), denominator=("cl_and_at_risk",), comparator=">", value=90.0,
             text_vi="Trên 90% trẻ em có nguy cơ, lao động trẻ em được tiếp cận giáo dục phổ thông")


@pytest.fixture
def evaluation(monkeypatch: pytest.MonkeyPatch) -> ev.Evaluation:
    """Triệu Sơn 2024: M1.3 63/70 (= 90%, not above: shortfall, 1 more), M2.1b 59/110 (53.6%, 18 more)."""
    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    data = report(
        [
            {"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 9, "cl_and_at_risk": 30, "cl_in_education": 27},
            {"commune": "Xã Dân Lý", "parents": 100, "parents_informed": 50, "cl_and_at_risk": 40, "cl_in_education": 36},
            {"commune": "Xã Dân Quyền", "parents": 10, "parents_informed": None},
        ],
        ts_area_frame(),
        file="=HYPERLINK(evil).xlsx",
    )
    p = plan([EDU, PARENTS])
    e = ev.evaluate(p, data, year=2024)
    e.unit_results = ev.evaluate(p, data, year=2024, level="commune").results
    return e


def test_json_has_the_contract_shape(evaluation: ev.Evaluation) -> None:
    doc = json.loads(out.to_json(evaluation))
    assert (doc["plan"], doc["year"], doc["level"]) == ("trieu-son", 2024, "district")
    m13, m21b = doc["results"]
    assert m13 | {} == m13 and m13["target"] == "M1.3"
    assert (m13["numerator"], m13["denominator"], m13["actual"], m13["status"], m13["gap_count"]) == (63, 70, 90.0, "shortfall", 1)
    assert (m21b["numerator"], m21b["denominator"], m21b["gap_count"]) == (59, 110, 18)
    assert m21b["actual"] == pytest.approx(100 * 59 / 110)  # not rounded
    for key in ("unit", "comparator", "target_value", "attainment_pct", "gap", "units_reporting", "units_expected", "se", "ci_low", "ci_high", "n_unweighted", "reliable"):
        assert key in m13
    assert isinstance(doc["findings"], list)


def test_csv_has_one_row_per_result_and_neutralises_formulas(evaluation: ev.Evaluation) -> None:
    evaluation.results[0].unit = "=cmd|' /C calc'!A0"
    rows = list(csv.DictReader(io.StringIO(out.to_csv(evaluation))))
    assert len(rows) == 2
    assert rows[0]["unit"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["gap_count"] == "18" and rows[1]["status"] == "shortfall"
    assert rows[1]["se"] == ""


def test_workbook_round_trip(evaluation: ev.Evaluation, tmp_path) -> None:  # noqa: ANN001
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    path = tmp_path / "report.xlsx"
    out.write_xlsx(evaluation, path, "vi", unit_results=evaluation.unit_results)
    cal = CalamineWorkbook.from_path(str(path))
    assert cal.sheet_names == ["Tổng hợp", "Theo đơn vị", "Chưa đạt", "Phát hiện", "Biểu đồ", "Nguồn dữ liệu"]
    summary = cal.get_sheet_by_name("Tổng hợp").to_python()
    assert summary[0][0] == "UBND" and summary[0][7] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # the official heading block
    assert summary[1][7] == "Độc lập - Tự do - Hạnh phúc" and ", ngày " in summary[3][7]
    assert "2024" in summary[5][0] and "Kế hoạch thử" in summary[6][0]
    assert summary[9][7] == "Giá trị cơ sở" and summary[10][7] == "chưa có năm trước"  # no baseline, and why
    assert summary[10][0] == "M1.3" and summary[10][4] == pytest.approx(90.0) and summary[10][8] == "không đạt"
    assert summary[11][10] == 18 and summary[11][11] == 59 and summary[11][12] == 110
    assert summary[-2][0] == "NGƯỜI LẬP BIỂU" and summary[-2][7] == "THỦ TRƯỞNG ĐƠN VỊ"  # the signature block
    matrix = cal.get_sheet_by_name("Theo đơn vị").to_python()
    assert matrix[1][:2] == ["Huyện", "Đơn vị"]
    assert matrix[2][1] == "Xã Dân Lực" and matrix[2][2] == pytest.approx(90.0) and matrix[2][3] == pytest.approx(90.0)
    assert matrix[3][3] == pytest.approx(50.0)
    assert len(matrix) == 2 + 4 + 1  # every expected commune, reporting or not, and the district subtotal
    short = cal.get_sheet_by_name("Chưa đạt").to_python()
    assert [r[0] for r in short[1:]] == ["M2.1b", "M1.3"]  # by gap in people: 18 before 1
    assert short[1][7].startswith("70% cha mẹ")
    prov = cal.get_sheet_by_name("Nguồn dữ liệu").to_python()
    assert prov[1][0] == "'=HYPERLINK(evil).xlsx" and prov[1][1] == "0" * 64
    assert any(r[0] == "Phiên bản cltrack" for r in prov)

    wb = load_workbook(path)
    ws = wb["Tổng hợp"]
    assert ws.freeze_panes == "C11"
    assert ws["E11"].number_format == '[$-42A]0.00"%"' and ws["F11"].number_format == "[$-42A]0.0%"  # Vietnamese decimal comma
    assert ws["I11"].fill.fgColor.rgb.endswith("FFC7CE")  # shortfall fill
    assert ws.print_title_rows == "$10:$10" and ws.page_setup.paperSize == 9
    # one page wide: fit to page, fitToWidth 1 (absent: 1 is its OOXML default), any number of pages tall
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {"Times New Roman"}
    assert ws.column_dimensions["B"].width > 20
    by_unit = wb["Theo đơn vị"]
    assert len(by_unit.conditional_formatting) == 2  # one range per target column
    chart_ws = wb["Biểu đồ"]
    assert len(chart_ws._charts) == 1
    chart = chart_ws._charts[0]
    assert chart.tagname == "barChart" and len(chart._charts) == 2  # bars plus the 100% line
    assert [c.value for c in chart_ws["C"][1:3]] == [100, 100]


def test_xlsx_without_output_is_a_usage_error(evaluation: ev.Evaluation) -> None:
    from cltrack.errors import CltrackError

    with pytest.raises(CltrackError):
        out.write(evaluation, "xlsx", None, "vi")


def test_blank_figures_and_blank_matrix_cells_stay_empty_and_unformatted(evaluation: ev.Evaluation, tmp_path) -> None:  # noqa: ANN001
    from openpyxl import load_workbook

    path = tmp_path / "report.xlsx"
    out.write_xlsx(evaluation, path, "vi", unit_results=evaluation.unit_results)
    wb = load_workbook(path)
    summary = wb["Tổng hợp"]
    assert summary["G11"].value is None and summary["G11"].number_format == "General"  # no expected value: nothing to format
    assert summary["E11"].value is not None and summary["E11"].number_format == '[$-42A]0.00"%"'
    by_unit = wb["Theo đơn vị"]
    an_nong = next(row for row in by_unit.iter_rows(min_row=3) if row[1].value == "Xã An Nông")
    assert [(c.value, c.number_format) for c in an_nong[2:4]] == [(None, "General")] * 2  # not reporting: left blank
    assert an_nong[4].value == "không"
    assert by_unit["C3"].number_format == "[$-42A]0.00"


def test_json_lines_hold_the_same_object_as_indented_json_one_item_a_line() -> None:
    import numpy as np

    doc = {"plan": "p", "year": 2024, "unit": None, "results": [{"a": 1, "b": np.int64(7), "c": "Xã Đông"}, {"a": float("nan")}], "findings": [], "x": {"k": [1, 2]}}
    text = out.dumps_lines(doc)
    lines = text.splitlines()
    assert lines[5] == '    {"a": 1, "b": 7, "c": "Xã Đông"},' and lines[6] == '    {"a": NaN}'
    assert '"findings": []' in text
    indented = json.dumps(doc, ensure_ascii=False, indent=2, default=out._json_default)
    assert json.loads(text.replace("NaN", "null")) == json.loads(indented.replace("NaN", "null"))
