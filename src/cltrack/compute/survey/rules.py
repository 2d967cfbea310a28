"""Survey rule sets: the rules YAML (shipped or a user's copy) checked and built into a RuleSet.

No threshold is written in Python: every age band, hour limit and estimation setting comes from
`cltrack/data/survey_rules.yaml` or a user's copy of it.
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cltrack.errors import CltrackError
from cltrack.models import Text
from cltrack.reading.rulefile import RULES_FILE, load_yaml, shipped_rules

OPS: dict[str, Callable[[Any, Any], Any]] = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
RULE_COLUMNS: frozenset[str] = frozenset({"hours_work", "hours_chores", "hazardous_work", "permitted_work", "in_school", "age"})
SINGLE_PSU: tuple[str, ...] = ("centre", "certainty", "fail")
RELIABILITY_RULES: tuple[str, ...] = ("nchs", "n_rse")
GLOBAL_KEYS: tuple[str, ...] = ("valid", "reliability", "estimation", "working_min_hours")


@dataclass(frozen=True)
class NchsLimits:
    """Thresholds of the NCHS Data Presentation Standards for Proportions (Parker et al. 2017), from the rules file."""

    min_effective_n: float = 30
    max_width: float = 30  # percentage points: a CI this wide or wider is unreliable
    width: float = 5  # percentage points: above this, the relative width decides
    max_relative_width: float = 130  # percent of the estimate
    min_df: int = 8  # fewer degrees of freedom: flagged for review


@dataclass(frozen=True)
class Condition:
    """One test on a column: column op value (e.g. hours_work > 20)."""

    column: str
    op: str
    value: float | bool


@dataclass(frozen=True)
class Band:
    """Children aged lo..hi count when any condition holds and no `unless` condition does."""

    lo: int
    hi: int
    any: tuple[Condition, ...]
    unless: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """A rule set with its selected series, validity limits and estimation settings."""

    name: str
    label: Text
    source: str
    series: str
    series_names: tuple[str, ...]
    bands: tuple[Band, ...]
    age_groups: tuple[tuple[int, int], ...]
    age_range: tuple[int, int]
    max_hours: float
    min_n: int
    max_rse: float
    confidence: float
    ci: str
    single_psu: str
    working_min_hours: float
    origin: str
    max_excluded_pct: float = 5.0  # a warning when more of an estimate's weight cannot be classified
    reliability: str = "nchs"  # nchs (NCHS 2017 standards for proportions) or n_rse (n < min_n or RSE > max_rse)
    nchs: NchsLimits = field(default_factory=lambda: NchsLimits())

    def age_group_labels(self) -> list[str]:
        """'5-12', '13-14', '15-17' ..."""
        return [f"{lo}-{hi}" for lo, hi in self.age_groups]



def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of `base` with `extra` merged in (mappings merged, other values replaced)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def rule_set_names() -> tuple[str, ...]:
    """Names of the shipped rule sets."""
    return tuple(shipped_rules()["rule_sets"])


def load_rules(name_or_path: str = "vn_law", overrides: dict[str, Any] | None = None, *, series: str | None = None) -> RuleSet:
    """A rule set by name (vn_law, ilo_sdg) or from a YAML file, with optional overrides and series."""
    shipped = shipped_rules()
    globals_ = {k: shipped[k] for k in GLOBAL_KEYS if k in shipped}
    origin = str(RULES_FILE)
    if name_or_path in shipped["rule_sets"]:
        name, body = name_or_path, shipped["rule_sets"][name_or_path]
    elif Path(name_or_path).suffix.lower() in (".yaml", ".yml") or Path(name_or_path).is_file():
        path = Path(name_or_path)
        if not path.is_file():
            raise CltrackError("{path}: rules file not found", path=path)
        data = load_yaml(path)
        origin = str(path)
        globals_ = _merge(globals_, {k: data[k] for k in GLOBAL_KEYS if k in data})
        if "rule_sets" in data:
            sets = data["rule_sets"]
            if not isinstance(sets, dict) or not sets:
                raise CltrackError("{path}: 'rule_sets' must name at least one rule set", path=path)
            name = str(data.get("default", next(iter(sets))))
            if name not in sets:
                raise CltrackError("{path}: default rule set '{name}' is not under rule_sets", path=path, name=name)
            base = shipped["rule_sets"].get(name, {})
            body = _merge(base, sets[name]) if base else sets[name]
        else:
            name, body = path.stem, {k: v for k, v in data.items() if k not in GLOBAL_KEYS}
    else:
        raise CltrackError("unknown rule set '{name_or_path}' (known: {items}, or a .yaml file)", name_or_path=name_or_path, items=', '.join(shipped['rule_sets']))
    overrides = dict(overrides or {})
    if isinstance(overrides.get("series"), str):
        series = series or overrides.pop("series")
    globals_ = _merge(globals_, {k: overrides.pop(k) for k in GLOBAL_KEYS if k in overrides})
    body = _merge(body, overrides)
    return _build(name, body, globals_, series, origin)


def _need(mapping: Any, key: str, where: str) -> Any:
    """mapping[key], or CltrackError naming the place."""
    if not isinstance(mapping, dict) or key not in mapping:
        raise CltrackError("{where}: missing '{key}'", where=where, key=key)
    return mapping[key]


def _pair(value: Any, where: str) -> tuple[int, int]:
    """[lo, hi] as a pair of whole numbers."""
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise CltrackError("{where}: expected [from, to] in whole years, got {value!r}", where=where, value=value)
    lo, hi = int(value[0]), int(value[1])
    if lo > hi:
        raise CltrackError("{where}: {lo} is above {hi}", where=where, lo=lo, hi=hi)
    return lo, hi


def _condition(item: Any, where: str) -> Condition:
    """[column, op, value] as a Condition."""
    if not (isinstance(item, (list, tuple)) and len(item) == 3):
        raise CltrackError("{where}: a condition is [column, operator, value], got {item!r}", where=where, item=item)
    column, op, value = item
    if column not in RULE_COLUMNS:
        raise CltrackError("{where}: unknown column '{column}' (known: {rule_columns})", where=where, column=column, rule_columns=', '.join(sorted(RULE_COLUMNS)))
    if op not in OPS:
        raise CltrackError("{where}: unknown operator '{op}' (known: {ops})", where=where, op=op, ops=', '.join(OPS))
    if not isinstance(value, (int, float, bool)):
        raise CltrackError("{where}: the value of a condition must be a number or true/false, got {value!r}", where=where, value=value)
    return Condition(str(column), str(op), value)


def _bands(items: Any, where: str) -> tuple[Band, ...]:
    """A clause list of the YAML as Bands."""
    if not isinstance(items, list) or not items:
        raise CltrackError("{where}: expected a list of age bands", where=where)
    out = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        lo, hi = _pair(_need(item, "ages", at), f"{at}.ages")
        any_ = tuple(_condition(c, f"{at}.any") for c in _need(item, "any", at))
        unless = tuple(_condition(c, f"{at}.unless") for c in item.get("unless", []) or [])
        out.append(Band(lo, hi, any_, unless))
    return tuple(out)


def _build(name: str, body: dict[str, Any], g: dict[str, Any], series: str | None, origin: str) -> RuleSet:
    """Validate a rule set's YAML and build the RuleSet."""
    where = f"{origin}: rule set '{name}'"
    clauses = _need(body, "clauses", where)
    all_series = _need(body, "series", where)
    if not isinstance(clauses, dict) or not isinstance(all_series, dict) or not all_series:
        raise CltrackError("{where}: 'clauses' and 'series' must be mappings", where=where)
    chosen = series or str(body.get("default_series") or next(iter(all_series)))
    if chosen not in all_series:
        raise CltrackError("{where}: unknown series '{chosen}' (known: {all_series})", where=where, chosen=chosen, all_series=', '.join(all_series))
    bands: list[Band] = []
    for clause in all_series[chosen]:
        if clause not in clauses:
            raise CltrackError("{where}: series '{chosen}' names unknown clauses '{clause}'", where=where, chosen=chosen, clause=clause)
        bands.extend(_bands(clauses[clause], f"{where}.clauses.{clause}"))
    label = body.get("name") or {}
    valid, rel, est = g.get("valid", {}), g.get("reliability", {}), g.get("estimation", {})
    age_range = _pair(valid.get("age", [5, 17]), f"{origin}: valid.age")
    groups = tuple(_pair(p, f"{where}.age_groups") for p in body.get("age_groups") or [list(age_range)])
    ci = str(est.get("ci", "t"))
    single = str(est.get("single_psu", "centre"))
    if ci not in ("t", "normal"):
        raise CltrackError("{origin}: estimation.ci must be t or normal, got '{ci}'", origin=origin, ci=ci)
    if single not in SINGLE_PSU:
        raise CltrackError("{origin}: estimation.single_psu must be one of {single_psu}, got '{single}'", origin=origin, single_psu=', '.join(SINGLE_PSU), single=single)
    rule = str(rel.get("rule", "nchs"))
    if rule not in RELIABILITY_RULES:
        raise CltrackError("{origin}: reliability.rule must be one of {reliability_rules}, got '{rule}'", origin=origin, reliability_rules=', '.join(RELIABILITY_RULES), rule=rule)
    n_c = rel.get("nchs") or {}
    nchs = NchsLimits(float(n_c.get("min_effective_n", 30)), float(n_c.get("max_width", 30)), float(n_c.get("width", 5)),
                      float(n_c.get("max_relative_width", 130)), int(n_c.get("min_df", 8)))
    confidence = float(est.get("confidence", 0.95))
    if not 0 < confidence < 1:
        raise CltrackError("{origin}: estimation.confidence must lie between 0 and 1", origin=origin)
    return RuleSet(
        name=name, label=Text(str(label.get("vi", name)), str(label.get("en", name))), source=str(body.get("source", "")),
        series=chosen, series_names=tuple(all_series), bands=tuple(bands), age_groups=groups, age_range=age_range,
        max_hours=float(valid.get("max_hours", 168)), min_n=int(rel.get("min_n", 30)), max_rse=float(rel.get("max_rse", 0.30)),
        confidence=confidence, ci=ci, single_psu=single, working_min_hours=float(g.get("working_min_hours", 1)), origin=origin,
        reliability=rule, nchs=nchs, max_excluded_pct=float(est.get("max_excluded_weight_pct", 5)),
    )

