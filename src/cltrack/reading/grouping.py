"""Group numbers per row over several columns, vectorised (used by the survey reader and estimator)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def group_ids(columns: Sequence[Any]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Group number per row over several columns (sorted by their values, blanks last) and each group's values.

    The columns are folded in one at a time: the groups so far times the next column's codes, numbered
    again in sorted order. The numbers are those of one key over all the columns (the order is the
    same), but the key never spans the product of every column's values, so it stays small enough to
    count rather than hash (a province, district, commune and year: hundreds of groups, not billions)."""
    import numpy as np

    n = len(columns[0]) if len(columns) else 0
    ids = np.zeros(n, dtype="int64")
    count = 1  # groups so far
    picks: list[np.ndarray] = []  # per column folded in: the code of each group so far
    uniques_of: list[np.ndarray] = []
    for col in columns:
        codes, uniques = _sorted_codes(col)
        size = len(uniques) + 1
        ids *= size  # in place: ids is always this function's own array
        ids += codes
        ids, found = _dense_ids(ids, count * size)
        before, code = found // size, found % size
        picks = [p[before] for p in picks] + [code]
        uniques_of.append(uniques)
        count = len(found)
    values = [np.array([u[c] if c < len(u) else None for c in code], dtype=object) for u, code in zip(uniques_of, picks, strict=True)]
    return ids, values


def _sorted_codes(col: Any) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column in sorted order of its values (a categorical's category order, its unused
    categories kept; small whole numbers with the gaps in their range), blanks coded after the last value,
    and the values (group_ids drops values no row has). Codes keep a categorical's small integer type."""
    import numpy as np
    import pandas as pd

    if isinstance(getattr(col, "dtype", None), pd.CategoricalDtype):
        cat = cast("pd.Categorical", col.array if isinstance(col, pd.Series) else col)
        uniques = cat.categories.to_numpy(dtype=object)
        codes = cat.codes.astype(cat.codes.dtype if len(uniques) < np.iinfo(cat.codes.dtype).max else "int64")  # a copy
    elif isinstance(col, np.ndarray) and col.dtype.kind in "iu" and len(col) and int(col.max()) - int(col.min()) < 1 << 16:
        lo = int(col.min())  # small whole numbers (years): their offsets are sorted codes, without hashing
        codes = np.subtract(col, lo, dtype="int32")
        uniques = np.arange(lo, int(col.max()) + 1).astype(object)
    else:
        codes, found = pd.factorize(col, sort=True, use_na_sentinel=True)
        codes, uniques = codes.astype("int64"), np.asarray(found, dtype=object)
    codes[codes < 0] = len(uniques)
    return codes, uniques


def _dense_ids(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Numbers 0..k-1 for the distinct keys in sorted order, and those keys (counting when the key range is small)."""
    import numpy as np
    import pandas as pd

    if size <= 2 * len(key) + (1 << 20):
        present = np.bincount(key, minlength=size) > 0
        found = np.flatnonzero(present)
        number = np.cumsum(present) - 1
        return number[key], found.astype("int64")
    ids, found = pd.factorize(key, sort=True)
    return ids.astype("int64"), np.asarray(found, dtype="int64")

