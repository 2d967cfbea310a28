"""Rich markup in data text prints as written: a unit name, cell, title line, file name or plan name holding
`[bold red]x[/]`, `[link=...]` or `:warning:` is shown literally in every rich output (tables, findings,
explain, rollup, targets, the reading progress bar), in a real terminal (a pty).

The report is a real xlsx written by openpyxl in the test. Were the text read as markup, the square
brackets would vanish from the screen (and `[link=...]` would become an OSC 8 hyperlink, `:warning:`
an emoji), so each assertion looks for the text exactly as the input holds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from report_factory import commune_rows, write_report
from test_terminal import run_in_pty

REPO = Path(__file__).resolve().parents[1]
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
UNIT = "Xã [bold red]Dân Quyền[/] :warning:"
CELL = "[bold]3[/]"
TITLE = "[blink]BÁO CÁO NĂM 2024[/blink]"
FILE = "bc-[link=https:__evil.example]x[_link].xlsx"


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Triệu Sơn report whose file name, title line, one unit name and one figure hold rich markup."""
    rows = commune_rows(
        [
            (*TS, "Xã Dân Lực", {"children_5_17": 1000, "child_labourers_5_17": 4}),
            (*TS, "Xã Dân Lý", {"children_5_17": 1200, "child_labourers_5_17": CELL}),
            (*TS, UNIT, {"children_5_17": 800, "child_labourers_5_17": 2}),
        ],
        year=2024,
    )
    path = tmp_path_factory.mktemp("markup") / FILE
    write_report(path, rows, sheet="2024", title_lines=[TITLE], total_row=None)
    return path


def screen(*args: str) -> str:
    """What a person sees in a 200-column terminal (colour codes removed; hyperlinks would remain as OSC 8)."""
    raw = run_in_pty([*args, "--lang", "en"], columns=200)
    assert "Traceback" not in raw
    return raw


def test_validate_shows_every_marked_text_as_written(marked: Path) -> None:
    out = screen("validate", str(marked))
    assert f"unknown unit '{UNIT}'" in out
    assert f"'{CELL}' is not a number" in out
    assert f"title line skipped: {TITLE}" in out
    assert f"{marked}\n  info    title-row" in out  # the file's heading line
    assert not re.search(r"\x1b\]8;", out) and "⚠" not in out


def test_the_reading_progress_bar_shows_the_file_name_as_written(marked: Path) -> None:
    out = screen("validate", str(marked))
    bar = [ln for ln in out.split("\n") if "━" in ln]
    assert bar and FILE in bar[0]


def test_evaluate_explain_and_rollup_show_the_file_name_as_written(marked: Path) -> None:
    explain = screen("explain", "trieu-son", "M1.1", str(marked))
    assert explain.count(str(marked)) >= 2  # the rows used and the rows left out, each naming the file
    rollup = screen("rollup", "trieu-son", str(marked))
    assert "M1.1" in rollup and "0.4" in rollup  # 4 of 1,000: Dân Lực alone, the other two rows left out
    evaluate = screen("evaluate", "trieu-son", str(marked), "--min-coverage", "0")
    assert "0.40%" in evaluate


def test_a_plan_name_with_markup_prints_as_written(tmp_path: Path) -> None:
    text = (REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8")
    name = "Triệu Sơn [bold red]district[/] plan [link=https://evil.example]2021[/link]"
    text = re.sub(r"(?m)^  en: Triệu Sơn district plan.*$", f"  en: '{name}'", text, count=1)
    (tmp_path / "trieu-son.yaml").write_text(text, encoding="utf-8")
    out = screen("targets", "trieu-son", "--targets-dir", str(tmp_path))
    assert name in out.replace("\n", "")
