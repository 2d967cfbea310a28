"""The targets of a plan file checked key by key and as a whole: id, kind, elements, comparator and value,
unit, deadline, level, texts, unit-share rule, baseline, direction (docs/plans.md)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from cltrack.elements import ELEMENTS
from cltrack.models import (
    COMPARATORS,
    LEVELS,
    TARGET_KINDS,
    Baseline,
    Comparator,
    Target,
    UnitShareRule,
)
from cltrack.plans.yamlcheck import TAG, NodeChecker, describe, given, is_null

UNITS: tuple[str, ...] = ("percent", "count")
DIRECTIONS: tuple[str, ...] = ("increase", "decrease")
SURVEY_RULES: tuple[str, ...] = ("vn_law", "ilo_sdg")
UNIT_LEVELS: tuple[str, ...] = ("district", "commune")
TARGET_ID = re.compile(r"^(?:M(?P<obj>[1-9][0-9]*)\.[1-9][0-9]*[a-z]?|O2030\.[1-9][0-9]*[a-z]?|R\.[1-9][0-9]*)$")
TARGET_KEYS: dict[str, bool] = {
    "id": True, "objective": True, "kind": True, "short": True, "numerator": False, "denominator": False,
    "unit_share": False, "survey_rules": False, "survey_measure": False, "comparator": False, "value": False,
    "unit": True, "deadline": True, "level": True, "text_vi": True, "text_en": True, "section": True,
    "baseline": False, "direction": False, "note": False,
}
UNIT_SHARE_KEYS: dict[str, bool] = {"elements": True, "comparator": True, "threshold": True, "unit_level": True}
BASELINE_KEYS: dict[str, bool] = {"year": True, "value": True}


class TargetChecker(NodeChecker):
    """The plan-file checker's part for targets (and the data-element codes they name)."""

    def codes(self, node: Node, key: str, parent: Node, declared: set[str]) -> tuple[str, ...] | None:
        """A non-empty list of data-element codes, each standard or declared by the plan."""
        items = self.sequence(node, key, parent, "data-element codes")
        if items is None:
            return None
        if not items:
            self.err("plan-bad-value", node, key=key, got="[]", expected="at least one data-element code")
            return None
        out: list[str] = []
        for n in items:
            code = self.text(n, key, node)
            if code is None:
                continue
            if code in ELEMENTS and ELEMENTS[code].kind == "id":
                self.err("plan-bad-value", n, key=key, **given(code), expected="a count data element, not an identifying column")
            elif code not in ELEMENTS and code not in declared:
                self.err("plan-unknown-element", n, element=code)
            out.append(code)
        return tuple(out)

    # ---- targets
    def targets(self, node: Node, parent: Node, period: tuple[int, int] | None, declared: set[str],
                survey_rules: str) -> tuple[Target, ...] | None:
        """Every target, with duplicate ids reported."""
        items = self.sequence(node, "targets", parent, "targets")
        if items is None:
            return None
        out: list[Target] = []
        first_line: dict[str, int] = {}
        for item in items:
            pairs = item.value if isinstance(item, MappingNode) else []
            id_node = next((v for k, v in pairs if isinstance(k, ScalarNode) and k.value == "id"), None)
            if isinstance(id_node, ScalarNode):
                tid = str(id_node.value)
                if tid in first_line:
                    self.err("plan-duplicate-target", id_node, target=tid, first_line=first_line[tid])
                else:
                    first_line[tid] = id_node.start_mark.line + 1
            target = self.target(item, period, declared, survey_rules)
            if target is not None:
                out.append(target)
        return tuple(out)

    def target(self, node: Node, period: tuple[int, int] | None, declared: set[str], survey_rules: str) -> Target | None:
        """One target, checked key by key and as a whole."""
        parts = self.mapping(node, "targets[]", TARGET_KEYS)
        if parts is None:
            return None
        before = len([f for f in self.found if f.severity == "error"])

        def opt(key: str, fn: Callable[..., Any], *extra: Any) -> Any:
            return fn(parts[key], key, node, *extra) if key in parts else None

        tid = opt("id", self.text)
        objective = self.objective(parts.get("objective"), node) if "objective" in parts else None
        if tid is not None:
            m = TARGET_ID.match(tid)
            if m is None:
                self.err("plan-bad-target-id", parts["id"], target=tid)
            elif objective is not None and objective != (m.group("obj") or tid.split(".")[0]):
                expected = m.group("obj") or tid.split(".")[0]
                self.err("plan-bad-value", parts["objective"], key="objective", **given(objective),
                         expected="'{wanted}' for target {target}", wanted=expected, target=tid)
        label = tid or "?"
        kind = opt("kind", self.choice, TARGET_KINDS)
        short = opt("short", self.bilingual)
        numerator = opt("numerator", self.codes, declared)
        denominator = opt("denominator", self.codes, declared)
        share = self.unit_share(parts["unit_share"], declared) if "unit_share" in parts else None
        rules = opt("survey_rules", self.choice, SURVEY_RULES)
        measure = opt("survey_measure", self.text)
        comparator = None if is_null(parts.get("comparator")) else self.comparator(parts["comparator"])
        value = None if is_null(parts.get("value")) else self.number(parts["value"], "value", node)
        unit = opt("unit", self.choice, UNITS)
        deadline = opt("deadline", self.integer)
        level = opt("level", self.choice, LEVELS)
        text_vi, text_en, section = opt("text_vi", self.text), opt("text_en", self.text), opt("section", self.text)
        baseline = self.baseline(parts["baseline"]) if "baseline" in parts else None
        direction = opt("direction", self.choice, DIRECTIONS)
        note = opt("note", self.text)

        # the target as a whole
        if kind in ("ratio", "rate"):
            if "numerator" not in parts:
                self.err("plan-missing-key", node, key="numerator")
            if "denominator" not in parts:
                self.err("plan-ratio-without-denominator", node, target=label)
        if kind in ("ratio", "rate", "count") and "unit_share" in parts:
            self.err("plan-bad-value", parts["unit_share"], key="unit_share", got="a unit-share rule",
                     expected="no unit_share for a {kind} target (kind: unit_share counts units)", kind=kind)
        if kind == "count":
            if "numerator" not in parts:
                self.err("plan-missing-key", node, key="numerator")
            if "denominator" in parts:
                self.err("plan-bad-value", parts["denominator"], key="denominator", got="a denominator",
                         expected="no denominator for a count target (use kind: ratio)")
        if kind == "unit_share":
            if "unit_share" not in parts:
                self.err("plan-missing-key", node, key="unit_share")
            for key in ("numerator", "denominator"):
                if key in parts:
                    self.err("plan-bad-value", parts[key], key=key, got="a numerator" if key == "numerator" else "a denominator",
                             expected="no numerator or denominator for a unit_share target (the rule is under unit_share)")
        for key in ("survey_rules", "survey_measure"):
            if kind is not None and kind != "rate" and key in parts:
                self.err("plan-bad-value", parts[key], key=key, **given(parts[key].value), expected="only on a rate target")
        if kind is not None and unit is not None and unit != ("count" if kind == "count" else "percent"):
            self.err("plan-bad-value", parts["unit"], key="unit", **given(unit),
                     expected="'{unit}' for a {kind} target", unit="count" if kind == "count" else "percent", kind=kind)
        has_comp, has_value = not is_null(parts.get("comparator")), not is_null(parts.get("value"))
        if has_comp and not has_value:
            self.err("plan-missing-key", node, key="value")
        if has_value and not has_comp:
            self.err("plan-missing-key", node, key="comparator")
        if not has_comp and not has_value and "direction" not in parts:
            self.err("plan-missing-key", node, key="direction")
        if value is not None and unit == "percent" and not 0 <= value <= 100:
            self.err("plan-bad-value", parts["value"], key="value", got="{got_value}", got_value=f"{value:g}", expected="a percentage from 0 to 100")
        if value is not None and value < 0:
            self.err("plan-bad-value", parts["value"], key="value", got="{got_value}", got_value=f"{value:g}", expected="a number >= 0")
        if deadline is not None and period is not None and not period[0] <= deadline <= period[1]:
            self.err("plan-deadline-outside-period", parts["deadline"], deadline=deadline, target=label, start=period[0], end=period[1])
        if baseline is not None and deadline is not None and baseline.year >= deadline:
            self.err("plan-bad-value", parts["baseline"], key="baseline.year", got="{got_value}", got_value=baseline.year,
                     expected="a year before the deadline {deadline}", deadline=deadline)

        errors = len([f for f in self.found if f.severity == "error"])
        if (errors > before or tid is None or objective is None or kind is None or short is None or unit is None
                or deadline is None or level is None or text_vi is None or text_en is None or section is None):
            return None
        return Target(
            id=tid, objective=objective, kind=kind, comparator=comparator, value=value, unit=unit, deadline=deadline,
            level=level, text_vi=text_vi, text_en=text_en, section=section, short=short,
            numerator=numerator or (), denominator=denominator or (), unit_share=share,
            survey_rules=(rules or survey_rules) if kind == "rate" else None,
            survey_measure=measure or "child_labour", baseline=baseline, direction=direction, note=note,
        )

    def objective(self, node: Node | None, parent: Node) -> str | None:
        """'1', '2', '3' ..., 'O2030' or 'R' (a bare number is accepted)."""
        if isinstance(node, ScalarNode) and node.tag == TAG + "int":
            return str(node.value)
        value = self.text(node, "objective", parent)
        if value is not None and not re.fullmatch(r"[1-9][0-9]*|O2030|R", value):
            self.err("plan-bad-value", node or parent, key="objective", **given(value), expected="an objective number, O2030 or R")
            return None
        return value

    def comparator(self, node: Node) -> Comparator | None:
        """One of the contract's comparators."""
        if not isinstance(node, ScalarNode) or node.tag != TAG + "str" or node.value not in COMPARATORS:
            got = {"got": "{got_value}", "got_value": node.value} if isinstance(node, ScalarNode) else describe(node)
            self.err("plan-bad-comparator", node, **got)
            return None
        return COMPARATORS[COMPARATORS.index(node.value)]

    def unit_share(self, node: Node, declared: set[str]) -> UnitShareRule | None:
        """The per-unit rule of a unit-share target."""
        parts = self.mapping(node, "unit_share", UNIT_SHARE_KEYS)
        if parts is None:
            return None
        elements = self.codes(parts["elements"], "unit_share.elements", node, declared) if "elements" in parts else None
        comparator = self.comparator(parts["comparator"]) if "comparator" in parts else None
        threshold = self.number(parts["threshold"], "unit_share.threshold", node) if "threshold" in parts else None
        level = self.choice(parts["unit_level"], "unit_share.unit_level", node, UNIT_LEVELS) if "unit_level" in parts else None
        if elements is None or comparator is None or threshold is None or level is None:
            return None
        return UnitShareRule(elements, comparator, threshold, level)

    def baseline(self, node: Node) -> Baseline | None:
        """A baseline {year, value}."""
        parts = self.mapping(node, "baseline", BASELINE_KEYS)
        if parts is None:
            return None
        year = self.integer(parts["year"], "baseline.year", node) if "year" in parts else None
        value = self.number(parts["value"], "baseline.value", node) if "value" in parts else None
        return Baseline(year, value) if year is not None and value is not None else None
