"""Group numbers per row over several columns, vectorised (used by the survey reader and estimator)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def group_ids(columns: Sequence[Any]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Group number per row over several columns (sorted by their values, blanks last) and each group's values."""
    import numpy as np

    n = len(columns[0]) if len(columns) else 0
    parts = [_sorted_codes(col) for col in columns]
    sizes = [len(uniques) + 1 for _, uniques in parts]
    if math.prod(sizes) >= 1 << 62:  # too many combinations for one int64 key: only the values used
        parts = [_sorted_codes(col, used_only=True) for col in columns]
        sizes = [len(uniques) + 1 for _, uniques in parts]
    key = np.zeros(n, dtype="int64")
    for (codes, _), size in zip(parts, sizes, strict=True):
        key *= size
        key += codes
    ids, found = _dense_ids(key, math.prod(sizes))
    values: list[np.ndarray] = []
    rest = found
    for (_, uniques), size in zip(reversed(parts), reversed(sizes), strict=True):
        code = rest % size
        rest = rest // size
        values.insert(0, np.array([uniques[c] if c < len(uniques) else None for c in code], dtype=object))
    return ids, values


def _sorted_codes(col: Any, used_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """int64 codes of a column in sorted order of its values (a categorical's category order), blanks
    coded after the last value, and the values; unless `used_only`, a categorical keeps its unused categories
    and small whole numbers the gaps in their range (group_ids drops values no row has)."""
    import numpy as np
    import pandas as pd

    if isinstance(getattr(col, "dtype", None), pd.CategoricalDtype) and not used_only:
        cat = cast("pd.Categorical", col.array if isinstance(col, pd.Series) else col)
        codes = cat.codes.astype("int64")
        uniques = cat.categories.to_numpy(dtype=object)
    elif not used_only and isinstance(col, np.ndarray) and col.dtype.kind in "iu" and len(col) and int(col.max()) - int(col.min()) < 1 << 16:
        lo = int(col.min())  # small whole numbers (years): their offsets are sorted codes, without hashing
        codes = col.astype("int64") - lo
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

