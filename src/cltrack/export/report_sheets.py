"""The sheets of the Excel evaluation report, each laid out for A4 (report_xlsx.py writes them).

Summary opens with the official heading block (issuing office; CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM /
Độc lập - Tự do - Hạnh phúc; place and date) and ends with signature blocks. By unit has the
district, the unit, a column per target and whether the unit reported; each district's subtotal
row holds the district's own results (pooled sums from `evaluate`, never an average of its
communes). The chart prints on a page of its own, its bars coloured by status.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack import __version__
from cltrack.digest import sha256_of
from cltrack.export.office import (
    chart_style,
    column_widths,
    page_setup,
    place_date_line,
    place_name,
)
from cltrack.export.report_style import (
    STATUS_BAR,
    STATUS_FILL,
    Row,
    Styles,
    header_row,
    lbl,
    pct,
    status_labels,
    target_txt,
)
from cltrack.export.typeface import fit_width, word_width
from cltrack.findings import cell_ref, hint, message
from cltrack.i18n import Lang, date, label
from cltrack.models import Result
from cltrack.present import baseline_cell, flagged_line, value_text

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation

Sheet = tuple[Any, Iterable[Row]]
SUMMARY: tuple[tuple[str, float], ...] = (
    ("eval.id", 8), ("eval.short", 30), ("eval.unit", 16), ("eval.target", 9), ("eval.actual", 10), ("eval.attainment", 9),
    ("eval.expected", 10), ("eval.baseline", 14), ("eval.status", 15), ("eval.gap", 9), ("eval.gap_count", 10),
    ("eval.numerator", 10), ("eval.denominator", 10), ("eval.reporting", 8), ("eval.coverage", 9),
)
HEAD_ROWS = 9  # heading block, title lines and blank lines above the Summary's table
LEFT, RIGHT = (1, 4), (8, 14)  # columns of the issuing office (left) and the national heading (right)


def _sheet(wb: Any, st: Styles, name: str, col_widths: list[float], head: list[str], *, title_rows: tuple[int, int] | None = (1, 1),
           one_page: bool = False) -> Any:
    """A new landscape sheet with its widths (each wide enough for its bold header's widest word, and kept for the rows'
    heights) and print setup, both before its first row."""
    ws = wb.add_worksheet(name)
    col_widths = [max(w, word_width(h, bold=True)) for w, h in zip(col_widths, head, strict=True)]
    column_widths(ws, col_widths)
    st.widths[ws.name] = [int(w * 7 + 5) / 7 for w in col_widths]  # as XlsxWriter writes them: 5 pixels of padding added
    page_setup(ws, landscape=True, title_rows=title_rows, one_page=one_page)
    return ws


def summary(wb: Any, e: Evaluation, lang: Lang, st: Styles) -> Sheet:
    """Heading block, title, plan-area results (status fills, number formats, coverage), the flagged and
    insufficient_data counts, signature blocks."""
    cols = [w for _, w in SUMMARY]
    shares = {f"{r.units_reporting}/{r.units_expected}" for r in e.results}
    cols[13] = max([cols[13], *(fit_width(t) for t in shares)])  # '18/19' on one line, never wrapped
    head = [label(c, lang) for c, _ in SUMMARY]
    ws = _sheet(wb, st, label("sheet.summary", lang), cols, head, title_rows=(HEAD_ROWS + 1, HEAD_ROWS + 1))
    ws.freeze_panes(f"C{HEAD_ROWS + 2}")
    n = len(SUMMARY)
    place = place_name(e.plan.area.name)
    dated = place_date_line(place, e.generated_at) if lang == "vi" else f"{place}, {date(e.generated_at[:10], lang)}"
    unit = f"{label('eval.level', lang)}: {label('level.' + e.level, lang)} — {e.unit or e.plan.area.name}"
    title = lbl("report", lang, year=e.year)
    name = e.plan.name.get(lang)
    counts_row = HEAD_ROWS + 1 + len(e.results) + 1
    sign_row = counts_row + 2
    for r, (a, b) in [(1, LEFT), (1, RIGHT), (2, LEFT), (2, RIGHT), (4, RIGHT), (6, (1, n)), (7, (1, n)), (8, (1, n)), (counts_row, (1, n)),
                      (sign_row, LEFT), (sign_row, RIGHT), (sign_row + 1, LEFT), (sign_row + 1, RIGHT)]:
        st.merge(ws, r, a, b)
    bold, center, italic = st.id("bold", align="center", box=False), st.id(align="center", box=False), st.id("italic", align="center", box=False)
    motto, big = st.id("motto", align="center", box=False), st.id("title", align="center", box=False)

    def at(left: str, right: str, style_left: int, style_right: int) -> Row:
        values = [left] + [None] * (RIGHT[0] - 2) + [right]
        return values, [style_left] + [0] * (RIGHT[0] - 2) + [style_right], None

    targets = {t.id: t for t in e.plan.targets}
    texts = {i: (t.short.get(lang), target_txt(t, lang), t.percent) for i, t in targets.items()}
    count = st.id(fmt="#,##0")

    def styles(percent: bool, status: str) -> tuple[int, ...]:
        v = st.id(fmt='0.00"%"' if percent else "#,##0")
        return (st.id("bold", align="wrap"), st.id(align="wrap"), st.id(align="wrap"), st.id(), v, st.id(fmt="0.0%"), v,
                st.id(align="wrap"), st.status(status), st.id(fmt="0.00"), count, count, count, st.id(align="center"), st.id(fmt='0.00"%"'))

    row_styles = {(p, s): styles(p, s) for p in (False, True) for s in (*STATUS_FILL, "")}
    words = status_labels(lang)

    def rows() -> Iterator[Row]:
        yield at(e.plan.issuer.upper(), lbl("nation", lang), bold, bold)
        yield at("", lbl("motto", lang), center, motto)
        yield [], [], None
        yield at("", dated, center, italic)
        yield [], [], None
        yield [title], [big], None
        yield [name], [bold], None
        yield [unit], [center], None
        yield [], [], None
        yield header_row(head, st)
        for r in e.results:
            short, txt, percent = texts.get(r.target, (r.target, "", False))
            status = words(r)
            base = baseline_cell(r, targets[r.target], lang) if r.target in targets else ""
            yield ([r.target, short, r.unit, txt, r.actual, pct(r.attainment_pct), r.expected_value, base, status,
                    r.gap, r.gap_count, r.numerator, r.denominator, f"{r.units_reporting}/{r.units_expected}", r.coverage_pct],
                   row_styles[(percent, r.status if r.status in STATUS_FILL else "")], None)
        counts = flagged_line(len(e.flagged), len(e.insufficient), e.min_coverage, lang)
        yield [counts], [st.id("italic", align="wrap", box=False)], None
        yield [], [], None
        yield at(lbl("preparer", lang), lbl("approver", lang), bold, bold)
        yield at(lbl("sign", lang), lbl("seal", lang), italic, italic)

    return ws, rows()


def _districts(e: Evaluation) -> dict[str, tuple[str, str]]:
    """Commune code -> (district code, district name) for the plan's area."""
    from cltrack.compute.completeness import expected_units

    return {u.code: (u.district_code or "", u.district or "") for u in expected_units(e.plan, "commune")}


def by_unit(wb: Any, e: Evaluation, results: list[Result], lang: Lang, st: Styles) -> Sheet:
    """District, unit, each target's actual value (coloured against the target), reporting; district subtotals."""
    from xlsxwriter.utility import xl_col_to_name

    finest = "commune" if any(r.level == "commune" for r in results) else (results[0].level if results else e.level)
    present = {r.target for r in results}
    targets = [t for t in e.plan.targets if t.id in present]
    idx = {t.id: 2 + i for i, t in enumerate(targets)}
    width = 3 + len(targets)
    subtotal_results = [r for r in chain(results, e.results) if r.level == "district"] if finest == "commune" else []
    total_results = e.results if e.level not in ("commune", "district") and finest != e.level else []
    districts = _districts(e) if finest == "commune" else {}

    def table(rs: Iterable[Result], district_of: Any) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for r in rs:
            if r.target not in idx:  # a target with no result at the units' level (a district office's own count)
                continue
            row = out.setdefault(r.unit_code or r.unit, [district_of(r), r.unit] + [None] * (width - 2))
            row[idx[r.target]] = r.actual
            if r.actual is not None:
                row[-1] = (row[-1] or 0) + 1  # targets with data; made a coverage text below
        return out

    units = table((r for r in results if r.level == finest), lambda r: districts.get(r.unit_code or "", ("", ""))[1] if finest == "commune" else r.unit)
    subs = table(subtotal_results, lambda r: r.unit)
    groups: dict[str, list[list[Any]]] = {}
    for code, row in units.items():
        groups.setdefault(districts.get(code, ("", ""))[0] if finest == "commune" else "", []).append(row)
    reporting = {code: sum(1 for m in members if m[-1]) for code, members in groups.items()}
    shares = {code: _share(reporting[code], len(members), lang) for code, members in groups.items() if code in subs}
    whole = _share(sum(reporting.values()), len(units), lang)
    cols = [24.0, 22.0] + [10.0] * len(targets) + [max([11.0, *(fit_width(t, bold=True) for t in (*shares.values(), whole))])]
    head = [lbl("district", lang), label("eval.unit", lang)] + [f"{t.id} {t.short.get(lang)} ({target_txt(t, lang)})" for t in targets] + [lbl("coverage", lang)]
    ws = _sheet(wb, st, label("sheet.by_unit", lang), cols, head, title_rows=(2, 2))
    ws.freeze_panes("C3")
    n_rows = 2 + len(units) + len(subs) + (1 if total_results else 0)
    yes, no = ("có", "không") if lang == "vi" else ("yes", "no")
    for cell in _insufficient_cells(groups, subs, subtotal_results, total_results, idx):  # first: they take precedence
        ws.conditional_format(cell, {"type": "formula", "criteria": "=TRUE", "format": st.fill("insufficient_data"), "stop_if_true": True})
    for t in targets:
        col = idx[t.id]
        if t.comparator is None or t.value is None:
            continue
        rng = f"{xl_col_to_name(col)}3:{xl_col_to_name(col)}{max(n_rows, 3)}"
        bad = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!="}[t.comparator]
        ws.conditional_format(rng, {"type": "formula", "criteria": f"=ISBLANK({xl_col_to_name(col)}3)", "stop_if_true": True})
        ws.conditional_format(rng, {"type": "cell", "criteria": t.comparator, "value": repr(float(t.value)), "format": st.fill("met")})
        ws.conditional_format(rng, {"type": "cell", "criteria": bad, "value": repr(float(t.value)), "format": st.fill("shortfall")})
    title = f"{label('sheet.by_unit', lang)} — {label('eval.year', lang)} {e.year} — {e.plan.name.get(lang)}"
    fmts = [st.id(fmt="0.00" if t.percent else "#,##0") for t in targets]
    plain = (st.id(align="wrap"), st.id(align="wrap"), *fmts, st.id(align="center"))
    strong = (st.id("bold", align="wrap"), st.id("bold", align="wrap"), *(st.id("bold", fmt="0.00" if t.percent else "#,##0") for t in targets), st.id("bold", align="center"))

    def rows() -> Iterator[Row]:
        yield [title], [st.id("title", align="wrap", box=False)], None
        yield header_row(head, st)
        n = 2  # rows written so far
        for code, members in groups.items():
            for row in members:
                yield [*row[:-1], yes if row[-1] else no], plain, None
            n += len(members)
            sub = subs.get(code)
            if sub is not None:
                st.merge(ws, n + 1, 1, 2)  # 'Cộng Huyện ...' across the district and unit columns
                n += 1
                yield [lbl("subtotal", lang, name=sub[1]), "", *sub[2:-1], shares[code]], strong, None
        for r_total in [table(total_results, lambda r: r.unit)] if total_results else []:
            for row in r_total.values():
                yield [lbl("total", lang), row[1], *row[2:-1], whole], strong, None

    st.merge(ws, 1, 1, width)
    return ws, rows()


def _share(reporting: int, expected: int, lang: Lang) -> str:
    """'3/5 (60%)': units with a figure of those expected, and the percentage."""
    return f"{reporting}/{expected}" + (f" ({value_text(100 * reporting / expected, lang)}%)" if expected else "")


def _insufficient_cells(groups: dict[str, list[list[Any]]], subs: dict[str, list[Any]], subtotal_results: list[Result],
                        total_results: list[Result], idx: dict[str, int]) -> list[str]:
    """The By unit cells (A1 refs) of subtotal and total rows whose result is insufficient_data, in the rows' order."""
    from xlsxwriter.utility import xl_col_to_name

    weak = {(r.unit_code or r.unit, r.target) for r in chain(subtotal_results, total_results) if r.status == "insufficient_data"}
    if not weak:
        return []
    out, n = [], 2
    for code, members in groups.items():
        n += len(members)
        if code in subs:
            n += 1
            out += [f"{xl_col_to_name(idx[t])}{n}" for (u, t) in weak if u == code and t in idx]
    for r in total_results:
        if (r.unit_code or r.unit, r.target) in weak and r.target in idx:
            out.append(f"{xl_col_to_name(idx[r.target])}{n + 1}")
    return out


def shortfalls(wb: Any, e: Evaluation, lang: Lang, st: Styles) -> Sheet:
    """Flagged results sorted by gap in people (largest first), then the insufficient_data results beside
    them (their verdict rests on too few units), with the Vietnamese target sentence."""
    cols = [8.0, 18.0, 9.0, 10.0, 14.0, 9.0, 10.0, 62.0]
    head = [label(c, lang) for c in ("eval.id", "eval.unit", "eval.target", "eval.actual", "eval.status", "eval.gap", "eval.gap_count", "eval.sentence")]
    ws = _sheet(wb, st, label("sheet.shortfalls", lang), cols, head)
    ws.freeze_panes("A2")
    texts = {t.id: (target_txt(t, lang), t.text_vi) for t in e.plan.targets}
    two, count, wrap = st.id(fmt="0.00"), st.id(fmt="#,##0"), st.id(align="wrap")
    row_styles = {s: (st.id("bold", align="wrap"), wrap, st.id(), two, st.status(s), two, count, wrap) for s in (*STATUS_FILL, "")}
    words = status_labels(lang)

    def rows() -> Iterator[Row]:
        yield header_row(head, st)

        def by_gap(rs: list[Result]) -> list[Result]:
            return sorted(rs, key=lambda r: (-(r.gap_count if r.gap_count is not None else -1), r.target, r.unit))

        for r in by_gap(e.flagged) + by_gap(e.insufficient):
            txt, sentence = texts.get(r.target, ("", ""))
            status = words(r)
            yield ([r.target, r.unit, txt, r.actual, status, r.gap, r.gap_count, sentence], row_styles[r.status if r.status in STATUS_FILL else ""], None)

    return ws, rows()


def findings(wb: Any, e: Evaluation, lang: Lang, st: Styles) -> Sheet:
    """Every finding with where it is, its message and fix."""
    cols = [10.0, 20.0, 26.0, 12.0, 8.0, 50.0, 34.0]
    head = [label(c, lang) for c in ("find.severity", "find.code", "prov.file", "prov.sheets", "find.where", "find.message", "find.hint")]
    ws = _sheet(wb, st, label("sheet.findings", lang), cols, head)
    ws.freeze_panes("A2")
    wrap = (st.id(align="wrap"),) * 7
    out = [header_row(head, st)]
    for f in e.findings:
        values = [label(f"severity.{f.severity}", lang), f.code, f.file or "", f.sheet or "", cell_ref(f), message(f, lang), hint(f, lang)]
        out.append((values, wrap, None))
    return ws, out


def chart(wb: Any, e: Evaluation, lang: Lang, st: Styles) -> Sheet:
    """One page: each target's attainment (first plan-area result), bars coloured by status, a 100% line."""
    head = [label("eval.id", lang), label("eval.attainment", lang) + " (%)", "100%", label("eval.status", lang)]
    ws = _sheet(wb, st, label("sheet.chart", lang), [9, 11, 8, 16], head, one_page=True)
    seen: set[str] = set()
    first = [r for r in e.results if r.attainment_pct is not None and not (r.target in seen or seen.add(r.target))]  # type: ignore[func-returns-value]
    words = status_labels(lang)
    rows: list[Row] = [header_row(head, st)]
    rows += [([r.target, round(r.attainment_pct or 0.0, 2), 100, words(r)], (st.id("bold"), st.id(fmt="0.0"), st.id(), st.status(r.status)), None) for r in first]
    n = len(first)
    if n == 0:
        return ws, rows
    name = ws.name
    bar = wb.add_chart({"type": "column"})
    bar.add_series({"name": [name, 0, 1], "categories": [name, 1, 0, n, 0], "values": [name, 1, 1, n, 1],
                    "points": [{"fill": {"color": "#" + STATUS_BAR.get(r.status, STATUS_BAR["no_data"])}} for r in first]})
    line = wb.add_chart({"type": "line"})
    line.add_series({"name": [name, 0, 2], "categories": [name, 1, 0, n, 0], "values": [name, 1, 2, n, 2],
                     "line": {"color": "#C00000"}, "smooth": False})
    bar.combine(line)
    bar.set_legend({"none": True})
    chart_style(bar, f"{e.plan.name.get(lang)}\n{lbl('chart', lang, year=e.year)}", y_title="%")
    cm = 96 / 2.54  # pixels per centimetre
    bar.set_size({"width": round(max(22.0, n * 1.3) * cm), "height": round(13 * cm)})
    ws.insert_chart("F2", bar)
    return ws, rows


def provenance(wb: Any, e: Evaluation, lang: Lang, st: Styles) -> Sheet:
    """Each input file with its hash and row balance; the plan file and hash; version; time."""
    cols = [36.0, 34.0, 10.0, 16.0, 10.0, 10.0, 11.0]
    head = [label(c, lang) for c in ("prov.file", "prov.sha256", "prov.kind", "prov.sheets", "prov.rows_read", "prov.rows_used", "prov.rows_left_out")]
    ws = _sheet(wb, st, label("sheet.provenance", lang), cols, head)
    wrap, num = st.id(align="wrap"), st.id(fmt="#,##0")
    rows = [header_row(head, st)]
    for kind, sources in (("prov.report", e.sources), ("prov.survey", e.survey_sources)):
        for s in sources:
            values = [s.path, s.sha256, label(kind, lang), ", ".join(s.sheets), s.rows_read, s.rows_used, s.rows_left_out]
            rows.append((values, (wrap, wrap, wrap, wrap, num, num, num), None))
    rows.append(([], (), None))
    plan_src = e.plan.source
    plan_hash = sha256_of(plan_src) if plan_src and Path(plan_src).is_file() else ""
    pair = (st.id("bold", align="wrap"), st.id(align="wrap"))
    for key, value in ((label("prov.plan_file", lang), plan_src), ("SHA-256", plan_hash), (label("prov.version", lang), __version__), (label("prov.time", lang), date(e.generated_at, lang))):
        rows.append(([key, value], pair, None))
    return ws, rows
