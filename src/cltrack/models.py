"""Plain data types shared by every part of cltrack (no I/O, no heavy imports).

The data path is: a `Plan` (from `plans.py`) and report data (from `reading/`) go into
`attainment.py`, which returns an `Evaluation` of `Result`s; every output renders that object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from cltrack.i18n import Lang  # noqa: F401 (re-exported beside the other Literal aliases)

Comparator = Literal[">=", ">", "<=", "<", "=="]
COMPARATORS: tuple[Comparator, ...] = (">=", ">", "<=", "<", "==")
TargetKind = Literal["ratio", "unit_share", "rate", "count"]
TARGET_KINDS: tuple[TargetKind, ...] = ("ratio", "unit_share", "rate", "count")
Level = Literal["commune", "district", "province", "plan"]
LEVELS: tuple[Level, ...] = ("commune", "district", "province", "plan")
PlanLevel = Literal["national", "province", "district", "sector"]
Status = Literal["met", "on_track", "off_track", "shortfall", "insufficient_data", "no_data"]
STATUSES: tuple[Status, ...] = ("met", "on_track", "off_track", "shortfall", "insufficient_data", "no_data")
FLAGGED_STATUSES: frozenset[str] = frozenset({"off_track", "shortfall"})
Direction = Literal["increase", "decrease"]


class ReadProgress(Protocol):
    """A reader's report: (done, in all, file being read), in files (reports), or in bytes with `sizes` (survey microdata)."""

    def __call__(self, done: int, total: int, name: str, *, sizes: bool = False) -> None:
        """Told before each file, as it is read (bytes only) and once at the end (name '')."""


@dataclass(frozen=True)
class Text:
    """A label in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: Lang) -> str:
        """The label in `lang` ('vi' or 'en')."""
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Baseline:
    """A target's starting point: value in a year."""

    year: int
    value: float


@dataclass(frozen=True)
class UnitShareRule:
    """Per-unit test of a unit-share target: sum(elements) <comparator> threshold at `unit_level`."""

    elements: tuple[str, ...]
    comparator: Comparator
    threshold: float
    unit_level: str  # "district" or "commune": which units are counted


@dataclass(frozen=True)
class Target:
    """One numeric (or qualitative) target of a plan, as the contract defines it."""

    id: str
    objective: str  # "1", "2", "3", "O2030" or "R"
    kind: TargetKind  # one of TARGET_KINDS
    comparator: Comparator | None  # None for a qualitative target (direction only)
    value: float | None  # None for a qualitative target
    unit: str  # "percent" or "count"
    deadline: int
    level: Level  # level the target applies to: province, district, commune
    text_vi: str
    text_en: str
    section: str
    short: Text
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    unit_share: UnitShareRule | None = None
    survey_rules: str | None = None  # rate targets: rule set name for microdata
    survey_measure: str = "child_labour"  # rate targets: which survey classification counts
    baseline: Baseline | None = None
    direction: Direction | None = None  # required for qualitative targets
    note: str | None = None

    @property
    def qualitative(self) -> bool:
        """True when the plan names only a direction, no number."""
        return self.value is None

    @property
    def percent(self) -> bool:
        """True when the target's values are percentages (a ratio, rate or unit share), else counts."""
        return self.unit == "percent" or self.kind in ("ratio", "rate", "unit_share")

    @property
    def elements(self) -> tuple[str, ...]:
        """Every data-element code the target reads."""
        share = self.unit_share.elements if self.unit_share else ()
        return tuple(dict.fromkeys(self.numerator + self.denominator + share))


@dataclass(frozen=True)
class ReportingDeadline:
    """When reports are due: `period` annual or six-monthly, before day/month, to whom."""

    period: str  # "annual" or "six-monthly"
    day: int
    month: int
    to: str
    note: str | None = None


COUNTRY: tuple[str, str] = ("Việt Nam", "VN")  # a national plan's area: name and ISO 3166 code


@dataclass(frozen=True)
class Area:
    """The plan's area in the pre-2025 gazetteer; no province for a national plan (the whole country)."""

    province: str | None = None
    province_code: str | None = None
    district: str | None = None
    district_code: str | None = None

    @property
    def code(self) -> str | None:
        """GSO code of the area's unit: the district, else the province; None for the whole country."""
        return self.district_code or self.province_code

    @property
    def name(self) -> str:
        """Name of the area's unit: the district, else the province, else the country."""
        return self.district or self.province or COUNTRY[0]


@dataclass(frozen=True)
class ElementRef:
    """A data element a plan uses, with optional extra Vietnamese header aliases."""

    code: str
    aliases: tuple[str, ...] = ()
    header_vi: str | None = None  # only for plan-specific elements outside the standard
    header_en: str | None = None
    kind: str | None = None  # plan-specific elements: "count" (every unit) or "district" (district rows)


@dataclass(frozen=True)
class Plan:
    """A plan document encoded as targets."""

    id: str
    name: Text
    issuer: str
    level: PlanLevel  # province, district or sector
    area: Area
    period: tuple[int, int]
    deadline_years: tuple[int, ...]
    reporting: tuple[ReportingDeadline, ...]
    elements: tuple[ElementRef, ...]
    targets: tuple[Target, ...]
    source: str  # path of the YAML file it was loaded from
    document: str | None = None  # seed document file name
    survey_rules: str = "vn_law"

    def target(self, target_id: str) -> Target | None:
        """The target with this id, or None."""
        return next((t for t in self.targets if t.id == target_id), None)

    @property
    def objectives(self) -> tuple[str, ...]:
        """Objective keys in plan order."""
        return tuple(dict.fromkeys(t.objective for t in self.targets))


Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem or remark about the input, with where it is. Messages live in findings.py."""

    code: str
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # the row number the user sees in Excel (1-based)
    column: str | None = None  # data-element code, or the header text when unmatched
    column_letter: str | None = None  # the column letter the user sees in Excel
    header: str | None = None  # the header text as written
    args: dict[str, object] = field(default_factory=dict, hash=False, compare=False)
    last_row: int | None = None  # a run: the same finding on every row from `row` to `last_row`


@dataclass(slots=True)
class Result:
    """One target at one unit and year, per the contract."""

    target: str
    unit: str
    unit_code: str | None
    level: Level
    year: int
    numerator: float | None
    denominator: float | None
    actual: float | None
    comparator: Comparator | None
    target_value: float | None
    attainment_pct: float | None
    status: Status
    gap: float | None
    gap_count: int | None
    units_reporting: int
    units_expected: int
    expected_value: float | None = None
    progress_pct: float | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    baseline_source: str | None = None  # "plan", "option" (--baseline-year), "data" (earliest earlier year), or None
    shortfall_reason: str | None = None  # "deadline" (the deadline year or later) or "no_baseline" (no earlier year)
    approximate: bool = False
    source: str = "reports"  # "reports" or "survey"
    se: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n_unweighted: int | None = None
    reliable: bool | None = None
    significance: str | None = None  # survey: "significant" or "not_significant"
    n_excluded: int | None = None  # survey: children a rule could not classify (a value it needs is blank)
    excluded_weight_pct: float | None = None  # survey: their share of the weight, percent
    ci_method: str | None = None  # survey: "logit" or "korn-graubard"
    se_reason: str | None = None  # survey: why there is no standard error (a label key), else None
    coverage_pct: float | None = None  # 100 x units_reporting / units_expected
