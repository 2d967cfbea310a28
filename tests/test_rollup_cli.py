"""The rollup, status and template commands through the CLI (plan loading and reading stubbed)."""

from __future__ import annotations

import json
import os
from datetime import datetime

import openpyxl
import pytest
from typer.testing import CliRunner

import cltrack.compute.completeness as comp
import cltrack.jobs as jobs
from cltrack.cli import app
from cltrack.compute import scope
from cltrack.reading.inputs import Inputs
from evalkit import ts_area_frame
from test_rollup import _data, _plan
from test_status_completeness import ANNUAL, EXPECTED, TS_COMMUNES, _file
from test_status_completeness import _data as status_data

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}  # messages asserted below are the English ones


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch):
    from dataclasses import replace

    plan = replace(_plan(), reporting=(ANNUAL,))
    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    monkeypatch.setattr(jobs, "load_plan", lambda name, targets_dir: plan)
    monkeypatch.setattr(jobs, "expand", lambda paths, surveys=(): Inputs(reports=[str(p) for p in paths]))
    monkeypatch.setattr(comp, "expected_units", lambda p, level, list_id="2025-01": EXPECTED[level])
    return monkeypatch


def test_rollup_json_through_the_cli(stubbed):
    stubbed.setattr(jobs, "read_raw", lambda plan, files, **kw: _data())
    res = CliRunner().invoke(app, ["rollup", "trieu-son", "x.xlsx", "--years", "2021-2024", "--format", "json"], env=ENV)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["years"] == [2021, 2022, 2023, 2024]
    row = next(r for r in out["rows"] if r["target"] == "M2.1b")
    assert row["values"]["2024"] == 65.0 and row["progress"]["verdict"] == "on_track"


def test_rollup_table_in_vietnamese_and_xlsx_output(stubbed, tmp_path):
    stubbed.setattr(jobs, "read_raw", lambda plan, files, **kw: _data())
    res = CliRunner().invoke(app, ["rollup", "trieu-son", "x.xlsx", "--years", "2021-2024"], env={**ENV, "COLUMNS": "200", "CLTRACK_LANG": ""})
    assert res.exit_code == 0, res.output
    assert "đúng hướng" in res.stdout and "▁▃▆█" in res.stdout
    out = tmp_path / "r.xlsx"
    res = CliRunner().invoke(app, ["rollup", "trieu-son", "x.xlsx", "--years", "2021-2024", "-o", str(out)], env={**ENV, "CLTRACK_LANG": ""})
    assert res.exit_code == 0, res.output
    assert "Mục tiêu 2" in openpyxl.load_workbook(out).sheetnames


def test_rollup_bad_years_is_a_one_line_error(stubbed):
    stubbed.setattr(jobs, "read_raw", lambda plan, files, **kw: _data())
    res = CliRunner().invoke(app, ["rollup", "trieu-son", "x.xlsx", "--years", "twenty"], env=ENV)
    assert res.exit_code == 2
    assert "cltrack: error: --years 'twenty'" in res.output


def test_status_fail_on_missing_exits_1_and_json_has_rates(stubbed, tmp_path):
    a = _file(tmp_path, "a.xlsx", "Dân Lực", datetime(2024, 11, 14).date())
    stubbed.setattr(jobs, "read_raw", lambda plan, files, **kw: status_data([(a, "Xã Dân Lực", "15700", 2024)]))
    args = ["status", "trieu-son", "a.xlsx", "--as-of", "25/11/2024", "--format", "json"]
    res = CliRunner().invoke(app, [*args, "--fail-on", "missing"], env=ENV)
    assert res.exit_code == 1
    out = json.loads(res.stdout)
    assert out["years"] == [2024]  # the latest round due by 25/11/2024
    assert out["levels"][0] == {"level": "commune", "expected": 4, "received": 1, "on_time": 1, "late": 0,
                                "missing": 3, "reporting_rate": 25.0, "on_time_rate": 25.0}
    assert CliRunner().invoke(app, args, env=ENV).exit_code == 0  # --fail-on never


def test_status_manifest_makes_a_report_late(stubbed, tmp_path):
    paths = [_file(tmp_path, f"{code}.xlsx", name, datetime(2024, 11, 1).date()) for name, code in TS_COMMUNES]
    stubbed.setattr(jobs, "read_raw", lambda plan, files, **kw: status_data(
        [(path, name, code, 2024) for path, (name, code) in zip(paths, TS_COMMUNES, strict=True)]))
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,submitted\n15709.xlsx,2024-11-16\n", encoding="utf-8")
    base = ["status", "trieu-son", "d", "--as-of", "2024-11-30", "--lang", "en"]
    assert CliRunner().invoke(app, [*base, "--fail-on", "missing"], env=ENV).exit_code == 0
    res = CliRunner().invoke(app, [*base, "--submitted-from", str(manifest), "--fail-on", "late"], env=ENV)
    assert res.exit_code == 1
    assert "Xã An Nông" in res.stdout and "late" in res.stdout and "75.0%" in res.stdout


def test_template_command_writes_the_form(stubbed, tmp_path):
    out = tmp_path / "form.xlsx"
    res = CliRunner().invoke(app, ["template", "trieu-son", "--year", "2024", "--level", "commune", "-o", str(out)], env=ENV)
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(out)["Báo cáo 2024"]
    assert [ws.cell(row=r, column=3).value for r in range(8, 12)] == [n for n, _ in TS_COMMUNES]
    res = CliRunner().invoke(app, ["template", "trieu-son", "--year", "2024", "--level", "ward", "-o", str(out)], env=ENV)
    assert res.exit_code == 2 and "commune or district" in res.output
    assert os.path.exists(out)
