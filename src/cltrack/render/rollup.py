"""Terminal tables for `cltrack rollup` (paths, change, status, verdict, sparkline) and `cltrack status`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cltrack.i18n import label
from cltrack.present import number, status_words
from cltrack.render import STATUS_STYLE, console

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from cltrack.compute.completeness import Completeness
    from cltrack.compute.rollup import Rollup

SPARKS = "▁▂▃▄▅▆▇█"

LABELS: dict[str, tuple[str, str]] = {
    "col.target": ("Mục tiêu", "Target"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.goal": ("Chỉ tiêu", "Goal"),
    "col.change": ("Thay đổi/năm", "Change/yr"),
    "col.status": ("Trạng thái", "Status"),
    "col.path": ("Diễn biến", "Path"),
    "col.progress": ("Dự báo tiến độ", "Anticipated progress"),
    "col.projected": ("Dự kiến đến hạn", "Projected by deadline"),
    "col.level": ("Cấp", "Level"),
    "col.expected": ("Phải nộp", "Expected"),
    "col.received": ("Đã nộp", "Received"),
    "col.on_time": ("Đúng hạn", "On time"),
    "col.late": ("Muộn", "Late"),
    "col.missing": ("Chưa nộp", "Missing"),
    "col.rate": ("Tỷ lệ nộp", "Reporting rate"),
    "col.on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "col.year": ("Năm", "Year"),
    "col.period": ("Kỳ", "Period"),
    "col.due": ("Hạn", "Due"),
    "col.submitted": ("Ngày nộp", "Submitted"),
    "col.state": ("Tình trạng", "State"),
    "title.rollup": ("Diễn biến các mục tiêu", "Targets over the years"),
    "title.status": ("Tình hình gửi báo cáo", "Reporting completeness"),
    "title.reports": ("Báo cáo muộn hoặc chưa nộp", "Late or missing reports"),
    "progress.achieved": ("đã đạt", "achieved"),
    "progress.on_track": ("đúng hướng", "on track"),
    "progress.moderate": ("vừa phải", "moderate"),
    "progress.limited": ("hạn chế", "limited"),
    "progress.regressing": ("đi lùi", "regressing"),
    "progress.not_available": ("chưa đánh giá được", "not available"),
    "progress.met": ("đạt tại năm hạn", "met at deadline"),
    "progress.not_met": ("không đạt tại năm hạn", "not met at deadline"),
    "notes": ("Ghi chú", "Note"),
    "state.on_time": ("đúng hạn", "on time"),
    "state.late": ("muộn", "late"),
    "state.missing": ("chưa nộp", "missing"),
    "state.not_due": ("chưa đến hạn", "not yet due"),
    "as_of": ("tính đến ngày", "as of"),
    "none_late": ("Không có báo cáo muộn hay thiếu.", "No late or missing reports."),
}
PROGRESS_STYLE: dict[str, str] = {
    "achieved": "bold green", "on_track": "green", "moderate": "yellow", "limited": "red",
    "regressing": "bold red", "not_available": "dim", "met": "bold green", "not_met": "bold red",
}


def t(key: str, lang: str) -> str:
    """A label of this module in `lang`."""
    return label(key, lang, LABELS)


def sparkline(values: Sequence[float | None]) -> str:
    """▁▂▃▄▅▆▇█ for the values (scaled between their min and max); a space for a missing year."""
    known = [v for v in values if v is not None and not math.isnan(v)]
    if not known:
        return " " * len(values)
    lo, hi = min(known), max(known)
    out = []
    for v in values:
        if v is None or math.isnan(v):
            out.append(" ")
        elif hi == lo:
            out.append(SPARKS[3])
        else:
            out.append(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))])
    return "".join(out)


def fmt_value(value: float | None, unit_kind: str, lang: str = "en") -> str:
    """A value for a table cell: shares with one decimal, counts whole."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return number(value, 1, lang) if unit_kind == "percent" else number(value, 0, lang)


def fmt_goal(comparator: str | None, value: float | None, unit_kind: str, direction: int = 0, lang: str = "en") -> str:
    """'>= 90%', or '↑' / '↓' for a qualitative target (its wanted direction)."""
    if value is None:
        return {1: "↑", -1: "↓"}.get(direction, "↑/↓")
    return f"{comparator or ''} {fmt_value(value, unit_kind, lang)}{'%' if unit_kind == 'percent' else ''}".strip()


def render_rollup(r: Rollup, lang: str, out: Console | None = None) -> None:
    """Print the rollup table: target, unit, a column per year, change, status, path, verdict."""
    from rich.table import Table
    from rich.text import Text

    con = out or console()
    show_unit = len({row.unit for row in r.rows}) > 1 or r.level not in ("province", "plan")
    title = f"{t('title.rollup', lang)} — {r.plan.name.get(lang)} ({r.years[0]}–{r.years[-1]}, {label('level.' + r.level, lang)})"
    table = Table(title=title, title_justify="left")
    table.add_column(t("col.target", lang), no_wrap=True)
    if show_unit:
        table.add_column(t("col.unit", lang))
    table.add_column(t("col.goal", lang), no_wrap=True)
    for y in r.years:
        table.add_column(str(y), justify="right")
    table.add_column(t("col.change", lang), justify="right")
    table.add_column(t("col.status", lang))
    table.add_column(t("col.path", lang), no_wrap=True)
    table.add_column(t("col.progress", lang))
    table.add_column(t("col.projected", lang), justify="right")
    for row in r.rows:
        values = [row.values[y] for y in r.years]
        change = "" if row.change_per_year is None else f"{row.change_per_year:+.1f}"
        cells: list[object] = [row.target]
        if show_unit:
            cells.append(row.unit)
        cells.append(fmt_goal(row.comparator, row.target_value, row.unit_kind, row.progress.direction, lang))
        cells.extend(fmt_value(v, row.unit_kind, lang) for v in values)
        cells.append(change)
        cells.append(Text(status_words(row.last_status, lang), style=STATUS_STYLE.get(row.last_status, "")))
        cells.append(sparkline(values))
        verdict = row.progress.verdict
        cells.append(Text(t(f"progress.{verdict}", lang), style=PROGRESS_STYLE.get(verdict, "")))
        proj = row.progress.projected
        cells.append("" if proj is None or verdict in ("met", "not_met") else f"{fmt_value(proj, row.unit_kind, lang)} ({row.deadline})")
        table.add_row(*cells)
    con.print(table)
    notes = [row for row in r.rows if row.progress.fallback or row.progress.reason not in ("", "no_data")]
    for row in notes:  # the reason is on screen wherever a verdict is missing or another rule judged it
        con.print(f"{t('notes', lang)} {row.target} {row.unit}: {row.progress.explanation.get(lang)}", highlight=False)


def render_status(c: Completeness, lang: str, out: Console | None = None) -> None:
    """Print the completeness counts and rates per level, then the late and missing reports."""
    from rich.table import Table
    from rich.text import Text

    con = out or console()
    years = ", ".join(str(y) for y in c.years)
    table = Table(title=f"{t('title.status', lang)} — {c.plan.name.get(lang)} {years} ({t('as_of', lang)} {c.as_of.isoformat()})",
                  title_justify="left")
    for key, justify in (("col.level", "left"), ("col.expected", "right"), ("col.received", "right"),
                         ("col.on_time", "right"), ("col.late", "right"), ("col.missing", "right"),
                         ("col.rate", "right"), ("col.on_time_rate", "right")):
        table.add_column(t(key, lang), justify=justify)  # type: ignore[arg-type]
    for lv in c.levels:
        rate = "" if lv.reporting_rate is None else f"{lv.reporting_rate:.1f}%"
        on_time = "" if lv.on_time_rate is None else f"{lv.on_time_rate:.1f}%"
        table.add_row(label(f"level.{lv.level}", lang), str(lv.expected), str(lv.received), str(lv.on_time),
                      str(lv.late), str(lv.missing), rate, on_time)
    if c.levels:
        con.print(table)
    from cltrack import findings as fnd

    for f in c.findings:  # the plan's period has ended; submission dates from file times
        if f.code in ("plan-period-ended", "submitted-from-mtime"):
            con.print(fnd.message(f, lang), highlight=False)
    if c.period_ended and not c.levels:
        return
    bad = [r for r in c.reports if r.state in ("late", "missing")]
    if not bad:
        con.print(t("none_late", lang))
        return
    detail = Table(title=t("title.reports", lang), title_justify="left")
    for key in ("col.level", "col.unit", "col.year", "col.period", "col.due", "col.submitted", "col.state"):
        detail.add_column(t(key, lang))
    for r in bad:
        style = "bold red" if r.state == "missing" else "yellow"
        detail.add_row(label(f"level.{r.level}", lang), r.unit, str(r.year), label(f"period.{r.period}", lang),
                       r.due.strftime("%d/%m/%Y"), r.submitted.strftime("%d/%m/%Y") if r.submitted else "",
                       Text(t(f"state.{r.state}", lang), style=style))
    con.print(detail)
