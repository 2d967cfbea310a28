"""Rollup writers: JSON, CSV (a row per target and unit, a column per year) and Excel with charts.

The Excel workbook has a summary sheet and a sheet per objective holding its targets' paths and,
for each target, a line chart of the path with the target as a flat line (two charts to a printed
page, after the table's pages). Every sheet prints on A4 landscape, one page wide, the header row
repeated; values show two decimals (the decimal comma in a Vietnamese workbook); verdicts are in
the workbook's language.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cltrack.export import csv_text, sheet_cell
from cltrack.i18n import Lang, label
from cltrack.outputs import atomic

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

    from cltrack.compute.rollup import Rollup, RollupRow

MAX_SERIES = 12  # lines per chart before the rest are left to the table
CHART_ROWS = 16  # rows a chart takes, so that two fit on a landscape A4 page
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
    "charts": ("Biểu đồ", "Charts"),
}


def _l(key: str, lang: Lang) -> str:
    """A label from this module's table."""
    return label(key, lang, SHEET_LABELS)


def rollup_json(r: Rollup, lang: Lang = "en") -> str:
    """The rollup as one JSON object (numbers not rounded)."""
    return json.dumps(r.to_dict(lang), ensure_ascii=False, indent=2, allow_nan=False, default=str)


def csv_header(r: Rollup) -> list[str]:
    """Column names of the CSV."""
    return (["target", "objective", "unit", "unit_code", "level", "comparator", "target_value", "deadline"]
            + [str(y) for y in r.years]
            + ["change_per_year", "last_year", "last_status", "verdict", "method", "ratio", "cagr_observed",
               "cagr_required", "slope_observed", "slope_required", "projected_at_deadline", "explanation"])


def csv_record(row: RollupRow, years: list[int], lang: Lang) -> list[str | float | None]:
    """One CSV row."""
    p = row.progress
    return ([row.target, row.objective, row.unit, row.unit_code, row.level, row.comparator, row.target_value, row.deadline]
            + [row.values[y] for y in years]
            + [row.change_per_year, row.last_year, row.last_status, p.verdict, p.method, p.ratio, p.cagr_observed,
               p.cagr_required, p.slope_observed, p.slope_required, p.projected, p.explanation.get(lang)])


def rollup_csv(r: Rollup, lang: Lang = "en") -> str:
    """The rollup as CSV text, formula-looking text neutralised."""
    return csv_text(csv_header(r), (csv_record(row, r.years, lang) for row in r.rows))


def rollup_xlsx(r: Rollup, path: str | Path, lang: Lang = "en") -> Path:
    """Write the rollup workbook: a summary sheet and one sheet per objective with line charts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    from cltrack.compute.progress import VERDICT_TEXT
    from cltrack.export.office import font, number_format, print_setup, row_height, use_font, widths
    from cltrack.i18n import label

    wb = Workbook()
    use_font(wb)
    thin = Side(style="thin", color="808080")
    box, head_fill = Border(left=thin, right=thin, top=thin, bottom=thin), PatternFill("solid", fgColor="DDEBF7")
    wrap, center = Alignment(wrap_text=True, vertical="top"), Alignment(wrap_text=True, horizontal="center", vertical="center")
    value_fmt = number_format("#,##0.00", lang)

    def table_row(ws: Any, values: Sequence[object], col_widths: list[float], fmt: dict[int, str] | None = None, header: bool = False) -> None:
        ws.append(values)
        n = ws.max_row
        for j, cell in enumerate(ws[n]):
            cell.border = box
            cell.alignment = center if header else wrap
            if header:
                cell.font, cell.fill = font(bold=True), head_fill
            elif fmt and j in fmt:
                cell.number_format = fmt[j]
        texts = [(v, w) for v, w in zip(values, col_widths, strict=False) if isinstance(v, str)]
        ws.row_dimensions[n].height = row_height(texts, bold=header)

    ws = cast("Worksheet", wb.active)  # a new workbook holds one worksheet
    ws.title = _l("summary", lang)
    years = [str(y) for y in r.years]
    header = [_l("target", lang), _l("unit", lang), _l("goal", lang), *years, _l("change", lang), _l("status", lang),
              _l("verdict", lang), _l("projected", lang), _l("why", lang)]
    cols = [9.0, 18.0, 10.0] + [9.0] * len(years) + [10.0, 13.0, 14.0, 11.0, 48.0]
    widths(ws, cols)
    print_setup(ws, landscape=True, title_rows="1:1")
    table_row(ws, header, cols, header=True)
    numbers = {j: value_fmt for j in range(2, 4 + len(years))} | {6 + len(years): value_fmt}  # goal, years, change; projected
    for row in r.rows:
        p = row.progress
        table_row(ws, [row.target, sheet_cell(row.unit), row.target_value] + [row.values[y] for y in r.years] + [
            row.change_per_year, label(f"status.{row.last_status}", lang), VERDICT_TEXT[p.verdict].get(lang), p.projected,
            sheet_cell(p.explanation.get(lang))], cols, numbers)
    ws.freeze_panes = "D2"

    n = len(r.years)
    for objective in r.plan.objectives:
        rows = [row for row in r.rows if row.objective == objective]
        if not rows:
            continue
        sheet = wb.create_sheet(_sheet_name(label(f"objective.{objective}", lang)))
        ocols = [9.0, 22.0] + [9.0] * n
        widths(sheet, ocols)
        print_setup(sheet, landscape=True, title_rows="1:1")
        table_row(sheet, [_l("target", lang), _l("unit", lang)] + years, ocols, header=True)
        by_target: dict[str, list[RollupRow]] = {}
        for row in rows:
            by_target.setdefault(row.target, []).append(row)
        data_rows: dict[str, tuple[int, int, int | None]] = {}
        fmt = {j: value_fmt for j in range(2, 2 + n)}
        for tid, trows in by_target.items():
            first = sheet.max_row + 1
            for row in trows:
                table_row(sheet, [tid, sheet_cell(row.unit)] + [row.values[y] for y in r.years], ocols, fmt)
            last = sheet.max_row
            target_row = None
            if trows[0].target_value is not None:
                table_row(sheet, [tid, _l("target_line", lang)] + [trows[0].target_value] * n, ocols, fmt)
                target_row = sheet.max_row
            data_rows[tid] = (first, last, target_row)
        charts = wb.create_sheet(_sheet_name(f"{_l('charts', lang)} {sheet.title}"))
        print_setup(charts, landscape=True)
        _charts(charts, sheet, r, lang, by_target, data_rows)
    out = Path(path)
    _save(wb, out)
    return out


def _charts(ws: Any, sheet: Any, r: Rollup, lang: Lang, by_target: dict[str, list[RollupRow]], data_rows: dict[str, tuple[int, int, int | None]]) -> None:
    """On sheet `ws`, a line chart per target of the table on `sheet`, two to a printed page."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.worksheet.pagebreak import Break

    from cltrack.export.office import chart_fonts
    from cltrack.i18n import label

    n = len(r.years)
    chart_row = 1
    for k, (tid, (first, last, target_row)) in enumerate(data_rows.items()):
        chart = LineChart()
        trow = by_target[tid][0]
        chart_fonts(chart, f"{tid}: {trow.short.get(lang)}"[:80], y_title="%" if trow.unit_kind == "percent" else label("unit.count", lang),
                    x_title="Năm" if lang == "vi" else "Year")
        for rr in range(first, min(last, first + MAX_SERIES - 1) + 1):
            chart.add_data(Reference(sheet, min_col=2, max_col=2 + n, min_row=rr, max_row=rr), from_rows=True, titles_from_data=True)
        if target_row is not None:
            chart.add_data(Reference(sheet, min_col=2, max_col=2 + n, min_row=target_row, max_row=target_row), from_rows=True,
                           titles_from_data=True)
            chart.series[-1].graphicalProperties.line.dashStyle = "dash"
        chart.set_categories(Reference(sheet, min_col=3, max_col=2 + n, min_row=1, max_row=1))
        chart.height, chart.width = 7.5, 22
        ws.add_chart(chart, f"A{chart_row}")
        chart_row += CHART_ROWS
        if k % 2 == 1 and k < len(data_rows) - 1:
            ws.row_breaks.append(Break(id=chart_row - 1))
    ws.cell(row=chart_row - 1, column=1, value=" ")  # the print area reaches the foot of the last chart


def _save(wb: Any, path: Path) -> None:
    """Save the workbook, whole or not at all (the one place the rollup workbook is written)."""
    with atomic(path) as tmp:
        wb.save(tmp)


def _sheet_name(text: str) -> str:
    """A valid Excel sheet name (at most 31 characters, none of []:*?/\\)."""
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]
