"""Layouts inside one sheet that the row reader must not read with the wrong columns.

- A second table below the first (its own header, perhaps the same columns in another order) is
  read with its own header's mapping: `split_tables` cuts the sheet at each header.
- A unit cell merged down over several data rows names the unit of every row it covers
  (`spread_merged_units`); a figure merged down over several rows belongs to none of them alone.
- A district (or province) row given beside its communes (districts) is their subtotal
  (`subtotal_rows`), checked like a total row and left out.
- A table where no column names a data element: `closest_headers` says what was probably meant.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from cltrack.elements import ELEMENTS
from cltrack.reading.cells import CellIssue, TypedGrid, parse_text
from cltrack.reading.layout import STT, HeaderIndex, Layout, cell_text, layout_at, normalise
from cltrack.reading.workbook import RawSheet

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

ID_CODES: frozenset[str] = frozenset({"province", "district", "commune", "unit_code", "year"})
_WORD = re.compile(r"\w+")
_UNIT_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)\s+")


def _cell_kind(value: object, idx: HeaderIndex) -> int:
    """0 empty or other, 1 a word (text that is no number), 2 a known header name, 3 a figure."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return 3 if value == value else 0
    if not isinstance(value, str) or not value.strip():
        return 0
    number, problem = parse_text(value)
    if problem is None:
        return 3 if number == number else 0
    if problem != "not-a-number":
        return 0
    return 2 if idx.match(value) else 1


def _known(value: object, idx: HeaderIndex) -> bool:
    """`_cell_kind(value) == 2` (a known header name), the number test made only for the text that names one."""
    return isinstance(value, str) and bool(value.strip()) and bool(idx.match(value)) and parse_text(value)[1] == "not-a-number"


def _cell_kinds(grid: np.ndarray, idx: HeaderIndex, typed: TypedGrid | None = None, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: a known header name, a word (text that is no number), a figure; each distinct value judged once.

    A column of numbers and blanks is judged at once. With `rows`, the words and figures of the other columns
    are worked out for those rows only (False elsewhere); the known names for every row."""
    import numpy as np

    typed = typed if typed is not None else TypedGrid(grid)
    known, words, figures = (np.zeros(grid.shape, dtype=bool) for _ in range(3))
    for c in range(grid.shape[1]):
        filled, numbers = typed.column(c)
        if numbers is not None:
            figures[:, c] = filled & ~np.isnan(numbers)
            continue
        col = grid[:, c]
        if rows is None:
            kinds = map_distinct(col, lambda v: _cell_kind(v, idx), np.int8)
            known[:, c], words[:, c], figures[:, c] = kinds == 2, (kinds == 1) | (kinds == 2), kinds == 3
            continue
        known[:, c] = map_distinct(col, lambda v: _known(v, idx), bool)
        kinds = map_distinct(col[rows], lambda v: _cell_kind(v, idx), np.int8)
        words[rows, c], figures[rows, c] = (kinds == 1) | (kinds == 2), kinds == 3
    return known, words, figures


def figure_rows(grid: np.ndarray, idx: HeaderIndex) -> np.ndarray:
    """Per grid row: True when a cell holds a figure."""
    import numpy as np

    return np.asarray(_cell_kinds(grid, idx)[2].any(axis=1), dtype=bool)


def _header_candidates(grid: np.ndarray, idx: HeaderIndex, typed: TypedGrid | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Grid rows that look like a table header: two known header names, or one in a row of words, or a
    row of three or more words standing over figures in the next filled row; and (second array) a
    small table's header: two or more words over every filled cell of the next filled row, one of them
    a figure (a two-column table of its own, however its words read).

    A row with a figure in a column of numbers can only be a header by two known names, so the words
    and figures of the text columns are worked out only for the rows without one and the filled row
    after each (the known names for every row)."""
    import numpy as np

    if not grid.size:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    typed = typed if typed is not None else TypedGrid(grid)
    cells = typed.filled()
    filled = np.flatnonzero(cells.any(axis=1))
    nxt = np.searchsorted(filled, np.arange(len(grid)), side="right")
    has_next = nxt < len(filled)
    numbers = np.zeros(len(grid), dtype=bool)  # a figure in a column of numbers
    for c in range(grid.shape[1]):
        column, values = typed.column(c)
        if values is not None:
            numbers |= column & ~np.isnan(values)
    look = ~numbers
    look[filled[nxt[~numbers & has_next]]] = True
    known, words, figures = _cell_kinds(grid, idx, typed, np.flatnonzero(look))
    n_known, n_words = known.sum(axis=1), words.sum(axis=1)
    text_only = ~figures.any(axis=1) & (n_words >= 2)
    next_figures, next_cells = np.zeros_like(figures), np.zeros_like(cells)
    next_figures[has_next] = figures[filled[nxt[has_next]]]
    next_cells[has_next] = cells[filled[nxt[has_next]]]
    over = (words & next_figures).sum(axis=1)
    small = text_only & has_next & (over >= 1) & ~(next_cells & ~words).any(axis=1)
    wide = (n_known >= 2) | ((n_known >= 1) & text_only) | (text_only & (n_words >= 3) & (over >= 2))
    return np.flatnonzero(wide | small), np.flatnonzero(small)


def _same_mapping(a: Layout, b: Layout) -> bool:
    """True when two headers map the same codes to the same columns (STT aside): a repeated header."""
    return {k: v for k, v in a.columns.items() if k != STT} == {k: v for k, v in b.columns.items() if k != STT}


def split_tables(
    sheet: RawSheet, first: Layout, idx: HeaderIndex, is_note: Callable[[str], bool], grid: np.ndarray,
    typed: TypedGrid | None = None,
) -> list[Layout]:
    """The sheet's tables, top to bottom: each with its own header's mapping and the row where it ends.

    `grid` holds the rows from the first table's data on. A header below the first that maps the
    same columns (a second printed page) is not a new table.
    """
    start = first.data_start
    tables = [first]
    resume = start
    candidates, small = _header_candidates(grid, idx, typed)
    tables_of_their_own = set(small.tolist())  # figures stand under their words: a table, even if they read like a note
    for i in candidates.tolist():
        r = start + i
        joined = " ".join(t for t in (cell_text(v) for v in sheet.cells[r]) if t)
        if r < resume or (is_note(joined) and i not in tables_of_their_own):
            continue
        current = tables[-1]
        found = layout_at(sheet, idx, r)
        if found.header_rows[0] < max(resume, current.data_start) or _same_mapping(found, current):
            continue
        current.data_end = found.header_rows[0]
        tables.append(replace(found, title_rows=[], title_year=first.title_year))
        resume = found.data_start
    return tables


def closest_headers(layout: Layout, idx: HeaderIndex) -> list[str]:
    """For each unrecognised header of a table, the closest data-element header known ('written' ≈ 'known')."""
    known: dict[str, str] = {}
    for el in ELEMENTS.values():
        if el.kind != "id":
            known[normalise(el.header_vi)] = el.header_vi
    for name, codes in idx.names.items():
        if codes & set(ELEMENTS) and not codes & (ID_CODES | {STT}):
            known.setdefault(name, name)
    out: list[str] = []
    for written in (f.header for f in layout.findings if f.code == "unknown-header" and f.header):
        norm = normalise(written)
        best = max(known, key=lambda k: _likeness(norm, k), default=None)  # noqa: B023 - used at once
        if best is not None and _likeness(norm, best) >= (1, 0.4):
            out.append(f"'{written}' ≈ '{known[best]}'")
    return out


def _likeness(written: str, known: str) -> tuple[int, float]:
    """How alike two headers are: leading words in common (a Vietnamese header names what it counts
    first: 'Số cha mẹ ...'), then the share of characters in common."""
    a, b = _WORD.findall(written), _WORD.findall(known)
    lead = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return lead, difflib.SequenceMatcher(None, written, known).ratio()


def spread_merged_units(sheet: RawSheet, grid: np.ndarray, start: int, columns: dict[str, int], elements: list[int]) -> set[int]:
    """Merged cells in the data rows: a unit or year cell merged down names every row it covers; a figure
    merged down over several rows becomes a `merged-figure` problem (it belongs to no single row).
    Returns the columns written to."""
    ids = {c for code, c in columns.items() if code in ID_CODES}
    figures = set(elements)
    n = grid.shape[0]
    written: set[int] = set()
    for r0, c0, r1, c1 in sheet.merged:
        if r1 <= r0 or r0 < start or r0 - start >= n:
            continue
        top, bottom = r0 - start, min(r1 - start, n - 1)
        for c in range(c0, min(c1, grid.shape[1] - 1) + 1):
            if c in ids:
                grid[top + 1 : bottom + 1, c] = grid[top, c]
                written.add(c)
            elif c in figures and grid[top, c] != "":
                grid[top, c] = CellIssue("merged-figure", f"{cell_text(grid[top, c])}")
                written.add(c)
    return written


def _unit_key(name: str) -> str:
    """A unit name without its type prefix, for comparing 'Huyện Triệu Sơn' with 'Triệu Sơn'."""
    return _UNIT_PREFIX.sub("", normalise(name))


def subtotal_rows(
    kind: np.ndarray, filled: np.ndarray, prov: np.ndarray, dist: np.ndarray, comm: np.ndarray
) -> dict[int, np.ndarray]:
    """District rows with figures beside rows of their communes (province rows beside their districts'
    or communes' rows): row -> the rows it sums. `filled`: rows x element columns, a figure written."""
    import numpy as np


    data = kind == "data"
    has_values = filled.any(axis=1)
    out: dict[int, np.ndarray] = {}
    dkey, pkey = map_distinct(dist, _unit_key), map_distinct(prov, _unit_key)
    rows = data & has_values & (comm == "") & (dist != "")
    for i in np.flatnonzero(rows).tolist():
        members = np.flatnonzero(data & (comm != "") & (dkey == dkey[i]))
        if len(members):
            out[i] = members
    # a province row sums the rows of its districts and communes, not the district subtotals
    below = data & ((comm != "") | (dist != ""))
    below[list(out)] = False
    for i in np.flatnonzero(data & has_values & (comm == "") & (dist == "") & (prov != "")).tolist():
        members = np.flatnonzero(below & (pkey == pkey[i]))
        if len(members):
            out[i] = members
    return out


def own_figures(row: int, members: np.ndarray, filled: np.ndarray) -> bool:
    """True when a district (province) row holds a figure in a column none of its communes fill: its own
    figures (district-level elements), so the row is data, not only a subtotal."""
    return bool((filled[row] & ~filled[members].any(axis=0)).any())


def map_distinct(col: np.ndarray, func: Any, dtype: Any = object) -> np.ndarray:
    """`func` applied once per distinct value of a column, spread back over its rows."""
    import numpy as np
    import pandas as pd

    if not len(col):
        return np.empty(0, dtype=dtype)
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    mapped = np.array([func(u) for u in uniques], dtype=dtype)
    return mapped[codes]
