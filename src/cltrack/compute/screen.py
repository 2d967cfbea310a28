"""The one check path: run every check on the rows read and leave out each row carrying an error.

`screen(data, plan)` is what `validate`, `evaluate`, `explain`, `rollup` and `status` all call, so
they see the same findings and sum the same rows. A row with an error finding (from the reader or
from `cltrack.compute.checks`) leaves `rows`, joins `left_out` with the finding's code as its reason,
and moves from used to left out in its file's row balance; a repeated identical form
(`duplicate-form`) is left out the same way, so it is counted once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from cltrack.compute.checks import run_checks
from cltrack.models import Finding, Plan
from cltrack.reading.model import ReportData, SourceFile, compact, left_out_runs

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

# Warnings whose row is left out too: the copy of a form counted once.
LEAVE_OUT_WARNINGS: frozenset[str] = frozenset({"duplicate-form"})


def _key(file: object, sheet: object, row: object) -> str:
    """One text key per sheet row (csv rows have no sheet)."""
    return f"{file}\x00{sheet if isinstance(sheet, str) else ''}\x00{int(row)}"  # type: ignore[call-overload]


def row_reasons(findings: list[Finding]) -> dict[str, str]:
    """Sheet row key -> the code of the first finding that leaves it out (an error, or a repeated form)."""
    out: dict[str, str] = {}
    for f in findings:
        if f.row is not None and f.file is not None and (f.severity == "error" or f.code in LEAVE_OUT_WARNINGS):
            out.setdefault(_key(f.file, f.sheet, f.row), f.code)
    return out


def screen(data: ReportData, plan: Plan | None = None) -> ReportData:
    """The data with every check's findings added and every row in error left out (once: a screened
    ReportData is returned as it is)."""
    if data.screened:
        return data
    findings = [_plain_row(f) for f in [*data.findings, *run_checks(data, plan)]]
    reasons = row_reasons(findings)
    rows = data.rows
    out_mask = _rows_left_out(rows, reasons) if reasons and len(rows) else None
    if out_mask is None or not out_mask.any():
        return replace(data, findings=findings, screened=True)
    gone = rows[out_mask]
    why = [reasons[_key(f, s, r)] for f, s, r in zip(gone["_file"].tolist(), gone["_sheet"].tolist(), gone["_row"].tolist(), strict=True)]
    gone = gone.assign(_why=why, _sheet=gone["_sheet"].astype(object).where(gone["_sheet"].notna(), None))
    left = [
        run for (f, s), part in gone.groupby(["_file", "_sheet"], sort=False, dropna=False)
        for run in left_out_runs(str(f), s if isinstance(s, str) else None, part["_row"].to_numpy(), part["_why"].to_numpy())
    ]
    per_file = gone["_file"].value_counts().to_dict()
    sources = [
        replace(s, rows_used=s.rows_used - int(per_file.get(s.path, 0)), rows_left_out=s.rows_left_out + int(per_file.get(s.path, 0)))
        for s in data.sources
    ]
    balance = {s.path: s for s in sources}
    findings = [_rebalanced(f, balance) for f in findings]
    return replace(data, rows=rows[~out_mask].reset_index(drop=True), findings=findings,
                   left_out=compact([*data.left_out, *left]), sources=sources, screened=True,
                   out_years=tuple(sorted({int(y) for y in gone["year"].dropna().tolist()})) if "year" in gone else ())


def _plain_row(finding: Finding) -> Finding:
    """The finding with a plain int row (numpy ints do not serialise)."""
    return finding if finding.row is None or type(finding.row) is int else replace(finding, row=int(finding.row))


def _rows_left_out(rows: pd.DataFrame, reasons: dict[str, str]) -> np.ndarray:
    """Per row: True when its sheet row carries a reason to leave it out."""
    sheets = rows["_sheet"].astype(object).fillna("").astype(str)
    keys = rows["_file"].astype(str) + "\x00" + sheets + "\x00" + rows["_row"].astype("int64").astype(str)
    return keys.isin(list(reasons)).to_numpy()


def _rebalanced(f: Finding, sources: dict[str, SourceFile]) -> Finding:
    """A `row-balance` finding with its file's new used / left-out counts."""
    s = sources.get(f.file or "") if f.code == "row-balance" else None
    if s is None:
        return f
    return replace(f, args={**f.args, "used": s.rows_used, "left_out": s.rows_left_out})
