"""One plan file: read its YAML with line numbers, check every key and value, and build the `Plan`.

`check(path)` returns the Plan (None when the file has errors) and every problem as a `Finding`
(row = line, args `col` = column), so that `cltrack lint` can list them all and `load_plan` can
raise the first. The format is documented in docs/plans.md. This module and the two it builds on
(`targetcheck`, `yamlcheck`) are the only importers of PyYAML; `cltrack.plans.catalogue` calls it through the
cache (`cltrack.plans.cache`) so that an unchanged file is not parsed again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from cltrack import findings
from cltrack.elements import ELEMENTS
from cltrack.models import Area, ElementRef, Finding, Plan, PlanLevel, ReportingDeadline, Text
from cltrack.plans.targetcheck import SURVEY_RULES, TARGET_ID, TargetChecker  # noqa: F401 (TARGET_ID: tests)
from cltrack.plans.yamlcheck import given, syntax_error, undecodable

PLAN_LEVELS: tuple[PlanLevel, ...] = ("national", "province", "district", "sector")
PERIODS: tuple[str, ...] = ("annual", "six-monthly")
ELEMENT_KINDS: tuple[str, ...] = ("count", "district")
PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Keys of each mapping: name -> required?
PLAN_KEYS: dict[str, bool] = {
    "id": True, "name": True, "issuer": True, "level": True, "area": False, "period": True,
    "deadline_years": True, "reporting": True, "elements": False, "targets": True,
    "document": False, "survey_rules": False,
}
AREA_KEYS: dict[str, bool] = {"province": True, "province_code": True, "district": False, "district_code": False}
REPORTING_KEYS: dict[str, bool] = {"period": True, "day": True, "month": True, "to": True, "note": False}
ELEMENT_KEYS: dict[str, bool] = {"code": True, "aliases": False, "header_vi": False, "header_en": False, "kind": False}

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in: same nodes and marks, faster


def check(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """Read and check a plan file: the Plan (None when it has errors) and every finding, by position."""
    name = str(path)
    p = Path(path)
    if not p.is_file():
        return None, [findings.make("file-not-found", file=name, row=None)]
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [_syntax(name, *undecodable(raw, exc))]
    try:
        loader = _LOADER(text)
    except yaml.YAMLError as exc:  # PyYAML's own reader checks the characters here (libyaml's while reading)
        return None, [_syntax(name, *syntax_error(exc, text))]
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, RecursionError) as exc:  # (RecursionError: PyYAML's pure-Python composer, lists nested deep)
        loader.dispose()
        return None, [_syntax(name, *syntax_error(exc, text))]
    checker = _Checker(name, loader)
    try:
        plan = checker.plan(root, p.stem)
    finally:
        loader.dispose()
    if any(f.severity == "error" for f in checker.found):
        plan = None
    return plan, sorted(checker.found, key=lambda f: (f.row or 0, int(str(f.args.get("col") or 0))))


def _syntax(file: str, row: int, col: int, detail: Text) -> Finding:
    """The plan-yaml-syntax finding of a file at line `row`, column `col`; `detail` says what is wrong."""
    return findings.make("plan-yaml-syntax", file=file, row=row, col=col, detail=detail)


class _Checker(TargetChecker):
    """Walks the YAML node tree of one plan file, collecting findings and building the Plan."""

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
            self.err("plan-bad-value", top["id"], key="id", **given(pid), expected="lower-case letters, digits and '-'")
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
        if (pid is None or name is None or issuer is None or level is None or area is None or period is None
                or deadline_years is None or reporting is None or elements is None or targets is None
                or any(f.severity == "error" for f in self.found)):
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
            self.err("plan-bad-value", node, key="period", got="{count} items", count=len(items), expected="two years [first, last]")
            return None
        start, end = (self.integer(n, "period", node) for n in items)
        if start is None or end is None:
            return None
        if not (1900 < start <= end < 2200):
            self.err("plan-bad-value", node, key="period", got="[{start}, {end}]", start=start, end=end, expected="[first, last] years with first <= last")
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
                    self.err("plan-bad-value", item, key="day", got="{day}/{month}", day=day, month=month, expected="a real day and month")
                    continue
            if period is not None and day is not None and month is not None and to is not None:
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
                self.err("plan-bad-value", parts["code"], key="code", **given(code), expected="each element listed once")
            seen.add(code)
            aliases = self.texts(parts["aliases"], "aliases", item) if "aliases" in parts else ()
            header_vi = self.text(parts["header_vi"], "header_vi", item) if "header_vi" in parts else None
            header_en = self.text(parts["header_en"], "header_en", item) if "header_en" in parts else None
            kind = self.choice(parts["kind"], "kind", item, ELEMENT_KINDS) if "kind" in parts else None
            if code in ELEMENTS:
                if ELEMENTS[code].kind == "id":
                    self.err("plan-bad-value", parts["code"], key="code", **given(code), expected="a count, not an identifying column")
                for key in ("header_vi", "header_en", "kind"):
                    if key in parts:
                        self.err("plan-bad-value", parts[key], key=key, **given(parts[key].value),
                                 expected="nothing: '{standard}' is a standard element (use aliases for other headers)", standard=code)
            else:
                if not re.fullmatch(r"[a-z][a-z0-9_]*", code):
                    self.err("plan-bad-value", parts["code"], key="code", **given(code), expected="a snake_case code")
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
