"""Writers for machine and office output: JSON, CSV and Excel. Shared helpers live here."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cltrack.digest import sha256_of as sha256_of  # re-exported: the writers' provenance uses it

FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


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


def format_from_path(path: str | Path | None, default: str) -> str:
    """The output format implied by a file suffix (.json, .csv, .xlsx), else `default`."""
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"json": "json", "csv": "csv", "xlsx": "xlsx", "txt": "table"}.get(suffix, default)
