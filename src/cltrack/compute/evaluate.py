"""Evaluate a plan on report data: the orchestration of scope, row choice, group sums and results.

`evaluate(plan, data, ...)` returns one `Evaluation`; the table, JSON, CSV and Excel writers all
render that same object. Counts are summed (never averaged percentages); a row with a blank count
that a target needs is left out of that target's sums and its unit counted as not reporting; the
units expected to report come from the gazetteer, so a commune that sent nothing is visible.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from cltrack.compute import scope
from cltrack.compute.group_sums import AreaIndex, own_usable_rows
from cltrack.compute.results import target_results
from cltrack.compute.scope import (
    GROUP_COLUMN,
    LEVEL_ORDER,
    needed_columns,
    pick_year,
    plain_strings,
    result_groups,
)
from cltrack.compute.screen import screen
from cltrack.compute.survey_targets import SurveyCache, survey_results
from cltrack.compute.target_rows import RowArrays
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.models import Finding, Level, Plan, Result

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.reading.model import ReportData, SourceFile


@dataclass
class Evaluation:
    """The outcome of `evaluate`: every result, the findings and the provenance of the inputs."""

    plan: Plan
    year: int
    level: str
    results: list[Result]
    findings: list[Finding]
    sources: list[SourceFile]
    rows_read: int
    rows_used: int
    rows_left_out: int
    units_expected: int
    units_reporting: int
    unit: str | None = None
    generated_at: str = field(default_factory=lambda: _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    survey_sources: list[SourceFile] = field(default_factory=list)
    unit_results: list[Result] = field(default_factory=list)  # finer results for the Excel "By unit" sheet
    fail_on: str = "error"  # what the exit code fails on (cltrack.exitcodes.FAIL_ON)
    min_coverage: float = 50.0  # percent of expected units below which a verdict is insufficient_data
    rows_in_scope: int = 0  # report rows inside the plan's area (and --unit) in the year evaluated

    @property
    def exit_code(self) -> int:
        """The contract's exit code for this report and its --fail-on."""
        from cltrack.exitcodes import exit_code

        return exit_code(self.fail_on, self.findings, [r.status for r in self.results])

    @property
    def plan_sha256(self) -> str | None:
        """SHA-256 of the plan's file (None when it has none on disk)."""
        import hashlib
        from pathlib import Path

        path = Path(self.plan.source) if self.plan.source else None
        return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None and path.is_file() else None

    @property
    def insufficient(self) -> list[Result]:
        """Results whose verdict rests on too few units (listed beside the flagged ones)."""
        return [r for r in self.results if r.status == "insufficient_data"]

    @property
    def flagged(self) -> list[Result]:
        """Results whose status is off_track or shortfall."""
        return [r for r in self.results if r.status in ("off_track", "shortfall")]


def evaluate(
    plan: Plan,
    data: ReportData | None,
    *,
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    survey: Any = None,
    baseline_year: int | None = None,
    weights: Any = None,
    min_coverage: float = 50.0,
    memo: dict[Any, Any] | None = None,
) -> Evaluation:
    """Every target of `plan` at every unit of `level` for `year` (default: the latest in the data).

    The data go through `screen` first (unless already screened): every check runs and rows in error
    are left out of every sum. `memo`, given to several evaluations of the same plan, data, weights
    and `unit` (other years, other levels), keeps what they share: the rows in scope, each year's
    rows, each target's rows and group sums per year and level (see `shared_memo`).
    """
    data = screen(data, plan) if data is not None else None
    memo = {} if memo is None else memo
    if "rows" not in memo:  # once per data set: rows in the area, only the columns evaluation reads, plain text
        prepared, found = scope.prepare_rows(plan, data, weights)
        memo["rows"] = (plain_strings(needed_columns(prepared, plan)), found)
    rows, found = memo["rows"]
    findings = list(found)
    year = pick_year(year, rows, survey)
    unit_name = within = None
    if unit is not None:
        within = u_level, u_code, unit_name = scope.resolve_unit(plan, unit)
        rows = rows[rows[GROUP_COLUMN[u_level]] == u_code] if u_level != "province" else rows
        level = level or u_level
    level = level or scope.default_level(plan)
    if level not in LEVEL_ORDER:
        raise CltrackError("{option} must be {listed}, got '{value}'", option="level", listed=('commune', 'district', 'province', 'plan'), value=level)
    at = cast("Level", level)  # one of LEVEL_ORDER's keys, checked just above
    area, places = area_in_scope(plan, within, memo)
    this_year = year_rows(rows, year, memo)
    history, base_source = baseline_history(plan, rows, year, baseline_year, memo)
    groups = result_groups(plan, area, level, unit_name)
    survey_cache: SurveyCache = {}
    years_in_survey = scope.survey_years(survey)
    use_survey = survey is not None and (years_in_survey is None or year in years_in_survey)
    if survey is not None and not use_survey:
        findings.append(make("survey-year-missing", year=year, years=", ".join(map(str, sorted(years_in_survey or ()))) or "-"))
    arrays = year_arrays(this_year, year, memo)
    results: list[Result] = []
    for target in plan.targets:
        if LEVEL_ORDER[level] < LEVEL_ORDER[scope.target_unit_level(target)]:
            continue  # a district count has no value per commune
        if target.kind == "rate" and use_survey:
            results.extend(survey_results(plan, target, survey, groups, at, year, findings, area if unit else None, survey_cache,
                                          baseline_year))
            continue
        results.extend(target_results(plan, target, arrays, history, base_source, places, groups, at, year, findings, memo,
                                      min_coverage))
    covered = places.covered(arrays, own_usable_rows(arrays, sorted({c for t in plan.targets for c in t.elements})), "commune")
    if data is not None:  # survey-only runs have no unit reports to miss
        findings.extend(make("unit-not-reporting", unit=name, year=year) for name in area.loc[~covered, "commune"])
    all_findings = list(data.findings if data is not None else []) + list(getattr(survey, "findings", []) or []) + findings
    return Evaluation(
        plan=plan,
        year=year,
        level=level,
        results=results,
        findings=all_findings,
        sources=list(data.sources if data is not None else []),
        rows_read=data.rows_read if data is not None else 0,
        rows_used=data.rows_used if data is not None else 0,
        rows_left_out=data.rows_left_out if data is not None else 0,
        units_expected=len(area),
        units_reporting=int(covered.sum()),
        unit=unit_name,
        survey_sources=list(getattr(survey, "sources", []) or []),
        min_coverage=min_coverage,
        rows_in_scope=len(this_year),
    )


def area_in_scope(plan: Plan, unit: tuple[str, str, str] | None, memo: dict[Any, Any]) -> tuple[pd.DataFrame, AreaIndex]:
    """Every commune of the plan's area (within `unit`: level, code, name), and its units placed as numbers; kept in `memo`."""
    key = ("area", unit)
    if key not in memo:
        area = scope.area_units(plan)
        if unit is not None:
            area = area[area[GROUP_COLUMN[unit[0]]] == unit[1]].reset_index(drop=True)
        area = plain_strings(area)  # once, not once per target
        memo[key] = (area, AreaIndex(area))
    return cast("tuple[pd.DataFrame, AreaIndex]", memo[key])


def year_arrays(rows: pd.DataFrame, year: int, memo: dict[Any, Any]) -> RowArrays:
    """The rows of one year as the arrays every target reads (kept in `memo`)."""
    key = ("arrays", year)
    if key not in memo:
        memo[key] = RowArrays.of(rows)
    return cast("RowArrays", memo[key])


def year_rows(rows: pd.DataFrame, year: int, memo: dict[Any, Any] | None = None) -> pd.DataFrame:
    """The rows of one year (kept in `memo`: every evaluation sharing it filters each year once)."""
    key = ("year", year)
    if memo is not None and key in memo:
        return cast("pd.DataFrame", memo[key])
    out = rows[rows["year"] == year] if len(rows) else rows
    if memo is not None:
        memo[key] = out
    return out


def baseline_history(plan: Plan, rows: pd.DataFrame, year: int, baseline_year: int | None,
                     memo: dict[Any, Any] | None = None) -> tuple[dict[int, RowArrays], str]:
    """The rows a baseline may come from, by year, and their source: `--baseline-year` ("option"), else
    every year before `year` and not before the plan's first year minus one ("data")."""
    if not len(rows):
        return {}, "data" if baseline_year is None else "option"
    if baseline_year is not None:
        return {baseline_year: _arrays_of_year(rows, baseline_year, memo)}, "option"
    earlier = sorted(int(y) for y in rows["year"].dropna().unique() if plan.period[0] - 1 <= int(y) < year)
    return {y: _arrays_of_year(rows, y, memo) for y in earlier}, "data"


def _arrays_of_year(rows: pd.DataFrame, year: int, memo: dict[Any, Any] | None) -> RowArrays:
    """The rows of `year` as arrays (kept in `memo` when given)."""
    this = year_rows(rows, year, memo)
    return year_arrays(this, year, memo) if memo is not None else RowArrays.of(this)
