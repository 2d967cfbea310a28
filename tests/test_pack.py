"""`cltrack pack`: the yearly pack of evaluation, rollup and status for each plan, with an index and the commands' exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "trieu-son"
ENV = {"COLUMNS": "120", "NO_COLOR": "1"}


def run(*args: str):
    result = CliRunner().invoke(app, ["pack", *args], env=ENV)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The 2024 pack of every plan over the Triệu Sơn sample reports (2021-2025, 32 communes)."""
    out = tmp_path_factory.mktemp("pack") / "pack-2024"
    result = run(str(SAMPLE), "--year", "2024", "--output", str(out), "--as-of", "2025-01-15", "--lang", "en")
    return out, result


def test_pack_writes_each_plans_reports_and_an_index(packed) -> None:
    out, result = packed
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["year"] == 2024 and index["exit_code"] == 0
    plans = {p["plan"]: p for p in index["plans"]}
    ts = plans["trieu-son"]
    assert set(ts["files"]) == {"evaluation_xlsx", "evaluation_json", "rollup_xlsx", "rollup_json", "status_json"}
    assert all((out / f).is_file() for f in ts["files"].values())
    assert (ts["results"], ts["flagged"], ts["units_reporting"], ts["units_expected"]) == (12, 1, 32, 32)  # as the README's evaluate shows
    md = (out / "index.md").read_text(encoding="utf-8")
    assert "[xlsx](trieu-son/trieu-son-2024.xlsx)" in md and "Overall exit code: 0" in md


def test_pack_figures_are_the_evaluate_commands_figures(packed) -> None:
    out, _ = packed
    evaluated = CliRunner().invoke(app, ["evaluate", "trieu-son", str(SAMPLE), "--year", "2024", "--format", "json", "--lang", "en"], env=ENV)
    direct = json.loads(evaluated.output)
    packed_json = json.loads((out / "trieu-son" / "trieu-son-2024.json").read_text(encoding="utf-8"))
    pick = [(r["target"], r["numerator"], r["denominator"], r["status"]) for r in direct["results"]]
    assert pick == [(r["target"], r["numerator"], r["denominator"], r["status"]) for r in packed_json["results"]]
    rollup = json.loads((out / "trieu-son" / "trieu-son-rollup-2024.json").read_text(encoding="utf-8"))
    assert rollup["years"] == [2021, 2022, 2023, 2024]  # the years up to the pack's year, not 2025
    status = json.loads((out / "trieu-son" / "trieu-son-status-2024.json").read_text(encoding="utf-8"))
    assert status["years"] == [2024]


def test_every_plan_mode_lists_plans_without_reports_and_says_why(packed) -> None:
    out, _ = packed
    plans = {p["plan"]: p for p in json.loads((out / "index.json").read_text(encoding="utf-8"))["plans"]}
    assert plans["dak-nong-2024"]["problem_code"] == "no-targets" and plans["dak-nong-2024"]["files"] == {}
    assert plans["son-ha-2024"]["problem_code"] == "no-rows" and plans["son-ha-2024"]["exit_code"] == 0
    assert plans["son-ha-2024"]["problem"] == "no report rows in the plan's area"
    assert not (out / "son-ha-2024").exists()


def test_exit_codes_follow_the_commands(tmp_path: Path) -> None:
    flagged = run("trieu-son", str(SAMPLE), "--year", "2024", "--output", str(tmp_path / "a"), "--fail-on", "flagged")
    assert flagged.exit_code == 1  # 7 results flagged, as evaluate --fail-on flagged
    named = run("trieu-son", "son-ha-2024", str(SAMPLE), "--year", "2024", "--output", str(tmp_path / "b"))
    assert named.exit_code == 2  # a named plan with no row in its area, as evaluate
    assert (tmp_path / "b" / "trieu-son" / "trieu-son-2024.xlsx").is_file()  # the other plans' reports are still written
    early = run("trieu-son", str(SAMPLE), "--year", "2019", "--output", str(tmp_path / "c"))
    assert early.exit_code == 2
    index = json.loads((tmp_path / "c" / "index.json").read_text(encoding="utf-8"))
    assert index["plans"][0]["problem_code"] == "no-rows-in-year" and "2021, 2022, 2023, 2024, 2025" in index["plans"][0]["problem"]


def test_output_inside_an_input_folder_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "reports"
    data.mkdir()
    result = run("trieu-son", str(data), "--year", "2024", "--output", str(data / "pack"), "--lang", "en")
    assert result.exit_code == 2 and "lies inside the input" in result.output
    assert not (data / "pack").exists()


@pytest.mark.parametrize(("lang", "words", "foreign"), [
    ("vi", "không có báo cáo: ", "no reports"),
    ("en", "no reports: ", "không có báo cáo"),
])
def test_the_index_says_an_input_error_in_the_pack_s_language(tmp_path: Path, lang: str, words: str, foreign: str) -> None:
    import os

    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "pipe.csv")  # a report folder holding a named pipe: the plan's reports cannot be read
    out = tmp_path / "pack"
    result = run("trieu-son", str(data), "--year", "2024", "--output", str(out), "--as-of", "2025-01-15", "--lang", lang)
    assert result.exit_code == 2, result.output
    md = (out / "index.md").read_text(encoding="utf-8")
    reason = ("Không đọc được tệp: một đường ống có tên (FIFO), không phải tệp" if lang == "vi"
              else "cannot read the file: a named pipe (FIFO), not a file")
    assert words + f"{data / 'pipe.csv'}: {reason} (file-unreadable)" in md, md
    assert foreign not in md and "named pipe" not in md.replace(reason, "")
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["plans"][0]["problem_code"] == "input-error"
