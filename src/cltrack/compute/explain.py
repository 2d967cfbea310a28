"""How one figure was made: the target, its formula, every row used or left out, and the sums.

`explain(plan, target_id, data, unit=..., year=...)` returns an `Explanation` holding exactly the
rows that `evaluate` summed for that target and unit, so a reviewer can redo the arithmetic by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cltrack.compute import scope
from cltrack.compute.evaluate import evaluate
from cltrack.compute.group_sums import covers, unit_table
from cltrack.compute.results import to_float
from cltrack.compute.screen import screen
from cltrack.compute.target_rows import TargetRows, target_rows
from cltrack.errors import CltrackError
from cltrack.models import Finding, Plan, Result, Target

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.reading.model import ReportData


@dataclass(frozen=True)
class RowUsed:
    """One input row that entered the sums."""

    file: str
    sheet: str | None
    row: int
    unit: str
    numerator: float | None
    denominator: float | None
    value: float | None = None  # unit-share: the unit's value tested against the threshold
    meets: bool | None = None
    approximate: bool = False


@dataclass(frozen=True)
class RowLeftOut:
    """One input row that did not enter the sums, with the reason code and detail."""

    file: str
    sheet: str | None
    row: int
    unit: str | None
    reason: str
    detail: str = ""
    last_row: int | None = None  # a run of rows `row` to `last_row` left out by the reader

    @property
    def rows(self) -> int:
        """How many rows the entry stands for."""
        return 1 if self.last_row is None else max(self.last_row - self.row + 1, 1)

    @property
    def rows_text(self) -> str:
        """'12', or '12-40' for a run."""
        return f"{self.row}-{self.last_row}" if self.last_row is not None and self.last_row > self.row else str(self.row)


@dataclass
class Explanation:
    """The data behind one figure."""

    plan: Plan
    target: Target
    result: Result
    formula: str
    year: int
    used: list[RowUsed] = field(default_factory=list)
    left_out: list[RowLeftOut] = field(default_factory=list)
    not_reporting: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # every finding of the data (the checks included)
    rows_in_scope: int = 0  # report rows inside the plan's area (and --unit) in the year
    fail_on: str = "error"  # what the exit code fails on (cltrack.exitcodes.FAIL_ON)

    @property
    def exit_code(self) -> int:
        """The contract's exit code for this report and its --fail-on."""
        from cltrack.exitcodes import exit_code

        return exit_code(self.fail_on, self.findings, [self.result.status])


def formula(target: Target) -> str:
    """The target's arithmetic in one line, with data-element codes."""
    num = " + ".join(target.numerator) or "?"
    if target.unit_share is not None:
        rule = target.unit_share
        return (
            f"100 × (number of {rule.unit_level} units with {' + '.join(rule.elements)} {rule.comparator} "
            f"{_n(rule.threshold)}) / (number of {rule.unit_level} units expected) {target.comparator} {_n(target.value)}"
        )
    if target.denominator:
        den = " + ".join(target.denominator)
        cmp = f" {target.comparator} {_n(target.value)}%" if target.comparator else f" ({target.direction})"
        return f"100 × Σ({num}) / Σ({den}){cmp}"
    cmp = f" {target.comparator} {_n(target.value)}" if target.comparator else f" ({target.direction})"
    return f"Σ({num}){cmp}"


def _n(x: float | None) -> str:
    """A threshold without a trailing .0."""
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


def explain(
    plan: Plan,
    target_id: str,
    data: ReportData | None,
    *,
    unit: str | None = None,
    year: int | None = None,
    level: str | None = None,
    baseline_year: int | None = None,
    min_coverage: float = 50.0,
) -> Explanation:
    """The rows and sums behind target `target_id` at `unit` (default: the whole plan area) in `year`."""
    target = plan.target(target_id)
    if target is None:
        ids = ", ".join(t.id for t in plan.targets)
        raise CltrackError("plan {plan_id} has no target '{target_id}' (targets: {ids})", plan_id=plan.id, target_id=target_id, ids=ids)
    data = screen(data, plan) if data is not None else None
    single = _single_target_plan(plan, target)
    evaluation = evaluate(single, data, year=year, unit=unit, level=level, baseline_year=baseline_year,
                          min_coverage=min_coverage)
    if not evaluation.results:
        raise CltrackError("target {target_id} has no value at {evaluation_level} level", target_id=target_id, evaluation_level=evaluation.level)
    result = evaluation.results[0]
    rows, _ = scope.prepare_rows(plan, data)
    area = scope.area_units(plan)
    if unit is not None:
        u_level, u_code, _name = scope.resolve_unit(plan, unit)
        area = area[area[scope.GROUP_COLUMN[u_level]] == u_code]
        if u_level != "province":
            rows = rows[rows[scope.GROUP_COLUMN[u_level]] == u_code]
    rows = rows[rows["year"] == evaluation.year] if len(rows) else rows
    tr = target_rows(target, rows)
    used = _used_rows(tr)
    left = [
        RowLeftOut(str(r["_file"]), _s(r["_sheet"]), int(r["_row"]), _s(r.get("unit")), str(r["_reason"]), str(r["_missing"]))
        for r in tr.left_out.sort_values(["_file", "_row"]).to_dict("records")
    ]
    if data is not None:  # rows the reader already set aside (totals, titles, unknown units ...)
        left += [RowLeftOut(lo.file, lo.sheet, lo.row, None, lo.reason, last_row=lo.last_row) for lo in data.left_out]
    covered = covers(tr.used, unit_table(area, tr.unit_level), tr.unit_level)
    names = unit_table(area, tr.unit_level)[scope.NAME_COLUMN[tr.unit_level]]
    return Explanation(plan, target, result, formula(target), evaluation.year, used, left, list(names[~covered.to_numpy()]),
                       evaluation.findings, evaluation.rows_in_scope)


def _single_target_plan(plan: Plan, target: Target) -> Plan:
    """The plan reduced to one target (so evaluate does only the work needed)."""
    from dataclasses import replace

    return replace(plan, targets=(target,))


def _s(x: Any) -> str | None:
    """str, or None for None/NaN."""
    if x is None or x != x:
        return None
    return str(x)


def _used_rows(tr: TargetRows) -> list[RowUsed]:
    """The used rows as RowUsed, with unit-share tests when the target is one."""
    from cltrack.compute import attainment

    t = tr.target
    used = tr.used.sort_values(["_file", "_row"])
    out: list[RowUsed] = []
    for r in used.to_dict("records"):
        value = meets = None
        if t.unit_share is not None:
            value = float(r["_value"])
            meets = attainment.holds(value, t.unit_share.comparator, t.unit_share.threshold)
        out.append(
            RowUsed(
                str(r["_file"]), _s(r["_sheet"]), int(r["_row"]), str(r["unit"]),
                to_float(r["_num"]) if t.numerator else None, to_float(r["_den"]) if t.denominator else None,
                value, meets, bool(r.get("approximate", False)),
            )
        )
    return out
