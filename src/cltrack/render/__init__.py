"""Terminal rendering with rich: shared console, status colours and number formats.

Only modules in this package import rich. Output has no colour when piped, and respects NO_COLOR
(rich does both when the console is created with default settings). The catalogue commands
(`plans`, `targets`) print tab-separated lines instead of a drawn table when piped.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cltrack.i18n import label

if TYPE_CHECKING:
    from rich.console import Console

STATUS_STYLE: dict[str, str] = {
    "met": "bold green",
    "on_track": "green",
    "off_track": "yellow",
    "shortfall": "bold red",
    "no_data": "dim",
}
STATUS_SYMBOL: dict[str, str] = {"met": "✔", "on_track": "↗", "off_track": "↘", "shortfall": "✘", "no_data": "·"}
SEVERITY_STYLE: dict[str, str] = {"error": "bold red", "warning": "yellow", "info": "dim"}


def console(stderr: bool = False) -> Console:
    """A rich Console for stdout (or stderr); colour off when piped or NO_COLOR is set."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def is_terminal() -> bool:
    """True when stdout is a terminal (tables are drawn); False when piped, redirected or closed."""
    try:
        return sys.stdout.isatty()
    except ValueError:  # a closed stream
        return False


def write_tsv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Tab-separated lines on stdout, header first (csv quoting where a cell holds a tab, quote or newline)."""
    import csv

    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(header)
    out.writerows(rows)


def status_words(status: str, lang: str) -> str:
    """The status in words in `lang` (never colour alone)."""
    return label(f"status.{status}", lang)


def fmt_num(value: float | int | None, decimals: int = 2) -> str:
    """A number for display: blank for None/NaN, whole numbers without decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, int) or float(value).is_integer() and decimals == 0:
        return f"{int(value):,}".replace(",", " ")
    return f"{value:,.{decimals}f}".replace(",", " ")


def bar(pct: float | None, width: int = 10) -> str:
    """A small text bar for an attainment percentage (full at 100%)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return " " * width
    filled = max(0, min(width, round(width * pct / 100)))
    return "█" * filled + "░" * (width - filled)
