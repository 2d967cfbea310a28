"""A unit's lineage across the 1 July 2025 reform, found by name or code: what an old unit became, what a
new unit came from, where each lies (`cltrack units lookup`), and units as JSON objects."""

from __future__ import annotations

from dataclasses import dataclass

from cltrack.errors import CltrackError
from cltrack.units import gazetteer
from cltrack.units.conversion import WIDTH, load
from cltrack.units.gazetteer import POST, PRE, Unit


@dataclass(frozen=True)
class Link:
    """A unit on the other side of the reform: code, name, where it lies, and the official note."""

    code: str
    name: str
    level: str
    list: str
    parents: str
    note: str


@dataclass(frozen=True)
class Lineage:
    """A unit found by name or code, where it lies, and what it became (old) or came from (new)."""

    unit: Unit
    parents: str
    direction: str  # "became" (pre-reform unit) or "came_from" (post-reform unit)
    links: tuple[Link, ...]


def parents_of(unit: Unit) -> str:
    """'Huyện Triệu Sơn, Tỉnh Thanh Hóa' for a unit of either list."""
    gz = gazetteer.load(unit.list)
    names = []
    if unit.level == "commune" and unit.district_code:
        d = gz.by_code(unit.district_code, "district")
        names.append(d.name if d else unit.district_code)
    if unit.level != "province":
        p = gz.by_code(unit.province_code, "province")
        names.append(p.name if p else unit.province_code)
    return ", ".join(names)


def _link(code: str, note: str, list_id: str, fallback: str = "") -> Link:
    """A Link for a code of a list (level from the code's length)."""
    unit = gazetteer.load(list_id).by_code(code) or (_table_only_unit(code) if list_id == PRE else None)
    level = WIDTH.get(len(code), "commune")
    if unit is None:
        return Link(code, fallback or "?", level, list_id, "", note)
    return Link(code, unit.name, unit.level, list_id, parents_of(unit), note)


def lineage(unit: Unit) -> Lineage:
    """What a pre-reform unit became, or what a post-reform unit came from."""
    conv = load()
    if unit.list == PRE:
        links = tuple(_link(s.code, s.note, POST) for s in conv.successors(unit.code))
        return Lineage(unit, parents_of(unit), "became", links)
    names = {p.old_code: p.old_name for p in conv.pieces_of_new(unit.code)}
    links = tuple(_link(p.code, p.note, PRE, names.get(p.code, "")) for p in conv.predecessors(unit.code))
    return Lineage(unit, parents_of(unit), "came_from", links)


def lookup(name: str, *, within: str | None = None) -> list[Lineage]:
    """Units of both lists named `name` (any case, NFC/NFD, with or without 'Xã'...) or coded `name`."""
    text = " ".join(str(name).split())
    if not text:
        raise CltrackError("give a unit name or code")
    units: list[Unit] = []
    for list_id in (PRE, POST):
        gz = gazetteer.load(list_id)
        scope = _within(gz, within) if within else None
        if text.isdigit():
            unit = gz.by_code(text) or (_table_only_unit(text) if list_id == PRE else None)
            units += [unit] if unit is not None and (scope is None or scope in (unit.province_code, unit.district_code, unit.code)) else []
        else:
            units += gz.match(text, within=scope) if (scope or not within) else []
    if not units:
        sugg = list(dict.fromkeys(gazetteer.load(PRE).suggest(text) + gazetteer.load(POST).suggest(text)))[:5]
        hint = f" (≈ {', '.join(sugg)})" if sugg else ""
        raise CltrackError("unknown unit '{text}'{hint}", text=text, hint=hint)
    order = {"province": 0, "district": 1, "commune": 2}
    units.sort(key=lambda u: (u.list, order[u.level], u.code))
    return [lineage(u) for u in units]


def _table_only_unit(code: str) -> Unit | None:
    """An old commune known only from the conversion table (not in the 4 Jan 2025 list), as a Unit."""
    piece = next((p for p in load().pieces_of_old(code) if p.old_level == "commune" and p.old_name), None)
    if piece is None:
        return None
    type_ = next((t for t in ("Thị trấn", "Phường", "Xã", "Đặc khu") if piece.old_name.startswith(t + " ")), "")
    return Unit(piece.old_code, piece.old_name, "commune", type_, piece.old_province_code, piece.old_district_code or None, PRE)


def _within(gz: gazetteer.Gazetteer, name: str) -> str | None:
    """The code of a province (or district) named or coded `name` in one list, or None."""
    text = str(name).strip()
    if text.isdigit():
        unit = gz.by_code(text)
        return unit.code if unit else None
    hits = gz.match(text, level="province") or gz.match(text, level="district")
    return hits[0].code if hits else None


def unit_dict(unit: Unit) -> dict[str, object]:
    """A unit as a JSON object: code, name, level, type, list and parent codes and names."""
    return {
        "code": unit.code, "name": unit.name, "level": unit.level, "type": unit.type, "list": unit.list,
        "province_code": unit.province_code if unit.level != "province" else None,
        "district_code": unit.district_code if unit.level == "commune" else None,
        "in": parents_of(unit) or None,
    }


def lineage_dict(lin: Lineage) -> dict[str, object]:
    """A lookup result as a JSON object: the unit, and `became` or `came_from` links."""
    links = [
        {"code": k.code, "name": k.name, "level": k.level, "list": k.list, "in": k.parents or None, "note": k.note or None}
        for k in lin.links
    ]
    return {**unit_dict(lin.unit), lin.direction: links}

