"""Writers for `cltrack survey`: JSON, CSV and Excel, all from the same records of one SurveyReport.

A record is one estimate: `group` ("total" for the whole survey, else "by"), the grouping columns,
then the estimator's RESULT_COLUMNS (rate, se, ci_low, ci_high, ci_method, n_unweighted, n_excluded,
excluded_weight_pct, n_effective, reliable, unreliable_reason, se_reason, ...). Numbers are not
rounded; NaN becomes null (JSON) or an empty cell; a null SE always comes with its se_reason.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cltrack.compute.survey.estimate import RESULT_COLUMNS
from cltrack.export import csv_text, sheet_cell
from cltrack.i18n import Lang, label
from cltrack.outputs import atomic

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

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


def to_dict(report: SurveyReport, lang: Lang = "en") -> dict[str, Any]:
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


def survey_json(report: SurveyReport, lang: Lang = "en") -> str:
    """The report as JSON text."""
    return json.dumps(to_dict(report, lang), ensure_ascii=False, indent=2, allow_nan=False, default=str)


def survey_csv(report: SurveyReport) -> str:
    """One CSV row per estimate (machine column names)."""
    cols = ["group", *group_columns(report), *NUMBERS]
    return csv_text(cols, ([rec.get(c) for c in cols] for rec in records(report)))


def reliability_rule(report: SurveyReport) -> dict[str, Any]:
    """The reliability rule in force and its thresholds."""
    r = report.rules
    if r.reliability == "nchs":
        n = r.nchs
        return {"rule": "nchs", "source": "NCHS Data Presentation Standards for Proportions (Parker et al. 2017)",
                "min_effective_n": n.min_effective_n, "max_width": n.max_width, "width": n.width,
                "max_relative_width": n.max_relative_width, "min_df": n.min_df}
    return {"rule": "n_rse", "min_n": r.min_n, "max_rse": r.max_rse}


def notes(report: SurveyReport, lang: Lang) -> list[str]:
    """The lines under an estimates table: the reliability rule, the CI methods, the design."""
    r, d = report.rules, report.design
    if r.reliability == "nchs":
        rule = label("survey.rule.nchs", lang).format(neff=f"{r.nchs.min_effective_n:g}", max_width=f"{r.nchs.max_width:g}",
                                                       width=f"{r.nchs.width:g}", rel=f"{r.nchs.max_relative_width:g}")
    else:
        rule = label("survey.rule.n_rse", lang).format(min_n=r.min_n, max_rse=f"{r.max_rse:.0%}")
    yes_no = label("survey.yes" if d.get("fpc") else "survey.no", lang)
    design = label("survey.design", lang).format(strata=d.get("strata"), psus=d.get("psus"), df=d.get("df"), ci=d.get("ci"),
                                                 single_psu=label(f"single_psu.{d.get('single_psu')}", lang), fpc=yes_no)
    return [rule, label("survey.ci_note", lang), design]


def why(rec: dict[str, Any], lang: Lang) -> str:
    """Why an estimate has no SE or is unreliable, in words ('' when it is reliable)."""
    code = rec.get("se_reason") or (None if rec.get("reliable") else rec.get("unreliable_reason"))
    return label(f"survey.reason.{code}", lang) if code else ""


def display_value(column: str, value: Any, lang: Lang) -> Any:
    """A grouping value for people: sex and school attendance in words, blanks as '(unknown)'."""
    if value is None:
        return label("survey.unknown", lang)
    if column in ("sex", "in_school"):
        return label(f"survey.{column}.{value}", lang)
    return value


# Column widths (characters) and number formats of the estimates sheet, by column.
XLSX_WIDTHS: dict[str, float] = {"ci_method": 16.0, "reliable": 12.0, "why": 36.0}
XLSX_FORMATS: dict[str, str] = {"rate": "0.00", "se": "0.00", "ci_low": "0.00", "ci_high": "0.00", "excluded_weight_pct": "0.00",
                                "rse": "0.00", "n_effective": "#,##0.0", "n_unweighted": "#,##0", "n_excluded": "#,##0",
                                "n_counted": "#,##0", "numerator": "#,##0", "denominator": "#,##0"}
XLSX_KEYS: dict[str, str] = {"rate": "survey.rate", "se": "survey.se", "ci_low": "survey.ci", "ci_high": "survey.ci",
                             "ci_method": "survey.ci_method", "n_unweighted": "survey.n", "n_excluded": "survey.excluded",
                             "excluded_weight_pct": "survey.excluded_pct", "n_effective": "survey.n_effective",
                             "n_counted": "survey.counted", "numerator": "survey.numerator", "denominator": "survey.denominator",
                             "rse": "survey.rse", "reliable": "survey.reliable", "why": "survey.why"}


def _table(ws: Any, rows: list[list[Any]], col_widths: list[float], *, formats: dict[int, str] | None = None,
           fills: dict[int, Any] | None = None) -> None:
    """Append a bordered table (first row the bold header) with wrapped text, row heights that hold it, number formats."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side

    from cltrack.export.office import font, row_height

    thin = Side(style="thin", color="808080")
    box, head_fill = Border(left=thin, right=thin, top=thin, bottom=thin), PatternFill("solid", fgColor="DDEBF7")
    wrap, center = Alignment(wrap_text=True, vertical="top"), Alignment(wrap_text=True, horizontal="center", vertical="center")
    for i, values in enumerate(rows):
        ws.append(values)
        n, header = ws.max_row, i == 0
        for j, cell in enumerate(ws[n]):
            cell.border, cell.alignment = box, center if header else wrap
            if header:
                cell.font, cell.fill = font(bold=True), head_fill
            elif formats and j in formats:
                cell.number_format = formats[j]
            if not header and fills and i in fills:
                cell.fill = fills[i]
        texts = [(v, w) for v, w in zip(values, col_widths, strict=False) if isinstance(v, str)]
        ws.row_dimensions[n].height = row_height(texts, bold=header)


def survey_xlsx(report: SurveyReport, path: str | Path, lang: Lang = "vi") -> Path:
    """An Excel workbook printed as the other workbooks (A4, fit to width, header rows repeated, Times New
    Roman, number formats in the workbook's language): estimates (unreliable ones shaded), findings, sources."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    from cltrack.export.office import font, number_format, print_setup, use_font, widths
    from cltrack.findings import location, message

    out = Path(path)
    wb = Workbook()
    use_font(wb)
    ws = cast("Worksheet", wb.active)  # a new workbook holds one worksheet
    ws.title = label("sheet.estimates", lang)
    cols = group_columns(report)
    r = report.rules
    header = ([label(f"survey.by.{c}", lang) for c in cols] or [""]) + [label(XLSX_KEYS[k], lang) for k in XLSX_COLUMNS]
    first = max(len(cols), 1)
    header[first + 2] += " (-)"
    header[first + 3] += " (+)"
    col_widths = [16.0] * first + [XLSX_WIDTHS.get(k, 10.0) for k in XLSX_COLUMNS]
    widths(ws, col_widths)
    print_setup(ws, landscape=True, title_rows="2:2")
    ws.append([f"{label('survey.measure.' + report.measure, lang)} — {label('survey.rules', lang)}: {r.label.get(lang)} ({r.series})"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font, ws["A1"].alignment = font(bold=True, size=13), Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[1].height = 36.0
    body: list[list[Any]] = [header]  # the header's text, then each record's texts and numbers
    grey = PatternFill("solid", fgColor="FFF2CC")
    for rec in records(report):
        if rec["group"] == "by":
            names = [display_value(c, rec.get(c), lang) for c in cols]
        else:
            names = [label("survey.total", lang)] + [""] * (first - 1)
        shown = {"ci_method": label(f"survey.ci_method.{rec['ci_method']}", lang) if rec["ci_method"] else None,
                 "reliable": label("survey.yes" if rec["reliable"] else "survey.unreliable", lang), "why": why(rec, lang) or None}
        body.append([sheet_cell(v) for v in names + [shown[k] if k in shown else rec[k] for k in XLSX_COLUMNS]])
    formats = {first + j: number_format(XLSX_FORMATS[k], lang) for j, k in enumerate(XLSX_COLUMNS) if k in XLSX_FORMATS}
    unreliable = {i + 1: grey for i, rec in enumerate(records(report)) if not rec["reliable"]}
    _table(ws, body, col_widths, formats=formats, fills=unreliable)
    ws.append([])
    for line in notes(report, lang):
        ws.append([line])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
        ws.cell(ws.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[ws.max_row].height = 30.0
    ws.freeze_panes = ws.cell(3, first + 1).coordinate
    fs = wb.create_sheet(label("sheet.findings", lang))
    find_widths = [12.0, 24.0, 30.0, 70.0]
    widths(fs, find_widths)
    print_setup(fs, landscape=True, title_rows="1:1")
    _table(fs, [[label(k, lang) for k in ("find.severity", "find.code", "find.where", "find.message")]]
           + [[sheet_cell(v) for v in (label(f"severity.{f.severity}", lang), f.code, location(f), message(f, lang))] for f in report.findings],
           find_widths)
    ps = wb.create_sheet(label("sheet.provenance", lang))
    prov_widths = [40.0, 66.0, 10.0, 10.0, 10.0]
    widths(ps, prov_widths)
    print_setup(ps, landscape=True, title_rows="1:1")
    _table(ps, [[label(k, lang) for k in ("prov.file", "prov.sha256", "prov.rows_read", "prov.rows_used", "prov.rows_left_out")]]
           + [[sheet_cell(s.path), s.sha256, s.rows_read, s.rows_used, s.rows_left_out] for s in report.sources]
           + [[label("prov.kind", lang), label("prov.survey", lang)], [label("survey.rules", lang), sheet_cell(r.origin)]],
           prov_widths, formats={2: "#,##0", 3: "#,##0", 4: "#,##0"})
    with atomic(out) as tmp:
        wb.save(tmp)
    return out
