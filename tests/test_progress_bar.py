"""A progress bar on stderr while many files or a large survey are read: on a terminal only, never in what stdout carries.

Each command runs as a person runs it: stdout piped (to a file or `jq`), stderr a pseudo-terminal of
80 columns, as in a shell. The bar's words and its 'done/total' count must reach the terminal; stdout
must be byte for byte what the same command prints with stderr piped (no bar at all then).
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "sample_data" / "trieu-son"
FILES = 2  # two years of the Triệu Sơn sample reports, copied into each test's folder as `data`
CLTRACK = [sys.executable, "-m", "cltrack"]


def run(args: list[str], *, tty: bool, cwd: Path) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of `cltrack args`, stderr a pty of 80 columns when `tty`."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "CLTRACK_LANG")}
    env.update(TERM="xterm-256color", COLUMNS="80")
    if not tty:
        done = subprocess.run(CLTRACK + args, capture_output=True, env=env, cwd=cwd, timeout=120, check=False)
        return done.stdout.decode(), done.stderr.decode(), done.returncode
    leader, follower = pty.openpty()
    proc = subprocess.Popen(CLTRACK + args, stdout=subprocess.PIPE, stderr=follower, env=env, cwd=cwd)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed its end of the pty
            break
        if not chunk:
            break
        chunks.append(chunk)
    out = proc.stdout.read() if proc.stdout else b""
    code = proc.wait(timeout=120)
    os.close(leader)
    return out.decode(), b"".join(chunks).decode(errors="replace"), code


COMMANDS = {
    "evaluate": ["evaluate", "trieu-son", "data", "--format", "json", "--lang", "vi"],
    "explain": ["explain", "trieu-son", "M2.1a", "data", "--year", "2023", "--lang", "en"],
    "rollup": ["rollup", "trieu-son", "data", "--format", "csv", "--lang", "vi"],
    "status": ["status", "trieu-son", "data", "--as-of", "2024-01-15", "--format", "json", "--lang", "vi"],
    "validate": ["validate", "data", "--lang", "vi"],
    "pack": ["pack", "trieu-son", "data", "--year", "2023", "--as-of", "2024-01-15", "--output", "pack", "--lang", "vi"],
}
PIPED_TOO = ("evaluate",)  # also run with stderr piped: stdout must be the same bytes


def data_in(folder: Path) -> Path:
    """`folder` holding `data/`: the 2022 and 2023 Triệu Sơn sample reports."""
    (folder / "data").mkdir()
    for year in (2022, 2023):
        (folder / "data" / f"trieu-son-{year}.xlsx").write_bytes((SAMPLE / f"trieu-son-{year}.xlsx").read_bytes())
    return folder


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_progress_bar_is_on_a_terminal_s_stderr_and_never_in_stdout(name: str, tmp_path: Path) -> None:
    args = COMMANDS[name]
    out, err, code = run(args, tty=True, cwd=data_in(tmp_path))
    word, other = ("Reading", "Đang đọc") if "en" in args else ("Đang đọc", "Reading")
    assert word in err and f"{FILES}/{FILES}" in err and other not in err, err  # the bar in the run's language, to the last file
    assert word not in out and "\x1b" not in out  # stdout carries the output alone
    if name in ("evaluate", "status"):
        json.loads(out)
    if name in PIPED_TOO:
        plain_out, plain_err, plain_code = run(args, tty=False, cwd=tmp_path)
        assert word not in plain_err and "\x1b" not in plain_err  # stderr piped: no bar
        assert (_without_times(plain_out), plain_code) == (_without_times(out), code)


def test_the_site_tells_each_file_with_the_plan_it_is_read_for(tmp_path: Path) -> None:
    from cltrack.plans.catalogue import load_plan
    from cltrack.site.build import collect

    told: list[tuple[int, int, str]] = []
    data = data_in(tmp_path) / "data"
    collect(load_plan("trieu-son"), [str(data)], progress=lambda d, t, n, sizes=False: told.append((d, t, n)))
    assert told == [(0, 2, f"trieu-son: {data / 'trieu-son-2022.xlsx'}"), (1, 2, f"trieu-son: {data / 'trieu-son-2023.xlsx'}"),
                    (2, 2, "trieu-son")]


def _without_times(text: str) -> str:
    """Output without the moment it was made (differs between two runs)."""
    return "\n".join(line for line in text.splitlines() if "generated_at" not in line)


# --------------------------------------------------------------------------- survey: bytes read


def survey_csv(folder: Path, rows: int = 60, pad: int = 0) -> Path:
    """A survey csv of `rows` children (ages 5-17, some working), each row padded by a note column of `pad` letters."""
    path = folder / "children.csv"
    lines = ["province,age,hours_work,weight,note"]
    lines += [f"Thanh Hóa,{5 + i % 13},{(i * 7) % 30},1.5,{'x' * pad}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_survey_bar_counts_the_file_s_bytes_on_a_terminal_and_never_in_stdout(lang: str, tmp_path: Path) -> None:
    size = survey_csv(tmp_path).stat().st_size
    assert 1000 < size < 1_000_000  # shown in kB, one decimal
    args = ["survey", "children.csv", "--format", "json", "--lang", lang]
    out, err, code = run(args, tty=True, cwd=tmp_path)
    word, other = ("Đang đọc", "Reading") if lang == "vi" else ("Reading", "Đang đọc")
    assert word in err and f"{size / 1000:.1f}/{size / 1000:.1f} kB" in err and other not in err, err  # to the last byte
    assert word not in out and "\x1b" not in out
    assert json.loads(out)["estimates"][0]["n_unweighted"] == 60  # every child of the file
    if lang == "vi":
        plain_out, plain_err, plain_code = run(args, tty=False, cwd=tmp_path)
        assert word not in plain_err and "\x1b" not in plain_err  # stderr piped: no bar
        assert (plain_out, plain_code) == (out, code)  # stdout byte for byte the same


def test_a_large_survey_csv_is_told_as_its_blocks_are_read_and_several_files_one_after_another(tmp_path: Path) -> None:
    """Bytes of all the files read, out of their total size, file by file: a csv larger than one 16 MiB read
    block is told part-way; a Parquet file of three row groups at each third; the rows are those read without."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cltrack.reading.survey import read_microdata

    folder = tmp_path / "survey"
    folder.mkdir()
    big = survey_csv(folder, rows=90_000, pad=200)
    groups = folder / "more.parquet"
    pq.write_table(pa.table({"age": [10, 11, 12, 13, 14, 15], "hours_work": [0.0, 5, 10, 20, 30, 40]}), groups, row_group_size=2)
    a, b = big.stat().st_size, groups.stat().st_size
    assert a > 1 << 24
    told: list[tuple[int, int, str]] = []
    data = read_microdata([folder], progress=lambda done, total, name, sizes=False: told.append((done, total, name)))
    total = a + b
    assert all(t == total for _, t, _ in told)
    assert [d for d, _, _ in told] == sorted(d for d, _, _ in told)  # never backwards
    on_big = [d for d, _, name in told if name == str(big)]
    assert on_big[0] == 0 and on_big[-1] == a and any(0 < d < a for d in on_big)  # part-way through the csv
    on_groups = list(dict.fromkeys(d for d, _, name in told if name == str(groups)))
    assert on_groups == [a, a + b // 3, a + 2 * b // 3, a + b]
    assert told[-1] == (total, total, "")
    plain = read_microdata([folder])
    assert data.frame.equals(plain.frame) and len(data.frame) == 90_006


# --------------------------------------------------------------------------- reports, then a survey


HAI_DUONG = REPO / "sample_data" / "hai-duong"
SURVEY = REPO / "sample_data" / "hai-duong-survey" / "survey-2024.csv"
BOTH = {  # commands reading report files and survey microdata: the reports' files bar, then the survey's bytes bar
    "evaluate": ["evaluate", "hai-duong", "data", "--survey", "survey.csv", "--year", "2024", "--format", "json", "--lang", "vi"],
    "pack": ["pack", "hai-duong", "data", "survey.csv", "--year", "2024", "--as-of", "2025-01-15", "--output", "pack", "--lang", "en"],
    "site": ["site", "hai-duong", "data", "survey.csv", "--output", "site", "--as-of", "2025-01-15"],
}


def reports_and_survey(folder: Path) -> Path:
    """`folder` holding `data/` (the 2023 and 2024 Hải Dương sample reports) and `survey.csv` (its 2024 survey)."""
    (folder / "data").mkdir()
    for year in (2023, 2024):
        (folder / "data" / f"hai-duong-{year}.xlsx").write_bytes((HAI_DUONG / f"hai-duong-{year}.xlsx").read_bytes())
    (folder / "survey.csv").write_bytes(SURVEY.read_bytes())
    return folder


@pytest.mark.parametrize("name", list(BOTH))
def test_a_command_reading_reports_and_a_survey_shows_the_files_then_the_bytes(name: str, tmp_path: Path) -> None:
    args = BOTH[name]
    size = SURVEY.stat().st_size
    assert 100_000 < size < 1_000_000  # shown in kB, one decimal
    out, err, code = run(args, tty=True, cwd=reports_and_survey(tmp_path))
    word = "Reading" if "en" in args else "Đang đọc"  # the site's bar is in the user's language (vi by default)
    files, sizes = err.find(f"{FILES}/{FILES}"), err.find(f"{size / 1000:.1f}/{size / 1000:.1f} kB")
    assert word in err and 0 <= files < sizes, err  # every report file counted, then every byte of the survey
    assert word not in out and "\x1b" not in out
    if name == "evaluate":
        estimates = [r for r in json.loads(out)["results"] if r.get("source") == "survey"]
        assert estimates, out  # the survey was read and used
        plain_out, plain_err, plain_code = run(args, tty=False, cwd=tmp_path)
        assert word not in plain_err and "\x1b" not in plain_err  # stderr piped: no bar
        assert (_without_times(plain_out), plain_code) == (_without_times(out), code)  # stdout byte for byte the same


def test_the_pack_tells_each_plan_s_files_then_its_survey_s_bytes(tmp_path: Path) -> None:
    from cltrack.pack import build_pack

    folder = reports_and_survey(tmp_path)
    told: list[tuple[int, int, str, bool]] = []
    build_pack(["hai-duong"], [folder / "data", folder / "survey.csv"], year=2024,
               progress=lambda d, t, n, sizes=False: told.append((d, t, n, sizes)))
    size, data = SURVEY.stat().st_size, folder / "data"
    assert [t for t in told if not t[3]] == [(0, 2, f"hai-duong: {data / 'hai-duong-2023.xlsx'}", False),
                                             (1, 2, f"hai-duong: {data / 'hai-duong-2024.xlsx'}", False), (2, 2, "hai-duong", False)]
    in_bytes = [t for t in told if t[3]]
    assert told.index(in_bytes[0]) == 3  # the survey after the reports
    assert in_bytes[0] == (0, size, f"hai-duong: {folder / 'survey.csv'}", True) and in_bytes[-1] == (size, size, "hai-duong", True)
