"""Command `site`: a static progress site (one folder, no request leaving it) for one or more plans."""

from pathlib import Path
from typing import Annotated

import typer

from cltrack.cli._app import HiddenSheetsOpt, TargetsDirOpt, command, user_lang


@command("site")
def site_command(
    args: Annotated[list[str], typer.Argument(metavar="PLAN [DATA...]...", help="Each plan id (or plan YAML file) followed by its report files or folders and survey microdata.")],
    output: Annotated[Path, typer.Option("--output", "-o", readable=False, help="Folder to build the site in (new, empty, or built before by cltrack site).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date the reporting status is judged by, YYYY-MM-DD or DD/MM/YYYY (default: today).")] = None,
    submitted_from: Annotated[Path | None, typer.Option("--submitted-from", readable=False, help="CSV with columns file,submitted giving the date each file came (reporting status).")] = None,
    targets_dir: TargetsDirOpt = None,
    include_hidden_sheets: HiddenSheetsOpt = False,
) -> None:
    """cltrack site PLAN DATA... [PLAN DATA...]... --output DIR."""
    from cltrack.compute.submissions import parse_date
    from cltrack.render.findings import file_progress
    from cltrack.site.build import build_site

    with file_progress(user_lang()) as progress:  # the site is in both languages; the bar in the user's
        written = build_site(args, output, targets_dir=targets_dir, as_of=parse_date(as_of) if as_of else None,
                             submitted_from=submitted_from, include_hidden=include_hidden_sheets, progress=progress)
    pages = sum(1 for p in written if p.suffix == ".html")
    typer.echo(f"{output / 'index.html'}  ({pages} pages, {len(written)} files)")
