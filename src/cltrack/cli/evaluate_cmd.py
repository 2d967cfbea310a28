"""Commands `evaluate` (attainment of every target) and `explain` (how one figure was made)."""

from pathlib import Path
from typing import Annotated

import typer

from cltrack.cli._app import (
    HiddenSheetsOpt,
    LangOpt,
    TargetsDirOpt,
    check_choice,
    command,
    output_format,
)

PlanArg = Annotated[str, typer.Argument(help="Plan id (trieu-son, hai-duong, dak-lak) or path to a plan YAML file.")]
DataArg = Annotated[list[Path], typer.Argument(readable=False, help="Report files or folders (xlsx, xlsm, xlsb, xls, ods, csv); survey microdata is recognised by its age and hours_work columns.")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Reporting year (default: the latest year in the data).")]
MinCoverageOpt = Annotated[float, typer.Option("--min-coverage", help="Percent of the expected units a verdict must rest on; below it the status is insufficient_data.")]
UnitOpt = Annotated[str | None, typer.Option("--unit", help="Only this unit (district or commune of the plan's area) and what it contains.")]


@command("evaluate")
def evaluate_command(
    plan: PlanArg,
    data: Annotated[list[Path] | None, typer.Argument(readable=False, help="Report files or folders (xlsx, xlsm, xlsb, xls, ods, csv); survey microdata is recognised by its age and hours_work columns (may be empty with --survey).")] = None,
    year: YearOpt = None,
    level: Annotated[str | None, typer.Option("--level", help="commune, district, province or plan (default: the plan's own level).")] = None,
    unit: UnitOpt = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table, json, csv or xlsx (default: from --output's suffix, else table).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, help="Write to this file (format from its suffix unless --format).")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 on: error (any error finding; the default), flagged (off_track or shortfall), shortfall, or never.")] = "error",
    min_coverage: MinCoverageOpt = 50.0,
    lang: LangOpt = "vi",
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Show only off_track, shortfall and insufficient_data results.")] = False,
    baseline_year: Annotated[int | None, typer.Option("--baseline-year", help="Take each target's baseline from this year's data when the plan gives none.")] = None,
    matrix: Annotated[bool, typer.Option("--matrix", help="Unit x target view with status symbols (commune or district level).")] = False,
    survey: Annotated[list[Path] | None, typer.Option("--survey", readable=False, help="Survey microdata file for rate targets (repeatable).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Read only this sheet of each workbook.")] = None,
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack evaluate PLAN DATA... [--year Y] [--level L] [--format table|json|csv|xlsx] [--fail-on ...]."""
    from cltrack.exitcodes import FAIL_ON
    from cltrack.jobs import evaluate_files

    fmt = output_format(fmt, output, [plan, *(data or []), *(survey or [])])
    check_choice("--fail-on", fail_on, FAIL_ON)
    from cltrack.render.findings import file_progress

    with file_progress(lang) as progress:
        evaluation = evaluate_files(
            plan, list(data or []), targets_dir=targets_dir, survey_paths=list(survey or []), year=year,
            level=level or ("commune" if matrix else None), unit=unit, baseline_year=baseline_year, sheet=sheet,
            fail_on=fail_on, min_coverage=min_coverage, only_flagged=only_flagged, lang=lang,
            include_hidden=include_hidden_sheets, progress=progress,
            unit_level="commune" if fmt == "xlsx" else None,  # only the Excel report has a By unit sheet
        )
    if fmt == "table":
        from cltrack.render.evaluate import print_evaluation

        print_evaluation(evaluation, lang, matrix=matrix)
    else:
        from cltrack.export.evaluation import write
        from cltrack.outputs import write_stdout

        text = write(evaluation, fmt, output, lang, unit_results=evaluation.unit_results or None)
        if text is not None:
            write_stdout(text)
    raise typer.Exit(evaluation.exit_code)


@command("explain")
def explain_command(
    plan: PlanArg,
    target: Annotated[str, typer.Argument(help="Target id, e.g. M2.1a.")],
    data: DataArg,
    unit: UnitOpt = None,
    year: YearOpt = None,
    lang: LangOpt = "vi",
    sheet: Annotated[str | None, typer.Option("--sheet", help="Read only this sheet of each workbook.")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 on: error (any error finding; the default), flagged, shortfall, or never.")] = "error",
    min_coverage: MinCoverageOpt = 50.0,
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack explain PLAN TARGET DATA... [--unit NAME] [--year Y]."""
    from cltrack.exitcodes import FAIL_ON
    from cltrack.jobs import explain_files
    from cltrack.render.evaluate import print_explanation
    from cltrack.render.findings import file_progress

    check_choice("--fail-on", fail_on, FAIL_ON)
    with file_progress(lang) as progress:
        explanation = explain_files(plan, target, list(data), targets_dir=targets_dir, unit=unit, year=year, sheet=sheet,
                                    fail_on=fail_on, min_coverage=min_coverage, lang=lang,
                                    include_hidden=include_hidden_sheets, progress=progress)
    print_explanation(explanation, lang)
    raise typer.Exit(explanation.exit_code)
