"""Formats by content, not by suffix: xlsb is read, a misnamed workbook or csv is read with a warning,
anything else says what it appears to be, and no file in a folder is passed over in silence."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("cltrack.units.gazetteer", reason="the gazetteer (issue 8) is not in the tree yet")

from cltrack.cli import app
from cltrack.findings import message
from cltrack.reading.content import content_of
from cltrack.reading.reports import read_reports
from report_factory import write_csv, write_ods, write_xlsb, write_xlsx

ENV = {"NO_COLOR": "1", "COLUMNS": "120"}
HEADER = ["Huyện", "Xã", "Số cha mẹ, người chăm sóc trẻ em", "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"]
GRID = [HEADER, ["Huyện Triệu Sơn", "Xã Dân Lực", 120, 90], ["Huyện Triệu Sơn", "Xã Dân Lý", 80, 70]]


def codes(data, code: str) -> list:
    return [f for f in data.findings if f.code == code]


def figures(data) -> list[tuple[str, float, float]]:
    return sorted(zip(data.rows["unit"], data.rows["parents"], data.rows["parents_informed"], strict=True))


EXPECTED = [("Xã Dân Lý", 80.0, 70.0), ("Xã Dân Lực", 120.0, 90.0)]


def test_xlsb_report_is_read_and_evaluated(tmp_path: Path) -> None:
    path = write_xlsb(tmp_path / "bc-2024.xlsb", {"2024": GRID})
    data = read_reports([path])
    assert figures(data) == EXPECTED
    assert not [f for f in data.findings if f.severity != "info"]
    # M2.1b parents informed: 100 x (90 + 70) / (120 + 80) = 80%
    out = CliRunner().invoke(app, ["evaluate", "trieu-son", str(path), "--year", "2024", "--format", "json"], env=ENV)
    [m] = [r for r in json.loads(out.output)["results"] if r["target"] == "M2.1b"]
    assert (m["numerator"], m["denominator"], m["actual"]) == (160, 200, 80.0)


def test_xlsb_in_a_folder_is_read_not_skipped(tmp_path: Path) -> None:
    write_xlsb(tmp_path / "bc-2024.xlsb", {"2024": GRID})
    data = read_reports([tmp_path])
    assert figures(data) == EXPECTED and [s.path for s in data.sources] == [str(tmp_path / "bc-2024.xlsb")]


@pytest.mark.parametrize(("name", "content"), [("renamed-2024.xls", "xlsx"), ("csv-2024.xls", "csv"), ("ods-2024.xlsx", "ods")])
def test_a_misnamed_file_is_read_by_content_with_a_warning(tmp_path: Path, name: str, content: str) -> None:
    real = {"xlsx": lambda p: write_xlsx(p, {"2024": (GRID, [])}), "csv": lambda p: write_csv(p, GRID),
            "ods": lambda p: write_ods(p, {"2024": (GRID, [])})}[content](tmp_path / f"real.{content}")
    path = tmp_path / name
    shutil.copy(real, path)
    data = read_reports([path])
    assert figures(data) == EXPECTED
    [w] = codes(data, "format-mismatch")
    assert (w.severity, w.file) == ("warning", str(path))
    assert content in message(w, "en") and Path(name).suffix in message(w, "en")
    assert "nội dung là" in message(w, "vi")


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("page-2024.xls", lambda p: p.write_text("<!DOCTYPE html><html><table><tr><td>1</td></tr></table></html>"), "an HTML page"),
        ("scan-2024.xlsx", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"), "a PDF document"),
        ("letter-2024.xlsx", _docx, "a Word document (docx)"),
        ("blank-2024.xlsx", lambda p: p.write_bytes(b""), "an empty file (0 bytes)"),
    ],
)
def test_a_file_of_no_supported_format_says_what_it_appears_to_be(tmp_path: Path, name: str, make, says: str) -> None:
    path = tmp_path / name
    make(path)
    data = read_reports([path])
    [f] = codes(data, "unsupported-format")
    assert f.severity == "error" and says in message(f, "en")
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"], env=ENV)
    assert result.exit_code == 1 and says in result.output and "Traceback" not in result.output
    ev = CliRunner().invoke(app, ["evaluate", "trieu-son", str(path), "--year", "2024"], env=ENV)
    assert ev.exit_code == 2 and "Traceback" not in ev.output


def test_every_file_in_a_folder_that_is_not_read_is_an_info_finding(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "bc-2024.xlsx", {"2024": (GRID, [])})
    (tmp_path / "README.txt").write_text("Báo cáo gửi về phòng LĐTBXH\n", encoding="utf-8")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    shutil.copy(tmp_path / "bc-2024.xlsx", tmp_path / "~$bc-2024.xlsx")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    data = read_reports([tmp_path])
    assert figures(data) == EXPECTED
    not_read = {Path(str(f.file)).name: message(f, "en") for f in codes(data, "file-not-read")}
    assert set(not_read) == {"README.txt", "scan.pdf", "~$bc-2024.xlsx"}
    assert "a PDF document" in not_read["scan.pdf"] and "lock file" in not_read["~$bc-2024.xlsx"]
    assert [f.args["count"] for f in codes(data, "hidden-files-not-read")] == [1]
    assert all(f.severity == "info" for f in codes(data, "file-not-read"))


def test_a_report_suffix_with_other_content_in_a_folder_is_an_error(tmp_path: Path) -> None:
    write_xlsx(tmp_path / "a-2024.xlsx", {"2024": (GRID[:2], [])})
    (tmp_path / "b-2024.xls").write_text("<html><body><table></table></body></html>")
    data = read_reports([tmp_path])
    [f] = codes(data, "unsupported-format")
    assert f.file == str(tmp_path / "b-2024.xls") and f.severity == "error"


def test_content_is_told_by_bytes() -> None:
    assert content_of(Path(__file__)).kind == "text"  # python source: text, not in columns


# --------------------------------------------------------------------------- sheets that hold nothing usable


def _rewrite_sheet(src: Path, dst: Path, change) -> Path:
    """A copy of an xlsx with its first sheet's XML passed through `change` (and extra parts added)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        extra = {}
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, extra = change(data)
            zout.writestr(item, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return dst


def _formulas(path: Path) -> Path:
    """Seven rows of formulas in A and B, never computed (openpyxl writes no cached values)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2024"
    for r in range(1, 8):
        ws.cell(r, 1, "=1/0")
        ws.cell(r, 2, f"=A{r}*2")
    wb.save(path)
    return path


def test_a_sheet_of_formulas_without_values_names_the_cells(tmp_path: Path) -> None:
    data = read_reports([_formulas(tmp_path / "bc-2024.xlsx")])
    runs = [(f.code, f.column_letter, f.row, f.last_row) for f in data.findings if f.code == "formula-no-value"]
    assert runs == [("formula-no-value", "A", 1, 7), ("formula-no-value", "B", 1, 7)]
    [f] = codes(data, "no-report-table")
    assert f.severity == "error"
    assert (data.rows_read, data.rows_used, data.rows_left_out) == (7, 0, 7)


def test_a_sheet_of_error_values_is_no_report_table_not_blank_rows(tmp_path: Path) -> None:
    import re

    def cached_errors(xml: bytes) -> tuple[bytes, dict]:
        out = re.sub(rb'<c r="([A-Z]+)(\d+)"([^>]*)><f>([^<]*)</f>(<v\s*/>|<v></v>)?</c>',
                     lambda m: b'<c r="%s%s"%s t="e"><f>%s</f><v>%s</v></c>' % (
                         m.group(1), m.group(2), m.group(3), m.group(4), b"#DIV/0!" if m.group(1) == b"A" else b"#REF!"), xml)
        return out, {}

    path = _rewrite_sheet(_formulas(tmp_path / "f.xlsx"), tmp_path / "bc-2024.xlsx", cached_errors)
    data = read_reports([path])
    errors = [(f.column_letter, f.row, f.last_row, message(f, "en")) for f in codes(data, "error-value")]
    assert errors == [("A", 1, 7, "the cell holds the error #DIV/0!"), ("B", 1, 7, "the cell holds the error #REF!")]
    assert codes(data, "no-report-table")[0].severity == "error"
    assert "blank-row" not in {lo.reason for lo in data.left_out}
    result = CliRunner().invoke(app, ["validate", str(path), "--lang", "en"], env=ENV)
    assert result.exit_code == 1 and "PASSED" not in result.output


def test_a_sheet_of_only_a_picture_is_no_report_table(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "2024"
    wb.save(tmp_path / "blank.xlsx")
    rel = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" '
           'Target="../drawings/drawing1.xml"/></Relationships>')

    def add_drawing(xml: bytes) -> tuple[bytes, dict]:
        return xml, {"xl/worksheets/_rels/sheet1.xml.rels": rel, "xl/drawings/drawing1.xml": "<xdr:wsDr xmlns:xdr=\"x\"/>"}

    path = _rewrite_sheet(tmp_path / "blank.xlsx", tmp_path / "scan-2024.xlsx", add_drawing)
    data = read_reports([path])
    [f] = codes(data, "no-report-table")
    assert (f.severity, f.sheet) == ("error", "2024")


def test_a_workbook_of_blank_rows_only_is_empty_not_clean(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bc-2024.csv", [["", ""], ["", ""], ["", ""]])
    data = read_reports([path])
    assert [f.severity for f in codes(data, "empty-workbook")] == ["error"]
