"""Terminal output of `cltrack evaluate` and `cltrack explain` (rich tables, vi/en labels).

Status is always shown in words beside its colour; output is plain when piped and NO_COLOR is
respected (the shared console does both).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from cltrack.findings import count_by_severity
from cltrack.i18n import Lang, label
from cltrack.present import (
    STATUS_SYMBOL,
    actual_text,
    baseline_text,
    coverage_text,
    flagged_line,
    gap_text,
    is_flagged,
    number,
    percent_text,
    status_text,
    status_words,
    target_text,
    value_text,
)
from cltrack.render import STATUS_STYLE, bar, fits, packed, wide_console
from cltrack.safetext import MESSAGE_LIMIT, shown

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console, RenderableType

    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.explain import Explanation
    from cltrack.models import Plan, Result
def _table(title: str | None = None):  # noqa: ANN202
    from rich import box
    from rich.table import Table

    return Table(title=title, box=box.SIMPLE_HEAD, show_lines=False, title_justify="left", pad_edge=False)


def print_evaluation(evaluation: Evaluation, lang: Lang, *, only_flagged: bool = False, matrix: bool = False, out: Console | None = None) -> None:
    """Print the evaluation table grouped by objective (or the unit x target matrix), then the footer.

    On a narrow terminal the attainment bar goes first; then each result is stacked (id and verdict on
    the first line, the target's name and figures below), so the id and the verdict always show.
    """
    con = out or wide_console()
    plan = evaluation.plan
    head = f"{plan.name.get(lang)} — {label('eval.year', lang)} {evaluation.year} — {label('eval.level', lang)}: {label('level.' + evaluation.level, lang)}"
    if evaluation.unit:
        head += f" — {evaluation.unit}"
    con.print(head, style="bold")
    results = [r for r in evaluation.results if not only_flagged or is_flagged(r.status) or r.status == "insufficient_data"]
    if matrix:
        table = _matrix(plan, results, lang)
        con.print(table if fits(con, table) else _matrix_stacked(plan, results, lang, con.width))
    else:
        for candidate in (_results_table(plan, results, lang, bars=bars) for bars in (True, False)):  # the second only when needed
            if fits(con, candidate):
                con.print(candidate)
                break
        else:
            con.print(_results_stacked(plan, results, lang, con.width))
    if any(r.shortfall_reason == "no_baseline" for r in results):
        con.print("* " + label("shortfall.no_baseline", lang))
    for line in footer(evaluation, lang):
        con.print(line)


def _by_objective(plan: Plan, results: list[Result]) -> list[tuple[str, list[Result]]]:
    """The results grouped by objective, in the plan's order."""
    by_obj: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        tgt = plan.target(r.target)
        by_obj[tgt.objective if tgt else "?"].append(r)
    return [(obj, by_obj[obj]) for obj in plan.objectives if by_obj.get(obj)]


def _verdict(r: Result, lang: Lang):  # noqa: ANN202
    """The status symbol and words, coloured (the words carry the meaning, the colour only repeats it)."""
    from rich.text import Text

    mark = " *" if r.shortfall_reason == "no_baseline" else ""  # the note under the table says why
    return Text(f"{STATUS_SYMBOL.get(r.status, '')} {status_text(r, lang)}{mark}", style=STATUS_STYLE.get(r.status, ""))


def _attainment(r: Result, lang: Lang, bars: bool) -> str:
    """'█████░░░ 63,7%' (or the percentage alone when bars are off)."""
    if r.attainment_pct is None:
        return ""
    pct = percent_text(r.attainment_pct, 1, lang)
    return f"{bar(r.attainment_pct, 8)} {pct}" if bars else pct


def _results_table(plan: Plan, results: list[Result], lang: Lang, *, bars: bool = True):  # noqa: ANN202
    """The per-target table, one section per objective; a unit column when several units."""
    from rich.text import Text

    multi = len({r.unit_code for r in results}) > 1
    t = _table()
    t.add_column(label("eval.id", lang), no_wrap=True, min_width=6)
    t.add_column(label("eval.short", lang), min_width=16, ratio=1)
    if multi:
        t.add_column(label("eval.unit", lang), min_width=12)
    t.add_column(label("eval.target", lang), justify="right", no_wrap=True)
    t.add_column(label("eval.actual", lang), justify="right", no_wrap=True)
    with_cover = any(coverage_text(r, lang) for r in results)  # a column only when some figure rests on part of the units
    if with_cover:
        t.add_column(label("eval.coverage", lang), justify="right", no_wrap=True)
    with_base = any(r.baseline_value is not None for r in results)  # a column only when some result has one
    if with_base:
        t.add_column(label("eval.baseline", lang), justify="right", max_width=22)
    t.add_column(label("eval.attainment", lang), no_wrap=True)
    t.add_column(label("eval.status", lang), no_wrap=True)
    t.add_column(label("eval.gap", lang), justify="right", no_wrap=True)
    t.add_column(label("eval.gap_count", lang), justify="right", no_wrap=True)
    for i, (obj, rows) in enumerate(_by_objective(plan, results)):
        if i:
            t.add_section()
        t.add_row("", Text(label(f"objective.{obj}", lang), style="bold"), *[""] * (len(t.columns) - 2))
        for r in rows:
            tgt = plan.target(r.target)
            assert tgt is not None
            cells = [r.target, tgt.short.get(lang)] + ([r.unit] if multi else []) + [
                target_text(tgt, lang), actual_text(r, tgt, lang), *([coverage_text(r, lang, with_pct=False)] if with_cover else []),
                *([baseline_text(r, tgt, lang)] if with_base else []),
                _attainment(r, lang, bars), _verdict(r, lang),
                gap_text(r, tgt, lang), number(r.gap_count, 0, lang),
            ]
            t.add_row(*cells)
    return t


def _results_stacked(plan: Plan, results: list[Result], lang: Lang, width: int):  # noqa: ANN202
    """Narrow terminals: per result, the id and the verdict on one line, the name and the figures below it."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    multi = len({r.unit_code for r in results}) > 1
    parts: list[RenderableType] = []
    for obj, rows in _by_objective(plan, results):
        parts.append(Text(label(f"objective.{obj}", lang), style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, min_width=7)
        grid.add_column(ratio=1)
        for r in rows:
            tgt = plan.target(r.target)
            assert tgt is not None
            grid.add_row(r.target, _verdict(r, lang))
            name = tgt.short.get(lang) + (f" — {r.unit}" if multi else "")
            figures = [f"{label('eval.target', lang)} {target_text(tgt, lang)}", f"{label('eval.actual', lang)} {actual_text(r, tgt, lang)}"]
            if coverage_text(r, lang):
                figures.append(f"{label('eval.coverage', lang)} {coverage_text(r, lang)}")
            if r.baseline_value is not None:
                figures.append(f"{label('eval.baseline', lang)} {baseline_text(r, tgt, lang)}")
            if r.attainment_pct is not None:
                figures.append(f"{label('eval.attainment', lang)} {percent_text(r.attainment_pct, 1, lang)}")
            if r.gap:
                figures.append(f"{label('eval.gap', lang)} {gap_text(r, tgt, lang)}")
            if r.gap_count:
                figures.append(f"{label('eval.gap_count', lang)}: {number(r.gap_count, 0, lang)}")
            grid.add_row("", Text(name, style="italic"))
            grid.add_row("", packed(figures, width - 8))
        parts.append(grid)
        parts.append(Text(""))
    return Group(*parts)


def _matrix(plan: Plan, results: list[Result], lang: Lang):  # noqa: ANN202
    """Units down, targets across, a status symbol and the actual in each cell."""
    from rich.text import Text

    present = {r.target for r in results}
    targets = [t.id for t in plan.targets if t.id in present]
    cells: dict[tuple[str, str], Result] = {(r.unit, r.target): r for r in results}
    units = list(dict.fromkeys(r.unit for r in results))
    t = _table()
    t.add_column(label("eval.unit", lang), no_wrap=True)
    for tid in targets:
        t.add_column(tid, justify="right", no_wrap=True)
    for u in units:
        row: list[object] = [u]
        for tid in targets:
            r = cells.get((u, tid))
            if r is None:
                row.append("")
                continue
            val = "" if r.actual is None else number(r.actual, 1, lang)
            row.append(Text(f"{STATUS_SYMBOL.get(r.status, '')} {val}".strip(), style=STATUS_STYLE.get(r.status, "")))
        t.add_row(*row)
    legend = "  ".join(f"{STATUS_SYMBOL[s]} {status_words(s, lang)}" for s in STATUS_SYMBOL)
    t.caption = legend
    return t


def _matrix_stacked(plan: Plan, results: list[Result], lang: Lang, width: int):  # noqa: ANN202
    """Narrow terminals: one block per unit, each target's id, status and actual wrapped below its name."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    order = {t.id: i for i, t in enumerate(plan.targets)}
    by_unit: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_unit[r.unit].append(r)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(ratio=1)
    for unit, rows in by_unit.items():
        grid.add_row(Text(unit, style="bold"))
        items = [
            Text(f"{r.target} {STATUS_SYMBOL.get(r.status, '')}" + ("" if r.actual is None else " " + number(r.actual, 1, lang)), style=STATUS_STYLE.get(r.status, ""))
            for r in sorted(rows, key=lambda r: order.get(r.target, 0))
        ]
        line = packed(items, width - 2, indent=2)
        grid.add_row(line)
    legend = "  ".join(f"{STATUS_SYMBOL[s]} {status_words(s, lang)}" for s in STATUS_SYMBOL)
    return Group(grid, Text(legend, style="dim"))


def footer(evaluation: Evaluation, lang: Lang) -> list[str]:
    """Data completeness, flagged count (with the insufficient_data count beside it) and findings count (pointing to `cltrack validate`)."""
    e = evaluation
    pct = f"{100 * e.units_reporting / e.units_expected:.0f}%" if e.units_expected else "—"
    lines = [
        label("eval.completeness", lang).format(
            reporting=e.units_reporting, expected=e.units_expected, pct=pct,
            read=e.rows_read, used=e.rows_used, left=e.rows_left_out,
        ),
        flagged_line(len(e.flagged), len(e.insufficient), e.min_coverage, lang),
    ]
    counts = count_by_severity(e.findings)
    n = sum(counts.values())
    lines.append(
        label("eval.findings", lang).format(n=n, errors=counts["error"], warnings=counts["warning"]) if n else label("eval.no_findings", lang)
    )
    return lines


def print_explanation(x: Explanation, lang: Lang, out: Console | None = None) -> None:
    """Print the target, formula, rows used, rows left out and the sums behind one figure."""
    con = out or wide_console()
    r, t = x.result, x.target
    con.print(f"{t.id} — {t.short.get(lang)} ({x.plan.id}, {label('eval.year', lang)} {x.year}, {r.unit})", style="bold")
    con.print(f"{label('eval.sentence', lang)}: «{t.text_vi}»" + (f" ({t.section})" if t.section else ""))
    if lang == "en":
        con.print(f"  {t.text_en}")
    con.print(f"{label('explain.formula', lang)}: {x.formula}")
    used = _table(f"{label('explain.used', lang)} ({len(x.used)})")
    for key in ("explain.file", "explain.sheet", "explain.row", "eval.unit"):
        used.add_column(label(key, lang))
    share = t.unit_share is not None
    if share:
        used.add_column(label("explain.value", lang), justify="right")
        used.add_column(label("explain.meets", lang))
    else:
        used.add_column(label("eval.numerator", lang), justify="right")
        if t.denominator:
            used.add_column(label("eval.denominator", lang), justify="right")
    for u in x.used:
        cells = [shown(u.file), shown(u.sheet or "", MESSAGE_LIMIT), str(u.row), shown(u.unit, MESSAGE_LIMIT) + (" (≈)" if u.approximate else "")]
        if share:
            cells += [value_text(u.value, lang), "✔" if u.meets else "✘"]
        else:
            cells.append(value_text(u.numerator, lang))
            if t.denominator:
                cells.append(value_text(u.denominator, lang))
        used.add_row(*cells)
    con.print(used)
    if x.left_out:
        left = _table(f"{label('explain.left_out', lang)} ({sum(lo.rows for lo in x.left_out)})")
        for key in ("explain.file", "explain.sheet", "explain.row", "eval.unit", "explain.reason"):
            left.add_column(label(key, lang))
        for lo in x.left_out:
            left.add_row(shown(lo.file), shown(lo.sheet or "", MESSAGE_LIMIT), lo.rows_text, shown(lo.unit or "", MESSAGE_LIMIT),
                         shown(reason_text(lo.reason, lo.detail, lang), MESSAGE_LIMIT))
        con.print(left)
    if x.not_reporting:
        con.print(f"{label('explain.not_reporting', lang)} ({len(x.not_reporting)}): {', '.join(x.not_reporting)}")
    for line in sums_lines(x, lang):
        con.print(line)


def reason_text(reason: str, detail: str, lang: Lang) -> str:
    """A left-out reason in words: our own reasons from the labels, reader reasons from the finding catalogue."""
    from cltrack.findings import CATALOGUE

    own = label(f"reason.{reason}", lang)
    if own != f"reason.{reason}":
        return own.format(detail=blank_headers(detail) if reason == "blank-count" and lang == "vi" else detail)
    kind = CATALOGUE.get(reason)
    if kind is None:
        return reason
    text = kind.vi if lang == "vi" else kind.en
    if "{" in text:  # a message about one cell or row: the reason's short name instead
        text = label(f"row_reason.{reason}", lang)
    return reason if text.startswith("row_reason.") else f"{reason}: {text}"


def blank_headers(codes: str) -> str:
    """The blank element codes of a row ('parents_informed, parents') as the standard's Vietnamese column headers,
    quoted and joined by '; ' (a header may hold a comma): what a clerk sees in the form, never the code."""
    from cltrack.findings import header_vi

    return "; ".join(f"'{header_vi(c)}'" for c in codes.split(", ") if c)


def sums_lines(x: Explanation, lang: Lang) -> list[str]:
    """The arithmetic from the sums to the printed actual, gap, gap in people and status."""
    r, t = x.result, x.target
    lines = [f"{label('explain.sums', lang)}:"]
    if t.unit_share is not None:
        lines.append(f"  {label('eval.numerator', lang)} = {value_text(r.numerator, lang)}; {label('eval.denominator', lang)} = {value_text(r.denominator, lang)} ({label('eval.reporting', lang)}: {r.units_reporting}/{r.units_expected})")
    else:
        lines.append(f"  Σ {' + '.join(t.numerator)} = {value_text(r.numerator, lang)}")
        if t.denominator:
            lines.append(f"  Σ {' + '.join(t.denominator)} = {value_text(r.denominator, lang)}")
        lines.append(f"  {label('eval.reporting', lang)}: {r.units_reporting}/{r.units_expected}")
    if r.actual is not None and r.denominator:
        lines.append(f"  {label('eval.actual', lang)} = 100 × {value_text(r.numerator, lang)} / {value_text(r.denominator, lang)} = {r.actual:.4f}")
    elif r.actual is not None:
        lines.append(f"  {label('eval.actual', lang)} = {value_text(r.actual, lang)}")
    lines.append(f"  {label('eval.target', lang)}: {target_text(t, lang)} ({label('eval.deadline', lang)} {t.deadline})")
    if r.baseline_value is not None:
        lines.append(f"  {label('eval.baseline', lang)}: {value_text(r.baseline_value, lang)} ({r.baseline_year}, "
                     f"{label('baseline.' + str(r.baseline_source), lang)}); {label('eval.expected', lang)} {r.year}: {value_text(r.expected_value, lang)}")
    if r.attainment_pct is not None:
        lines.append(f"  {label('eval.attainment', lang)} = {r.attainment_pct:.2f}%")
    if r.gap is not None:
        lines.append(f"  {label('eval.gap', lang)} = {value_text(r.gap, lang)}; {label('eval.gap_count', lang)} = {'' if r.gap_count is None else r.gap_count}")
    lines.append(f"  {label('eval.status', lang)}: {status_text(r, lang)}")
    return lines
