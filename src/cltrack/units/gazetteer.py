"""Administrative units of Vietnam before ("2025-01") and after ("2025-07") the 1 July 2025 reform.

Built by scripts/build_gazetteer.py from the GSO lists into cltrack/data/units-*.tsv.gz. Names are
matched by `name_key` (NFC, case-folded, white space collapsed, tone marks on 'oa'/'oe'/'uy' placed
one way, type prefix dropped); codes are
strings with leading zeros (province 2 digits, district 3, commune 5). A unit may carry other
spellings of its name found in the official lists (e.g. 15712 'Xã Văn Sơn' / 'Xã Vân Sơn').
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import gzip
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
LISTS: tuple[str, ...] = ("2025-01", "2025-07")
PRE, POST = LISTS
REFORM_DATE = dt.date(2025, 7, 1)
_PREFIXES: tuple[str, ...] = (
    "thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã",
    "tp.", "tx.", "tt.", "tp", "tx", "tt",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r")[ .]+(?=\S)")
_CODE_LEVEL: dict[int, str] = {2: "province", 3: "district", 5: "commune"}
_WIDTH: dict[str, int] = {"province": 2, "district": 3, "commune": 5}
LEVELS: tuple[str, ...] = ("province", "district", "commune")


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit of one list."""

    code: str
    name: str
    level: str  # province, district, commune
    type: str  # Tỉnh, Thành phố, Huyện, Quận, Thị xã, Xã, Phường, Thị trấn, Đặc khu
    province_code: str
    district_code: str | None
    list: str  # "2025-01" or "2025-07"
    alt_names: tuple[str, ...] = field(default=(), compare=False)

    @property
    def parent_code(self) -> str | None:
        """The district (pre-reform commune) or province code above this unit."""
        if self.level == "province":
            return None
        if self.level == "commune" and self.district_code:
            return self.district_code
        return self.province_code


# Old-style tone placement on 'oa', 'oe', 'uy' ('hòa', 'thụy') moved to the new style ('hoà', 'thuỵ'):
# the official lists use both ('Phường Yên Hoà' / 'Phường Yên Hòa'); the tone itself stays significant.
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_TONE_PLACE: dict[str, str] = {
    unicodedata.normalize("NFC", a + t) + b: a + unicodedata.normalize("NFC", b + t)
    for a, b in (("o", "a"), ("o", "e"), ("u", "y")) for t in _TONES
}
_TONE_RE = re.compile("[" + "".join(sorted({k[0] for k in _TONE_PLACE if k[1] != "y"})) + "][ae]|["
                      + "".join(sorted({k[0] for k in _TONE_PLACE if k[1] == "y"})) + "]y")  # the keys of _TONE_PLACE


def _place_tones(text: str) -> str:
    """Tone marks on 'oa', 'oe', 'uy' placed the new way."""
    return _TONE_RE.sub(lambda m: _TONE_PLACE[m.group()], text)


def _drop_prefix(key: str) -> str:
    """A folded name without its leading unit-type prefix."""
    m = _PREFIX_RE.match(key)
    return key[m.end():] if m else key


def fold(text: str) -> str:
    """NFC, case-folded, white space and line breaks collapsed, tone marks placed the new way."""
    return _place_tones(" ".join(unicodedata.normalize("NFC", str(text)).split()).casefold())


def name_key(name: str) -> str:
    """Matching key of a unit name: folded, with a leading type prefix dropped."""
    return _drop_prefix(fold(name))


def name_keys(names: list[str]) -> list[str]:
    """`name_key` of many names at once (the same keys; one pass over the joined text)."""
    if any("\n" in n for n in names):
        return [name_key(n) for n in names]
    text = _place_tones(unicodedata.normalize("NFC", "\n".join(names)).casefold())
    return [_drop_prefix(" ".join(k.split())) for k in text.split("\n")]


# A row of a units file: level, code, name, type, province_code, district_code, alt_names.
_Row = tuple[str, str, str, str, str, str, str]


class Gazetteer:
    """Units of one list, indexed by code; name and parent indexes are built on first use."""

    def __init__(self, list_id: str, units: list[Unit] | None = None, *, rows: list[_Row] | None = None) -> None:
        self.list = list_id
        self._rows: dict[tuple[str, str], _Row] = {}
        self._made: dict[tuple[str, str], Unit] = {}
        for u in units or ():
            self._made[(u.level, u.code)] = u
            self._rows[(u.level, u.code)] = (u.level, u.code, u.name, u.type, u.province_code, u.district_code or "", "|".join(u.alt_names))
        for r in rows or ():
            self._rows[(r[0], r[1])] = r
        self._key_index: dict[tuple[str, str], list[tuple[str, str]]] | None = None
        self._child_index: dict[tuple[str, str], list[tuple[str, str]]] | None = None

    def _unit(self, key: tuple[str, str]) -> Unit:
        """The Unit for an index key, made once."""
        u = self._made.get(key)
        if u is None:
            lv, code, name, type_, pcode, dcode, alts = self._rows[key]
            u = Unit(code, name, lv, type_, pcode, dcode or None, self.list, tuple(alts.split("|")) if alts else ())
            self._made[key] = u
        return u

    def _keys(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(level, name key) -> unit keys, over every official spelling."""
        if self._key_index is None:
            index: dict[tuple[str, str], list[tuple[str, str]]] = {}
            items = list(self._rows.items())
            for (key, r), nk in zip(items, name_keys([r[2] for _, r in items]), strict=True):
                index.setdefault((r[0], nk), []).append(key)
                for other in {name_key(n) for n in r[6].split("|")} - {nk} if r[6] else ():
                    index.setdefault((r[0], other), []).append(key)
            self._key_index = index
        return self._key_index

    def _kids(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        """(parent code, level) -> unit keys in code order."""
        if self._child_index is None:
            index: dict[tuple[str, str], list[tuple[str, str]]] = {}
            for key, r in self._rows.items():
                if r[0] != "province":
                    index.setdefault((r[4], r[0]), []).append(key)
                if r[0] == "commune" and r[5]:
                    index.setdefault((r[5], r[0]), []).append(key)
            self._child_index = index
        return self._child_index

    def by_code(self, code: str, level: str | None = None) -> Unit | None:
        """The unit with this code (level inferred from the code's length when not given)."""
        code = str(code).strip()
        if code.isdigit() and level is None:
            level = _CODE_LEVEL.get(len(code))
        if level is None or level not in _WIDTH:
            return None
        key = (level, code.zfill(_WIDTH[level]) if code.isdigit() else code)
        return self._unit(key) if key in self._rows else None

    def parent_codes(self, code: str, level: str) -> tuple[str, str | None] | None:
        """(province_code, district_code) of a unit without building it; None when the code is unknown."""
        r = self._rows.get((level, code))
        return (r[4], r[5] or None) if r else None

    def name_of(self, code: str, level: str) -> str | None:
        """The name of a unit without building it; None when the code is unknown."""
        r = self._rows.get((level, code))
        return r[2] if r else None

    def match(self, name: str, level: str | None = None, within: str | None = None) -> list[Unit]:
        """Units whose name (or another official spelling) matches, optionally inside a parent code."""
        key = name_key(name)
        index = self._keys()
        levels = (level,) if level else LEVELS
        if within:  # a unit is made only when it is found inside the parent
            found = [u for lv in levels for u in self.inside(lv, key, within)]
        else:
            found = [self._unit(k) for lv in levels for k in index.get((lv, key), ())]
        if len(found) > 1:  # a prefix written out decides between e.g. 'Thị xã X' and 'Huyện X'
            typed = [u for u in found if fold(u.name) == fold(name) or fold(name) in map(fold, u.alt_names)]
            found = typed or found
        return found

    def inside(self, level: str, key: str, within: str) -> list[Unit]:
        """The units of `level` inside the unit coded `within` whose name key is `key` (what `match` finds before
        a written prefix decides between several)."""
        return [self._unit((r[0], r[1])) for r in self.inside_rows(level, key, within)]

    def inside_rows(self, level: str, key: str, within: str) -> list[_Row]:
        """`inside` as the units' rows of the file (level, code, name, type, province_code, district_code,
        alt_names), no unit made: the parent is checked on the rows."""
        rows = self._rows
        found = [rows[k] for k in self._keys().get((level, key), ())]
        return [r for r in found if within in (r[4], r[5])]

    def suggest(self, name: str, level: str | None = None, within: str | None = None, k: int = 3) -> list[str]:
        """The closest known names (for an 'unknown unit' message)."""
        pool = [r for r in self._rows.values() if (level is None or r[0] == level) and (not within or within in (r[4], r[5]))]
        names = {name_key(r[2]): r[2] for r in pool}
        close = difflib.get_close_matches(name_key(name), list(names), n=k, cutoff=0.6)
        return [names[c] for c in close]

    def children(self, code: str | None, level: str) -> list[Unit]:
        """Units of `level` inside the unit with `code` (communes of a district ...); code None: the whole country."""
        if code is None:
            return self.units(level)
        return [self._unit(k) for k in self._kids().get((code, level), [])]

    def units(self, level: str) -> list[Unit]:
        """Every unit of a level, in code order."""
        return [self._unit(k) for k in self._rows if k[0] == level]

    def __len__(self) -> int:
        """Number of units of every level."""
        return len(self._rows)


UNIT_COLUMNS: tuple[str, ...] = ("level", "code", "name", "type", "province_code", "district_code", "alt_names")


def _read_rows(path: Path) -> list[_Row]:
    """Data rows of a gzip TSV units file (header dropped, placeholder rows without a name skipped)."""
    with gzip.open(path, "rb") as fh:
        text = fh.read().decode("utf-8")
    if '"' not in text and "\r" not in text:  # no quoting: a plain split gives what the csv reader would
        table = [tuple(line.split("\t")) for line in text.split("\n") if line]
    else:
        table = [tuple(r) for r in csv.reader(io.StringIO(text), delimiter="\t") if r]
    if not table or table[0] != UNIT_COLUMNS:
        raise ValueError(f"{path}: unexpected columns {list(table[0]) if table else []}")
    return [r for r in table[1:] if r[2]]  # type: ignore[misc]


@lru_cache(maxsize=2)
def load(list_id: str = PRE) -> Gazetteer:
    """The gazetteer of one list: '2025-01' (before the reform) or '2025-07' (after)."""
    if list_id not in LISTS:
        raise ValueError(f"unknown gazetteer list {list_id!r}; expected one of {LISTS}")
    from cltrack.plans import cache

    path = DATA / f"units-{list_id}.tsv.gz"
    return cache.cached("gazetteer", path, lambda: _indexed(list_id, path))


def _indexed(list_id: str, path: Path) -> Gazetteer:
    """A gazetteer read from its file with its name index built (what the on-disk cache keeps)."""
    gz = Gazetteer(list_id, rows=_read_rows(path))
    gz._keys()
    return gz


def _resolve(gz: Gazetteer, name: str, level: str, within: str | None = None) -> Unit:
    """The one unit of `level` named or coded `name`; CltrackError when unknown or ambiguous."""
    from cltrack.errors import CltrackError

    text = " ".join(str(name).split())
    unit = gz.by_code(text, level) if text.isdigit() else None
    hits = [unit] if unit is not None else ([] if text.isdigit() else gz.match(text, level=level, within=within))
    if not hits:
        sugg = gz.suggest(text, level=level, within=within)
        hint = f" (≈ {', '.join(sugg)})" if sugg else ""
        raise CltrackError("no {level} '{text}' in the {gz_list} list{hint}", level=level, text=text, gz_list=gz.list, hint=hint)
    if len(hits) > 1:
        raise CltrackError("'{text}' names several units of level {level}: {names}", text=text, level=level, names=", ".join(f"{u.name} ({u.code})" for u in hits))
    return hits[0]


def select(list_id: str, *, province: str | None = None, district: str | None = None, level: str | None = None) -> list[Unit]:
    """Units of one list: every province, or the units of `level` inside a province or district (names or codes)."""
    from cltrack.errors import CltrackError

    gz = load(list_id)
    if level is not None and level not in LEVELS:
        raise CltrackError("{option} must be {listed}, got '{value}'", option="level", listed=('province', 'district', 'commune'), value=level)
    if district and list_id == POST:
        raise CltrackError("there are no districts after 1 July 2025; use --province, or --as-of 2025-06-30")
    if level == "district" and list_id == POST:
        raise CltrackError("there are no districts after 1 July 2025")
    parent: Unit | None = None
    if province:
        parent = _resolve(gz, province, "province")
    if district:
        parent = _resolve(gz, district, "district", parent.code if parent else None)
    if parent is None:
        return gz.units(level or "province")
    level = level or "commune"
    if level == "province" or (level == "district" and parent.level == "district"):
        return [parent]
    return gz.children(parent.code, level)


def units_as_of(
    as_of: str | None = None, *, province: str | None = None, district: str | None = None, level: str | None = None,
) -> tuple[str, list[Unit]]:
    """(list id, units) for `select` on the list in force on `as_of`; without a date, today's list,
    or the old one when a district is asked for or the place exists only in the old list."""
    from cltrack.errors import CltrackError

    if as_of is not None:
        list_id = list_for_date(as_of)
        return list_id, select(list_id, province=province, district=district, level=level)
    current = list_for_date(None)
    if district or level == "district":
        return PRE, select(PRE, province=province, district=district, level=level)
    try:
        return current, select(current, province=province, district=district, level=level)
    except CltrackError:
        if current == PRE:
            raise
        return PRE, select(PRE, province=province, district=district, level=level)


def list_for_date(date: str | None) -> str:
    """The list in force on an ISO date ('2025-06-30' -> '2025-01'); today's list when None; CltrackError naming
    `as_of` when the text is no date (Python's own words are English: the template says it)."""
    from cltrack.errors import CltrackError

    if date is None:
        return POST if dt.date.today() >= REFORM_DATE else PRE
    text = str(date).strip()
    try:
        day = dt.date.fromisoformat(text) if len(text) > 7 else dt.date(int(text[:4]), int(text[5:7] or 1) if len(text) > 4 else 1, 1)
    except ValueError:
        raise CltrackError("{option} '{text}' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)", option="as_of", text=date) from None
    return POST if day >= REFORM_DATE else PRE


def list_for_year(year: int) -> str:
    """The list a report for `year` is expected to use (units changed on 1 July 2025)."""
    return PRE if year <= 2025 else POST
