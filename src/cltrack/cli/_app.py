"""The typer app, shared option types, and the wrapper that turns CltrackError into exit 2."""

import errno
import functools
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from cltrack import __version__
from cltrack.errors import CltrackError
from cltrack.i18n import LANGS, Lang, as_lang

# Every command: the module that defines it, and its help. `--help` lists them from here, and a
# command's module is imported, and its options built, only when that command runs.
COMMANDS: dict[str, tuple[str, str]] = {
    "evaluate": ("evaluate_cmd", "Attainment of every target of a plan: actual, status, gap and gap in people, per unit."),
    "explain": ("evaluate_cmd", "How one figure was made: the target, its formula, every row used or left out, and the sums."),
    "plans": ("plans_cmd", "List the plans: id, name, level, period, number of targets, next reporting deadline."),
    "targets": ("plans_cmd", "Every target of a plan, grouped by objective, with the sentence of the plan it comes from."),
    "lint": ("plans_cmd", "Check plan YAML files: every error with file:line:col, code and what is expected (exit 1 on errors)."),
    "rollup": ("rollup_cmd", "Each target's path over the years, change per year, last status and anticipated progress to the deadline."),
    "status": ("rollup_cmd", "Reporting completeness and timeliness: which reports are due, came on time, came late, are missing."),
    "pack": ("pack_cmd", "The yearly pack: for every plan (or those named) and a year, the evaluation report, the rollup and the status of reports, with an index."),
    "template": ("rollup_cmd", "Write a data-entry workbook for reporting units: headers, unit rows, validation, instructions."),
    "survey": ("survey_cmd", "Child-labour rate from survey microdata (csv, xlsx, ods, parquet): weighted rate, SE, 95% CI, n, reliability, by group."),
    "validate": ("validate_cmd", "Check report files: layout, cells, units, years, part <= total, duplicates, year jumps; the row balance."),
    "site": ("site_cmd", "A static progress site for one or more plans: status, paths, verdicts, districts and communes, in Vietnamese and English."),
    "units": ("units_cmd", "Administrative units before and after 1 July 2025: look up a unit, list units."),
}


class LazyGroup(TyperGroup):
    """The root command group: lists commands from COMMANDS and builds only the one that runs."""

    def list_commands(self, ctx: Any) -> list[str]:
        """Command names in the order of COMMANDS."""
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """Import the command's module (which registers it on `app`) and build its click command."""
        if cmd_name not in COMMANDS:
            return None
        importlib.import_module(f"cltrack.cli.{COMMANDS[cmd_name][0]}")
        return build_command(cmd_name)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        """Run the command line; a usage error is one line in the user's language (exit 2), Ctrl-C exit 130."""
        from typer._click.exceptions import ClickException, NoArgsIsHelpError
        from typer.exceptions import Abort

        words = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(words, prog_name, complete_var, standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
        try:
            rv = super().main(words, prog_name or "cltrack", complete_var, standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:  # `cltrack` alone: the help, as before
            exc.show()
            sys.exit(exc.exit_code)
        except ClickException as exc:
            sys.stderr.write(usage_text(exc, user_lang(words)) + "\n")
            sys.exit(exc.exit_code)
        except Abort:
            sys.stderr.write(INTERRUPTED[user_lang(words)] + "\n")
            sys.exit(130)
        sys.exit(rv if isinstance(rv, int) else 0)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The Commands section of --help, without building any command."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        with formatter.section("Commands"):
            formatter.write_dl([(name, make_default_short_help(text, limit)) for name, (_, text) in COMMANDS.items()])


def build_command(name: str) -> Any:
    """The click command (or group) registered on `app` under `name`."""
    for info in app.registered_commands:
        if info.name == name:
            return typer.main.get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)
    for group in app.registered_groups:
        if group.name == name:
            return typer.main.get_group_from_info(group, pretty_exceptions_short=True, suggest_commands=True, rich_markup_mode=None)
    raise LookupError(f"command {name} is listed in COMMANDS but not registered by {COMMANDS[name][0]}")


app = typer.Typer(
    name="cltrack",
    cls=LazyGroup,
    help="Indicator calculator for Vietnam's plans against illegal child labour.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

# Typed Lang for the command; read as any text (parser=str) so that `command` checks it once with the usual message.
LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of labels: vi or en (env CLTRACK_LANG).", envvar="CLTRACK_LANG", parser=str)]
TargetsDirOpt = Annotated[
    str | None,
    typer.Option("--targets-dir", help="Folder of user plan files (env CLTRACK_TARGETS); overrides shipped plans with the same id.", envvar="CLTRACK_TARGETS"),
]
HiddenSheetsOpt = Annotated[
    bool, typer.Option("--include-hidden-sheets", help="Read hidden and very hidden sheets too (skipped by default, with an info finding each).")
]


PREFIX: dict[Lang, str] = {"vi": "cltrack: lỗi: ", "en": "cltrack: error: "}
INTERRUPTED: dict[Lang, str] = {"vi": "cltrack: đã dừng (Ctrl-C)", "en": "cltrack: interrupted"}


def user_lang(args: Sequence[str] | None = None, given: str | None = None) -> Lang:
    """The language the user asked for: the command's --lang, else on the command line, else CLTRACK_LANG, else vi."""
    import os

    if (lang := as_lang(given)) is not None:
        return lang
    words = list(sys.argv[1:] if args is None else args)
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words) and (lang := as_lang(words[i + 1])) is not None:
            return lang
        if word.startswith("--lang=") and (lang := as_lang(word.split("=", 1)[1])) is not None:
            return lang
    return "en" if os.environ.get("CLTRACK_LANG") == "en" else "vi"


def fail(message: str, code: int = 2, lang: Lang | None = None) -> typer.Exit:
    """Print `cltrack: lỗi: message` (`cltrack: error: ...` in English) to stderr and return the Exit to raise."""
    from cltrack.safetext import shown

    sys.stderr.write(f"{PREFIX[user_lang(given=lang)]}{shown(message, 2000)}\n")
    return typer.Exit(code)


def interrupted(lang: Lang | None = None) -> typer.Exit:
    """Print one line saying the run was stopped, return Exit(130) (Ctrl-C: no traceback, no partial file)."""
    sys.stderr.write(INTERRUPTED[user_lang(given=lang)] + "\n")
    return typer.Exit(130)


def usage_text(exc: Any, lang: Lang) -> str:
    """A command-line usage error in one line, in `lang`, with where to find help."""
    from cltrack.messages import USAGE_VI

    text = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "cltrack"
    if lang == "vi":
        for english, vietnamese in sorted(USAGE_VI.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(english, vietnamese)
        return f"{PREFIX['vi']}{text} (xem `{where} --help`)"
    return f"{PREFIX['en']}{text} (see `{where} --help`)"


def check_choice(option: str, value: str, choices: Sequence[str]) -> str:
    """Validate an option against its choices: "--format must be table or json, got 'x'"."""
    if value not in choices:
        raise CltrackError("{option} must be {listed}, got '{value}'", option=option, listed=tuple(choices), value=value)
    return value


def output_format(fmt: str | None, output: str | Path | None, inputs: Sequence[str | Path] = ()) -> str:
    """--format, else implied by --output's suffix, else table; checked, xlsx needs --output, and --output is checked."""
    from cltrack.export import format_from_path
    from cltrack.outputs import DATA_SUFFIXES, check_output
    from cltrack.reading.sniff import SURVEY_SUFFIXES

    if output is not None:  # not into a folder it reads from (reports and survey files share these suffixes)
        check_output(output, DATA_SUFFIXES, inputs, SURVEY_SUFFIXES)
    fmt = check_choice("--format", fmt or format_from_path(output, "table"), ("table", "json", "csv", "xlsx"))
    if fmt == "xlsx" and output is None:
        raise CltrackError("--format xlsx needs --output FILE.xlsx")
    if fmt == "table" and output is not None:
        raise CltrackError("--output needs --format json, csv or xlsx (the table is printed, not written)")
    return fmt


def flag(option: str) -> str:
    """The command-line flag of a library parameter named in an error: 'as_of' -> '--as-of' ('--x' stays)."""
    return option if option.startswith("-") else "--" + option.replace("_", "-")


def check_lang(lang: str) -> Lang:
    """--lang checked: one of LANGS, else the usual one-line error (exit 2)."""
    checked = as_lang(lang)
    if checked is None:
        raise CltrackError("{option} must be {listed}, got '{value}'", option="--lang", listed=LANGS, value=lang)
    return checked


def command(*args: Any, on: typer.Typer | None = None, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a command (on `app`, or the sub-app `on`) whose CltrackError becomes a one-line message and exit code."""

    if on is None and args and "help" not in kwargs:
        kwargs["help"] = COMMANDS[args[0]][1]

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def wrapper(*a: Any, **k: Any) -> Any:
            try:
                if "lang" in k:  # --lang checked once, for every command that takes it
                    k["lang"] = check_lang(k["lang"])
                return fn(*a, **k)
            except CltrackError as exc:
                lang = user_lang(given=k.get("lang"))
                raise fail(exc.text(lang, flag), exc.exit_code, lang) from None
            except KeyboardInterrupt:
                raise interrupted(k.get("lang")) from None
            except OSError as exc:  # stdout failed (a full disk, /dev/full), or a file or folder vanished or is closed to us
                if exc.errno == errno.EPIPE:
                    raise
                from cltrack.outputs import reason

                lang = user_lang(given=k.get("lang"))
                err = CltrackError("'{path}': {reason}", path=exc.filename, reason=reason(exc)) if exc.filename \
                    else CltrackError("cannot write to standard output: {reason}", reason=reason(exc))
                raise fail(err.text(lang), 2, lang) from None

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
