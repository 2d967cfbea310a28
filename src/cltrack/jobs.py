"""Files in, report out: the one layer that turns paths and options into a report object for a command.

Each CLI command parses its options, makes one call here and renders what comes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.errors import CltrackError
from cltrack.reading.sniff import looks_like_survey

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.explain import Explanation
    from cltrack.models import Plan
    from cltrack.reading.model import ReportData

UNREADABLE: frozenset[str] = frozenset({"file-not-found", "file-unreadable", "unsupported-format"})


def evaluate_files(
    plan_ref: str,
    paths: list[str | Path],
    *,
    targets_dir: str | None = None,
    survey_paths: list[str | Path] | None = None,
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    baseline_year: int | None = None,
    sheet: str | None = None,
    unit_level: str | None = None,
    include_hidden: bool = False,
) -> Evaluation:
    """Load the plan, read report (and survey) files, evaluate; unreadable input raises CltrackError.

    Files that look like survey microdata (age and hours_work columns) go to the survey reader.
    With `unit_level` (commune or district), results at that level (and at district level between it
    and the plan's level) are added as `unit_results`.
    """
    from cltrack.plans import catalogue as plans

    plan = plans.load_plan(plan_ref, targets_dir=targets_dir)
    survey_files = [p for p in (survey_paths or [])]
    report_files: list[str | Path] = []
    for p in paths:
        (survey_files if looks_like_survey(p) else report_files).append(p)
    data = None
    if report_files:
        from cltrack.reading.reports import read_reports

        data = read_reports(report_files, plan=plan, year=year, sheet=sheet, include_hidden=include_hidden)
        bad = [f for f in data.findings if f.code in UNREADABLE]
        if bad:
            from cltrack.findings import one_line

            raise CltrackError(one_line(bad[0], "en"))
    survey = read_survey(survey_files, year) if survey_files else None
    if data is None and survey is None:
        raise CltrackError("no data files given")
    return evaluate_data(plan, data, survey, year=year, level=level, unit=unit, baseline_year=baseline_year, unit_level=unit_level)


def evaluate_data(
    plan: Plan, data: ReportData | None, survey: Any = None, *, year: int | None = None, level: str | None = None,
    unit: str | None = None, baseline_year: int | None = None, unit_level: str | None = None,
) -> Evaluation:
    """Evaluate data already read; with `unit_level`, the finer results the Excel report's By unit sheet shows."""
    from cltrack.compute.evaluate import evaluate
    from cltrack.compute.scope import LEVEL_ORDER

    evaluation = evaluate(plan, data, year=year, level=level, unit=unit, survey=survey, baseline_year=baseline_year)
    if unit_level and LEVEL_ORDER[unit_level] < LEVEL_ORDER[evaluation.level]:
        # the finer level, and the districts between it and the plan's level (the By unit sheet's subtotals)
        levels = [lv for lv in ("district", "commune") if LEVEL_ORDER[unit_level] <= LEVEL_ORDER[lv] < LEVEL_ORDER[evaluation.level]]
        evaluation.unit_results = [r for lv in levels for r in evaluate(
            plan, data, year=evaluation.year, level=lv, unit=unit, survey=survey, baseline_year=baseline_year).results]
    return evaluation


def read_survey(paths: list[str | Path], year: int | None = None) -> Any:
    """Survey microdata from `paths` via the survey reader (missing files raise CltrackError)."""
    for p in paths:
        if not Path(p).exists():
            raise CltrackError(f"{p}: file not found")
    from cltrack.reading import survey as survey_reader

    return survey_reader.read_microdata(paths, year=year)


def explain_files(
    plan_ref: str,
    target_id: str,
    paths: list[str | Path],
    *,
    targets_dir: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    sheet: str | None = None,
    include_hidden: bool = False,
) -> Explanation:
    """Load the plan, read the report files and explain one target (unreadable input raises)."""
    from cltrack.findings import one_line
    from cltrack.plans import catalogue as plans
    from cltrack.reading.reports import read_reports

    plan = plans.load_plan(plan_ref, targets_dir=targets_dir)
    data = read_reports(paths, plan=plan, year=year, sheet=sheet, include_hidden=include_hidden)
    bad = [f for f in data.findings if f.code in UNREADABLE]
    if bad:
        raise CltrackError(one_line(bad[0], "en"))
    from cltrack.compute.explain import explain

    return explain(plan, target_id, data, unit=unit, year=year)
