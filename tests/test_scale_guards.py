"""Large inputs are handled per column and per distinct value, never per row (issue 9).

Counted, not timed: on a 100,000-row report, unit names are resolved once per distinct unit and
text cells parsed once per distinct text, and evaluate computes each result once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cltrack.compute import attainment
from cltrack.reading import cells, units
from cltrack.reading.reports import read_reports
from cltrack.units.gazetteer import load
from guards import counting

ROWS = 100_000


def _big_csv(path: Path) -> tuple[Path, int]:
    """100,000 rows over Triệu Sơn's 32 communes, counts typed as text with a thousands dot."""
    communes = [u.name for u in load("2025-01").children("397", "commune")]
    lines = ["district,commune,year,parents,parents_informed"]
    for i in range(ROWS):
        lines.append(f"Huyện Triệu Sơn,{communes[i % len(communes)]},2024,\"1.{i % 7:03d}\",{500 + i % 11}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, len(communes)


def test_a_100000_row_report_resolves_each_unit_and_text_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, n_units = _big_csv(tmp_path / "big-2024.csv")
    resolved = counting(monkeypatch, units.UnitResolver, "resolve")
    parsed = counting(monkeypatch, cells, "parse_text")
    data = read_reports([path])
    assert len(data.rows) == ROWS
    assert data.rows["parents"].sum() == sum(1000 + i % 7 for i in range(ROWS))
    assert resolved[0] <= n_units + 1  # one per distinct unit (and at most one header probe)
    assert parsed[0] <= 100  # 7 distinct texts, never 100,000


def test_evaluate_on_a_100000_row_report_computes_each_result_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cltrack.compute.evaluate import evaluate
    from cltrack.plans.catalogue import load_plan

    path, _ = _big_csv(tmp_path / "big-2024.csv")
    data = read_reports([path])
    figures = counting(monkeypatch, attainment, "figures")
    plan = load_plan("trieu-son")
    ev = evaluate(plan, data, year=2024, level="commune")
    assert figures[0] <= len(plan.targets) * 32  # per target and commune at most, not per row
    m21b = next(r for r in ev.results if r.target == "M2.1b" and r.unit == "Xã Dân Lực")
    # Each commune is on ~3,125 rows of 2024 with different figures: all are duplicates in error,
    # left out of every sum (never added up as one commune's figures).
    assert (m21b.denominator, m21b.status) == (None, "no_data")
    assert sum(f.code == "duplicate-unit-year" for f in ev.findings) == ROWS
    assert (ev.rows_used, ev.rows_left_out - 1) == (0, ROWS)  # the header row is the one other row left out
