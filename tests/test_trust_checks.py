"""Issue 14 §1, §3, §4 on real files written here (xlsx with title rows, a merged header, a total row and
text-typed numbers; csv copies): a row with an error finding is never summed, an identical form sent
twice is counted once, coverage is on every result, an empty selection is exit 2, and evaluate's
error findings are exactly validate's. Figures worked by hand in the comments."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import commune_rows, write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
runner = CliRunner()


def _form(path: Path, communes: dict[str, tuple[object, object]], year: int = 2024) -> Path:
    """Communes of Triệu Sơn with parents and parents informed (M2.1b), as an office types them."""
    rows = commune_rows([(*TS, name, {"parents": p, "parents_informed": i}) for name, (p, i) in communes.items()], year=year)
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["Tỉnh", "Huyện", "Xã", "Năm", "Số cha mẹ, người chăm sóc trẻ em",
                        "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"])
            for name, (p, i) in communes.items():
                w.writerow([*TS, name, year, p, i])
        return path
    write_report(path, rows, sheet=str(year), title_lines=["UBND HUYỆN TRIỆU SƠN", f"BÁO CÁO NĂM {year}"],
                 two_row_header=True, total_row="bottom")
    return path


def _evaluate(*args: str) -> tuple[int, dict]:
    res = runner.invoke(app, ["evaluate", "trieu-son", *args, "--format", "json", "--lang", "en", "--min-coverage", "0"], env=ENV)
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, json.loads(res.stdout)


def _m21b(doc: dict) -> dict:
    return next(r for r in doc["results"] if r["target"] == "M2.1b")


def _errors(doc: dict) -> list[tuple[str, str, int]]:
    return sorted((f["code"], Path(f["file"]).name, f["row"]) for f in doc["findings"] if f["severity"] == "error")


SINGLE = {"Xã Dân Lực": (120, 90), "Xã Dân Lý": (64, "50")}  # 140 of 184 informed = 76.1%: met (>= 70%)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_form_saved_twice_is_counted_once_with_a_warning_naming_both_places(tmp_path: Path, suffix: str) -> None:
    a = _form(tmp_path / f"bieu-tong-hop-2024{suffix}", SINGLE)
    b = _form(tmp_path / f"bieu-tong-hop-2024 (1){suffix}", SINGLE)
    code, once = _evaluate(str(a))
    code2, twice = _evaluate(str(tmp_path))
    assert (code, code2) == (0, 0)  # a repeated identical form is a warning, not an error
    m1, m2 = _m21b(once), _m21b(twice)
    assert (m2["numerator"], m2["denominator"], m2["gap_count"]) == (m1["numerator"], m1["denominator"], m1["gap_count"]) == (140, 184, 0)
    dup = [f for f in twice["findings"] if f["code"] == "duplicate-form"]
    # the repeat is whichever file is read second ("... (1).xlsx" sorts first); the warning names the other
    assert len(dup) == 2 and all(f["severity"] == "warning" and Path(f["file"]) == a for f in dup)
    assert all(str(b) in f["message"] for f in dup)
    # row balance: the copy's 2 rows are left out as duplicate-form, not lost
    assert twice["row_balance"]["rows_used"] == once["row_balance"]["rows_used"] + 0 == 2
    assert twice["row_balance"]["rows_read"] == 2 * once["row_balance"]["rows_read"]
    assert twice["row_balance"]["rows_left_out"] == twice["row_balance"]["rows_read"] - 2


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_same_commune_with_different_figures_leaves_both_rows_out(tmp_path: Path, suffix: str) -> None:
    _form(tmp_path / f"a-2024{suffix}", SINGLE)
    _form(tmp_path / f"b-2024{suffix}", {"Xã Dân Lực": (125, 90)})
    code, doc = _evaluate(str(tmp_path))
    assert code == 1  # --fail-on error is the default
    m = _m21b(doc)
    assert (m["numerator"], m["denominator"]) == (50, 64)  # Dân Lý alone: both Dân Lực rows are out
    dups = [f for f in doc["findings"] if f["code"] == "duplicate-unit-year"]
    assert len(dups) == 2 and all("parents 12" in f["message"] for f in dups)
    assert {"parents 120 / 125", "parents 125 / 120"} == {f["message"].split("(")[1].split(")")[0] for f in dups}
    never = runner.invoke(app, ["evaluate", "trieu-son", str(tmp_path), "--fail-on", "never", "--lang", "en"], env=ENV)
    assert never.exit_code == 0 and "M2.1b" in never.stdout  # results still printed


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_parents_informed_over_parents_never_enters_m21b(tmp_path: Path, suffix: str) -> None:
    path = _form(tmp_path / f"mau-2024{suffix}", {"Xã Dân Lực": (1991, 2141), "Xã Dân Lý": (64, 50)})
    code, doc = _evaluate(str(path))
    assert code == 1
    assert [c for c, _, _ in _errors(doc)] == ["part-exceeds-total"]
    m = _m21b(doc)
    assert (m["numerator"], m["denominator"], m["units_reporting"]) == (50, 64, 1)  # 2141 and 1991 are in no sum
    expl = runner.invoke(app, ["explain", "trieu-son", "M2.1b", str(path), "--lang", "en"], env=ENV)
    assert expl.exit_code == 1 and "part-exceeds-total" in expl.stdout


def test_an_empty_selection_is_exit_2_naming_the_paths_and_what_they_hold(tmp_path: Path) -> None:
    path = _form(tmp_path / "bc-2024.xlsx", SINGLE)
    res = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--year", "2019", "--lang", "en"], env=ENV)
    assert res.exit_code == 2 and res.output.count("\n") == 1
    assert str(path) in res.output and "years 2024" in res.output and "Huyện Triệu Sơn (Tỉnh Thanh Hóa)" in res.output
    other = runner.invoke(app, ["evaluate", "hai-duong", str(path), "--lang", "en"], env=ENV)  # another province's plan
    assert other.exit_code == 2 and str(path) in other.output and "unit-outside-plan 2" in other.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["evaluate", "trieu-son", str(empty)], env=ENV).exit_code == 2
    assert runner.invoke(app, ["rollup", "trieu-son", str(path), "--years", "2019"], env=ENV).exit_code == 2


def test_coverage_below_the_minimum_is_insufficient_data_with_the_figures(tmp_path: Path) -> None:
    path = _form(tmp_path / "bc-2024.xlsx", SINGLE)
    res = runner.invoke(app, ["evaluate", "trieu-son", str(path), "--format", "json"], env=ENV)
    assert res.exit_code == 0
    doc = json.loads(res.stdout)
    m = _m21b(doc)
    # 2 of Triệu Sơn's 32 communes: 6.25% < 50%
    assert (m["status"], m["numerator"], m["denominator"], m["units_reporting"], m["units_expected"], m["coverage_pct"]) == (
        "insufficient_data", 140, 184, 2, 32, 6.25)
    assert doc["units_reporting"] == 2 and doc["exit_code"] == 0
    assert doc["plan_file"]["sha256"] and doc["sources"][0]["sha256"] and doc["cltrack_version"]


def test_evaluate_and_validate_report_the_same_error_findings(tmp_path: Path) -> None:
    _form(tmp_path / "a-2024.xlsx", {"Xã Dân Lực": (10, 12), "Xã Dân Lý": (64, 50)})
    _form(tmp_path / "b-2024.csv", {"Xã Dân Lý": (60, 50), "Xã Dân Quyền": (30, 20)})
    v = json.loads(runner.invoke(app, ["validate", str(tmp_path), "--plan", "trieu-son", "--format", "json", "--lang", "en"], env=ENV).stdout)
    _, e = _evaluate(str(tmp_path))
    assert _errors(e) == _errors(v) == sorted([
        ("part-exceeds-total", "a-2024.xlsx", _errors(v)[2][2]),
        ("duplicate-unit-year", "a-2024.xlsx", _errors(v)[0][2]),
        ("duplicate-unit-year", "b-2024.csv", 2),
    ])
    assert e["row_balance"] == {k: v["balance"]["total"][k] for k in ("rows_read", "rows_used", "rows_left_out")}
    assert (_m21b(e)["numerator"], _m21b(e)["denominator"]) == (20, 30)  # Dân Quyền alone
