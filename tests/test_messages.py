"""Every message the CLI can print outside findings exists in Vietnamese (the default) and English."""

from __future__ import annotations

import ast
import os
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


# ---------------------------------------------------------------- no Python or library English in a Vietnamese message

def run_both(*args: str) -> dict[str, tuple[int, str]]:
    """(exit code, everything printed) of a command in vi and in en."""
    runner = CliRunner()
    out = {}
    for lang in ("vi", "en"):
        res = runner.invoke(app, [*args, "--lang", lang], env={"NO_COLOR": "1", "COLUMNS": "200", "CLTRACK_LANG": ""})
        assert "Traceback" not in res.output, res.output
        out[lang] = (res.exit_code, res.output)
    return out


def said_apart(vi: str, en: str, english: tuple[str, ...], vietnamese: tuple[str, ...]) -> None:
    """The English words of an exception in the English output only, the Vietnamese words in the Vietnamese only."""
    for words in english:
        assert words in en, (words, en)
        assert words not in vi, (words, vi)
    for words in vietnamese:
        assert words in vi, (words, vi)


def test_a_date_that_is_no_date_is_said_in_cltracks_words() -> None:
    """`units list --as-of 2025-13-01` once printed ValueError's English inside the Vietnamese line."""
    out = run_both("units", "list", "--as-of", "2025-13-01")
    assert out["vi"][0] == out["en"][0] == 2
    said_apart(out["vi"][1], out["en"][1], ("is not a date", "expected"),
               ("cltrack: lỗi: --as-of '2025-13-01' không phải ngày tháng (cần dạng YYYY-MM-DD, YYYY-MM hoặc YYYY)",))
    assert out["en"][1] == "cltrack: error: --as-of '2025-13-01' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)\n"


def test_a_bad_manifest_date_and_an_unreadable_manifest_line_name_the_line_in_the_users_language(tmp_path: Path) -> None:
    """The manifest's bad date (cltrack's own error inside another) and a record the csv module refuses (a cell past
    its 131,072-character limit: csv.Error's English) are one line naming the file and line, exit 2."""
    bad_date = tmp_path / "nop.csv"
    bad_date.write_text("file,submitted\na.xlsx,2024-01-02\n\nb.xlsx,2024-13-01\n", encoding="utf-8")
    out = run_both("status", "trieu-son", "sample_data/trieu-son", "--as-of", "2025-01-15", "--submitted-from", str(bad_date))
    assert out["vi"][0] == out["en"][0] == 2
    said_apart(out["vi"][1], out["en"][1], ("is not a valid date", "there is no month", ", line 4"),
               (f"{bad_date}, dòng 4: '2024-13-01' không phải ngày hợp lệ: không có tháng 13",))
    huge = tmp_path / "lon.csv"
    huge.write_text('file,submitted\na.xlsx,2024-01-02\nb.xlsx,"' + "x" * 140_000 + '"\n', encoding="utf-8")
    out = run_both("status", "trieu-son", "sample_data/trieu-son", "--as-of", "2025-01-15", "--submitted-from", str(huge))
    assert out["vi"][0] == out["en"][0] == 2
    said_apart(out["vi"][1], out["en"][1], ("field larger than field limit", "cannot read the manifest"),
               (f"{huge}, dòng 3: không đọc được tệp danh sách nộp báo cáo: một ô dài hơn giới hạn 131072 ký tự",))


def test_a_weights_file_pandas_cannot_parse_is_said_in_cltracks_words(tmp_path: Path) -> None:
    """A ragged row and an empty weights file: cltrack's template naming file and line, not pandas' 'Expected 3 fields'."""
    from cltrack.units.reform import read_weights

    ragged = tmp_path / "trong-so.csv"
    ragged.write_text("new_commune_code,old_commune_code,share\n00700,00700,0.8\n\n00700,00988,0.2,9\n", encoding="utf-8")
    empty = tmp_path / "rong.csv"
    empty.write_text("", encoding="utf-8")
    for path, vi, en in ((ragged, f"{ragged}, dòng 4: có 4 giá trị, nhưng dòng tiêu đề chỉ có 3 cột",
                          f"{ragged}, line 4: 4 values, but the header names 3 columns"),
                         (empty, f"{empty}: không đọc được tệp trọng số: tệp rỗng", f"{empty}: cannot read the weights file: the file is empty")):
        with pytest.raises(CltrackError) as caught:
            read_weights(path)
        assert (caught.value.text("vi"), caught.value.text("en")) == (vi, en)
        assert not any(w in vi for w in ("Expected", "fields", "Error tokenizing", "No columns to parse"))


def test_os_errors_of_real_paths_are_said_by_their_errno(tmp_path: Path) -> None:
    """ENAMETOOLONG and ENOTDIR from the file system: 'tên tệp quá dài' in vi, the system's words only in en."""
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    long_name = str(tmp_path / ("a" * 300 + ".xlsx"))
    out = run_both("validate", long_name, str(tmp_path / "a.xlsx" / "b.xlsx"))
    assert out["vi"][0] == out["en"][0] == 1
    said_apart(out["vi"][1], out["en"][1], ("File name too long", "Not a directory"),
               ("Không đọc được tệp: tên tệp quá dài", "Không đọc được tệp: một phần của đường dẫn không phải thư mục"))


def test_a_rules_file_that_is_a_folder_is_said_by_its_errno(tmp_path: Path) -> None:
    from cltrack.reading.rulefile import load_yaml

    with pytest.raises(CltrackError) as caught:
        load_yaml(tmp_path)
    assert caught.value.text("vi") == f"{tmp_path}: không đọc được tệp quy tắc (đây là một thư mục)"
    assert caught.value.text("en") == f"{tmp_path}: cannot read the rules file (Is a directory)"


def test_a_full_disk_on_stdout_is_vietnamese_by_default() -> None:
    """/dev/full as stdout (ENOSPC): the English case is test_outputs'; here the default language."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "cltrack", "targets", "trieu-son"], stdout=full, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "CLTRACK_LANG": "", "NO_COLOR": "1"}, timeout=60, check=False)
    assert (res.returncode, res.stderr) == (2, "cltrack: lỗi: không ghi được ra đầu ra chuẩn: đĩa đã đầy\n")


def test_a_readers_unforeseeable_words_come_after_a_vietnamese_label(tmp_path: Path) -> None:
    """A broken xlsx (calamine's ZipError) is a Vietnamese sentence with the library's text behind 'chi tiết từ thư
    viện'; a survey csv with a ragged row (pyarrow's 'Expected 13 columns, got 30') is said in words."""
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes((Path("sample_data/trieu-son") / "trieu-son-2023.xlsx").read_bytes()[:100])
    out = run_both("validate", str(broken))
    vi, en = out["vi"][1], out["en"][1]
    assert "trình đọc bảng tính không mở được tệp (chi tiết từ thư viện: ZipError: " in vi
    assert "the spreadsheet reader could not open it (ZipError: " in en
    assert "Zip" not in vi.split("chi tiết từ thư viện")[0]
    survey = tmp_path / "dieu-tra.csv"
    head = Path("docs/examples/dieu-tra-2024.csv").read_text(encoding="utf-8").splitlines()[:3]
    survey.write_text("\n".join([*head, ",".join(map(str, range(1, 31)))]) + "\n", encoding="utf-8")
    out = run_both("survey", str(survey))
    assert out["vi"][0] == out["en"][0] == 2
    said_apart(out["vi"][1], out["en"][1], ("a row has 30 fields where the header has 13 columns",),
               ("Không đọc được tệp: một dòng có 30 ô trong khi tiêu đề có 13 cột: 1,2,3",))
    assert not any(w in out["vi"][1] for w in ("Expected", "columns", "CSV parse error"))


def test_every_errno_a_file_read_or_write_can_give_is_said_in_vietnamese() -> None:
    """The table covers the errnos of the brief; no English word of the system's words is in the Vietnamese; an errno
    outside the table is named by its symbol with the system's words behind a Vietnamese label."""
    import errno
    import re

    from cltrack.syserrors import ERRNO, os_error

    wanted = ("ENOENT EACCES EPERM EISDIR ENOTDIR ENOSPC EDQUOT EROFS EIO ENAMETOOLONG ELOOP EMFILE ENFILE EFBIG ETXTBSY "
              "EBUSY EXDEV EINVAL ENOMEM EAGAIN ESPIPE EPIPE EEXIST ENOTEMPTY ENXIO ENODEV ESTALE").split()
    for symbol in wanted:
        code = getattr(errno, symbol)
        said = os_error(OSError(code, os.strerror(code)))
        assert (said.vi, said.en) == ERRNO[symbol], symbol
        english = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", said.en)}
        assert not english & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", said.vi)}, (symbol, said)
    other = os_error(OSError(errno.ECHILD, os.strerror(errno.ECHILD)))
    assert other.vi == "lỗi hệ điều hành ECHILD (chi tiết từ hệ điều hành: No child processes)"
    assert other.en == "No child processes (ECHILD)"
    bare = os_error(OSError("the writer failed"))
    assert (bare.vi, bare.en) == ("lỗi vào/ra (chi tiết từ hệ điều hành: the writer failed)", "the writer failed")


def test_warnings_speak_the_users_language(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A plan-cache warning in vi by default and en when asked; a library's warning behind the Vietnamese label."""
    from cltrack.cli import _warning_line
    from cltrack.plans.cache import UntrustedCache

    cache = UntrustedCache(Path("/c/plan.pickle"), ("người khác cũng ghi được (quyền -rw-rw-rw-)", "writable by others (mode -rw-rw-rw-)"))
    monkeypatch.setattr("sys.argv", ["cltrack", "plans"])
    monkeypatch.setenv("CLTRACK_LANG", "")
    _warning_line(cache, UntrustedCache, "x.py", 1)
    _warning_line(UserWarning("Workbook contains no default style"), UserWarning, "x.py", 1)
    assert capsys.readouterr().err.splitlines() == [
        "cltrack: cảnh báo: bộ nhớ đệm kế hoạch /c/plan.pickle: người khác cũng ghi được (quyền -rw-rw-rw-); đã bỏ qua (nội dung của nó không bao giờ được chạy)",
        "cltrack: cảnh báo: một thư viện cảnh báo (chi tiết từ thư viện: Workbook contains no default style)"]
    monkeypatch.setattr("sys.argv", ["cltrack", "plans", "--lang", "en"])
    _warning_line(cache, UntrustedCache, "x.py", 1)
    assert capsys.readouterr().err == "cltrack: warning: plan cache /c/plan.pickle is writable by others (mode -rw-rw-rw-); ignored (its content is never run)\n"


SAYERS = {"os_error", "csv_error", "reader_failure", "_failure", "reason"}  # an exception said in vi and en (syserrors)


def test_no_message_carries_an_exceptions_own_text() -> None:
    """Inside `except ... as exc` (not a CltrackError, which says itself in either language), a CltrackError or a
    finding gets the exception only through a syserrors sayer: never `exc`, `str(exc)`, `exc.strerror`, `exc.args`."""

    def leaks(node: ast.AST, name: str) -> bool:
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in SAYERS:
            return False
        if isinstance(node, ast.Attribute) and node.attr in ("filename", "errno"):  # the path or number, not words
            return False
        if isinstance(node, ast.Name) and node.id == name:
            return True
        return any(leaks(child, name) for child in ast.iter_child_nodes(node))

    found = []
    for path in sorted(SRC.rglob("*.py")):
        for handler in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(handler, ast.ExceptHandler) or handler.name is None or "CltrackError" in ast.unparse(handler.type or ast.Pass()):
                continue
            for call in (n for stmt in handler.body for n in ast.walk(stmt) if isinstance(n, ast.Call)):
                if getattr(call.func, "id", getattr(call.func, "attr", None)) in ("CltrackError", "make", "Text"):
                    found += [f"{path.relative_to(SRC)}:{call.lineno}" for kw in call.keywords if leaks(kw.value, handler.name)]
                    found += [f"{path.relative_to(SRC)}:{call.lineno}" for arg in call.args if leaks(arg, handler.name)]
    assert not found, found


def test_a_workbook_too_large_to_read_is_said_in_the_users_language(tmp_path: Path) -> None:
    """The bounds' reasons (a zip bomb, an .xls claiming 4 billion rows) with numbers as each language writes them."""
    from hostile_corpus import _bomb_part, biff8, xls, xlsx

    bomb = xlsx(tmp_path / "bom.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', _bomb_part(b"<si><t>" + b"a" * (1 << 20) + b"</t></si>", 1024))
    claim = xls(tmp_path / "khai.xls", biff8([(0, 0, 1.0)], (0, 0xFFFFFFFF, 0, 0xFFFF)))
    out = run_both("validate", str(bomb), str(claim))
    said_apart(out["vi"][1], out["en"][1], ("its parts unpack to 1,024 MB", "its DIMENSIONS record claims 4,294,967,295 rows", "reads at most"),
               ("các phần của tệp khi giải nén lên tới 1.024 MB (xl/sharedStrings.xml: 1.024 MB); cltrack đọc tối đa 512 MB",
                "bản ghi DIMENSIONS khai 4.294.967.295 hàng và 65.535 cột; cltrack đọc tối đa 10.000.000 ô"))


@pytest.mark.parametrize(("lang", "said"), [("vi", ["[n nhỏ]", "(trong 1 PSU: không có SE)"]), ("en", ["[small n]", "(one PSU: no SE)"])])
def test_a_survey_estimates_reason_is_said_in_words_not_its_code(lang: str, said: list[str]) -> None:
    from cltrack.findings import make, message

    texts = [message(make("unreliable-estimate", group="5-12", n=12, rse="40%", why="small-n"), lang),
             message(make("survey-no-se", group="Xã A", reason="one-psu"), lang)]
    assert [w in t for w, t in zip(said, texts, strict=True)] == [True, True], texts
    assert not any(code in t for t in texts for code in ("small-n", "one-psu"))
