"""Reading report files (xlsx, xlsm, xls, ods, csv) into ReportData; survey microdata in `survey`.

`read_reports` is the entry point; see docs/reading.md. Importing this package loads no pandas, and
nothing of the report reader until one of its names is used (PEP 562), so that reading survey
microdata does not load the report layout and workbook modules.
"""

from __future__ import annotations

from typing import Any

__all__ = ["REPORT_SUFFIXES", "LeftOut", "ReportData", "SourceFile", "read_reports"]
_HOME: dict[str, str] = {"LeftOut": "model", "ReportData": "model", "SourceFile": "model",
                         "REPORT_SUFFIXES": "reports", "read_reports": "reports"}


def __getattr__(name: str) -> Any:
    """The package's public names, imported from their modules on first use."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
