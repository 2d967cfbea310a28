"""The state of reading report files: a read's fixed inputs, one sheet's findings and left-out rows, its result.

Shared by the sheet reader (`sheet.py`) and its checks (`totals.py`, `rowkeys.py`); no reading here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cltrack.findings import make
from cltrack.models import Finding, Plan
from cltrack.reading.layout import HeaderIndex
from cltrack.reading.model import LeftOut, left_out_runs
from cltrack.reading.units import UnitResolver
from cltrack.reading.workbook import RawSheet

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


@dataclass
class ReadContext:
    """Fixed inputs of one read: plan, fallback year, header names, the unit resolver (lazy)."""

    plan: Plan | None
    year: int | None
    index: HeaderIndex
    resolver: UnitResolver | None = None
    include_hidden: bool = False

    def units(self) -> UnitResolver:
        """The resolver, loading the gazetteers on first use."""
        if self.resolver is None:
            self.resolver = UnitResolver(self.plan.area if self.plan is not None else None)
        return self.resolver


@dataclass
class SheetResult:
    rows_read: int
    frame: pd.DataFrame | None
    left_out: list[LeftOut]
    findings: list[Finding]
    has_table: bool
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (letter, header)
    notes: bool = False  # a sheet of text only (instructions): not counted when another sheet has the table
    figure_rows: int = 0  # rows under a table header that hold figures


class SheetState:
    """Reading state of one sheet: where findings point, and the left-out rows."""

    def __init__(self, raw: RawSheet, shown: str) -> None:
        self.raw = raw
        self.file = shown
        self.findings: list[Finding] = []
        self._left: list[tuple[Any, Any]] = []  # (grid row indices, their reason or reasons)
        self.figure_rows = 0  # rows under a table header that hold figures

    def row_no(self, index: int) -> int:
        """Excel row (or csv line) of grid row `index`."""
        return self.raw.row_number(index)

    def leave(self, index: int, reason: str) -> None:
        """Leave grid row `index` out for `reason`."""
        self._left.append(([index], reason))

    def leave_many(self, indices: Any, reasons: Any) -> None:
        """Leave grid rows `indices` out, for one reason or a reason per row."""
        self._left.append((indices, reasons))

    def rows_of(self, indices: Any) -> np.ndarray:
        """Excel rows (or csv lines) of grid rows `indices`."""
        import numpy as np

        idx = np.asarray(indices, dtype=np.int64)
        if self.raw.row_numbers is None:
            return idx + 1
        return np.asarray(self.raw.row_numbers, dtype=np.int64)[idx]

    @property
    def left_out(self) -> list[LeftOut]:
        """The rows left out so far, as runs (one per reason and contiguous row range)."""
        import numpy as np

        if not self._left:
            return []
        idx = np.concatenate([np.asarray(i, dtype=np.int64) for i, _ in self._left])
        why = np.concatenate([np.asarray(r, dtype=object) if np.ndim(r) else np.full(len(i), r, dtype=object) for i, r in self._left])
        return left_out_runs(self.file, self.raw.name, self.rows_of(idx), why)

    def add_runs(self, code: str, indices: Any) -> None:
        """One finding per contiguous run of grid rows `indices` (rows `row` to `last_row`)."""
        for lo in left_out_runs(self.file, self.raw.name, self.rows_of(indices), code):
            self.findings.append(make(code, file=self.file, sheet=self.raw.name, row=lo.row,
                                      last_row=lo.last_row if lo.last_row > lo.row else None))

    def add(self, code: str, index: int | None = None, col: int | None = None, **args: Any) -> None:
        """A finding at grid row `index` and column `col` (both optional)."""
        where: dict[str, Any] = {"file": self.file, "sheet": self.raw.name}
        if index is not None:
            where["row"] = self.row_no(index)
        if col is not None:
            where["column_letter"] = self.raw.column_letter(col)
        self.findings.append(make(code, **where, **args))

