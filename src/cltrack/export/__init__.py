"""Writers for machine and office output: JSON, CSV and Excel. Shared helpers live here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from cltrack.digest import sha256_of as sha256_of  # re-exported: the writers' provenance uses it

FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
# The one CSV dialect of every file cltrack writes: comma, CRLF line ends (RFC 4180), UTF-8 with a BOM
# in a file (Excel then opens Vietnamese text right; on stdout there is no BOM, the text is the same).
CSV_ENCODING = "utf-8-sig"
CSV_LINE_END = "\r\n"


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@lru_cache(maxsize=1 << 16)
def cell_text(value: str) -> str:
    """Text for a spreadsheet cell: neutralised (no formula), characters XML cannot hold removed."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", str(neutralise(value)))


def sheet_cell(value: object) -> object:
    """A value for `ws.append`: text as `cell_text`, anything else unchanged."""
    return cell_text(value) if isinstance(value, str) else value


def csv_cell(value: object) -> object:
    """A CSV cell: text with control characters escaped (a newline in a cell cannot start a log line) and neutralised."""
    from cltrack.safetext import has_control, shown

    if isinstance(value, str) and has_control(value):
        value = shown(value)
    return neutralise(value)


def csv_text(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """A table as CSV text in cltrack's one dialect: comma, CRLF, '' for None, each cell through `csv_cell`."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=CSV_LINE_END)
    writer.writerow(header)
    writer.writerows(["" if v is None else csv_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def write_data(text: str, fmt: str, output: str | Path | None) -> None:
    """JSON or CSV text to `output` (whole or not at all; CSV as UTF-8 with a BOM), else to stdout."""
    from cltrack.outputs import write_stdout, write_text

    if output is None:
        write_stdout(text)
    else:
        write_text(output, text, encoding=CSV_ENCODING if fmt == "csv" else "utf-8")


def format_from_path(path: str | Path | None, default: str) -> str:
    """The output format implied by a file suffix (.json, .csv, .xlsx), else `default`."""
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"json": "json", "csv": "csv", "xlsx": "xlsx", "txt": "table"}.get(suffix, default)
