"""Which rows a target uses: rows with every needed count, finer rows before coarser ones, with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cltrack.compute.scope import in_values, target_unit_level
from cltrack.models import Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

@dataclass
class TargetRows:
    """How one target's rows were chosen: rows used (with num/den/value) and rows left out (with reason)."""

    target: Target
    used: pd.DataFrame
    unit_level: str
    rows: pd.DataFrame  # every row in scope
    blank: Any  # numpy bool per row: a count the target needs is blank
    superseded: Any  # numpy bool per row: a coarser row whose unit's finer rows report the target

    @property
    def left_out(self) -> pd.DataFrame:
        """The rows not used, with `_reason` (blank-count, detail-rows-used) and `_missing` (blank codes)."""
        import pandas as pd

        blank_rows = self.rows[self.blank]
        return pd.concat(
            [
                blank_rows.assign(_reason="blank-count", _missing=_missing_text(blank_rows, list(self.target.elements))),
                self.rows[self.superseded].assign(_reason="detail-rows-used", _missing=""),
            ]
        )


def target_rows(target: Target, rows: pd.DataFrame) -> TargetRows:
    """Split rows (one year, in scope) into those used by `target` and those left out, with reasons."""
    import numpy as np

    codes = list(target.elements)
    level = target_unit_level(target)
    absent = [c for c in codes if c not in rows.columns]
    if absent:
        rows = rows.assign(**{c: float("nan") for c in absent})
    if codes:
        blank = np.isnan(np.column_stack([rows[c].to_numpy(dtype=float) for c in codes])).any(axis=1)
    else:
        blank = np.ones(len(rows), dtype=bool)
    usable = ~blank
    # A coarser row is superseded when finer rows of the same unit report this target.
    levels = rows["level"].to_numpy(dtype=object)
    com = usable & (levels == "commune")
    dis = usable & (levels == "district")
    pro = usable & (levels == "province")
    superseded = np.zeros(len(rows), dtype=bool)
    if dis.any() or pro.any():
        district, province = rows["district_code"], rows["province_code"]
        superseded = (dis & in_values(district, district[com]).to_numpy()) | (pro & in_values(province, province[com | dis]).to_numpy())
        if "from_code" in rows.columns:  # rows attributed from post-reform communes are parts, never totals
            superseded &= rows["from_code"].isna().to_numpy()
    used = rows.take(np.flatnonzero(usable & ~superseded))  # a new frame (not a view of `rows`): columns can be added
    used["_num"] = _row_sums(used, target.numerator) if target.numerator else float("nan")
    used["_den"] = _row_sums(used, target.denominator) if target.denominator else float("nan")
    if target.unit_share is not None:
        used["_value"] = _row_sums(used, target.unit_share.elements)
    return TargetRows(target, used, level, rows, blank, superseded)


def _row_sums(frame: pd.DataFrame, codes: tuple[str, ...]) -> Any:
    """Per row: the sum of `codes` (blank as 0, as pandas sums); one column is read directly."""
    import numpy as np

    if len(codes) == 1:
        values = frame[codes[0]].to_numpy(dtype=float)
        return np.where(np.isnan(values), 0.0, values)
    return frame[list(codes)].sum(axis=1).to_numpy()


def _missing_text(rows: pd.DataFrame, codes: list[str]) -> list[str]:
    """For each row, the needed element codes that are blank (or absent), comma-separated."""
    if rows.empty:
        return []
    isna = rows[codes].isna().to_numpy()
    return [", ".join(c for c, blank in zip(codes, flags, strict=True) if blank) for flags in isna]
