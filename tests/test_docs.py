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


# --- Docs that run (issue 17): every `$ cltrack ...` example runs on files shipped in the repository ---

import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tomllib  # noqa: E402

DOC_FILES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# Inputs the examples use, copied into a scratch folder the examples run in (their outputs land there).
SHIPPED = ["sample_data", "targets", "docs/examples"]
# Examples whose input files are not shipped (made up for the page): none now; docs/examples/make.py writes them.
UNSHIPPED: set[str] = set()
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")


def _examples() -> list[tuple[str, str, list[str]]]:
    """(doc name, command, shown output lines) for every `$ cltrack ...` line in a fenced block."""
    found: list[tuple[str, str, list[str]]] = []
    for md in DOC_FILES:
        for block in re.findall(r"```[^\n]*\n(.*?)```", md.read_text(encoding="utf-8"), re.S):
            current: tuple[str, str, list[str]] | None = None
            for line in block.split("\n"):
                if line.startswith("$ "):
                    current = (md.name, line[2:], []) if line.startswith("$ cltrack ") else None
                    if current:
                        found.append(current)
                elif current is not None:
                    current[2].append(line)
    return found


EXAMPLES = _examples()


def _normalise(lines: list[str]) -> list[str]:
    """Lines without trailing blanks or trailing empty lines, dates replaced (they move with the day of the run)."""
    out = [_DATE.sub("<date>", line.rstrip()) for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def _matches(shown: list[str], printed: list[str]) -> bool:
    """The shown lines equal the printed ones; a shown line '...' stands for any number of printed lines."""
    if not shown:
        return not printed
    if shown[0] == "...":
        return any(_matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and shown[0] == printed[0] and _matches(shown[1:], printed[1:])


def _command_words(command: str) -> list[str]:
    """The words of an example's command, without its trailing `# comment`."""
    return [w.rstrip(";") for w in re.sub(r"\s+#[^\"']*$", "", command).split()]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding copies of the shipped example inputs, where the examples run."""
    root = tmp_path_factory.mktemp("docs")
    for rel in SHIPPED:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).symlink_to(REPO / rel)  # read in place: status takes submission dates from git
    return root


def _is_unshipped(command: str) -> bool:
    """The example reads a file made up for the page and not (yet) in the repository."""
    return any(word.split("/")[0] in UNSHIPPED or word in UNSHIPPED for word in _command_words(command))


@pytest.mark.parametrize(("doc", "command", "shown"), EXAMPLES, ids=[f"{d}: {c[:70]}" for d, c, _ in EXAMPLES])
def test_every_doc_example_prints_what_the_doc_shows(doc: str, command: str, shown: list[str], scratch: Path) -> None:
    if _is_unshipped(command):
        missing = [w for w in _command_words(command) if w in UNSHIPPED or w.split("/")[0] in UNSHIPPED]
        assert all(not (REPO / w).exists() for w in missing), f"{missing} is shipped now: run the example"
        pytest.skip(f"input not shipped: {missing}")
    bin_dir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1", TERM="dumb")
    run = subprocess.run(["bash", "-c", re.sub(r"\s+#[^\"']*$", "", command)], cwd=scratch, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    printed = _normalise((run.stdout + run.stderr).split("\n"))
    assert _matches(_normalise(shown), printed), (
        f"{doc}: `{command}` prints\n" + "\n".join(printed) + "\nbut the doc shows\n" + "\n".join(shown))


def test_the_doc_examples_are_found() -> None:
    assert len(EXAMPLES) >= 40
    assert not any(_is_unshipped(c) for _, c, _ in EXAMPLES)  # every example runs on shipped files


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("md", DOC_FILES, ids=[p.name for p in DOC_FILES])
def test_every_link_stays_inside_the_repository(md: Path) -> None:
    bad = []
    for target in _LINK.findall(md.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:", "#")):
            continue
        path = (md.parent / target.split("#")[0]).resolve()
        if not path.is_relative_to(REPO) or not path.exists():
            bad.append(target)
    assert not bad, f"{md.name}: links leaving the repository or to nothing: {bad}"


def _version() -> str:
    """The version in pyproject.toml."""
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_the_pre_commit_rev_is_the_release_tag_of_the_version() -> None:
    revs = re.findall(r"^\s*#?\s*rev:\s*(\S+)", DOCS + (REPO / ".pre-commit-hooks.yaml").read_text(), re.M)
    assert revs and set(revs) == {f"v{_version()}"}, revs
    assert f"git tag v{_version()}" in README


def test_the_ci_examples_install_a_pinned_release_from_the_repository() -> None:
    installs = re.findall(r"- run: pip install ([^\n]+)", DOCS)
    assert len(installs) >= 4
    assert all(f'cltrack@v{_version()}"' in i for i in installs), installs


def test_the_example_inputs_are_what_make_py_writes(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("docs_examples_make", REPO / "docs" / "examples" / "make.py")
    assert spec is not None and spec.loader is not None
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    make.main(tmp_path)
    examples = REPO / "docs" / "examples"
    made = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert len(made) >= 27 and not [p for p in made if not (examples / p).is_file()]  # every file it writes is shipped
    differ = [str(p) for p in sorted(made) if (tmp_path / p).read_bytes() != (examples / p).read_bytes()]
    assert not differ, f"shipped example inputs differ from what docs/examples/make.py writes: {differ}"
