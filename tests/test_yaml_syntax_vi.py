"""A plan file's YAML syntax error is said in Vietnamese (issue 17, "Vietnamese throughout").

PyYAML words its errors in English (a `problem`, what it was reading as a `context`); cltrack says each of its
phrases in Vietnamese (messages.YAML_VI) at the same line and column. Each case below is a real broken plan file,
read by libyaml (the loader cltrack uses when PyYAML has it) and by PyYAML's pure-Python loader (what a PyYAML
without libyaml uses): the Vietnamese line carries none of the English problem's words, and the English line is
PyYAML's own. A survey of PyYAML's source (and of libyaml's phrases in the compiled module) checks that no phrase
it can raise is missing from the table, so a new one would fail here rather than print English.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.findings import message
from cltrack.messages import YAML_VI, yaml_error_vi, yaml_vi
from cltrack.plans import planfile
from test_language_leaks import _words

LOADERS = {"libyaml": getattr(yaml, "CSafeLoader", None), "python": yaml.SafeLoader}
SAME_WORDS = {"yaml", "utf", "unicode"}  # the same in both languages
FALLBACK = "PyYAML báo"
# (name, broken file text): every phrase of YAML_VI that a plan file read as text can trigger, in one loader or both
BROKEN = [
    ("a colon inside a value", "id: x\nissuer: UBND: huyện\n"),
    ("a key indented less than its siblings", "name:\n  vi: a\n en: b\n"),
    ("an unclosed single quote", "id: 'abc\nname: x\n"),
    ("an unclosed double quote", 'id: "abc\nname: x\n'),
    ("an unknown escape in double quotes", 'note: "C:\\qua"\n'),
    ("a tab indenting a key", "name:\n\tvi: a\n"),
    ("a tab starting the file", "\tid: x\n"),
    ("an @ starting a value", "issuer: @ubnd\n"),
    ("a backtick starting a value", "issuer: `ubnd\n"),
    ("a key after a list at the same indent", "- a\nid: x\n"),
    ("an unclosed [", "period: [2021, 2030\n"),
    ("an unclosed {", "name: {vi: a\n"),
    ("a flow list with a colon", "period: [2021 2030: 3, 4\n  x: 5\n"),
    ("two documents", "id: x\n---\nid: y\n"),
    ("an undefined alias", "issuer: *uy\n"),
    ("a duplicate anchor", "id: &x a\nname: &x b\n"),
    ("a block scalar indented by 0", "note: |0\n x\n"),
    ("an unknown directive", "%FOO\n---\nid: x\n"),
    ("a control character", "id: x\x01\n"),
    ("a key without a colon", "id: x\nissuer\nlevel: province\n"),
    ("a list item inside a mapping", "id: x\n- level\n"),
    ("an anchor with no name", "id: & x\n"),
    ("an alias with no name", "id: *\n"),
    ("an unclosed verbatim tag", "id: !<x y\n"),
    ("a tag handle with no suffix", "id: !x! y\n"),
    ("an undefined tag handle", "id: !y!z 1\n"),
    ("%YAML twice", "%YAML 1.1\n%YAML 1.1\n---\nid: x\n"),
    ("%YAML 2.0", "%YAML 2.0\n---\nid: x\n"),
    ("%YAML without a minor version", "%YAML 1\n---\nid: x\n"),
    ("%YAML with a word", "%YAML x\n---\nid: x\n"),
    ("%YAML with an endless version", "%YAML 1.11111111111111111111\n---\nid: x\n"),
    ("%TAG twice", "%TAG !a! tag:x,2000:\n%TAG !a! tag:y,2000:\n---\nid: x\n"),
    ("%TAG without a handle", "%TAG x y\n---\nid: x\n"),
    ("a directive name with a symbol", "%Y@\n---\nid: x\n"),
    ("a block scalar with a letter after |", "note: |x\n  y\n"),
    ("a block scalar with text after | ", "note: | x\n  y\n"),
    ("a bad \\x escape", 'note: "\\xZZ"\n'),
    ("a bad \\u escape", 'note: "\\uD800"\n'),
    ("a document marker inside quotes", "note: 'x\n---\n'\n"),
    ("a directive without a document start", "%YAML 1.1\nid: x\n"),
    ("a stray ]", "period: [2021, 2030]]\n"),
    ("a bad URI escape in a tag", "id: !<%zz> 1\n"),
    ("a document end inside a flow list", "period: [2021,\n...\n"),
    ("a question mark after a key's colon", "id: ? x\n"),
    ("a list item after a key's colon", "targets: - x\n"),
    ("a tab before a key under a mapping", "name:\n  vi: a\n\t en: b\n"),
    ("a tab indenting a block scalar line", "note: |\n  x\n \ty\n"),
    ("%YAML with a letter after the version", "%YAML 1.1x\n---\nid: x\n"),
    ("%TAG with a letter after the handle", "%TAG !a!x y\n---\nid: x\n"),
    ("%TAG with no prefix", "%TAG !a! \n---\nid: x\n"),
    ("%TAG with a bad escape in its prefix", "%TAG !a! %zz\n---\nid: x\n"),
    ("%TAG with a verbatim prefix", "%TAG !a! !<\n---\nid: x\n"),
    ("a % alone", "%\n---\nid: x\n"),
    ("a colon closing a flow item", "period: [2021:]\n"),
    ("lists nested too deeply", "period: " + "[" * 10001 + "]" * 10001 + "\n"),
]


def _plan_finding(tmp_path: Path, text: str, loader: type, monkeypatch: pytest.MonkeyPatch):
    """The one finding of a plan file holding `text`, read with `loader`."""
    path = tmp_path / "test-plan.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(planfile, "_LOADER", loader)
    plan, found = planfile.check(path)
    assert plan is None and [f.code for f in found] == ["plan-yaml-syntax"], found
    return found[0]


def _raised(text: str, loader: type) -> tuple[str | None, str | None]:
    """PyYAML's own (context, problem) for `text`: what the English line must say."""
    try:
        loader(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        return exc.context, exc.problem
    except yaml.reader.ReaderError as exc:
        return None, exc.reason
    except RecursionError:
        return None, "exceeded maximum nesting depth"
    raise AssertionError(f"{text!r} is valid YAML for {loader.__name__}")


@pytest.mark.parametrize("loader_name", list(LOADERS))
@pytest.mark.parametrize(("name", "text"), BROKEN, ids=[n for n, _ in BROKEN])
def test_a_yaml_syntax_error_is_said_in_vietnamese_at_its_line_and_column(
        name: str, text: str, loader_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loader = LOADERS[loader_name]
    if loader is None:
        pytest.skip("PyYAML without libyaml")
    try:
        context, problem = _raised(text, loader)
    except AssertionError:
        pytest.skip(f"{name}: valid YAML for {loader_name}")  # (the pure-Python loader only warns on %FOO)
    f = _plan_finding(tmp_path, text, loader, monkeypatch)
    vi, en = message(f, "vi"), message(f, "en")
    english = " ".join(p for p in (context, problem) if p)
    assert english in en  # the English line is PyYAML's own words
    assert vi.startswith("Lỗi cú pháp YAML: ") and FALLBACK not in vi and "…" not in vi, vi
    leaks = _words(re.sub(r"'[^']*'", "", english)) & _words(vi) - SAME_WORDS  # (quoted: the file's own text)
    assert not leaks, f"{loader_name}: {vi!r} keeps English words {leaks} of {english!r}"
    assert f.row is not None and f.row >= 1 and int(str(f.args["col"])) >= 1


@pytest.mark.parametrize(("text", "line_col"), [
    ("name:\n  vi: a\n en: b\n", "3:2"),  # the key indented one space less than 'vi'
    ("id: x\nissuer: UBND: huyện\n", "2:13"),  # the second ': '
    ("id: x\x01\n", "1:6"),  # the control character itself (libyaml counts bytes; the line is counted in characters)
    ("name: Hà Nội\x01\n", "1:13"),
])
def test_lint_names_the_same_line_and_column_in_both_languages(text: str, line_col: str, tmp_path: Path) -> None:
    path = tmp_path / "test-plan.yaml"
    path.write_text(text, encoding="utf-8")
    lines = {lang: CliRunner().invoke(app, ["lint", str(path), "--lang", lang]).output for lang in ("vi", "en")}
    for lang, out in lines.items():
        assert out.startswith(f"{path}:{line_col}: plan-yaml-syntax: "), (lang, out)
    assert "Lỗi cú pháp YAML" in lines["vi"] and "YAML syntax error" in lines["en"]


def test_a_command_given_a_broken_plan_says_the_yaml_error_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nname:\n  vi: a\n en: b\n", encoding="utf-8")
    for command in (["targets", str(path)], ["evaluate", str(path), str(tmp_path), "--year", "2024"]):
        run = CliRunner().invoke(app, command)
        assert run.exit_code == 2
        assert f"cltrack: lỗi: {path}:4:2: Lỗi cú pháp YAML: không tìm thấy khóa" in run.output, run.output
        assert not {"while", "parsing", "expected", "find"} & _words(run.output), run.output


def test_a_broken_rules_file_says_its_yaml_error_in_vietnamese(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rule_sets:\n  x: a: b\n", encoding="utf-8")
    survey = Path(__file__).resolve().parent.parent / "docs" / "examples" / "dieu-tra-2024.csv"
    run = CliRunner().invoke(app, ["survey", str(survey), "--rules", str(rules)])
    assert run.exit_code == 2
    assert f"{rules}:2:7: lỗi cú pháp YAML trong tệp quy tắc: không được ghi giá trị của khóa ở đây" in run.output, run.output


def test_a_plan_file_that_is_not_utf8_is_named_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "test-plan.yaml"
    path.write_bytes("id: x\nname: Hà Nam\n".encode("cp1258"))
    f = planfile.check(path)[1][0]
    assert (f.code, f.row, f.args["col"]) == ("plan-yaml-syntax", 2, 8)  # 'à' in cp1258 is not UTF-8
    assert message(f, "vi") == "Lỗi cú pháp YAML: không phải văn bản UTF-8 (byte 0xe0 không hợp lệ; hãy lưu tệp với bảng mã UTF-8)"


def test_an_unknown_phrase_is_a_vietnamese_sentence_quoting_pyyaml() -> None:
    assert yaml_error_vi("found a brand new problem", "while reading") == \
        'tệp không đúng cú pháp YAML (PyYAML báo: "while reading found a brand new problem")'
    assert yaml_vi("expected <block end>, but found '<block mapping start>'") == \
        "thụt lề không khớp: gặp một khóa mới khi khối trên chưa kết thúc"


# --- the survey: every phrase PyYAML can raise while reading is in YAML_VI ---

# the names PyYAML puts in its '%s' contexts (scanner.py: scan_anchor, scan_tag_handle, scan_tag_uri; parser.py)
NAMES = {"while scanning an %s": ["anchor", "alias"], "while scanning a %s": ["directive", "tag"],
         "while parsing a %s": ["directive", "tag"], "while parsing a %s node": ["block", "flow"]}
# libyaml's emitter (writing YAML) and Cython's own strings: not said when reading
NOT_READING = re.compile(r"expected (DOCUMENT|STREAM|SCALAR|nothing after)|vtable|_|&&")


def _python_phrases() -> set[str]:
    """Each phrase of an error raised by PyYAML's pure-Python reader, scanner, parser and composer (%r as {found})."""
    folder = Path(yaml.__file__).parent
    found: set[str] = set()
    for name in ("reader.py", "scanner.py", "parser.py", "composer.py"):
        for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Error"):
                for arg in node.args:
                    text = arg.left if isinstance(arg, ast.BinOp) else arg
                    if isinstance(text, ast.Constant) and isinstance(text.value, str) and " " in text.value:
                        found.add(text.value)
    out = set()
    for phrase in found:
        for name in NAMES.get(phrase, [None]):
            out.add((phrase % name if name else phrase).replace("%r", "{found}").replace("%d", "{count}"))
    return out


def _libyaml_phrases() -> set[str]:
    """The phrases compiled into PyYAML's libyaml module (its C strings; the composer's are in the Python list)."""
    module = next(Path(yaml.__file__).parent.glob("_yaml*.so"), None)
    if module is None:
        return set()
    words = r"(?:while|found|did not|could not|mapping|block|control|invalid|incomplete|unexpected|expected|exceeded|input is)"
    strings = re.findall(rb"(?<![ -~])(" + words.encode() + rb" [ -~]*?)\x00", module.read_bytes())
    return {s.decode() for s in strings} - {s.decode() for s in strings if NOT_READING.search(s.decode())}


def test_the_survey_finds_pyyaml_phrases() -> None:
    assert {"mapping values are not allowed here", "found character {found} that cannot start any token",
            "while scanning an anchor", "expected escape sequence of {count} hexadecimal numbers, but found {found}"} <= _python_phrases()
    if LOADERS["libyaml"] is not None:
        assert {"did not find expected key", "could not find expected ':'", "while parsing a block mapping"} <= _libyaml_phrases()


def test_every_phrase_pyyaml_can_raise_while_reading_is_in_the_table() -> None:
    missing = sorted(p for p in _python_phrases() | _libyaml_phrases() if p not in YAML_VI)
    assert not missing, f"PyYAML phrases without a Vietnamese twin in messages.YAML_VI: {missing}"


# phrases a plan file cannot trigger: cltrack hands PyYAML decoded text (libyaml then reads it as UTF-8 it made itself),
# and the rest need memory to run out or a stream without a start
UNREACHABLE = {
    "did not find expected <stream-start>", "input is too long", "while increasing block level", "invalid Unicode character",
    "found an incorrect leading UTF-8 octet", "found an incorrect trailing UTF-8 octet", "invalid leading UTF-8 octet",
    "invalid trailing UTF-8 octet", "incomplete UTF-8 octet sequence", "invalid length of a UTF-8 sequence",
    "incomplete UTF-16 character", "incomplete UTF-16 surrogate pair", "unexpected low surrogate area",
    "while parsing a tag directive", "while parsing a block node",  # libyaml has the words; no input found reaches them
}


def _table_key(phrase: str) -> str:
    """The YAML_VI key that says `phrase`."""
    if phrase in YAML_VI:
        return phrase
    return next(k for k in YAML_VI if re.search(r"\{\w+\}", k) and
                re.fullmatch(re.sub(r"\\\{\w+\\\}", ".+", re.escape(k)), phrase))


def test_the_broken_files_trigger_every_phrase_of_the_table_a_plan_file_can() -> None:
    if LOADERS["libyaml"] is None:
        pytest.skip("PyYAML without libyaml")
    triggered = set()
    for _, text in BROKEN:
        for loader in LOADERS.values():
            try:
                triggered |= {_table_key(p) for p in _raised(text, loader) if p}
            except AssertionError:
                continue
    assert set(YAML_VI) - triggered == UNREACHABLE
