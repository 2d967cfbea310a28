"""Terminal tables for `cltrack rollup` (paths, change, status, verdict, sparkline) and `cltrack status`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cltrack.i18n import Lang, date, label
from cltrack.present import goal_text, number, percent_text, status_words
from cltrack.render import STATUS_STYLE, fits, packed, wide_console

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console, RenderableType

    from cltrack.compute.completeness import Completeness
    from cltrack.compute.rollup import Rollup, RollupRow

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
    "year_of": ("năm", "year"),
    "years_of": ("các năm", "years"),
    "none_late": ("Không có báo cáo muộn hay thiếu.", "No late or missing reports."),
}
PROGRESS_STYLE: dict[str, str] = {
    "achieved": "bold green", "on_track": "green", "moderate": "yellow", "limited": "red",
    "regressing": "bold red", "not_available": "dim", "met": "bold green", "not_met": "bold red",
}


def t(key: str, lang: Lang) -> str:
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


def fmt_value(value: float | None, unit_kind: str, lang: Lang = "en") -> str:
    """A value for a table cell: shares with one decimal, counts whole."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return number(value, 1, lang) if unit_kind == "percent" else number(value, 0, lang)


def fmt_goal(comparator: str | None, value: float | None, unit_kind: str, direction: int = 0, lang: Lang = "en") -> str:
    """'≥ 90%', or '↑' / '↓' for a qualitative target (its wanted direction); see present.goal_text."""
    if value is None and direction == 0:
        return "↑/↓"
    return goal_text(comparator, value, unit_kind == "percent", direction, lang)


def render_rollup(r: Rollup, lang: Lang, out: Console | None = None) -> None:
    """Print the rollup table: target, unit, a column per year, change, status, path, verdict.

    When the table does not fit the terminal, each target is stacked instead: the id, its goal and
    the verdict on the first line, the values by year and the projection below.
    """
    con = out or wide_console()
    title = f"{t('title.rollup', lang)} — {r.plan.name.get(lang)} ({r.years[0]}–{r.years[-1]}, {label('level.' + r.level, lang)})"
    table = _rollup_table(r, lang, title)
    con.print(table if fits(con, table) else _rollup_stacked(r, lang, title, con.width))
    notes = [row for row in r.rows if row.progress.fallback or row.progress.reason not in ("", "no_data")]
    for row in notes:  # the reason is on screen wherever a verdict is missing or another rule judged it
        con.print(f"{t('notes', lang)} {row.target} {row.unit}: {row.progress.explanation.get(lang)}")


def _show_unit(r: Rollup) -> bool:
    """A unit column when the rollup has several units or is below the plan's level."""
    return len({row.unit for row in r.rows}) > 1 or r.level not in ("province", "plan")


def _change(row: RollupRow, lang: Lang) -> str:
    """The change per year with its sign ('+1,2'), blank when unknown."""
    if row.change_per_year is None:
        return ""
    return ("+" if row.change_per_year >= 0 else "−") + number(abs(row.change_per_year), 1, lang)


def _projection(row: RollupRow, lang: Lang) -> str:
    """'0,6 (2025)': the value projected at the deadline, blank once judged met or not met."""
    proj, verdict = row.progress.projected, row.progress.verdict
    return "" if proj is None or verdict in ("met", "not_met") else f"{fmt_value(proj, row.unit_kind, lang)} ({row.deadline})"


def _words(row: RollupRow, lang: Lang) -> tuple[Any, Any]:
    """The last status and the progress verdict as coloured words."""
    from rich.text import Text

    verdict = row.progress.verdict
    return (Text(status_words(row.last_status, lang), style=STATUS_STYLE.get(row.last_status, "")),
            Text(t(f"progress.{verdict}", lang), style=PROGRESS_STYLE.get(verdict, "")))


def _rollup_table(r: Rollup, lang: Lang, title: str) -> Any:
    """The wide table: one row per target (and unit), a column per year."""
    from rich.table import Table

    show_unit = _show_unit(r)
    table = Table(title=title, title_justify="left")
    table.add_column(t("col.target", lang), no_wrap=True)
    if show_unit:
        table.add_column(t("col.unit", lang), min_width=12)
    table.add_column(t("col.goal", lang), no_wrap=True)
    for y in r.years:
        table.add_column(str(y), justify="right", no_wrap=True)
    table.add_column(t("col.change", lang), justify="right", no_wrap=True)
    table.add_column(t("col.status", lang), no_wrap=True)
    table.add_column(t("col.path", lang), no_wrap=True)
    table.add_column(t("col.progress", lang), no_wrap=True)
    table.add_column(t("col.projected", lang), justify="right", no_wrap=True)
    for row in r.rows:
        values = [row.values[y] for y in r.years]
        status, verdict = _words(row, lang)
        cells: list[RenderableType] = [row.target, *([row.unit] if show_unit else [])]
        cells.append(fmt_goal(row.comparator, row.target_value, row.unit_kind, row.progress.direction, lang))
        cells.extend(fmt_value(v, row.unit_kind, lang) for v in values)
        cells += [_change(row, lang), status, sparkline(values), verdict, _projection(row, lang)]
        table.add_row(*cells)
    return table


def _rollup_stacked(r: Rollup, lang: Lang, title: str, width: int) -> Any:
    """Narrow terminals: per target, id, goal, last status and verdict first; the years and projection below."""
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = [Text(title, style="bold")]
    show_unit = _show_unit(r)
    for row in r.rows:
        values = [row.values[y] for y in r.years]
        status, verdict = _words(row, lang)
        head = Text(f"{row.target}  {fmt_goal(row.comparator, row.target_value, row.unit_kind, row.progress.direction, lang)}  ", style="bold")
        head.append_text(Text(" · ").join([status, verdict]))
        parts.append(head)
        if show_unit:
            parts.append(Text("  " + row.unit, style="italic"))
        years = [f"{y}: {fmt_value(v, row.unit_kind, lang) or '—'}" for y, v in zip(r.years, values, strict=True)]
        extra = [f"{t('col.path', lang)} {sparkline(values)}"]
        if _change(row, lang):
            extra.append(f"{t('col.change', lang)} {_change(row, lang)}")
        if _projection(row, lang):
            extra.append(f"{t('col.projected', lang)} {_projection(row, lang)}")
        parts.append(packed(years + extra, width, indent=2))
    return Group(*parts)


def render_status(c: Completeness, lang: Lang, out: Console | None = None) -> None:
    """Print the completeness counts and rates per level, then the late and missing reports."""
    from rich.table import Table
    from rich.text import Text

    con = out or wide_console()  # piped: a fixed wide layout, never a guessed width
    years = t("years_of" if len(c.years) > 1 else "year_of", lang) + " " + ", ".join(str(y) for y in c.years)
    table = Table(title=f"{t('title.status', lang)} — {c.plan.name.get(lang)}: {years} ({t('as_of', lang)} {date(c.as_of, lang)})",
                  title_justify="left")
    for key, justify in (("col.level", "left"), ("col.expected", "right"), ("col.received", "right"),
                         ("col.on_time", "right"), ("col.late", "right"), ("col.missing", "right"),
                         ("col.rate", "right"), ("col.on_time_rate", "right")):
        table.add_column(t(key, lang), justify=justify)  # type: ignore[arg-type]
    for lv in c.levels:
        rate, on_time = percent_text(lv.reporting_rate, 1, lang), percent_text(lv.on_time_rate, 1, lang)
        table.add_row(label(f"level.{lv.level}", lang), str(lv.expected), str(lv.received), str(lv.on_time),
                      str(lv.late), str(lv.missing), rate, on_time)
    if c.levels:
        con.print(table)
    from cltrack import findings as fnd

    for f in c.findings:  # the plan's period has ended; submission dates from file times
        if f.code in ("plan-period-ended", "submitted-from-mtime"):
            con.print(fnd.message(f, lang))
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
                       date(r.due, lang), date(r.submitted, lang),
                       Text(t(f"state.{r.state}", lang), style=style))
    con.print(detail)
