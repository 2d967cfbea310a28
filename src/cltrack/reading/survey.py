"""Read survey microdata (one row per child 5-17) from csv, xlsx/xls/ods or Parquet into a compact frame.

Only the columns of data-elements.md section 2 are read (by code or a Vietnamese header), text as
categoricals, numbers as float32, flags as bool; every conversion works once per distinct value,
never once per row. Rows that cannot be used are findings and are left out, never dropped silently:
a non-numeric age, an age outside the rules' 5-17, negative hours or hours above 168 a week, a
blank weight, a negative or non-finite weight (`inf`, `nan` written as text), and rows of another
year than `year`. A blank age, hours or yes/no flag is item non-response: the row is kept with the
value missing (age -1, hours and flags NaN), and the estimator leaves the child out of every rate
whose rule needs that value (never read as 0 hours), and counts it. Province, district and commune names are resolved to GSO
codes once per distinct combination (unknown names are findings; the row is kept).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.digest import sha256_of
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.models import Finding, ReadProgress, Text
from cltrack.reading.counting import Tell, told
from cltrack.reading.model import SourceFile, SourceTotals
from cltrack.reading.survey_files import (
    CODE_COLUMNS,
    REQUIRED,
    SUFFIXES,
    UNIT_COLUMNS,
    read_book_columns,
    read_csv_columns,
    read_parquet_columns,
)
from cltrack.reading.survey_values import MAX_ROW_FINDINGS, Limits, convert_columns, validity_limits

SURVEY_FAILED = Text("trình đọc không đọc được tệp điều tra", "the reader could not read the survey file")

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MAX_ROW_FINDINGS", "SUFFIXES", "SurveyData", "read_microdata"]


@dataclass
class SurveyData(SourceTotals):
    """Microdata read from survey files: the rows used, findings, left-out rows and one SourceFile per file."""

    frame: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    left_out: pd.DataFrame | None = None  # columns _file, _row, reason (a finding code)
    columns: frozenset[str] = frozenset()  # data columns found in at least one file

    @property
    def rows(self) -> pd.DataFrame:
        """The same frame (named like ReportData.rows)."""
        return self.frame


def _expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given, folders expanded to their survey files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in SUFFIXES and q.is_file()))
        else:
            out.append(p)
    return out


def _hashing(path: Path) -> Callable[[], str]:
    """Start the SHA-256 of a file in a thread (hashlib lets go of the GIL); the result waits for it."""
    import threading


    done: list[str] = []

    def run() -> None:
        try:
            done.append(sha256_of(path))
        except OSError:  # said by the caller, which hashes again
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def result() -> str:
        thread.join()
        return done[0] if done else sha256_of(path)  # the thread failed: fail here, in the caller

    return result


def _read_one(path: Path, shown: str, year: int | None, limits: Limits, only: Collection[str] | None = None,
              also_years: Collection[int] = (), tell: Tell | None = None) -> tuple[pd.DataFrame | None, SourceFile, list[Finding], pd.DataFrame | None]:
    """One file: its kept rows, its SourceFile, findings and left-out rows."""
    import numpy as np
    import pandas as pd

    from cltrack.access import NOT_FOUND, unreadable_reason
    from cltrack.reading.bounds import too_large

    why = unreadable_reason(path)
    if why is not None or not path.is_file():
        found = make("file-not-found", file=shown) if why is None or why is NOT_FOUND else make("file-unreadable", file=shown, detail=why)
        return None, SourceFile(shown, "", [], 0, 0, 0), [found], None
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        from cltrack.reading.content import content_of

        what = content_of(path).name
        return None, SourceFile(shown, sha256_of(path), [], 0, 0, 0), [make("unsupported-format", file=shown, suffix=suffix, content=what)], None
    whole, sheets = too_large(path)
    if whole is not None or sheets:
        return None, SourceFile(shown, sha256_of(path), [], 0, 0, 0), [make("file-too-large", file=shown, detail=whole or next(iter(sheets.values())))], None
    sheet: str | None = None
    text = suffix in (".csv", ".txt", ".tsv")  # hashed from the bytes its reader reads, not read twice
    digest_of = (lambda: sha256_of(path)) if text else _hashing(path)  # else alongside the read
    read_digest: str | None = None
    try:
        if suffix in (".parquet", ".pq"):
            raw, cols, first = read_parquet_columns(path, only, tell)
        elif text:
            raw, cols, first, read_digest = read_csv_columns(path, only, tell)
        else:
            raw, cols, first, sheet = read_book_columns(path, only)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding about the file
        from cltrack.syserrors import reader_failure

        detail = reader_failure(exc, SURVEY_FAILED)
        return None, SourceFile(shown, digest_of(), [], 0, 0, 0), [make("file-unreadable", file=shown, detail=detail)], None
    digest = read_digest or digest_of()
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        absent = [make("survey-missing-column", file=shown, sheet=sheet, column=c) for c in missing]
        return None, SourceFile(shown, digest, [sheet] if sheet else [], raw.rows, 0, raw.rows), absent, None
    frame, probs, notes = convert_columns(raw, cols, shown, sheet, first, year, limits, also_years)
    kept = frame.loc[~probs.left].reset_index(drop=True) if probs.left.any() else frame
    file_codes = pd.Categorical.from_codes(np.zeros(len(kept), dtype="int8"), categories=pd.Index([shown]))
    kept.insert(0, "_file", pd.Series(file_codes, index=kept.index))
    kept.attrs["present"] = frozenset(cols)
    left = pd.DataFrame({"_file": shown, "_row": frame["_row"].to_numpy()[probs.left],
                         "reason": probs.reasons(probs.left)})
    blank_rows = int((probs.reason_no == probs.number("blank-row")).sum())
    read = len(frame) - blank_rows
    used = len(kept)
    source = SourceFile(shown, digest, [sheet] if sheet else [], read, used, read - used)
    findings = probs.findings + notes
    if read:
        findings.append(make("row-balance", file=shown, read=read, used=used, left_out=read - used))
    left = left[left["reason"] != "blank-row"]
    return kept, source, findings, left


def _resolve_units(frame: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Canonical unit names and GSO codes for each distinct (province, district, commune, year)."""
    import numpy as np
    import pandas as pd

    present = [c for c in UNIT_COLUMNS if c in frame.columns]
    n = len(frame)
    if not present or not n:
        for c in CODE_COLUMNS:
            frame[c] = pd.Categorical([None] * n)
        return frame
    from cltrack.reading.units import UnitResolver

    resolver = UnitResolver()
    from cltrack.reading.grouping import group_ids

    ids, values = group_ids([frame[c] for c in present] + [frame["year"].fillna(-1).to_numpy(dtype="int16")])
    firsts = pd.DataFrame({c: values[i] for i, c in enumerate(present)} | {"year": values[-1]})
    for c in UNIT_COLUMNS:
        if c not in firsts.columns:
            firsts[c] = None
    counts = np.bincount(ids, minlength=len(firsts))
    table: dict[str, list[Any]] = {c: [] for c in (*UNIT_COLUMNS, *CODE_COLUMNS)}
    years = firsts["year"].to_numpy(dtype="int64").tolist()
    for rec, year, count in zip(firsts.itertuples(index=False), years, counts, strict=True):  # one pass per distinct unit
        written = {c: (getattr(rec, c) if isinstance(getattr(rec, c), str) else "") for c in UNIT_COLUMNS}
        res = resolver.resolve((written["province"], written["district"], written["commune"], ""), year if year > 0 else None)
        m = res.match
        for c in UNIT_COLUMNS:
            table[c].append(getattr(m, c) if m is not None and getattr(m, c) else (written[c] or None))
        for c in CODE_COLUMNS:
            table[c].append(getattr(m, c) if m is not None else None)
        if res.problem is not None:
            args = dict(res.problem.args)
            sugg = args.pop("suggestions", None)
            args.pop("within", None)
            args.pop("level", None)
            args["suggestions"] = f" ({', '.join(sugg)}?)" if sugg else ""
            args.setdefault("name", written.get(res.problem.column, ""))
            args.setdefault("candidates", "")
            findings.append(make(res.problem.code, "warning", column=res.problem.column, rows=int(count), **args))
    for c in (*UNIT_COLUMNS, *CODE_COLUMNS):
        small = pd.Categorical(table[c])  # one entry per distinct unit, spread over the rows by code
        frame[c] = pd.Categorical.from_codes(small.codes[ids], categories=small.categories)
    return frame


def read_microdata(paths: Sequence[str | Path], *, year: int | None = None, only: Collection[str] | None = None,
                   also_years: Collection[int] = (), progress: ReadProgress | None = None) -> SurveyData:
    """Survey microdata from csv, xlsx/xls/ods and Parquet files (folders expanded), with findings.

    With `only`, just those columns (and the required ones) are read: faster on big files. With `year`,
    rows of other years are left out, except those of `also_years` (the years a baseline may come from).
    With `progress`, `progress(bytes read, bytes of all the files, file)` is called before each file, as a
    csv's blocks or a Parquet file's row groups are read, after each file, and once at the end.
    """
    import pandas as pd

    files = _expand(paths)
    if not files:
        raise CltrackError("no survey files given")
    limits = validity_limits()
    frames: list[pd.DataFrame] = []
    lefts: list[pd.DataFrame] = []
    findings: list[Finding] = []
    sources: list[SourceFile] = []
    columns: set[str] = set()
    for path, tell in told(files, progress):
        shown = str(path)
        kept, source, found, left = _read_one(path, shown, year, limits, only, also_years, tell)
        sources.append(source)
        findings.extend(found)
        if kept is not None:
            columns.update(kept.attrs.pop("present", frozenset()))
            frames.append(kept)
        if left is not None and len(left):
            lefts.append(left)
    frame = _combine(frames)
    frame = _resolve_units(frame, findings)
    left_out = pd.concat(lefts, ignore_index=True) if lefts else pd.DataFrame({"_file": [], "_row": [], "reason": []})
    return SurveyData(frame=frame, findings=findings, sources=sources, left_out=left_out, columns=frozenset(columns))


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of several files as one, text columns kept categorical."""
    import pandas as pd

    if not frames:
        return pd.DataFrame({"_file": pd.Categorical([]), "_row": pd.Series([], dtype="int64"), "age": pd.Series([], dtype="int16"),
                             "hours_work": pd.Series([], dtype="float32"), "hours_chores": pd.Series([], dtype="float32"),
                             "weight": pd.Series([], dtype="float64"), "year": pd.Series([], dtype="Int16")})
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True, sort=False)
    for c in frame.columns:
        if frame[c].dtype == object or c == "_file":
            frame[c] = frame[c].astype("category")
    return frame

