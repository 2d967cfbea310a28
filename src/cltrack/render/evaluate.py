"""Terminal output of `cltrack evaluate` and `cltrack explain` (rich tables, vi/en labels).

Status is always shown in words beside its colour; output is plain when piped and NO_COLOR is
respected (the shared console does both).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from cltrack.findings import count_by_severity
from cltrack.i18n import label
from cltrack.render import STATUS_STYLE, STATUS_SYMBOL, bar, console, fmt_num, status_words

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.explain import Explanation
    from cltrack.models import Plan, Result, Target

CMP_SIGN: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def target_text(target: Target) -> str:
    """'≥ 90%', '> 90%', '≤ 0.5%', '≥ 1' or '↓' for a direction-only target."""
    if target.comparator is None or target.value is None:
        return "↓" if target.direction == "decrease" else "↑"
    pct = "%" if target.unit == "percent" else ""
    return f"{CMP_SIGN.get(target.comparator, target.comparator)} {fmt_value(target.value)}{pct}"


def fmt_value(x: float | None) -> str:
    """A target or actual value: whole numbers bare, else up to 2 decimals."""
    if x is None:
        return ""
    if float(x).is_integer():
        return fmt_num(x, 0)
    text = fmt_num(round(x, 2), 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


def status_text(r: Result, lang: str) -> str:
    """Status in words, with the survey's significance caveat and an approximate mark."""
    words = status_words(r.status, lang)
    if r.significance == "not_significant" and r.status != "no_data":
        words += ", " + label("eval.not_significant", lang)
    if r.approximate:
        words += " (≈)"
    return words


def actual_text(r: Result, target: Target) -> str:
    """The actual value with its unit, and the CI for survey estimates."""
    if r.actual is None:
        return "—"
    pct = "%" if target.percent else ""
    text = f"{fmt_num(r.actual, 2)}{pct}" if pct else fmt_value(r.actual)
    if r.ci_low is not None and r.ci_high is not None:
        text += f" [{fmt_num(r.ci_low, 2)}–{fmt_num(r.ci_high, 2)}]"
    return text


def _table(title: str | None = None):  # noqa: ANN202
    from rich import box
    from rich.table import Table

    return Table(title=title, box=box.SIMPLE_HEAD, show_lines=False, title_justify="left", pad_edge=False)


def wide_console() -> Console:
    """The shared console, 160 columns wide when piped without COLUMNS (tables are not cut at 80)."""
    import os

    con = console()
    if not con.is_terminal and "COLUMNS" not in os.environ:
        con.width = 160
    return con


def print_evaluation(evaluation: Evaluation, lang: str, *, only_flagged: bool = False, matrix: bool = False, out: Console | None = None) -> None:
    """Print the evaluation table grouped by objective (or the unit x target matrix), then the footer."""
    con = out or wide_console()
    plan = evaluation.plan
    head = f"{plan.name.get(lang)} — {label('eval.year', lang)} {evaluation.year} — {label('eval.level', lang)}: {label('level.' + evaluation.level, lang)}"
    if evaluation.unit:
        head += f" — {evaluation.unit}"
    con.print(head, style="bold")
    results = [r for r in evaluation.results if not only_flagged or r.status in ("off_track", "shortfall")]
    if matrix:
        con.print(_matrix(plan, results, lang))
    else:
        con.print(_results_table(plan, results, lang))
    for line in footer(evaluation, lang):
        con.print(line)


def _results_table(plan: Plan, results: list[Result], lang: str):  # noqa: ANN202
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
    t.add_column(label("eval.attainment", lang), no_wrap=True)
    t.add_column(label("eval.status", lang), min_width=10)
    t.add_column(label("eval.gap", lang), justify="right", no_wrap=True)
    t.add_column(label("eval.gap_count", lang), justify="right", no_wrap=True)
    by_obj: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        tgt = plan.target(r.target)
        by_obj[tgt.objective if tgt else "?"].append(r)
    first = True
    for obj in plan.objectives:
        rows = by_obj.get(obj)
        if not rows:
            continue
        if not first:
            t.add_section()
        first = False
        t.add_row("", Text(label(f"objective.{obj}", lang), style="bold"), *[""] * (len(t.columns) - 2))
        for r in rows:
            tgt = plan.target(r.target)
            assert tgt is not None
            att = "" if r.attainment_pct is None else f"{bar(r.attainment_pct, 8)} {fmt_num(r.attainment_pct, 1)}%"
            gap = "" if r.gap is None else (fmt_value(r.gap) + (" đ.p" if lang == "vi" else " pp") if tgt.unit == "percent" and r.gap else fmt_value(r.gap))
            cells = [r.target, tgt.short.get(lang)] + ([r.unit] if multi else []) + [
                target_text(tgt), actual_text(r, tgt), att,
                Text(f"{STATUS_SYMBOL.get(r.status, '')} {status_text(r, lang)}", style=STATUS_STYLE.get(r.status, "")),
                gap, "" if r.gap_count is None else fmt_num(r.gap_count, 0),
            ]
            t.add_row(*cells)
    return t


def _matrix(plan: Plan, results: list[Result], lang: str):  # noqa: ANN202
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
            val = "" if r.actual is None else fmt_num(r.actual, 1)
            row.append(Text(f"{STATUS_SYMBOL.get(r.status, '')} {val}".strip(), style=STATUS_STYLE.get(r.status, "")))
        t.add_row(*row)
    legend = "  ".join(f"{STATUS_SYMBOL[s]} {status_words(s, lang)}" for s in STATUS_SYMBOL)
    t.caption = legend
    return t


def footer(evaluation: Evaluation, lang: str) -> list[str]:
    """Data completeness, flagged count and findings count (pointing to `cltrack validate`)."""
    e = evaluation
    pct = f"{100 * e.units_reporting / e.units_expected:.0f}%" if e.units_expected else "—"
    lines = [
        label("eval.completeness", lang).format(
            reporting=e.units_reporting, expected=e.units_expected, pct=pct,
            read=e.rows_read, used=e.rows_used, left=e.rows_left_out,
        ),
        label("eval.flagged", lang).format(n=len(e.flagged)),
    ]
    counts = count_by_severity(e.findings)
    n = sum(counts.values())
    lines.append(
        label("eval.findings", lang).format(n=n, errors=counts["error"], warnings=counts["warning"]) if n else label("eval.no_findings", lang)
    )
    return lines


def print_explanation(x: Explanation, lang: str, out: Console | None = None) -> None:
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
        cells = [u.file, u.sheet or "", str(u.row), u.unit + (" (≈)" if u.approximate else "")]
        if share:
            cells += [fmt_value(u.value), "✔" if u.meets else "✘"]
        else:
            cells.append(fmt_value(u.numerator))
            if t.denominator:
                cells.append(fmt_value(u.denominator))
        used.add_row(*cells)
    con.print(used)
    if x.left_out:
        left = _table(f"{label('explain.left_out', lang)} ({sum(lo.rows for lo in x.left_out)})")
        for key in ("explain.file", "explain.sheet", "explain.row", "eval.unit", "explain.reason"):
            left.add_column(label(key, lang))
        for lo in x.left_out:
            left.add_row(lo.file, lo.sheet or "", lo.rows_text, lo.unit or "", reason_text(lo.reason, lo.detail, lang))
        con.print(left)
    if x.not_reporting:
        con.print(f"{label('explain.not_reporting', lang)} ({len(x.not_reporting)}): {', '.join(x.not_reporting)}")
    for line in sums_lines(x, lang):
        con.print(line)


def reason_text(reason: str, detail: str, lang: str) -> str:
    """A left-out reason in words: our own reasons from the labels, reader reasons from the finding catalogue."""
    from cltrack.findings import CATALOGUE

    own = label(f"reason.{reason}", lang)
    if own != f"reason.{reason}":
        return own.format(detail=detail)
    kind = CATALOGUE.get(reason)
    if kind is None:
        return reason
    text = kind.vi if lang == "vi" else kind.en
    return reason if "{" in text else f"{reason}: {text}"


def sums_lines(x: Explanation, lang: str) -> list[str]:
    """The arithmetic from the sums to the printed actual, gap, gap in people and status."""
    r, t = x.result, x.target
    lines = [f"{label('explain.sums', lang)}:"]
    if t.unit_share is not None:
        lines.append(f"  {label('eval.numerator', lang)} = {fmt_value(r.numerator)}; {label('eval.denominator', lang)} = {fmt_value(r.denominator)} ({label('eval.reporting', lang)}: {r.units_reporting}/{r.units_expected})")
    else:
        lines.append(f"  Σ {' + '.join(t.numerator)} = {fmt_value(r.numerator)}")
        if t.denominator:
            lines.append(f"  Σ {' + '.join(t.denominator)} = {fmt_value(r.denominator)}")
        lines.append(f"  {label('eval.reporting', lang)}: {r.units_reporting}/{r.units_expected}")
    if r.actual is not None and r.denominator:
        lines.append(f"  {label('eval.actual', lang)} = 100 × {fmt_value(r.numerator)} / {fmt_value(r.denominator)} = {r.actual:.4f}")
    elif r.actual is not None:
        lines.append(f"  {label('eval.actual', lang)} = {fmt_value(r.actual)}")
    lines.append(f"  {label('eval.target', lang)}: {target_text(t)} ({label('eval.deadline', lang)} {t.deadline})")
    if r.baseline is not None:
        lines.append(f"  {label('eval.baseline', lang)}: {fmt_value(r.baseline)} ({r.baseline_year}); {label('eval.expected', lang)} {r.year}: {fmt_value(r.expected_value)}")
    if r.attainment_pct is not None:
        lines.append(f"  {label('eval.attainment', lang)} = {r.attainment_pct:.2f}%")
    if r.gap is not None:
        lines.append(f"  {label('eval.gap', lang)} = {fmt_value(r.gap)}; {label('eval.gap_count', lang)} = {'' if r.gap_count is None else r.gap_count}")
    lines.append(f"  {label('eval.status', lang)}: {status_text(r, lang)}")
    return lines
