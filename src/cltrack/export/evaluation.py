"""Machine and office output of an Evaluation: JSON and CSV per the contract, and the Excel report.

All three render the same `Evaluation`. CSV cells and Excel text cells that a spreadsheet would run
as formulas are neutralised. The Excel report is laid out in report_xlsx.py and report_sheets.py.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack import __version__
from cltrack.export import csv_text, write_data
from cltrack.findings import to_dict as finding_dict
from cltrack.i18n import Lang
from cltrack.models import Result

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation

RESULT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Result))
_RESULT_VALUES = attrgetter(*RESULT_FIELDS)  # every field of a result in one call


def result_dict(r: Result) -> dict[str, Any]:
    """A result as the contract's JSON object (counts as whole numbers when whole)."""
    d = dict(zip(RESULT_FIELDS, _RESULT_VALUES(r), strict=True))  # Result is flat: no deep copy (asdict) needed
    for k in [k for k, v in d.items() if isinstance(v, float) and math.isnan(v)]:
        d[k] = None
    for k in ("numerator", "denominator"):
        v = d.get(k)
        if isinstance(v, float) and v.is_integer() and r.source != "survey":
            d[k] = int(v)
    return d


def to_json(evaluation: Evaluation, lang: Lang = "en") -> str:
    """The whole report as JSON: plan, year, level, results (with coverage_pct and the baseline fields),
    findings, and the provenance the Excel report shows (plan file, sources with SHA-256 and row
    balance, cltrack version) with the report's exit code."""
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
        "plan_file": {"path": e.plan.source, "sha256": e.plan_sha256},
        "sources": [
            {k: getattr(s, k, None) for k in ("path", "sha256", "rows_read", "rows_used", "rows_left_out")}
            for s in [*e.sources, *e.survey_sources]
        ],
        "row_balance": {"rows_read": e.rows_read, "rows_used": e.rows_used, "rows_left_out": e.rows_left_out},
        "min_coverage": e.min_coverage,
        "fail_on": e.fail_on,
        "exit_code": e.exit_code,
    }
    return dumps_lines(doc)


def dumps_lines(doc: dict[str, Any]) -> str:
    """The object one key per line and each list item (result, finding) on a line of its own.

    Same keys and values as `json.dumps(doc, indent=2)`, but every item is encoded by the C encoder
    (an indent makes json use its pure-Python encoder, 0.6 s for a national report's findings).
    """
    enc = json.JSONEncoder(ensure_ascii=False, default=_json_default)
    lines = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(enc.encode, value))
            lines.append(f"  {enc.encode(key)}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {enc.encode(key)}: {enc.encode(value)}")
    return "{\n" + ",\n".join(lines) + "\n}"


def _json_default(value: Any) -> Any:
    """numpy scalars (from pandas) as plain numbers; anything else as text."""
    item = getattr(value, "item", None)
    if callable(item):
        v = item()
        return None if isinstance(v, float) and math.isnan(v) else v
    return str(value)


def to_csv(evaluation: Evaluation) -> str:
    """One row per result with the result columns, plus plan; formula-looking text neutralised."""
    rows = ([evaluation.plan.id, *(_lower_bool(d[k]) for k in RESULT_FIELDS)] for d in map(result_dict, evaluation.results))
    return csv_text(("plan", *RESULT_FIELDS), rows)


def _lower_bool(v: Any) -> Any:
    """Booleans as JSON writes them (true/false); anything else unchanged."""
    return ("true" if v else "false") if isinstance(v, bool) else v


def write_xlsx(evaluation: Evaluation, path: str | Path, lang: Lang = "vi", *, unit_results: list[Result] | None = None) -> None:
    """The Excel report (report_xlsx.py lays it out for printing)."""
    from cltrack.export.report_xlsx import write_xlsx as write_report

    write_report(evaluation, path, lang, unit_results=unit_results)


def write(evaluation: Evaluation, fmt: str, output: str | Path | None, lang: Lang, *, unit_results: list[Result] | None = None) -> str | None:
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
    write_data(text, fmt, output)
    return None
