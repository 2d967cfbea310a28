"""Administrative units of Vietnam before ("2025-01") and after ("2025-07") the 1 July 2025 reform.

Built by scripts/build_gazetteer.py from the GSO lists into cltrack/data/units-*.tsv.gz. Names are
matched by `name_key` (NFC, case-folded, white space collapsed, type prefix dropped); codes are
strings with leading zeros (province 2 digits, district 3, commune 5). A unit may carry other
spellings of its name found in the official lists (e.g. 15712 'Xã Văn Sơn' / 'Xã Vân Sơn').
"""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
LISTS: tuple[str, ...] = ("2025-01", "2025-07")
PRE, POST = LISTS
_PREFIXES: tuple[str, ...] = (
    "thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã",
    "tp.", "tx.", "tt.", "tp", "tx", "tt",
)
_CODE_LEVEL: dict[int, str] = {2: "province", 3: "district", 5: "commune"}


@dataclass(frozen=True)
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


def fold(text: str) -> str:
    """NFC, case-folded, white space and line breaks collapsed."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold()


def name_key(name: str) -> str:
    """Matching key of a unit name: folded, with a leading type prefix dropped."""
    key = fold(name)
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) and key[len(prefix)] in " .":
            return key[len(prefix):].lstrip(" .")
    return key


class Gazetteer:
    """Units of one list, indexed by code and by name key."""

    def __init__(self, list_id: str, units: list[Unit]) -> None:
        self.list = list_id
        self._by_code: dict[tuple[str, str], Unit] = {(u.level, u.code): u for u in units}
        self._by_key: dict[tuple[str, str], list[Unit]] = {}
        self._children: dict[tuple[str, str], list[Unit]] = {}
        for u in units:
            for name in (u.name, *u.alt_names):
                bucket = self._by_key.setdefault((u.level, name_key(name)), [])
                if u not in bucket:
                    bucket.append(u)
            for parent in filter(None, {u.province_code if u.level != "province" else None, u.district_code if u.level == "commune" else None}):
                self._children.setdefault((parent, u.level), []).append(u)

    def by_code(self, code: str, level: str | None = None) -> Unit | None:
        """The unit with this code (level inferred from the code's length when not given)."""
        code = str(code).strip()
        if code.isdigit() and level is None:
            level = _CODE_LEVEL.get(len(code))
        if level is None:
            return None
        width = {"province": 2, "district": 3, "commune": 5}[level]
        return self._by_code.get((level, code.zfill(width) if code.isdigit() else code))

    def match(self, name: str, level: str | None = None, within: str | None = None) -> list[Unit]:
        """Units whose name (or another official spelling) matches, optionally inside a parent code."""
        key = name_key(name)
        levels = (level,) if level else ("province", "district", "commune")
        found = [u for lv in levels for u in self._by_key.get((lv, key), [])]
        if within:
            found = [u for u in found if within in (u.province_code, u.district_code)]
        if len(found) > 1:  # a prefix written out decides between e.g. 'Thị xã X' and 'Huyện X'
            typed = [u for u in found if fold(u.name) == fold(name) or fold(name) in map(fold, u.alt_names)]
            found = typed or found
        return found

    def suggest(self, name: str, level: str | None = None, within: str | None = None, k: int = 3) -> list[str]:
        """The closest known names (for an 'unknown unit' message)."""
        pool = self.units(level) if level else list(self._by_code.values())
        if within:
            pool = [u for u in pool if within in (u.province_code, u.district_code)]
        names = {name_key(u.name): u.name for u in pool}
        close = difflib.get_close_matches(name_key(name), list(names), n=k, cutoff=0.6)
        return [names[c] for c in close]

    def children(self, code: str, level: str) -> list[Unit]:
        """Units of `level` inside the unit with `code` (e.g. communes of a district or province)."""
        return list(self._children.get((code, level), []))

    def units(self, level: str) -> list[Unit]:
        """Every unit of a level, in code order."""
        return [u for (lv, _), u in self._by_code.items() if lv == level]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a gzip TSV file."""
    with gzip.open(path, "rb") as fh:
        text = fh.read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


@lru_cache(maxsize=2)
def load(list_id: str = PRE) -> Gazetteer:
    """The gazetteer of one list: '2025-01' (before the reform) or '2025-07' (after)."""
    if list_id not in LISTS:
        raise ValueError(f"unknown gazetteer list {list_id!r}; expected one of {LISTS}")
    units = [
        Unit(
            code=r["code"], name=r["name"], level=r["level"], type=r["type"],
            province_code=r["province_code"], district_code=r["district_code"] or None,
            list=list_id, alt_names=tuple(filter(None, r["alt_names"].split("|"))),
        )
        for r in _read_tsv(DATA / f"units-{list_id}.tsv.gz")
    ]
    return Gazetteer(list_id, units)


def list_for_year(year: int) -> str:
    """The list a report for `year` is expected to use (units changed on 1 July 2025)."""
    return PRE if year <= 2025 else POST
