"""Completeness and timeliness of reporting: which reports are due, came, came late, are missing.

The rates follow DHIS2's reporting rates: reporting rate = reports received / reports expected,
on-time rate = reports received before the deadline / reports expected, per level. A report is
expected from every unit of the reporting level (from the gazetteer, within the plan's area) for
every deadline of the plan (`Plan.reporting`) that has passed by the as-of date. The plans say
"trước ngày 20/11" (before 20 November), so a report is on time when it came strictly before the
deadline day; on the deadline day itself or later it is late.

The date a report came is found by `submissions.py` (a `submitted` column, `--submitted-from`, git
history, else file times with a warning). A deadline on or after 1 July 2025 expects the post-reform
units that cover the plan's area (through the official conversion table), and only rows read
against the post-reform list count for them; a year after the plan's period (and after its 2030
orientation's deadlines) expects nothing and says that the plan's period has ended.
A district has reported when any row of the year lies in it (its own row or its communes' rows);
a commune when it has a row of its own. Several deadlines in one year (Hải Dương: 15/6 six-monthly
and 15/12 annual) are matched to a unit's reports in date order: each report counts for the earliest
open deadline it meets; one that meets none counts, late, for the earliest open deadline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from cltrack import findings as fnd
from cltrack.compute.submissions import mtime_warning, submission_dates
from cltrack.errors import CltrackError
from cltrack.i18n import Lang
from cltrack.models import Finding, Plan
from cltrack.units.gazetteer import POST, PRE, REFORM_DATE

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from cltrack.reading.model import ReportData

STATES: tuple[str, ...] = ("on_time", "late", "missing", "not_due")
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
    period_ended: list[int] = field(default_factory=list)  # years asked for after the plan's reporting end
    fail_on: str = "error"  # what the exit code fails on (cltrack.exitcodes.STATUS_FAIL_ON)

    @property
    def exit_code(self) -> int:
        """The contract's exit code for this report and its --fail-on."""
        from cltrack.exitcodes import exit_code

        return exit_code(self.fail_on, self.findings, states=[r.state for r in self.reports])

    def to_dict(self, lang: Lang = "en") -> dict[str, object]:
        """The JSON object of `cltrack status --format json`."""
        return {
            "plan": self.plan.id,
            "as_of": self.as_of.isoformat(),
            "years": self.years,
            "period_ended": self.period_ended,
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
            "exit_code": self.exit_code,
        }


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


def reporting_end(plan: Plan) -> int:
    """The last year the plan asks for reports: its period's end, or its latest target deadline (2030 orientation)."""
    return max([plan.period[1], *(t.deadline for t in plan.targets)])


def reporting_levels(plan: Plan, data_levels: Sequence[str] = (), list_id: str = PRE) -> tuple[str, ...]:
    """Levels whose units report: the level below the plan's, and lower ones the data holds (no districts after the reform)."""
    levels = REPORTING_LEVELS.get(plan.level, ("commune",))
    if list_id == POST:
        levels = tuple(lv for lv in levels if lv != "district")
    return tuple(lv for i, lv in enumerate(levels) if i == 0 or lv in data_levels)


def expected_units(plan: Plan, level: str, list_id: str = PRE) -> list[ExpectedUnit]:
    """Units of `level` in the plan's area: from the pre-2025 gazetteer, or the post-reform units covering it."""
    from cltrack.units import gazetteer

    if list_id == POST:
        return _post_reform_units(plan, level)
    gaz = gazetteer.load(PRE)
    units = gaz.children(plan.area.code, level)
    return [
        ExpectedUnit(u.code, u.name, u.level, u.district_code,
                     _name(gaz, u.district_code, "district"), _name(gaz, u.province_code, "province"))
        for u in units
    ]


def _post_reform_units(plan: Plan, level: str) -> list[ExpectedUnit]:
    """New communes (or provinces) that received people of the plan's old area, per the conversion table."""
    from cltrack.units import conversion, gazetteer

    gaz = gazetteer.load(POST)
    if plan.area.code is None:  # a national plan: every unit of the new list
        return [ExpectedUnit(u.code, u.name, u.level, province=_name(gaz, u.province_code, "province")) for u in gaz.units(level)]
    f = conversion.load().frame()
    inside = f["old_district_code"] == plan.area.district_code if plan.area.district_code else f["old_province_code"] == plan.area.province_code
    col = "new_province_code" if level == "province" else "new_code"
    out = []
    for code in sorted(set(f.loc[inside, col])):
        u = gaz.by_code(code, level)
        if u is not None:
            out.append(ExpectedUnit(u.code, u.name, u.level, province=_name(gaz, u.province_code, "province")))
    return out


def list_for_deadline(due: date) -> str:
    """The unit list a report due on `due` is expected from: the post-reform one from 1 July 2025."""
    return POST if due >= REFORM_DATE else PRE


def _name(gaz: object, code: str | None, level: str) -> str | None:
    if not code:
        return None
    unit = gaz.by_code(code, level)  # type: ignore[attr-defined]
    return unit.name if unit is not None else None


def received(rows: pandas.DataFrame, dates: pandas.DataFrame, level: str, list_id: str | None = None) -> dict[tuple[str, int], list[tuple[date, str, str]]]:
    """{(unit code, year): [(submitted, file, source), ...] in date order} for units of `level` (rows of `list_id`)."""
    import pandas as pd

    if list_id is not None and "gazetteer" in rows.columns:
        keep = rows["gazetteer"].isna() | (rows["gazetteer"] == list_id)
        rows, dates = rows[keep], dates[keep]
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
        (str(code), int(cast(int, year))): list(zip(g["submitted"], g["file"], g["source"], strict=True))
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
        raise CltrackError("plan '{plan_id}' has no reporting deadlines ('reporting' in its YAML)", plan_id=plan.id)
    rows = data.rows if data is not None else pd.DataFrame(columns=["_file", "year", "level", "province_code", "district_code", "commune_code"])
    dates = submission_dates(rows, manifest) if len(rows) else pd.DataFrame({"submitted": [], "submitted_from": []})
    data_levels = tuple(rows["level"].dropna().unique()) if len(rows) else ()
    end = reporting_end(plan)
    ended = [y for y in years if y > end]
    reports: list[ReportStatus] = []
    order: dict[str, None] = {}
    for year in (y for y in years if y <= end):
        for list_id in (PRE, POST):
            due = [d for d in deadlines(plan, year) if list_for_deadline(d.due) == list_id]
            if not due:
                continue
            levels = tuple(expected) if expected is not None else reporting_levels(plan, data_levels, list_id)
            for level in levels:
                order.setdefault(level)
                units = list(expected[level]) if expected is not None else expected_units(plan, level, list_id)
                got = received(rows, dates, level, list_id) if len(rows) else {}
                for unit in units:
                    for dl, rep in match(due, got.get((unit.code, year), [])):
                        reports.append(_status(level, unit, dl, rep, as_of))
    source_counts = dates["submitted_from"].value_counts() if len(dates) else None
    notes = [fnd.make("plan-period-ended", year=y, start=plan.period[0], end=end) for y in ended]
    return Completeness(
        plan=plan,
        as_of=as_of,
        years=list(years),
        reports=reports,
        levels=[rates(reports, lv, as_of) for lv in order],
        findings=notes + (mtime_warning(rows, dates) if len(rows) else []) + report_findings(reports),
        date_source=str(source_counts.idxmax()) if source_counts is not None and len(source_counts) else "mtime",
        period_ended=ended,
    )


def _status(level: str, unit: ExpectedUnit, dl: Deadline, rep: tuple[date, str, str] | None, as_of: date) -> ReportStatus:
    """The state of one expected report, with when and where it came from if it came."""
    state = state_of(dl, rep, as_of)
    came = rep if state in ("on_time", "late") else None
    return ReportStatus(level, unit.code, unit.name, dl.year, dl.period, dl.due, state,
                        came[0] if came else None, came[1] if came else None, came[2] if came else None)


def rates(reports: Sequence[ReportStatus], level: str, as_of: date) -> LevelRates:
    """Counts of the reports at `level` whose deadline has passed by `as_of` (early arrivals wait)."""
    states = [r.state for r in reports if r.level == level and r.due <= as_of]
    on_time, late, missing = states.count("on_time"), states.count("late"), states.count("missing")
    return LevelRates(level, len(states), on_time + late, on_time, late, missing)


def report_findings(reports: Sequence[ReportStatus]) -> list[Finding]:
    """A report-late or report-missing warning per late or missing report."""
    out: list[Finding] = []
    for r in reports:
        period = r.period  # a code, said in the message's language (findings.WORD_ARGS)
        if r.state == "late":
            out.append(fnd.make("report-late", file=r.file, unit=r.unit, period=period, submitted=r.submitted or "", due=r.due))
        elif r.state == "missing":  # (dates stay dates: the message says them as its language writes them)
            out.append(fnd.make("report-missing", unit=r.unit, period=period, due=r.due))
    return out
