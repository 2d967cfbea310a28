"""`validate`: read report files, run the checks, and account for every row (a report, as data).

The report holds the reader's findings (layout, cells, units, years, totals), the findings of
`cltrack.compute.checks`, every left-out row with its reason, and the row balance per file and in total.
It never prints and never exits; the exit code comes from `cltrack.exitcodes.for_findings`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cltrack.exitcodes import for_findings
from cltrack.findings import count_by_severity, to_dict
from cltrack.i18n import Lang
from cltrack.models import Finding, Plan, ReadProgress
from cltrack.reading.model import LeftOut, ReportData, SourceFile


@dataclass
class Balance:
    """Rows read = rows used + rows left out, with the left-out rows counted by reason."""

    rows_read: int
    rows_used: int
    rows_left_out: int
    left_out_by_reason: dict[str, int] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        """True when read = used + left out."""
        return self.rows_read == self.rows_used + self.rows_left_out

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict."""
        return {
            "rows_read": self.rows_read, "rows_used": self.rows_used, "rows_left_out": self.rows_left_out,
            "left_out_by_reason": dict(self.left_out_by_reason),
        }


@dataclass
class ValidationReport:
    """What `cltrack validate` reports: files, findings, left-out rows and the row balance."""

    files: list[SourceFile]
    findings: list[Finding]
    left_out: list[LeftOut]
    data: ReportData | None = None
    strict: bool = False  # --strict: warnings fail too

    def balance(self, path: str | None = None) -> Balance:
        """The row balance of one file (its path as shown), or of all files."""
        sources = [s for s in self.files if path is None or s.path == path]
        reasons: Counter[str] = Counter()
        for lo in self.left_out:
            if path is None or lo.file == path:
                reasons[lo.reason] += lo.rows
        return Balance(
            sum(s.rows_read for s in sources), sum(s.rows_used for s in sources),
            sum(s.rows_left_out for s in sources), dict(sorted(reasons.items())),
        )

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity: {'error': n, 'warning': n, 'info': n}."""
        return count_by_severity(self.findings)

    def exit_code(self, strict: bool | None = None) -> int:
        """The contract's exit code: 1 on errors (or warnings with strict), else 0."""
        return for_findings(self.findings, self.strict if strict is None else strict)

    def file_names(self) -> list[str]:
        """Every file named by a source or a finding, in reading order."""
        names = [s.path for s in self.files]
        names += [f.file for f in self.findings if f.file is not None and f.file not in names]
        return list(dict.fromkeys(names))

    def to_dict(self, lang: Lang = "en", strict: bool = False, with_left_out: bool = True) -> dict[str, object]:
        """The JSON report: files, findings, left-out runs (`with_left_out`; else []), balance per file and total, summary."""
        counts = self.counts
        files = []
        for s in self.files:
            mine = count_by_severity(f for f in self.findings if f.file == s.path)
            files.append({
                "path": s.path, "sha256": s.sha256, "sheets": list(s.sheets), "rows_read": s.rows_read,
                "rows_used": s.rows_used, "rows_left_out": s.rows_left_out,
                "errors": mine["error"], "warnings": mine["warning"], "infos": mine["info"],
            })
        return {
            "files": files,
            "findings": [to_dict(f, lang) for f in self.findings],
            "left_out": [left_out_dict(lo) for lo in self.left_out] if with_left_out else [],
            "balance": {
                "files": {s.path: self.balance(s.path).to_dict() for s in self.files},
                "total": self.balance().to_dict(),
            },
            "summary": {
                "files": len(self.file_names()), "errors": counts["error"], "warnings": counts["warning"],
                "infos": counts["info"], "strict": strict, "exit_code": self.exit_code(strict),
            },
        }


def left_out_dict(lo: LeftOut) -> dict[str, object]:
    """One run of left-out rows as JSON: rows `row` to `last_row` (`rows` of them) left out for `reason`."""
    return {"file": lo.file, "sheet": lo.sheet, "row": lo.row, "last_row": lo.last_row, "rows": lo.rows, "reason": lo.reason}


def _order(findings: list[Finding], files: list[str]) -> list[Finding]:
    """Findings by file (reading order), sheet, row, column; stable otherwise."""
    rank = {name: i for i, name in enumerate(files)}
    return sorted(
        findings,
        key=lambda f: (
            rank.get(f.file or "", len(rank)), f.row is None and f.code == "row-balance",
            f.sheet or "", f.row if f.row is not None else -1,
            len(f.column_letter or ""), f.column_letter or "",
        ),
    )


def report_of(data: ReportData, plan: Plan | None = None) -> ValidationReport:
    """The validation report of data already read: reader findings plus the checks, rows in error left out."""
    from cltrack.compute.screen import screen

    data = screen(data, plan)
    findings = list(data.findings)
    files = [s.path for s in data.sources]
    files += [f.file for f in findings if f.file and f.file not in files]
    return ValidationReport(list(data.sources), _order(findings, list(dict.fromkeys(files))), list(data.left_out), data)


def validate(
    paths: Sequence[str | Path], *, plan: Plan | None = None, year: int | None = None, sheet: str | None = None,
    progress: ReadProgress | None = None, pre_findings: Sequence[Finding] | None = None, include_hidden: bool = False,
) -> ValidationReport:
    """Read report files and folders, run every check, and account for every row.

    Folders are expanded as `read_reports` does; survey microdata files (age and hours_work
    columns) get a `survey-file` info finding and are not read as reports. With `progress`, files
    are read one by one and `progress(done, total, name)` is called before each.
    """
    if pre_findings is None:  # called directly: route the paths as the jobs layer does
        from cltrack.reading.inputs import expand

        inputs = expand(paths)
        files = inputs.reports
        from cltrack.findings import make

        pre_findings = inputs.findings + [make("survey-file", file=s) for s in inputs.surveys]
    else:
        files = [str(p) for p in paths]
    findings = list(pre_findings)
    data = _read(files, plan, year, sheet, progress, include_hidden)
    data.findings[:0] = findings
    return report_of(data, plan)


def _read(
    files: list[str], plan: Plan | None, year: int | None, sheet: str | None, progress: ReadProgress | None,
    include_hidden: bool = False,
) -> ReportData:
    """read_reports over the files (reporting each file to `progress` when given)."""
    from cltrack.reading.reports import read_reports

    return read_reports(files, plan=plan, year=year, sheet=sheet, include_hidden=include_hidden, progress=progress)
