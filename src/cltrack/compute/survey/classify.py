"""Classify surveyed children by a rule set: 0/1 per row for a measure, and age groups (vectorised)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cltrack.compute.survey.rules import OPS, Condition, RuleSet
from cltrack.errors import CltrackError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

MEASURES: tuple[str, ...] = ("child_labour", "hazardous_work", "working")


def _column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A rule column as numbers (0 / False when the column is absent or blank)."""
    import numpy as np

    if column not in frame.columns:
        return np.zeros(len(frame), dtype="float64")
    col = frame[column]
    if col.dtype == bool:
        return col.to_numpy()
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "iuf":  # numpy numbers: one copy, not two
        values = col.to_numpy(dtype="float64", copy=True)
        values[np.isnan(values)] = 0.0
        return values
    return col.astype("float64").fillna(0).to_numpy()


def _test(values: np.ndarray, cond: Condition) -> np.ndarray:
    """The rows where a condition holds, given the values of its column."""
    return OPS[cond.op](values, float(cond.value)) if not isinstance(cond.value, bool) else OPS[cond.op](values.astype(bool), cond.value)


def classify(frame: pd.DataFrame, rules: RuleSet) -> pd.Series:
    """True for each child the rule set counts as a child labourer (vectorised over the frame)."""
    import numpy as np
    import pandas as pd

    age = frame["age"].to_numpy()
    conditions = [c for band in rules.bands for c in (*band.any, *band.unless)]
    columns = {c.column: _column(frame, c.column) for c in conditions}  # each column converted once
    counted = np.zeros(len(frame), dtype=bool)
    for band in rules.bands:
        hit = np.zeros(len(frame), dtype=bool)
        for cond in band.any:
            hit |= _test(columns[cond.column], cond)
        for cond in band.unless:
            hit &= ~_test(columns[cond.column], cond)
        counted |= (age >= band.lo) & (age <= band.hi) & hit
    return pd.Series(counted, index=frame.index, name="child_labour")


def measure_values(frame: pd.DataFrame, rules: RuleSet, measure: str = "child_labour") -> np.ndarray:
    """0/1 per row for a measure: child_labour (the rules), hazardous_work, or working (any economic activity)."""
    if measure == "child_labour":
        return classify(frame, rules).to_numpy().astype("float64")
    if measure == "hazardous_work":
        return _column(frame, "hazardous_work").astype(bool).astype("float64")
    if measure == "working":
        return (_column(frame, "hours_work") >= rules.working_min_hours).astype("float64")
    raise CltrackError(f"unknown survey measure '{measure}' (known: {', '.join(MEASURES)})")


def age_groups(age: np.ndarray, rules: RuleSet) -> pd.Categorical:
    """The rule set's age group label of each age (NaN outside every group)."""
    import numpy as np
    import pandas as pd

    labels = rules.age_group_labels()
    codes = np.full(len(age), -1, dtype="int64")
    for i, (lo, hi) in enumerate(rules.age_groups):
        codes[(age >= lo) & (age <= hi)] = i
    return pd.Categorical.from_codes(codes, categories=labels)

