"""Machine and office output of an Evaluation: JSON and CSV per the contract, and the Excel report.

All three render the same `Evaluation`. CSV cells and Excel text cells that a spreadsheet would run
as formulas are neutralised. The Excel report is written in openpyxl's write-only (streaming)
mode, so 10,000 units x 40 targets stay fast.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack import __version__
from cltrack.export import neutralise, sha256_of
from cltrack.findings import cell_ref, hint, message
from cltrack.findings import to_dict as finding_dict
from cltrack.i18n import label
from cltrack.models import Result

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.evaluate import Evaluation

RESULT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Result))
STATUS_FILL: dict[str, str] = {
    "met": "C6EFCE",
    "on_track": "E2EFDA",
    "off_track": "FFEB9C",
    "shortfall": "FFC7CE",
    "no_data": "EDEDED",
}


def _clean(value: Any) -> Any:
    """JSON-safe: NaN -> None, whole floats stay floats except counts (handled by caller)."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def result_dict(r: Result) -> dict[str, Any]:
    """A result as the contract's JSON object (counts as whole numbers when whole)."""
    d = {k: _clean(v) for k, v in asdict(r).items()}
    for k in ("numerator", "denominator"):
        v = d.get(k)
        if isinstance(v, float) and v.is_integer() and r.source != "survey":
            d[k] = int(v)
    return d


def to_json(evaluation: Evaluation, lang: str = "en") -> str:
    """The contract's JSON object: plan, year, level, results, findings (plus completeness)."""
    e = evaluation
    doc = {
        "plan": e.plan.id,
        "year": e.year,
        "level": e.level,
        "unit": e.unit,
        "units_expected": e.units_expected,
        "units_reporting": e.units_reporting,
        "results": [result_dict(r) for r in e.results],
        "findings": [finding_dict(f, lang) for f in e.findings],
        "cltrack_version": __version__,
        "generated_at": e.generated_at,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    """numpy scalars (from pandas) as plain numbers; anything else as text."""
    item = getattr(value, "item", None)
    if callable(item):
        v = item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return str(value)


def to_csv(evaluation: Evaluation) -> str:
    """One row per result with the result columns, plus plan; formula-looking text neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("plan", *RESULT_FIELDS))
    for r in evaluation.results:
        d = result_dict(r)
        w.writerow([neutralise(evaluation.plan.id)] + [_csv_cell(d[k]) for k in RESULT_FIELDS])
    return buf.getvalue()


def _csv_cell(v: Any) -> Any:
    """'' for None, lower-case booleans, neutralised text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return neutralise(v)


# --------------------------------------------------------------------------- Excel


def write_xlsx(evaluation: Evaluation, path: str | Path, lang: str = "vi", *, unit_results: list[Result] | None = None) -> None:
    """The office report: Summary, By unit, Shortfalls, Findings, Chart, Provenance sheets."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    st = _Styles()
    _summary(wb, evaluation, lang, st)
    _by_unit(wb, evaluation, unit_results if unit_results is not None else evaluation.results, lang, st)
    _shortfalls(wb, evaluation, lang, st)
    _findings(wb, evaluation, lang, st)
    _chart(wb, evaluation, lang, st)
    _provenance(wb, evaluation, lang, st)
    wb.save(str(path))


class _Styles:
    """Named cell styles (created once; write-only cells share them)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.Font, self.PatternFill, self.Alignment = Font, PatternFill, Alignment
        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(bottom=thin)
        self.title = Font(bold=True, size=14)
        self.header_font = Font(bold=True, color="FFFFFF")
        self.header_fill = PatternFill("solid", fgColor="305496")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILL.items()}
        self.bold = Font(bold=True)


def _cell(ws: Any, value: Any, *, font: Any = None, fill: Any = None, fmt: str | None = None, align: Any = None) -> Any:
    """A write-only cell with optional style; text neutralised."""
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, value=neutralise(value) if isinstance(value, str) else value)
    if font is not None:
        c.font = font
    if fill is not None:
        c.fill = fill
    if fmt is not None:
        c.number_format = fmt
    if align is not None:
        c.alignment = align
    return c


def _header(ws: Any, names: list[str], st: _Styles) -> list[Any]:
    """A styled header row."""
    return [_cell(ws, n, font=st.header_font, fill=st.header_fill, align=st.wrap) for n in names]


def _widths(ws: Any, widths: list[float]) -> None:
    """Column widths (set before rows in write-only mode), and landscape printing one page wide."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _pct(x: float | None) -> float | None:
    """A percentage value as a fraction for Excel's 0.00% format."""
    return None if x is None else x / 100


def _status_label(r: Result, lang: str) -> str:
    """Status in words with the survey significance caveat."""
    words = label(f"status.{r.status}", lang)
    if r.significance == "not_significant" and r.status != "no_data":
        words += ", " + label("eval.not_significant", lang)
    if r.approximate:
        words += " (≈)"
    return words


def _summary(wb: Any, e: Evaluation, lang: str, st: _Styles) -> None:
    """Plan-area results: one row per result with status fills and number formats."""
    ws = wb.create_sheet(label("sheet.summary", lang))
    _widths(ws, [9, 34, 22, 10, 12, 12, 12, 12, 22, 10, 12, 14, 14, 12])
    ws.freeze_panes = "C3"
    title = f"{e.plan.name.get(lang)} — {label('eval.year', lang)} {e.year} — {label('eval.level', lang)}: {label('level.' + e.level, lang)}"
    ws.append([_cell(ws, title, font=st.title)])
    cols = ["eval.id", "eval.short", "eval.unit", "eval.target", "eval.actual", "eval.attainment", "eval.expected",
            "eval.baseline", "eval.status", "eval.gap", "eval.gap_count", "eval.numerator", "eval.denominator", "eval.reporting"]
    ws.append(_header(ws, [label(c, lang) for c in cols], st))
    for r in e.results:
        t = e.plan.target(r.target)
        percent = t is not None and (t.unit == "percent" or t.kind in ("ratio", "rate", "unit_share"))
        vfmt = '0.00"%"' if percent else "#,##0"
        target_txt = "" if t is None else _target_txt(t)
        ws.append([
            _cell(ws, r.target, font=st.bold),
            _cell(ws, t.short.get(lang) if t else r.target),
            _cell(ws, r.unit),
            _cell(ws, target_txt),
            _cell(ws, r.actual, fmt=vfmt),
            _cell(ws, _pct(r.attainment_pct), fmt="0.0%"),
            _cell(ws, r.expected_value, fmt=vfmt),
            _cell(ws, r.baseline, fmt=vfmt),
            _cell(ws, _status_label(r, lang), fill=st.fills.get(r.status)),
            _cell(ws, r.gap, fmt="0.00"),
            _cell(ws, r.gap_count, fmt="#,##0"),
            _cell(ws, r.numerator, fmt="#,##0"),
            _cell(ws, r.denominator, fmt="#,##0"),
            _cell(ws, f"{r.units_reporting}/{r.units_expected}"),
        ])


def _target_txt(t: Any) -> str:
    """'≥ 90%' style text of a target."""
    from cltrack.render.evaluate import target_text

    return target_text(t)


def _by_unit(wb: Any, e: Evaluation, results: list[Result], lang: str, st: _Styles) -> None:
    """Unit x target matrix of actual values, coloured by conditional formatting per target column."""
    from openpyxl.formatting.rule import CellIsRule, FormulaRule
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(label("sheet.by_unit", lang))
    present = {r.target for r in results}
    targets = [t for t in e.plan.targets if t.id in present]
    idx = {t.id: i for i, t in enumerate(targets)}
    units: dict[str, list[Any]] = {}
    for r in results:
        row = units.setdefault(r.unit_code or r.unit, [r.unit] + [None] * len(targets))
        row[1 + idx[r.target]] = r.actual
    _widths(ws, [30] + [14] * len(targets))
    ws.freeze_panes = "B3"
    n = len(units)
    last = 2 + n
    for i, t in enumerate(targets):
        col = get_column_letter(2 + i)
        rng = f"{col}3:{col}{max(last, 3)}"
        if t.comparator is None or t.value is None:
            continue
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f"ISBLANK({col}3)"], stopIfTrue=True))
        ok_op = {">=": "greaterThanOrEqual", ">": "greaterThan", "<=": "lessThanOrEqual", "<": "lessThan", "==": "equal"}[t.comparator]
        bad_op = {">=": "lessThan", ">": "lessThanOrEqual", "<=": "greaterThan", "<": "greaterThanOrEqual", "==": "notEqual"}[t.comparator]
        ws.conditional_formatting.add(rng, CellIsRule(operator=ok_op, formula=[repr(float(t.value))], fill=st.fills["met"]))
        ws.conditional_formatting.add(rng, CellIsRule(operator=bad_op, formula=[repr(float(t.value))], fill=st.fills["shortfall"]))
    ws.append([_cell(ws, f"{label('sheet.by_unit', lang)} — {label('eval.year', lang)} {e.year}", font=st.title)])
    ws.append(_header(ws, [label("eval.unit", lang)] + [f"{t.id} {_target_txt(t)}" for t in targets], st))
    from openpyxl.cell import WriteOnlyCell

    fmts = ['0.00' if (t.unit == "percent" or t.kind in ("ratio", "rate", "unit_share")) else "#,##0" for t in targets]
    styles = {f: _cell(ws, 0.0, fmt=f)._style for f in set(fmts)}  # one shared style per format: fast
    col_styles = [styles[f] for f in fmts]
    for row in units.values():
        cells: list[Any] = [neutralise(row[0])]
        for v, sid in zip(row[1:], col_styles, strict=True):
            if v is None:
                cells.append(None)
                continue
            c = WriteOnlyCell(ws, v)
            c._style = sid
            cells.append(c)
        ws.append(cells)


def _shortfalls(wb: Any, e: Evaluation, lang: str, st: _Styles) -> None:
    """Flagged results sorted by gap in people (largest first), with the Vietnamese target sentence."""
    ws = wb.create_sheet(label("sheet.shortfalls", lang))
    _widths(ws, [9, 28, 12, 12, 18, 12, 12, 80])
    ws.freeze_panes = "A2"
    cols = ["eval.id", "eval.unit", "eval.target", "eval.actual", "eval.status", "eval.gap", "eval.gap_count", "eval.sentence"]
    ws.append(_header(ws, [label(c, lang) for c in cols], st))
    flagged = sorted(e.flagged, key=lambda r: (-(r.gap_count if r.gap_count is not None else -1), r.target, r.unit))
    for r in flagged:
        t = e.plan.target(r.target)
        ws.append([
            _cell(ws, r.target, font=st.bold), _cell(ws, r.unit), _cell(ws, _target_txt(t) if t else ""),
            _cell(ws, r.actual, fmt="0.00"), _cell(ws, _status_label(r, lang), fill=st.fills.get(r.status)),
            _cell(ws, r.gap, fmt="0.00"), _cell(ws, r.gap_count, fmt="#,##0"),
            _cell(ws, t.text_vi if t else "", align=st.wrap),
        ])


def _findings(wb: Any, e: Evaluation, lang: str, st: _Styles) -> None:
    """Every finding with where it is, its message and fix."""
    ws = wb.create_sheet(label("sheet.findings", lang))
    _widths(ws, [10, 26, 30, 14, 8, 60, 50])
    ws.freeze_panes = "A2"
    cols = ["find.severity", "find.code", "prov.file", "prov.sheets", "find.where", "find.message", "find.hint"]
    ws.append(_header(ws, [label(c, lang) for c in cols], st))
    for f in e.findings:
        ws.append([
            _cell(ws, label(f"severity.{f.severity}", lang)), _cell(ws, f.code), _cell(ws, f.file or ""),
            _cell(ws, f.sheet or ""), _cell(ws, cell_ref(f)), _cell(ws, message(f, lang)), _cell(ws, hint(f, lang)),
        ])


def _chart(wb: Any, e: Evaluation, lang: str, st: _Styles) -> None:
    """Bar chart of attainment per target (plan-area results) with a 100% line."""
    from openpyxl.chart import BarChart, LineChart, Reference

    ws = wb.create_sheet(label("sheet.chart", lang))
    _widths(ws, [10, 14, 10])
    rows = [r for r in e.results if r.attainment_pct is not None]
    seen: set[str] = set()
    first = [r for r in rows if not (r.target in seen or seen.add(r.target))]  # type: ignore[func-returns-value]
    ws.append(_header(ws, [label("eval.id", lang), label("eval.attainment", lang), "100%"], st))
    for r in first:
        ws.append([_cell(ws, r.target), _cell(ws, round(r.attainment_pct or 0.0, 2), fmt="0.0"), _cell(ws, 100)])
    n = len(first)
    if n == 0:
        return
    bar = BarChart()
    bar.type = "col"
    bar.title = f"{label('eval.attainment', lang)} (%) — {e.plan.id} {e.year}"
    bar.y_axis.title = "%"
    bar.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    line = LineChart()
    line.add_data(Reference(ws, min_col=3, min_row=1, max_row=n + 1), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].smooth = False
    bar.y_axis.scaling.min = 0
    bar.y_axis.delete = False
    bar.x_axis.delete = False
    bar += line
    bar.width, bar.height = max(16, n * 1.2), 9
    ws.add_chart(bar, "E2")


def _provenance(wb: Any, e: Evaluation, lang: str, st: _Styles) -> None:
    """Each input file with its hash and row balance; the plan file and hash; version; time."""
    ws = wb.create_sheet(label("sheet.provenance", lang))
    _widths(ws, [40, 68, 12, 18, 12, 12, 14])
    cols = ["prov.file", "prov.sha256", "prov.kind", "prov.sheets", "prov.rows_read", "prov.rows_used", "prov.rows_left_out"]
    ws.append(_header(ws, [label(c, lang) for c in cols], st))
    for kind, sources in (("prov.report", e.sources), ("prov.survey", e.survey_sources)):
        for s in sources:
            ws.append([_cell(ws, s.path), _cell(ws, s.sha256), _cell(ws, label(kind, lang)), _cell(ws, ", ".join(s.sheets)),
                       _cell(ws, s.rows_read), _cell(ws, s.rows_used), _cell(ws, s.rows_left_out)])
    ws.append([])
    plan_src = e.plan.source
    plan_hash = sha256_of(plan_src) if plan_src and Path(plan_src).is_file() else ""
    ws.append([_cell(ws, label("prov.plan_file", lang), font=st.bold), _cell(ws, plan_src)])
    ws.append([_cell(ws, "SHA-256", font=st.bold), _cell(ws, plan_hash)])
    ws.append([_cell(ws, label("prov.version", lang), font=st.bold), _cell(ws, __version__)])
    ws.append([_cell(ws, label("prov.time", lang), font=st.bold), _cell(ws, e.generated_at)])


def write(evaluation: Evaluation, fmt: str, output: str | Path | None, lang: str, *, unit_results: list[Result] | None = None) -> str | None:
    """Write json/csv to `output` (or return the text for stdout); xlsx needs `output`."""
    if fmt == "xlsx":
        if output is None:
            from cltrack.errors import CltrackError

            raise CltrackError("--format xlsx needs --output FILE.xlsx")
        write_xlsx(evaluation, output, lang, unit_results=unit_results)
        return None
    text = to_json(evaluation, lang) if fmt == "json" else to_csv(evaluation)
    if output is None:
        return text
    Path(output).write_text(text if fmt == "json" else text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None
