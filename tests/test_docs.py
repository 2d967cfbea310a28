"""Every command is in the README, and every option of every command is documented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main

from cltrack.cli import app

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = README + "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))


def _commands() -> list[tuple[str, Any]]:
    """(path, command) for every leaf command, e.g. ('units lookup', <Command>)."""
    root = typer.main.get_command(app)
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, group: Any) -> None:
        ctx = typer.Context(group)
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            path = f"{prefix} {name}".strip()
            if hasattr(cmd, "list_commands"):
                walk(path, cmd)
            else:
                out.append((path, cmd))

    assert hasattr(root, "list_commands")
    walk("", root)
    return out


COMMANDS = _commands()


def test_the_cli_has_the_commands_of_the_issues() -> None:
    names = {path for path, _ in COMMANDS}
    expected = {"plans", "targets", "lint", "validate", "evaluate", "explain", "survey", "rollup",
                "status", "template", "units lookup", "units list"}
    assert expected <= names, expected - names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_is_in_the_readme(path: str, command: Any) -> None:
    assert f"cltrack {path}" in README


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_option_is_documented(path: str, command: Any) -> None:
    missing = [
        opt for param in command.params if param.param_type_name == "option"
        for opt in param.opts if opt.startswith("--") and opt != "--help" and opt not in DOCS
    ]
    assert not missing, f"cltrack {path}: undocumented options {missing}"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_text(path: str, command: Any) -> None:
    assert (command.help or "").strip(), f"cltrack {path} has no help text"
