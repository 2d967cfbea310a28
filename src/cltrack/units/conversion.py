"""The official conversion table of the 1 July 2025 reform: which old units went into which new commune.

The table (cltrack/data/conversion-2025-07.tsv.gz, built by scripts/build_gazetteer.py) lists, for
each new commune, the old units merged into it with the official note (`Nhập toàn bộ`, `Nhập một
phần`, `Giữ nguyên` ...). Old and new units are linked by code, never by name; an old unit's district
and province come from the pre-reform list when it knows the code (the table has two slips).
Figures carried across the reform are in `reform.py`; a unit's lineage by name in `lineage.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cltrack.units import gazetteer
from cltrack.units.gazetteer import POST, PRE, Unit

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

CONVERSION_FILE = gazetteer.DATA / "conversion-2025-07.tsv.gz"
CONVERSION_COLUMNS: tuple[str, ...] = (
    "new_code", "new_name", "new_province_code", "old_code", "old_name",
    "old_district_code", "old_province_code", "note", "partial",
)
WIDTH = {2: "province", 3: "district", 5: "commune"}  # level by code length


@dataclass(frozen=True, slots=True)
class Piece:
    """One line of the conversion table: an old unit (or part of it) merged into a new commune."""

    new_code: str
    new_name: str
    new_province_code: str
    old_level: str  # "commune", or "district" for a district without communes or an uncoded area
    old_code: str  # commune code, or the district code when old_level is "district"
    old_name: str
    old_district_code: str
    old_province_code: str
    note: str
    partial: bool  # the table's own flag: only part of the old unit went into this new commune
    whole_population: bool  # 'toàn bộ dân số': all the old unit's people went into this new commune


def unit_text(code: str, list_id: str, fallback: str = "") -> str:
    """'Xã Tân Ninh (15715)' from the list's name for the code."""
    unit = gazetteer.load(list_id).by_code(code)
    return f"{unit.name if unit else fallback or '?'} ({code})"


class Successor(NamedTuple):
    """A new unit an old unit went into: (new_code, note); `name` is 'Xã Tân Ninh (15715)'."""

    code: str
    note: str

    @property
    def name(self) -> str:
        """The new unit's name with its code."""
        return unit_text(self.code, POST)


class Predecessor(NamedTuple):
    """An old unit a new unit came from: (old_code, note); `name` is 'Xã Thái Hòa (15715)'."""

    code: str
    note: str

    @property
    def name(self) -> str:
        """The old unit's name with its code."""
        return unit_text(self.code, PRE, next((p.old_name for p in load().pieces_of_old(self.code)), ""))


class Conversion:
    """The conversion table with indexes by old and by new code."""

    def __init__(self, pieces: list[Piece]) -> None:
        self.pieces: tuple[Piece, ...] = tuple(pieces)
        self._by_old: dict[str, list[Piece]] = {}
        self._by_new: dict[str, list[Piece]] = {}
        for p in self.pieces:
            self._by_old.setdefault(p.old_code, []).append(p)
            self._by_new.setdefault(p.new_code, []).append(p)
        self._frame: pd.DataFrame | None = None

    def successors(self, old_code: str) -> list[Successor]:
        """New units an old commune (5 digits), district (3) or province (2) went into, in code order."""
        code = str(old_code).strip()
        level = WIDTH.get(len(code))
        if level == "province":
            return [Successor(c, "") for c in sorted({p.new_province_code for p in self.pieces if p.old_province_code == code})]
        if level == "district":
            pieces = [p for p in self.pieces if p.old_district_code == code]
        elif level == "commune":
            pieces = self._by_old.get(code, [])
        else:
            return []
        notes: dict[str, list[str]] = {}
        for p in pieces:
            notes.setdefault(p.new_code, []).append(p.note)
        return [Successor(c, "; ".join(dict.fromkeys(n))) for c, n in sorted(notes.items())]

    def predecessors(self, new_code: str) -> list[Predecessor]:
        """Old units a new commune (5 digits) or province (2) came from, in code order."""
        code = str(new_code).strip()
        if len(code) == 2:
            return [Predecessor(c, "") for c in sorted({p.old_province_code for p in self.pieces if p.new_province_code == code})]
        return [Predecessor(p.old_code, p.note) for p in sorted(self._by_new.get(code, []), key=lambda p: p.old_code)]

    def became(self, old: str | Unit) -> str:
        """What an old unit (code or pre-reform Unit) became, e.g. 'Xã Tân Ninh (15715)'; several joined by ', '; '' when unknown."""
        out = []
        for s in self.successors(old.code if isinstance(old, Unit) else old):
            part = " (" + s.note + ")" if s.note and "một phần" in s.note.casefold() else ""
            out.append(s.name + part)
        return ", ".join(out)

    def pieces_of_new(self, new_code: str) -> list[Piece]:
        """The conversion lines of one new commune."""
        return list(self._by_new.get(new_code, []))

    def pieces_of_old(self, old_code: str) -> list[Piece]:
        """The conversion lines of one old commune."""
        return list(self._by_old.get(old_code, []))

    def frame(self) -> pd.DataFrame:
        """The pieces as a DataFrame, with per-piece population flags for attribution (cached)."""
        if self._frame is None:
            self._frame = _people_pieces(self.pieces)
        return self._frame


def _read_pieces(path: Path) -> list[Piece]:
    """Pieces from the gzip TSV, with old parents taken from the pre-reform list when it has the code."""
    import csv
    import gzip
    import io

    with gzip.open(path, "rb") as fh:
        reader = csv.reader(io.StringIO(fh.read().decode("utf-8")), delimiter="\t")
        header = tuple(next(reader))
        if header != CONVERSION_COLUMNS:
            raise ValueError(f"{path}: unexpected columns {header}")
        rows = [r for r in reader if r]
    pre = gazetteer.load(PRE)
    pieces = []
    for new_code, new_name, new_pcode, old_code, old_name, old_dcode, old_pcode, note, partial in rows:
        level = "commune" if old_code else "district"
        parents = pre.parent_codes(old_code or old_dcode, level)
        if parents is not None:
            old_pcode, old_dcode = parents[0], parents[1] or old_dcode
        pieces.append(Piece(
            new_code, new_name, new_pcode, level, old_code or old_dcode, old_name or (pre.name_of(old_dcode, "district") or ""),
            old_dcode, old_pcode, note, partial == "1", "toàn bộ dân số" in note.casefold(),
        ))
    return pieces


@lru_cache(maxsize=1)
def load() -> Conversion:
    """The official conversion table of the 2025 reform (cached)."""
    return Conversion(_read_pieces(CONVERSION_FILE))


def successors(old_code: str) -> list[Successor]:
    """New units an old unit went into: [(new_code, note)]."""
    return load().successors(old_code)


def predecessors(new_code: str) -> list[Predecessor]:
    """Old units a new unit came from: [(old_code, note)]."""
    return load().predecessors(new_code)


def became(old: str | Unit) -> str:
    """What an old unit (code or pre-reform Unit) became, in words with codes."""
    return load().became(old)


def _people_pieces(pieces: tuple[Piece, ...]) -> pd.DataFrame:
    """Pieces that carry people, with `split` (the old unit's people went to several new communes)."""
    import pandas as pd

    f = pd.DataFrame([
        (p.new_code, p.new_province_code, p.old_level, p.old_code, p.old_district_code, p.old_province_code,
         p.partial, p.whole_population) for p in pieces
    ], columns=["new_code", "new_province_code", "old_level", "old_code", "old_district_code", "old_province_code", "partial", "whole_pop"])
    # An old unit whose whole population went to one new commune leaves none in its other pieces.
    moved = f.groupby(["old_level", "old_code"])["whole_pop"].transform("any")
    area_only = moved & ~f["whole_pop"]
    keep_all = (~area_only).groupby(f["new_code"]).transform("sum") == 0  # a new commune with area only keeps its pieces
    f = f[~area_only | keep_all].reset_index(drop=True)
    n_new = f.groupby(["old_level", "old_code"])["new_code"].transform("nunique")
    f["split"] = (n_new > 1) | (f["partial"] & ~f["whole_pop"])
    return f
