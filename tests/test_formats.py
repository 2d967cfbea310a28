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
from cltrack.reading.reports import read_reports
from cltrack.reading.sniff import content_of
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
