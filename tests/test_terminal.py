"""What a person sees in a terminal: a real pty at 80 columns, and piped output that does not depend on a width."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from cltrack import present
from cltrack.plans import catalogue

REPO = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def run_in_pty(args: list[str], columns: int = 80, env: dict[str, str] | None = None) -> str:
    """Run `cltrack ARGS` in a pseudo-terminal of `columns` columns; the screen text without colour codes."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    full_env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    full_env.update({"TERM": "xterm-256color", "CLTRACK_TARGETS": ""}, **(env or {}))
    proc = subprocess.Popen([sys.executable, "-m", "cltrack", *args], stdin=slave, stdout=slave, stderr=slave, cwd=REPO, env=full_env, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return ANSI.sub("", b"".join(chunks).decode("utf-8", "replace")).replace("\r\n", "\n")


def _lines_within(text: str, columns: int) -> bool:
    """True when no screen line is wider than the terminal."""
    return all(len(line.rstrip()) <= columns for line in text.splitlines())


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_target_id_and_its_verdict_show_at_80_columns(lang: str) -> None:
    screen = run_in_pty(["evaluate", "trieu-son", "sample_data/trieu-son", "--year", "2024", "--lang", lang, "--fail-on", "never"])
    assert _lines_within(screen, 80)
    plan = catalogue.load_plan("trieu-son")
    words = {s: present.status_words(s, lang) for s in ("met", "shortfall", "no_data", "on_track", "off_track", "insufficient_data")}
    for target in plan.targets:
        line = next((ln for ln in screen.splitlines() if re.match(rf"\s*{re.escape(target.id)}\s", ln)), None)
        assert line is not None, f"{target.id} is not on the screen:\n{screen}"
        assert any(w in line for w in words.values()), f"{target.id}'s verdict is not beside it: {line!r}"
        assert target.short.get(lang).split()[0] in screen  # the name is there, wrapped or stacked, not dropped


def test_matrix_at_80_columns_shows_every_target_id_not_ellipses() -> None:
    screen = run_in_pty(["evaluate", "trieu-son", "sample_data/trieu-son", "--year", "2024", "--level", "commune", "--matrix", "--fail-on", "never"])
    assert _lines_within(screen, 80)
    assert "…" not in screen
    for target in catalogue.load_plan("trieu-son").targets:
        assert re.search(rf"\b{re.escape(target.id)}\b", screen), target.id


def test_piped_output_is_the_same_whatever_columns_says() -> None:
    args = [sys.executable, "-m", "cltrack", "evaluate", "trieu-son", "sample_data/trieu-son", "--year", "2024", "--fail-on", "never"]
    outs = {cols: subprocess.run(args, capture_output=True, text=True, cwd=REPO, env={**os.environ, "COLUMNS": cols, "NO_COLOR": "1"}).stdout for cols in ("60", "200")}
    assert outs["60"] == outs["200"] and "M2.1a" in outs["60"]


@pytest.mark.parametrize(("value", "decimals", "lang", "text"), [
    (1234.5, 2, "vi", "1.234,50"), (1234.5, 2, "en", "1,234.50"), (0.5, 1, "vi", "0,5"), (1234567, 0, "vi", "1.234.567"),
    (None, 2, "vi", ""), (float("nan"), 2, "en", ""),
])
def test_numbers_use_the_languages_separators(value: float | None, decimals: int, lang: str, text: str) -> None:
    assert present.number(value, decimals, lang) == text


def test_targets_read_with_the_decimal_comma_in_vietnamese() -> None:
    m11 = catalogue.load_plan("trieu-son").target("M1.1")
    assert m11 is not None
    assert present.target_text(m11, "vi") == "≤ 0,5%" and present.target_text(m11, "en") == "≤ 0.5%"


def test_rollup_at_80_columns_shows_every_target_with_its_verdict_and_no_ellipsis() -> None:
    from cltrack.render.rollup import LABELS

    screen = run_in_pty(["rollup", "trieu-son", "sample_data/trieu-son"])
    assert _lines_within(screen, 80) and "…" not in screen
    verdicts = [vi for key, (vi, _en) in LABELS.items() if key.startswith("progress.")]
    for target in catalogue.load_plan("trieu-son").targets:
        line = next((ln for ln in screen.splitlines() if ln.startswith(target.id + " ")), None)
        assert line is not None, f"{target.id} missing:\n{screen}"
        assert any(v in line for v in verdicts), line
    assert "2021: " in screen and "2025: " in screen  # every year's value is there, stacked
