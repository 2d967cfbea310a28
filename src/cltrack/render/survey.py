"""Terminal table for `cltrack survey`: rate, SE, 95% CI, n and reliability per group, unreliable ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cltrack.i18n import Lang, label
from cltrack.present import number
from cltrack.render import SEVERITY_STYLE, wide_console
from cltrack.safetext import MESSAGE_LIMIT, shown

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.survey import SurveyReport

SHOWN_INFO: frozenset[str] = frozenset({
    "srs-assumed", "missing-weight", "survey-no-psu", "survey-no-stratum", "single-psu-stratum",
    "survey-absent-column", "survey-blank-hours", "survey-other-year",
})


def _ci(rec: dict[str, Any], lang: Lang) -> str:
    """'0.12–0.88' ('†' for a Korn-Graubard interval) or blank."""
    if rec["ci_low"] is None or rec["ci_high"] is None:
        return ""
    mark = "†" if rec.get("ci_method") == "korn-graubard" else ""
    return f"{number(rec['ci_low'], 2, lang)}–{number(rec['ci_high'], 2, lang)}{mark}"


def _excluded(rec: dict[str, Any], lang: Lang) -> str:
    """'12 (4.1%)' children left out for item non-response, or '0'."""
    n = int(rec.get("n_excluded") or 0)
    pct = rec.get("excluded_weight_pct")
    return f"{n} ({number(pct, 1, lang)}%)" if n and pct is not None else str(n)


def _verdict(rec: dict[str, Any], lang: Lang) -> str:
    """'yes', or '* <why>' when it is unreliable or the design gives no SE."""
    from cltrack.export.survey import why

    if rec["reliable"]:
        return label("survey.yes", lang)
    return f"* {why(rec, lang) or label('survey.unreliable', lang)}"


def print_survey(report: SurveyReport, lang: Lang = "vi") -> None:
    """Print the estimates table, the design line and the findings worth reading."""
    from rich.table import Table

    from cltrack.export.survey import display_value, group_columns, notes, records
    from cltrack.findings import one_line

    out = wide_console()  # piped: a fixed wide layout, never a guessed width
    r = report.rules
    title = f"{label('survey.measure.' + report.measure, lang)} — {r.label.get(lang)}"
    if len(r.series_names) > 1:
        title += f" [{label('survey.series', lang)}: {r.series}]"
    if report.year is not None:
        title += f" — {report.year}"
    cols = group_columns(report)
    shown_cols = [c for c in cols if not c.endswith("_code")] or [""]
    table = Table(title=title, title_justify="left")
    for c in shown_cols:
        table.add_column(label(f"survey.by.{c}", lang) if c else "")
    for key in ("survey.rate", "survey.se", "survey.ci", "survey.n", "survey.excluded", "survey.counted", "survey.reliable"):
        table.add_column(label(key, lang), justify="right" if key != "survey.reliable" else "left",
                         no_wrap=key in ("survey.ci", "survey.excluded"))
    for rec in records(report):
        if rec["group"] == "total":
            names = [label("survey.total", lang)] + [""] * (len(shown_cols) - 1)
        else:
            names = [shown(display_value(c, rec.get(c), lang), MESSAGE_LIMIT) for c in shown_cols]
        mark = "" if rec["reliable"] else "*"
        rate = "" if rec["rate"] is None else number(rec["rate"], 2, lang) + mark
        table.add_row(
            *names, rate, number(rec["se"], 2, lang) if rec["se"] is not None else "—", _ci(rec, lang),
            number(rec["n_unweighted"], 0, lang), _excluded(rec, lang), number(rec["n_counted"], 0, lang), _verdict(rec, lang),
            style=None if rec["reliable"] else "yellow", end_section=rec["group"] == "total" and len(records(report)) > 1,
        )
    out.print(table)
    for line in notes(report, lang):
        out.print(line)
    read, used = report.rows_read, report.rows_used
    out.print(label("survey.rows", lang).format(read=read, used=used, left=read - used))
    listed = [f for f in report.findings if f.severity != "info" or f.code in SHOWN_INFO]
    if listed:
        out.print(f"{label('survey.findings', lang)}:")
        for f in listed:
            out.print(f"  {one_line(f, lang)}", style=SEVERITY_STYLE.get(f.severity))
