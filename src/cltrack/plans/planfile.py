"""One plan file: read its YAML with line numbers, check every key and value, and build the `Plan`.

`check(path)` returns the Plan (None when the file has errors) and every problem as a `Finding`
(row = line, args `col` = column), so that `cltrack lint` can list them all and `load_plan` can
raise the first. The format is documented in docs/plans.md. This is the only module that imports
PyYAML; `cltrack.plans.catalogue` calls it through the cache (`cltrack.plans.cache`) so that an unchanged file is
not parsed again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cltrack import findings
from cltrack.elements import ELEMENTS
from cltrack.models import (
    COMPARATORS,
    LEVELS,
    TARGET_KINDS,
    Area,
    Baseline,
    ElementRef,
    Finding,
    Plan,
    ReportingDeadline,
    Target,
    Text,
    UnitShareRule,
)
from cltrack.numbers import exact_number, short_text

PLAN_LEVELS: tuple[str, ...] = ("national", "province", "district", "sector")
PERIODS: tuple[str, ...] = ("annual", "six-monthly")
UNITS: tuple[str, ...] = ("percent", "count")
DIRECTIONS: tuple[str, ...] = ("increase", "decrease")
SURVEY_RULES: tuple[str, ...] = ("vn_law", "ilo_sdg")
UNIT_LEVELS: tuple[str, ...] = ("district", "commune")
ELEMENT_KINDS: tuple[str, ...] = ("count", "district")
TARGET_ID = re.compile(r"^(?:M(?P<obj>[1-9][0-9]*)\.[1-9][0-9]*[a-z]?|O2030\.[1-9][0-9]*[a-z]?|R\.[1-9][0-9]*)$")
PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Keys of each mapping: name -> required?
PLAN_KEYS: dict[str, bool] = {
    "id": True, "name": True, "issuer": True, "level": True, "area": False, "period": True,
    "deadline_years": True, "reporting": True, "elements": False, "targets": True,
    "document": False, "survey_rules": False,
}
TEXT_KEYS: dict[str, bool] = {"vi": True, "en": True}
AREA_KEYS: dict[str, bool] = {"province": True, "province_code": True, "district": False, "district_code": False}
REPORTING_KEYS: dict[str, bool] = {"period": True, "day": True, "month": True, "to": True, "note": False}
ELEMENT_KEYS: dict[str, bool] = {"code": True, "aliases": False, "header_vi": False, "header_en": False, "kind": False}
TARGET_KEYS: dict[str, bool] = {
    "id": True, "objective": True, "kind": True, "short": True, "numerator": False, "denominator": False,
    "unit_share": False, "survey_rules": False, "survey_measure": False, "comparator": False, "value": False,
    "unit": True, "deadline": True, "level": True, "text_vi": True, "text_en": True, "section": True,
    "baseline": False, "direction": False, "note": False,
}
UNIT_SHARE_KEYS: dict[str, bool] = {"elements": True, "comparator": True, "threshold": True, "unit_level": True}
BASELINE_KEYS: dict[str, bool] = {"year": True, "value": True}

_TAG = "tag:yaml.org,2002:"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in: same nodes and marks, faster


def check(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """Read and check a plan file: the Plan (None when it has errors) and every finding, by position."""
    name = str(path)
    p = Path(path)
    if not p.is_file():
        return None, [findings.make("file-not-found", file=name, row=None)]
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [findings.make("plan-yaml-syntax", file=name, row=1, col=1, detail=f"not UTF-8 text ({exc.reason})")]
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        row, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        loader.dispose()
        return None, [findings.make("plan-yaml-syntax", file=name, row=row, col=col, detail=detail)]
    except yaml.YAMLError as exc:
        loader.dispose()
        return None, [findings.make("plan-yaml-syntax", file=name, row=1, col=1, detail=str(exc))]
    checker = _Checker(name, loader)
    try:
        plan = checker.plan(root, p.stem)
    finally:
        loader.dispose()
    if any(f.severity == "error" for f in checker.found):
        plan = None
    return plan, sorted(checker.found, key=lambda f: (f.row or 0, int(str(f.args.get("col") or 0))))


def _describe(node: Node | None) -> str:
    """How a node looks, for 'got ...' in messages."""
    if node is None:
        return "nothing"
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _TAG + "null":
        return "nothing (null)"
    kinds = {"str": "text", "int": "whole number", "float": "number", "bool": "true/false", "timestamp": "date"}
    kind = kinds.get(node.tag.removeprefix(_TAG), "value")
    return f"{kind} '{node.value}'"


def _is_null(node: Node | None) -> bool:
    """True for a missing key or an explicit null."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == _TAG + "null")


class _Checker:
    """Walks the YAML node tree of one plan file, collecting findings and building typed values."""

    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.found: list[Finding] = []

    # ---- reporting
    def err(self, code: str, node: Node, **args: object) -> None:
        """Record a finding at the node's position."""
        mark = node.start_mark
        self.found.append(findings.make(code, file=self.file, row=mark.line + 1, col=mark.column + 1, **args))

    def wrong(self, node: Node | None, key: str, expected: str, parent: Node) -> None:
        """Record a wrong-type finding (at the node, or at its parent when the node is missing)."""
        self.err("plan-wrong-type", node if node is not None else parent, key=key, expected=expected, got=_describe(node))

    # ---- shapes
    def mapping(self, node: Node, key: str, spec: dict[str, bool]) -> dict[str, Node] | None:
        """A mapping's value nodes by key, after checking duplicate, unknown and missing keys."""
        if not isinstance(node, MappingNode):
            self.wrong(node, key, "a mapping with keys " + ", ".join(spec), node)
            return None
        out: dict[str, Node] = {}
        first: dict[str, int] = {}
        for knode, vnode in node.value:
            k = str(knode.value) if isinstance(knode, ScalarNode) else "?"
            if k in out:
                self.err("plan-duplicate-key", knode, key=k, first_line=first[k])
                continue
            if k not in spec:
                self.err("plan-unknown-key", knode, key=k, allowed=", ".join(spec))
                continue
            out[k] = vnode
            first[k] = knode.start_mark.line + 1
        for k, required in spec.items():
            if required and k not in out:
                self.err("plan-missing-key", node, key=k)
        return out

    def scalar(self, node: Node | None, key: str, parent: Node, tags: tuple[str, ...], expected: str) -> Any:
        """A scalar of one of the YAML `tags`, else None with a wrong-type finding."""
        if not isinstance(node, ScalarNode) or node.tag.removeprefix(_TAG) not in tags:
            self.wrong(node, key, expected, parent)
            return None
        try:
            return self.loader.construct_object(node)
        except ValueError:  # an integer of more than 4,300 digits
            self.err("plan-bad-value", node, key=key, got=short_text(node.value), expected=expected)
            return None

    def text(self, node: Node | None, key: str, parent: Node) -> str | None:
        """A non-empty text."""
        value = self.scalar(node, key, parent, ("str",), "a text")
        if value is not None and not str(value).strip():
            self.err("plan-bad-value", node or parent, key=key, got="''", expected="a non-empty text")
            return None
        return str(value).strip() if value is not None else None

    def code_text(self, node: Node | None, key: str, parent: Node, pattern: str, what: str) -> str | None:
        """A text that must match `pattern` (codes such as '38' or '397')."""
        if isinstance(node, ScalarNode) and node.tag == _TAG + "int":
            self.wrong(node, key, f"{what} as quoted text, e.g. \"{node.value}\"", parent)
            return None
        value = self.text(node, key, parent)
        if value is not None and not re.fullmatch(pattern, value):
            self.err("plan-bad-value", node or parent, key=key, got=f"'{value}'", expected=what)
            return None
        return value

    def integer(self, node: Node | None, key: str, parent: Node) -> int | None:
        """A whole number."""
        return self.scalar(node, key, parent, ("int",), "a whole number")

    def number(self, node: Node | None, key: str, parent: Node) -> float | None:
        """A finite number (whole or decimal) of at most 15 significant digits, which a float holds exactly."""
        if isinstance(node, ScalarNode) and node.tag.removeprefix(_TAG) in ("int", "float"):
            text = node.value.replace("_", "").lower()
            problem = None
            if text.lstrip("+-") in (".inf", ".nan"):
                problem = "not-finite"
            elif re.fullmatch(r"[+-]?[\d.]+(?:e[+-]?\d+)?", text):  # not 0x.., 0o.., 1:30 (YAML 1.1)
                problem = exact_number(text)[1]
            if problem is not None:
                expected = "a finite number" if problem == "not-finite" else "a number of at most 15 significant digits"
                self.err("plan-bad-value", node, key=key, got=short_text(node.value), expected=expected)
                return None
        value = self.scalar(node, key, parent, ("int", "float"), "a number")
        return float(value) if value is not None else None

    def choice(self, node: Node | None, key: str, parent: Node, choices: Iterable[str]) -> str | None:
        """One of `choices`."""
        options = tuple(choices)
        if not isinstance(node, ScalarNode) or node.tag != _TAG + "str":
            self.wrong(node, key, "one of " + ", ".join(options), parent)
            return None
        value = self.text(node, key, parent)
        if value is not None and value not in options:
            self.err("plan-bad-value", node or parent, key=key, got=f"'{value}'", expected="one of " + ", ".join(options))
            return None
        return value

    def sequence(self, node: Node | None, key: str, parent: Node, what: str) -> list[Node] | None:
        """The item nodes of a list."""
        if not isinstance(node, SequenceNode):
            self.wrong(node, key, f"a list of {what}", parent)
            return None
        return list(node.value)

    def bilingual(self, node: Node | None, key: str, parent: Node) -> Text | None:
        """A {vi, en} mapping."""
        if node is None:
            return None
        parts = self.mapping(node, key, TEXT_KEYS)
        if parts is None:
            return None
        vi = self.text(parts.get("vi"), f"{key}.vi", node) if "vi" in parts else None
        en = self.text(parts.get("en"), f"{key}.en", node) if "en" in parts else None
        return Text(vi, en) if vi is not None and en is not None else None

    # ---- the plan
    def plan(self, root: Node | None, stem: str) -> Plan | None:
        """The whole plan file."""
        if root is None:
            self.found.append(findings.make("plan-wrong-type", file=self.file, row=1, col=1, key="(file)",
                                            expected="a mapping of plan keys (id, name, ...)", got="an empty file"))
            return None
        top = self.mapping(root, "(file)", PLAN_KEYS)
        if top is None:
            return None

        def get(key: str, fn: Callable[[Node | None, str, Node], Any]) -> Any:
            return fn(top[key], key, root) if key in top else None

        pid = get("id", self.text)
        if pid is not None and not PLAN_ID.match(pid):
            self.err("plan-bad-value", top["id"], key="id", got=f"'{pid}'", expected="lower-case letters, digits and '-'")
        elif pid is not None and pid != stem:
            self.err("plan-id-mismatch", top["id"], plan=pid, stem=stem)
        name = get("name", self.bilingual)
        issuer = get("issuer", self.text)
        level = self.choice(top["level"], "level", root, PLAN_LEVELS) if "level" in top else None
        area = self.area(top["area"], level) if "area" in top else self.no_area(root, level)
        period = self.period(top["period"], root) if "period" in top else None
        deadline_years = self.deadline_years(top["deadline_years"], root, period) if "deadline_years" in top else None
        reporting = self.reporting(top["reporting"], root) if "reporting" in top else None
        elements = self.elements(top["elements"], root) if "elements" in top else ()
        document = get("document", self.text)
        survey_rules = self.choice(top["survey_rules"], "survey_rules", root, SURVEY_RULES) if "survey_rules" in top else "vn_law"
        declared = {e.code for e in elements or ()}
        targets = self.targets(top["targets"], root, period, declared, survey_rules or "vn_law") if "targets" in top else None
        values = (pid, name, issuer, level, area, period, deadline_years, reporting, elements, targets)
        if any(v is None for v in values) or any(f.severity == "error" for f in self.found):
            return None
        refs = tuple(elements) + tuple(
            ElementRef(c) for c in dict.fromkeys(c for t in targets for c in t.elements) if c not in declared
        )
        return Plan(id=pid, name=name, issuer=issuer, level=level, area=area, period=period,
                    deadline_years=deadline_years, reporting=reporting, elements=refs, targets=targets,
                    source=self.file, document=document, survey_rules=survey_rules or "vn_law")

    def no_area(self, root: Node, level: str | None) -> Area | None:
        """A plan without `area`: the whole country for a national plan, else a missing key."""
        if level == "national":
            return Area()
        if level is not None:
            self.err("plan-missing-key", root, key="area")
        return None

    def area(self, node: Node, level: str | None) -> Area | None:
        """The area: province name and GSO code, plus district for a district plan; none for a national plan."""
        if level == "national":
            self.err("plan-bad-value", node, key="area", got="an area", expected="no area: a national plan covers the whole country")
            return None
        parts = self.mapping(node, "area", AREA_KEYS)
        if parts is None:
            return None
        province = self.text(parts.get("province"), "area.province", node) if "province" in parts else None
        pcode = self.code_text(parts.get("province_code"), "area.province_code", node, r"\d{2}", "a 2-digit GSO province code") if "province_code" in parts else None
        district = self.text(parts["district"], "area.district", node) if "district" in parts else None
        dcode = self.code_text(parts["district_code"], "area.district_code", node, r"\d{3}", "a 3-digit GSO district code") if "district_code" in parts else None
        if level == "district":
            for key in ("district", "district_code"):
                if key not in parts:
                    self.err("plan-missing-key", node, key=f"area.{key}")
        if ("district" in parts) != ("district_code" in parts):
            self.err("plan-missing-key", node, key="area.district_code" if "district" in parts else "area.district")
        if province is None or pcode is None:
            return None
        return Area(province, pcode, district, dcode)

    def period(self, node: Node, parent: Node) -> tuple[int, int] | None:
        """[first year, last year]."""
        items = self.sequence(node, "period", parent, "two years")
        if items is None:
            return None
        if len(items) != 2:
            self.err("plan-bad-value", node, key="period", got=f"{len(items)} items", expected="two years [first, last]")
            return None
        start, end = (self.integer(n, "period", node) for n in items)
        if start is None or end is None:
            return None
        if not (1900 < start <= end < 2200):
            self.err("plan-bad-value", node, key="period", got=f"[{start}, {end}]", expected="[first, last] years with first <= last")
            return None
        return (start, end)

    def deadline_years(self, node: Node, parent: Node, period: tuple[int, int] | None) -> tuple[int, ...] | None:
        """The years the plan's targets fall due."""
        items = self.sequence(node, "deadline_years", parent, "years")
        if items is None:
            return None
        years = [self.integer(n, "deadline_years", node) for n in items]
        if period is not None:
            for n, y in zip(items, years, strict=True):
                if y is not None and not period[0] <= y <= period[1]:
                    self.err("plan-deadline-outside-period", n, deadline=y, target="deadline_years", start=period[0], end=period[1])
        return tuple(y for y in years if y is not None) if None not in years else None

    def reporting(self, node: Node, parent: Node) -> tuple[ReportingDeadline, ...] | None:
        """Reporting deadlines: period, day, month, to whom."""
        items = self.sequence(node, "reporting", parent, "deadlines {period, day, month, to}")
        if items is None:
            return None
        out: list[ReportingDeadline] = []
        for item in items:
            parts = self.mapping(item, "reporting[]", REPORTING_KEYS)
            if parts is None:
                continue
            period = self.choice(parts["period"], "period", item, PERIODS) if "period" in parts else None
            day = self.integer(parts["day"], "day", item) if "day" in parts else None
            month = self.integer(parts["month"], "month", item) if "month" in parts else None
            to = self.text(parts["to"], "to", item) if "to" in parts else None
            note = self.text(parts["note"], "note", item) if "note" in parts else None
            if day is not None and month is not None:
                try:
                    dt.date(2024, month, day)
                except ValueError:
                    self.err("plan-bad-value", item, key="day", got=f"{day}/{month}", expected="a real day and month")
                    continue
            if None not in (period, day, month, to):
                out.append(ReportingDeadline(period, day, month, to, note))
        return tuple(out) if len(out) == len(items) else None

    def elements(self, node: Node, parent: Node) -> tuple[ElementRef, ...] | None:
        """The data elements the plan uses, with aliases and plan-specific declarations."""
        items = self.sequence(node, "elements", parent, "data elements {code, aliases}")
        if items is None:
            return None
        out: list[ElementRef] = []
        seen: set[str] = set()
        for item in items:
            parts = self.mapping(item, "elements[]", ELEMENT_KEYS)
            if parts is None or "code" not in parts:
                continue
            code = self.text(parts["code"], "code", item)
            if code is None:
                continue
            if code in seen:
                self.err("plan-bad-value", parts["code"], key="code", got=f"'{code}'", expected="each element listed once")
            seen.add(code)
            aliases = self.texts(parts["aliases"], "aliases", item) if "aliases" in parts else ()
            header_vi = self.text(parts["header_vi"], "header_vi", item) if "header_vi" in parts else None
            header_en = self.text(parts["header_en"], "header_en", item) if "header_en" in parts else None
            kind = self.choice(parts["kind"], "kind", item, ELEMENT_KINDS) if "kind" in parts else None
            if code in ELEMENTS:
                if ELEMENTS[code].kind == "id":
                    self.err("plan-bad-value", parts["code"], key="code", got=f"'{code}'", expected="a count, not an identifying column")
                for key in ("header_vi", "header_en", "kind"):
                    if key in parts:
                        self.err("plan-bad-value", parts[key], key=key, got=f"'{parts[key].value}'",
                                 expected=f"nothing: '{code}' is a standard element (use aliases for other headers)")
            else:
                if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
                    self.err("plan-bad-value", parts["code"], key="code", got=f"'{code}'", expected="a snake_case code")
                for key in ("header_vi", "header_en"):
                    if key not in parts:
                        self.err("plan-missing-key", item, key=key)
            out.append(ElementRef(code, aliases or (), header_vi, header_en, kind or (None if code in ELEMENTS else "count")))
        return tuple(out)

    def texts(self, node: Node, key: str, parent: Node) -> tuple[str, ...] | None:
        """A list of texts."""
        items = self.sequence(node, key, parent, "texts")
        if items is None:
            return None
        values = [self.text(n, key, node) for n in items]
        return tuple(v for v in values if v is not None)

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
                self.err("plan-bad-value", n, key=key, got=f"'{code}'", expected="a count data element, not an identifying column")
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
            tid = id_node.value if isinstance(id_node, ScalarNode) else None
            if tid is not None and tid in first_line:
                self.err("plan-duplicate-target", id_node, target=tid, first_line=first_line[tid])
            elif tid is not None:
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
                self.err("plan-bad-value", parts["objective"], key="objective", got=f"'{objective}'",
                         expected=f"'{expected}' for target {tid}")
        label = tid or "?"
        kind = opt("kind", self.choice, TARGET_KINDS)
        short = opt("short", self.bilingual)
        numerator = opt("numerator", self.codes, declared)
        denominator = opt("denominator", self.codes, declared)
        share = self.unit_share(parts["unit_share"], declared) if "unit_share" in parts else None
        rules = opt("survey_rules", self.choice, SURVEY_RULES)
        measure = opt("survey_measure", self.text)
        comparator = None if _is_null(parts.get("comparator")) else self.comparator(parts["comparator"])
        value = None if _is_null(parts.get("value")) else self.number(parts["value"], "value", node)
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
                     expected=f"no unit_share for a {kind} target (kind: unit_share counts units)")
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
                    self.err("plan-bad-value", parts[key], key=key, got=f"a {key}",
                             expected="no numerator or denominator for a unit_share target (the rule is under unit_share)")
        for key in ("survey_rules", "survey_measure"):
            if kind is not None and kind != "rate" and key in parts:
                self.err("plan-bad-value", parts[key], key=key, got=f"'{parts[key].value}'", expected="only on a rate target")
        if kind is not None and unit is not None and unit != ("count" if kind == "count" else "percent"):
            self.err("plan-bad-value", parts["unit"], key="unit", got=f"'{unit}'",
                     expected=f"'{'count' if kind == 'count' else 'percent'}' for a {kind} target")
        has_comp, has_value = not _is_null(parts.get("comparator")), not _is_null(parts.get("value"))
        if has_comp and not has_value:
            self.err("plan-missing-key", node, key="value")
        if has_value and not has_comp:
            self.err("plan-missing-key", node, key="comparator")
        if not has_comp and not has_value and "direction" not in parts:
            self.err("plan-missing-key", node, key="direction")
        if value is not None and unit == "percent" and not 0 <= value <= 100:
            self.err("plan-bad-value", parts["value"], key="value", got=f"{value:g}", expected="a percentage from 0 to 100")
        if value is not None and value < 0:
            self.err("plan-bad-value", parts["value"], key="value", got=f"{value:g}", expected="a number >= 0")
        if deadline is not None and period is not None and not period[0] <= deadline <= period[1]:
            self.err("plan-deadline-outside-period", parts["deadline"], deadline=deadline, target=label, start=period[0], end=period[1])
        if baseline is not None and deadline is not None and baseline.year >= deadline:
            self.err("plan-bad-value", parts["baseline"], key="baseline.year", got=str(baseline.year), expected=f"a year before the deadline {deadline}")

        errors = len([f for f in self.found if f.severity == "error"])
        required = (tid, objective, kind, short, unit, deadline, level, text_vi, text_en, section)
        if errors > before or any(v is None for v in required):
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
        if isinstance(node, ScalarNode) and node.tag == _TAG + "int":
            return str(node.value)
        value = self.text(node, "objective", parent)
        if value is not None and not re.fullmatch(r"[1-9][0-9]*|O2030|R", value):
            self.err("plan-bad-value", node or parent, key="objective", got=f"'{value}'", expected="an objective number, O2030 or R")
            return None
        return value

    def comparator(self, node: Node) -> str | None:
        """One of the contract's comparators."""
        if not isinstance(node, ScalarNode) or node.tag != _TAG + "str" or node.value not in COMPARATORS:
            got = node.value if isinstance(node, ScalarNode) else _describe(node)
            self.err("plan-bad-comparator", node, got=got)
            return None
        return str(node.value)

    def unit_share(self, node: Node, declared: set[str]) -> UnitShareRule | None:
        """The per-unit rule of a unit-share target."""
        parts = self.mapping(node, "unit_share", UNIT_SHARE_KEYS)
        if parts is None:
            return None
        elements = self.codes(parts["elements"], "unit_share.elements", node, declared) if "elements" in parts else None
        comparator = self.comparator(parts["comparator"]) if "comparator" in parts else None
        threshold = self.number(parts["threshold"], "unit_share.threshold", node) if "threshold" in parts else None
        level = self.choice(parts["unit_level"], "unit_share.unit_level", node, UNIT_LEVELS) if "unit_level" in parts else None
        if None in (elements, comparator, threshold, level):
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
