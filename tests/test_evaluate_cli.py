"""`cltrack evaluate` and `cltrack explain` through typer's runner: every format and exit code.

The first group replaces the file-reading step with an in-memory evaluation (figures computed by
hand below); the end-to-end group at the bottom reads real workbooks once plans and gazetteer exist.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack import jobs
from cltrack.cli import app
from cltrack.compute import evaluate as ev
from cltrack.compute import scope
from cltrack.reading.inputs import Inputs
from cltrack.reading.sniff import looks_like_survey
from evalkit import plan, report, target, ts_area_frame

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}  # messages asserted below are the English ones
runner = CliRunner()

EDU = target("M1.3", numerator=("cl_in_education",), denominator=("cl_and_at_risk",), comparator=">", value=90.0, baseline=(60.0, 2021))
PARENTS = target("M2.1b", numerator=("parents_informed",), denominator=("parents",), comparator=">=", value=70.0, objective="2")
CHILDREN = target("M2.2", numerator=("children_informed",), denominator=("children",), comparator=">=", value=70.0, objective="2")


def _data():
    # M1.3: 63/70 = 90% in 2024, baseline 60% (2021) -> expected 60 + 30*3/4 = 82.5: on_track.
    # M2.1b: 59/110 = 53.6% -> shortfall, 18 more (77 of 110). M2.2: 80/100 -> met.
    return report(
        [
            {"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 9, "cl_and_at_risk": 30, "cl_in_education": 27, "children": 50, "children_informed": 40},
            {"commune": "Xã Dân Lý", "parents": 100, "parents_informed": 50, "cl_and_at_risk": 40, "cl_in_education": 36, "children": 50, "children_informed": 40},
        ],
        ts_area_frame(),
    )


@pytest.fixture
def fake_files(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The jobs layer runs for real on the in-memory plan and data (file reading stubbed); records evaluate's calls."""
    calls: list[dict] = []
    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    monkeypatch.setattr(jobs, "load_plan", lambda ref, targets_dir: plan([EDU, PARENTS, CHILDREN]))
    monkeypatch.setattr(jobs, "read_raw", lambda p, files, **kw: _data())
    monkeypatch.setattr(jobs, "expand", lambda paths, surveys=(): Inputs(reports=[str(p) for p in paths]))
    real = ev.evaluate

    def recorded(p, data, **kw):  # noqa: ANN001, ANN003, ANN202
        calls.append(kw)
        return real(p, data, **kw)

    monkeypatch.setattr(ev, "evaluate", recorded)
    return calls


def test_table_in_english_shows_status_in_words(fake_files) -> None:  # noqa: ANN001
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--lang", "en"], env=ENV)
    assert r.exit_code == 0, r.output
    assert "Objective 1" in r.output and "Objective 2" in r.output
    assert "on track" in r.output and "shortfall" in r.output and "met" in r.output
    assert "53.64%" in r.output and " 18 " in r.output
    assert "2/4 communes reporting" in r.output
    assert "\x1b[" not in r.output  # NO_COLOR


def test_table_in_vietnamese(fake_files) -> None:  # noqa: ANN001
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx"], env={**ENV, "CLTRACK_LANG": ""})
    assert r.exit_code == 0
    assert "Mục tiêu 1" in r.output and "không đạt" in r.output and "đúng tiến độ" in r.output


def test_only_flagged_and_matrix(fake_files) -> None:  # noqa: ANN001
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--only-flagged", "--lang", "en"], env=ENV)
    assert "M2.1b" in r.output and "M2.2" not in r.output and "M1.3" not in r.output
    m = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--matrix", "--lang", "en"], env=ENV)
    assert m.exit_code == 0
    assert fake_files[-1]["level"] == "commune"
    assert "Xã An Nông" in m.output and "✘ 50.0" in m.output


def test_json_format(fake_files) -> None:  # noqa: ANN001
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--format", "json"], env=ENV)
    doc = json.loads(r.output)
    assert [x["status"] for x in doc["results"]] == ["on_track", "shortfall", "met"]
    assert doc["results"][1]["gap_count"] == 18


def test_csv_format_to_file(fake_files, tmp_path: Path) -> None:  # noqa: ANN001
    out = tmp_path / "r.csv"
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--output", str(out)], env=ENV)
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [x["target"] for x in rows] == ["M1.3", "M2.1b", "M2.2"]
    assert rows[2]["numerator"] == "80" and rows[2]["denominator"] == "100"


def test_xlsx_format(fake_files, tmp_path: Path) -> None:  # noqa: ANN001
    from python_calamine import CalamineWorkbook

    out = tmp_path / "r.xlsx"
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "-o", str(out), "--lang", "en"], env=ENV)
    assert r.exit_code == 0, r.output
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == ["Summary", "By unit", "Shortfalls", "Findings", "Chart", "Provenance"]
    rows = wb.get_sheet_by_name("By unit").to_python()
    assert len(rows) == 2 + 4 + 1  # title, header, the commune matrix, the district subtotal
    assert rows[-1][0] == "Total Huyện Triệu Sơn" and rows[-1][-1] == "2/4 (50%)"  # as the table says: 2/4 communes reporting
    assert [c["level"] for c in fake_files] == [None, "commune"]  # the plan's level, then the communes


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("never", 0), ("flagged", 1), ("shortfall", 1)],
)
def test_exit_code_from_fail_on(fake_files, fail_on: str, code: int) -> None:  # noqa: ANN001
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--fail-on", fail_on], env=ENV)
    assert r.exit_code == code


def test_on_track_alone_does_not_fail_on_shortfall_but_off_track_fails_flagged(fake_files) -> None:  # noqa: ANN001
    # --unit-free view of M1.3 only: on_track is not flagged.
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", "--fail-on", "flagged", "--only-flagged", "--format", "json"], env=ENV)
    assert r.exit_code == 1 and [x["target"] for x in json.loads(r.output)["results"]] == ["M2.1b"]


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "pdf"],
        ["--fail-on", "sometimes"],
        ["--format", "xlsx"],
        ["--lang", "fr"],
    ],
)
def test_usage_errors_exit_2_with_one_line(fake_files, args: list[str]) -> None:  # noqa: ANN001
    r = runner.invoke(app, ["evaluate", "trieu-son", "x.xlsx", *args], env=ENV)
    assert r.exit_code == 2
    assert r.output.count("\n") <= 1 and "cltrack: error:" in r.output


def test_unreadable_input_exits_2(monkeypatch: pytest.MonkeyPatch) -> None:
    from cltrack.errors import CltrackError

    def boom(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise CltrackError("missing.xlsx: file not found")

    monkeypatch.setattr(jobs, "evaluate_files", boom)
    r = runner.invoke(app, ["evaluate", "trieu-son", "missing.xlsx"], env=ENV)
    assert r.exit_code == 2 and "missing.xlsx: file not found" in r.output and "Traceback" not in r.output


def test_explain_lists_rows_and_sums(monkeypatch: pytest.MonkeyPatch) -> None:
    from cltrack.compute import explain as ex

    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    monkeypatch.setattr(jobs, "explain_files", lambda p, t, paths, **k: ex.explain(plan([EDU, PARENTS, CHILDREN]), t, _data(), year=k.get("year")))
    r = runner.invoke(app, ["explain", "trieu-son", "M2.1b", "x.xlsx", "--lang", "en"], env=ENV)
    assert r.exit_code == 0, r.output
    assert "100 × Σ(parents_informed) / Σ(parents) >= 70%" in r.output
    assert "Σ parents_informed = 59" in r.output and "Σ parents = 110" in r.output
    assert "Gap (people) = 18" in r.output and "shortfall" in r.output


# --------------------------------------------------------------------------- end to end (real files)

def _have(*modules: str) -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in modules)


needs_stack = pytest.mark.skipif(not _have("cltrack.plans.catalogue", "cltrack.units.gazetteer"), reason="plans/gazetteer not built yet")


def test_survey_microdata_is_recognised_by_age_and_hours_columns(tmp_path: Path) -> None:
    from openpyxl import Workbook

    survey_csv = tmp_path / "survey.csv"
    survey_csv.write_text("province,district,age,sex,hours_work,weight\nTỉnh Hải Dương,Huyện Gia Lộc,12,nam,3,1.5\n", encoding="utf-8")
    report_csv = tmp_path / "report.csv"
    report_csv.write_text("Xã,Số cha mẹ, người chăm sóc trẻ em\nXã Dân Lực,10\n", encoding="utf-8")
    wb = Workbook()
    wb.active.append(["Khảo sát hộ gia đình"])
    wb.active.append(["age", "sex", "hours_work"])
    wb.save(tmp_path / "survey.xlsx")
    assert looks_like_survey(survey_csv)
    assert looks_like_survey(tmp_path / "survey.xlsx")
    assert not looks_like_survey(report_csv)
    assert not looks_like_survey(tmp_path / "missing.csv")
