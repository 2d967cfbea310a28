"""Command `validate`: check report files for a data clerk or a CI job (findings, row balance, exit code)."""

from pathlib import Path
from typing import Annotated

import typer

from cltrack.cli._app import (
    HiddenSheetsOpt,
    LangOpt,
    TargetsDirOpt,
    check_choice,
    command,
)

FORMATS: tuple[str, ...] = ("text", "json", "github")


@command("validate")
def validate_command(
    paths: Annotated[list[Path], typer.Argument(metavar="FILE_OR_DIR...", readable=False, help="Report files or folders (xlsx, xlsm, xlsb, xls, ods, csv).")],
    plan: Annotated[str | None, typer.Option("--plan", help="Plan id or YAML file: its header aliases, and units outside its area are flagged.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Reporting year for files that do not say it (column, sheet, file name or title).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Read only this sheet of each workbook.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json or github (GitHub Actions workflow commands).")] = "text",
    lang: LangOpt = "vi",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")] = False,
    all_rows: Annotated[bool, typer.Option("--all-rows", help="List every left-out row on its own (default: runs of rows, one per reason).")] = False,
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack validate FILE_OR_DIR... [--plan PLAN] [--format text|json|github] [--lang vi|en] [--strict] [--all-rows]."""
    from cltrack.jobs import validate_files
    from cltrack.render.findings import file_progress, print_report

    check_choice("--format", fmt, FORMATS)
    with file_progress(lang) as progress:
        report = validate_files(list(paths), plan_ref=plan, targets_dir=targets_dir, year=year, sheet=sheet,
                                strict=strict, progress=progress, include_hidden=include_hidden_sheets)
    print_report(report, fmt, lang, strict, all_rows)
    raise typer.Exit(report.exit_code())
