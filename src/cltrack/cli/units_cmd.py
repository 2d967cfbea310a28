"""Commands `units lookup` (what a unit was or became across the 2025 reform) and `units list`."""

import json
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from cltrack.cli._app import COMMANDS, LangOpt, app, check_choice
from cltrack.cli._app import command as _command

units_app = typer.Typer(
    name="units",
    help=COMMANDS["units"][1],
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(units_app, name="units")

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a `units` sub-command (CltrackError becomes a one-line message and exit 2)."""
    return _command(*args, on=units_app, **kwargs)


def _json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


@command("lookup", help="What a unit was or became across the reform of 1 July 2025, with codes (name in any case, with or without Xã/Huyện..., or a code).")
def lookup_command(
    name: Annotated[str, typer.Argument(help="Unit name (e.g. 'Vân Sơn', 'Xã Tân Ninh') or GSO code (e.g. 15712).")],
    province: Annotated[str | None, typer.Option("--province", "-p", help="Only units inside this province or district (name or code).")] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = "vi",
) -> None:
    """cltrack units lookup NAME [--province P] [--format table|json]."""
    from cltrack.units import lineage

    check_choice("--format", fmt, ("table", "json"))
    found = lineage.lookup(name, within=province)
    if fmt == "json":
        _json([lineage.lineage_dict(lin) for lin in found])
        return
    from cltrack.render.units import render_lookup

    render_lookup(found, lang)


@command("list", help="List units: the provinces, or the districts/communes of a province or district, as of a date.")
def list_command(
    province: Annotated[str | None, typer.Option("--province", "-p", help="Province (name or code) whose units to list.")] = None,
    district: Annotated[str | None, typer.Option("--district", "-d", help="District (name or code; before 1 July 2025 only).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (or YYYY-MM, YYYY): before 2025-07-01 the old list, else the new one (default: today's list; the old one for a district or a place that no longer exists).")] = None,
    level: Annotated[str | None, typer.Option("--level", help="province, district or commune (default: provinces, or communes inside --province/--district).")] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = "vi",
) -> None:
    """cltrack units list [--province P] [--district D] [--as-of DATE] [--level L] [--format table|json]."""
    from cltrack.units import gazetteer, lineage

    check_choice("--format", fmt, ("table", "json"))
    list_id, units = gazetteer.units_as_of(as_of, province=province, district=district, level=level)
    if fmt == "json":
        _json({"list": list_id, "units": [lineage.unit_dict(u) for u in units]})
        return
    from cltrack.render.units import render_list

    render_list(units, list_id, lang)
