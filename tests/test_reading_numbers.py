"""Numbers that are not numbers (issue 14 §5): infinite values, counts of 400 or 20 digits, a plan target
of 5,000 digits. Each is an error finding naming file, sheet, row and column (a lint error for the
plan), never a traceback and never a silently rounded figure.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.exitcodes import FAIL_ON
from cltrack.reading.reports import read_reports

ENV = {"NO_COLOR": "1", "COLUMNS": "160"}
runner = CliRunner()
EVAL_ON_ERROR = 1 if "error" in FAIL_ON else 0  # evaluate's exit on error findings (issue 14 §1)
REPO = Path(__file__).resolve().parent.parent
HEAD = ["Tỉnh", "Huyện", "Xã", "Số cha mẹ, người chăm sóc trẻ em", "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"]
BIG_400 = int("7" * 400)
BIG_20 = 12345678901234567890
# written by openpyxl, then replaced in the sheet XML by what openpyxl cannot write: 1e309, 400 digits
MARKS = {4242: "1e309", 4343: str(BIG_400)}


def rows(kind: str) -> list[list[Any]]:
    """The table: numbers as typed in a workbook (`xlsx`) or as text in a csv."""
    text = kind == "csv"
    ts = ["Tỉnh Thanh Hóa", "Huyện Triệu Sơn"]
    return [
        HEAD,
        [*ts, "Xã Dân Lực", 10, 9],                                                   # row 2: good
        [*ts, "Xã Dân Lý", "1e309" if text else 4242, 50],                         # row 3: D
        [*ts, "Xã Dân Quyền", str(BIG_400) if text else 4343, 40],                  # row 4: D
        [*ts, "Xã Thọ Sơn", "inf", 5],                                                  # row 5: D
        [*ts, "Xã Thọ Bình", str(BIG_20) if text else BIG_20, 6],                     # row 6: D
        [*ts, "Xã Thọ Tân", "12.345.678.901.234.567.890", 7],                          # row 7: D (text)
        [*ts, "Xã Bình Sơn", 20, "1e309"],                                             # row 8: E (text)
    ]


def write_xlsx(path: Path) -> Path:
    """The table as an xlsx, with D3 and D4 numeric cells holding 1e309 and a 400-digit number."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "2024"
    for r in rows("xlsx"):
        ws.append(r)
    made = path.with_suffix(".tmp.xlsx")
    wb.save(made)
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                for mark, value in MARKS.items():
                    assert data.count(f"<v>{mark}</v>".encode()) == 1
                    data = data.replace(f"<v>{mark}</v>".encode(), f"<v>{value}</v>".encode())
            dst.writestr(item, data)
    made.unlink()
    return path


def write_csv(path: Path) -> Path:
    """The same table as a csv (every value is text)."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows("csv"))
    return path


def errors(doc: dict[str, Any]) -> list[tuple[str, int, int | None, str, str]]:
    """(code, row, last row of a run, column letter, sheet) of each error finding."""
    return [(f["code"], f["row"], f["last_row"], f["column_letter"], f["sheet"]) for f in doc["findings"] if f["severity"] == "error"]


def test_non_finite_and_inexact_counts_are_errors_in_a_workbook(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "trieu-son-2024.xlsx")
    r = runner.invoke(app, ["validate", str(path), "--format", "json", "--lang", "en"], env=ENV)
    assert r.exit_code == 1, r.output
    doc = json.loads(r.output)
    # D3 (1e309 stored as a number), D4 (400 digits stored as a number) and D5 ('inf' typed) read as
    # infinity: one run D3:D5; then 20 digits stored as a number, 20 digits typed with dots, '1e309' typed
    assert errors(doc) == [
        ("not-finite", 3, 5, "D", "2024"), ("beyond-exact-range", 6, None, "D", "2024"),
        ("beyond-exact-range", 7, None, "D", "2024"), ("beyond-exact-range", 8, None, "E", "2024"),
    ]
    msg = next(f["message"] for f in doc["findings"] if f["row"] == 6 and f["severity"] == "error")
    assert msg == "'1.234567890123457e+19' has more than 15 digits: it cannot be held exactly"
    assert "Traceback" not in r.output
    data = read_reports([path])
    # the reader never rounds: the bad cells are NaN, the good ones exact
    got = dict(zip(data.rows["commune"], zip(data.rows["parents"], data.rows["parents_informed"], strict=True), strict=True))
    assert got["Xã Dân Lực"] == (10, 9) and got["Xã Thọ Tân"][1] == 7
    assert all(v != v for c, (v, _) in got.items() if c not in ("Xã Dân Lực", "Xã Bình Sơn"))
    # M2.1b (informed / parents) rests on the one row whose two cells are both usable: 9 of 10
    e = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--format", "json"], env=ENV)
    assert e.exit_code == EVAL_ON_ERROR, e.output
    m = next(x for x in json.loads(e.output)["results"] if x["target"] == "M2.1b")
    assert (m["numerator"], m["denominator"]) == (9, 10)


def test_non_finite_and_inexact_counts_are_errors_in_a_csv(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "trieu-son-2024.csv")
    r = runner.invoke(app, ["validate", str(path), "--format", "json", "--lang", "en"], env=ENV)
    assert r.exit_code == 1, r.output
    assert errors(json.loads(r.output)) == [
        ("beyond-exact-range", 3, None, "D", None), ("beyond-exact-range", 4, None, "D", None),
        ("not-finite", 5, None, "D", None), ("beyond-exact-range", 6, None, "D", None),
        ("beyond-exact-range", 7, None, "D", None), ("beyond-exact-range", 8, None, "E", None),
    ]
    msg = next(f["message"] for f in json.loads(r.output)["findings"] if f["row"] == 4 and f["severity"] == "error")
    assert msg == "'77777777777777777777…777777 (400 characters)' has more than 15 digits: it cannot be held exactly"


def test_fifteen_digits_are_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "trieu-son-2024.csv"
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEAD, ["Tỉnh Thanh Hóa", "Huyện Triệu Sơn", "Xã Dân Lực", "999999999999999", "1.000"]])
    data = read_reports([path])
    assert not [f for f in data.findings if f.severity == "error"]
    assert (data.rows["parents"].iloc[0], data.rows["parents_informed"].iloc[0]) == (999999999999999.0, 1000.0)


def plan_with_value(tmp_path: Path, value: str) -> Path:
    """The shipped Triệu Sơn plan with its first target value (0.5) replaced."""
    text = (REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8")
    assert text.count("    value: 0.5\n") >= 1
    path = tmp_path / "trieu-son.yaml"
    path.write_text(text.replace("    value: 0.5\n", f"    value: {value}\n", 1), encoding="utf-8")
    return path


def test_a_target_value_of_5000_digits_is_a_lint_error(tmp_path: Path) -> None:
    path = plan_with_value(tmp_path, "9" * 5000)
    r = runner.invoke(app, ["lint", str(path), "--lang", "en"], env=ENV)
    assert r.exit_code == 1 and "Traceback" not in r.output
    line = next(x for x in r.output.splitlines() if "plan-bad-value" in x)
    assert line.endswith("invalid value for 'value': 99999999999999999999…999999 (5000 characters) (expected a number of at most 15 significant digits)")


def test_an_infinite_or_inexact_target_value_is_a_lint_error(tmp_path: Path) -> None:
    for value, expected in ((".inf", "a finite number"), ("12345678901234567", "a number of at most 15 significant digits")):
        r = runner.invoke(app, ["lint", str(plan_with_value(tmp_path, value)), "--lang", "en"], env=ENV)
        assert r.exit_code == 1, r.output
        assert f"invalid value for 'value': {value} (expected {expected})" in r.output
    ok = runner.invoke(app, ["lint", str(plan_with_value(tmp_path, "0.123456789012345"))], env=ENV)
    assert ok.exit_code == 0, ok.output
