"""Writers for machine and office output: JSON, CSV and Excel. Shared helpers live here."""

from __future__ import annotations

from pathlib import Path

from cltrack.digest import sha256_of as sha256_of  # re-exported: the writers' provenance uses it

FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def format_from_path(path: str | Path | None, default: str) -> str:
    """The output format implied by a file suffix (.json, .csv, .xlsx), else `default`."""
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"json": "json", "csv": "csv", "xlsx": "xlsx", "txt": "table"}.get(suffix, default)
