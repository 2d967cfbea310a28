"""Writers for `cltrack survey`: JSON, CSV and Excel, all from the same records of one SurveyReport.

A record is one estimate: `group` ("total" for the whole survey, else "by"), the grouping columns,
then the estimator's RESULT_COLUMNS (rate, se, ci_low, ci_high, ci_method, n_unweighted, n_excluded,
excluded_weight_pct, n_effective, reliable, unreliable_reason, se_reason, ...). Numbers are not
rounded; NaN becomes null (JSON) or an empty cell; a null SE always comes with its se_reason.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.compute.survey.estimate import RESULT_COLUMNS
from cltrack.export import csv_cell, sheet_cell
from cltrack.i18n import label
from cltrack.outputs import atomic

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.compute.survey import SurveyReport

NUMBERS: tuple[str, ...] = RESULT_COLUMNS
XLSX_COLUMNS: tuple[str, ...] = ("rate", "se", "ci_low", "ci_high", "ci_method", "n_unweighted", "n_excluded", "excluded_weight_pct",
                                 "n_effective", "n_counted", "numerator", "denominator", "rse", "reliable", "why")


def _plain(value: Any) -> Any:
    """numpy / pandas scalars as plain Python; NaN and NA as None."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def group_columns(report: SurveyReport) -> list[str]:
    """The grouping columns of the by-table, in order (unit codes included)."""
    if report.groups is None:
        return []
    return [c for c in report.groups.columns if c not in NUMBERS]


def _rows(frame: pd.DataFrame, kind: str, cols: list[str]) -> list[dict[str, Any]]:
    """Records of one estimate table."""
    out = []
    for rec in frame.to_dict("records"):
        row: dict[str, Any] = {"group": kind}
        row.update({c: _plain(rec.get(c)) for c in cols})
        row.update({k: _plain(rec.get(k)) for k in NUMBERS})
        if row["reliable"] is not None:
            row["reliable"] = bool(row["reliable"])
        out.append(row)
    return out


def records(report: SurveyReport) -> list[dict[str, Any]]:
    """The total, then one record per group."""
    cols = group_columns(report)
    rows = _rows(report.overall, "total", cols)
    if report.groups is not None:
        rows += _rows(report.groups, "by", cols)
    return rows


def to_dict(report: SurveyReport, lang: str = "en") -> dict[str, Any]:
    """The whole report as one JSON-ready object."""
    from cltrack.findings import to_dict as finding_dict

    r = report.rules
    return {
        "rules": r.name, "series": r.series, "measure": report.measure, "year": report.year, "by": report.by,
        "rules_file": r.origin,
        "reliability": reliability_rule(report),
        "design": {k: _plain(v) if not isinstance(v, list) else v for k, v in report.design.items()},
        "estimates": records(report),
        "findings": [finding_dict(f, lang) for f in report.findings],
        "sources": [{"path": s.path, "sha256": s.sha256, "rows_read": s.rows_read, "rows_used": s.rows_used,
                     "rows_left_out": s.rows_left_out} for s in report.sources],
    }


def survey_json(report: SurveyReport, lang: str = "en") -> str:
    """The report as JSON text."""
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=2, allow_nan=False, default=str)


def survey_csv(report: SurveyReport) -> str:
    """One CSV row per estimate (machine column names)."""
    cols = ["group", *group_columns(report), *NUMBERS]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for rec in records(report):
        writer.writerow([csv_cell("" if rec.get(c) is None else rec.get(c)) for c in cols])
    return buf.getvalue()


def reliability_rule(report: SurveyReport) -> dict[str, Any]:
    """The reliability rule in force and its thresholds."""
    r = report.rules
    if r.reliability == "nchs":
        n = r.nchs
        return {"rule": "nchs", "source": "NCHS Data Presentation Standards for Proportions (Parker et al. 2017)",
                "min_effective_n": n.min_effective_n, "max_width": n.max_width, "width": n.width,
                "max_relative_width": n.max_relative_width, "min_df": n.min_df}
    return {"rule": "n_rse", "min_n": r.min_n, "max_rse": r.max_rse}


def notes(report: SurveyReport, lang: str) -> list[str]:
    """The lines under an estimates table: the reliability rule, the CI methods, the design."""
    r, d = report.rules, report.design
    if r.reliability == "nchs":
        rule = label("survey.rule.nchs", lang).format(neff=f"{r.nchs.min_effective_n:g}", max_width=f"{r.nchs.max_width:g}",
                                                       width=f"{r.nchs.width:g}", rel=f"{r.nchs.max_relative_width:g}")
    else:
        rule = label("survey.rule.n_rse", lang).format(min_n=r.min_n, max_rse=f"{r.max_rse:.0%}")
    yes_no = label("survey.yes" if d.get("fpc") else "survey.no", lang)
    design = label("survey.design", lang).format(strata=d.get("strata"), psus=d.get("psus"), df=d.get("df"), ci=d.get("ci"),
                                                 single_psu=d.get("single_psu"), fpc=yes_no)
    return [rule, label("survey.ci_note", lang), design]


def why(rec: dict[str, Any], lang: str) -> str:
    """Why an estimate has no SE or is unreliable, in words ('' when it is reliable)."""
    code = rec.get("se_reason") or (None if rec.get("reliable") else rec.get("unreliable_reason"))
    return label(f"survey.reason.{code}", lang) if code else ""


def display_value(column: str, value: Any, lang: str) -> Any:
    """A grouping value for people: sex and school attendance in words, blanks as '(unknown)'."""
    if value is None:
        return label("survey.unknown", lang)
    if column in ("sex", "in_school"):
        return label(f"survey.{column}.{value}", lang)
    return value


def survey_xlsx(report: SurveyReport, path: str | Path, lang: str = "vi") -> Path:
    """An Excel workbook: estimates (unreliable ones marked), findings and sources."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from cltrack.findings import location, message

    out = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = label("sheet.estimates", lang)
    cols = group_columns(report)
    r = report.rules
    ws.append([f"{label('survey.measure.' + report.measure, lang)} — {label('survey.rules', lang)}: {r.label.get(lang)} ({r.series})"])
    ws["A1"].font = Font(bold=True)
    keys = {"rate": "survey.rate", "se": "survey.se", "ci_low": "survey.ci", "ci_high": "survey.ci", "ci_method": "survey.ci_method",
            "n_unweighted": "survey.n", "n_excluded": "survey.excluded", "excluded_weight_pct": "survey.excluded_pct",
            "n_effective": "survey.n_effective", "n_counted": "survey.counted", "numerator": "survey.numerator",
            "denominator": "survey.denominator", "rse": "survey.rse", "reliable": "survey.reliable", "why": "survey.why"}
    header = ([label(f"survey.by.{c}", lang) for c in cols] or [""]) + [label(keys[k], lang) for k in XLSX_COLUMNS]
    first = max(len(cols), 1)
    header[first + 2] += " (-)"
    header[first + 3] += " (+)"
    ws.append(header)
    for c in ws[2]:
        c.font = Font(bold=True)
    grey = PatternFill("solid", fgColor="FFF2CC")
    for rec in records(report):
        if rec["group"] == "by":
            names = [display_value(c, rec.get(c), lang) for c in cols]
        else:
            names = [label("survey.total", lang)] + [""] * (max(len(cols), 1) - 1)
        shown = {"ci_method": label(f"survey.ci_method.{rec['ci_method']}", lang) if rec["ci_method"] else None,
                 "reliable": label("survey.yes" if rec["reliable"] else "survey.unreliable", lang), "why": why(rec, lang) or None}
        values = [shown[k] if k in shown else rec[k] for k in XLSX_COLUMNS]
        ws.append([sheet_cell(v) for v in names + values])
        row = ws.max_row
        for j in range(first, first + 4):
            ws.cell(row, j + 1).number_format = "0.00"
        if not rec["reliable"]:
            for j in range(1, len(names) + len(values) + 1):
                ws.cell(row, j).fill = grey
    ws.append([])
    for line in notes(report, lang):
        ws.append([line])
    fs = wb.create_sheet(label("sheet.findings", lang))
    fs.append([label("find.severity", lang), label("find.code", lang), label("find.where", lang), label("find.message", lang)])
    for f in report.findings:
        fs.append([sheet_cell(v) for v in (label(f"severity.{f.severity}", lang), f.code, location(f), message(f, lang))])
    ps = wb.create_sheet(label("sheet.provenance", lang))
    ps.append([label(k, lang) for k in ("prov.file", "prov.sha256", "prov.rows_read", "prov.rows_used", "prov.rows_left_out")])
    for s in report.sources:
        ps.append([sheet_cell(s.path), s.sha256, s.rows_read, s.rows_used, s.rows_left_out])
    ps.append([label("prov.kind", lang), label("prov.survey", lang)])
    ps.append([label("survey.rules", lang), sheet_cell(r.origin)])
    with atomic(out) as tmp:
        wb.save(tmp)
    return out
