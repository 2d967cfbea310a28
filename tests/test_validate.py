"""`cltrack validate`: findings, the row balance, every format, exit codes, GitHub escaping, no tracebacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

pytest.importorskip("cltrack.units.gazetteer", reason="the gazetteer (issue 8) is not in the tree yet")

from cltrack.cli import app
from cltrack.compute.validation import validate
from cltrack.findings import make
from cltrack.render.findings import (
    column_number,
    escape_data,
    escape_property,
    file_progress,
    github_line,
)
from report_factory import write_csv, write_report, write_xlsx

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}  # messages asserted below are the English ones
DIST = "Huyện Triệu Sơn"
REPO = Path(__file__).resolve().parent.parent


def communes(*specs: tuple[str, dict]) -> list[dict]:
    """Rows of Triệu Sơn communes with values."""
    return [{"district": DIST, "commune": name, **vals} for name, vals in specs]


def office_report(path: Path, rows: list[dict]):
    """Title line, blank line, two-row header, data, total row, five signature lines."""
    return write_report(path, rows, title_lines=["BIỂU TỔNG HỢP KẾT QUẢ"], two_row_header=True, total_row="bottom",
                        signature=True, merge_district=True)


GOOD = communes(("Xã Dân Lực", {"parents": 120, "parents_informed": 100}), ("Xã Thọ Sơn", {"parents": 80, "parents_informed": 60}))
BAD = communes(("Xã Dân Lực", {"parents": 120, "parents_informed": 100}), ("Xã Thọ Sơn", {"parents": 80, "parents_informed": 81}))


def run(*args: str):
    result = CliRunner().invoke(app, ["validate", *args], env=ENV)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- the report as data


def test_the_row_balance_adds_up_per_file_and_in_total(tmp_path: Path) -> None:
    a, b = tmp_path / "a-2024.xlsx", tmp_path / "b-2024.xlsx"
    office_report(a, GOOD[:1])
    office_report(b, GOOD[1:] + communes(("Xã Thọ Bình", {"parents": 10})))
    report = validate([a, b])
    # a: 1 title + 1 blank + 2 header + 1 data + 1 total + 5 signature lines (one blank) = 11 rows
    ba = report.balance(str(a))
    assert (ba.rows_read, ba.rows_used, ba.rows_left_out) == (11, 1, 10)
    assert ba.left_out_by_reason == {"blank-row": 2, "header-row": 2, "note-row": 4, "title-row": 1, "total-row": 1}
    bb = report.balance(str(b))
    assert (bb.rows_read, bb.rows_used, bb.rows_left_out) == (12, 2, 10)
    total = report.balance()
    assert (total.rows_read, total.rows_used, total.rows_left_out) == (23, 3, 20)
    assert total.adds_up and sum(lo.rows for lo in report.left_out) == 20


def test_validate_joins_reader_findings_and_check_findings(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    rows = BAD + communes(("Xã Thọ Bìnhh", {"parents": 5}))
    w = office_report(path, rows)
    report = validate([path])
    errors = [(f.code, f.row, f.column_letter) for f in report.findings if f.severity == "error"]
    assert errors == [("part-exceeds-total", w.data_rows[1], w.letters["parents_informed"]),
                      ("unknown-unit", w.data_rows[2], w.letters["commune"])]
    assert report.exit_code() == 1
    assert report.counts["error"] == 2


def test_progress_callback_reads_file_by_file_to_the_same_report(tmp_path: Path) -> None:
    office_report(tmp_path / "a-2024.xlsx", BAD)
    office_report(tmp_path / "b-2024.xlsx", communes(("Xã Thọ Bình", {"parents": 10})))
    calls: list[tuple[int, int, str]] = []
    stepped = validate([tmp_path], progress=lambda d, t, n: calls.append((d, t, n)))
    whole = validate([tmp_path])
    assert calls == [(0, 2, str(tmp_path / "a-2024.xlsx")), (1, 2, str(tmp_path / "b-2024.xlsx")), (2, 2, "")]
    assert [(f.code, f.file, f.row) for f in stepped.findings] == [(f.code, f.file, f.row) for f in whole.findings]
    assert stepped.balance().rows_used == whole.balance().rows_used == 2  # the row in error is left out


def test_no_progress_bar_when_output_is_piped() -> None:
    with file_progress("en") as progress:
        assert progress is None  # pytest captures stdout: not a terminal


# --------------------------------------------------------------------------- exit codes


def test_a_clean_file_exits_0(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2024.xlsx", GOOD)
    result = run(str(tmp_path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "PASSED: 0 errors, 0 warnings" in result.output


def test_an_error_exits_1(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2024.xlsx", BAD)
    result = run(str(tmp_path), "--lang", "en")
    assert result.exit_code == 1
    assert "FAILED: 1 errors, 0 warnings" in result.output


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2023.xlsx", communes(("Xã Dân Lực", {"parents": 100})))
    w = office_report(tmp_path / "bc-2024.xlsx", communes(("Xã Dân Lực", {"parents": 301})))
    relaxed = run(str(tmp_path), "--lang", "en")
    assert relaxed.exit_code == 0
    cell = f"{w.letters['parents']}{w.data_rows[0]}"
    assert (f"  warning year-jump: [Báo cáo] {cell} (Số cha mẹ, người chăm sóc trẻ em): "
            "parents changes from 100 (2023) to 301 (2024), more than 3×") in relaxed.output
    strict = run(str(tmp_path), "--lang", "en", "--strict")
    assert strict.exit_code == 1
    assert "FAILED: 0 errors, 1 warnings" in strict.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--plan", "no-such-plan"], "unknown plan 'no-such-plan'"), (["--format", "xml"], "--format must be text, json or github"),
     (["--lang", "fr"], "--lang must be vi or en")],
)
def test_unusable_options_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    office_report(tmp_path / "bc-2024.xlsx", GOOD)
    result = run(str(tmp_path), *args)
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("cltrack: error: ") and message in lines[0]


def test_a_known_plan_is_accepted(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2024.xlsx", GOOD)
    result = run(str(tmp_path), "--plan", "trieu-son", "--lang", "en")
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- no input gives a traceback


def test_a_corrupt_xlsx_is_a_finding_and_exit_1(tmp_path: Path) -> None:
    (tmp_path / "hỏng.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    result = run(str(tmp_path / "hỏng.xlsx"), "--lang", "en")
    assert result.exit_code == 1
    assert "  error   file-unreadable: cannot read the file" in result.output
    assert "open it in Excel/LibreOffice and save it again" in result.output


def test_a_missing_path_is_a_finding_and_exit_1(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2024.xlsx", GOOD)
    result = run(str(tmp_path / "bc-2024.xlsx"), str(tmp_path / "missing.xlsx"), "--lang", "en")
    assert result.exit_code == 1
    assert f"{tmp_path / 'missing.xlsx'}\n  error   file-not-found: file not found" in result.output


@pytest.mark.parametrize("kind", ["empty", "title-only", "text-file", "empty-csv", "binary-csv"])
def test_odd_inputs_give_findings_not_tracebacks(tmp_path: Path, kind: str) -> None:
    if kind == "empty":
        path = write_xlsx(tmp_path / "rỗng.xlsx", {"Sheet1": ([], [])})
    elif kind == "title-only":
        path = write_xlsx(tmp_path / "tiêu-đề.xlsx", {"S": ([["BIỂU TỔNG HỢP NĂM 2024"]], [])})
    elif kind == "text-file":
        path = tmp_path / "notes.txt"
        path.write_text("hello", encoding="utf-8")
    elif kind == "empty-csv":
        path = tmp_path / "bc.csv"
        path.write_bytes(b"")
    else:
        path = tmp_path / "bc.csv"
        path.write_bytes(bytes(range(256)) * 4)
    for fmt in ("text", "json", "github"):
        result = run(str(path), "--format", fmt)
        assert result.exit_code == 1, (fmt, result.output)


# --------------------------------------------------------------------------- formats


def test_text_groups_findings_by_file_with_cell_refs_headers_and_balance(tmp_path: Path) -> None:
    a, b = tmp_path / "a-2024.xlsx", tmp_path / "b-2024.xlsx"
    wa = office_report(a, BAD)
    office_report(b, communes(("Xã Thọ Bình", {"parents": 10})))
    out = run(str(a), str(b), "--lang", "en").output
    cell = f"{wa.letters['parents_informed']}{wa.data_rows[1]}"
    expected = (f"{a}\n  info    title-row: [Báo cáo] 1: title line skipped: BIỂU TỔNG HỢP KẾT QUẢ\n"
                f"  error   part-exceeds-total: [Báo cáo] {cell} (Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin): "
                "parents_informed (81) is larger than parents (80)\n")
    assert expected in out
    assert "  12 rows read = 1 used + 11 left out (left out: blank-row 2, header-row 2, note-row 4, part-exceeds-total 1, title-row 1, total-row 1)" in out
    assert f"{b}\n" in out and "  11 rows read = 1 used + 10 left out" in out
    assert "Total of 2 files: 23 rows read = 2 used + 21 left out" in out
    assert out.rstrip().endswith("FAILED: 1 errors, 0 warnings, 14 info")


def test_text_in_vietnamese(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2024.xlsx", BAD)
    out = run(str(tmp_path), "--lang", "vi").output
    assert "lỗi       part-exceeds-total" in out
    assert "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin (81) lớn hơn Số cha mẹ, người chăm sóc trẻ em (80)" in out
    assert "parents_informed" not in out  # a clerk reads the column headers, never the element codes
    assert "12 dòng đọc = 1 dòng dùng + 11 dòng bỏ qua" in out
    assert "KHÔNG ĐẠT: 1 lỗi, 0 cảnh báo" in out


def test_json_is_the_report_as_data(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    w = office_report(path, BAD)
    result = run(str(path), "--format", "json", "--lang", "en")
    doc = json.loads(result.output)
    assert set(doc) == {"files", "findings", "left_out", "balance", "summary"}
    [file] = doc["files"]
    assert (file["path"], file["rows_read"], file["rows_used"], file["rows_left_out"], file["errors"]) == (str(path), 12, 1, 11, 1)
    [err] = [f for f in doc["findings"] if f["severity"] == "error"]
    assert err == {"severity": "error", "code": "part-exceeds-total", "file": str(path), "sheet": "Báo cáo",
                   "row": w.data_rows[1], "column": "parents_informed", "column_letter": w.letters["parents_informed"],
                   "header": "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin",
                   "last_row": None, "message": "parents_informed (81) is larger than parents (80)", "hint": None}
    assert doc["balance"]["total"] == {"rows_read": 12, "rows_used": 1, "rows_left_out": 11, "left_out_by_reason":
                                       {"blank-row": 2, "header-row": 2, "note-row": 4, "part-exceeds-total": 1,
                                        "title-row": 1, "total-row": 1}}
    assert doc["balance"]["files"][str(path)]["rows_used"] == 1
    assert {"file": str(path), "sheet": "Báo cáo", "row": w.data_rows[1], "last_row": w.data_rows[1], "rows": 1,
            "reason": "part-exceeds-total"} in doc["left_out"]
    assert {"file": str(path), "sheet": "Báo cáo", "row": w.total_row, "last_row": w.total_row, "rows": 1,
            "reason": "total-row"} in doc["left_out"]
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 0, "infos": 7, "strict": False, "exit_code": 1}
    assert result.exit_code == 1


def test_github_prints_workflow_commands(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    w = office_report(path, BAD)
    out = run(str(path), "--format", "github", "--lang", "en").output.splitlines()
    col = column_number(w.letters["parents_informed"])
    assert out[0] == (f"::error file={escape_property(str(path))},line={w.data_rows[1]},col={col},title=part-exceeds-total::"
                      f"[Báo cáo] {w.letters['parents_informed']}{w.data_rows[1]} (Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin): "
                      "parents_informed (81) is larger than parents (80)")
    assert out[1].startswith(f"::notice file={escape_property(str(path))},title=row-balance::12 rows read = 1 used + 11 left out")
    assert out[-1] == "FAILED: 1 errors, 0 warnings, 7 info"
    assert not any("title=title-row" in line for line in out)  # info findings stay out of the annotations


def test_github_warning_and_hint(tmp_path: Path) -> None:
    grid = [["Huyện", "Xã", "Số cha mẹ, người chăm sóc trẻ em"], [DIST, "Xã Dân Lực", "-"], [DIST, "Xã Thọ Sơn", 5]]
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"S": (grid, [])})
    out = run(str(path), "--format", "github", "--lang", "en").output
    assert ("::error file=" + escape_property(str(path)) + ",line=2,col=3,title=ambiguous-dash::[S] C2 "
            "(Số cha mẹ, người chăm sóc trẻ em): '-' is ambiguous (Leave blank if not reported, write 0 if zero)") in out


def test_github_escapes_percent_cr_lf_and_property_separators() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("C:\\bc, 2024%.xlsx") == "C%3A\\bc%2C 2024%25.xlsx"
    f = make("not-a-number", file="a,b:c.xlsx", sheet="S", row=7, column_letter="AB", value="12\n%")
    assert github_line(f, "en") == "::error file=a%2Cb%3Ac.xlsx,line=7,col=28,title=not-a-number::[S] AB7: '12\\n%25' is not a number"  # the cell's newline shown as \\n


def test_github_file_names_with_commas_and_percent_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "bc, 100% 2024.xlsx"
    office_report(path, BAD)
    out = run(str(path), "--format", "github").output
    assert "file=" + str(path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A") + ",line=" in out
    assert re.search(r"^::error [^\n]*title=part-exceeds-total::", out, re.M)


def test_csv_reports_are_validated_with_line_numbers(tmp_path: Path) -> None:
    grid = [["Huyện", "Xã", "parents", "parents_informed"], [DIST, "Xã Dân Lực", "1.200", "1.300"]]
    path = write_csv(tmp_path / "bc-2024.csv", grid, encoding="cp1258", delimiter=";")
    doc = json.loads(run(str(path), "--format", "json", "--lang", "en").output)
    [err] = [f for f in doc["findings"] if f["severity"] == "error"]
    assert (err["code"], err["row"], err["column_letter"], err["sheet"]) == ("part-exceeds-total", 2, "D", None)
    assert err["message"] == "parents_informed (1300) is larger than parents (1200)"


def test_sheet_option_reads_one_sheet(tmp_path: Path) -> None:
    bad = [["Huyện", "Xã", "parents", "parents_informed"], [DIST, "Xã Dân Lực", 10, 20]]
    good = [["Huyện", "Xã", "parents", "parents_informed"], [DIST, "Xã Dân Lực", 10, 5]]
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"Nháp": (bad, []), "Chính thức": (good, [])})
    assert run(str(path)).exit_code == 1
    assert run(str(path), "--sheet", "Chính thức").exit_code == 0
    missing = run(str(path), "--sheet", "Không có", "--lang", "en")
    assert missing.exit_code == 1 and "sheet-not-found" in missing.output


def test_year_option_gives_the_year_to_files_without_one(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.xlsx"
    write_report(path, GOOD)
    assert "year-missing" in run(str(path), "--lang", "en").output
    assert run(str(path), "--year", "2024").exit_code == 0


def test_targets_dir_option_finds_user_plans(tmp_path: Path) -> None:
    office_report(tmp_path / "bc-2024.xlsx", GOOD)
    plans = tmp_path / "plans"
    plans.mkdir()
    assert run(str(tmp_path / "bc-2024.xlsx"), "--plan", "mine", "--targets-dir", str(plans)).exit_code == 2
    text = (REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8")
    (plans / "mine.yaml").write_text(re.sub(r"(?m)^id: trieu-son$", "id: mine", text), encoding="utf-8")
    result = run(str(tmp_path / "bc-2024.xlsx"), "--plan", "mine", "--targets-dir", str(plans), "--lang", "en")
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hook_runs_validate_on_spreadsheets() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("cltrack-validate", "cltrack validate", "python")
    pattern = re.compile(hook["files"])
    assert all(pattern.search(n) for n in ("data/bc-2024.xlsx", "a.xlsm", "b.xls", "c.ods", "d.csv"))
    assert not any(pattern.search(n) for n in ("README.md", "a.xlsx.bak", "plan.yaml"))


def test_survey_microdata_is_named_and_not_read_as_a_report(tmp_path: Path) -> None:
    lines = ["province,district,commune,year,age,sex,hours_work,in_school"]
    lines += [f"Tỉnh Thanh Hóa,{DIST},Xã Dân Lực,2024,{age},1,{h},1" for age, h in ((9, 0), (12, 3), (15, 20))]
    (tmp_path / "survey-2024.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    office_report(tmp_path / "bc-2024.xlsx", GOOD)
    report = validate([tmp_path])
    assert [(f.code, f.file) for f in report.findings if f.code in ("survey-file", "duplicate-unit-year")] == [
        ("survey-file", str(tmp_path / "survey-2024.csv"))]
    assert [s.path for s in report.files] == [str(tmp_path / "bc-2024.xlsx")]
    assert report.exit_code() == 0


def test_progress_bar_on_a_terminal_follows_the_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import sys

    office_report(tmp_path / "a-2024.xlsx", GOOD[:1])
    office_report(tmp_path / "b-2024.xlsx", GOOD[1:])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with file_progress("en") as progress:
        assert progress is not None
        report = validate([tmp_path], progress=progress)
    assert report.balance().rows_used == 2
