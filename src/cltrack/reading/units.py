"""Resolve the unit columns of a report (province, district, commune, unit_code) to gazetteer units.

Each distinct combination of names is resolved once. Units are looked up first in the list the
reporting year expects (before 1 July 2025: `2025-01`; after: `2025-07`) and, only when that
fails, in the other list, so a sheet can be told to use one list, the other, or a mix of both.
A `unit_code` wins over the names; a code that names another unit than the names is a warning.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.models import Area
    from cltrack.units.gazetteer import Gazetteer, Unit

OLD, NEW = "2025-01", "2025-07"
REFORM_YEAR = 2025
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}


@dataclass(frozen=True)
class UnitMatch:
    """A unit found in one list, with its parents' canonical names and codes."""

    list_id: str
    level: str
    province: str | None
    district: str | None
    commune: str | None
    province_code: str | None
    district_code: str | None
    commune_code: str | None

    @property
    def unit_code(self) -> str | None:
        """The code of the most detailed unit."""
        level = self.level
        return self.commune_code if level == "commune" else self.district_code if level == "district" else self.province_code

    @property
    def unit(self) -> str | None:
        """The name of the most detailed unit."""
        level = self.level
        return self.commune if level == "commune" else self.district if level == "district" else self.province


@dataclass(frozen=True)
class UnitProblem:
    """Why a key could not be resolved (or a warning about it): finding code, column, message args."""

    code: str
    column: str
    args: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Resolution:
    """The outcome for one distinct key: a match (or None), the problem, and warnings."""

    match: UnitMatch | None
    problem: UnitProblem | None = None
    warnings: list[UnitProblem] = field(default_factory=list)


def _fold(name: str) -> str:
    """NFC, case-folded, single-spaced."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _same_name(written: str, canonical: str | None) -> bool:
    """True when a written name is the canonical one, with or without its type prefix."""
    if canonical is None:
        return False
    try:
        from cltrack.units.gazetteer import name_key
    except ImportError:  # pragma: no cover
        return _fold(written) == _fold(canonical)
    return name_key(written) == name_key(canonical)


def _other_type(written: str, canonical: str | None) -> bool:
    """True when the written name carries a type prefix and is not the canonical name (another type)."""
    from cltrack.units.gazetteer import fold, name_key

    folded = fold(written)
    return canonical is not None and name_key(written) != folded and folded != fold(canonical)


def expected_list(year: int | None) -> str:
    """The gazetteer list a report for `year` should use (2025 and earlier: pre-reform)."""
    return NEW if year is not None and year > REFORM_YEAR else OLD


def clean_code(value: str, level_hint: str | None) -> str:
    """A unit code as written ('4', '00004', 4.0) to a zero-padded code string."""
    text = value.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        return text
    level = level_hint or {1: "province", 2: "province", 3: "district"}.get(len(text), "commune")
    return text.zfill(CODE_WIDTH[level])


class UnitResolver:
    """Resolves report keys (province, district, commune, unit_code) with caches per list."""

    def __init__(self, area: Area | None = None) -> None:
        self._gz: dict[str, Gazetteer] = {}
        self._match_cache: dict[tuple[str, str, str, str | None], list[Unit]] = {}
        self._code_cache: dict[tuple[str, str, str | None], Unit | None] = {}
        self._cache: dict[tuple[str, tuple[str, str, str, str]], Resolution] = {}
        self._parent_cache: dict[tuple[str, str, str], tuple[Unit | None, UnitProblem | None]] = {}
        self._above: dict[tuple[str, str, str], tuple[str | None, str | None, str | None]] = {}  # a commune's province, district
        self._within_old = None
        if area is not None:
            self._within_old = getattr(area, "district_code", None) or getattr(area, "province_code", None) or None

    def _list(self, list_id: str) -> Gazetteer:
        """One gazetteer list, loaded when first needed (a sheet of old names never needs the new list)."""
        gz = self._gz.get(list_id)
        if gz is None:
            from cltrack.units import gazetteer

            gz = self._gz[list_id] = gazetteer.load(list_id)
        return gz

    def _match(self, list_id: str, name: str, level: str, within: str | None) -> list[Unit]:
        key = (list_id, name, level, within)
        hit = self._match_cache.get(key)
        if hit is None:
            gz = self._list(list_id)
            try:
                hit = list(gz.match(name, level=level, within=within))
            except Exception:  # noqa: BLE001 - a lookup failure is "not found"
                hit = []
            self._match_cache[key] = hit
        return hit

    def _by_code(self, list_id: str, code: str | None, level: str | None) -> Unit | None:
        if not code:
            return None
        key = (list_id, code, level)
        if key not in self._code_cache:
            gz = self._list(list_id)
            try:
                self._code_cache[key] = gz.by_code(code, level)
            except Exception:  # noqa: BLE001
                self._code_cache[key] = None
        return self._code_cache[key]

    def suggest(self, list_id: str, name: str, level: str, within: str | None) -> list[str]:
        """Closest known names (up to 3)."""
        gz = self._list(list_id)
        try:
            return list(gz.suggest(name, level=level, within=within, k=3))
        except Exception:  # noqa: BLE001
            return []

    def _to_match(self, list_id: str, unit: Unit) -> UnitMatch:
        """A gazetteer unit with its parents filled in."""
        prov = self._by_code(list_id, unit.province_code, "province") if unit.level != "province" else unit
        dist = None
        if unit.level == "district":
            dist = unit
        elif unit.level == "commune" and unit.district_code:
            dist = self._by_code(list_id, unit.district_code, "district")
        return UnitMatch(
            list_id=list_id,
            level=unit.level,
            province=prov.name if prov else None,
            district=dist.name if dist else None,
            commune=unit.name if unit.level == "commune" else None,
            province_code=unit.province_code if unit.level != "province" else unit.code,
            district_code=(dist.code if dist else unit.district_code) if unit.level != "province" else None,
            commune_code=unit.code if unit.level == "commune" else None,
        )

    def _commune_match(self, list_id: str, row: tuple[str, ...]) -> UnitMatch:
        """`_to_match` of a commune given by its gazetteer row (level, code, name, type, province_code,
        district_code, alt_names), its unit not made."""
        pcode, dcode = row[4], row[5]
        above = self._above.get((list_id, pcode, dcode))
        if above is None:
            prov = self._by_code(list_id, pcode, "province")
            dist = self._by_code(list_id, dcode, "district") if dcode else None
            above = self._above[(list_id, pcode, dcode)] = (
                prov.name if prov else None, dist.name if dist else None, dist.code if dist else (dcode or None))
        return UnitMatch(list_id, "commune", above[0], above[1], row[2], pcode, above[2], row[1])

    def _by_names(self, list_id: str, p: str, d: str, c: str) -> tuple[UnitMatch | None, UnitProblem | None]:
        """Resolve names top-down in one list (province and district once per distinct pair)."""
        found, problem = self._parents(list_id, p, d)
        if problem is not None:  # a copy: `resolve` adds suggestions to a problem's args
            return None, UnitProblem(problem.code, problem.column, dict(problem.args))
        if c:
            found, problem = self._step(list_id, found, "commune", c)
            if problem is not None:
                return None, problem
        if found is None:
            return None, None
        return self._to_match(list_id, found), None

    def _parents(self, list_id: str, p: str, d: str) -> tuple[Unit | None, UnitProblem | None]:
        """The province and district names resolved in one list, once per distinct pair."""
        key = (list_id, p, d)
        hit = self._parent_cache.get(key)
        if hit is None:
            found: Unit | None = None
            problem: UnitProblem | None = None
            for level, name in (("province", p), ("district", d)):
                if not name:
                    continue
                if level == "district" and list_id == NEW:
                    found, problem = None, UnitProblem("unknown-unit", level, {"name": name, "level": level, "within": None})
                    break
                found, problem = self._step(list_id, found, level, name)
                if problem is not None:
                    break
            hit = self._parent_cache[key] = (found, problem)
        return hit

    def _step(self, list_id: str, found: Unit | None, level: str, name: str) -> tuple[Unit | None, UnitProblem | None]:
        """One level's name resolved inside the unit found above it (else inside the plan's area, else anywhere)."""
        within = self._within_old if list_id == OLD else None
        parent = found.code if found is not None else within
        hits = self._match(list_id, name, level, parent)
        if not hits and found is None and within is not None:
            hits = self._match(list_id, name, level, None)
            parent = None
        if len(hits) > 1:
            exact = [u for u in hits if _fold(u.name) == _fold(name)]
            hits = exact if len(exact) == 1 else hits
        if len(hits) > 1:
            names = ", ".join(sorted({self._describe(list_id, u) for u in hits})[:5])
            return None, UnitProblem("ambiguous-unit", level, {"name": name, "candidates": names})
        if not hits:
            return None, UnitProblem("unknown-unit", level, {"name": name, "level": level, "within": parent})
        return hits[0], None

    def _describe(self, list_id: str, unit: Unit) -> str:
        """'Xã Tân Lập (Huyện X, Tỉnh Y)' for telling same-named units apart."""
        parents = []
        if unit.district_code:
            d = self._by_code(list_id, unit.district_code, "district")
            if d:
                parents.append(d.name)
        if unit.level != "province":
            p = self._by_code(list_id, unit.province_code, "province")
            if p:
                parents.append(p.name)
        return f"{unit.name} ({', '.join(parents)})" if parents else unit.name

    def _in_list(self, list_id: str, key: tuple[str, str, str, str]) -> Resolution:
        """Resolve one key in one list: the code first, then the names."""
        p, d, c, code = key
        by_names, problem = self._by_names(list_id, p, d, c)
        if not code:
            return Resolution(by_names, problem)
        hint = "commune" if c else "district" if d else "province" if p else None
        unit_code = clean_code(code, hint)
        unit = self._by_code(list_id, unit_code, hint)
        if unit is None:
            if by_names is not None:
                return Resolution(by_names, None, [UnitProblem("unknown-unit-code", "unit_code", {"unit_code": unit_code})])
            return Resolution(None, UnitProblem("unknown-unit-code", "unit_code", {"unit_code": unit_code}))
        match = self._to_match(list_id, unit)
        warnings = []
        written = c or d or p
        differs = by_names.unit_code != match.unit_code if by_names is not None else not _same_name(written, match.unit)
        if written and differs:
            warnings.append(
                UnitProblem(
                    "unit-code-name-mismatch", "unit_code",
                    {"unit_code": unit_code, "code_name": match.unit, "name": written},
                )
            )
        return Resolution(match, None, warnings)

    def resolve(self, key: tuple[str, str, str, str], year: int | None) -> Resolution:
        """Resolve a key in the expected list, else the other one; the expected list's problem otherwise.

        A name written with its type ('Xã Triệu Sơn') that the expected list matches only under another
        type ('Thị trấn Triệu Sơn') is the other list's unit when that list has it with the type as
        written: the commune made in 2025 is not the town it absorbed."""
        first = expected_list(year)
        cached = self._cache.get((first, key))
        if cached is not None:
            return cached
        res = self._in_list(first, key)
        written = key[2] or key[1] or key[0]
        if res.match is not None and not key[3] and _other_type(written, res.match.unit):
            other = self._in_list(NEW if first == OLD else OLD, key)
            if other.match is not None and not _other_type(written, other.match.unit):
                res = other
        if res.match is None:
            other = self._in_list(NEW if first == OLD else OLD, key)
            if other.match is not None:
                res = other
            elif res.problem is not None and res.problem.code == "unknown-unit":
                args = res.problem.args
                sugg = self.suggest(first, args["name"], args["level"], args.get("within"))
                res.problem.args["suggestions"] = sugg
        self._cache[(first, key)] = res
        return res

    def resolve_many(self, keys: list[tuple[str, str, str, str]], years: list[int]) -> list[Resolution]:
        """`resolve` of each key (the same Resolutions, cached alike). A pre-reform commune named under its
        province and district, and found there alone, is looked up by its name key, the keys of all such
        names made in one pass; every other key goes through `resolve`."""
        from cltrack.units.gazetteer import name_keys

        out: list[Resolution | None] = [None] * len(keys)
        cache = self._cache
        quick = [j for j, ((p, d, c, k), y) in enumerate(zip(keys, years, strict=True))
                 if c and d and p and not k and (y is None or y <= REFORM_YEAR) and (not cache or (OLD, keys[j]) not in cache)]
        if quick:
            gz = self._list(OLD)
            parents = self._parents
            for j, nk in zip(quick, name_keys([keys[j][2] for j in quick]), strict=True):
                p, d, _, _ = keys[j]
                district, problem = parents(OLD, p, d)
                if problem is not None or district is None or district.level != "district":
                    continue
                hits = gz.inside_rows("commune", nk, district.code)
                if len(hits) == 1:  # what `_step` finds for this commune: the one unit of that name there
                    out[j] = cache[(OLD, keys[j])] = Resolution(self._commune_match(OLD, hits[0]))
        return [res if res is not None else self.resolve(key, y) for res, key, y in zip(out, keys, years, strict=True)]

    def became(self, match: UnitMatch) -> str:
        """What a pre-reform unit became after 1 July 2025 (names with codes), or '' when the table has no successor."""
        from cltrack.units.conversion import successors

        return ", ".join(dict.fromkeys(s.name for s in successors(str(match.unit_code))))

    def in_area(self, match: UnitMatch, area: Area | None) -> bool:
        """True when a pre-reform match lies inside the plan's area (post-reform matches pass)."""
        if area is None or match.list_id != OLD:
            return True
        pcode = getattr(area, "province_code", None)
        dcode = getattr(area, "district_code", None)
        if pcode and match.province_code != pcode:
            return False
        return not (dcode and match.level != "province" and match.district_code != dcode)
