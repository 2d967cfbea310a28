"""The README's test command is the one CI runs: every check it chains is a line of .ci/run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_every_check_of_the_readme_test_command():
    """ruff, mypy and pytest as the README's install-and-test line gives them all run in .ci/run."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(s for s in re.findall(r"```bash\n(.*?)\n```", readme, re.S) if "pip install '.[test]'" in s)
    steps = [s.strip() for s in line.split("&&")][2:]  # after the venv and its activation
    assert "mypy src" in steps and "python -m pytest" in steps, steps
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for step in steps:
        assert re.search(rf"^\s*{re.escape(step)}\s*$", ci, re.M), f".ci/run does not run `{step}`"
