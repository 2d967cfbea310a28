"""Files cltrack writes: checked before any work, written whole or not at all, inputs never overwritten.

Every failure case checks that the file that was there before keeps its bytes and that no
temporary file is left beside it. Ctrl-C is a real SIGINT sent to a real `cltrack` process while
it writes; a full disk is a writer that raises ENOSPC half-way, and /dev/full as stdout.
"""

from __future__ import annotations

import errno
import gc
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack import outputs
from cltrack.cli import app

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data" / "trieu-son"
ONE = SAMPLE / "bieu-tong-hop-2024.xlsx"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}  # messages asserted below are the English ones
OLD = b"last year's report, kept by the office\n"


def cli(*args: str):
    """Run cltrack in-process; no traceback ever."""
    res = CliRunner().invoke(app, list(args), env=ENV)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    return res


def folder_with_report(tmp_path: Path) -> Path:
    """A copy of one Triệu Sơn report in its own folder."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SAMPLE / "bieu-tong-hop-2024.xlsx", data / "report-2024.xlsx")
    return data


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in a folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("suffix", [".xls", ".ods", ".pdf", ".txt", ""])
@pytest.mark.parametrize("command", ["evaluate", "rollup", "survey", "template"])
def test_a_suffix_cltrack_does_not_write_is_exit_2_naming_the_suffixes(tmp_path, command, suffix):
    out = tmp_path / f"out{suffix}"
    args = {
        "evaluate": ["evaluate", "trieu-son", str(ONE), "--year", "2024"],
        "rollup": ["rollup", "trieu-son", str(SAMPLE)],
        "survey": ["survey", str(REPO / "sample_data" / "hai-duong-survey")],
        "template": ["template", "trieu-son", "--year", "2024"],
    }[command]
    res = cli(*args, "--output", str(out))
    assert res.exit_code == 2
    wanted = ".xlsx" if command == "template" else ".json, .csv or .xlsx"
    assert f"cltrack writes {wanted} here" in res.output and res.output.count("\n") == 1
    assert not out.exists()


def test_the_input_report_as_output_is_refused_and_kept(tmp_path):
    data = folder_with_report(tmp_path)
    report = data / "report-2024.xlsx"
    before = report.read_bytes()
    res = cli("evaluate", "trieu-son", str(report), "--output", str(report))
    assert res.exit_code == 2 and "never overwrites an input" in res.output
    assert report.read_bytes() == before


def test_a_link_to_the_input_is_the_input(tmp_path):
    data = folder_with_report(tmp_path)
    report = data / "report-2024.xlsx"
    before = report.read_bytes()
    soft, hard = tmp_path / "soft.xlsx", tmp_path / "hard.xlsx"
    soft.symlink_to(report)
    os.link(report, hard)
    for out in (soft, hard):
        res = cli("evaluate", "trieu-son", str(report), "--output", str(out))
        assert res.exit_code == 2, res.output
    res = cli("evaluate", "trieu-son", str(data), "--output", str(hard))  # hard link to a file of an input folder
    assert res.exit_code == 2 and "same file as one in the input folder" in res.output
    assert report.read_bytes() == before


def test_an_output_inside_an_input_folder_that_would_be_read_is_refused(tmp_path):
    data = folder_with_report(tmp_path)
    res = cli("evaluate", "trieu-son", str(data), "--year", "2024", "--output", str(data / "evaluation.xlsx"))
    assert res.exit_code == 2 and "inside the input folder" in res.output
    assert not (data / "evaluation.xlsx").exists()
    res = cli("evaluate", "trieu-son", str(data), "--year", "2024", "--output", str(data / "evaluation.json"))
    assert res.exit_code == 0, res.output  # json is never read as a report
    assert (data / "evaluation.json").read_text(encoding="utf-8").startswith("{")


def test_a_missing_folder_a_folder_and_read_only_places_are_one_line_exit_2(tmp_path):
    ro_dir = tmp_path / "ro"
    ro_dir.mkdir()
    ro_file = tmp_path / "ro.json"
    ro_file.write_bytes(OLD)
    ro_file.chmod(0o444)
    ro_dir.chmod(0o555)
    cases = {
        tmp_path / "missing" / "out.json": "does not exist",
        tmp_path: "is a folder",
        ro_dir / "out.json": "is read-only",
        ro_file: "is a read-only file",
    }
    try:
        for out, why in cases.items():
            res = cli("evaluate", "trieu-son", str(ONE), "--year", "2024", "--format", "json", "--output", str(out))
            assert res.exit_code == 2 and why in res.output and res.output.count("\n") == 1, (out, res.output)
    finally:
        ro_dir.chmod(0o755)
    assert ro_file.read_bytes() == OLD and not list(ro_dir.iterdir())


class FullDisk:
    """A file that takes a few bytes, then fails as a full disk does."""

    def __init__(self, real):  # noqa: ANN001
        self.real = real

    def write(self, data):  # noqa: ANN001, ANN201
        self.real.write(data[:10])
        self.real.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):  # noqa: ANN204
        return self

    def __exit__(self, *exc):  # noqa: ANN002, ANN204
        self.real.close()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # openpyxl's abandoned sheet writers
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_full_disk_keeps_the_old_evaluation_and_leaves_no_part_file(tmp_path, monkeypatch, fmt):
    out = tmp_path / f"evaluation.{fmt}"
    out.write_bytes(OLD)
    if fmt == "xlsx":
        import zipfile

        calls: list[int] = []

        def full_on_third(real):  # noqa: ANN001, ANN202 - the third part put in the zip meets a full disk
            def put(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
                calls.append(1)
                if len(calls) == 3:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return real(self, *args, **kwargs)
            return put

        for method in ("writestr", "write"):  # parts from memory or from the writer's temporary files
            monkeypatch.setattr(zipfile.ZipFile, method, full_on_third(getattr(zipfile.ZipFile, method)))
    else:
        real_open = open

        def full_disk_open(file, mode="r", *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            fh = real_open(file, mode, *args, **kwargs)
            return FullDisk(fh) if str(file).endswith(".part") and "w" in mode else fh

        monkeypatch.setattr("builtins.open", full_disk_open)
    res = cli("evaluate", "trieu-son", str(ONE), "--year", "2024", "--output", str(out))
    assert res.exit_code == 2, res.output
    assert res.output == f"cltrack: error: cannot write '{out}': No space left on device\n"
    assert out.read_bytes() == OLD and leftovers(tmp_path) == []
    gc.collect()  # openpyxl's abandoned sheet writers complain now, under this test's filter


def test_atomic_removes_the_temporary_file_on_any_error(tmp_path):
    out = tmp_path / "kept.json"
    out.write_bytes(OLD)
    for exc in (OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt(), ValueError("bug")):
        with pytest.raises((outputs.CltrackError, KeyboardInterrupt, ValueError)):
            with outputs.atomic(out) as tmp:
                tmp.write_bytes(b"half a rep")
                raise exc
        assert out.read_bytes() == OLD and leftovers(tmp_path) == []
    outputs.write_text(out, "new\n")
    assert out.read_bytes() == b"new\n" and leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_mode_and_a_replaced_file_keeps_its_own(tmp_path):
    fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
    kept.write_bytes(OLD)
    kept.chmod(0o640)
    outputs.write_text(fresh, "{}")
    outputs.write_text(kept, "{}")
    mask = os.umask(0)
    os.umask(mask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~mask
    assert kept.stat().st_mode & 0o777 == 0o640


# --------------------------------------------------------------------------- real processes

SLOW_WRITER = """
import os, sys, time
import {module} as target
real = target.{name}
def slow(*args, **kwargs):
    result = real(*args, **kwargs)
    sys.stderr.write("WRITING\\n"); sys.stderr.flush()
    time.sleep(30)
    return result
target.{name} = slow
sys.argv = ["cltrack", *sys.argv[1:]]
from cltrack.cli import main
main()
"""


def interrupted_run(tmp_path: Path, module: str, name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run cltrack with `module.name` pausing after it wrote, send SIGINT while it pauses, collect the result."""
    script = tmp_path / "slow.py"
    script.write_text(textwrap.dedent(SLOW_WRITER.format(module=module, name=name)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line == "WRITING\n", line + proc.stderr.read()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize(("fmt", "module", "name"), [
    ("xlsx", "xlsxwriter.workbook", "Workbook._store_workbook"),  # the zip is written, not yet synced nor renamed
    ("json", "os", "fsync"),  # the text is written, not yet synced nor renamed
])
def test_ctrl_c_mid_write_keeps_the_old_file_and_exits_130_in_one_line(tmp_path, fmt, module, name):
    out = tmp_path / f"report.{fmt}"
    out.write_bytes(OLD)
    res = interrupted_run(tmp_path, module, name, "evaluate", "trieu-son", str(ONE), "--year", "2024", "-o", str(out))
    assert res.returncode == 130, res.stderr
    assert res.stderr == "cltrack: đã dừng (Ctrl-C)\n"  # one line, in the default language (Vietnamese), no traceback
    assert out.read_bytes() == OLD and leftovers(tmp_path) == []


def test_dev_full_as_stdout_is_one_line_exit_2():
    for fmt in ("json", "table"):
        with open("/dev/full", "w") as full:
            res = subprocess.run([sys.executable, "-m", "cltrack", "evaluate", "trieu-son", str(ONE), "--year", "2024", "--format", fmt],
                                 stdout=full, stderr=subprocess.PIPE, text=True, env={**os.environ, **ENV}, timeout=60)
        assert res.returncode == 2, res.stderr
        assert res.stderr == "cltrack: error: cannot write to standard output: No space left on device\n"


def test_a_stdout_that_is_not_utf8_never_crashes():
    env = {**os.environ, **ENV, "PYTHONIOENCODING": "cp1252"}
    res = subprocess.run([sys.executable, "-m", "cltrack", "evaluate", "trieu-son", str(ONE), "--year", "2024", "--format", "csv"],
                         capture_output=True, env=env, timeout=60)
    assert res.returncode == 0, res.stderr
    assert b"Traceback" not in res.stderr and b"\\u" in res.stdout  # Vietnamese letters cp1252 lacks, escaped


FOLDER_COMMANDS = {
    "pack": ["pack", "trieu-son", str(ONE), "--year", "2024"],
    "site": ["site", "trieu-son", str(ONE)],
}


@pytest.mark.parametrize("command", sorted(FOLDER_COMMANDS))
def test_pack_and_site_refuse_a_read_only_place_a_file_as_parent_and_dev_full_in_one_line(tmp_path, command):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    (tmp_path / "notes.txt").write_bytes(OLD)
    cases = {
        ro / "out": f"the folder '{ro}' is read-only",
        ro / "missing" / "out": f"the folder '{ro}' is read-only",  # missing folders are created: the one above must be writable
        tmp_path / "notes.txt" / "out": f"'{tmp_path / 'notes.txt'}' is not a folder",
        Path("/dev/full"): "/dev/full",
    }
    try:
        for out, why in cases.items():
            res = cli(*FOLDER_COMMANDS[command], "--output", str(out))
            assert res.exit_code == 2 and why in res.output and res.output.count("\n") == 1, (out, res.output)
    finally:
        ro.chmod(0o755)
    assert not list(ro.iterdir()) and (tmp_path / "notes.txt").read_bytes() == OLD


@pytest.mark.parametrize("command", sorted(FOLDER_COMMANDS))
def test_pack_and_site_refuse_the_input_folder_as_output_and_keep_it(tmp_path, command):
    data = folder_with_report(tmp_path)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    res = cli(command, "trieu-son", str(data), *(["--year", "2024"] if command == "pack" else []), "--output", str(data))
    assert res.exit_code == 2 and res.output.count("\n") == 1 and str(data) in res.output
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


STDOUT_COMMANDS = {
    "evaluate": ["evaluate", "trieu-son", str(ONE), "--year", "2024"],
    "explain": ["explain", "trieu-son", "M1.1", str(ONE), "--year", "2024"],
    "rollup": ["rollup", "trieu-son", str(ONE)],
    "status": ["status", "trieu-son", str(ONE), "--as-of", "2025-03-01"],
    "survey": ["survey", str(REPO / "sample_data" / "hai-duong-survey")],
    "validate": ["validate", str(ONE)],
    "template": ["template", "trieu-son", "--year", "2024", "--output", "{tmp}/form.xlsx"],
    "pack": ["pack", "trieu-son", str(ONE), "--year", "2024", "--output", "{tmp}/pack"],
    "site": ["site", "trieu-son", str(ONE), "--output", "{tmp}/site"],
}


def test_dev_full_as_stdout_is_one_line_exit_2_for_every_command(tmp_path):
    env = {**os.environ, **ENV, "PYTHONPATH": str(REPO / "src")}
    procs = {}
    with open("/dev/full", "w") as full:
        for name, args in STDOUT_COMMANDS.items():  # started together: the suite waits for the slowest, not the sum
            args = [a.replace("{tmp}", str(tmp_path)) for a in args]
            procs[name] = subprocess.Popen([sys.executable, "-m", "cltrack", *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env)
        results = {name: (p.wait(timeout=120), p.stderr.read()) for name, p in procs.items()}
    for name, (code, err) in results.items():
        assert (code, err) == (2, "cltrack: error: cannot write to standard output: No space left on device\n"), name
