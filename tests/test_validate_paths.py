"""`cltrack validate` over the paths a user or CI gives: each file once, empty folders, the renderer."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from cltrack.cli import app
from cltrack.compute.validation import validate
from cltrack.render.findings import print_text, text_lines
from report_factory import write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "120"}
DIST = "Huyện Triệu Sơn"


def report(path: Path, *specs: tuple[str, dict]):
    """A one-sheet report of Triệu Sơn communes: header row then one row per commune."""
    return write_report(path, [{"district": DIST, "commune": name, **vals} for name, vals in specs])


def run(*args: str):
    result = CliRunner().invoke(app, ["validate", *args], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_a_file_named_twice_is_read_once_and_is_no_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    report(path, ("Xã Dân Lực", {"parents": 100}), ("Xã Thọ Sơn", {"parents": 80}))
    rep = validate([path, path])
    codes = [f.code for f in rep.findings if f.severity != "info"]
    assert codes == []  # no duplicate-unit-year against itself
    # 1 header row + 2 data rows, counted once
    total = rep.balance()
    assert (total.rows_read, total.rows_used, total.rows_left_out) == (3, 2, 1)
    assert len(rep.data.rows) == 2
    [twice] = [f for f in rep.findings if f.code == "same-file-twice"]
    assert twice.args["first"] == str(path)


def test_a_folder_and_a_file_inside_it_read_the_file_once(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    report(path, ("Xã Dân Lực", {"parents": 100}))
    result = run(str(tmp_path), str(path), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "duplicate-unit-year" not in result.output
    assert f"  info    same-file-twice: the same file as '{path}'; read once" in result.output
    assert "Total of 1 files: 2 rows read = 1 used + 1 left out" in result.output


def test_two_files_with_the_same_unit_are_still_duplicates(tmp_path: Path) -> None:
    a, b = tmp_path / "a-2024.xlsx", tmp_path / "b-2024.xlsx"
    report(a, ("Xã Dân Lực", {"parents": 100}))
    report(b, ("Xã Dân Lực", {"parents": 100}))
    rep = validate([a, b, a])
    [dup] = [f for f in rep.findings if f.code == "duplicate-form"]  # the same figures: one form sent twice
    assert (dup.file, dup.row, dup.severity) == (str(b), 2, "warning")
    assert dup.args["other"] == f"{a} [Báo cáo] 2"
    assert rep.balance().rows_used == 1 and rep.balance().left_out_by_reason["duplicate-form"] == 1


def test_an_empty_folder_is_an_error_so_ci_cannot_pass_on_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "README.txt").write_text("no spreadsheets here", encoding="utf-8")
    result = run(str(folder), "--lang", "en")
    assert result.exit_code == 1
    assert f"{folder}\n  error   no-report-files: the folder holds no report files (xlsx, xlsm, xlsb, xls, ods, csv)" in result.output
    assert "→ Check the folder's path" in result.output
    vi = run(str(folder))
    assert "  lỗi       no-report-files: Thư mục không có tệp báo cáo nào" in vi.output  # "thông tin" sets the width


def test_a_folder_with_reports_is_not_empty(tmp_path: Path) -> None:
    report(tmp_path / "bc-2024.xlsx", ("Xã Dân Lực", {"parents": 100}))
    rep = validate([tmp_path])
    assert not [f for f in rep.findings if f.code == "no-report-files"]


def test_piped_text_is_plain_and_a_terminal_gets_colour(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    w = report(path, ("Xã Dân Lực", {"parents": 100, "parents_informed": 120}))
    rep = validate([path])
    piped, tty = io.StringIO(), io.StringIO()
    print_text(rep, "en", False, Console(file=piped, width=120))
    print_text(rep, "en", False, Console(file=tty, width=120, force_terminal=True, color_system="standard"))
    line = (f"  error   part-exceeds-total: [Báo cáo] {w.letters['parents_informed']}2 "
            "(Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin): parents_informed (120) is larger than parents (100)")
    assert line in piped.getvalue().splitlines()
    assert "\x1b[" not in piped.getvalue()
    assert "\x1b[1;31merror  \x1b[0m part-exceeds-total" in tty.getvalue()  # colour, and the word too
    assert tty.getvalue().count("\n") == piped.getvalue().count("\n")


def test_text_lines_are_the_same_words_in_either_output(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    report(path, ("Xã Dân Lực", {"parents": 100}))
    lines = list(text_lines(validate([path]), "en"))
    plain = ["".join(text for text, _ in line) for line in lines]
    assert plain[0] == str(path)
    assert plain[-2] == "Total of 1 files: 2 rows read = 1 used + 1 left out (left out: header-row 1)"
    assert plain[-1] == "PASSED: 0 errors, 0 warnings, 1 info"
    assert lines[-1][0][1] == "bold green"


class CountingWrites(io.StringIO):
    """A piped stdout that counts its writes."""

    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_many_findings_are_written_in_large_pieces_when_piped(tmp_path: Path) -> None:
    path = tmp_path / "bc-2024.xlsx"
    names = ["Xã Dân Lực", "Xã Thọ Sơn", "Xã Thọ Bình", "Xã Thọ Tân", "Xã Thọ Thế"]
    report(path, *[(n, {"parents": 1, "parents_informed": 2}) for n in names])
    rep = validate([path])
    rep.findings = rep.findings * 2000  # 10 000 findings
    out = CountingWrites()
    print_text(rep, "en", False, Console(file=out, width=120))
    assert out.getvalue().count("error   part-exceeds-total") == 10_000
    assert out.writes <= 10  # counted, not timed: no rich rendering and no write per line


def test_an_unreadable_file_s_reason_is_said_in_the_user_s_language(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "loop.xlsx").symlink_to(tmp_path / "loop.xlsx")
    (tmp_path / "gone.xlsx").symlink_to(tmp_path / "nothing-here.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    paths = [str(tmp_path / n) for n in ("pipe.csv", "loop.xlsx", "gone.xlsx", "broken.xlsx")] + ["/dev/null"]
    vi = run(*paths).output
    for words in ("đường ống có tên (FIFO), không phải tệp", "liên kết tượng trưng vòng lại chính nó",
                  "liên kết tượng trưng trỏ tới nơi không có gì", "một thiết bị, không phải tệp",
                  "trình đọc bảng tính không mở được"):
        assert words in vi, (words, vi)
    assert not any(w in vi for w in ("named pipe", "loops back", "link to nothing", "a device"))
    en = run(*paths, "--lang", "en").output
    for words in ("a named pipe (FIFO), not a file", "a symbolic link that loops back on itself",
                  "a symbolic link to nothing", "a device, not a file"):
        assert words in en, (words, en)
    assert "không" not in en


def test_left_out_reasons_are_words_in_vietnamese_and_codes_in_english() -> None:
    """The row balance of a printed district form (title, header, numbering, total and signature rows)."""
    form = str(Path(__file__).resolve().parent.parent / "docs" / "examples" / "reports" / "trieu-son-2023.xlsx")
    vi = CliRunner().invoke(app, ["validate", form, "--lang", "vi"]).output
    en = CliRunner().invoke(app, ["validate", form, "--lang", "en"]).output
    vi_balance = [line for line in vi.splitlines() if line.startswith("Tổng 1 tệp")]
    en_balance = [line for line in en.splitlines() if line.startswith("Total of 1 file")]
    assert vi_balance and "dòng trống 2" in vi_balance[0] and "dòng tên cột 2" in vi_balance[0]
    assert "-row" not in vi_balance[0]
    assert en_balance and "blank-row 2" in en_balance[0] and "header-row 2" in en_balance[0]
