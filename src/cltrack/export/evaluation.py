"""Machine and office output of an Evaluation: JSON and CSV per the contract, and the Excel report.

All three render the same `Evaluation`. CSV cells and Excel text cells that a spreadsheet would run
as formulas are neutralised. The Excel report is written in openpyxl's write-only (streaming)
mode with a handful of shared cell styles, so 400,000 results stay within reach of writing bare
values.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack import __version__
from cltrack.export import neutralise, sha256_of
from cltrack.findings import cell_ref, hint, message
from cltrack.findings import to_dict as finding_dict
from cltrack.i18n import label
from cltrack.models import Result
from cltrack.outputs import atomic, write_text

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation

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
    d = {k: _clean(getattr(r, k)) for k in RESULT_FIELDS}  # Result is flat: no deep copy (asdict) needed
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
#
# Each sheet function lays out its sheet (widths, frozen panes, conditional formatting, chart) and
# returns its rows as (values, style ids). `write_xlsx` appends them through openpyxl's write-only mode:
# a plain value where a cell has no style, else a write-only cell sharing one of the report's few
# styles, so no font, fill or format object is made per cell.

Row = tuple[Sequence[Any], Sequence[int]]  # cell values and their style ids (0 = no style)


def write_xlsx(evaluation: Evaluation, path: str | Path, lang: str = "vi", *, unit_results: list[Result] | None = None) -> None:
    """The Excel report: Summary, By unit, Shortfalls, Findings, Chart, Provenance."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    st = _Styles(wb)
    sheets = [
        _summary(wb, evaluation, lang, st),
        _by_unit(wb, evaluation, unit_results if unit_results is not None else evaluation.results, lang, st),
        _shortfalls(wb, evaluation, lang, st),
        _findings(wb, evaluation, lang, st),
        _chart(wb, evaluation, lang, st),
        _provenance(wb, evaluation, lang, st),
    ]
    for ws, rows in sheets:
        for values, styles in rows:
            ws.append(_cells(ws, values, styles, st))
    with atomic(path) as tmp:
        wb.save(str(tmp))


def _cells(ws: Any, values: Sequence[Any], styles: Sequence[int], st: _Styles) -> list[Any]:
    """One row for `ws.append`: text made safe, NaN blank, a styled write-only cell where a value has a style."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            v = cell_text(v)
        elif isinstance(v, float) and not math.isfinite(v):
            v = None
        style = styles[i] if i < len(styles) and v is not None else 0  # a blank cell stays empty and unformatted
        if style:
            cell = WriteOnlyCell(ws, v)
            cell._style = st.arrays[style]  # a shared, never mutated StyleArray: openpyxl's own style record
            v = cell
        out.append(v)
    return out


@lru_cache(maxsize=1 << 16)
def cell_text(value: str) -> str:
    """Text for a cell: neutralised (no formula), characters XML cannot hold removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", str(neutralise(value)))


class _Styles:
    """The report's cell styles, made once each; cells refer to them by id (0 = no style)."""

    def __init__(self, wb: Any) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.wb = wb
        self.fonts = {"title": Font(bold=True, size=14), "header": Font(bold=True, color="FFFFFF"), "bold": Font(bold=True)}
        self.fills = {"header": PatternFill("solid", fgColor="305496")} | {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILL.items()}
        self.aligns = {"wrap": Alignment(wrap_text=True, vertical="top")}
        self._ids: dict[tuple[str | None, ...], int] = {}
        self.arrays: dict[int, Any] = {}

    def id(self, font: str | None = None, fill: str | None = None, fmt: str | None = None, align: str | None = None) -> int:
        """The id of the style with this font / fill / number format / alignment (0 when none)."""
        key = (font, fill, fmt, align)
        if key == (None, None, None, None):
            return 0
        if key not in self._ids:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self.wb.worksheets[0])  # openpyxl registers the parts in this workbook's style lists
            if font is not None:
                cell.font = self.fonts[font]
            if fill is not None:
                cell.fill = self.fills[fill]
            if fmt is not None:
                cell.number_format = fmt
            if align is not None:
                cell.alignment = self.aligns[align]
            self._ids[key] = len(self._ids) + 1
            self.arrays[self._ids[key]] = cell._style
        return self._ids[key]

    def header(self, n: int) -> tuple[int, ...]:
        """Styles of a header row of `n` cells."""
        return (self.id("header", "header", align="wrap"),) * n

    def status(self, status: str) -> int:
        """The fill style of a status cell (no style for an unknown status)."""
        return self.id(fill=status) if status in STATUS_FILL else 0


def _header(names: list[str], st: _Styles) -> Row:
    """A styled header row."""
    return names, st.header(len(names))


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


def _status_labels(lang: str) -> Callable[[Result], str]:
    """`_status_label`, worked out once per distinct (status, significance, approximate)."""
    cache: dict[tuple[str, str | None, bool], str] = {}

    def get(r: Result) -> str:
        key = (r.status, r.significance, r.approximate)
        words = cache.get(key)
        if words is None:
            words = cache[key] = _status_label(r, lang)
        return words

    return get


def _summary(wb: Any, e: Evaluation, lang: str, st: _Styles) -> tuple[Any, Iterable[Row]]:
    """Plan-area results: one row per result with status fills and number formats."""
    ws = wb.create_sheet(label("sheet.summary", lang))
    _widths(ws, [9, 34, 22, 10, 12, 12, 12, 12, 22, 10, 12, 14, 14, 12])
    ws.freeze_panes = "C3"
    title = f"{e.plan.name.get(lang)} — {label('eval.year', lang)} {e.year} — {label('eval.level', lang)}: {label('level.' + e.level, lang)}"
    cols = ["eval.id", "eval.short", "eval.unit", "eval.target", "eval.actual", "eval.attainment", "eval.expected",
            "eval.baseline", "eval.status", "eval.gap", "eval.gap_count", "eval.numerator", "eval.denominator", "eval.reporting"]
    targets = {t.id: t for t in e.plan.targets}
    texts = {i: (t.short.get(lang), _target_txt(t)) for i, t in targets.items()}
    count = st.id(fmt="#,##0")

    def styles(percent: bool, status: str) -> tuple[int, ...]:
        v = st.id(fmt='0.00"%"' if percent else "#,##0")
        return (st.id("bold"), 0, 0, 0, v, st.id(fmt="0.0%"), v, v, st.status(status), st.id(fmt="0.00"), count, count, count, 0)

    row_styles = {(p, s): styles(p, s) for p in (False, True) for s in (*STATUS_FILL, "")}
    status_label = _status_labels(lang)

    def rows() -> Iterator[Row]:
        yield [title], (st.id("title"),)
        yield _header([label(c, lang) for c in cols], st)
        for r in e.results:
            t = targets.get(r.target)
            short, txt = texts[r.target] if t is not None else (r.target, "")
            key = (t is not None and t.percent, r.status if r.status in STATUS_FILL else "")
            yield [
                r.target, short, r.unit, txt, r.actual, _pct(r.attainment_pct), r.expected_value, r.baseline,
                status_label(r), r.gap, r.gap_count, r.numerator, r.denominator, f"{r.units_reporting}/{r.units_expected}",
            ], row_styles[key]

    return ws, rows()


def _target_txt(t: Any) -> str:
    """'≥ 90%' style text of a target."""
    from cltrack.present import target_text

    return target_text(t)


def _by_unit(wb: Any, e: Evaluation, results: list[Result], lang: str, st: _Styles) -> tuple[Any, Iterable[Row]]:
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
    last = 2 + len(units)
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
    title = [f"{label('sheet.by_unit', lang)} — {label('eval.year', lang)} {e.year}"], (st.id("title"),)
    header = _header([label("eval.unit", lang)] + [f"{t.id} {_target_txt(t)}" for t in targets], st)
    styles = (0, *(st.id(fmt="0.00" if t.percent else "#,##0") for t in targets))
    return ws, chain([title, header], ((row, styles) for row in units.values()))


def _shortfalls(wb: Any, e: Evaluation, lang: str, st: _Styles) -> tuple[Any, Iterable[Row]]:
    """Flagged results sorted by gap in people (largest first), with the Vietnamese target sentence."""
    ws = wb.create_sheet(label("sheet.shortfalls", lang))
    _widths(ws, [9, 28, 12, 12, 18, 12, 12, 80])
    ws.freeze_panes = "A2"
    cols = ["eval.id", "eval.unit", "eval.target", "eval.actual", "eval.status", "eval.gap", "eval.gap_count", "eval.sentence"]
    targets = {t.id: t for t in e.plan.targets}
    texts = {i: (_target_txt(t), t.text_vi) for i, t in targets.items()}
    two, count = st.id(fmt="0.00"), st.id(fmt="#,##0")
    row_styles = {s: (st.id("bold"), 0, 0, two, st.status(s), two, count, st.id(align="wrap")) for s in (*STATUS_FILL, "")}
    status_label = _status_labels(lang)

    def rows() -> Iterator[Row]:
        yield _header([label(c, lang) for c in cols], st)
        flagged = sorted(e.flagged, key=lambda r: (-(r.gap_count if r.gap_count is not None else -1), r.target, r.unit))
        for r in flagged:
            txt, sentence = texts.get(r.target, ("", ""))
            yield [r.target, r.unit, txt, r.actual, status_label(r), r.gap, r.gap_count, sentence], \
                row_styles[r.status if r.status in STATUS_FILL else ""]

    return ws, rows()


def _findings(wb: Any, e: Evaluation, lang: str, st: _Styles) -> tuple[Any, Iterable[Row]]:
    """Every finding with where it is, its message and fix."""
    ws = wb.create_sheet(label("sheet.findings", lang))
    _widths(ws, [10, 26, 30, 14, 8, 60, 50])
    ws.freeze_panes = "A2"
    cols = ["find.severity", "find.code", "prov.file", "prov.sheets", "find.where", "find.message", "find.hint"]
    rows = [_header([label(c, lang) for c in cols], st)]
    rows += [([label(f"severity.{f.severity}", lang), f.code, f.file or "", f.sheet or "", cell_ref(f), message(f, lang), hint(f, lang)],
              (0,) * 7) for f in e.findings]
    return ws, rows


def _chart(wb: Any, e: Evaluation, lang: str, st: _Styles) -> tuple[Any, Iterable[Row]]:
    """Bar chart of attainment per target (plan-area results) with a 100% line."""
    from openpyxl.chart import BarChart, LineChart, Reference

    ws = wb.create_sheet(label("sheet.chart", lang))
    _widths(ws, [10, 14, 10])
    seen: set[str] = set()
    first = [r for r in e.results if r.attainment_pct is not None and not (r.target in seen or seen.add(r.target))]  # type: ignore[func-returns-value]
    rows = [_header([label("eval.id", lang), label("eval.attainment", lang), "100%"], st)]
    rows += [([r.target, round(r.attainment_pct or 0.0, 2), 100], (0, st.id(fmt="0.0"), 0)) for r in first]
    n = len(first)
    if n == 0:
        return ws, rows
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
    return ws, rows


def _provenance(wb: Any, e: Evaluation, lang: str, st: _Styles) -> tuple[Any, Iterable[Row]]:
    """Each input file with its hash and row balance; the plan file and hash; version; time."""
    ws = wb.create_sheet(label("sheet.provenance", lang))
    _widths(ws, [40, 68, 12, 18, 12, 12, 14])
    cols = ["prov.file", "prov.sha256", "prov.kind", "prov.sheets", "prov.rows_read", "prov.rows_used", "prov.rows_left_out"]
    rows = [_header([label(c, lang) for c in cols], st)]
    for kind, sources in (("prov.report", e.sources), ("prov.survey", e.survey_sources)):
        rows += [([s.path, s.sha256, label(kind, lang), ", ".join(s.sheets), s.rows_read, s.rows_used, s.rows_left_out], (0,) * 7)
                 for s in sources]
    rows.append(([], ()))
    plan_src = e.plan.source
    plan_hash = sha256_of(plan_src) if plan_src and Path(plan_src).is_file() else ""
    bold = (st.id("bold"), 0)
    rows += [([label("prov.plan_file", lang), plan_src], bold), (["SHA-256", plan_hash], bold),
             ([label("prov.version", lang), __version__], bold), ([label("prov.time", lang), e.generated_at], bold)]
    return ws, rows


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
    write_text(output, text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None
