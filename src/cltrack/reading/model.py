"""The result types of reading report files: ReportData, LeftOut, SourceFile (no heavy imports)."""

from __future__ import annotations

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
    """A sheet row that was read and not used, with the finding code that says why."""

    file: str
    sheet: str | None
    row: int
    reason: str


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
