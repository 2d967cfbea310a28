"""Sums per group: which units a target's rows cover and the numerator/denominator totals per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cltrack.compute import attainment
from cltrack.compute.scope import GROUP_COLUMN, in_values

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.compute.target_rows import TargetRows

def _covered(tr: TargetRows, area: pd.DataFrame) -> pd.Series:
    """Per area unit of the target's level: True when a used row covers it."""
    return covers(tr.used, area, tr.unit_level)


def covers(used: pd.DataFrame, area: pd.DataFrame, unit_level: str) -> pd.Series:
    """Per area unit at `unit_level`: True when a row covers it (its own row or a parent's row)."""
    if unit_level == "commune":
        districts = used[used["level"] == "district"]
        old_communes: set[str] = set()
        if "from_code" in used.columns:  # a new commune's figures cover only the old communes it came from
            attributed = districts["from_code"].notna()
            old_communes = _predecessor_communes(districts.loc[attributed, "from_code"])
            districts = districts[~attributed]
        return (
            in_values(area["commune_code"], used.loc[used["level"] == "commune", "commune_code"])
            | area["commune_code"].astype(object).isin(list(old_communes))
            | in_values(area["district_code"], districts["district_code"])
            | in_values(area["province_code"], used.loc[used["level"] == "province", "province_code"])
        )
    col = GROUP_COLUMN[unit_level]
    return in_values(area[col], used[col]) | in_values(area["province_code"], used.loc[used["level"] == "province", "province_code"])


def _approximate_groups(used: pd.DataFrame, group: np.ndarray, n: int) -> np.ndarray:
    """Per group (`group`: each used row's group number, -1 for none): True when it holds only part
    of a split post-reform commune's figures.

    A group that received every share of a new commune (e.g. the whole province) is exact again.
    """
    import numpy as np
    import pandas as pd

    out = np.zeros(n, dtype=bool)
    if "approximate" not in used.columns or not len(used):
        return out
    approx = used["approximate"].fillna(False).astype(bool).to_numpy() & (group >= 0)
    if not approx.any():
        return out
    if "from_code" not in used.columns or "share" not in used.columns:
        out[group[approx]] = True
        return out
    parts = pd.DataFrame({
        "group": group[approx], "from_code": used["from_code"].to_numpy(dtype=object)[approx],
        "share": used["share"].to_numpy()[approx],
    })
    shares = parts.groupby(["group", "from_code"], sort=False)["share"].sum()
    out[shares[shares < 1 - 1e-9].index.get_level_values("group").to_numpy(dtype=np.intp)] = True
    return out


def _predecessor_communes(new_codes: pd.Series) -> set[str]:
    """Old (pre-reform) commune codes that the given post-reform communes were formed from."""
    if new_codes.empty:
        return set()
    from cltrack.units import conversion

    return {p.code for code in new_codes.dropna().astype(str).unique() for p in conversion.predecessors(code)}


def unit_table(area: pd.DataFrame, unit_level: str) -> pd.DataFrame:
    """The area's units at `unit_level` (communes, or distinct districts / provinces) with parents."""
    if unit_level == "commune":
        return area
    cols = ["district_code", "district", "province_code", "province"] if unit_level == "district" else ["province_code", "province"]
    return area[cols].drop_duplicates(GROUP_COLUMN[unit_level]).reset_index(drop=True)


def _group_numbers(frame: pd.DataFrame, level: str, index: pd.Index | None = None) -> tuple[np.ndarray, pd.Index]:
    """Each row's group number at `level` (-1 for none) and the groups: those of `index`, else the
    frame's own groups in order of first appearance."""
    import numpy as np
    import pandas as pd

    keys = np.full(len(frame), "plan", dtype=object) if level == "plan" else frame[GROUP_COLUMN[level]].to_numpy(dtype=object)
    if index is None:
        codes, uniques = pd.factorize(keys)
        return codes, pd.Index(uniques, dtype=object, name="_group")
    return (index.get_indexer(keys) if len(index) else np.full(len(frame), -1, dtype=np.intp)), index  # type: ignore[arg-type]  # pandas takes any array-like; its stubs want an Index


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


def group_sums(tr: TargetRows, area: pd.DataFrame, level: str, memo: dict[Any, Any] | None = None) -> pd.DataFrame:
    """Per group at `level`: num, den (or units meeting / expected), reporting, expected, approximate.

    `memo` (one per evaluation of one area) keeps which units are covered by a set of rows, as
    targets that use the same rows share it.
    """
    import numpy as np
    import pandas as pd

    units = unit_table(area, tr.unit_level)
    key = (tr.unit_level, tr.used.index.to_numpy().tobytes())
    reporting = memo.get(key) if memo is not None else None
    if reporting is None:
        reporting = _covered(tr, units).to_numpy(dtype=bool)
        if memo is not None:
            memo[key] = reporting
    unit_group, index = _group_numbers(units, level)
    n, has = len(index), unit_group >= 0
    used = tr.used
    used_group, _ = _group_numbers(used, level, index)
    expected = np.bincount(unit_group[has], minlength=n)
    if tr.target.unit_share is not None:
        rule = tr.target.unit_share
        col = GROUP_COLUMN[rule.unit_level]
        per_unit = used.groupby(col)["_value"].sum()
        ok = per_unit[[attainment.holds(v, rule.comparator, rule.threshold) for v in per_unit.to_numpy()]].index
        meets = units[col].astype(object).isin(list(ok)).to_numpy() & reporting
        num = np.bincount(unit_group[has], weights=meets[has], minlength=n).astype(float)
        den = expected.astype(float)
    else:
        num = _group_total(used["_num"].to_numpy(dtype=float), used_group, n)
        den = _group_total(used["_den"].to_numpy(dtype=float), used_group, n)
    return pd.DataFrame(
        {
            "expected": expected, "reporting": np.bincount(unit_group[has], weights=reporting[has], minlength=n).astype(np.int64),
            "num": num, "den": den, "approximate": _approximate_groups(used, used_group, n),
            "rows": np.bincount(used_group[used_group >= 0], minlength=n),
        },
        index=index,
    )


def own_usable_rows(rows: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """The rows that make a commune count as reporting: its own row (or its share of a post-reform
    commune's row) holding at least one of the counts `codes` the plan needs. A district's row says
    nothing about which of its communes sent a form."""
    import numpy as np

    if rows.empty:
        return rows
    own = (rows["level"] == "commune").to_numpy()
    if "from_code" in rows.columns:
        own = own | rows["from_code"].notna().to_numpy()
    codes = [c for c in codes if c in rows.columns]
    if not codes:
        return rows.iloc[0:0]
    carries = ~np.isnan(np.column_stack([rows[c].to_numpy(dtype=float) for c in codes])).all(axis=1)
    return rows[own & carries]
