"""Reading report files (xlsx, xlsm, xls, ods, csv) into ReportData; survey microdata in `survey`.

`read_reports` is the entry point; see docs/reading.md. Importing this package loads no pandas.
"""

from __future__ import annotations

from cltrack.reading.model import LeftOut, ReportData, SourceFile
from cltrack.reading.reports import REPORT_SUFFIXES, read_reports

__all__ = ["REPORT_SUFFIXES", "LeftOut", "ReportData", "SourceFile", "read_reports"]
