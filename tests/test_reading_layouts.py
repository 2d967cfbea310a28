"""Every layout read right or refused (issue 14 §2): hidden sheets, second tables, merged unit cells,
district rows beside their communes, tables without data rows or without any data-element column.

Each case is a real workbook written here with openpyxl (csv copies where a csv can say the same);
the figures in the asserts are worked by hand from the cells written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.exitcodes import FAIL_ON
from cltrack.reading.reports import read_reports

ENV = {"NO_COLOR": "1", "COLUMNS": "160"}
runner = CliRunner()
# evaluate exits 1 on error findings once `--fail-on error` is its default (issue 14 §1), 0 before
EVAL_ON_ERROR = 1 if "error" in FAIL_ON else 0
HEAD = ["Tỉnh", "Huyện", "Xã", "Số cha mẹ, người chăm sóc trẻ em", "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"]


def book(path: Path, sheets: dict[str, list[list[Any]]], *, states: dict[str, str] | None = None,
         merges: dict[str, list[str]] | None = None) -> Path:
    """An xlsx with the given sheets (rows of cells from A1), sheet states and merged ranges."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        ws.sheet_state = (states or {}).get(name, "visible")
    wb.save(path)
    return path


def csv_copy(path: Path, rows: list[list[Any]]) -> Path:
    """The same table as a UTF-8 csv."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["" if v is None else v for v in r] for r in rows])
    return path


def ts(commune: str, parents: Any, informed: Any) -> list[Any]:
    """A commune row of Huyện Triệu Sơn."""
    return ["Tỉnh Thanh Hóa", "Huyện Triệu Sơn", commune, parents, informed]


def validate_json(*args: str) -> tuple[int, dict[str, Any]]:
    """`cltrack validate --format json` exit code and document."""
    r = runner.invoke(app, ["validate", "--format", "json", "--lang", "en", *args], env=ENV)
    return r.exit_code, json.loads(r.output)


def m21b(*args: str) -> tuple[int, dict[str, Any]]:
    """`cltrack evaluate trieu-son` exit code and the M2.1b result (parents informed / parents)."""
    r = runner.invoke(app, ["evaluate", "trieu-son", "--year", "2024", "--format", "json", *args], env=ENV)
    assert r.exit_code in (0, 1), r.output
    return r.exit_code, next(x for x in json.loads(r.output)["results"] if x["target"] == "M2.1b")


def balance(doc: dict[str, Any]) -> tuple[int, int, int, dict[str, int]]:
    """The total row balance of a validate document: read, used, left out, left out by reason."""
    b = doc["balance"]["total"]
    return b["rows_read"], b["rows_used"], b["rows_left_out"], b["left_out_by_reason"]


def codes(doc: dict[str, Any], severity: str | None = None) -> list[str]:
    """Finding codes of a validate document (of one severity when given)."""
    return [f["code"] for f in doc["findings"] if severity is None or f["severity"] == severity]


# --------------------------------------------------------------------------- hidden sheets

def hidden_book(tmp_path: Path) -> Path:
    """The report on a visible sheet; a hidden draft with other figures; a very hidden pivot cache."""
    report = [HEAD, ts("Xã Dân Lực", 10, 9), ts("Xã Dân Lý", 100, 50)]
    draft = [HEAD, ts("Xã Dân Lực", 999, 1), ts("Xã Dân Quyền", 40, 40)]
    cache = [HEAD, ts("Xã Dân Quyền", 70, 7)]
    return book(tmp_path / "trieu-son-2024.xlsx", {"Báo cáo": report, "Nháp": draft, "Pivot": cache},
                states={"Nháp": "hidden", "Pivot": "veryHidden"})


def test_hidden_and_very_hidden_sheets_are_not_read(tmp_path: Path) -> None:
    path = hidden_book(tmp_path)
    rc, doc = validate_json(str(path))
    assert rc == 0
    hidden = [(f["sheet"], f["severity"], f["message"]) for f in doc["findings"] if f["code"] == "hidden-sheet"]
    assert hidden == [("Nháp", "info", "hidden sheet, not read"), ("Pivot", "info", "very hidden sheet, not read")]
    # only the visible sheet's 3 rows are read: header + 2 communes
    assert balance(doc) == (3, 2, 1, {"header-row": 1})
    rc, m = m21b(str(path))
    # 9 + 50 informed of 10 + 100 parents: the draft's 999 and the cache's 70 are not in it
    assert (rc, m["numerator"], m["denominator"]) == (0, 59, 110)


def test_include_hidden_sheets_reads_them(tmp_path: Path) -> None:
    path = hidden_book(tmp_path)
    data = read_reports([path], include_hidden=True)
    assert "hidden-sheet" not in [f.code for f in data.findings]
    assert sorted(zip(data.rows["_sheet"], data.rows["parents"], strict=True)) == [
        ("Báo cáo", 10.0), ("Báo cáo", 100.0), ("Nháp", 40.0), ("Nháp", 999.0), ("Pivot", 70.0)]
    rc, doc = validate_json(str(path), "--include-hidden-sheets")
    assert balance(doc) == (8, 5, 3, {"header-row": 3})  # 3 + 3 + 2 rows, one header each
    # Dân Lực twice with different figures (Báo cáo and Nháp): an error once read
    assert rc == 1 and "duplicate-unit-year" in codes(doc, "error")


def test_a_workbook_of_hidden_sheets_only_is_an_error(tmp_path: Path) -> None:
    import zipfile

    made = book(tmp_path / "made.xlsx", {"Báo cáo": [HEAD, ts("Xã Dân Lực", 10, 9)], "Nháp": [HEAD]},
                states={"Nháp": "hidden"})
    path = tmp_path / "nhap-2024.xlsx"  # Excel will not save this; a script can: every sheet hidden
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b'state="visible" r:id', b'state="hidden" r:id')
            dst.writestr(item, data)
    rc, doc = validate_json(str(path))
    assert rc == 1
    assert [(f["code"], f["severity"], f["sheet"]) for f in doc["findings"] if f["severity"] == "error"] == [
        ("hidden-sheet", "error", "Báo cáo"), ("hidden-sheet", "error", "Nháp")]
