"""Rollup writers: JSON, CSV (a row per target and unit, a column per year) and Excel with charts.

The Excel workbook has a summary sheet and a sheet per objective holding its targets' paths and,
for each target, a line chart of the path with the target as a flat line.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from cltrack.export import neutralise
from cltrack.i18n import label
from cltrack.outputs import atomic

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.rollup import Rollup, RollupRow

MAX_SERIES = 12  # lines per chart before the rest are left to the table
SHEET_LABELS: dict[str, tuple[str, str]] = {
    "summary": ("Tổng hợp", "Summary"),
    "target_line": ("Mục tiêu", "Target"),
    "target": ("Mục tiêu", "Target"),
    "unit": ("Đơn vị", "Unit"),
    "goal": ("Chỉ tiêu", "Goal"),
    "change": ("Thay đổi/năm", "Change per year"),
    "status": ("Trạng thái năm cuối", "Last status"),
    "verdict": ("Dự báo tiến độ", "Anticipated progress"),
    "projected": ("Dự kiến đến hạn", "Projected at deadline"),
    "why": ("Giải thích", "Why"),
}


def _l(key: str, lang: str) -> str:
    """A label from this module's table."""
    return label(key, lang, SHEET_LABELS)


def rollup_json(r: Rollup, lang: str = "en") -> str:
    """The rollup as one JSON object (numbers not rounded)."""
    return json.dumps(r.to_dict(lang), ensure_ascii=False, indent=2, allow_nan=False, default=str)


def csv_header(r: Rollup) -> list[str]:
    """Column names of the CSV."""
    return (["target", "objective", "unit", "unit_code", "level", "comparator", "target_value", "deadline"]
            + [str(y) for y in r.years]
            + ["change_per_year", "last_year", "last_status", "verdict", "method", "ratio", "cagr_observed",
               "cagr_required", "slope_observed", "slope_required", "projected_at_deadline", "explanation"])


def csv_record(row: RollupRow, years: list[int], lang: str) -> list[object]:
    """One CSV row."""
    p = row.progress
    return ([row.target, row.objective, row.unit, row.unit_code, row.level, row.comparator, row.target_value, row.deadline]
            + [row.values[y] for y in years]
            + [row.change_per_year, row.last_year, row.last_status, p.verdict, p.method, p.ratio, p.cagr_observed,
               p.cagr_required, p.slope_observed, p.slope_required, p.projected, p.explanation.get(lang)])


def rollup_csv(r: Rollup, lang: str = "en") -> str:
    """The rollup as CSV text, formula-looking text neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_header(r))
    for row in r.rows:
        w.writerow(["" if v is None else neutralise(v) for v in csv_record(row, r.years, lang)])
    return buf.getvalue()


def rollup_xlsx(r: Rollup, path: str | Path, lang: str = "en") -> Path:
    """Write the rollup workbook: a summary sheet and one sheet per objective with line charts."""
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference
    from openpyxl.styles import Font

    from cltrack.i18n import label

    wb = Workbook()
    ws = wb.active
    ws.title = _l("summary", lang)
    header = [_l("target", lang), _l("unit", lang), _l("goal", lang)] + [str(y) for y in r.years] + [
        _l("change", lang), _l("status", lang), _l("verdict", lang), _l("projected", lang), _l("why", lang)]
    ws.append(header)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in r.rows:
        p = row.progress
        ws.append([row.target, neutralise(row.unit), row.target_value] + [row.values[y] for y in r.years] + [
            row.change_per_year, label(f"status.{row.last_status}", lang), p.verdict, p.projected,
            neutralise(p.explanation.get(lang))])
    ws.freeze_panes = "D2"

    n = len(r.years)
    for objective in r.plan.objectives:
        rows = [row for row in r.rows if row.objective == objective]
        if not rows:
            continue
        sheet = wb.create_sheet(_sheet_name(label(f"objective.{objective}", lang)))
        sheet.append([_l("target", lang), _l("unit", lang)] + r.years)
        for c in sheet[1]:
            c.font = Font(bold=True)
        chart_row = 1
        by_target: dict[str, list[RollupRow]] = {}
        for row in rows:
            by_target.setdefault(row.target, []).append(row)
        data_rows: dict[str, tuple[int, int, int | None]] = {}
        for tid, trows in by_target.items():
            first = sheet.max_row + 1
            for row in trows:
                sheet.append([tid, neutralise(row.unit)] + [row.values[y] for y in r.years])
            last = sheet.max_row
            target_row = None
            if trows[0].target_value is not None:
                sheet.append([tid, _l("target_line", lang)] + [trows[0].target_value] * n)
                target_row = sheet.max_row
            data_rows[tid] = (first, last, target_row)
        anchor_col = chr(ord("A") + min(n + 3, 20))
        for tid, (first, last, target_row) in data_rows.items():
            chart = LineChart()
            trow = by_target[tid][0]
            chart.title = f"{tid}: {trow.short.get(lang)}"[:80]
            chart.y_axis.title = "%" if trow.unit_kind == "percent" else label("unit.count", lang)
            chart.x_axis.title = "Năm" if lang == "vi" else "Year"
            for rr in range(first, min(last, first + MAX_SERIES - 1) + 1):
                chart.add_data(Reference(sheet, min_col=2, max_col=2 + n, min_row=rr, max_row=rr), from_rows=True,
                               titles_from_data=True)
            if target_row is not None:
                chart.add_data(Reference(sheet, min_col=2, max_col=2 + n, min_row=target_row, max_row=target_row),
                               from_rows=True, titles_from_data=True)
                chart.series[-1].graphicalProperties.line.dashStyle = "dash"
            chart.set_categories(Reference(sheet, min_col=3, max_col=2 + n, min_row=1, max_row=1))
            chart.height, chart.width = 7.5, 16
            sheet.add_chart(chart, f"{anchor_col}{chart_row}")
            chart_row += 16
    out = Path(path)
    with atomic(out) as tmp:
        wb.save(tmp)
    return out


def _sheet_name(text: str) -> str:
    """A valid Excel sheet name (at most 31 characters, none of []:*?/\\)."""
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]
