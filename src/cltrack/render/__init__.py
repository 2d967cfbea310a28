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

if TYPE_CHECKING:
    from rich.console import Console

STATUS_STYLE: dict[str, str] = {
    "met": "bold green",
    "on_track": "green",
    "off_track": "yellow",
    "shortfall": "bold red",
    "no_data": "dim",
    "insufficient_data": "magenta",
}
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


def bar(pct: float | None, width: int = 10) -> str:
    """A small text bar for an attainment percentage (full at 100%)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return " " * width
    filled = max(0, min(width, round(width * pct / 100)))
    return "█" * filled + "░" * (width - filled)
