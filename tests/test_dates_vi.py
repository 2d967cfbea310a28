"""Dates in Vietnamese are dd/mm/yyyy (issue 17, "Vietnamese throughout").

Every date shown to a person in a `--lang vi` output (terminal text, finding messages, Excel labels, the pack's
index.md, the site's pages) is written 15/11/2024 by the one helper `i18n.date`; machine fields (JSON, CSV) stay
ISO 2024-11-15, and English keeps ISO. Each command runs for real on the sample reports of Triệu Sơn (copied into
a folder), with a manifest of submission dates, and on a report written here with a date typed in a count column.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.i18n import date
from report_factory import commune_rows, write_report

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "trieu-son"
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENV = {"COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A data folder (two sample reports), a manifest of when they came, and a report with a date in a count column."""
    root = tmp_path_factory.mktemp("dates")
    data = root / "data"
    data.mkdir()
    for name in ("trieu-son-2023.xlsx", "bieu-tong-hop-2024.xlsx"):
        (data / name).write_bytes((SAMPLE / name).read_bytes())
    manifest = root / "manifest.csv"
    manifest.write_text("file,submitted\ntrieu-son-2023.xlsx,2024-11-10\nbieu-tong-hop-2024.xlsx,2024-11-20\n", encoding="utf-8")
    dated = root / "dated"
    dated.mkdir()
    rows = commune_rows([("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", "Xã Dân Lực", {"parents": 10, "parents_informed": dt.datetime(2024, 5, 1)}),
                         ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", "Xã Thọ Sơn", {"parents": 20, "parents_informed": 5})], year=2024)
    write_report(dated / "bc-2024.xlsx", rows, title_lines=["BÁO CÁO"])
    return {"data": data, "manifest": manifest, "dated": dated, "root": root}


def _run(args: list[str], lang: str | None = "vi") -> str:
    """What a command prints (stdout and stderr), run for real (`lang` None: a command that writes both languages)."""
    run = CliRunner().invoke(app, [*args, *(["--lang", lang] if lang else [])], env=ENV)
    assert "Traceback" not in run.output and run.exit_code in (0, 1), run.output
    return run.output


def _commands(i: dict[str, Path]) -> dict[str, list[str]]:
    data, manifest = str(i["data"]), str(i["manifest"])
    return {
        "status": ["status", "trieu-son", data, "--as-of", "2025-01-15", "--submitted-from", manifest],
        "status-missing": ["status", "trieu-son", str(i["dated"]), "--as-of", "2025-01-15"],
        "evaluate": ["evaluate", "trieu-son", data, "--year", "2024"],
        "explain": ["explain", "trieu-son", "M2.1b", data, "--year", "2024"],
        "validate": ["validate", str(i["dated"]), "--plan", "trieu-son"],
        "plans": ["plans"],
        "targets": ["targets", "trieu-son"],
        "rollup": ["rollup", "trieu-son", data],
        "units": ["units", "lookup", "Thị trấn Triệu Sơn"],
    }


@pytest.mark.parametrize("name", ["status", "status-missing", "evaluate", "explain", "validate", "plans", "targets", "rollup", "units"])
def test_a_vietnamese_command_shows_no_iso_date(name: str, inputs: dict[str, Path]) -> None:
    out = _run(_commands(inputs)[name])
    assert out.strip()
    assert not ISO.findall(out), f"cltrack {name} --lang vi shows ISO dates:\n" + "\n".join(line for line in out.splitlines() if ISO.search(line))


def test_status_says_due_and_came_dates_as_dd_mm_yyyy_in_vietnamese_and_iso_in_english(inputs: dict[str, Path]) -> None:
    args = _commands(inputs)["status"]
    vi, en = _run(args), _run(args, "en")
    assert "(tính đến ngày 15/01/2025)" in vi and "│ 15/11/2024 │ 20/11/2024 │ muộn" in vi  # due 15 Nov (the plan), came 20 Nov (manifest)
    assert "(as of 2025-01-15)" in en and "│ 2024-11-15 │ 2024-11-20 │ late" in en


def test_the_json_keeps_iso_dates_while_its_messages_say_them_in_vietnamese(inputs: dict[str, Path]) -> None:
    out = json.loads(_run([*_commands(inputs)["status-missing"], "--format", "json"]))
    assert out["as_of"] == "2025-01-15"
    dues = {r["due"] for r in out["reports"]}
    assert dues == {"2024-11-15"}  # trieu-son: one annual report, due 15 November
    missing = [f["message"] for f in out["findings"] if f["code"] == "report-missing"]
    assert missing and all(m.endswith("(hạn 15/11/2024)") for m in missing), missing[:3]


def test_a_date_in_a_count_cell_is_named_as_dd_mm_yyyy_in_vietnamese(inputs: dict[str, Path]) -> None:
    args = _commands(inputs)["validate"]
    vi, en = _run(args), _run(args, "en")
    assert "Ngày tháng '01/05/2024' ở cột số lượng" in vi
    assert "a date '2024-05-01' in a count column" in en


def test_the_pack_index_and_workbooks_say_dates_as_dd_mm_yyyy(inputs: dict[str, Path]) -> None:
    folder = inputs["root"] / "pack"
    _run(["pack", "trieu-son", str(inputs["data"]), "--year", "2024", "--as-of", "2025-01-15", "--output", str(folder)])
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "tính đến ngày 15/01/2025." in index and not ISO.findall(index), index
    assert json.loads((folder / "index.json").read_text(encoding="utf-8"))["as_of"] == "2025-01-15"
    for book in folder.rglob("*.xlsx"):
        cells = [c.value for ws in load_workbook(book).worksheets for row in ws.iter_rows() for c in row]
        shown = [v for v in cells if isinstance(v, str) and ISO.search(v)]
        assert not shown, f"{book.name}: {shown[:3]}"


def test_the_site_pages_say_dates_as_dd_mm_yyyy(inputs: dict[str, Path]) -> None:
    folder = inputs["root"] / "site"
    _run(["site", "trieu-son", str(inputs["data"]), "--as-of", "2025-01-15", "--output", str(folder)], None)
    page = (folder / "trieu-son" / "index.html").read_text(encoding="utf-8")
    assert "(tính đến 15/01/2025)" in page
    for html in folder.glob("**/*.html"):
        if "en" in html.relative_to(folder).parts[:1]:
            continue
        text = re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8"))
        assert not ISO.findall(text), f"{html.relative_to(folder)}: {ISO.findall(text)[:3]}"


def test_the_template_gives_its_deadline_as_dd_mm_yyyy(inputs: dict[str, Path]) -> None:
    out = inputs["root"] / "form.xlsx"
    _run(["template", "trieu-son", "--year", "2024", "--output", str(out)], None)
    cells = [c.value for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Hạn gửi báo cáo: trước ngày 15/11/2024" in cells  # trieu-son: annual report due 15 November
    assert not [c for c in cells if ISO.search(c)]


@pytest.mark.parametrize(("value", "vi", "en"), [
    (dt.date(2024, 11, 5), "05/11/2024", "2024-11-05"),
    ("2024-11-05", "05/11/2024", "2024-11-05"),
    (dt.datetime(2024, 5, 1), "01/05/2024", "2024-05-01"),  # a spreadsheet's date cell: midnight, no zone
    ("2026-12-02T08:38:24+07:00", "02/12/2026 08:38:24 (UTC+07:00)", "2026-12-02T08:38:24+07:00"),
    ("2026-12-02T08:38:24Z", "02/12/2026 08:38:24 (UTC)", "2026-12-02T08:38:24Z"),
    (None, "", ""),
])
def test_the_date_helper_writes_dd_mm_yyyy_in_vietnamese_and_iso_in_english(value: object, vi: str, en: str) -> None:
    assert (date(value, "vi"), date(value, "en")) == (vi, en)  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "vi", "en"), [
    ("2025-02-30", "'2025-02-30' không phải ngày hợp lệ: tháng 2/2025 không có ngày 30", "'2025-02-30' is not a valid date: 2/2025 has no day 30"),
    ("31/13/2024", "'31/13/2024' không phải ngày hợp lệ: không có tháng 13", "'31/13/2024' is not a valid date: there is no month 13"),
    ("01/01/0000", "'01/01/0000' không phải ngày hợp lệ: không có năm 0", "'01/01/0000' is not a valid date: there is no year 0"),
])
def test_a_date_that_does_not_exist_is_said_in_the_language_asked(given: str, vi: str, en: str, inputs: dict[str, Path]) -> None:
    args = ["status", "trieu-son", str(inputs["data"]), "--as-of", given]
    for lang, said in (("vi", vi), ("en", en)):
        run = CliRunner().invoke(app, [*args, "--lang", lang], env=ENV)
        assert run.exit_code == 2 and said in run.output, run.output  # (not Python's English 'day is out of range for month')


def test_a_manifest_date_that_does_not_exist_names_its_line_in_vietnamese(inputs: dict[str, Path]) -> None:
    manifest = inputs["root"] / "bad-manifest.csv"
    manifest.write_text("file,submitted\ntrieu-son-2023.xlsx,2024-02-30\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["status", "trieu-son", str(inputs["data"]), "--submitted-from", str(manifest)], env=ENV)
    assert run.exit_code == 2
    assert f"{manifest}, dòng 2: '2024-02-30' không phải ngày hợp lệ: tháng 2/2024 không có ngày 30" in run.output, run.output
