"""The Excel evaluation report, laid out to print as an office document.

The sheets are laid out in report_sheets.py (with the styles and helpers of report_style.py). Each
sheet function sets its widths and print setup and returns its rows as (values, style ids, height);
`write_xlsx` appends them through openpyxl's write-only (streaming) mode with a handful of shared
styles, so 400,000 results stay within reach of writing bare values. The file is saved in one place
(`_save`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.i18n import Lang
from cltrack.models import Result

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation


def write_xlsx(evaluation: Evaluation, path: str | Path, lang: Lang = "vi", *, unit_results: list[Result] | None = None) -> None:
    """The Excel report: Summary, By unit, Shortfalls, Findings, Chart, Provenance."""
    from openpyxl import Workbook

    from cltrack.export import report_sheets as sh
    from cltrack.export.office import use_font
    from cltrack.export.report_style import Styles, cells

    wb = Workbook(write_only=True)
    use_font(wb)
    st = Styles(wb, lang)
    sheets = [
        sh.summary(wb, evaluation, lang, st),
        sh.by_unit(wb, evaluation, unit_results or evaluation.results, lang, st),
        sh.shortfalls(wb, evaluation, lang, st),
        sh.findings(wb, evaluation, lang, st),
        sh.chart(wb, evaluation, lang, st),
        sh.provenance(wb, evaluation, lang, st),
    ]
    for ws, rows in sheets:
        for n, (values, styles, height) in enumerate(rows, start=1):
            if height:
                ws.row_dimensions[n].height = height
            ws.append(cells(ws, values, styles, st))
    _save(wb, path)


def _save(wb: Any, path: str | Path) -> None:
    """Save the workbook, whole or not at all (the one place the report is written)."""
    from cltrack.outputs import atomic

    with atomic(path) as tmp:
        wb.save(str(tmp))
