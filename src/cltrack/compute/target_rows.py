"""Which rows a target uses: rows with every needed count, finer rows before coarser ones, with reasons.

The rows of one year are turned into numpy arrays once (`RowArrays`: each count column, its blanks,
the level masks, the codes as numbers) and every target of every level reads those, so choosing a
target's rows is a few array operations, not a filtered copy of the frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cltrack.compute.scope import target_unit_level
from cltrack.models import Target

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


@dataclass
class RowArrays:
    """One year's rows in scope as the arrays every target reads (each made once, then shared)."""

    rows: pd.DataFrame
    commune: np.ndarray  # bool per row: a commune's row
    district: np.ndarray  # bool per row: a district's row
    province: np.ndarray  # bool per row: a province's row
    district_key: np.ndarray  # per row: its district code as a number (-1: none)
    province_key: np.ndarray  # per row: its province code as a number (-1: none)
    attributed: np.ndarray  # bool per row: figures attributed from a post-reform commune (from_code set)
    cache: dict[Any, Any] = field(default_factory=dict)  # what targets share: values, blanks, keys (see `values`)

    @classmethod
    def of(cls, rows: pd.DataFrame) -> RowArrays:
        """The arrays of `rows` (a frame with level, district_code and province_code columns)."""
        import numpy as np
        import pandas as pd

        levels = rows["level"].to_numpy(dtype=object)
        keys = [pd.factorize(rows[c].to_numpy(dtype=object))[0] for c in ("district_code", "province_code")]
        attributed = rows["from_code"].notna().to_numpy() if "from_code" in rows.columns else np.zeros(len(rows), dtype=bool)
        return cls(rows, levels == "commune", levels == "district", levels == "province", keys[0], keys[1], attributed)

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, code: str) -> np.ndarray:
        """The column `code` as floats (NaN = blank; all NaN when the rows have no such column)."""
        import numpy as np

        key = ("values", code)
        if key not in self.cache:
            self.cache[key] = self.rows[code].to_numpy(dtype=float) if code in self.rows.columns else np.full(len(self), np.nan)
        return self.cache[key]

    def blank(self, codes: tuple[str, ...]) -> np.ndarray:
        """Per row: True when one of `codes` is blank (every row when no code is given)."""
        import numpy as np

        key = ("blank", codes)
        if key not in self.cache:
            out = np.ones(len(self), dtype=bool) if not codes else np.zeros(len(self), dtype=bool)
            for code in codes:
                out |= np.isnan(self.values(code))
            self.cache[key] = out
        return self.cache[key]

    def flags(self, name: str) -> np.ndarray | None:
        """The column `name` as booleans (blank as False; None when the rows have none), made once."""
        key = ("flags", name)
        if key not in self.cache:
            self.cache[key] = self.rows[name].fillna(False).astype(bool).to_numpy() if name in self.rows.columns else None
        return self.cache[key]

    def column(self, name: str) -> np.ndarray | None:
        """The column `name` as an array (None when the rows have none), made once."""
        key = ("column", name)
        if key not in self.cache:
            self.cache[key] = self.rows[name].to_numpy() if name in self.rows.columns else None
        return self.cache[key]


@dataclass
class TargetRows:
    """How one target's rows were chosen: rows used (with num/den/value) and rows left out (with reason)."""

    target: Target
    unit_level: str
    arrays: RowArrays  # every row in scope
    index: np.ndarray  # positions of the rows used
    num: np.ndarray  # per row used: the numerator's sum (NaN when the target has none)
    den: np.ndarray  # per row used: the denominator's sum (NaN when the target has none)
    value: np.ndarray | None  # per row used: a unit-share target's value
    blank: Any  # numpy bool per row: a count the target needs is blank
    superseded: Any  # numpy bool per row: a coarser row whose unit's finer rows report the target

    @property
    def rows(self) -> pd.DataFrame:
        """Every row in scope, with a blank column for each needed code the files lack."""
        rows = self.arrays.rows
        absent = [c for c in self.target.elements if c not in rows.columns]
        return rows.assign(**{c: float("nan") for c in absent}) if absent else rows

    @cached_property
    def used(self) -> pd.DataFrame:
        """The rows used, with `_num`, `_den` (and `_value` for a unit share)."""
        used = self.rows.take(self.index)  # a new frame (not a view of `rows`): columns can be added
        used["_num"], used["_den"] = self.num, self.den
        if self.value is not None:
            used["_value"] = self.value
        return used

    @property
    def left_out(self) -> pd.DataFrame:
        """The rows not used, with `_reason` (blank-count, detail-rows-used) and `_missing` (blank codes)."""
        import pandas as pd

        rows = self.rows
        blank_rows = rows[self.blank]
        return pd.concat(
            [
                blank_rows.assign(_reason="blank-count", _missing=_missing_text(blank_rows, list(self.target.elements))),
                rows[self.superseded].assign(_reason="detail-rows-used", _missing=""),
            ]
        )


def target_rows(target: Target, rows: pd.DataFrame | RowArrays) -> TargetRows:
    """Split rows (one year, in scope) into those used by `target` and those left out, with reasons."""
    import numpy as np

    arrays = rows if isinstance(rows, RowArrays) else RowArrays.of(rows)
    blank = arrays.blank(target.elements)
    usable = ~blank
    # A coarser row is superseded when finer rows of the same unit report this target.
    com, dis, pro = usable & arrays.commune, usable & arrays.district, usable & arrays.province
    superseded = np.zeros(len(arrays), dtype=bool)
    if dis.any() or pro.any():
        superseded = (dis & _shares_key(arrays.district_key, com)) | (pro & _shares_key(arrays.province_key, com | dis))
        superseded &= ~arrays.attributed  # rows attributed from post-reform communes are parts, never totals
    index = np.flatnonzero(usable & ~superseded)
    nan = np.full(len(index), np.nan)
    num = _row_sums(arrays, index, target.numerator) if target.numerator else nan
    den = _row_sums(arrays, index, target.denominator) if target.denominator else nan
    value = _row_sums(arrays, index, target.unit_share.elements) if target.unit_share is not None else None
    return TargetRows(target, target_unit_level(target), arrays, index, num, den, value, blank, superseded)


def _shares_key(keys: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Per row: True when its key (not -1) is the key of a row marked in `among`."""
    import numpy as np

    seen = np.zeros(int(keys.max(initial=-1)) + 2, dtype=bool)  # the last slot stands for -1 and stays False
    seen[keys[among & (keys >= 0)]] = True
    return seen[keys]


def _row_sums(arrays: RowArrays, index: np.ndarray, codes: tuple[str, ...]) -> np.ndarray:
    """Per row at `index`: the sum of `codes`, left to right (blank as 0, as pandas sums)."""
    import numpy as np

    total: np.ndarray | None = None
    for code in codes:
        values = arrays.values(code)[index]
        values = np.where(np.isnan(values), 0.0, values)
        total = values if total is None else total + values
    return total if total is not None else np.zeros(len(index))


def _missing_text(rows: pd.DataFrame, codes: list[str]) -> list[str]:
    """For each row, the needed element codes that are blank (or absent), comma-separated."""
    if rows.empty:
        return []
    isna = rows[codes].isna().to_numpy()
    return [", ".join(c for c, blank in zip(codes, flags, strict=True) if blank) for flags in isna]
