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
    # 3 + 3 + 2 rows, one header each; Dân Lực twice with different figures (Báo cáo and Nháp) and Dân
    # Quyền twice (Nháp 40, Pivot 70): all four rows are errors once read and left out; Dân Lý alone is used
    assert balance(doc) == (8, 1, 7, {"duplicate-unit-year": 4, "header-row": 3})
    assert rc == 1 and "duplicate-unit-year" in codes(doc, "error")


def test_every_command_that_reads_reports_takes_include_hidden_sheets() -> None:
    for command in ("validate", "evaluate", "explain", "rollup", "status", "pack", "site"):
        r = runner.invoke(app, [command, "--help"], env=ENV)
        assert "--include-hidden-sheets" in r.output, command


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


# --------------------------------------------------------------------------- a second table below the first

PARENTS, INFORMED = HEAD[3], HEAD[4]
TS = ["Tỉnh Thanh Hóa", "Huyện Triệu Sơn"]


def two_tables(second_header: list[str]) -> list[list[Any]]:
    """Dân Lực and Dân Lý in a first table; below it a second table (with an STT column, so its header
    names more known columns than the first) for Dân Quyền and Thọ Sơn."""
    return [
        HEAD,
        ts("Xã Dân Lực", 10, 9),
        ts("Xã Dân Lý", 100, 50),
        [],
        second_header,
        [1, *TS, "Xã Dân Quyền", 40, 80],
        [2, *TS, "Xã Thọ Sơn", 30, 60],
    ]


def test_a_second_table_is_read_with_its_own_header(tmp_path: Path) -> None:
    # the second table puts informed before parents: Dân Quyền 80 parents of whom 40 informed
    grid = two_tables(["STT", "Tỉnh", "Huyện", "Xã", INFORMED, PARENTS])
    for path in (book(tmp_path / "trieu-son-2024.xlsx", {"2024": grid}), csv_copy(tmp_path / "trieu-son-2024.csv", grid)):
        data = read_reports([path])
        got = {c: (p, i) for c, p, i in zip(data.rows["commune"], data.rows["parents"], data.rows["parents_informed"], strict=True)}
        assert got == {"Xã Dân Lực": (10, 9), "Xã Dân Lý": (100, 50), "Xã Dân Quyền": (80, 40), "Xã Thọ Sơn": (60, 30)}
        rc, doc = validate_json(str(path))
        assert rc == 0, codes(doc, "error")
        assert balance(doc) == (7, 4, 3, {"blank-row": 1, "header-row": 2})
        rc, m = m21b(str(path))
        # informed 9 + 50 + 40 + 30 = 129 of parents 10 + 100 + 80 + 60 = 250
        assert (rc, m["numerator"], m["denominator"]) == (0, 129, 250)


def test_a_second_header_that_maps_no_element_is_an_error_not_the_first_tables_columns(tmp_path: Path) -> None:
    grid = two_tables(["STT", "Tỉnh", "Huyện", "Xã", "Số hộ nghèo", "Số hộ cận nghèo"])
    for path in (book(tmp_path / "trieu-son-2024.xlsx", {"2024": grid}), csv_copy(tmp_path / "trieu-son-2024.csv", grid)):
        rc, doc = validate_json(str(path))
        assert rc == 1
        err = [f for f in doc["findings"] if f["code"] == "no-element-columns"]
        assert [(f["row"], f["severity"]) for f in err] == [(5, "error")]
        assert err[0]["message"].startswith("no column of the table matches a data element ('Số hộ nghèo' ≈ ")
        assert balance(doc) == (7, 2, 5, {"blank-row": 1, "header-row": 2, "no-element-columns": 2})
        rc, m = m21b(str(path))
        assert (rc, m["numerator"], m["denominator"]) == (EVAL_ON_ERROR, 59, 110)  # the first table alone


# --------------------------------------------------------------------------- merged cells in the data rows

def test_a_unit_cell_merged_down_names_every_row_it_covers(tmp_path: Path) -> None:
    head = [*HEAD[:3], "Năm", PARENTS, INFORMED]
    grid = [head, [*TS, "Xã Dân Lực", 2023, 10, 9], [*TS, None, 2024, 20, 18], [*TS, "Xã Dân Lý", 2024, 100, 50]]
    path = book(tmp_path / "trieu-son.xlsx", {"Báo cáo": grid}, merges={"Báo cáo": ["C2:C3"]})
    data = read_reports([path])
    assert list(zip(data.rows["commune"], data.rows["year"], data.rows["parents"], strict=True)) == [
        ("Xã Dân Lực", 2023, 10), ("Xã Dân Lực", 2024, 20), ("Xã Dân Lý", 2024, 100)]
    assert list(data.rows["level"]) == ["commune"] * 3
    rc, doc = validate_json(str(path))
    assert rc == 0 and balance(doc) == (4, 3, 1, {"header-row": 1})
    rc, m = m21b(str(path))
    assert (rc, m["numerator"], m["denominator"]) == (0, 68, 120)  # 2024: (18 + 50) / (20 + 100)


def test_a_figure_merged_over_several_rows_is_an_error(tmp_path: Path) -> None:
    grid = [HEAD, ts("Xã Dân Lực", 10, 9), ts("Xã Dân Lý", 100, 50), ts("Xã Dân Quyền", 30, None)]
    path = book(tmp_path / "trieu-son-2024.xlsx", {"2024": grid}, merges={"2024": ["E3:E4"]})
    rc, doc = validate_json(str(path))
    assert rc == 1
    assert [(f["code"], f["row"], f["column_letter"], f["message"]) for f in doc["findings"] if f["severity"] == "error"] == [
        ("merged-figure", 3, "E", "the figure '50' is merged over several rows: it belongs to none of them alone")]
    rc, m = m21b(str(path))
    assert (m["numerator"], m["denominator"]) == (9, 10)  # only Dân Lực has both figures


# --------------------------------------------------------------------------- a district row beside its communes

def test_a_district_row_beside_its_communes_is_checked_like_a_total(tmp_path: Path) -> None:
    # the district row says 110 parents (= 10 + 100) and 70 informed (the communes: 9 + 50 = 59)
    grid = [HEAD, [*TS, None, 110, 70], ts("Xã Dân Lực", 10, 9), ts("Xã Dân Lý", 100, 50)]
    for path in (book(tmp_path / "trieu-son-2024.xlsx", {"2024": grid}), csv_copy(tmp_path / "trieu-son-2024.csv", grid)):
        rc, doc = validate_json(str(path))
        assert rc == 0
        assert [(f["code"], f["severity"], f["row"], f["column_letter"], f["message"]) for f in doc["findings"]
                if f["code"].startswith("total-row")] == [
            ("total-row", "info", 2, None, "total row 'Huyện Triệu Sơn' checked and left out"),
            ("total-row-mismatch", "warning", 2, "E", "total row: column parents_informed says 70, the rows sum to 59"),
        ]
        assert balance(doc) == (4, 2, 2, {"header-row": 1, "total-row": 1})
        rc, m = m21b(str(path))
        assert (rc, m["numerator"], m["denominator"]) == (0, 59, 110)


def test_a_district_row_with_its_own_figures_stays_data(tmp_path: Path) -> None:
    # the district's own column (articles published) is filled only on its row: the row is the district's
    head = [*HEAD, "Số tin, bài về phòng ngừa lao động trẻ em"]
    grid = [head, [*TS, None, 110, 59, 8], [*TS, "Xã Dân Lực", 10, 9, None], [*TS, "Xã Dân Lý", 100, 50, None]]
    path = book(tmp_path / "trieu-son-2024.xlsx", {"2024": grid})
    data = read_reports([path])
    assert sorted(data.rows["level"]) == ["commune", "commune", "district"]
    assert not [f for f in data.findings if f.severity != "info"]  # 110 = 10 + 100, 59 = 9 + 50


# --------------------------------------------------------------------------- tables with nothing to read

def test_a_header_without_data_rows_is_an_error(tmp_path: Path) -> None:
    for path in (book(tmp_path / "trieu-son-2024.xlsx", {"2024": [HEAD]}), csv_copy(tmp_path / "trieu-son-2024.csv", [HEAD])):
        rc, doc = validate_json(str(path))
        assert rc == 1
        assert [(f["code"], f["row"]) for f in doc["findings"] if f["severity"] == "error"] == [("no-data-rows", 1)]
        assert balance(doc) == (1, 0, 1, {"header-row": 1})
    # a blank form: every commune listed, not one figure typed
    path = book(tmp_path / "mau-2024.xlsx", {"2024": [HEAD, ts("Xã Dân Lực", None, None), ts("Xã Dân Lý", None, None)]})
    rc, doc = validate_json(str(path))
    assert rc == 1 and codes(doc, "error") == ["no-data-rows"]


def test_an_empty_sheet_beside_the_report_is_a_warning(tmp_path: Path) -> None:
    path = book(tmp_path / "trieu-son-2024.xlsx", {"Báo cáo": [HEAD, ts("Xã Dân Lực", 10, 9)], "Mẫu": [HEAD]})
    rc, doc = validate_json(str(path))
    assert rc == 0
    assert [(f["code"], f["severity"], f["sheet"]) for f in doc["findings"] if f["severity"] != "info"] == [
        ("no-data-rows", "warning", "Mẫu")]


def test_a_table_without_any_element_column_is_an_error_naming_the_closest_headers(tmp_path: Path) -> None:
    head = [*HEAD[:3], "Số cha mẹ học sinh", "Số phụ huynh được tuyên truyền"]
    grid = [head, ts("Xã Dân Lực", 10, 9), ts("Xã Dân Lý", 100, 50)]
    path = book(tmp_path / "trieu-son-2024.xlsx", {"2024": grid})
    rc, doc = validate_json(str(path))
    assert rc == 1 and "PASSED" not in runner.invoke(app, ["validate", str(path), "--lang", "en"], env=ENV).output
    (err,) = [f for f in doc["findings"] if f["severity"] == "error"]
    assert (err["code"], err["row"]) == ("no-element-columns", 1)
    assert "'Số cha mẹ học sinh' ≈ 'Số cha mẹ, người chăm sóc trẻ em'" in err["message"]
    unknown = [f["message"] for f in doc["findings"] if f["code"] == "unknown-header"]
    assert unknown == ["column 'Số cha mẹ học sinh' matches no data element; ignored",
                       "column 'Số phụ huynh được tuyên truyền' matches no data element; ignored"]
    assert balance(doc) == (3, 0, 3, {"header-row": 1, "no-element-columns": 2})


def test_an_all_number_column_is_judged_at_once_and_anything_else_cell_by_cell() -> None:
    import numpy as np

    from cltrack.reading.cells import typed_column

    filled, numbers = typed_column(np.array(["", 3, 2.5, float("nan")], dtype=object))
    assert filled.tolist() == [False, True, True, True]
    assert numbers is not None and np.isnan(numbers[[0, 3]]).all() and numbers[1:3].tolist() == [3.0, 2.5]
    for mixed in (["", 1, True], ["", 1, "x"], [None, 1.0]):  # a bool, a word, None: the per-cell rule decides
        assert typed_column(np.array(mixed, dtype=object))[1] is None
