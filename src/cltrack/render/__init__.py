"""Terminal rendering with rich: shared console, status colours and number formats.

Only modules in this package import rich. Output has no colour when piped, and respects NO_COLOR
(rich does both when the console is created with default settings). The catalogue commands
(`plans`, `targets`) print tab-separated lines instead of a drawn table when piped.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

STATUS_STYLE: dict[str, str] = {
    "met": "bold green",
    "on_track": "green",
    "off_track": "yellow",
    "shortfall": "bold red",
    "insufficient_data": "magenta",
    "no_data": "dim",
}
SEVERITY_STYLE: dict[str, str] = {"error": "bold red", "warning": "yellow", "info": "dim"}


def console(stderr: bool = False) -> Console:
    """A rich Console for stdout (or stderr); colour off when piped or NO_COLOR is set.

    Text from data (unit, sheet and file names, headers, cells, plan text) reaches rich as plain
    strings in tables, titles and lines; markup and emoji codes are off here, once for every output,
    so `[bold red]x[/]`, `[link=...]` or `:warning:` in an input prints as written. Styles are
    given as `Text` objects, never as markup in a string.
    """
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, markup=False, emoji=False)


def wide_console() -> Console:
    """The stdout console; piped, a fixed 160 columns whatever COLUMNS says (piped text never depends on a width)."""
    con = console()
    if not con.is_terminal:
        con.width = 160
    return con


def is_terminal() -> bool:
    """True when stdout is a terminal (tables are drawn); False when piped, redirected or closed."""
    try:
        return sys.stdout.isatty()
    except ValueError:  # a closed stream
        return False


def write_tsv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Tab-separated lines on stdout, header first (csv quoting where a cell holds a tab, quote or newline).

    Lines with nothing to quote are joined directly, which writes what the csv module would (and
    spares its import at start-up); any other table is written by the csv module itself."""
    lines = [["" if c is None else str(c) for c in line] for line in (header, *rows)]
    if all(line != [""] for line in lines) and not any(ch in cell for line in lines for cell in line for ch in TSV_QUOTED):
        sys.stdout.write("".join("\t".join(line) + "\n" for line in lines))
        return
    import csv

    csv.writer(sys.stdout, delimiter="\t", lineterminator="\n").writerows(lines)


TSV_QUOTED = ("\t", "\n", "\r", '"')  # a cell holding one of these is quoted by csv (a lone empty cell is too)


def bar(pct: float | None, width: int = 10) -> str:
    """A small text bar for an attainment percentage (full at 100%)."""
    if pct is None or (isinstance(pct, float) and math.isnan(pct)):
        return " " * width
    filled = max(0, min(width, round(width * pct / 100)))
    return "█" * filled + "░" * (width - filled)


def fits(con: Console, table: Any) -> bool:
    """True when every unwrappable column of a rich `table` gets its full text in the console's width.

    A column that may wrap counts with its `min_width`; padding, dividers and edges as rich draws them.
    """
    from rich.cells import cell_len
    from rich.text import Text

    def width(cell: object) -> int:
        text = cell.plain if isinstance(cell, Text) else str(cell)
        return max((cell_len(line) for line in text.splitlines()), default=0)

    need = 0
    for col in table.columns:
        if col.no_wrap:
            need += max([width(col.header), *(width(c) for c in col.cells)])
        else:
            need += max(col.min_width or 1, width(col.header) if " " not in str(col.header) else 1)
        need += 2  # a cell of padding on each side
    if not table.pad_edge:
        need -= 2
    if table.box is not None:  # a divider between columns, and the two edges
        need += len(table.columns) - 1 + (2 if table.show_edge else 0)
    return need <= con.width


def packed(items: Sequence[Any], width: int, sep: str = " · ", indent: int = 0) -> Any:
    """Items (str or rich Text) joined by `sep` into lines of at most `width` cells, broken only between items."""
    from rich.text import Text

    lines: list[list[Text]] = []
    used = 0
    for item in items:
        text = item if isinstance(item, Text) else Text(str(item))
        if lines and used + len(sep) + text.cell_len <= width - indent:
            lines[-1].append(text)
            used += len(sep) + text.cell_len
        else:
            lines.append([text])
            used = text.cell_len
    pad = Text(" " * indent)
    return Text("\n").join(pad + Text(sep).join(line) for line in lines)
