"""Command `survey`: the child-labour rate from survey microdata, with SE, 95% CI, n and reliability."""

from pathlib import Path
from typing import Annotated

import typer

from cltrack.cli._app import LangOpt, command, output_format


@command("survey")
def survey_command(
    files: Annotated[list[Path], typer.Argument(readable=False, help="Survey microdata files or folders (one row per child 5-17).")],
    rules: Annotated[str, typer.Option("--rules", help="Rule set: vn_law (Vietnamese law), ilo_sdg (SDG 8.7.1), or a rules YAML file.")] = "vn_law",
    series: Annotated[str | None, typer.Option("--series", help="ilo_sdg series: economic (default), chores, chores_2008, economic_no_hazardous, chores_no_hazardous.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Group by a comma list of: province, district, commune, age_group, sex, in_school, year.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Use only rows of this survey year (rows without a year are kept).")] = None,
    measure: Annotated[str, typer.Option("--measure", help="child_labour (the rules), hazardous_work, or working (any economic activity).")] = "child_labour",
    reliability: Annotated[str | None, typer.Option("--reliability", help="Reliability rule: nchs (NCHS 2017 standards for proportions, the default) or n_rse (n < 30 or RSE > 30%).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table, json, csv or xlsx (default: from --output's suffix, else table).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", readable=False, help="Write to this file (format from its suffix unless --format).")] = None,
    lang: LangOpt = "vi",
) -> None:
    """cltrack survey FILE... [--rules vn_law|ilo_sdg|PATH] [--series S] [--by district,age_group,sex] [--reliability nchs|n_rse] [--format F]."""
    from cltrack.compute.survey import parse_by
    from cltrack.jobs import survey_files
    from cltrack.render.findings import file_progress

    fmt = output_format(fmt, output, [*files, rules])
    with file_progress(lang) as progress:  # a bar of bytes read on stderr, on a terminal only
        report = survey_files(files, rules=rules, series=series, by=parse_by(by), year=year, measure=measure,
                              reliability=reliability, lang=lang, progress=progress)
    if fmt == "table":
        from cltrack.render.survey import print_survey

        print_survey(report, lang)
        return
    from cltrack.export.survey import survey_csv, survey_json, survey_xlsx

    if fmt == "xlsx":
        typer.echo(str(survey_xlsx(report, output, lang)))  # type: ignore[arg-type]
        return
    from cltrack.export import write_data

    write_data(survey_json(report, lang) if fmt == "json" else survey_csv(report), fmt, output)
