"""The data-entry form: headers, hidden code row, unit rows, validation, protection, round trip."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from cltrack.compute.completeness import ExpectedUnit
from cltrack.compute.template import template_spec
from cltrack.export.template import layout_rows, write_template
from cltrack.models import ElementRef
from evalkit import plan, target

TS = [("Xã Dân Lực", "15700"), ("Xã Dân Lý", "15703"), ("Xã Dân Quyền", "15706"), ("Xã An Nông", "15709")]
UNITS = [ExpectedUnit(code, name, "commune", "397", "Huyện Triệu Sơn", "Tỉnh Thanh Hóa") for name, code in TS]


def _plan():
    p = plan([
        target("M2.1b", numerator=("parents_informed",), denominator=("parents",), value=70.0, objective="2"),
        target("M3.1", kind="unit_share", numerator=("articles_published",), value=100.0, objective="3"),
    ])
    from dataclasses import replace

    from cltrack.models import ReportingDeadline

    return replace(p, elements=(ElementRef("children_5_17"),), reporting=(ReportingDeadline("annual", 15, 11, "UBND huyện"),))


def _write(tmp_path: Path, level: str = "commune", units=UNITS) -> Path:
    return write_template(template_spec(_plan(), 2024, level, units=units), tmp_path / "form.xlsx")


def test_headers_are_vietnamese_with_codes_in_a_hidden_row(tmp_path):
    path = _write(tmp_path)
    ws = openpyxl.load_workbook(path)["Báo cáo 2024"]
    header, code_row, first = layout_rows(template_spec(_plan(), 2024, "commune", units=UNITS))
    headers = [c.value for c in ws[header]]
    codes = [c.value for c in ws[code_row]]
    assert codes == ["province", "district", "commune", "unit_code", "year", "children_5_17", "parents_informed", "parents"]
    assert headers[:5] == ["Tỉnh", "Huyện", "Xã", "Mã ĐVHC", "Năm"]
    assert headers[7] == "Số cha mẹ, người chăm sóc trẻ em"
    assert "articles_published" not in codes  # a district office's count is not on a commune form
    assert ws.row_dimensions[code_row].hidden is True
    assert ws.cell(row=1, column=1).value == "BIỂU MẪU BÁO CÁO SỐ LIỆU NĂM 2024"
    assert any("trước ngày 15/11/2024" in str(ws.cell(row=r, column=1).value) for r in range(1, header))


def test_one_prefilled_row_per_expected_unit(tmp_path):
    ws = openpyxl.load_workbook(_write(tmp_path))["Báo cáo 2024"]
    _, _, first = layout_rows(template_spec(_plan(), 2024, "commune", units=UNITS))
    rows = [tuple(c.value for c in ws[r][:5]) for r in range(first, first + 4)]
    assert rows == [("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", name, code, 2024) for name, code in TS]
    assert ws.cell(row=first + 4, column=1).value is None


def test_data_validation_whole_numbers_and_part_not_above_total(tmp_path):
    ws = openpyxl.load_workbook(_write(tmp_path))["Báo cáo 2024"]
    _, _, first = layout_rows(template_spec(_plan(), 2024, "commune", units=UNITS))
    last = first + 3
    dvs = ws.data_validations.dataValidation
    whole = [d for d in dvs if d.type == "whole"]
    custom = [d for d in dvs if d.type == "custom"]
    assert len(whole) == 1 and whole[0].operator == "greaterThanOrEqual" and whole[0].formula1 == "0"
    assert {str(r) for r in whole[0].sqref.ranges} == {f"F{first}:F{last}", f"H{first}:H{last}"}
    (part,) = custom  # parents_informed (G) <= parents (H)
    assert str(part.sqref) == f"G{first}:G{last}"
    assert part.formula1 == f'AND(ISNUMBER(G{first}),G{first}>=0,G{first}=INT(G{first}),OR(H{first}="",G{first}<=H{first}))'
    assert part.showErrorMessage


def test_sheet_is_protected_with_only_count_cells_unlocked(tmp_path):
    wb = openpyxl.load_workbook(_write(tmp_path))
    ws = wb["Báo cáo 2024"]
    header, _, first = layout_rows(template_spec(_plan(), 2024, "commune", units=UNITS))
    assert ws.protection.sheet is True
    assert ws.cell(row=header, column=6).protection.locked is True
    assert ws.cell(row=first, column=3).protection.locked is True  # the commune name
    assert ws.cell(row=first, column=6).protection.locked is False
    guide = wb["Hướng dẫn"]
    assert guide.cell(row=1, column=1).value == "HƯỚNG DẪN ĐIỀN BIỂU MẪU"
    assert any("Để trống ô" in str(c.value) for c in guide["A"])


def test_district_form_has_a_row_per_district_and_district_counts(tmp_path):
    districts = [ExpectedUnit("643", "Thành phố Buôn Ma Thuột", "district", None, None, "Tỉnh Đắk Lắk"),
                 ExpectedUnit("647", "Huyện Buôn Đôn", "district", None, None, "Tỉnh Đắk Lắk")]
    spec = template_spec(_plan(), 2024, "district", units=districts)
    assert [c.code for c in spec.columns][:4] == ["province", "district", "unit_code", "year"]
    assert "articles_published" in spec.element_codes
    assert [(r.district, r.commune, r.unit_code) for r in spec.rows] == [
        ("Thành phố Buôn Ma Thuột", None, "643"), ("Huyện Buôn Đôn", None, "647")]


def test_filled_form_reads_back_and_evaluates_to_known_figures(tmp_path):
    pytest.importorskip("cltrack.units.gazetteer")
    from cltrack.compute.evaluate import evaluate
    from cltrack.reading.reports import read_reports

    p = _plan()  # Huyện Triệu Sơn: 32 communes in the GSO list of January 2025
    spec = template_spec(p, 2024, "commune")
    assert len(spec.rows) == 32
    path = write_template(spec, tmp_path / "form.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Báo cáo 2024"]
    _, _, first = layout_rows(spec)
    for i in range(32):  # 16 communes with 60 of 100 parents informed, 16 with 45 of 50
        informed, parents = (60, 100) if i < 16 else (45, 50)
        ws.cell(row=first + i, column=6, value=1000)
        ws.cell(row=first + i, column=7, value=informed)
        ws.cell(row=first + i, column=8, value=parents)
    wb.save(path)
    data = read_reports([path], plan=p)
    assert len(data.rows) == 32
    assert data.rows["parents_informed"].sum() == 16 * 60 + 16 * 45
    bad = [f for f in data.findings if f.severity in ("error", "warning")]
    # The instruction sheet has no report table; the reader should not warn about it (see report to lead).
    assert bad == []  # the Vietnamese instruction sheet is text only: an info finding, not a warning
    assert not [f for f in data.findings if f.sheet == "Báo cáo 2024" and f.severity != "info"]
    ev = evaluate(p, data, year=2024, level="district")
    (m2,) = [r for r in ev.results if r.target == "M2.1b"]
    assert (m2.numerator, m2.denominator, m2.actual, m2.status) == (1680, 2400, 70.0, "met")
    assert [f for f in ev.findings if f.severity in ("error", "warning")] == []


# --------------------------------------------------------------------------- returned forms

def _returned(spec, path: Path, source: Path, fills: dict[int, tuple[int, int]]) -> Path:
    """A copy of the form where the communes at the given row offsets filled (informed, parents)."""
    wb = openpyxl.load_workbook(source)
    ws = wb[f"Báo cáo {spec.year}"]
    _, code_row, first = layout_rows(spec)
    codes = [c.value for c in ws[code_row]]
    for offset, (informed, parents) in fills.items():
        ws.cell(row=first + offset, column=codes.index("parents_informed") + 1, value=informed)
        ws.cell(row=first + offset, column=codes.index("parents") + 1, value=parents)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _trieu_son_forms(tmp_path: Path, fills_a, fills_b):
    from cltrack.plans.catalogue import load_plan

    p = load_plan("trieu-son")
    spec = template_spec(p, 2024, "commune", file_name="mau-2024.xlsx")
    blank = write_template(spec, tmp_path / "mau-2024.xlsx")
    folder = tmp_path / "bao-cao-2024"
    a = _returned(spec, folder / "dan-luc.xlsx", blank, fills_a)
    b = _returned(spec, folder / "dan-ly.xlsx", blank, fills_b)
    return p, spec, blank, folder, a, b


def test_blank_rows_of_returned_forms_are_not_data(tmp_path):
    from cltrack.compute.evaluate import evaluate
    from cltrack.reading.reports import read_reports

    # Xã Dân Lực (first row) sends 60 of 100 parents informed; Xã Dân Lý (second row) 45 of 50.
    p, spec, _, folder, a, b = _trieu_son_forms(tmp_path, {0: (60, 100)}, {1: (45, 50)})
    data = read_reports([folder], plan=p)
    assert [f.code for f in data.findings if f.severity == "error"] == []  # no duplicate-unit-year from blank rows
    assert sorted(data.rows["unit"]) == sorted([spec.rows[0].commune, spec.rows[1].commune])
    reasons = [lo.reason for lo in data.left_out_rows() if lo.file == str(a)]
    assert reasons.count("no-figures") == 31  # the other 31 communes' rows of each form
    ev = evaluate(p, data, year=2024, level="district")
    (m2,) = [r for r in ev.results if r.target == "M2.1b"]
    assert (m2.numerator, m2.denominator, m2.units_reporting) == (105, 150, 2)  # (60 + 45) / (100 + 50) = 70%
    assert m2.actual == 70.0


def test_instruction_sheet_adds_no_rows_to_the_row_balance(tmp_path):
    from cltrack.reading.reports import read_reports

    p, spec, _, folder, a, _ = _trieu_son_forms(tmp_path, {0: (60, 100)}, {1: (45, 50)})
    data = read_reports([a], plan=p)
    (src,) = data.sources
    header, _, first = layout_rows(spec)
    assert src.rows_read == first - 1 + 32  # title lines, gap, header and code rows, 32 communes: no instruction lines
    assert src.rows_read == src.rows_used + src.rows_left_out
    assert not [lo for lo in data.left_out if lo.sheet == "Hướng dẫn"]
    assert [f.severity for f in data.findings if f.sheet == "Hướng dẫn"] == ["info"]


def test_instruction_commands_work_as_written(tmp_path, monkeypatch):
    import shlex
    import shutil

    from typer.testing import CliRunner

    from cltrack.cli import app

    _, _, blank, folder, a, _ = _trieu_son_forms(tmp_path, {0: (60, 100)}, {1: (45, 50)})
    guide = openpyxl.load_workbook(blank)["Hướng dẫn"]
    commands = [c.value for c in guide["A"] if isinstance(c.value, str) and c.value.startswith("cltrack ")]
    assert len(commands) == 3
    monkeypatch.chdir(tmp_path)
    # step 8 checks the form once filled in (a form with no figure at all is `no-data-rows`, an error)
    shutil.copy(a, blank)
    for command in commands:
        result = CliRunner().invoke(app, shlex.split(command)[1:], env={"COLUMNS": "100", "NO_COLOR": "1"})
        assert result.exit_code == 0, (command, result.output)
    assert (tmp_path / "ket-qua-2024.xlsx").is_file()


def test_clerk_message_names_the_vietnamese_header_not_the_code(tmp_path):
    from typer.testing import CliRunner

    from cltrack.cli import app

    _, _, _, folder, _, b = _trieu_son_forms(tmp_path, {0: (60, 100)}, {1: (81, 80)})
    result = CliRunner().invoke(app, ["validate", str(b), "--plan", "trieu-son"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "part-exceeds-total" in x)
    informed, parents = "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin", "Số cha mẹ, người chăm sóc trẻ em"
    assert f"({informed}): {informed} (81) lớn hơn {parents} (80)" in line
    assert "parents" not in line.split(":", 1)[1]
