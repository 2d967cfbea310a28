"""Weighted rates with design-based SEs, overall or per group, from classified survey rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cltrack.compute.survey.classify import age_groups, measure_values
from cltrack.compute.survey.design import Design, design, linearised_ratio
from cltrack.compute.survey.intervals import intervals
from cltrack.compute.survey.rules import RuleSet
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.reading.grouping import group_ids

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.reading.survey import SurveyData

UNIT_BY: tuple[str, ...] = ("province", "district", "commune")
BY_CHOICES: tuple[str, ...] = ("province", "district", "commune", "age_group", "sex", "in_school", "year")
RESULT_COLUMNS: tuple[str, ...] = ("numerator", "denominator", "rate", "se", "ci_low", "ci_high", "n_unweighted", "reliable", "rse", "n_counted")


def _frame_of(data: SurveyData | pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The rows and whether a weight column was read."""
    frame = getattr(data, "frame", None)
    if frame is None:  # a plain DataFrame
        return data, "weight" in data.columns  # type: ignore[union-attr]
    return frame, "weight" in (data.columns or frame.columns)  # type: ignore[union-attr]


def _group_columns(frame: pd.DataFrame, by: Sequence[str], rules: RuleSet) -> tuple[pd.DataFrame, list[str]]:
    """The grouping columns (age_group computed; unit codes grouped with their names)."""
    import pandas as pd

    cols: dict[str, Any] = {}
    for b in by:
        if b not in BY_CHOICES:
            raise CltrackError(f"cannot group by '{b}' (choose from {', '.join(BY_CHOICES)})")
        if b == "age_group":
            cols[b] = age_groups(frame["age"].to_numpy(), rules)
            continue
        if b not in frame.columns or (b != "year" and frame[b].isna().all()):
            raise CltrackError(f"the survey data has no '{b}' column to group by")
        if b in UNIT_BY and f"{b}_code" in frame.columns and frame[f"{b}_code"].notna().any():
            cols[f"{b}_code"] = frame[f"{b}_code"]
        cols[b] = frame[b]
    return pd.DataFrame(cols, index=frame.index), list(cols)


@dataclass
class _Sample:
    """What every estimate of one call shares: the rows in scope, the design, 0/1 per row and the weights."""

    frame: pd.DataFrame
    des: Design
    y: np.ndarray
    w: np.ndarray


def _sample(data: SurveyData | pd.DataFrame, rules: RuleSet, measure: str, year: int | None) -> _Sample:
    """The rows in the rule set's ages (and `year`), their design, measure values and weights."""
    import numpy as np

    frame, has_weight = _frame_of(data)
    lo, hi = rules.age_range
    scope = (frame["age"] >= lo) & (frame["age"] <= hi)
    if year is not None and "year" in frame.columns:
        scope &= frame["year"].isna() | (frame["year"] == year)
    scope = scope.fillna(False).to_numpy(dtype=bool)
    frame = frame.loc[scope] if not scope.all() else frame
    n = len(frame)
    des = design(frame, has_weight=has_weight)
    y = measure_values(frame, rules, measure)
    w = frame["weight"].to_numpy(dtype="float64") if "weight" in frame.columns else np.ones(n)
    return _Sample(frame, des, y, w)


def estimate(data: SurveyData | pd.DataFrame, rules: RuleSet, by: Sequence[str] | None = (), *,
             measure: str = "child_labour", year: int | None = None) -> pd.DataFrame:
    """Weighted rate (percent) with SE, 95% CI, n and reliability, overall or per `by` group.

    Columns: *by (a unit's `<level>_code` before its name), numerator, denominator (weighted sums),
    rate, se, ci_low, ci_high (percent), n_unweighted, reliable, rse, n_counted. The design findings
    (SRS assumed, single-PSU strata, missing weights) are in `result.attrs["findings"]` and the
    design summary (strata, psus, df, method) in `result.attrs["design"]`.
    """
    return _estimate(_sample(data, rules, measure, year), rules, list(by or ()))


def _estimate(sample: _Sample, rules: RuleSet, by: list[str]) -> pd.DataFrame:
    """`estimate` on a prepared sample."""
    import numpy as np
    import pandas as pd

    frame, des = sample.frame, sample.des
    n = len(frame)
    findings = list(des.findings)
    y = sample.y
    x = np.ones(n, dtype="float64")
    if by:
        keys, key_cols = _group_columns(frame, by, rules)
        dom, values = group_ids([keys[c] for c in key_cols])
        n_dom = len(values[0])
        groups = pd.DataFrame(dict(zip(key_cols, values, strict=True)))
        Y, X, var = linearised_ratio(y, x, sample.w, des, dom, n_dom, rules.single_psu)
    else:
        dom, n_dom, groups = np.zeros(n, dtype="int64"), 1, pd.DataFrame(index=range(1))
        Y, X, var = linearised_ratio(y, x, sample.w, des, None, 1, rules.single_psu)
    n_unw = np.bincount(dom, minlength=n_dom) if n else np.zeros(n_dom, dtype="int64")
    n_cnt = np.bincount(dom, weights=y, minlength=n_dom).round().astype("int64") if n else np.zeros(n_dom, dtype="int64")
    out = intervals(Y, X, var, n_unw, des.df if rules.ci == "t" else None, rules)
    out["n_counted"] = n_cnt
    result = pd.concat([groups.reset_index(drop=True), out], axis=1)
    lonely = [des.stratum_labels[h] for h in np.flatnonzero(des.n_h == 1)]
    findings.extend(make("single-psu-stratum", stratum=s, method=rules.single_psu) for s in lonely)
    findings.append(make("survey-design", strata=des.n_strata, psus=des.n_psu, df=des.df))
    for row in result.loc[~result["reliable"] & (result["n_unweighted"] > 0)].itertuples(index=False):  # one per flagged group
        group = ", ".join(str(getattr(row, c)) for c in by if c in result.columns) or "total"
        rse = "" if pd.isna(row.rse) else f"{row.rse:.0%}"
        findings.append(make("unreliable-estimate", group=group, n=int(row.n_unweighted), rse=rse))
    result.attrs["findings"] = findings
    result.attrs["design"] = {"strata": des.n_strata, "psus": des.n_psu, "df": des.df, "single_psu": rules.single_psu,
                              "lonely_strata": lonely, "ci": rules.ci, "confidence": rules.confidence}
    return result

