"""`cltrack plans`, `cltrack targets`, `cltrack lint` through the CLI, and the cost of starting up."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_TARGETS": "", "CLTRACK_LANG": ""}
REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str, **env: str):
    """Invoke the CLI with a fixed terminal."""
    return runner.invoke(app, list(args), env={**ENV, **env})


@pytest.fixture
def terminal(monkeypatch):
    """Render as on a terminal (drawn rich tables) although CliRunner's stdout is not a tty."""
    import cltrack.render

    monkeypatch.setattr(cltrack.render, "is_terminal", lambda: True)


def tsv(text: str) -> list[list[str]]:
    """The tab-separated lines of piped output (heading lines starting with '# ' skipped)."""
    return list(csv.reader((line for line in text.splitlines() if not line.startswith("# ")), delimiter="\t"))


def test_plans_lists_every_shipped_plan_with_its_number_of_targets(terminal):
    r = run("plans", "--lang", "en")
    assert r.exit_code == 0, r.output
    rows = {line.split("│")[1].strip(): line for line in r.stdout.splitlines() if line.startswith("│ ") and line.split("│")[1].strip()}
    assert {"dak-lak", "trieu-son", "hai-duong", "son-ha-2024", "dak-nong-2024"} <= set(rows)
    assert rows["dak-lak"].split("│")[5].strip() == "17"
    assert rows["trieu-son"].split("│")[5].strip() == "12"
    assert "district" in rows["trieu-son"] and "2021-2030" in rows["trieu-son"]


def test_plans_json_has_targets_count_and_next_deadline():
    r = run("plans", "--format", "json")
    assert r.exit_code == 0
    rows = {row["id"]: row for row in json.loads(r.stdout)}
    assert rows["hai-duong"]["targets"] == 9 and rows["hai-duong"]["level"] == "sector"
    assert rows["son-ha-2024"]["period"] == [2024, 2024]
    due = rows["trieu-son"]["next_deadline"]
    assert due is None or due.endswith("-11-15")


def test_plans_piped_is_tab_separated_with_a_header():
    r = run("plans", "--lang", "en")
    assert r.exit_code == 0, r.output
    header, *rows = tsv(r.stdout)
    assert header == ["ID", "Plan", "Level", "Period", "Targets", "Next report due"]
    by_id = {row[0]: row for row in rows}
    assert set(by_id) == {"dak-lak", "trieu-son", "hai-duong", "son-ha-2024", "dak-nong-2024"}
    assert [by_id[i][4] for i in ("dak-lak", "trieu-son", "hai-duong", "son-ha-2024", "dak-nong-2024")] == ["17", "12", "9", "2", "0"]
    assert by_id["trieu-son"][2:4] == ["district", "2021-2030"] and "│" not in r.stdout


def test_targets_piped_is_one_tab_separated_line_per_target_under_commented_headings():
    r = run("targets", "dak-lak", "--lang", "vi")
    assert r.exit_code == 0, r.output
    headings = [line for line in r.stdout.splitlines() if line.startswith("# ")]
    assert headings[0].startswith("# dak-lak: Kế hoạch") and any("hằng năm" in h for h in headings)
    header, *rows = tsv(r.stdout)
    assert header[:3] == ["Nhóm mục tiêu", "Mã", "Mục tiêu"] and header[-1] == "Mục trong văn bản"
    assert len(rows) == 17 and all(len(row) == len(header) for row in rows)
    m11 = next(row for row in rows if row[1] == "M1.1")
    assert m11[0] == "Mục tiêu 1" and m11[3].startswith(("≤", "<", "≥", ">"))
    assert next(row for row in rows if row[1] == "R.1")[0] == "Yêu cầu"
    assert next(row for row in rows if row[1] == "O2030.1")[0] == "Định hướng đến năm 2030"


@pytest.mark.parametrize("rows", [
    [["a", "b c", "ư ≥ 1%"], ["1", "", "x"]],  # nothing to quote: joined directly
    [["a\tb", "c"]], [['say "x"', "y"]], [["two\nlines", "z"]], [["cr\r", "z"]],  # quoted by csv
    [[""]], [[]], [[None, 1.5, 3]],  # a lone empty cell is quoted; an empty row is a bare newline; None is empty
])
def test_piped_lines_are_what_the_csv_module_writes(rows, capsys):
    import io

    from cltrack.render import write_tsv

    expected = io.StringIO()
    csv.writer(expected, delimiter="\t", lineterminator="\n").writerows([["h1", "h2"], *rows])
    write_tsv(["h1", "h2"], rows)
    assert capsys.readouterr().out == expected.getvalue()


def test_targets_table_is_grouped_by_objective_with_the_vietnamese_sentence(terminal):
    r = run("targets", "dak-lak", "--lang", "vi")
    assert r.exit_code == 0, r.output
    out = r.stdout
    headings = [h for h in ("Mục tiêu 1", "Mục tiêu 2", "Mục tiêu 3", "Định hướng đến năm 2030", "Yêu cầu") if h in out]
    assert len(headings) == 5
    assert out.index("Mục tiêu 1") < out.index("Mục tiêu 2") < out.index("Mục tiêu 3")
    for tid in ("M1.1", "M1.2", "M2.1", "M2.2a", "M2.2b", "M2.2c", "M2.4b", "M3.1a", "M3.3", "O2030.1", "R.1"):
        assert f"│ {tid} " in out
    assert "> 90%" in out and "≥ 100%" in out and "Trên 90%" in out
    assert "cl_in_education" in out


def test_targets_english_shows_the_translation_and_the_direction_of_a_qualitative_target():
    r = run("targets", "trieu-son", "--lang", "en")
    assert r.exit_code == 0
    assert "Orientation to 2030" in r.stdout and "decrease (no number)" in r.stdout
    assert "≤ 0.5%" in r.stdout


def test_targets_json_is_the_contract_list():
    r = run("targets", "trieu-son", "--format", "json")
    assert r.exit_code == 0
    rows = json.loads(r.stdout)
    assert [x["id"] for x in rows][:3] == ["M1.1", "M1.2", "M1.3"] and len(rows) == 12
    m11 = rows[0]
    assert (m11["kind"], m11["comparator"], m11["value"], m11["unit"], m11["deadline"]) == ("rate", "<=", 0.5, "percent", 2025)
    assert m11["text_vi"].endswith("xuống 0,5%.") and m11["section"] == "II.1.a, gạch đầu dòng 1"


def test_targets_of_a_plan_without_numeric_targets_says_so():
    r = run("targets", "dak-nong-2024", "--lang", "en")
    assert r.exit_code == 0 and "sets no numeric target" in r.stdout
    assert "before 20/05" in r.stdout and "before 20/11" in r.stdout


def test_unknown_plan_is_exit_2_with_one_line():
    r = run("targets", "nowhere")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("cltrack: lỗi: không có kế hoạch 'nowhere'")  # Vietnamese by default
    r = run("targets", "nowhere", "--lang", "en")
    assert r.exit_code == 2 and r.stderr.startswith("cltrack: error: unknown plan 'nowhere'")


def test_broken_plan_file_is_exit_2_one_line_without_traceback(tmp_path):
    path = tmp_path / "trieu-son.yaml"
    path.write_text((REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8").replace('comparator: ">"', 'comparator: "=>"'), encoding="utf-8")
    for args in (["targets", str(path)], ["plans", "--targets-dir", str(tmp_path)]):
        r = run(*args)
        assert r.exit_code == 2, args
        errors = [line for line in r.stderr.splitlines() if line.startswith("cltrack: lỗi:")]
        assert len(errors) == 1 and "Traceback" not in r.output
        assert f"{path}:" in errors[0] and "plan-bad-comparator" in errors[0]


def test_user_plan_overriding_a_shipped_one_prints_a_notice_on_stderr(tmp_path):
    text = (REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8").replace("value: 0.5", "value: 0.4", 1)
    (tmp_path / "trieu-son.yaml").write_text(text, encoding="utf-8")
    r = run("targets", "trieu-son", "--format", "json", "--targets-dir", str(tmp_path), "--lang", "en")
    assert r.exit_code == 0
    assert json.loads(r.stdout)[0]["value"] == 0.4
    assert "user plan 'trieu-son' overrides the shipped plan" in r.stderr
    r = run("plans", "--lang", "en", CLTRACK_TARGETS=str(tmp_path))
    assert "overrides the shipped plan" in r.stderr and "user (overrides" in r.stdout


def test_lint_shipped_plans_is_clean():
    files = sorted(str(p) for p in (REPO / "targets").glob("*.yaml"))
    r = run("lint", *files)
    assert r.exit_code == 0, r.output
    assert r.stdout.count(": ok") == 5


def test_lint_prints_file_line_col_code_message_and_exits_1(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("id: x\nname: {vi: a, en: b}\nlevel: town\n", encoding="utf-8")
    r = run("lint", str(bad), str(REPO / "targets" / "hai-duong.yaml"), "--lang", "en")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert f"{bad}:3:8: plan-bad-value: invalid value for 'level': 'town' (expected one of national, province, district or sector)" in lines
    assert f"{bad}:1:1: plan-missing-key: missing required key 'issuer'" in lines
    assert lines[-1].endswith("hai-duong.yaml: ok")


def test_lint_says_expected_and_got_in_vietnamese_by_default_and_keeps_the_files_own_values(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text('id: x\nlevel: town\narea: {province: A, province_code: 38}\nsurvey_rules: nothing\nperiod: 2021\nname: "{x}"\n',
                   encoding="utf-8")
    lines = run("lint", str(bad)).stdout.splitlines()
    assert f"{bad}:2:8: plan-bad-value: Giá trị không hợp lệ cho 'level': 'town' (cần một trong national, province, district hoặc sector)" in lines
    assert (f"{bad}:3:36: plan-wrong-type: 'area.province_code' phải là mã tỉnh 2 chữ số theo danh mục GSO ghi dạng văn bản"
            " trong ngoặc kép, ví dụ \"38\", nhận được số nguyên '38'") in lines
    assert f"{bad}:5:9: plan-wrong-type: 'period' phải là một danh sách hai năm, nhận được số nguyên '2021'" in lines
    rows = json.loads(run("lint", str(bad), "--format", "json").stdout)
    said = {x["line"]: x["message"] for x in rows}
    assert said[4] == "Giá trị không hợp lệ cho 'survey_rules': 'nothing' (cần một trong vn_law hoặc ilo_sdg)"  # data is never a phrase
    assert said[6] == "'name' phải là một bảng với các khóa vi, en, nhận được văn bản '{x}'"


def test_lint_json_and_folder_argument(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\n", encoding="utf-8")
    r = run("lint", str(tmp_path), "--format", "json")
    assert r.exit_code == 1
    rows = json.loads(r.stdout)
    assert rows and all(x["code"] == "plan-missing-key" and x["line"] == 1 for x in rows)


def imported(args: list[str], cache_dir: Path) -> set[str]:
    """The modules a fresh process has imported after running `cltrack ARGS` (heavy ones and cltrack's own)."""
    code = (
        "import sys\n"
        "from cltrack.cli import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit as e:\n    rc = e.code\n"
        "mods = [m for m in sys.modules if m in ('pandas', 'openpyxl', 'numpy', 'yaml') or m.startswith('cltrack')]\n"
        "sys.stderr.write('MODULES=' + ','.join(sorted(mods)) + '\\n')\n"
    )
    env = {"NO_COLOR": "1", "COLUMNS": "120", "PATH": "/usr/bin:/bin", "CLTRACK_CACHE_DIR": str(cache_dir)}
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES="))
    return set(line.removeprefix("MODULES=").split(","))


PLAN_COMMANDS = [["--help"], ["plans"], ["targets", "trieu-son"], ["lint", "targets/dak-lak.yaml", "targets/trieu-son.yaml"]]


@pytest.mark.parametrize("args", PLAN_COMMANDS)
def test_plan_commands_do_not_import_pandas_openpyxl_or_numpy(args, tmp_path):
    cold, warm = imported(args, tmp_path), imported(args, tmp_path)
    assert not {"pandas", "openpyxl", "numpy"} & (cold | warm)
    # the second run reads the plans from the cache: no PyYAML, no parse
    assert "yaml" not in warm and "cltrack.plans.planfile" not in warm
    commands = {m for m in cold if m.startswith("cltrack.cli.") and m.endswith("_cmd")}
    assert commands == (set() if args == ["--help"] else {"cltrack.cli.plans_cmd"})


EXIT_SCRIPT = """
import atexit, sys, threading, time
sys.argv = ["cltrack", "targets", "nope"]  # exit 2, after a message on stderr
if "{pending}" == "atexit":
    atexit.register(lambda: sys.stderr.write("AT EXIT RAN\\n"))
elif "{pending}" == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), sys.stderr.write("THREAD FINISHED\\n"))).start()
from cltrack.cli import main
main()
"""


@pytest.mark.parametrize(("pending", "said"), [("atexit", "AT EXIT RAN"), ("thread", "THREAD FINISHED"), ("nothing", None)])
def test_the_quick_exit_never_skips_work_left_to_run_at_exit(pending, said, tmp_path):
    """With nothing registered to run at exit, cltrack skips the interpreter's teardown; an atexit callback or a running
    thread means a normal exit, which runs the callback and waits for the thread. The exit code and stderr are kept."""
    proc = subprocess.run([sys.executable, "-c", EXIT_SCRIPT.format(pending=pending)], cwd=REPO, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "CLTRACK_CACHE_DIR": str(tmp_path), "CLTRACK_LANG": "en"}, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("cltrack: error: unknown plan 'nope'")
    assert (said in proc.stderr) if said else proc.stderr.count("\n") == 1


@pytest.mark.parametrize("command", [["targets", "trieu-son"], ["plans"], ["lint", "targets"]])
def test_unchanged_plans_build_no_plan_object(command, tmp_path):
    imported(command, tmp_path)  # the first run fills the cache
    assert "cltrack.models" not in imported(command, tmp_path)


@pytest.mark.parametrize(("command", "words"), [
    (["targets", "dak-lak"], ["M1.1"]),  # the first target of the plan, in every form
    (["plans"], ["trieu-son", "dak-lak"]),
])
@pytest.mark.parametrize("args", [["--lang", "vi"], ["--lang", "en"], ["--format", "json"]])
@pytest.mark.parametrize("drawn", [False, True])
def test_from_the_cache_prints_what_a_fresh_read_prints(command, words, args, drawn, tmp_path, monkeypatch):
    import cltrack.render

    if drawn:
        monkeypatch.setattr(cltrack.render, "is_terminal", lambda: True)
    cache = str(tmp_path / "cache")
    fresh = run(*command, *args, CLTRACK_NO_CACHE="1")
    stored, served = (run(*command, *args, CLTRACK_CACHE_DIR=cache) for _ in range(2))
    assert fresh.exit_code == stored.exit_code == served.exit_code == 0
    assert fresh.stdout == stored.stdout == served.stdout
    assert all(word in served.stdout for word in words)


@pytest.mark.parametrize("args", [["--lang", "vi"], ["--lang", "en"], ["--format", "json"]])
def test_lint_from_the_cache_prints_what_a_fresh_read_prints(args, tmp_path):
    bad = tmp_path / "plans" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text((REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8") + "\nunheard_of: 1\n", encoding="utf-8")
    files = [str(REPO / "targets" / "trieu-son.yaml"), str(bad.parent)]
    cache = str(tmp_path / "cache")
    fresh = run("lint", *files, *args, CLTRACK_NO_CACHE="1")
    stored, served = (run("lint", *files, *args, CLTRACK_CACHE_DIR=cache) for _ in range(2))
    assert fresh.exit_code == stored.exit_code == served.exit_code == 1  # the unknown key is an error
    assert fresh.stdout == stored.stdout == served.stdout
    assert "plan-unknown-key" in served.stdout and "unheard_of" in served.stdout
    if args != ["--format", "json"]:
        assert f"{REPO / 'targets' / 'trieu-son.yaml'}: ok" in served.stdout and f"{bad}: ok" not in served.stdout
