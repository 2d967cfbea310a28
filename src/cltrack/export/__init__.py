"""Writers for machine and office output: JSON, CSV and Excel. Shared helpers live here."""

from __future__ import annotations

import hashlib
from pathlib import Path

FORMULA_START: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sha256_of(path: str | Path) -> str:
    """The SHA-256 hex digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def format_from_path(path: str | Path | None, default: str) -> str:
    """The output format implied by a file suffix (.json, .csv, .xlsx), else `default`."""
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"json": "json", "csv": "csv", "xlsx": "xlsx", "txt": "table"}.get(suffix, default)
