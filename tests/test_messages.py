"""Every message the CLI can print outside findings exists in Vietnamese (the default) and English."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.errors import CltrackError
from cltrack.messages import VI

SRC = Path(__file__).resolve().parents[1] / "src" / "cltrack"


def raised_templates() -> list[tuple[str, int, str]]:
    """(file, line, template) of every CltrackError built from a literal template anywhere in the package."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CltrackError" and node.args:
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{path.relative_to(SRC)}:{node.lineno}: a CltrackError takes a literal template and named values, not a built string")
                found.append((str(path.relative_to(SRC)), node.lineno, first.value))
    return found


def fields(template: str) -> set[str]:
    """The named fields of a format template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_error_template_has_a_vietnamese_twin_with_the_same_fields() -> None:
    templates = raised_templates()
    assert len(templates) > 50  # the scan sees the package
    for where, line, template in templates:
        if template == "{finding}":
            continue
        assert template in VI, f"{where}:{line}: no Vietnamese for {template!r}"
        assert fields(VI[template]) == fields(template), f"{where}:{line}: fields differ"


def test_an_error_speaks_the_users_language() -> None:
    err = CltrackError("{option} must be {listed}, got '{value}'", option="--format", listed=("table", "json", "csv"), value="pdf")
    assert err.text("en") == "--format must be table, json or csv, got 'pdf'"
    assert err.text("vi") == "--format phải là table, json hoặc csv, nhận được 'pdf'"
    assert str(err) == err.text("en")


def test_a_level_inside_a_vietnamese_sentence_is_vietnamese() -> None:
    err = CltrackError("no {level} '{text}' in the {gz_list} list{hint}", level="commune", text="X", gz_list="2025-01", hint="")
    assert err.text("vi").startswith("không có xã 'X'")


@pytest.mark.parametrize(("args", "vi", "en"), [
    (["evaluate", "trieu-son", "sample_data/trieu-son", "--year", "abc"], "cltrack: lỗi: Giá trị không hợp lệ cho '--year'", "cltrack: error: Invalid value for '--year'"),
    (["evaluate", "trieu-son", "sample_data/trieu-son", "--bogus"], "cltrack: lỗi: Không có tùy chọn: --bogus", "cltrack: error: No such option: --bogus"),
    (["explain", "trieu-son"], "cltrack: lỗi: Thiếu tham số", "cltrack: error: Missing argument"),
    (["targets", "trieu-son", "a", "b"], "cltrack: lỗi: Có tham số thừa (a b) (xem `cltrack targets --help`)\n",
     "cltrack: error: Got unexpected extra argument(s) (a b) (see `cltrack targets --help`)\n"),
    (["evaluate", "nowhere", "x.xlsx"], "cltrack: lỗi: không có kế hoạch 'nowhere'", "cltrack: error: unknown plan 'nowhere'"),
])
def test_usage_errors_are_one_line_in_the_users_language(args: list[str], vi: str, en: str) -> None:
    runner = CliRunner()
    for lang, expected in (("vi", vi), ("en", en)):
        res = runner.invoke(app, [*args, "--lang", lang], env={"NO_COLOR": "1", "CLTRACK_LANG": ""})
        assert res.exit_code == 2
        assert res.stderr.count("\n") == 1 and res.stderr.startswith(expected), res.stderr
        assert "Traceback" not in res.output and "Usage:" not in res.stderr


def test_a_library_error_names_the_parameter_and_the_cli_names_its_flag() -> None:
    """The library speaks of the level; only the command line says `--level` (issue 18 §5)."""
    from cltrack.compute.evaluate import evaluate
    from cltrack.plans.catalogue import load_plan

    with pytest.raises(CltrackError) as caught:
        evaluate(load_plan("trieu-son"), None, year=2024, level="ward")
    assert str(caught.value) == "level must be commune, district, province or plan, got 'ward'"
    res = CliRunner().invoke(app, ["evaluate", "trieu-son", "sample_data/trieu-son", "--level", "ward", "--lang", "en"],
                             env={"NO_COLOR": "1", "CLTRACK_LANG": ""})
    assert res.exit_code == 2
    assert res.stderr == "cltrack: error: --level must be commune, district, province or plan, got 'ward'\n"


def test_no_library_error_template_names_a_command_line_flag() -> None:
    """Outside cli/, an error names a parameter through `option=` (the CLI turns it into the flag), never '--x'.

    The one exception is the export writer's refusal of xlsx without a file, the same words the CLI checks first.
    """
    named = [(f, line, t) for f, line, t in raised_templates()
             if not f.startswith("cli/") and t.startswith("--") and t != "--format xlsx needs --output FILE.xlsx"]
    assert not named, named


@pytest.mark.parametrize("lang", ["fr", "VI", ""])
def test_lang_is_checked_once_by_every_command_that_takes_it(lang: str) -> None:
    """--lang outside vi/en is one line and exit 2 before the command runs, for commands with and without data."""
    for args in (["plans"], ["units", "list", "--province", "38"], ["evaluate", "trieu-son", "sample_data/trieu-son"]):
        res = CliRunner().invoke(app, [*args, "--lang", lang], env={"NO_COLOR": "1", "CLTRACK_LANG": ""})
        assert res.exit_code == 2, args
        assert res.stderr == f"cltrack: lỗi: --lang phải là vi hoặc en, nhận được '{lang}'\n", args
