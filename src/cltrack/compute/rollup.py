"""Annual rollups: each target's path over the years, its change, last status and anticipated progress.

`rollup(plan, data, years=..., level=...)` evaluates the plan once per year (the same `evaluate`
that `cltrack evaluate` uses, so the figures agree) and returns one `Rollup`; the table, JSON, CSV
and Excel writers all render that object.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cltrack import findings as fnd
from cltrack.compute.progress import METHODS, Progress, measure
from cltrack.errors import CltrackError
from cltrack.i18n import Lang
from cltrack.models import Finding, Plan, Result, Status, Target, Text

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation
    from cltrack.reading.model import ReportData, SourceFile


@dataclass
class RollupRow:
    """One target at one unit over the years."""

    target: str
    objective: str
    short: Text
    unit: str
    unit_code: str | None
    level: str
    kind: str
    unit_kind: str  # "percent" or "count"
    comparator: str | None
    target_value: float | None
    deadline: int
    values: dict[int, float | None]
    statuses: dict[int, Status]
    change_per_year: float | None
    last_year: int | None
    last_status: str
    progress: Progress

    def to_dict(self, lang: Lang = "en") -> dict[str, object]:
        """The row as a JSON-ready dict (years as string keys)."""
        return {
            "target": self.target,
            "objective": self.objective,
            "short": self.short.get(lang),
            "unit": self.unit,
            "unit_code": self.unit_code,
            "level": self.level,
            "kind": self.kind,
            "unit_kind": self.unit_kind,
            "comparator": self.comparator,
            "target_value": self.target_value,
            "deadline": self.deadline,
            "values": {str(y): v for y, v in self.values.items()},
            "statuses": {str(y): s for y, s in self.statuses.items()},
            "change_per_year": self.change_per_year,
            "last_year": self.last_year,
            "last_status": self.last_status,
            "progress": self.progress.to_dict(lang),
        }


@dataclass
class Rollup:
    """Every target's path over `years` at `level`, with the findings of all the years."""

    plan: Plan
    years: list[int]
    level: str
    rows: list[RollupRow]
    findings: list[Finding] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    unit: str | None = None
    method: str = "cagr"
    fail_on: str = "error"  # what the exit code fails on (cltrack.exitcodes.FAIL_ON)
    rows_in_scope: int = 0  # report rows inside the plan's area (and --unit) over the years

    @property
    def exit_code(self) -> int:
        """The contract's exit code for this report and its --fail-on."""
        from cltrack.exitcodes import exit_code

        return exit_code(self.fail_on, self.findings, [s for r in self.rows for s in r.statuses.values()])

    def to_dict(self, lang: Lang = "en") -> dict[str, object]:
        """The JSON object of `cltrack rollup --format json`."""
        return {
            "plan": self.plan.id,
            "level": self.level,
            "unit": self.unit,
            "method": self.method,
            "years": self.years,
            "rows": [r.to_dict(lang) for r in self.rows],
            "findings": [fnd.to_dict(f, lang) for f in self.findings],
            "exit_code": self.exit_code,
        }


def parse_years(text: str | None) -> list[int] | None:
    """'2021-2025' -> [2021..2025]; '2021,2023' -> [2021, 2023]; None -> None."""
    if text is None or not str(text).strip():
        return None
    years: set[int] = set()
    for part in str(text).split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d{4})\s*[-–:]\s*(\d{4})", part)
        if m:
            a, b = int(m[1]), int(m[2])
            if b < a:
                raise CltrackError("{option} '{text}': the range ends before it starts", option="years", text=text)
            years.update(range(a, b + 1))
        elif re.fullmatch(r"\d{4}", part):
            years.add(int(part))
        else:
            raise CltrackError("{option} '{text}' is not a year, a list or a range such as 2021-2025", option="years", text=text)
    return sorted(years)


def data_years(data: ReportData | None) -> list[int]:
    """The years present in the report rows, sorted."""
    if data is None or data.rows is None or len(data.rows) == 0 or "year" not in data.rows.columns:
        return []
    return sorted(int(y) for y in data.rows["year"].dropna().unique())


def change_per_year(values: dict[int, float | None]) -> float | None:
    """(last - first) / (years between) over the known values (percentage points a year for shares)."""
    known = sorted((y, v) for y, v in values.items() if v is not None and not math.isnan(v))
    if len(known) < 2:
        return None
    (y0, v0), (y1, v1) = known[0], known[-1]
    return (v1 - v0) / (y1 - y0)


def unique_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Findings without repeats (every year's evaluation repeats the reading findings)."""
    seen: set[tuple[object, ...]] = set()
    out: list[Finding] = []
    for f in findings:
        key = (f.code, f.severity, f.file, f.sheet, f.row, f.column, repr(sorted(f.args.items())))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _key(r: Result) -> tuple[str, str]:
    return (r.target, r.unit_code or r.unit)


def build_rows(plan: Plan, years: Sequence[int], evaluations: Sequence[Evaluation], method: str = "cagr") -> list[RollupRow]:
    """Rows per (target, unit) from one evaluation per year, in plan and unit order."""
    by_key: dict[tuple[str, str], dict[int, Result]] = {}
    for ev in evaluations:
        for r in ev.results:
            by_key.setdefault(_key(r), {})[ev.year] = r
    order = {t.id: i for i, t in enumerate(plan.targets)}
    rows: list[RollupRow] = []
    for key in sorted(by_key, key=lambda k: (order.get(k[0], len(order)), k[1])):
        per_year = by_key[key]
        target = plan.target(key[0])
        if target is None:
            continue
        rows.append(_row(target, years, per_year, method))
    return rows


def _row(target: Target, years: Sequence[int], per_year: dict[int, Result], method: str = "cagr") -> RollupRow:
    """One rollup row from a target's results by year."""
    first = next(iter(per_year.values()))
    values = {y: (per_year[y].actual if y in per_year else None) for y in years}
    statuses = {y: (per_year[y].status if y in per_year else "no_data") for y in years}
    known = [y for y in years if values[y] is not None]
    last_year = known[-1] if known else None
    return RollupRow(
        target=target.id,
        objective=target.objective,
        short=target.short,
        unit=first.unit,
        unit_code=first.unit_code,
        level=first.level,
        kind=target.kind,
        unit_kind=target.unit,
        comparator=target.comparator,
        target_value=target.value,
        deadline=target.deadline,
        values=values,
        statuses=statuses,
        change_per_year=change_per_year(values),
        last_year=last_year,
        last_status=statuses[last_year] if last_year is not None else "no_data",
        progress=measure(target, values, method=method, as_of_year=max(years)),
    )


def rollup(
    plan: Plan,
    data: ReportData | None,
    *,
    years: Sequence[int] | None = None,
    level: str | None = None,
    unit: str | None = None,
    method: str = "cagr",
    min_coverage: float = 50.0,
) -> Rollup:
    """Evaluate `plan` for each year and gather each target's path, change, status and progress."""
    from cltrack.compute.evaluate import evaluate
    from cltrack.compute.screen import screen

    if method not in METHODS:
        raise CltrackError("{option} must be one of {methods}, got '{method}'", option="method", methods=', '.join(METHODS), method=method)
    data = screen(data, plan) if data is not None else None  # once for every year
    chosen = sorted(set(years)) if years else data_years(data)
    if not chosen:
        raise CltrackError("no reporting year found in the data; pass --years (e.g. 2021-2025)")
    memo: dict[Any, Any] = {}  # the years share the rows in scope and each year's sums (a year is a later one's baseline)
    evaluations = [evaluate(plan, data, year=y, level=level, unit=unit, min_coverage=min_coverage, memo=memo) for y in chosen]
    findings = unique_findings([f for ev in evaluations for f in ev.findings])
    return Rollup(
        plan=plan,
        years=list(chosen),
        level=evaluations[0].level,
        rows=build_rows(plan, chosen, evaluations, method),
        findings=findings,
        sources=list(evaluations[0].sources),
        unit=evaluations[0].unit,
        method=method,
        rows_in_scope=sum(e.rows_in_scope for e in evaluations),
    )
