"""The result types of reading report files: ReportData, LeftOut, SourceFile (no heavy imports).

Rows left out are kept as runs (one `LeftOut` per reason and contiguous row range), so that the
memory they take grows with the number of runs, not with the rows of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cltrack.models import Finding

if TYPE_CHECKING:  # pragma: no cover
    import pandas


# The identifying columns of ReportData.rows, always present and in this order.
ROW_COLUMNS: tuple[str, ...] = (
    "_file",
    "_sheet",
    "_row",
    "year",
    "level",
    "gazetteer",
    "province",
    "district",
    "commune",
    "province_code",
    "district_code",
    "commune_code",
    "unit_code",
    "unit",
)


@dataclass(frozen=True)
class LeftOut:
    """Sheet rows `row`..`last_row` (a run; one row when `last_row` is not given) read and not used, for `reason`."""

    file: str
    sheet: str | None
    row: int
    reason: str  # a finding code
    last_row: int = 0  # 0 or less: the single row `row`

    def __post_init__(self) -> None:
        if self.last_row < self.row:
            object.__setattr__(self, "last_row", self.row)

    @property
    def rows(self) -> int:
        """How many rows the run holds."""
        return self.last_row - self.row + 1

    def each(self) -> Iterator[LeftOut]:
        """The run's rows one by one (made as they are asked for)."""
        for r in range(self.row, self.last_row + 1):
            yield LeftOut(self.file, self.sheet, r, self.reason)


def left_out_runs(file: str, sheet: str | None, rows: object, reasons: object) -> list[LeftOut]:
    """Row numbers with their reasons (any order) as runs: one per reason and contiguous row range."""
    import numpy as np

    r = np.asarray(rows, dtype=np.int64)
    why = np.asarray(reasons, dtype=object)
    if why.ndim == 0:
        why = np.full(len(r), why.item(), dtype=object)
    if not len(r):
        return []
    order = np.argsort(r, kind="stable")
    r, why = r[order], why[order]
    breaks = np.flatnonzero((np.diff(r) != 1) | (why[1:] != why[:-1])) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks - 1, [len(r) - 1]))
    return [
        LeftOut(file, sheet, int(a), str(w), int(b))
        for a, b, w in zip(r[starts].tolist(), r[ends].tolist(), why[starts].tolist(), strict=True)
    ]


def compact(left: Iterable[LeftOut]) -> list[LeftOut]:
    """Runs merged where one follows on from the other (same file, sheet and reason); sheets in first-seen order."""
    groups: dict[tuple[str, str | None], list[LeftOut]] = {}
    for lo in left:
        groups.setdefault((lo.file, lo.sheet), []).append(lo)
    out: list[LeftOut] = []
    for runs in groups.values():
        merged: list[LeftOut] = []
        for lo in sorted(runs, key=lambda x: x.row):
            prev = merged[-1] if merged else None
            if prev is not None and prev.reason == lo.reason and lo.row <= prev.last_row + 1:
                merged[-1] = LeftOut(prev.file, prev.sheet, prev.row, prev.reason, max(prev.last_row, lo.last_row))
            else:
                merged.append(lo)
        out += merged
    return out


def extend_runs(runs: list[LeftOut], more: list[LeftOut]) -> None:
    """Append runs that follow on from `runs` (later rows), joining the two where they meet."""
    if runs and more:
        a, b = runs[-1], more[0]
        if (a.file, a.sheet, a.reason) == (b.file, b.sheet, b.reason) and b.row == a.last_row + 1:
            runs[-1] = LeftOut(a.file, a.sheet, a.row, a.reason, b.last_row)
            more = more[1:]
    runs.extend(more)


def count_rows(left: Iterable[LeftOut]) -> int:
    """Rows in all the runs."""
    return sum(lo.rows for lo in left)


@dataclass
class SourceFile:
    """One input file: path, content hash, sheets looked at and its row balance."""

    path: str
    sha256: str
    sheets: list[str]
    rows_read: int
    rows_used: int
    rows_left_out: int


class SourceTotals:
    """Row totals over `self.sources` (each with rows_read, rows_used, rows_left_out)."""

    sources: list[SourceFile]

    @property
    def rows_read(self) -> int:
        """Rows read over all files."""
        return sum(s.rows_read for s in self.sources)

    @property
    def rows_used(self) -> int:
        """Rows used over all files."""
        return sum(s.rows_used for s in self.sources)

    @property
    def rows_left_out(self) -> int:
        """Rows left out over all files."""
        return sum(s.rows_left_out for s in self.sources)


@dataclass
class ReportData(SourceTotals):
    """Everything read from report files: the data rows, findings, left-out rows and sources."""

    rows: pandas.DataFrame
    findings: list[Finding] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    # (file, sheet) -> element code -> (column letter, header text as written); for findings on cells
    columns: dict[tuple[str, str | None], dict[str, tuple[str, str]]] = field(default_factory=dict)
    screened: bool = False  # True once cltrack.compute.screen has run the checks and left rows in error out
    out_years: tuple[int, ...] = ()  # the years of the rows screen left out (a year whose rows are all in error is not empty)

    def left_out_rows(self) -> Iterator[LeftOut]:
        """Every left-out row on its own (the runs spelled out, one at a time)."""
        for run in self.left_out:
            yield from run.each()
