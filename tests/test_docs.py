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


_COMMAND = re.compile(r"(?:[A-Z_]+=\S+ )*cltrack ")  # `$ cltrack ...`, also after variables (`$ COLUMNS=200 cltrack ...`)


def _examples() -> list[tuple[str, str, list[str], int | None]]:
    """(doc name, command, shown output lines, shown exit code) for every `$ cltrack ...` line in a fenced
    block; the exit code is the one a `$ echo $?` line right after the example shows (None without one)."""
    found: list[list[Any]] = []
    for md in DOC_FILES:
        for block in re.findall(r"```[^\n]*\n(.*?)```", md.read_text(encoding="utf-8"), re.S):
            current: list[Any] | None = None
            exit_of: list[Any] | None = None
            for line in block.split("\n"):
                if line == "$ echo $?":
                    exit_of, current = current, None
                elif line.startswith("$ "):
                    current = [md.name, line[2:], [], None] if _COMMAND.match(line[2:]) else None
                    exit_of = None
                    if current:
                        found.append(current)
                elif exit_of is not None:
                    exit_of[3], exit_of = int(line), None
                elif current is not None:
                    current[2].append(line)
    return [(doc, command, shown, code) for doc, command, shown, code in found]


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


@pytest.mark.parametrize(("doc", "command", "shown", "code"), EXAMPLES, ids=[f"{d}: {c[:70]}" for d, c, _, _ in EXAMPLES])
def test_every_doc_example_prints_what_the_doc_shows(doc: str, command: str, shown: list[str], code: int | None,
                                                     scratch: Path) -> None:
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
    assert code is None or run.returncode == code, f"{doc}: `{command}` exits {run.returncode}, the doc shows {code}"


def test_the_doc_examples_are_found() -> None:
    assert len(EXAMPLES) >= 40
    assert not any(_is_unshipped(c) for _, c, _, _ in EXAMPLES)  # every example runs on shipped files
    assert sum(code is not None for *_, code in EXAMPLES) >= 3  # the `$ echo $?` lines are read
    assert any(c.startswith("cltrack rollup trieu-son docs/examples/limited") for _, c, _, _ in EXAMPLES)
    lines = [line for md in DOC_FILES for line in md.read_text(encoding="utf-8").split("\n")]
    hidden = [line for line in lines if re.match(r"\$ .*\bcltrack ", line) and not _COMMAND.match(line[2:])]
    assert not hidden, f"examples the test would not run: {hidden}"


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


def _make(out: Path) -> None:
    """Run docs/examples/make.py into `out`."""
    from docs_scripts import script

    script("docs/examples/make.py").main(out)


def _files(root: Path) -> set[Path]:
    """Every file under `root` (relative), without the generator itself and Python's caches."""
    return {p.relative_to(root) for p in root.rglob("*")
            if p.is_file() and p.name != "make.py" and "__pycache__" not in p.parts}


def _content(path: Path) -> Any:
    """What a reader of an example input sees: a workbook's sheets (name, visibility, cell values, merged
    ranges; text-typed numbers stay text), else the file's text, else its bytes."""
    import io
    import zipfile

    data = path.read_bytes()
    parts = zipfile.ZipFile(io.BytesIO(data)).namelist() if zipfile.is_zipfile(io.BytesIO(data)) else []
    if "xl/workbook.xml" in parts:  # xlsx, also under an .xls name
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data))
        return [(ws.title, ws.sheet_state, [list(r) for r in ws.iter_rows(values_only=True)],
                 sorted(str(m) for m in ws.merged_cells.ranges)) for ws in wb.worksheets]
    if "xl/workbook.bin" in parts:  # xlsb
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return [(m.name, str(m.visible), book.get_sheet_by_name(m.name).to_python()) for m in book.sheets_metadata]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def test_every_shipped_example_input_is_what_make_py_writes(tmp_path: Path) -> None:
    _make(tmp_path)
    examples = REPO / "docs" / "examples"
    made, shipped = _files(tmp_path), _files(examples)
    assert len(made) >= 36
    assert not made - shipped, f"make.py writes files not shipped in docs/examples: {sorted(map(str, made - shipped))}"
    assert not shipped - made, f"docs/examples holds inputs make.py does not write: {sorted(map(str, shipped - made))}"
    differ = [str(p) for p in sorted(made) if _content(tmp_path / p) != _content(examples / p)]
    assert not differ, f"shipped example inputs differ from what docs/examples/make.py writes: {differ}"


def test_make_py_writes_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    _make(tmp_path / "a")
    _make(tmp_path / "b")
    files = _files(tmp_path / "a")
    assert files == _files(tmp_path / "b")
    assert [p for p in files if (tmp_path / "a" / p).read_bytes() != (tmp_path / "b" / p).read_bytes()] == []


def _block(doc: str, first: str) -> str:
    """The fenced block of docs/`doc` whose first line starts with `first`."""
    blocks = re.findall(r"```[^\n]*\n(.*?)```", (REPO / "docs" / doc).read_text(encoding="utf-8"), re.S)
    found = [b for b in blocks if b.startswith(first)]
    assert len(found) == 1, f"{doc}: {len(found)} blocks start with {first!r}"
    return found[0]


def test_the_rows_reading_md_shows_are_what_read_reports_reads() -> None:
    from cltrack.reading import read_reports

    shown = _block("reading.md", " _row  year").rstrip("\n").split("\n")
    data = read_reports([REPO / "docs" / "examples" / "form" / "bieu-01-trieu-son.xlsx"])
    columns = shown[0].split()
    printed = data.rows[columns].to_string(index=False).split("\n")
    assert [line.rstrip() for line in printed] == [line.rstrip() for line in shown]


def test_the_progress_rollup_md_shows_is_what_rollup_prints() -> None:
    import json

    from typer.testing import CliRunner

    shown = json.loads("{" + _block("rollup.md", '"progress": {') + "}")["progress"]
    res = CliRunner().invoke(app, ["rollup", "trieu-son", str(REPO / "sample_data" / "trieu-son"), "--years", "2021-2024",
                                   "--format", "json", "--lang", "en"], env={"NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    row = next(r for r in json.loads(res.stdout)["rows"] if r["target"] == "M2.1a")  # "M2.1a above"
    assert row["progress"] == shown
