"""Completeness and timeliness of reporting: which reports are due, came, came late, are missing.

The rates follow DHIS2's reporting rates: reporting rate = reports received / reports expected,
on-time rate = reports received before the deadline / reports expected, per level. A report is
expected from every unit of the reporting level (from the gazetteer, within the plan's area) for
every deadline of the plan (`Plan.reporting`) that has passed by the as-of date. The plans say
"trước ngày 20/11" (before 20 November), so a report is on time when it came strictly before the
deadline day; on the deadline day itself or later it is late.

The date a report came is, for each data row: its `submitted` column when the data has one, else
the date a manifest (`file,submitted` csv) gives for its file, else the file's modification time.
A district has reported when any row of the year lies in it (its own row or its communes' rows);
a commune when it has a row of its own. Several deadlines in one year (Hải Dương: 15/6 six-monthly
and 15/12 annual) are matched to a unit's reports in date order: each report counts for the earliest
open deadline it meets; one that meets none counts, late, for the earliest open deadline.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cltrack import findings as fnd
from cltrack.errors import CltrackError
from cltrack.i18n import label
from cltrack.models import Finding, Plan

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from cltrack.reading.model import ReportData

STATES: tuple[str, ...] = ("on_time", "late", "missing", "not_due")
FAIL_ON: tuple[str, ...] = ("missing", "late", "never")
REPORTING_LEVELS: dict[str, tuple[str, ...]] = {
    "national": ("province", "district", "commune"),
    "province": ("district", "commune"),
    "sector": ("district", "commune"),
    "district": ("commune",),
}


@dataclass(frozen=True)
class ExpectedUnit:
    """A unit expected to report: GSO code, name, level, and its district code (for communes)."""

    code: str
    name: str
    level: str
    district_code: str | None = None
    district: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Deadline:
    """One reporting deadline of one year: due date (reports must come before it) and period."""

    year: int
    period: str
    due: date


@dataclass(frozen=True)
class ReportStatus:
    """One expected report: unit, year, period, due date, what happened and when."""

    level: str
    unit_code: str
    unit: str
    year: int
    period: str
    due: date
    state: str  # one of STATES
    submitted: date | None = None
    file: str | None = None
    source: str | None = None  # how `submitted` was known: column, manifest or mtime


@dataclass(frozen=True)
class LevelRates:
    """Counts and DHIS2-style rates (percent) of the reports due at one level."""

    level: str
    expected: int
    received: int
    on_time: int
    late: int
    missing: int

    @property
    def reporting_rate(self) -> float | None:
        """100 × received / expected (None when nothing is expected)."""
        return 100.0 * self.received / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        """100 × received on time / expected (None when nothing is expected)."""
        return 100.0 * self.on_time / self.expected if self.expected else None


@dataclass
class Completeness:
    """The status report: every expected report and the rates per level."""

    plan: Plan
    as_of: date
    years: list[int]
    reports: list[ReportStatus]
    levels: list[LevelRates]
    findings: list[Finding] = field(default_factory=list)
    date_source: str = "mtime"  # where submission dates came from (the most used source)

    def to_dict(self, lang: str = "en") -> dict[str, object]:
        """The JSON object of `cltrack status --format json`."""
        return {
            "plan": self.plan.id,
            "as_of": self.as_of.isoformat(),
            "years": self.years,
            "levels": [
                {"level": r.level, "expected": r.expected, "received": r.received, "on_time": r.on_time,
                 "late": r.late, "missing": r.missing, "reporting_rate": r.reporting_rate,
                 "on_time_rate": r.on_time_rate}
                for r in self.levels
            ],
            "reports": [
                {"level": r.level, "unit_code": r.unit_code, "unit": r.unit, "year": r.year, "period": r.period,
                 "due": r.due.isoformat(), "state": r.state,
                 "submitted": r.submitted.isoformat() if r.submitted else None, "file": r.file,
                 "submitted_from": r.source}
                for r in self.reports
            ],
            "findings": [fnd.to_dict(f, lang) for f in self.findings],
        }


def parse_date(text: str) -> date:
    """A date from 'YYYY-MM-DD', 'DD/MM/YYYY' or 'DD-MM-YYYY' (a time part is ignored)."""
    t = str(text).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", t)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.match(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", t)
        if not m:
            raise CltrackError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError as exc:
        raise CltrackError(f"'{text}' is not a valid date: {exc}") from None


def read_manifest(path: str | Path) -> dict[str, date]:
    """{file: submitted date} from a csv with columns `file` and `submitted`."""
    p = Path(path)
    if not p.is_file():
        raise CltrackError(f"{p}: manifest not found")
    with p.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "file" not in fields or "submitted" not in fields:
            raise CltrackError(f"{p}: the manifest needs the columns 'file' and 'submitted' (found: {', '.join(fields)})")
        out: dict[str, date] = {}
        for line, row in enumerate(reader, start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            if not row.get("file"):
                continue
            try:
                out[row["file"]] = parse_date(row["submitted"])
            except CltrackError as exc:
                raise CltrackError(f"{p}, line {line}: {exc}") from None
    return out


def deadlines(plan: Plan, year: int) -> list[Deadline]:
    """The plan's reporting deadlines falling in `year`, in date order."""
    out = [Deadline(year, r.period, date(year, r.month, r.day)) for r in plan.reporting]
    return sorted(out, key=lambda d: d.due)


def default_years(plan: Plan, as_of: date) -> list[int]:
    """The latest year of the plan's period with a deadline passed by `as_of` (the current round)."""
    start, end = plan.period
    for year in range(min(end, as_of.year), start - 1, -1):
        if any(d.due <= as_of for d in deadlines(plan, year)):
            return [year]
    return [start]


def reporting_levels(plan: Plan, data_levels: Sequence[str] = ()) -> tuple[str, ...]:
    """Levels whose units report: the level below the plan's, and lower ones the data holds."""
    levels = REPORTING_LEVELS.get(plan.level, ("commune",))
    return tuple(lv for i, lv in enumerate(levels) if i == 0 or lv in data_levels)


def expected_units(plan: Plan, level: str) -> list[ExpectedUnit]:
    """Units of `level` in the plan's area, from the pre-2025 gazetteer."""
    from cltrack.units import gazetteer

    gaz = gazetteer.load("2025-01")
    units = gaz.children(plan.area.code, level)
    return [
        ExpectedUnit(u.code, u.name, u.level, u.district_code,
                     _name(gaz, u.district_code, "district"), _name(gaz, u.province_code, "province"))
        for u in units
    ]


def _name(gaz: object, code: str | None, level: str) -> str | None:
    if not code:
        return None
    unit = gaz.by_code(code, level)  # type: ignore[attr-defined]
    return unit.name if unit is not None else None


def submission_dates(rows: pandas.DataFrame, manifest: Mapping[str, date] | None = None) -> pandas.DataFrame:
    """Per data row: `submitted` (date) and `submitted_from` (column, manifest or mtime)."""
    import pandas as pd

    manifest = manifest or {}
    files = pd.Series(rows["_file"].astype(str).unique())
    by_name = {Path(k).name: v for k, v in manifest.items()}

    def file_date(path: str) -> tuple[date | None, str]:
        if path in manifest:
            return manifest[path], "manifest"
        if Path(path).name in by_name:
            return by_name[Path(path).name], "manifest"
        try:
            return datetime.fromtimestamp(os.stat(path).st_mtime).date(), "mtime"
        except OSError:
            return None, "mtime"

    per_file = {f: file_date(f) for f in files}
    out = pd.DataFrame(index=rows.index)
    out["submitted"] = rows["_file"].astype(str).map(lambda f: per_file[f][0])
    out["submitted_from"] = rows["_file"].astype(str).map(lambda f: per_file[f][1])
    if "submitted" in rows.columns:
        col = rows["submitted"].map(_maybe_date)
        has = col.notna()
        out.loc[has, "submitted"] = col[has]
        out.loc[has, "submitted_from"] = "column"
    return out


def _maybe_date(value: object) -> date | None:
    """A date from a cell value (date, datetime, text), else None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()  # type: ignore[union-attr]
    try:
        return parse_date(str(value))
    except CltrackError:
        return None


def received(rows: pandas.DataFrame, dates: pandas.DataFrame, level: str) -> dict[tuple[str, int], list[tuple[date, str, str]]]:
    """{(unit code, year): [(submitted, file, source), ...] in date order} for units of `level`."""
    import pandas as pd

    code_col = {"province": "province_code", "district": "district_code"}.get(level, "commune_code")
    df = pd.DataFrame({
        "code": rows[code_col],
        "year": rows["year"],
        "submitted": dates["submitted"],
        "file": rows["_file"].astype(str),
        "source": dates["submitted_from"],
    })
    if level == "commune":
        df = df[rows["level"] == "commune"]
    df = df.dropna(subset=["code", "year", "submitted"]).drop_duplicates(["code", "year", "file"])
    df = df.sort_values(["code", "year", "submitted", "file"])
    return {
        (str(code), int(year)): list(zip(g["submitted"], g["file"], g["source"], strict=True))
        for (code, year), g in df.groupby(["code", "year"], sort=False)
    }


def match(due: Sequence[Deadline], reports: Sequence[tuple[date, str, str]]) -> list[tuple[Deadline, tuple[date, str, str] | None]]:
    """Pair deadlines with reports: each report (in date order) fills the earliest open deadline it meets, else the earliest open one."""
    open_ = list(due)
    pairs: dict[Deadline, tuple[date, str, str] | None] = {d: None for d in due}
    for rep in reports:
        if not open_:
            break
        meets = [d for d in open_ if rep[0] < d.due]
        chosen = meets[0] if meets else open_[0]
        pairs[chosen] = rep
        open_.remove(chosen)
    return [(d, pairs[d]) for d in due]


def state_of(deadline: Deadline, report: tuple[date, str, str] | None, as_of: date) -> str:
    """on_time (came before the due day), late, missing (due and not come) or not_due."""
    if report is not None and report[0] <= as_of:
        return "on_time" if report[0] < deadline.due else "late"
    return "missing" if deadline.due <= as_of else "not_due"


def completeness(
    plan: Plan,
    data: ReportData | None,
    *,
    as_of: date | None = None,
    years: Sequence[int] | None = None,
    manifest: Mapping[str, date] | None = None,
    expected: Mapping[str, Sequence[ExpectedUnit]] | None = None,
) -> Completeness:
    """Which reports are due by `as_of`, which came (on time or late) and which are missing, per level."""
    import pandas as pd

    as_of = as_of or date.today()
    years = sorted(years) if years else default_years(plan, as_of)
    if not plan.reporting:
        raise CltrackError(f"plan '{plan.id}' has no reporting deadlines ('reporting' in its YAML)")
    rows = data.rows if data is not None else pd.DataFrame(columns=["_file", "year", "level", "province_code", "district_code", "commune_code"])
    dates = submission_dates(rows, manifest) if len(rows) else pd.DataFrame({"submitted": [], "submitted_from": []})
    levels = tuple(expected) if expected is not None else reporting_levels(plan, tuple(rows["level"].dropna().unique()) if len(rows) else ())
    reports: list[ReportStatus] = []
    for level in levels:
        units = list(expected[level]) if expected is not None else expected_units(plan, level)
        got = received(rows, dates, level) if len(rows) else {}
        for year in years:
            due = deadlines(plan, year)
            for unit in units:
                for dl, rep in match(due, got.get((unit.code, year), [])):
                    state = state_of(dl, rep, as_of)
                    came = rep if state in ("on_time", "late") else None
                    reports.append(ReportStatus(level, unit.code, unit.name, year, dl.period, dl.due, state,
                                                came[0] if came else None, came[1] if came else None,
                                                came[2] if came else None))
    source_counts = dates["submitted_from"].value_counts() if len(dates) else None
    return Completeness(
        plan=plan,
        as_of=as_of,
        years=list(years),
        reports=reports,
        levels=[rates(reports, lv, as_of) for lv in levels],
        findings=report_findings(reports),
        date_source=str(source_counts.idxmax()) if source_counts is not None and len(source_counts) else "mtime",
    )


def rates(reports: Sequence[ReportStatus], level: str, as_of: date) -> LevelRates:
    """Counts of the reports at `level` whose deadline has passed by `as_of` (early arrivals wait)."""
    states = [r.state for r in reports if r.level == level and r.due <= as_of]
    on_time, late, missing = states.count("on_time"), states.count("late"), states.count("missing")
    return LevelRates(level, len(states), on_time + late, on_time, late, missing)


def report_findings(reports: Sequence[ReportStatus]) -> list[Finding]:
    """A report-late or report-missing warning per late or missing report."""
    out: list[Finding] = []
    for r in reports:
        period = label(f"period.{r.period}", "en")
        if r.state == "late":
            out.append(fnd.make("report-late", file=r.file, unit=r.unit, period=period,
                                submitted=r.submitted.isoformat() if r.submitted else "", due=r.due.isoformat()))
        elif r.state == "missing":
            out.append(fnd.make("report-missing", unit=r.unit, period=period, due=r.due.isoformat()))
    return out


def exit_code(result: Completeness, fail_on: str) -> int:
    """1 when --fail-on missing finds a missing report, or late finds a late or missing one; else 0."""
    if fail_on not in FAIL_ON:
        raise CltrackError(f"--fail-on must be one of {', '.join(FAIL_ON)}, got '{fail_on}'")
    wanted = {"missing": {"missing"}, "late": {"missing", "late"}, "never": set()}[fail_on]
    return 1 if any(r.state in wanted for r in result.reports) else 0
