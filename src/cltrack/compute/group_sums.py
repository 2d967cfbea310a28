"""Sums per group: which units a target's rows cover and the numerator/denominator totals per group.

The area's units and the rows are placed once as numbers (`AreaIndex`: each code's position among
the area's distinct codes, each unit's and row's result group at a level); a target's coverage and
sums are then a few `bincount`s over the rows it uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from cltrack.compute import attainment
from cltrack.compute.scope import GROUP_COLUMN
from cltrack.compute.target_rows import RowArrays

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    import numpy as np
    import pandas as pd

    from cltrack.compute.target_rows import TargetRows

T = TypeVar("T")


@dataclass
class GroupSums:
    """Per result group (in the order of the groups given): the units expected and reporting, the
    summed numerator and denominator (NaN: nothing to sum), and whether a sum is approximate."""

    expected: np.ndarray
    reporting: np.ndarray
    num: np.ndarray
    den: np.ndarray
    approximate: np.ndarray


class AreaIndex:
    """The area's units as positions, and where rows fall among them; one per area, its answers cached
    for every target, year and level that share it."""

    def __init__(self, area: pd.DataFrame) -> None:
        self.area = area
        self.cache: dict[Any, Any] = {}

    def _cached(self, key: Any, make: Callable[[], T]) -> T:
        """`make()`, once per key."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def units(self, unit_level: str) -> pd.DataFrame:
        """The area's units at `unit_level` (communes, or distinct districts / provinces) with parents."""
        return self._cached(("units", unit_level), lambda: unit_table(self.area, unit_level))

    def codes(self, column: str) -> pd.Index:
        """The distinct codes of the area's `column` (commune_code, district_code, province_code)."""
        import pandas as pd

        return self._cached(("codes", column), lambda: pd.Index(self.area[column].dropna().unique(), dtype=object))

    def unit_keys(self, unit_level: str, column: str) -> np.ndarray:
        """Per unit at `unit_level`: the position of its `column` code among the area's (-1: none)."""
        return self._cached(("unit_keys", unit_level, column),
                            lambda: positions(self.codes(column), self.units(unit_level)[column]))

    def row_keys(self, arrays: RowArrays, column: str) -> np.ndarray:
        """Per row: the position of its `column` code among the area's (-1: none or outside the area)."""
        def make() -> tuple[RowArrays, np.ndarray]:
            import numpy as np

            if column not in arrays.rows.columns:
                return arrays, np.full(len(arrays), -1, dtype=np.intp)
            return arrays, positions(self.codes(column), arrays.rows[column])
        return self._cached(("row_keys", id(arrays), column), make)[1]  # arrays kept: its id stays its own

    def unit_groups(self, unit_level: str, level: str, groups: pd.Index) -> np.ndarray:
        """Per unit at `unit_level`: its result group at `level` (a position in `groups`, -1 for none)."""
        return self._cached(("unit_groups", unit_level, level), lambda: _group_numbers(self.units(unit_level), level, groups))

    def row_groups(self, arrays: RowArrays, level: str, groups: pd.Index) -> np.ndarray:
        """Per row: its result group at `level` (a position in `groups`, -1 for none)."""
        return self._cached(("row_groups", id(arrays), level), lambda: (arrays, _group_numbers(arrays.rows, level, groups)))[1]

    def covered(self, arrays: RowArrays, mask: np.ndarray, unit_level: str) -> np.ndarray:
        """Per unit at `unit_level`: True when a row of `mask` covers it (its own row or a parent's row)."""
        province = self._hit(arrays, "province_code", mask & arrays.province, unit_level)
        if unit_level != "commune":
            return self._hit(arrays, GROUP_COLUMN[unit_level], mask, unit_level) | province
        attributed = mask & arrays.district & arrays.attributed  # a new commune's figures cover only the old communes it came from
        out = (self._hit(arrays, "commune_code", mask & arrays.commune, unit_level) | province
               | self._hit(arrays, "district_code", mask & arrays.district & ~arrays.attributed, unit_level))
        if attributed.any():
            from_code = arrays.column("from_code")
            assert from_code is not None  # rows are attributed only when they name where they came from
            old = _predecessor_communes(from_code[attributed])
            out |= self.units(unit_level)["commune_code"].astype(object).isin(list(old)).to_numpy()
        return out

    def _hit(self, arrays: RowArrays, column: str, mask: np.ndarray, unit_level: str) -> np.ndarray:
        """Per unit at `unit_level`: True when a row of `mask` has the unit's `column` code."""
        import numpy as np

        seen = np.zeros(len(self.codes(column)) + 1, dtype=bool)  # the last slot stands for -1 and stays False
        keys = self.row_keys(arrays, column)[mask]
        seen[keys[keys >= 0]] = True
        return seen[self.unit_keys(unit_level, column)]


def covers(used: pd.DataFrame, area: pd.DataFrame, unit_level: str) -> pd.Series:
    """Per area unit at `unit_level`: True when a row covers it (its own row or a parent's row)."""
    import numpy as np
    import pandas as pd

    arrays = RowArrays.of(used)
    return pd.Series(AreaIndex(area).covered(arrays, np.ones(len(arrays), dtype=bool), unit_level), index=area.index)


def _approximate_groups(arrays: RowArrays, index: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Per group (`group`: the group number of each row at `index`, -1 for none): True when it holds
    only part of a split post-reform commune's figures.

    A group that received every share of a new commune (e.g. the whole province) is exact again.
    """
    import numpy as np
    import pandas as pd

    out = np.zeros(n, dtype=bool)
    flags = arrays.flags("approximate")
    if flags is None or not flags.any() or not len(index):
        return out
    approx = flags[index] & (group >= 0)
    if not approx.any():
        return out
    from_code, share = arrays.column("from_code"), arrays.column("share")
    if from_code is None or share is None:
        out[group[approx]] = True
        return out
    parts = pd.DataFrame({"group": group[approx], "from_code": from_code[index][approx].astype(object), "share": share[index][approx]})
    shares = parts.groupby(["group", "from_code"], sort=False)["share"].sum()
    out[shares[shares < 1 - 1e-9].index.get_level_values("group").to_numpy(dtype=np.intp)] = True
    return out


def _predecessor_communes(new_codes: Any) -> set[str]:
    """Old (pre-reform) commune codes that the given post-reform communes were formed from."""
    import pandas as pd

    codes = pd.Series(new_codes, dtype=object).dropna()
    if codes.empty:
        return set()
    from cltrack.units import conversion

    return {p.code for code in codes.astype(str).unique() for p in conversion.predecessors(code)}


def unit_table(area: pd.DataFrame, unit_level: str) -> pd.DataFrame:
    """The area's units at `unit_level` (communes, or distinct districts / provinces) with parents."""
    if unit_level == "commune":
        return area
    cols = ["district_code", "district", "province_code", "province"] if unit_level == "district" else ["province_code", "province"]
    return area[cols].drop_duplicates(GROUP_COLUMN[unit_level]).reset_index(drop=True)


def _group_numbers(frame: pd.DataFrame, level: str, groups: pd.Index) -> np.ndarray:
    """Each row's group number at `level`: its position in `groups` (-1 for none); every row is the one group "plan"."""
    import numpy as np

    if level == "plan":
        return np.zeros(len(frame), dtype=np.intp) if len(groups) else np.full(len(frame), -1, dtype=np.intp)
    if not len(groups):
        return np.full(len(frame), -1, dtype=np.intp)
    return positions(groups, frame[GROUP_COLUMN[level]])


def positions(index: pd.Index, values: pd.Series) -> np.ndarray:
    """Each value's position in `index` (-1: not there)."""
    return index.get_indexer(values.to_numpy(dtype=object))  # type: ignore[arg-type]  # pandas takes any array-like; its stubs want an Index


def _group_total(values: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """Per group: the sum of `values` (NaN skipped, pandas' compensated sum), NaN when none is a number."""
    import numpy as np
    import pandas as pd

    out = np.full(n, np.nan)
    keep = group >= 0
    if not keep.any():
        return out
    values, group = values[keep], group[keep]
    number = ~np.isnan(values)
    whole = values[number]
    if np.array_equal(whole, np.round(whole)) and np.abs(whole).sum() < 2**53:  # whole counts: every order is exact
        counts = np.bincount(group[number], minlength=n)
        out[counts > 0] = np.bincount(group[number], weights=whole, minlength=n)[counts > 0]
        return out
    sums = pd.Series(values).groupby(group).sum(min_count=1)
    out[sums.index.to_numpy(dtype=np.intp)] = sums.to_numpy()
    return out


def group_sums(tr: TargetRows, area: AreaIndex, level: str, groups: pd.Index) -> GroupSums:
    """Per group of `groups` at `level`: num, den (or units meeting / expected), reporting, expected, approximate."""
    import numpy as np

    arrays, index = tr.arrays, tr.index
    key = ("reporting", id(arrays), tr.unit_level, tr.target.elements)  # targets reading the same counts use the same rows
    reporting = area._cached(key, lambda: (arrays, _reporting(tr, area)))[1]
    unit_group = area.unit_groups(tr.unit_level, level, groups)
    used_group = area.row_groups(arrays, level, groups)[index]
    n, has = len(groups), unit_group >= 0
    expected = np.bincount(unit_group[has], minlength=n)
    if tr.target.unit_share is not None and tr.value is not None:
        rule = tr.target.unit_share
        column = GROUP_COLUMN[rule.unit_level]
        per_unit = _group_total(tr.value, area.row_keys(arrays, column)[index], len(area.codes(column)))
        ok = np.zeros(len(per_unit) + 1, dtype=bool)  # the last slot stands for -1 and stays False
        present = np.flatnonzero(~np.isnan(per_unit))
        ok[present] = [attainment.holds(v, rule.comparator, rule.threshold) for v in per_unit[present].tolist()]
        meets = ok[area.unit_keys(tr.unit_level, column)] & reporting
        num = np.bincount(unit_group[has], weights=meets[has], minlength=n).astype(float)
        den = expected.astype(float)
    else:
        num = _group_total(tr.num, used_group, n)
        den = _group_total(tr.den, used_group, n)
    return GroupSums(
        expected=expected, reporting=np.bincount(unit_group[has], weights=reporting[has], minlength=n).astype(np.int64),
        num=num, den=den, approximate=_approximate_groups(arrays, index, used_group, n),
    )


def _reporting(tr: TargetRows, area: AreaIndex) -> np.ndarray:
    """Per unit at the target's unit level: True when one of the target's rows covers it."""
    import numpy as np

    used = np.zeros(len(tr.arrays), dtype=bool)
    used[tr.index] = True
    return area.covered(tr.arrays, used, tr.unit_level)


def own_usable_rows(arrays: RowArrays, codes: list[str]) -> np.ndarray:
    """Per row: True for the rows that make a commune count as reporting: its own row (or its share of
    a post-reform commune's row) holding at least one of the counts `codes` the plan needs. A
    district's row says nothing about which of its communes sent a form."""
    import numpy as np

    codes = [c for c in codes if c in arrays.rows.columns]
    if not codes or not len(arrays):
        return np.zeros(len(arrays), dtype=bool)
    carries = ~np.logical_and.reduce([np.isnan(arrays.values(c)) for c in codes])
    return (arrays.commune | arrays.attributed) & carries
