"""Terminal table for `cltrack survey`: rate, SE, 95% CI, n and reliability per group, unreliable ones marked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cltrack.i18n import label
from cltrack.present import number
from cltrack.render import SEVERITY_STYLE, console

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.survey import SurveyReport

SHOWN_INFO: frozenset[str] = frozenset({
    "srs-assumed", "missing-weight", "survey-no-psu", "survey-no-stratum", "single-psu-stratum",
    "survey-absent-column", "survey-blank-hours", "survey-other-year",
})


def _ci(rec: dict[str, Any], lang: str) -> str:
    """'[0.12 – 0.88]' or blank."""
    if rec["ci_low"] is None or rec["ci_high"] is None:
        return ""
    return f"{number(rec['ci_low'], 2, lang)}–{number(rec['ci_high'], 2, lang)}"


def print_survey(report: SurveyReport, lang: str = "vi") -> None:
    """Print the estimates table, the design line and the findings worth reading."""
    from rich.table import Table

    from cltrack.export.survey import display_value, group_columns, records
    from cltrack.findings import one_line

    out = console()
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
    for key in ("survey.rate", "survey.se", "survey.ci", "survey.n", "survey.counted", "survey.reliable"):
        table.add_column(label(key, lang), justify="right" if key != "survey.reliable" else "left",
                         no_wrap=key in ("survey.ci", "survey.reliable"))
    for rec in records(report):
        if rec["group"] == "total":
            names = [label("survey.total", lang)] + [""] * (len(shown_cols) - 1)
        else:
            names = [str(display_value(c, rec.get(c), lang)) for c in shown_cols]
        mark = "" if rec["reliable"] else "*"
        rate = "" if rec["rate"] is None else number(rec["rate"], 2, lang) + mark
        table.add_row(
            *names, rate, number(rec["se"], 2, lang), _ci(rec, lang), number(rec["n_unweighted"], 0, lang), number(rec["n_counted"], 0, lang),
            label("survey.yes", lang) if rec["reliable"] else f"* {label('survey.unreliable', lang)}",
            style=None if rec["reliable"] else "yellow", end_section=rec["group"] == "total" and len(records(report)) > 1,
        )
    out.print(table)
    out.print(label("survey.unreliable_note", lang).format(min_n=r.min_n, max_rse=f"{r.max_rse:.0%}"))
    d = report.design
    out.print(label("survey.design", lang).format(strata=d.get("strata"), psus=d.get("psus"), df=d.get("df"),
                                                  ci=d.get("ci"), single_psu=d.get("single_psu")))
    read, used = report.rows_read, report.rows_used
    out.print(label("survey.rows", lang).format(read=read, used=used, left=read - used))
    notes = [f for f in report.findings if f.severity != "info" or f.code in SHOWN_INFO]
    if notes:
        out.print(f"{label('survey.findings', lang)}:")
        for f in notes:
            out.print(f"  {one_line(f, lang)}", style=SEVERITY_STYLE.get(f.severity), markup=False, highlight=False)
