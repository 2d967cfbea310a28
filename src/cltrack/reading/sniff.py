"""Survey microdata told from unit reports by a peek at a file's first rows (the `age` and `hours_work` columns).

What a file is by its bytes is `content.py`; this module peeks with the workbook reader, which is why the
two are apart (the readers ask `content_of`, and this asks the readers).
"""

from __future__ import annotations

from pathlib import Path

SURVEY_SUFFIXES: frozenset[str] = frozenset({".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet", ".txt", ".tsv"})


def looks_like_survey(path: str | Path) -> bool:
    """True when the file's first rows hold both `age` and `hours_work` columns (survey microdata)."""
    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in SURVEY_SUFFIXES:
        return False
    try:
        if p.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            names = set(pq.read_schema(p).names)
            return {"age", "hours_work"} <= {n.strip().lower() for n in names}
        if p.suffix.lower() in (".csv", ".txt", ".tsv"):
            with open(p, "rb") as fh:
                head = fh.read(4096).decode("utf-8", errors="ignore").lower()
            return "age" in head and "hours_work" in head
        from cltrack.reading.workbook import first_rows, forget_sniffed

        rows = first_rows(p, 10)  # the parsed sheet is kept for the report reader
        cells = {str(c).strip().lower() for r in rows for c in r}
        if {"age", "hours_work"} <= cells:
            forget_sniffed()
            return True
        return False
    except Exception:  # noqa: BLE001  (an unreadable file is the report reader's to explain)
        return False
