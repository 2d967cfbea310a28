"""Output of `cltrack validate`: text (grouped by file, with colour), JSON, GitHub workflow commands,
and a progress bar over many files when stdout is a terminal.

Every format renders the same `ValidationReport`. Severity is always written in words beside its
colour; the text output is plain when piped and respects NO_COLOR (the shared console does both).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from cltrack.findings import hint, location, message
from cltrack.i18n import Lang, label
from cltrack.render import SEVERITY_STYLE, console, is_terminal
from cltrack.safetext import shown

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console
    from rich.progress import ProgressColumn

    from cltrack.compute.validation import Balance, ValidationReport
    from cltrack.models import Finding, ReadProgress
    from cltrack.reading.model import LeftOut

FORMATS: tuple[str, ...] = ("text", "json", "github")
GITHUB_COMMAND: dict[str, str] = {"error": "error", "warning": "warning", "info": "notice"}


# --------------------------------------------------------------------------- text


def where(finding: Finding) -> str:
    """'[sheet] F37 (header)' within a file."""
    return location(finding, with_file=False)


def reason_word(reason: str, lang: Lang) -> str:
    """A left-out reason as a Vietnamese reader says it ('dòng trống'); English output keeps the stable code ('blank-row')."""
    if lang == "en":
        return reason
    word = label(f"row_reason.{reason}", lang)
    return reason if word.startswith("row_reason.") else word


def balance_text(balance: Balance, lang: Lang) -> str:
    """'19 rows read = 3 used + 16 left out (left out: blank-row 2, title-row 4)'."""
    text = label("validate.balance", lang).format(read=balance.rows_read, used=balance.rows_used, left=balance.rows_left_out)
    if balance.left_out_by_reason:
        reasons = ", ".join(f"{reason_word(reason, lang)} {n}" for reason, n in balance.left_out_by_reason.items())
        text += " (" + label("validate.reasons", lang).format(reasons=reasons) + ")"
    return text


def summary_text(report: ValidationReport, lang: Lang, strict: bool) -> str:
    """'FAILED: 2 errors, 1 warnings, 12 info' (with the --strict note)."""
    counts = report.counts
    verdict = label("validate.fail" if report.exit_code(strict) else "validate.pass", lang)
    text = f"{verdict}: " + label("validate.summary", lang).format(
        errors=counts["error"], warnings=counts["warning"], infos=counts["info"]
    )
    return text + (" " + label("validate.strict", lang) if strict else "")


Line = list[tuple[str, str]]  # one output line as (text, style) segments
RUNS_SHOWN = 20  # left-out runs listed on a file's line; the rest are counted


def runs_text(runs: list[LeftOut], lang: Lang) -> str:
    """'rows left out: [2024] 1-2 title-row, 3 blank-row, 4-3000004 no-report-table' (the first RUNS_SHOWN runs)."""
    parts, sheet = [], None
    for lo in runs[:RUNS_SHOWN]:
        where = f"[{lo.sheet}] " if lo.sheet is not None and lo.sheet != sheet else ""
        sheet = lo.sheet
        why = reason_word(lo.reason, lang)
        parts.append(f"{where}{lo.row}-{lo.last_row} {why}" if lo.rows > 1 else f"{where}{lo.row} {why}")
    shown = ", ".join(parts)
    text = label("validate.runs", lang).format(runs=shown)
    if len(runs) > RUNS_SHOWN:
        text += " " + label("validate.more_runs", lang).format(n=len(runs) - RUNS_SHOWN)
    return text


def text_lines(report: ValidationReport, lang: Lang = "vi", strict: bool = False, all_rows: bool = False) -> Iterator[Line]:
    """The text output, line by line as (text, style): findings by file, left-out runs (or every row), balances, summary."""
    sev_words = {s: label(f"severity.{s}", lang) for s in SEVERITY_STYLE}
    width = max(len(w) for w in sev_words.values())
    padded = {s: w.ljust(width) for s, w in sev_words.items()}
    indent = f"  {' ' * width} → "
    paths = {s.path for s in report.files}
    by_file: dict[str | None, list[Finding]] = {}
    for f in report.findings:
        if f.code != "row-balance":
            by_file.setdefault(f.file, []).append(f)
    for name in report.file_names():
        yield [(shown(name), "bold")]
        for f in by_file.get(name, []):
            loc = where(f)
            text = f"{loc}: {message(f, lang)}" if loc else message(f, lang)
            sev = padded.get(f.severity) or f.severity.ljust(width)
            yield [("  ", ""), (sev, SEVERITY_STYLE.get(f.severity, "")), (f" {f.code}: {text}", "")]
            tip = hint(f, lang) if f.severity != "info" else ""
            if tip:
                yield [(indent + tip, "")]
        if name in paths:
            mine = [lo for lo in report.left_out if lo.file == name]
            if all_rows:
                for lo in mine:
                    for r in range(lo.row, lo.last_row + 1):
                        yield [("  " + label("validate.row", lang).format(row=r, reason=lo.reason), "")]
            elif mine:
                yield [("  " + runs_text(mine, lang), "")]
            yield [("  " + balance_text(report.balance(name), lang), "")]
    for f in by_file.get(None, []):
        sev = sev_words.get(f.severity, f.severity)
        yield [(sev, SEVERITY_STYLE.get(f.severity, "")), (f" {f.code}: {message(f, lang)}", "")]
    total = label("validate.total", lang).format(files=len(report.file_names()))
    yield [(total, "bold"), (": " + balance_text(report.balance(), lang), "")]
    yield [(summary_text(report, lang, strict), "bold red" if report.exit_code(strict) else "bold green")]


def _plain_stdout() -> bool:
    """True when stdout is piped and no variable asks for a terminal (the shared console would be plain too)."""
    if os.environ.get("TTY_COMPATIBLE") or "FORCE_COLOR" in os.environ:
        return False
    return not is_terminal()


def _write_plain(file: IO[str], lines: Iterator[Line]) -> None:
    """The lines as plain text, written in large pieces."""
    chunk: list[str] = []
    for line in lines:
        chunk.append("".join([text for text, _ in line]))
        if len(chunk) >= 4096:
            file.write("\n".join(chunk) + "\n")
            chunk = []
    if chunk:
        file.write("\n".join(chunk) + "\n")
    file.flush()


def print_text(
    report: ValidationReport, lang: Lang = "vi", strict: bool = False, out: Console | None = None, all_rows: bool = False
) -> None:
    """Findings grouped by file, each file's left-out rows and row balance, the total balance and a summary line."""
    lines = text_lines(report, lang, strict, all_rows)
    if out is None and _plain_stdout():  # piped: plain text, without loading rich
        _write_plain(sys.stdout, lines)
        return
    con = out or console()
    if not con.is_terminal:  # piped or redirected: plain text
        _write_plain(con.file, lines)
        return
    from rich.text import Text

    con.soft_wrap = True  # one finding per line: long lines are not cut or folded
    con.print(Text("\n").join(Text.assemble(*line) for line in lines))


# --------------------------------------------------------------------------- json


def _plain(value: object) -> object:
    """numpy scalars and other oddities to JSON values."""
    item = getattr(value, "item", None)
    return item() if callable(item) else str(value)


def json_text(report: ValidationReport, lang: Lang = "en", strict: bool = False) -> str:
    """The report as JSON: files, findings, left_out, balance (per file and total), summary."""
    return "".join(json_chunks(report, lang, strict))


def json_chunks(report: ValidationReport, lang: Lang = "en", strict: bool = False, all_rows: bool = False) -> Iterator[str]:
    """The JSON report in pieces; with `all_rows`, `left_out` holds every row (one object a line), made as written."""
    from cltrack.compute.validation import left_out_dict

    doc = report.to_dict(lang, strict, with_left_out=not all_rows)
    yield "{"
    for k, (key, value) in enumerate(doc.items()):
        yield ("," if k else "") + f"\n  {json.dumps(key)}: "
        if key == "left_out" and all_rows:
            yield "["
            first = True
            for lo in report.left_out:
                for one in lo.each():
                    yield ("" if first else ",") + "\n    " + json.dumps(left_out_dict(one), ensure_ascii=False)
                    first = False
            yield "\n  ]" if not first else "]"
        else:
            yield json.dumps(value, ensure_ascii=False, indent=2, default=_plain).replace("\n", "\n  ")
    yield "\n}\n"


# --------------------------------------------------------------------------- github


def escape_data(text: str) -> str:
    """Escape a workflow-command message: % CR LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value: % CR LF : ,."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def column_number(letter: str | None) -> int | None:
    """'A' -> 1, 'AB' -> 28."""
    if not letter:
        return None
    n = 0
    for ch in letter.upper():
        n = n * 26 + ord(ch) - 64
    return n


def github_line(finding: Finding, lang: Lang = "en") -> str:
    """One finding as `::error file=…,line=…,col=…,title=code::message`."""
    props = []
    if finding.file:
        props.append(f"file={escape_property(shown(finding.file))}")
    if finding.row is not None:
        props.append(f"line={int(finding.row)}")
        if finding.last_row is not None and finding.last_row > finding.row:
            props.append(f"endLine={int(finding.last_row)}")  # a run of rows
    col = column_number(finding.column_letter)
    if col is not None:
        props.append(f"col={col}")
    props.append(f"title={escape_property(finding.code)}")
    loc = where(finding)
    text = f"{loc}: {message(finding, lang)}" if loc else message(finding, lang)
    tip = hint(finding, lang)
    if tip:
        text += f" ({tip})"
    return f"::{GITHUB_COMMAND.get(finding.severity, 'notice')} {','.join(props)}::{escape_data(text)}"


def github_text(report: ValidationReport, lang: Lang = "en", strict: bool = False) -> str:
    """Errors and warnings as workflow commands, one notice per file with its row balance, a summary."""
    lines = [github_line(f, lang) for f in report.findings if f.severity in ("error", "warning")]
    for s in report.files:
        text = balance_text(report.balance(s.path), lang)
        lines.append(f"::notice file={escape_property(shown(s.path))},title=row-balance::{escape_data(text)}")
    lines.append(summary_text(report, lang, strict))
    return "\n".join(lines) + "\n"


def print_report(
    report: ValidationReport, fmt: str = "text", lang: Lang = "vi", strict: bool = False, all_rows: bool = False
) -> None:
    """Print the report to stdout in `fmt` (text, json or github); `all_rows` spells out every left-out row."""
    if fmt == "text":
        print_text(report, lang, strict, all_rows=all_rows)
    elif fmt == "json":
        _write_chunks(sys.stdout, json_chunks(report, lang, strict, all_rows))
    else:
        text = github_text(report, lang, strict)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _write_chunks(file: IO[str], chunks: Iterator[str]) -> None:
    """Pieces of text written in large blocks (the whole is never held at once)."""
    buf: list[str] = []
    size = 0
    for piece in chunks:
        buf.append(piece)
        size += len(piece)
        if size >= 1 << 20:
            file.write("".join(buf))
            buf, size = [], 0
    file.write("".join(buf))
    file.flush()


# --------------------------------------------------------------------------- progress


def _stderr_is_terminal() -> bool:
    """True when stderr is a terminal (a closed stream is not)."""
    try:
        return sys.stderr.isatty()
    except ValueError:
        return False


@contextmanager
def file_progress(lang: Lang = "vi") -> Iterator[ReadProgress | None]:
    """A progress callback drawing a bar on stderr while files are read; None when stderr is not a terminal.

    The bar counts files ('1/2'), or bytes when its reader says `sizes` ('45.2/141.8 MB', the survey
    reader's count); a command reading report files and then a survey shows the files, then the bytes
    on the same line, each bar starting again from empty. It is transient (gone when reading ends)
    and never touches stdout, so JSON, CSV and tables piped from the same run are unchanged.
    """
    if not _stderr_is_terminal():
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, TextColumn
    from rich.progress import Progress as Bar

    def columns(sizes: bool) -> tuple[ProgressColumn, ...]:
        """The bar's columns: its words, the bar, the count in files or bytes, the file."""
        count = DownloadColumn() if sizes else MofNCompleteColumn()
        return TextColumn(label("validate.progress", lang), markup=False), BarColumn(), count, TextColumn("{task.description}", markup=False)

    with Bar(*columns(False), console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)
        in_bytes = False  # the unit shown: files, or bytes

        def advance(done: int, total: int, name: str, *, sizes: bool = False) -> None:
            """The bar at `done` of `total` (files, or bytes with `sizes`), naming the file."""
            nonlocal in_bytes
            if sizes != in_bytes:  # files then bytes (or back, plan after plan): the count's column and a bar from empty
                in_bytes = sizes
                bar.refresh()  # the count just ended shown whole before the next one starts
                bar.columns = columns(sizes)
                bar.reset(task, total=total)
            bar.update(task, completed=done, total=total, description=name)

        yield advance
