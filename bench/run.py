"""Benchmark cltrack against bare baselines (issue 9). Not a test; CI does not run it.

    python bench/run.py [--runs 5] [--only startup,province,single,national,xlsx,survey,memory,site] [--rows 5000000]

Generates seeded inputs from the real gazetteer into bench/out/ (once; reused), then runs each
case and its baseline alternately, as whole processes, and prints the median wall time, the
median ratio case/baseline, and peak memory (max RSS of the process) per case.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
REPO = HERE.parent
PY = sys.executable
CLTRACK = [PY, "-m", "cltrack"]


@dataclass
class Timing:
    """One process run: wall seconds and peak resident memory in MiB."""

    wall: float
    max_rss_mib: float
    code: int
    cpu: float = 0.0  # user + system seconds: steadier than wall time on a busy machine


def run_once(cmd: list[str]) -> Timing:
    """Run `cmd` to completion; wall time and its own peak RSS from wait4. `VAR=value` words first set the environment."""
    env = dict(os.environ)
    while cmd and "=" in cmd[0] and not cmd[0].startswith("/"):
        name, value = cmd[0].split("=", 1)
        env[name] = value
        cmd = cmd[1:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Timing(wall, usage.ru_maxrss / 1024, proc.returncode, usage.ru_utime + usage.ru_stime)


def compare(name: str, case: list[str], base: list[str], runs: int) -> dict[str, object]:
    """Alternate case and baseline `runs` times after one warm-up; medians and the median ratio."""
    run_once(case), run_once(base)
    cases, bases, ratios = [], [], []
    for _ in range(runs):
        c, b = run_once(case), run_once(base)
        cases.append(c)
        bases.append(b)
        ratios.append(c.wall / b.wall)
    row = {
        "case": name,
        "median_s": statistics.median(t.wall for t in cases),
        "baseline_s": statistics.median(t.wall for t in bases),
        "ratio": statistics.median(ratios),
        "rss_mib": max(t.max_rss_mib for t in cases),
        "baseline_rss_mib": max(t.max_rss_mib for t in bases),
        "exit": sorted({t.code for t in cases}),
        "cpu_ratio": statistics.median(c.cpu / b.cpu for c, b in zip(cases, bases, strict=True) if b.cpu),
    }
    print(
        f"{name:<44} {row['median_s']:8.3f}s  base {row['baseline_s']:8.3f}s  "
        f"ratio {row['ratio']:5.2f} (cpu {row['cpu_ratio']:4.2f})  rss {row['rss_mib']:7.0f} MiB (base {row['baseline_rss_mib']:.0f})  exit {row['exit']}",
        flush=True,
    )
    return row


def bare(code: str) -> list[str]:
    """A baseline Python process running `code`."""
    return [PY, "-c", code]


def startup_cases(runs: int) -> list[dict[str, object]]:
    """Goal 1: start-up of the plan commands against importing typer and rich."""
    base = bare("import typer, rich")
    lint = [str(p) for p in sorted((REPO / "targets").glob("*.yaml"))]
    cold = ["CLTRACK_NO_CACHE=1"]
    return [
        compare("cltrack --help", [*CLTRACK, "--help"], base, runs),
        compare("cltrack plans", [*CLTRACK, "plans"], base, runs),
        compare("cltrack targets trieu-son", [*CLTRACK, "targets", "trieu-son"], base, runs),
        compare("cltrack lint targets/*.yaml", [*CLTRACK, "lint", *lint], base, runs),
        compare("cltrack plans (no plan cache)", [*cold, *CLTRACK, "plans"], base, runs),
        compare("cltrack targets trieu-son (no plan cache)", [*cold, *CLTRACK, "targets", "trieu-son"], base, runs),
        compare("cltrack lint targets/*.yaml (no plan cache)", [*cold, *CLTRACK, "lint", *lint], base, runs),
    ]


def read_baseline(path: Path) -> list[str]:
    """Import pandas and read every sheet of the workbook with calamine."""
    return bare(f"import pandas as pd; pd.read_excel({str(path)!r}, engine='calamine', sheet_name=None)")


def province_cases(runs: int) -> list[dict[str, object]]:
    """Goal 2: validate and evaluate one province workbook against the bare calamine read."""
    import generate

    wb = generate.province_workbook(OUT)
    base = read_baseline(wb)
    return [
        compare("validate province (Đắk Lắk, 5 years)", [*CLTRACK, "validate", str(wb)], base, runs),
        compare("evaluate dak-lak --format json", [*CLTRACK, "evaluate", "dak-lak", str(wb), "--format", "json"], base, runs),
    ]


def national_cases(runs: int) -> list[dict[str, object]]:
    """Goals 3 and 4: the national workbook (every commune, 5 years) evaluated with a national plan.

    No plan document covers the whole country, so a generated national plan of 40 targets
    (bench/out/national-bench.yaml) is evaluated: by province (goal 3), and by commune into an
    Excel report whose By-unit sheet holds every commune x 40 targets (goal 4). Goal 4's ratio
    comes from report_cells.py: the report against the very same cells of every sheet written
    unstyled with openpyxl's write-only mode, in one process; the whole command is timed too.
    """
    import generate

    wb = generate.national_workbook(OUT)
    plan = str(generate.national_plan(OUT))
    base = read_baseline(wb)
    evaluate = [*CLTRACK, "evaluate", plan, str(wb), "--level", "province", "--format", "json"]
    rows = [compare("evaluate national workbook --level province", evaluate, base, runs)]
    report = OUT / "report.xlsx"
    to_xlsx = [*CLTRACK, "evaluate", plan, str(wb), "--level", "commune", "--output", str(report)]
    rows.append(compare("evaluate national --output report.xlsx (whole)", to_xlsx, base, max(1, runs // 3)))
    by_unit = bare(generate.report_cells_baseline(OUT))
    rows.append(compare("  By-unit cells alone, write-only (for scale)", by_unit, base, max(1, runs // 3)))
    subprocess.run([PY, str(HERE / "report_cells.py"), plan, str(wb), "--runs", str(runs)], check=True, cwd=REPO)
    return rows


def single_sheet_cases(runs: int) -> list[dict[str, object]]:
    """Issue 20: evaluate dak-lak on one year of every pre-reform commune (one sheet) against the bare calamine read."""
    import generate

    wb = generate.national_one_year(OUT)
    case = [*CLTRACK, "evaluate", "dak-lak", str(wb), "--level", "province", "--format", "json"]
    return [compare("evaluate dak-lak, every commune 2024 (one sheet)", case, read_baseline(wb), runs)]


def survey_cases(runs: int, n_rows: int) -> list[dict[str, object]]:
    """Goal 5: survey rate with SEs by district against pyarrow reading the needed columns + one grouped sum."""
    import generate
    import pyarrow.parquet as pq

    from cltrack.compute.survey import needed_columns

    csv_path, parquet_path = generate.survey_files(OUT, n_rows)
    # the columns the rate with SEs by district needs: classification inputs, weight, strata, PSUs,
    # year, and the province a district is named within (those the file has)
    cols = repr(sorted(needed_columns(["district"]) & set(pq.read_schema(parquet_path).names)))
    rows = []
    for path in (csv_path, parquet_path):
        reader = "pyarrow.csv.read_csv" if path.suffix == ".csv" else "pyarrow.parquet.read_table"
        if path.suffix == ".csv":
            read = f"pyarrow.csv.read_csv({str(path)!r}, convert_options=pyarrow.csv.ConvertOptions(include_columns={cols}))"
        else:
            read = f"pyarrow.parquet.read_table({str(path)!r}, columns={cols})"
        code = (
            "import pyarrow, pyarrow.csv, pyarrow.parquet, pyarrow.compute as pc; "
            f"t = {read}; t.group_by('district').aggregate([('weight', 'sum')])"
        )
        case = [*CLTRACK, "survey", str(path), "--by", "district", "--format", "json"]
        rows.append(compare(f"survey {n_rows:,} rows ({reader.split('.')[1]})", case, bare(code), runs))
    return rows


AS_LIMIT = 2 << 30  # bytes of address space the memory case allows (issue 21)


def plain_csv(out: Path, n_rows: int) -> Path:
    """A CSV of `n_rows` plain rows `id,name,value` (no report table), written once."""
    path = out / f"plain-{n_rows}.csv"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write("id,name,value\n")
            for start in range(0, n_rows, 100_000):
                fh.write("".join(f"{i},name{i},{i * 7 % 1000}\n" for i in range(start, min(n_rows, start + 100_000))))
        tmp.replace(path)
    return path


def limited_run(cmd: list[str]) -> tuple[Timing, bool]:
    """Run `cmd` under the AS_LIMIT address-space limit: its timing, and whether stdout is whole, parseable JSON."""
    import json
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=REPO, preexec_fn=limit)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    try:
        json.loads(out)
        whole = True
    except ValueError:
        whole = False
    return Timing(time.perf_counter() - start, usage.ru_maxrss / 1024, code), whole


def memory_cases(sizes: tuple[int, ...] = (100_000, 1_000_000, 3_000_000)) -> list[dict[str, object]]:
    """Issue 21: peak RSS of validate and evaluate on plain CSVs (every row left out), under a 2 GiB address space."""
    rows: list[dict[str, object]] = []
    for command in ("validate", "evaluate"):
        points = []
        for n in sizes:
            path = str(plain_csv(OUT, n))
            cmd = [*CLTRACK, "validate", path, "--format", "json"] if command == "validate" else \
                  [*CLTRACK, "evaluate", "trieu-son", path, "--year", "2024", "--format", "json"]
            t, whole = limited_run(cmd)
            points.append((n, t.max_rss_mib))
            print(f"{command} plain csv {n:>9,} rows  {t.wall:7.2f}s  rss {t.max_rss_mib:7.1f} MiB  exit {t.code}  "
                  f"json {'whole' if whole else 'NOT whole'}", flush=True)
            rows.append({"case": f"{command} {n}", "rss_mib": t.max_rss_mib, "exit": t.code, "json": whole})
        (n0, r0), (n1, r1) = points[0], points[-1]
        print(f"{command}: slope {(r1 - r0) * 1024 * 1024 / (n1 - n0):.1f} bytes of peak RSS per left-out row "
              f"({n0:,} -> {n1:,} rows)", flush=True)
    return rows


SAMPLE_PLANS: tuple[tuple[str, tuple[str, ...]], ...] = (  # the shipped plans with their sample data (5 years each)
    ("trieu-son", ("sample_data/trieu-son",)),
    ("dak-lak", ("sample_data/dak-lak",)),
    ("hai-duong", ("sample_data/hai-duong", "sample_data/hai-duong-survey/survey-2024.csv")),
    ("son-ha-2024", ()),
    ("dak-nong-2024", ()),
)


def site_cases(runs: int) -> list[dict[str, object]]:
    """Issue 19: the site of every shipped plan against `evaluate --output report.xlsx` of each plan with data."""
    site = OUT / "site"
    args = [word for plan, paths in SAMPLE_PLANS for word in (plan, *paths)]
    evaluate = " && ".join(
        f"{PY} -m cltrack evaluate {plan} {' '.join(paths)} --output {OUT / f'report-{plan}.xlsx'}"
        for plan, paths in SAMPLE_PLANS if paths)
    row = compare("site (5 plans, 2021-2025) vs evaluate -o xlsx", [*CLTRACK, "site", *args, "--output", str(site)],
                  ["sh", "-c", evaluate], runs)
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    plan_pages = [p for p in pages if p.name == "index.html" and p.parent != site and p.parent.name != "en"]
    print(f"  {len(pages)} pages; largest page {pages[-1].stat().st_size / 1024:.0f} KiB ({pages[-1].relative_to(site)}); "
          f"largest plan page {max(p.stat().st_size for p in plan_pages) / 1024:.0f} KiB; "
          f"folder {sum(f.stat().st_size for f in site.rglob('*') if f.is_file()) / 2**20:.1f} MiB", flush=True)
    return [row]


def main() -> None:
    """Parse options, generate inputs, run the chosen cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="startup,province,single,national,xlsx,survey,memory,site")
    parser.add_argument("--rows", type=int, default=5_000_000, help="survey rows")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    os.environ.setdefault("CLTRACK_CACHE_DIR", str(OUT / "cache"))
    # byte-compile cltrack as `pip install` does for the wheel (an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every run)
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "src" / "cltrack")], check=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""})
    sys.path.insert(0, str(HERE))
    only = set(args.only.split(","))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {args.runs} runs per case (medians)")
    if "startup" in only:
        startup_cases(args.runs)
    if "province" in only:
        province_cases(args.runs)
    if "single" in only:
        single_sheet_cases(args.runs)
    if "national" in only or "xlsx" in only:
        national_cases(args.runs)
    if "survey" in only:
        survey_cases(args.runs, args.rows)
    if "memory" in only:
        memory_cases()
    if "site" in only:
        site_cases(args.runs)


if __name__ == "__main__":
    main()
