"""Issue 14 §1 and §5 on real files written here (xlsx with title rows, merged district cells, a printed
total row and text-typed numbers; csv copies): a pre-reform commune and the post-reform commune that
absorbed it, both reporting the same year, leave both rows out with a finding naming both; a count
out of range (negative, fractional, non-finite, beyond exact range) is an error naming its cell and
is in no sum. Figures worked by hand in the comments (the printed total rows are a clerk's SUM, which
skips text-typed numbers: they draw a total-row-mismatch warning, never an error)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
PROV, DIST = "Tỉnh Thanh Hóa", "Huyện Triệu Sơn"
runner = CliRunner()


def _old_form(path: Path, communes: list[tuple[str, object, object]], year: int) -> Path:
    """The district's form on the pre-reform communes: merged district cells, title rows, a total row."""
    rows = [{"province": PROV, "district": DIST, "commune": c, "year": year, "parents": p, "parents_informed": i} for c, p, i in communes]
    write_report(path, rows, sheet=str(year), title_lines=["UBND HUYỆN TRIỆU SƠN", f"BÁO CÁO NĂM {year}"],
                 two_row_header=True, total_row="bottom", merge_district=True)
    return path


def _new_form(path: Path, commune: str, parents: object, informed: object, year: int) -> Path:
    """A post-reform commune's own form (province and commune, no district: districts were abolished)."""
    rows = [{"province": PROV, "commune": commune, "year": year, "parents": parents, "parents_informed": informed}]
    write_report(path, rows, sheet="Báo cáo", title_lines=[f"UBND {commune.upper()}", f"BÁO CÁO NĂM {year}"],
                 two_row_header=True, total_row="bottom")
    return path


def _json(*args: str) -> tuple[int, dict]:
    res = runner.invoke(app, [*args, "--format", "json", "--lang", "en"], env=ENV)
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, json.loads(res.stdout)


def _errors(doc: dict) -> list[tuple[str, str, int]]:
    return sorted((f["code"], Path(f["file"]).name, f["row"]) for f in doc["findings"] if f["severity"] == "error")


def _m21b(doc: dict) -> dict:
    return next(r for r in doc["results"] if r["target"] == "M2.1b")


# --------------------------------------------------------------------------- reform overlap

@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_old_commune_and_the_new_commune_that_absorbed_it_in_the_same_year_are_both_left_out(tmp_path: Path, suffix: str) -> None:
    # 2025, the reform's year: the district still sends its form on the old communes, while the new
    # Xã Triệu Sơn (Thị trấn Triệu Sơn, Minh Sơn, Dân Lực, Dân Lý, Dân Quyền merged) sends its own.
    # Dân Lực and Dân Lý would be counted twice. Thọ Sơn went into Xã Thọ Bình: no overlap.
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    _old_form(folder / "trieu-son-2025.xlsx", [("Xã Dân Lực", 120, "90"), ("Xã Dân Lý", 64, 50), ("Xã Thọ Sơn", 30, "20")], 2025)
    new = _new_form(folder / f"xa-trieu-son-2025{suffix}", "Xã Triệu Sơn", "500", 400, 2025)
    if suffix == ".csv":  # the same form saved as csv: the table alone
        new.write_text("Tỉnh,Xã,Năm,\"Số cha mẹ, người chăm sóc trẻ em\",\"Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin\"\n"
                       "Tỉnh Thanh Hóa,Xã Triệu Sơn,2025,500,400\n", encoding="utf-8")
    new_row = 2 if suffix == ".csv" else 6
    code, doc = _json("evaluate", "trieu-son", str(folder), "--min-coverage", "0")
    assert code == 1  # --fail-on error
    assert _errors(doc) == sorted([
        ("reform-overlap", "trieu-son-2025.xlsx", 6), ("reform-overlap", "trieu-son-2025.xlsx", 7),
        ("reform-overlap", new.name, new_row), ("reform-overlap", new.name, new_row),  # one for each old commune it absorbed
    ])
    messages = {f["message"] for f in doc["findings"] if f["code"] == "reform-overlap"}
    assert all("(after it, which absorbed" in m and "both report 2025" in m for m in messages)
    assert {m.split(" (before")[0] for m in messages} == {"Xã Dân Lực", "Xã Dân Lý"}  # the old commune, named first
    assert all(m.split("and ")[1].startswith("Xã Triệu Sơn (after it") for m in messages)  # the new one, named second
    # M2.1b on Thọ Sơn alone: 20 of 30 parents; the 90 + 50 and the 400 are in no sum
    m = _m21b(doc)
    assert (m["numerator"], m["denominator"], m["units_reporting"]) == (20, 30, 1)
    balance = doc["row_balance"]
    assert balance["rows_used"] == 1 and balance["rows_read"] == balance["rows_used"] + balance["rows_left_out"]
    left = {(Path(s["path"]).name, s["rows_used"]) for s in doc["sources"]}
    assert left == {("trieu-son-2025.xlsx", 1), (new.name, 0)}
    # validate reports the same errors on the same rows
    _, v = _json("validate", str(folder), "--plan", "trieu-son")
    assert _errors(v) == _errors(doc)
    assert v["balance"]["total"]["left_out_by_reason"]["reform-overlap"] == 3
    # explain shows each row left out with the finding's code
    expl = runner.invoke(app, ["explain", "trieu-son", "M2.1b", str(folder), "--lang", "en", "--min-coverage", "0"], env=ENV)
    assert expl.exit_code == 1 and expl.stdout.count("reform-overlap") >= 2


def test_the_new_commune_named_with_its_type_is_not_the_old_town_of_the_same_name(tmp_path: Path) -> None:
    # 'Xã Triệu Sơn' (a commune made in 2025) must not be read as 'Thị trấn Triệu Sơn' (the old town it
    # absorbed) because the 2025 report is expected on the old list: the names differ in their type.
    path = _new_form(tmp_path / "xa-trieu-son-2025.xlsx", "Xã Triệu Sơn", 500, 400, 2025)
    from cltrack.reading.reports import read_reports

    rows = read_reports([path]).rows
    assert (rows["unit"].tolist(), rows["gazetteer"].tolist()) == (["Xã Triệu Sơn"], ["2025-07"])
    town = _old_form(tmp_path / "thi-tran-2025.xlsx", [("Thị trấn Triệu Sơn", 50, 40)], 2025)
    rows = read_reports([town]).rows
    assert (rows["unit"].tolist(), rows["gazetteer"].tolist()) == (["Thị trấn Triệu Sơn"], ["2025-01"])


# --------------------------------------------------------------------------- counts out of range

# (commune, parents as typed, informed as typed, the error on that row or None)
OUT_OF_RANGE = [
    ("Xã Dân Lực", 120, 90, None),
    ("Xã Dân Lý", "12345678901234567890", 50, "beyond-exact-range"),  # 20 digits: a float cannot hold it
    ("Xã Dân Quyền", "1e309", 5, "beyond-exact-range"),  # overflows to infinity
    ("Xã Thọ Sơn", -5, 2, "negative-count"),
    ("Xã Thọ Bình", 30.5, 10, "fractional-count"),
    ("Xã Bình Sơn", 40, "inf", "not-finite"),
    ("Xã Hợp Lý", 1000000000000000, 3, "beyond-exact-range"),  # 16 digits
    ("Xã Hợp Tiến", 999999999999999, 7, None),  # 15 digits: exact, kept
    ("Xã Hợp Thành", 64, "50", None),
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_count_out_of_range_is_an_error_naming_its_cell_and_in_no_sum(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"trieu-son-2024{suffix}"
    if suffix == ".xlsx":
        _old_form(path, [(c, p, i) for c, p, i, _ in OUT_OF_RANGE], 2024)
        first = 6  # title rows 1-2, a blank row, the two-row header 4-5
    else:
        lines = ["Tỉnh,Huyện,Xã,Năm,\"Số cha mẹ, người chăm sóc trẻ em\",\"Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin\""]
        lines += [f"{PROV},{DIST},{c},2024,{p},{i}" for c, p, i, _ in OUT_OF_RANGE]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        first = 2
    code, doc = _json("evaluate", "trieu-son", str(path), "--min-coverage", "0")
    assert code == 1
    wanted = sorted((err, path.name, first + n) for n, (_, _, _, err) in enumerate(OUT_OF_RANGE) if err)
    got = [e for e in _errors(doc) if e[2] < first + len(OUT_OF_RANGE)]  # the printed total row may be out of range too
    assert got == wanted
    by_row = {f["row"]: f for f in doc["findings"] if f["severity"] == "error"}
    assert by_row[first + 1]["column_letter"] == "E" and by_row[first + 5]["column_letter"] == "F"  # the cell, not just the row
    assert by_row[first + 1]["header"] == "Số cha mẹ, người chăm sóc trẻ em"
    # M2.1b from the three good rows: informed 90 + 7 + 50 = 147 of parents 120 + 999999999999999 + 64
    m = _m21b(doc)
    assert (m["numerator"], m["denominator"], m["units_reporting"]) == (147, 1000000000000183, 3)
    _, v = _json("validate", str(path), "--plan", "trieu-son")
    assert _errors(v) == _errors(doc)
    reasons = v["balance"]["total"]["left_out_by_reason"]
    assert (reasons["beyond-exact-range"], reasons["negative-count"], reasons["fractional-count"], reasons["not-finite"]) >= (3, 1, 1, 1)


# --------------------------------------------------------------------------- a small second table

@pytest.mark.parametrize("second", [["Nội dung", "Số lượng"], ["Ghi chú", "Người lập"]])
def test_a_two_column_second_table_with_unknown_headers_is_an_error_never_read_with_the_first_tables_columns(
        tmp_path: Path, second: list[str]) -> None:
    # The first table (title row, header, Dân Lực 10 / 9 and Dân Lý 100 / 50 as text) is the report;
    # below a blank row, a two-column table of the office's own (even one whose header reads like a
    # signature block) puts 30 and 40 under its second column. Read with the first table's columns,
    # that column is parents: Thọ Sơn 30 and Bình Sơn 40 parents would enter the sums.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "2024"
    for line in (["BÁO CÁO NĂM 2024 HUYỆN TRIỆU SƠN"],
                 ["Xã", "Số cha mẹ, người chăm sóc trẻ em", "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"],
                 ["Xã Dân Lực", 10, 9], ["Xã Dân Lý", 100, "50"], [], second, ["Xã Thọ Sơn", 30], ["Xã Bình Sơn", 40]):
        ws.append(line)
    ws.merge_cells("A1:C1")
    path = tmp_path / "trieu-son-2024.xlsx"
    wb.save(path)
    _, v = _json("validate", str(path), "--plan", "trieu-son")
    assert ("no-element-columns", path.name, 6) in _errors(v)  # the second table's header row, named
    assert v["balance"]["total"] == {"rows_read": 8, "rows_used": 2, "rows_left_out": 6, "left_out_by_reason": {
        "blank-row": 1, "header-row": 2, "no-element-columns": 2, "title-row": 1}}
    code, doc = _json("evaluate", "trieu-son", str(path), "--min-coverage", "0")
    assert code == 1 and _errors(doc) == _errors(v)
    m = _m21b(doc)
    # informed 9 + 50 = 59 of parents 10 + 100 = 110, from Dân Lực and Dân Lý alone; 2 communes reporting
    assert (m["numerator"], m["denominator"], m["units_reporting"]) == (59, 110, 2)
    assert doc["units_reporting"] == 2  # Thọ Sơn and Bình Sơn did not report: their rows are not theirs


def test_a_year_whose_rows_are_all_in_error_is_shown_with_its_errors_not_called_empty(tmp_path: Path) -> None:
    # 2024 is fine; 2025's only row says 95 parents informed of 90 parents: in error, so 2025 has no
    # usable row. That is exit 1 with the error on screen, not exit 2 "the files hold years 2024".
    path = tmp_path / "trieu-son.xlsx"
    rows = [{"province": PROV, "district": DIST, "commune": "Xã Dân Lực", "year": y, "parents": p, "parents_informed": i}
            for y, p, i in ((2024, 80, "60"), (2025, 90, 95))]
    write_report(path, rows, sheet="Báo cáo", title_lines=["BÁO CÁO"], two_row_header=True, total_row="bottom", merge_district=True)
    code, doc = _json("evaluate", "trieu-son", str(path), "--year", "2025", "--min-coverage", "0")
    assert code == 1 and [c for c, _, _ in _errors(doc)] == ["part-exceeds-total"]
    m = _m21b(doc)
    assert (m["status"], m["numerator"], m["denominator"]) == ("no_data", None, None)
    empty = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--year", "2019", "--lang", "en"], env=ENV)
    assert empty.exit_code == 2 and "years 2024" in empty.output  # a year with no row at all is still exit 2


def test_a_blank_cell_left_out_is_named_by_its_vietnamese_header_in_vietnamese(tmp_path) -> None:
    """explain in Vietnamese names the blank column as the form's header, never the element code (issue 17)."""
    from typer.testing import CliRunner

    from cltrack.cli import app
    from report_factory import write_report

    rows = [
        {"district": "Huyện Triệu Sơn", "commune": "Xã Thọ Sơn", "year": 2024, "parents": 40, "parents_informed": "30"},
        {"district": "Huyện Triệu Sơn", "commune": "Xã Thọ Bình", "year": 2024, "parents": 20, "parents_informed": None},
    ]
    write_report(tmp_path / "r.xlsx", rows, title_lines=["BIỂU TỔNG HỢP NĂM 2024"], total_row="bottom", merge_district=True)
    args = ["explain", "trieu-son", "M2.1b", str(tmp_path / "r.xlsx"), "--year", "2024", "--min-coverage", "0"]
    env = {"NO_COLOR": "1", "COLUMNS": "200", "CLTRACK_LANG": ""}
    vi = CliRunner().invoke(app, [*args, "--lang", "vi"], env=env)
    en = CliRunner().invoke(app, [*args, "--lang", "en"], env=env)
    assert vi.exit_code == en.exit_code == 0, vi.output + en.output
    said_vi, said_en = (" ".join(res.stdout.split()) for res in (vi, en))  # the reason column may wrap
    assert "Xã Thọ Bình ô trống (không báo cáo): 'Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin'" in said_vi, vi.stdout
    assert "(không báo cáo): parents_informed" not in said_vi  # (the formula line names the codes, as a formula)
    assert "blank (not reported): parents_informed" in said_en, en.stdout
