"""The Excel report at national scale: per-value work (labels, texts, styles) does not grow with rows."""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from pathlib import Path

import pytest

from cltrack.compute import evaluate as ev
from cltrack.compute import scope
from cltrack.export import evaluation as out
from cltrack.export import report_sheets as sheets
from cltrack.export import report_style as xlsx
from cltrack.models import Result
from evalkit import plan, report, target, ts_area_frame

TARGETS = [target(f"M1.{i}", numerator=("parents_informed",), denominator=("parents",), comparator=">=", value=90.0) for i in range(1, 6)]


def _unit_results(n_units: int) -> list[Result]:
    """`n_units` communes x the five targets, statuses mixed, some blanks."""
    return [
        Result(target=t.id, unit=f"Xã {u}", unit_code=str(u), level="commune", year=2024, numerator=9.0, denominator=10.0,
               actual=None if u % 7 == 0 else 90.0 - u % 3, comparator=">=", target_value=90.0, attainment_pct=100.0,
               status=("met", "shortfall", "off_track")[u % 3], gap=0.0, gap_count=u % 5, units_reporting=1, units_expected=1)
        for u in range(n_units) for t in TARGETS
    ]


def _write_counting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n_units: int) -> Counter[str]:
    """Write a commune-level report of `n_units` units; count label look-ups, target texts and style registrations."""
    from xlsxwriter.workbook import Workbook

    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    e = ev.evaluate(plan(TARGETS), report([{"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 9}], ts_area_frame()), year=2024)
    e.results = _unit_results(n_units)  # the plan-area sheets get every row too, as at --level commune
    calls: Counter[str] = Counter()

    def counted(name: str, f):  # noqa: ANN001, ANN202
        def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            calls[name] += 1
            return f(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(sheets, "label", counted("label", sheets.label))
    monkeypatch.setattr(xlsx, "label", counted("label", xlsx.label))
    monkeypatch.setattr(sheets, "target_txt", counted("target_text", sheets.target_txt))
    monkeypatch.setattr(Workbook, "add_format", counted("style", Workbook.add_format))  # a cell format made
    out.write_xlsx(e, tmp_path / f"r{n_units}.xlsx", "vi")
    monkeypatch.undo()
    return calls


def test_per_value_work_does_not_grow_with_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Labels, target texts and cell styles are made once per distinct value, not once per row or cell."""
    small, large = _write_counting(tmp_path, monkeypatch, 30), _write_counting(tmp_path, monkeypatch, 600)
    assert small == large
    assert 0 < large["style"] < 100  # one per cell format, none per cell


def test_large_report_sheets_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row of the three large sheets is in the file, with its values and status fill."""
    from openpyxl import load_workbook

    _write_counting(tmp_path, monkeypatch, 600)
    wb = load_workbook(tmp_path / "r600.xlsx", read_only=True)
    summary, by_unit, short = (list(wb[name].iter_rows(values_only=True)) for name in ("Tổng hợp", "Theo đơn vị", "Chưa đạt"))
    head = 10  # the heading block, the title lines and the header row
    assert len(summary) == head + 600 * 5 + 4 and len(by_unit) == 2 + 600 and len(short) == 1 + 400 * 5
    assert by_unit[2 + 1][2:-1] == (89.0,) * 5
    assert by_unit[2 + 7][1] == "Xã 7" and all(v is None for v in by_unit[2 + 7][2:-1])  # blank, not zero
    assert by_unit[2 + 7][-1] == "không"
    assert summary[head + 5][2] == "Xã 1" and summary[head + 5][4] == 89.0


def test_cell_text_is_neutralised_and_cleaned() -> None:
    assert xlsx.cell_text("=SUM(A2)") == "'=SUM(A2)"
    assert xlsx.cell_text("a<b & c>") == "a<b & c>"  # openpyxl escapes it
    assert xlsx.cell_text(" x\x01") == " x"  # a control character XML cannot hold is dropped


def test_text_with_a_control_character_and_a_nan_figure_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    monkeypatch.setattr(scope, "area_units", lambda p: ts_area_frame())
    e = ev.evaluate(plan(TARGETS), report([{"commune": "Xã Dân Lực", "parents": 10, "parents_informed": 9}], ts_area_frame()), year=2024)
    e.results = [dataclasses.replace(r, unit="Xã\x07 Dân Lực", actual=math.nan) for r in e.results]
    out.write_xlsx(e, tmp_path / "r.xlsx", "en")
    rows = list(load_workbook(tmp_path / "r.xlsx", read_only=True)["Summary"].iter_rows(min_row=11, max_row=10 + len(e.results), values_only=True))
    assert rows and all(row[2] == "Xã Dân Lực" and row[4] is None for row in rows)
