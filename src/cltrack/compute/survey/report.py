"""One call for `cltrack survey`: read microdata, classify and estimate overall and by group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.compute.survey.estimate import BY_CHOICES, _estimate, _sample
from cltrack.compute.survey.rules import RULE_COLUMNS, RuleSet, load_rules
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.models import Finding, ReadProgress
from cltrack.reading.model import SourceTotals

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

UNIT_LEVELS: tuple[str, ...] = ("province", "district", "commune")


@dataclass
class SurveyReport(SourceTotals):
    """What `cltrack survey` shows: the overall estimate, the estimates by group, rules and findings."""

    rules: RuleSet
    measure: str
    by: list[str]
    overall: pd.DataFrame
    groups: pd.DataFrame | None
    findings: list[Finding]
    sources: list[Any]
    design: dict[str, Any]
    year: int | None = None


def parse_by(text: str | None) -> list[str]:
    """'district,age_group' -> ['district', 'age_group'], checked against the choices."""
    items = [t.strip() for t in (text or "").split(",") if t.strip()]
    bad = [t for t in items if t not in BY_CHOICES]
    if bad:
        raise CltrackError("{option}: unknown grouping '{bad}' (choose from {by_choices})", option="by", bad=bad[0], by_choices=', '.join(BY_CHOICES))
    return list(dict.fromkeys(items))


def needed_columns(by: Sequence[str]) -> frozenset[str]:
    """The columns an estimate by `by` reads: classification inputs, weight, design, year and the
    unit columns the groups need (a district is named within its province)."""
    units = {"province": ("province",), "district": ("province", "district"), "commune": UNIT_LEVELS}
    cols = set(RULE_COLUMNS) | {"weight", "stratum", "psu", "year", "fpc"}
    for b in by:
        cols.update(units.get(b, () if b == "age_group" else (b,)))
    return frozenset(cols)


def survey_report(paths: Sequence[str | Path], *, rules: str = "vn_law", series: str | None = None,
                  by: Sequence[str] = (), year: int | None = None, measure: str = "child_labour",
                  reliability: str | None = None, progress: ReadProgress | None = None) -> SurveyReport:
    """Read microdata (bytes read told to `progress`), classify and estimate overall and by group: the whole of `cltrack survey`."""
    from cltrack.reading.survey import read_microdata
    from cltrack.warmup import warm

    warm("numpy", "pandas", "scipy.special")  # needed after the read: imported while pyarrow reads
    rule_set = load_rules(rules, {"reliability": {"rule": reliability}} if reliability else None, series=series)
    data = read_microdata(paths, year=year, only=needed_columns(by), progress=progress)
    unreadable = [f for f in data.findings if f.code in ("file-not-found", "file-unreadable", "unsupported-format", "survey-missing-column")]
    if not len(data.frame):

        first = unreadable[0] if unreadable else make("survey-no-rows")
        raise CltrackError.of(first)
    sample = _sample(data, rule_set, measure, year)  # read, scoped and classified once for every estimate
    overall = _estimate(sample, rule_set, [])
    findings = list(data.findings) + list(overall.attrs.get("findings", []))
    groups = None
    if by:
        groups = _estimate(sample, rule_set, list(by))
        per_group = {"unreliable-estimate", "survey-no-se", "survey-zero-weight", "survey-item-nonresponse"}
        findings += [f for f in groups.attrs.get("findings", []) if f.code in per_group]
    return SurveyReport(rule_set, measure, list(by), overall, groups, findings, list(data.sources),
                        dict(overall.attrs.get("design", {})), year)
