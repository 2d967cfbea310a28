"""Commands `rollup` (targets over the years), `status` (reporting completeness), `template` (entry form)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cltrack.cli._app import (
    HiddenSheetsOpt,
    LangOpt,
    TargetsDirOpt,
    check_choice,
    command,
    output_format,
)

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.models import Plan

PlanArg = Annotated[str, typer.Argument(help="Plan id (e.g. trieu-son) or path to a plan YAML file.")]
DataArg = Annotated[list[Path], typer.Argument(readable=False, help="Report files or folders (xlsx, xls, ods, csv).")]
LevelOpt = Annotated[str | None, typer.Option("--level", help="commune, district, province or plan (default: the plan's own level).")]
UnitOpt = Annotated[str | None, typer.Option("--unit", help="Only this unit (district or commune name) of the plan's area.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", readable=False, help="Write to this file (format from its suffix unless --format).")]


def load_plan(name: str, targets_dir: str | None) -> "Plan":
    """The plan named by id or path (plans.py does the finding and validation)."""
    from cltrack.plans import catalogue as plans

    return plans.load_plan(name, targets_dir=targets_dir)


@command("rollup")
def rollup_command(
    plan: PlanArg,
    data: DataArg,
    years: Annotated[str | None, typer.Option("--years", help="Years: a range 2021-2025 or a list 2021,2023 (default: the years in the data).")] = None,
    level: LevelOpt = None,
    unit: UnitOpt = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table, json, csv or xlsx (xlsx needs --output).")] = None,
    output: OutputOpt = None,
    method: Annotated[str, typer.Option("--method", help="Anticipated progress: cagr (Statistics Canada, default) or linear (straight line to the target).")] = "cagr",
    lang: LangOpt = "vi",
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 on: error (any error finding; the default), flagged, shortfall, or never.")] = "error",
    min_coverage: Annotated[float, typer.Option("--min-coverage", help="Percent of the expected units a verdict must rest on; below it the status is insufficient_data.")] = 50.0,
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack rollup PLAN DATA... [--years 2021-2025] [--level ...] [--format table|json|csv|xlsx]."""
    from cltrack.compute.progress import METHODS
    from cltrack.compute.rollup import parse_years
    from cltrack.exitcodes import FAIL_ON
    from cltrack.jobs import rollup_files

    check_choice("--method", method, METHODS)
    fmt = output_format(fmt, output, [plan, *data])
    check_choice("--fail-on", fail_on, FAIL_ON)
    from cltrack.render.findings import file_progress

    with file_progress(lang) as progress:
        result = rollup_files(plan, list(data), targets_dir=targets_dir, years=parse_years(years), level=level, unit=unit,
                              method=method, fail_on=fail_on, min_coverage=min_coverage, lang=lang,
                              include_hidden=include_hidden_sheets, progress=progress)
    if fmt == "table":
        from cltrack.render.rollup import render_rollup

        render_rollup(result, lang)
    elif fmt == "xlsx":
        from cltrack.export.rollup import rollup_xlsx

        rollup_xlsx(result, output, lang)  # type: ignore[arg-type]
    else:
        from cltrack.export import write_data
        from cltrack.export.rollup import rollup_csv, rollup_json

        write_data(rollup_json(result, lang) if fmt == "json" else rollup_csv(result, lang), fmt, output)
    raise typer.Exit(result.exit_code)


@command("status")
def status_command(
    plan: PlanArg,
    data: Annotated[list[Path] | None, typer.Argument(readable=False, help="Report files or folders received so far.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date to judge by, YYYY-MM-DD or DD/MM/YYYY (default: today).")] = None,
    years: Annotated[str | None, typer.Option("--years", help="Reporting years (default: the latest round due by --as-of).")] = None,
    submitted_from: Annotated[Path | None, typer.Option("--submitted-from", readable=False, help="CSV with columns file,submitted giving the date each file came (else git history, else file times).")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="Exit 1 on: error (any error finding in the files; the default), missing, late (late or missing) or never.")] = "error",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    lang: LangOpt = "vi",
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack status PLAN DATA... [--as-of DATE] [--submitted-from manifest.csv] [--fail-on missing|late|never]."""
    from cltrack.compute.rollup import parse_years
    from cltrack.exitcodes import STATUS_FAIL_ON
    from cltrack.jobs import status_files

    check_choice("--fail-on", fail_on, STATUS_FAIL_ON)
    check_choice("--format", fmt, ("table", "json"))
    from cltrack.render.findings import file_progress

    with file_progress(lang) as progress:
        result = status_files(plan, list(data or []), targets_dir=targets_dir, as_of=as_of, years=parse_years(years),
                              submitted_from=submitted_from, fail_on=fail_on, lang=lang,
                              include_hidden=include_hidden_sheets, progress=progress)
    if fmt == "json":
        import json

        from cltrack.export import write_data

        write_data(json.dumps(result.to_dict(lang), ensure_ascii=False, indent=2), "json", None)
    else:
        from cltrack.render.rollup import render_status

        render_status(result, lang)
    raise typer.Exit(result.exit_code)


@command("template")
def template_command(
    plan: PlanArg,
    year: Annotated[int, typer.Option("--year", help="Reporting year written on the form.")],
    output: Annotated[Path, typer.Option("--output", "-o", readable=False, help="The .xlsx file to write.")],
    level: Annotated[str, typer.Option("--level", help="commune (a row per commune) or district (a row per district).")] = "commune",
    unit: UnitOpt = None,
    targets_dir: TargetsDirOpt = None,
) -> None:
    """cltrack template PLAN --year Y --level commune|district [--unit NAME] --output form.xlsx."""
    from cltrack.compute.template import template_spec
    from cltrack.export.template import write_template
    from cltrack.outputs import check_output

    check_output(output, (".xlsx",), [plan])
    path = write_template(template_spec(load_plan(plan, targets_dir), year, level, unit=unit, file_name=output.name), output)
    typer.echo(str(path))
