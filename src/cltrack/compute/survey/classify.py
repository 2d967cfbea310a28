"""Classify surveyed children by a rule set: 0/1 per row for a measure, and age groups (vectorised)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cltrack.compute.survey.rules import OPS, Condition, RuleSet
from cltrack.errors import CltrackError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

MEASURES: tuple[str, ...] = ("child_labour", "hazardous_work", "working")


def _column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A rule column as float64: NaN where blank (item non-response), 0 when the column is absent."""
    import numpy as np

    if column not in frame.columns:
        return np.zeros(len(frame), dtype="float64")
    col = frame[column]
    if column == "age":  # the reader writes a blank age as -1 (ages are whole numbers)
        values = col.to_numpy(dtype="float64", na_value=np.nan, copy=True)  # our own copy, marked in place
        values[values < 0] = np.nan
        return values
    return col.to_numpy(dtype="float64", na_value=np.nan)


@dataclass(frozen=True)
class Truth:
    """Three-valued truth per row (Kleene): `yes` where it holds, `unknown` where a needed value is blank."""

    yes: np.ndarray
    unknown: np.ndarray

    def __or__(self, other: Truth) -> Truth:
        """True when either is true; unknown when neither is true and one is unknown."""
        yes = self.yes | other.yes
        return Truth(yes, (self.unknown | other.unknown) & ~yes)

    def __and__(self, other: Truth) -> Truth:
        """True when both are true; unknown when neither is false and one is unknown."""
        yes = self.yes & other.yes
        return Truth(yes, (self.yes | self.unknown) & (other.yes | other.unknown) & ~yes)

    def __invert__(self) -> Truth:
        """True where false, unknown stays unknown."""
        return Truth(~self.yes & ~self.unknown, self.unknown)


def _test(values: np.ndarray, cond: Condition) -> Truth:
    """Where a condition holds, given the values of its column (unknown where the value is blank)."""
    import numpy as np

    unknown = np.isnan(values)
    with np.errstate(invalid="ignore"):
        return Truth(OPS[cond.op](values, float(cond.value)) & ~unknown, unknown)


def classification(frame: pd.DataFrame, rules: RuleSet) -> Truth:
    """Whether the rule set counts each child, unknown where a value a rule needs is blank (vectorised)."""
    import numpy as np

    n = len(frame)
    age = _column(frame, "age")
    conditions = [c for band in rules.bands for c in (*band.any, *band.unless)]
    columns = {c.column: _column(frame, c.column) for c in conditions}  # each column converted once
    no = np.zeros(n, dtype=bool)
    counted = Truth(no, np.isnan(age))  # a blank age: no band can be chosen
    for band in rules.bands:
        hit = Truth(no, no)
        for cond in band.any:
            hit = hit | _test(columns[cond.column], cond)
        for cond in band.unless:
            hit = hit & ~_test(columns[cond.column], cond)
        in_band = (age >= band.lo) & (age <= band.hi)
        counted = counted | Truth(hit.yes & in_band, hit.unknown & in_band)
    return counted


def classify(frame: pd.DataFrame, rules: RuleSet) -> pd.Series:
    """True / False for each child the rule set counts, <NA> where a value a rule needs is blank."""
    import pandas as pd

    truth = classification(frame, rules)
    return pd.Series(pd.arrays.BooleanArray(truth.yes, truth.unknown), index=frame.index, name="child_labour")


def measure_values(frame: pd.DataFrame, rules: RuleSet, measure: str = "child_labour") -> np.ndarray:
    """1.0 / 0.0 per row for a measure (NaN where it cannot be told): child_labour (the rules),
    hazardous_work, or working (any economic activity)."""
    import numpy as np

    if measure == "child_labour":
        truth = classification(frame, rules)
    elif measure == "hazardous_work":
        truth = _test(_column(frame, "hazardous_work"), Condition("hazardous_work", "==", True))
    elif measure == "working":
        truth = _test(_column(frame, "hours_work"), Condition("hours_work", ">=", rules.working_min_hours))
    else:
        raise CltrackError("unknown survey measure '{measure}' (known: {measures})", measure=measure, measures=', '.join(MEASURES))
    values = truth.yes.astype("float64")
    values[truth.unknown] = np.nan
    return values


def age_groups(age: np.ndarray, rules: RuleSet) -> pd.Categorical:
    """The rule set's age group label of each age (NaN outside every group)."""
    import numpy as np
    import pandas as pd

    labels = rules.age_group_labels()
    codes = np.full(len(age), -1, dtype="int64")
    for i, (lo, hi) in enumerate(rules.age_groups):
        codes[(age >= lo) & (age <= hi)] = i
    return pd.Categorical.from_codes(codes, categories=labels)  # type: ignore[call-overload]  # stubs reject an int ndarray of codes, pandas documents it

