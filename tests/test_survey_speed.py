"""`cltrack survey` on large files works per column and per distinct value, never per row (issue 9).

Counted, not timed: going from 50,000 to 100,000 children (csv and Parquet) adds no calls of any
Python function (beyond a few per distinct value), unit names are resolved once per distinct unit,
and text cells are parsed once per distinct text.
"""

from __future__ import annotations

import cProfile
import pstats
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cltrack.compute import survey
from cltrack.reading import survey_values, units
from cltrack.units.gazetteer import load
from guards import counting

ROWS = 100_000
PER_ROW = 1_000  # more calls than this for 50,000 more rows: something runs per row (or per few rows)


def _children() -> tuple[pd.DataFrame, int]:
    """100,000 children over Triệu Sơn's communes, flags and sex as office text, hours as text in one column."""
    communes = [u.name for u in load("2025-01").children("397", "commune")]
    rng = np.random.default_rng(9)
    commune = rng.choice(communes, ROWS)
    frame = pd.DataFrame({
        "province": "Tỉnh Thanh Hóa", "district": "Huyện Triệu Sơn", "commune": commune, "year": 2024,
        "age": rng.integers(5, 18, ROWS), "sex": rng.choice(["nam", "nữ"], ROWS),
        "hours_work": rng.choice(["0", "2", "25", "1,5", ""], ROWS), "hours_chores": rng.integers(0, 30, ROWS),
        "hazardous_work": rng.choice(["có", "không"], ROWS), "in_school": rng.choice([True, False], ROWS),
        "weight": rng.uniform(50, 150, ROWS).round(3), "stratum": rng.choice(["thành thị", "nông thôn"], ROWS), "psu": commune,
    })
    return frame, len(communes)


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], int]:
    """The same children as csv and as Parquet, 100,000 and the first 50,000, and the number of communes."""
    frame, n_units = _children()
    folder = tmp_path_factory.mktemp("big")
    files = []
    for rows in (ROWS, ROWS // 2):
        part = frame.iloc[:rows]
        part.to_csv(folder / f"children-{rows}.csv", index=False)
        part.to_parquet(folder / f"children-{rows}.parquet", index=False)
        files += [folder / f"children-{rows}.csv", folder / f"children-{rows}.parquet"]
    return files, n_units


def _calls(path: Path) -> dict[tuple[str, int, str], int]:
    """How often each function is called by `survey_report` on a file, by commune and sex."""
    profile = cProfile.Profile()
    report = profile.runcall(survey.survey_report, [path], by=["commune", "sex"])
    assert report.groups is not None
    assert int(report.groups["n_unweighted"].sum() + report.groups["n_excluded"].sum()) == int(path.stem.split("-")[-1])  # blank hours: excluded, counted
    return {where: counts[1] for where, counts in pstats.Stats(profile).stats.items()}  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_survey_by_commune_calls_no_python_function_per_row(big_files: tuple[list[Path], int], suffix: str) -> None:
    big, half = (p for p in big_files[0] if p.suffix == suffix)
    _calls(half)  # warm up: the gazetteer and rules are loaded once per process
    small, large = _calls(half), _calls(big)
    growth = {where: n - small.get(where, 0) for where, n in large.items()}
    (file, line, name), grown = max(growth.items(), key=lambda item: item[1])
    assert grown < PER_ROW, f"{name} ({file}:{line}) is called {grown} more times for {ROWS // 2} more rows"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_survey_resolves_each_unit_and_parses_each_text_once(big_files: tuple[list[Path], int], suffix: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = next(p for p in big_files[0] if p.suffix == suffix)  # the 100,000 rows
    resolved = counting(monkeypatch, units.UnitResolver, "resolve")
    parsed = {name: counting(monkeypatch, survey_values, f"_{name}") for name in ("number", "text", "flag", "sex")}
    report = survey.survey_report([path], by=["commune"])
    assert report.groups is not None and len(report.groups) == big_files[1]
    assert resolved[0] <= big_files[1] + 1  # one per distinct unit
    assert max(calls[0] for calls in parsed.values()) <= 2 * big_files[1] + 10  # per distinct text, never per row


def test_the_survey_path_does_not_load_the_report_reader() -> None:
    """`cltrack.compute.survey` and its reader leave the report layout, workbook and cell modules unloaded."""
    import subprocess
    import sys

    code = "import sys, cltrack.compute.survey, cltrack.reading.survey; print(sorted(m for m in sys.modules if m.startswith('cltrack.reading')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout
    loaded = set(eval(out))  # noqa: S307 - a list literal printed by the child process
    assert loaded >= {"cltrack.reading.survey"}
    assert not loaded & {"cltrack.reading.layout", "cltrack.reading.workbook", "cltrack.reading.cells", "cltrack.reading.reports"}


def test_the_survey_reader_imports_nothing_above_the_reading_layer() -> None:
    """No import cycle survey reader <-> estimator: reading/ imports neither compute/ nor a writer (export/)."""
    import ast

    root = Path(__file__).parents[1] / "src" / "cltrack" / "reading"
    for path in (root / "survey.py", root / "rulefile.py", root / "grouping.py"):
        names = {n.module for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.ImportFrom) and n.module}
        assert not {m for m in names if m.startswith(("cltrack.compute", "cltrack.export", "cltrack.render", "cltrack.cli"))}, path


def test_importing_the_survey_package_loads_no_scipy() -> None:
    """scipy is imported by the survey intervals when they run, not when cltrack or the survey package is imported."""
    import subprocess
    import sys

    code = "import sys, cltrack.cli, cltrack.compute.survey; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout
    assert out.strip() == "False"
