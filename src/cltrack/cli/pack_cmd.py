"""Command `pack`: the yearly pack of every plan (or those named): evaluation, rollup, status of reports, an index."""

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


@command("pack")
def pack_command(
    args: Annotated[list[str], typer.Argument(metavar="[PLAN...] DATA...", help="Plan ids or plan files (none: every plan), then report files or folders.")],
    year: Annotated[int, typer.Option("--year", help="The reporting year of the pack.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write (created if missing): one sub-folder per plan, index.md and index.json.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the status of reports is judged by, YYYY-MM-DD or DD/MM/YYYY (default: today).")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", help="As evaluate: exit 1 when a result is flagged, a shortfall, or never.")] = "never",
    fail_on_status: Annotated[str, typer.Option("--fail-on-status", help="As status --fail-on: exit 1 when a report is missing, late, or never.")] = "never",
    lang: LangOpt = "vi",
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack pack [PLAN...] DATA... --year Y --output DIR [--as-of DATE] [--fail-on ...] [--fail-on-status ...]."""
    from cltrack.compute.submissions import parse_date
    from cltrack.exitcodes import FAIL_ON, STATUS_FAIL_ON
    from cltrack.export.pack import write_pack
    from cltrack.pack import build_pack, check_folder, split_arguments

    check_choice("--fail-on", fail_on, FAIL_ON)
    check_choice("--fail-on-status", fail_on_status, STATUS_FAIL_ON)
    plans, data = split_arguments(args, targets_dir)
    check_folder(output, data)
    from cltrack.render.findings import file_progress

    with file_progress(lang) as progress:
        pack = build_pack(plans, data, year=year, as_of=parse_date(as_of) if as_of else None, fail_on=fail_on,
                          fail_on_status=fail_on_status, targets_dir=targets_dir, include_hidden=include_hidden_sheets,
                          progress=progress)
    index = write_pack(pack, output, lang)
    for plan in index["plans"]:
        shown = f"{output / plan['plan']}" if plan["files"] else f"{plan['plan']}: {plan['problem']}"
        typer.echo(f"{plan['exit_code']}  {shown}")
    typer.echo(str(output / "index.md"))
    raise typer.Exit(pack.exit_code)
