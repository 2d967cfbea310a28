"""`cltrack status` across time and the reform: a plan whose period has ended, post-reform communes
for reports due from 1 July 2025, and submission dates from git history (the CI use case)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cltrack.compute.submissions as sub
from cltrack.cli import app
from cltrack.compute.completeness import completeness, expected_units
from cltrack.plans.catalogue import load_plan
from cltrack.reading.reports import read_reports
from report_factory import commune_rows, write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "160"}
SAMPLE_2026 = Path(__file__).resolve().parents[1] / "sample_data" / "trieu-son-2026"
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
# The official conversion table (cltrack/data/conversion-2025-07.tsv.gz): the 32 old communes of
# Huyện Triệu Sơn (district 397) went into these 8 new communes (5 + 3 + 5 + 3 + 3 + 4 + 5 + 4 lines).
NEW_TS = {"15664": "Xã Triệu Sơn", "15667": "Xã Thọ Bình", "15682": "Xã Hợp Tiến", "15715": "Xã Tân Ninh",
          "15724": "Xã Đồng Tiến", "15754": "Xã Thọ Ngọc", "15763": "Xã Thọ Phú", "15766": "Xã An Nông"}


def test_a_year_after_the_plans_period_says_the_period_has_ended() -> None:
    # Đắk Nông's 2024 plan covers 2024 only: for 2025 nothing is expected, and the table says why.
    res = CliRunner().invoke(app, ["status", "dak-nong-2024", "--years", "2025", "--as-of", "2026-01-10",
                                   "--lang", "en", "--fail-on", "missing"], env=ENV)
    assert res.exit_code == 0, res.output
    text = " ".join(res.stdout.split())
    assert "the plan's period (2024-2024) has ended; no reports are expected for 2025 under this plan" in text
    assert "missing" not in text.lower()
    out = json.loads(CliRunner().invoke(app, ["status", "dak-nong-2024", "--years", "2025", "--as-of", "2026-01-10",
                                              "--format", "json"], env=ENV).stdout)
    assert out["period_ended"] == [2025] and out["levels"] == [] and out["reports"] == []


def test_the_2030_orientation_still_asks_for_reports_after_the_period() -> None:
    # Triệu Sơn's plan with its period cut at 2025: its O2030 targets (deadline 2030) keep 2027 open.
    plan = replace(load_plan("trieu-son"), period=(2021, 2025))
    c = completeness(plan, None, as_of=date(2027, 12, 1), years=[2027])
    assert c.period_ended == []
    assert c.levels[0].level == "commune" and c.levels[0].expected == 8  # post-reform communes


def test_reports_due_after_the_reform_expect_the_new_communes_covering_the_area() -> None:
    plan = load_plan("trieu-son")
    assert {u.code: u.name for u in expected_units(plan, "commune", "2025-07")} == NEW_TS
    assert len(expected_units(plan, "commune")) == 32  # before: the old communes
    data = read_reports([SAMPLE_2026], plan=plan)
    f = str(next(SAMPLE_2026.glob("*.xlsx")))
    c = completeness(plan, data, as_of=date(2026, 12, 1), years=[2026], manifest={f: date(2026, 11, 10)})
    (lv,) = c.levels
    assert (lv.level, lv.expected, lv.received, lv.on_time, lv.missing) == ("commune", 8, 8, 8, 0)
    assert {r.unit for r in c.reports} == set(NEW_TS.values())


def test_a_2024_report_from_old_communes_is_judged_against_the_old_communes() -> None:
    plan = load_plan("trieu-son")
    c = completeness(plan, None, as_of=date(2024, 12, 1), years=[2024])
    assert (c.levels[0].expected, c.levels[0].missing) == (32, 32)


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "xa", "GIT_AUTHOR_EMAIL": "xa@example.org",
           "GIT_COMMITTER_NAME": "ci", "GIT_COMMITTER_EMAIL": "ci@example.org"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _report(repo: Path, name: str, commune: str, informed: int) -> Path:
    rows = commune_rows([(*TS, commune, {"parents": 100, "parents_informed": informed})], year=2024)
    path = repo / name
    write_report(path, rows, sheet="2024", title_lines=[f"UBND {commune.upper()}", "BÁO CÁO NĂM 2024"])
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A data repository: Dân Lực committed 10/11 and corrected 16/11, Dân Lý committed 14/11,
    Dân Quyền written but never committed (its date can only come from the file time)."""
    r = tmp_path / "bao-cao"
    r.mkdir()
    _git(r, "init", "-q")
    _report(r, "dan-luc.xlsx", "Xã Dân Lực", 50)
    _git(r, "add", "dan-luc.xlsx")
    _git(r, "commit", "-qm", "Dân Lực", when="2024-11-10T08:00:00+07:00")
    _report(r, "dan-ly.xlsx", "Xã Dân Lý", 60)
    _git(r, "add", "dan-ly.xlsx")
    _git(r, "commit", "-qm", "Dân Lý", when="2024-11-14T16:30:00+07:00")
    _report(r, "dan-luc.xlsx", "Xã Dân Lực", 55)
    _git(r, "add", "dan-luc.xlsx")
    _git(r, "commit", "-qm", "Dân Lực sửa", when="2024-11-16T09:00:00+07:00")
    quyen = _report(r, "dan-quyen.xlsx", "Xã Dân Quyền", 70)
    ts = datetime(2024, 11, 13, 10, 0).timestamp()
    os.utime(quyen, (ts, ts))
    return r


def test_submission_dates_from_the_commit_that_last_changed_each_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = subprocess.run
    monkeypatch.setattr(sub.subprocess, "run", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    res = CliRunner().invoke(app, ["status", "trieu-son", str(repo), "--years", "2024", "--as-of", "2024-11-30",
                                   "--format", "json", "--lang", "en"], env=ENV)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    came = {r["unit"]: (r["submitted"], r["submitted_from"], r["state"]) for r in out["reports"] if r["submitted"]}
    # Triệu Sơn's reports are due before 15/11: Dân Lý (14/11) on time; Dân Lực's last change is 16/11: late
    assert came["Xã Dân Lý"] == ("2024-11-14", "git", "on_time")
    assert came["Xã Dân Lực"] == ("2024-11-16", "git", "late")
    assert came["Xã Dân Quyền"] == ("2024-11-13", "mtime", "on_time")
    assert len([c for c in calls if "log" in c]) == 1  # one git log for all the files
    warn = [f for f in out["findings"] if f["code"] == "submitted-from-mtime"]
    assert len(warn) == 1 and "dan-quyen.xlsx" in warn[0]["message"] and "unreliable" in warn[0]["message"]


def test_manifest_wins_over_git(repo: Path) -> None:
    manifest = repo.parent / "manifest.csv"
    manifest.write_text("file,submitted\ndan-luc.xlsx,12/11/2024\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["status", "trieu-son", str(repo), "--years", "2024", "--as-of", "2024-11-30",
                                   "--submitted-from", str(manifest), "--format", "json"], env=ENV)
    out = json.loads(res.stdout)
    luc = next(r for r in out["reports"] if r["unit"] == "Xã Dân Lực")
    assert (luc["submitted"], luc["submitted_from"], luc["state"]) == ("2024-11-12", "manifest", "on_time")
