"""Commands `plans` (the plan catalogue), `targets` (one plan's targets) and `lint` (check plan files)."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from cltrack.cli._app import LangOpt, TargetsDirOpt, check_choice, command
from cltrack.i18n import Lang

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


def _notices(targets_dir: str | None, lang: Lang, plan_id: str | None = None) -> None:
    """Tell on stderr which user plans override shipped ones."""
    from cltrack.plans import catalogue as plans

    for f in plans.overriding(targets_dir):
        from cltrack import findings

        if plan_id is None or f.args.get("plan") == plan_id:
            sys.stderr.write(f"cltrack: {findings.message(f, lang)} ({f.file})\n")


def _echo_json(data: object) -> None:
    """Print JSON (UTF-8, indented)."""
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@command("plans")
def plans_command(
    lang: LangOpt = "vi",
    fmt: FormatOpt = "table",
    targets_dir: TargetsDirOpt = None,
) -> None:
    """cltrack plans [--lang vi|en] [--format table|json] [--targets-dir DIR]."""
    from cltrack.plans import catalogue as plans

    check_choice("--format", fmt, ("table", "json"))
    _notices(targets_dir, lang)
    rows = plans.summaries(targets_dir)
    if fmt == "json":
        _echo_json(rows)
        return
    from cltrack.render.plans import print_plans

    print_plans(rows, lang)


@command("targets")
def targets_command(
    plan: Annotated[str, typer.Argument(help="Plan id (see `cltrack plans`) or path to a plan YAML file.")],
    lang: LangOpt = "vi",
    fmt: FormatOpt = "table",
    targets_dir: TargetsDirOpt = None,
) -> None:
    """cltrack targets PLAN [--lang vi|en] [--format table|json] [--targets-dir DIR]."""
    check_choice("--format", fmt, ("table", "json"))
    _notices(targets_dir, lang, plan)
    from cltrack.render.plans import print_targets, targets_of

    shown = targets_of(plan, targets_dir)
    if fmt == "json":
        _echo_json(shown["json"])
        return
    print_targets(shown[lang], lang)


@command("lint")
def lint_command(
    files: Annotated[list[Path], typer.Argument(readable=False, help="Plan YAML files, or folders of them.")],
    lang: LangOpt = "vi",
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """cltrack lint FILE... [--lang vi|en] [--format text|json]."""
    from cltrack.plans import catalogue as plans

    check_choice("--format", fmt, ("text", "json"))
    views = {str(p): plans.lint_view(p) for p in plans.plan_files_in(files)}
    if fmt == "json":
        _echo_json([obj for view in views.values() for obj in view["json"][lang]])
    else:
        for path, view in views.items():
            for line in view["lines"][lang]:
                typer.echo(line)
            if view["ok"]:
                typer.echo(f"{path}: ok")
    raise typer.Exit(max((view["exit"] for view in views.values()), default=0))
