"""Left-out rows and repeated findings are runs: one entry per reason and contiguous row range, counts exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("cltrack.units.gazetteer", reason="the gazetteer (issue 8) is not in the tree yet")

from cltrack.cli import app
from cltrack.compute.validation import validate
from cltrack.reading.model import LeftOut, compact, left_out_runs
from cltrack.reading.reports import read_reports
from report_factory import write_csv, write_xlsx

ENV = {"NO_COLOR": "1", "COLUMNS": "120"}


def test_runs_break_where_the_reason_changes_or_a_row_is_skipped() -> None:
    runs = left_out_runs("f.csv", None, [7, 1, 2, 3, 5, 6], ["a", "a", "a", "b", "b", "b"])
    assert [(r.row, r.last_row, r.rows, r.reason) for r in runs] == [(1, 2, 2, "a"), (3, 3, 1, "b"), (5, 6, 2, "b"), (7, 7, 1, "a")]


def test_compact_joins_single_rows_that_follow_on() -> None:
    rows = [LeftOut("f", "S", 4, "x"), LeftOut("f", "S", 2, "x"), LeftOut("f", "S", 3, "x"), LeftOut("f", "S", 6, "x")]
    assert [(r.row, r.last_row) for r in compact(rows)] == [(2, 4), (6, 6)]


def test_a_plain_csv_without_report_table_is_one_run_and_the_balance_is_exact(tmp_path: Path) -> None:
    # 1 header line + 500 data lines = 501 lines, none of them a report row
    grid = [["id", "name", "value"]] + [[str(i), f"n{i}", str(i * 3)] for i in range(500)]
    path = write_csv(tmp_path / "plain.csv", grid)
    data = read_reports([path])
    assert [(lo.row, lo.last_row, lo.reason) for lo in data.left_out] == [(1, 501, "no-report-table")]
    assert (data.rows_read, data.rows_used, data.rows_left_out) == (501, 0, 501)
    assert sum(1 for _ in data.left_out_rows()) == 501


def test_rows_without_unit_are_one_finding_over_the_run(tmp_path: Path) -> None:
    # header at row 1, a commune at row 2, then rows 3-6 with figures but no unit name
    grid = [["Huyện", "Xã", "Số cha mẹ, người chăm sóc trẻ em"], ["Huyện Triệu Sơn", "Xã Dân Lực", 10]]
    grid += [["", "", 5 + i] for i in range(4)]
    path = write_xlsx(tmp_path / "bc-2024.xlsx", {"2024": (grid, [])})
    report = validate([path])
    missing = [f for f in report.findings if f.code == "unit-missing"]
    assert [(f.row, f.last_row) for f in missing] == [(3, 6)]
    assert [(lo.row, lo.last_row) for lo in report.left_out if lo.reason == "unit-missing"] == [(3, 6)]
    assert report.balance().left_out_by_reason["unit-missing"] == 4


def test_validate_json_gives_runs_with_their_row_counts(tmp_path: Path) -> None:
    grid = [["id", "name"]] + [[str(i), "x"] for i in range(40)] + [["", ""]] * 3 + [["a", "b"]]
    path = write_csv(tmp_path / "plain.csv", grid)
    result = CliRunner().invoke(app, ["validate", str(path), "--format", "json", "--lang", "en"], env=ENV)
    doc = json.loads(result.output)
    assert [(e["row"], e["last_row"], e["rows"], e["reason"]) for e in doc["left_out"]] == [
        (1, 41, 41, "no-report-table"), (42, 44, 3, "blank-row"), (45, 45, 1, "no-report-table")]
    assert doc["balance"]["total"]["left_out_by_reason"] == {"blank-row": 3, "no-report-table": 42}
    assert result.exit_code == 1


def test_all_rows_lists_every_left_out_row_in_json_and_text(tmp_path: Path) -> None:
    grid = [["id", "name"]] + [[str(i), "x"] for i in range(9)]  # 10 lines, none a report row
    path = write_csv(tmp_path / "plain.csv", grid)
    runner = CliRunner()
    doc = json.loads(runner.invoke(app, ["validate", str(path), "--format", "json", "--all-rows"], env=ENV).output)
    assert [(e["row"], e["rows"]) for e in doc["left_out"]] == [(r, 1) for r in range(1, 11)]
    assert doc["summary"]["exit_code"] == 1
    text = runner.invoke(app, ["validate", str(path), "--all-rows", "--lang", "en"], env=ENV).output
    assert [ln.strip() for ln in text.splitlines() if ln.strip().startswith("row ")] == [f"row {r}: no-report-table" for r in range(1, 11)]
    plain = runner.invoke(app, ["validate", str(path), "--lang", "en"], env=ENV).output
    assert "rows left out: 1-10 no-report-table" in plain


def test_a_counted_csv_keeps_line_numbers_across_quoted_line_breaks(tmp_path: Path) -> None:
    # lines 1-100 plain (past the rows looked at for a header), a record on lines 101-102 (a quoted
    # line break), line 103 blank, lines 104-105 plain: 104 records on 105 lines
    path = tmp_path / "plain.csv"
    lines = "id,name\n" + "".join(f"{i},a\n" for i in range(99)) + '3,"two\nlines"\n,\n4,c\n5,d\n'
    path.write_text(lines, encoding="utf-8")
    data = read_reports([path])
    assert [(lo.row, lo.last_row, lo.reason) for lo in data.left_out] == [
        (1, 101, "no-report-table"), (103, 103, "blank-row"), (104, 105, "no-report-table")]
    assert (data.rows_read, data.rows_left_out) == (104, 104)


PEAK = """
import re, runpy, sys
sys.argv = ["cltrack", *sys.argv[1:]]
try:
    runpy.run_module("cltrack", run_name="__main__")
finally:
    hwm = re.search(r"VmHWM:\\s*(\\d+)", open("/proc/self/status").read())
    print("peak-kib", hwm.group(1) if hwm else "0", file=sys.stderr)
"""


def test_memory_does_not_grow_with_left_out_rows(tmp_path: Path) -> None:
    import resource
    import subprocess
    import sys

    peaks = []
    for n in (20_000, 400_000):
        path = tmp_path / f"plain-{n}.csv"
        path.write_text("id,name,value\n" + "".join(f"{i},name{i},{i % 97}\n" for i in range(n)), encoding="utf-8")
        limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # noqa: E731
        proc = subprocess.run([sys.executable, "-c", PEAK, "validate", str(path), "--format", "json"],
                              capture_output=True, preexec_fn=limit, check=False)
        doc = json.loads(proc.stdout)
        assert proc.returncode == 1 and doc["balance"]["total"]["rows_left_out"] == n + 1
        peaks.append(int(proc.stderr.decode().split("peak-kib")[-1].split()[0]) / 1024)  # the child's own peak (VmHWM)
    # twenty times the rows: the peak moves by less than 10 MiB (the per-row report used ~1.6 KB a row)
    assert peaks[1] - peaks[0] < 10, peaks


def test_a_run_of_findings_is_one_range_in_every_output(tmp_path: Path) -> None:
    from cltrack.findings import cell_ref, make, runs

    # the same bad value down column C, rows 5-90, then once more at row 92: two entries, not 87
    found = runs([make("not-a-number", file="f.xlsx", sheet="S", row=r, column_letter="C", value="x") for r in [*range(5, 91), 92]])
    assert [cell_ref(f) for f in found] == ["C5:C90", "C92"]
    assert found[0].last_row == 90 and found[1].last_row is None


def test_a_run_is_one_github_annotation_over_its_lines() -> None:
    from cltrack.findings import make
    from cltrack.render.findings import github_line

    f = make("unit-missing", file="bc.xlsx", sheet="2024", row=3, last_row=6)
    assert github_line(f).startswith("::error file=bc.xlsx,line=3,endLine=6,title=unit-missing::")
