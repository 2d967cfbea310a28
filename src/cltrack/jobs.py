"""Files in, report out: the one layer that turns paths and options into a report object for a command.

Each CLI command parses its options, makes one call here and renders what comes back; the report
carries its exit code (`cltrack.exitcodes.exit_code`). Here, once for every command: folders are
expanded recursively and their files routed (survey microdata by its age and hours_work columns,
other spreadsheets as unit reports); unreadable input is one set of codes (`UNREADABLE`), raised as
one line in the user's language; report data go through `cltrack.compute.screen` (the checks
`validate` runs) before anything is summed; an empty selection is exit 2 naming what was found.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.i18n import Lang
from cltrack.models import Finding
from cltrack.reading.inputs import expand

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.completeness import Completeness
    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.explain import Explanation
    from cltrack.compute.rollup import Rollup
    from cltrack.compute.validation import ValidationReport
    from cltrack.models import Plan, ReadProgress
    from cltrack.reading.model import ReportData

UNREADABLE: frozenset[str] = frozenset({"file-not-found", "file-unreadable", "unsupported-format", "no-report-files"})
Paths = Sequence[str | Path]
__all__ = ["UNREADABLE", "expand", "read_inputs", "evaluate_files", "explain_files", "rollup_files", "status_files", "validate_files", "survey_files"]


def refuse_unreadable(findings: Sequence[Finding], lang: Lang) -> None:
    """CltrackError (exit 2) with the first unreadable-input finding, in the user's language."""
    bad = [f for f in findings if f.code in UNREADABLE]
    if bad:
        raise CltrackError.of(bad[0])


def read_raw(plan: Plan | None, files: Sequence[str], *, year: int | None = None, sheet: str | None = None,
             lang: Lang = "en", include_hidden: bool = False, progress: ReadProgress | None = None) -> ReportData:
    """Report files read as they are (no checks yet); unreadable input raises; each file told to `progress`."""
    from cltrack.reading.reports import read_reports

    data = read_reports(list(files), plan=plan, year=year, sheet=sheet, include_hidden=include_hidden, progress=progress)
    refuse_unreadable(data.findings, lang)
    return data


def read_data(plan: Plan | None, files: Sequence[str], *, year: int | None = None, sheet: str | None = None,
              lang: Lang = "en", include_hidden: bool = False, progress: ReadProgress | None = None) -> ReportData:
    """Report files read and screened (every check `validate` runs, rows in error left out)."""
    from cltrack.compute.screen import screen

    return screen(read_raw(plan, files, year=year, sheet=sheet, lang=lang, include_hidden=include_hidden, progress=progress), plan)


def read_inputs(plan: Plan | None, paths: Paths, *, survey_paths: Paths = (), year: int | None = None,
                sheet: str | None = None, lang: Lang = "en", include_hidden: bool = False,
                progress: ReadProgress | None = None, baseline_year: int | None = None) -> tuple[ReportData | None, Any]:
    """(report data as read, survey microdata) from the paths: folders expanded and files routed by
    `expand`, unreadable input raised; either part is None when no file of its kind was given. With
    `year`, the survey keeps the rows of the years a baseline may come from as well. `progress` is told
    the report files one by one, then the survey's bytes (`sizes=True`)."""
    inputs = expand(paths, survey_paths)
    refuse_unreadable(inputs.findings, lang)
    data = read_raw(plan, inputs.reports, year=year, sheet=sheet, lang=lang, include_hidden=include_hidden,
                    progress=progress) if inputs.reports else None
    also = baseline_years(plan, year, baseline_year)
    survey = read_survey(inputs.surveys, year, lang, also, progress) if inputs.surveys else None
    return data, survey


def baseline_years(plan: Plan | None, year: int | None, baseline_year: int | None) -> set[int]:
    """The years before `year` a baseline may come from: `baseline_year`, else the plan's first year minus one on."""
    if year is None or plan is None:
        return set()
    if baseline_year is not None:
        return {baseline_year}
    return set(range(plan.period[0] - 1, year))


def for_plan(progress: ReadProgress | None, plan_id: str) -> ReadProgress | None:
    """`progress` with each file named after the plan it is read for (commands that read for several plans)."""
    if progress is None:
        return None
    tell = progress

    def named(done: int, total: int, name: str, *, sizes: bool = False) -> None:
        tell(done, total, f"{plan_id}: {name}" if name else plan_id, sizes=sizes)

    return named


def read_survey(paths: Sequence[str | Path], year: int | None, lang: Lang = "en", also_years: Collection[int] = (),
                progress: ReadProgress | None = None) -> Any:
    """Survey microdata from `paths` via the survey reader (missing files raise CltrackError); with `year`,
    rows of `also_years` are kept too; the bytes read told to `progress`."""
    for p in paths:
        if not Path(p).exists():
            raise CltrackError("{p}: file not found", p=p)
    from cltrack.reading import survey as survey_reader

    return survey_reader.read_microdata(list(paths), year=year, also_years=also_years, progress=progress)


def load_plan(plan_ref: str, targets_dir: str | None) -> Plan:
    """The plan named by id or path."""
    from cltrack.plans import catalogue as plans

    return plans.load_plan(plan_ref, targets_dir=targets_dir)


def found_in(data: ReportData | None) -> tuple[str, str, str]:
    """(years, areas, rows left out by reason) the files hold; '—' where none."""
    rows = data.rows if data is not None else None
    reasons: dict[str, int] = {}
    for lo in data.left_out if data is not None else []:
        reasons[lo.reason] = reasons.get(lo.reason, 0) + lo.rows
    left = ", ".join(f"{k} {v}" for k, v in sorted(reasons.items())) or "—"
    if rows is None or not len(rows):
        return "—", "—", left
    years = ", ".join(str(int(y)) for y in sorted(rows["year"].dropna().unique())) or "—"
    areas = rows[["district", "province"]].drop_duplicates().astype(object).fillna("")
    names = sorted({f"{d} ({p})" if d else str(p) for d, p in zip(areas["district"], areas["province"], strict=True)})
    return years, ", ".join(names[:6]) + (f" (+{len(names) - 6})" if len(names) > 6 else "") or "—", left


def refuse_empty(paths: Paths, data: ReportData | None, plan: Plan, year: int | str | None, unit: str | None) -> None:
    """CltrackError (exit 2): nothing of the selection in the files, naming the paths and the years and areas they hold."""
    years, areas, left = found_in(data)
    raise CltrackError(
        "no report row for plan {plan_id} ({area}), year {year}, unit {unit} in {given}; the files hold years {years}; areas {areas}; rows left out: {left}",
        plan_id=plan.id, area=plan.area.name, year=year if year is not None else "—", unit=unit or "—",
        given=", ".join(str(p) for p in paths) or "—", years=years, areas=areas, left=left,
    )


def evaluate_files(
    plan_ref: str,
    paths: Paths,
    *,
    targets_dir: str | None = None,
    survey_paths: Paths = (),
    year: int | None = None,
    level: str | None = None,
    unit: str | None = None,
    baseline_year: int | None = None,
    sheet: str | None = None,
    unit_level: str | None = "commune",
    fail_on: str = "error",
    min_coverage: float = 50.0,
    only_flagged: bool = False,
    lang: Lang = "en",
    include_hidden: bool = False,
    progress: ReadProgress | None = None,
) -> Evaluation:
    """Load the plan, read and screen report (and survey) files, evaluate: the report of `cltrack evaluate`.

    With `unit_level` (commune or district), results at that level (and at district level between it
    and the plan's level) are added as `unit_results` (for every format). `only_flagged` keeps the
    flagged and insufficient_data results only.
    """

    from cltrack.compute.screen import screen

    plan = load_plan(plan_ref, targets_dir)
    data, survey = read_inputs(plan, paths, survey_paths=survey_paths, year=year, sheet=sheet, lang=lang,
                               include_hidden=include_hidden, progress=progress, baseline_year=baseline_year)
    data = screen(data, plan) if data is not None else None
    if data is None and survey is None:
        raise CltrackError("no data files in {paths}", paths=', '.join(str(p) for p in paths) or '—')
    return evaluate_data(plan, data, survey, year=year, level=level, unit=unit, baseline_year=baseline_year,
                         unit_level=unit_level, fail_on=fail_on, min_coverage=min_coverage, only_flagged=only_flagged,
                         paths=paths)


def evaluate_data(
    plan: Plan, data: ReportData | None, survey: Any = None, *, year: int | None = None, level: str | None = None,
    unit: str | None = None, baseline_year: int | None = None, unit_level: str | None = "commune",
    fail_on: str = "error", min_coverage: float = 50.0, only_flagged: bool = False, paths: Paths = (),
) -> Evaluation:
    """Evaluate data already read (screened here if not yet): the report of `cltrack evaluate`.

    With `unit_level` (commune or district), results at that level (and at district level between it
    and the plan's level) are added as `unit_results` (for every format). `only_flagged` keeps the
    flagged and insufficient_data results only. No row of the selection in the data is exit 2.
    """
    from cltrack.compute.evaluate import evaluate
    from cltrack.compute.scope import LEVEL_ORDER
    from cltrack.compute.screen import screen

    if data is not None and not len(data.rows) and survey is None and not _has_errors(data):
        refuse_empty(paths, data, plan, year, unit)
    data = screen(data, plan) if data is not None else None  # once for every level below
    memo: dict[Any, Any] = {}  # the levels share the rows in scope and each target's rows
    kw: dict[str, Any] = {"unit": unit, "survey": survey, "baseline_year": baseline_year, "min_coverage": min_coverage, "memo": memo}
    evaluation = evaluate(plan, data, year=year, level=level, **kw)
    if (data is not None and survey is None and evaluation.rows_in_scope == 0 and evaluation.year not in data.out_years
            and (len(data.rows) or not _has_errors(data))):  # a year whose rows are all in error is shown with its errors
        refuse_empty(paths, data, plan, evaluation.year, unit)
    if unit_level and LEVEL_ORDER[unit_level] < LEVEL_ORDER[evaluation.level]:
        # the finer level, and the districts between it and the plan's level (the By unit sheet's subtotals)
        levels = [lv for lv in ("district", "commune") if LEVEL_ORDER[unit_level] <= LEVEL_ORDER[lv] < LEVEL_ORDER[evaluation.level]]
        evaluation.unit_results = [r for lv in levels for r in evaluate(
            plan, data, year=evaluation.year, level=lv, **{**kw, "survey": _survey_with(survey, lv)}).results]
    evaluation.fail_on = fail_on
    if only_flagged:
        keep = {id(r) for r in evaluation.flagged + evaluation.insufficient}
        evaluation.results = [r for r in evaluation.results if id(r) in keep]
        evaluation.unit_results = [r for r in evaluation.unit_results if r.status in FLAGGED_OR_INSUFFICIENT]
    return evaluation


def _survey_with(survey: Any, level: str) -> Any:
    """The survey when it names units at `level` (so it can give rates per unit), else None."""
    frame = getattr(survey, "frame", None)
    return survey if frame is not None and f"{level}_code" in frame.columns and frame[f"{level}_code"].notna().any() else None


FLAGGED_OR_INSUFFICIENT: frozenset[str] = frozenset({"off_track", "shortfall", "insufficient_data"})


def _has_errors(data: ReportData) -> bool:
    """True when a finding of the data is an error (rows in error explain an empty sum)."""
    return any(f.severity == "error" for f in data.findings)


def explain_files(
    plan_ref: str,
    target_id: str,
    paths: Paths,
    *,
    targets_dir: str | None = None,
    unit: str | None = None,
    year: int | None = None,
    sheet: str | None = None,
    fail_on: str = "error",
    min_coverage: float = 50.0,
    lang: Lang = "en",
    include_hidden: bool = False,
    progress: ReadProgress | None = None,
) -> Explanation:
    """Load the plan, read and screen the report files and explain one target: `cltrack explain`."""
    from cltrack.compute.explain import explain

    plan = load_plan(plan_ref, targets_dir)
    inputs = expand(paths)
    refuse_unreadable(inputs.findings, lang)
    data = read_data(plan, inputs.reports, year=year, sheet=sheet, lang=lang, include_hidden=include_hidden, progress=progress)
    result = explain(plan, target_id, data, unit=unit, year=year, min_coverage=min_coverage)
    if result.rows_in_scope == 0 and not _has_errors(data):
        refuse_empty(paths, data, plan, result.year, unit)
    result.fail_on = fail_on
    return result


def rollup_files(
    plan_ref: str, paths: Paths, *, targets_dir: str | None = None, years: Sequence[int] | None = None,
    level: str | None = None, unit: str | None = None, method: str = "cagr", fail_on: str = "error",
    min_coverage: float = 50.0, lang: Lang = "en", include_hidden: bool = False, progress: ReadProgress | None = None,
) -> Rollup:
    """Load the plan, read and screen the report files and evaluate every year: `cltrack rollup`."""
    from cltrack.compute.rollup import rollup

    plan = load_plan(plan_ref, targets_dir)
    inputs = expand(paths)
    refuse_unreadable(inputs.findings, lang)
    data = read_data(plan, inputs.reports, lang=lang, include_hidden=include_hidden, progress=progress)
    if not len(data.rows) and not _has_errors(data):
        refuse_empty(paths, data, plan, None, unit)
    result = rollup(plan, data, years=years, level=level, unit=unit, method=method, min_coverage=min_coverage)
    if result.rows_in_scope == 0 and not _has_errors(data):
        refuse_empty(paths, data, plan, ', '.join(map(str, result.years)), unit)
    result.fail_on = fail_on
    return result


def status_files(
    plan_ref: str, paths: Paths, *, targets_dir: str | None = None, as_of: str | None = None,
    years: Sequence[int] | None = None, submitted_from: str | Path | None = None, fail_on: str = "error",
    lang: Lang = "en", include_hidden: bool = False, progress: ReadProgress | None = None,
) -> Completeness:
    """Load the plan, read and screen the report files received and judge which came: `cltrack status`.

    The checks' errors and warnings join the report's findings; a form counts as received when it
    was read, even if some of its rows are in error.
    """
    from cltrack.compute.completeness import completeness
    from cltrack.compute.screen import screen
    from cltrack.compute.submissions import parse_date, read_manifest

    plan = load_plan(plan_ref, targets_dir)
    data = checked = None
    if paths:
        inputs = expand(paths)
        refuse_unreadable(inputs.findings, lang)
        data = read_raw(plan, inputs.reports, lang=lang, include_hidden=include_hidden, progress=progress)
        checked = screen(data, plan)
    manifest = read_manifest(submitted_from) if submitted_from else None
    result = completeness(plan, data, as_of=parse_date(as_of) if as_of else None, years=years, manifest=manifest)
    if checked is not None:
        result.findings = [f for f in checked.findings if f.severity != "info"] + result.findings
    result.fail_on = fail_on
    return result


def validate_files(
    paths: Paths, *, plan_ref: str | None = None, targets_dir: str | None = None, year: int | None = None,
    sheet: str | None = None, strict: bool = False, progress: ReadProgress | None = None, include_hidden: bool = False,
) -> ValidationReport:
    """Expand and route the paths, read the report files and run every check: `cltrack validate`.

    Survey microdata files get a `survey-file` info finding and are not read as reports.
    """
    from cltrack.compute.validation import validate

    plan = load_plan(plan_ref, targets_dir) if plan_ref is not None else None
    inputs = expand(paths)
    pre = inputs.findings + [make("survey-file", file=s) for s in inputs.surveys]
    report = validate(inputs.reports, plan=plan, year=year, sheet=sheet, progress=progress, pre_findings=pre,
                      include_hidden=include_hidden)
    report.strict = strict
    return report


def survey_files(paths: Paths, *, lang: Lang = "en", **options: Any) -> Any:
    """Expand the paths (folders recursively) and estimate from the survey microdata: `cltrack survey`."""
    from cltrack.compute.survey import survey_report

    inputs = expand(paths)
    named = [str(p) for p in paths if not Path(p).is_dir()]  # a file named directly is read as the user says
    files = inputs.surveys + [f for f in inputs.reports if f in named]
    refuse_unreadable([f for f in inputs.findings if not inputs.surveys], lang)
    return survey_report(files, **options)
