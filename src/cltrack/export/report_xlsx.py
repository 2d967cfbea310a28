"""The Excel evaluation report, laid out to print as an office document.

The sheets are laid out in report_sheets.py (with the formats and helpers of report_style.py). Each
sheet function sets its widths and print setup and returns its rows as (values, style ids, height);
`write_xlsx` writes them row by row through XlsxWriter's constant-memory mode (each row goes to disk
when the next begins) with a handful of shared formats, made once each, never one per cell, so
400,000 results take about what writing the bare values takes. The file is written whole or not at
all (`outputs.atomic`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.export import cell_text
from cltrack.i18n import Lang
from cltrack.models import Result

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation
    from cltrack.export.report_style import Row, Styles


def write_xlsx(evaluation: Evaluation, path: str | Path, lang: Lang = "vi", *, unit_results: list[Result] | None = None) -> None:
    """The Excel report: Summary, By unit, Shortfalls, Findings, Chart, Provenance."""
    from cltrack.export import report_sheets as sh
    from cltrack.export.report_style import Styles
    from cltrack.outputs import atomic

    with atomic(path) as tmp:
        wb = new_workbook(tmp)
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
            write_rows(ws, rows, st)
        close(wb)


def new_workbook(path: str | Path) -> Any:
    """An XlsxWriter workbook in constant-memory mode, the document font its default; text is never
    read as a formula, number or link (cells hold what the report says)."""
    import xlsxwriter

    from cltrack.export.office import FONT, SIZE

    return xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "default_format_properties": {"font_name": FONT, "font_size": SIZE},
    })


def write_rows(ws: Any, rows: Iterable[Row], st: Styles) -> None:
    """Write a sheet's rows in order: each row as tall as its wrapped texts need (`Styles.height`), text made
    safe, NaN blank, each value with its shared format, merged ranges where the sheet asked for them (`Styles.merge`)."""
    spans = st.merges.get(ws.name, {})
    formats = st.formats
    for r, (values, styles, given) in enumerate(rows):
        height = max(given or 0.0, st.height(ws.name, r, values, styles) or 0.0)
        if height:
            ws.set_row(r, height)
        merged_at = spans.get(r, {})
        skip = -1
        for c, v in enumerate(values):
            if c <= skip:
                continue  # inside a merged range written with its first cell
            style = styles[c] if c < len(styles) else 0
            kind = type(v)
            if kind is float and not math.isfinite(v):
                v, kind = None, type(None)
            if v is None and style:  # a blank cell has nothing to format: only the table's grid, when it is in the table
                style = st.blank if st.boxed(style) else 0
            fmt = formats[style] if style else None
            if c in merged_at:
                skip = merged_at[c]
                ws.merge_range(r, c, r, skip, cell_text(v) if kind is str else v, fmt)
            elif kind is str:
                ws.write_string(r, c, cell_text(v), fmt)
            elif kind is float or kind is int:
                ws.write_number(r, c, v, fmt)
            elif kind is bool:
                ws.write_boolean(r, c, v, fmt)
            elif v is None:
                if fmt is not None:
                    ws.write_blank(r, c, None, fmt)
            else:
                ws.write(r, c, v, fmt)
        for c, last in merged_at.items():  # a merged range beyond the row's values (a blank, merged line)
            if c >= len(values):
                ws.merge_range(r, c, r, last, None, None)


def close(wb: Any) -> None:
    """Write the workbook's file; the writer's wrapped OSError (a full disk ...) raised as the OSError it is."""
    from xlsxwriter.exceptions import FileCreateError

    try:
        wb.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        raise cause if isinstance(cause, OSError) else OSError(str(exc)) from None
