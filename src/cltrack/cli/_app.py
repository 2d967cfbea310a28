"""The typer app, shared option types, and the wrapper that turns CltrackError into exit 2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from cltrack import __version__
from cltrack.errors import CltrackError

app = typer.Typer(
    name="cltrack",
    help="Indicator calculator for Vietnam's plans against illegal child labour.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

LangOpt = Annotated[str, typer.Option("--lang", help="Language of labels: vi or en (env CLTRACK_LANG).", envvar="CLTRACK_LANG")]
TargetsDirOpt = Annotated[
    str | None,
    typer.Option("--targets-dir", help="Folder of user plan files (env CLTRACK_TARGETS); overrides shipped plans with the same id.", envvar="CLTRACK_TARGETS"),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `cltrack: error: message` to stderr and return the Exit to raise."""
    sys.stderr.write(f"cltrack: error: {message}\n")
    return typer.Exit(code)


def check_choice(option: str, value: str, choices: Sequence[str]) -> str:
    """Validate an option against its choices: "--format must be table or json, got 'x'"."""
    if value not in choices:
        listed = choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"
        raise CltrackError(f"{option} must be {listed}, got '{value}'")
    return value


def output_format(fmt: str | None, output: str | Path | None) -> str:
    """--format, else implied by --output's suffix, else table; checked, and xlsx needs --output."""
    from cltrack.export import format_from_path

    fmt = check_choice("--format", fmt or format_from_path(output, "table"), ("table", "json", "csv", "xlsx"))
    if fmt == "xlsx" and output is None:
        raise CltrackError("--format xlsx needs --output FILE.xlsx")
    return fmt


def check_lang(lang: str) -> str:
    """Validate --lang."""
    return check_choice("--lang", lang, ("vi", "en"))


def command(*args: Any, on: typer.Typer | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command (on `app`, or the sub-app `on`) whose CltrackError becomes a one-line message and exit code."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **k: Any) -> Any:
            try:
                return fn(*a, **k)
            except CltrackError as exc:
                raise fail(str(exc), exc.exit_code) from None

        return (on or app).command(*args, **kwargs)(wrapper)

    return decorate


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cltrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Indicator calculator for Vietnam's plans against illegal child labour."""
