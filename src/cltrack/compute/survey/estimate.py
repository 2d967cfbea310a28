"""Weighted rates with design-based SEs, overall or per group, from classified survey rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from cltrack.compute.survey.classify import age_groups, measure_values
from cltrack.compute.survey.design import Design, design, linearised_ratio, psu_domains
from cltrack.compute.survey.intervals import intervals
from cltrack.compute.survey.rules import RuleSet
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.i18n import Lang, label, number
from cltrack.models import Text
from cltrack.reading.grouping import group_ids

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.reading.survey import SurveyData

UNIT_BY: tuple[str, ...] = ("province", "district", "commune")
BY_CHOICES: tuple[str, ...] = ("province", "district", "commune", "age_group", "sex", "in_school", "year")
RESULT_COLUMNS: tuple[str, ...] = (
    "numerator", "denominator", "rate", "se", "ci_low", "ci_high", "ci_method", "n_unweighted", "n_excluded",
    "excluded_weight_pct", "n_effective", "reliable", "unreliable_reason", "se_reason", "rse", "n_counted",
)


def _frame_of(data: SurveyData | pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The rows and whether a weight column was read."""
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data, "weight" in data.columns
    return data.frame, "weight" in (data.columns or data.frame.columns)


def _group_columns(frame: pd.DataFrame, by: Sequence[str], rules: RuleSet) -> tuple[pd.DataFrame, list[str]]:
    """The grouping columns (age_group computed; unit codes grouped with their names)."""
    import pandas as pd

    cols: dict[str, Any] = {}
    for b in by:
        if b not in BY_CHOICES:
            raise CltrackError("cannot group by '{b}' (choose from {by_choices})", b=b, by_choices=', '.join(BY_CHOICES))
        if b == "age_group":
            cols[b] = age_groups(frame["age"].to_numpy(), rules)
            continue
        if b not in frame.columns or (b != "year" and frame[b].isna().all()):
            raise CltrackError("the survey data has no '{b}' column to group by", b=b)
        if b in UNIT_BY and f"{b}_code" in frame.columns and frame[f"{b}_code"].notna().any():
            cols[f"{b}_code"] = frame[f"{b}_code"]
        cols[b] = frame[b]
    return pd.DataFrame(cols, index=frame.index), list(cols)


@dataclass
class _Sample:
    """What every estimate of one call shares: the rows in scope, the design, 1/0 per row (NaN where the
    child cannot be classified) and the weights."""

    frame: pd.DataFrame
    des: Design
    y: np.ndarray
    w: np.ndarray

    @cached_property
    def known(self) -> np.ndarray:
        """True where the child can be classified."""
        import numpy as np

        return ~np.isnan(self.y)

    @cached_property
    def y0(self) -> np.ndarray:
        """1/0 per row, 0 where the child cannot be classified (it leaves both sums)."""
        import numpy as np

        return np.where(self.known, self.y, 0.0)

    @cached_property
    def x(self) -> np.ndarray:
        """1.0 where the child can be classified, else 0.0."""
        return self.known.astype("float64")

    @cached_property
    def w_out(self) -> np.ndarray:
        """The weight of each child who cannot be classified, 0.0 for the others."""
        import numpy as np

        return np.where(self.known, 0.0, self.w)


def _sample(data: SurveyData | pd.DataFrame, rules: RuleSet, measure: str, year: int | None) -> _Sample:
    """The rows in the rule set's ages or with a blank age (and `year`), their design, measure values and weights."""
    import numpy as np

    frame, has_weight = _frame_of(data)
    lo, hi = rules.age_range
    age = frame["age"]
    scope = ((age >= lo) & (age <= hi)) | (age < 0) | age.isna()  # a blank age is in scope, unclassified
    if year is not None and "year" in frame.columns:
        scope &= frame["year"].isna() | (frame["year"] == year)
    keep = scope.fillna(False).to_numpy(dtype=bool)
    frame = frame.loc[keep] if not keep.all() else frame
    n = len(frame)
    des = design(frame, has_weight=has_weight)
    y = measure_values(frame, rules, measure)
    w = frame["weight"].to_numpy(dtype="float64") if "weight" in frame.columns else np.ones(n)
    return _Sample(frame, des, y, w)


def estimate(data: SurveyData | pd.DataFrame, rules: RuleSet, by: Sequence[str] | None = (), *,
             measure: str = "child_labour", year: int | None = None) -> pd.DataFrame:
    """Weighted rate (percent) with SE, CI, n and reliability, overall or per `by` group.

    Columns: *by (a unit's `<level>_code` before its name), then RESULT_COLUMNS. Children who cannot be
    classified (a value the rule needs is blank) leave both sums and are counted in n_excluded and
    excluded_weight_pct. Where the design gives no SE, se is NaN and se_reason says why. The findings
    are in `result.attrs["findings"]` and the design summary in `result.attrs["design"]`.
    """
    return _estimate(_sample(data, rules, measure, year), rules, list(by or ()))


def _domains(sample: _Sample, rules: RuleSet, by: list[str]) -> tuple[np.ndarray, int, pd.DataFrame, dict[str, list[Any]]]:
    """Domain number per row, the number of domains, their key values, and the declared levels of each key."""
    import numpy as np
    import pandas as pd

    if not by:
        return np.zeros(len(sample.frame), dtype="int64"), 1, pd.DataFrame(index=range(1)), {}
    keys, key_cols = _group_columns(sample.frame, by, rules)
    dom, values = group_ids([keys[c] for c in key_cols])
    declared: dict[str, list[Any]] = {}
    for c in key_cols:
        if isinstance(keys[c].dtype, pd.CategoricalDtype) and c in ("age_group", "sex"):
            declared[c] = list(keys[c].cat.categories)
        elif c == "in_school":
            declared[c] = [False, True]
    groups = pd.DataFrame(dict(zip(key_cols, values, strict=True))) if values else pd.DataFrame()
    return dom, len(values[0]) if values else 0, groups, declared


def _no_se(sample: _Sample, dom: np.ndarray, n_dom: int, known: np.ndarray, n: np.ndarray, n_out: np.ndarray,
           X: np.ndarray, rules: RuleSet, dom_of: np.ndarray | None, known_x: np.ndarray) -> np.ndarray:
    """Per domain, why the design gives no standard error (a label key), or None (`known_x`: 1.0 per classified child)."""
    import numpy as np
    import pandas as pd

    des = sample.des
    reason = np.full(n_dom, None, dtype=object)
    if dom_of is not None:  # each PSU in one domain: count the PSUs with classified members
        psus = np.bincount(dom_of[np.bincount(des.psu, weights=known_x, minlength=des.n_psu) > 0], minlength=n_dom)
    elif len(dom):
        pairs = pd.unique(dom[known] * max(des.n_psu, 1) + des.psu[known])  # (domain, PSU) with classified members
        psus = np.bincount(pairs // max(des.n_psu, 1), minlength=n_dom)
    else:
        psus = np.zeros(n_dom, dtype="int64")
    if rules.single_psu == "fail" and (des.n_h == 1).any():
        reason[:] = "single-psu-stratum"
    reason[(psus <= 1) | (des.df <= 0)] = "one-psu"
    reason[(X <= 0) & (n > 0)] = "zero-weight"
    reason[(n == 0) & (n_out > 0)] = "all-excluded"
    reason[(n == 0) & (n_out == 0)] = "no-respondents"
    return reason


def _estimate(sample: _Sample, rules: RuleSet, by: list[str]) -> pd.DataFrame:
    """`estimate` on a prepared sample."""
    import numpy as np
    import pandas as pd

    des = sample.des
    findings = list(des.findings)
    dom, n_dom, groups, declared = _domains(sample, rules, by)
    known, y, x = sample.known, sample.y0, sample.x  # an unclassified child leaves both sums
    dom_of = psu_domains(des, dom)  # the domain of each PSU, when each lies in one
    Y, X, var = linearised_ratio(y, x, sample.w, des, dom if by else None, n_dom, rules.single_psu, dom_of)
    # counts and weights by domain without copying the rows of each kind: a count of 1.0s is exact, and adding
    # the 0.0 of a classified child leaves a sum of weights as it was
    n = np.bincount(dom, weights=x, minlength=n_dom).astype("int64")
    n_out = np.bincount(dom, minlength=n_dom) - n
    w_all = np.bincount(dom, weights=sample.w, minlength=n_dom)
    w_out = np.bincount(dom, weights=sample.w_out, minlength=n_dom)
    no_se = _no_se(sample, dom, n_dom, known, n, n_out, X, rules, dom_of, x)
    out = intervals(Y, X, var, n, des.df if rules.ci == "t" else None, rules, no_se)
    out.insert(list(out.columns).index("n_unweighted") + 1, "n_excluded", n_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        out.insert(list(out.columns).index("n_excluded") + 1, "excluded_weight_pct", np.where(w_all > 0, 100.0 * w_out / w_all, np.nan))
    out["n_counted"] = np.bincount(dom, weights=y, minlength=n_dom).round().astype("int64")
    result = pd.concat([groups.reset_index(drop=True), out], axis=1)
    if declared:
        result = _with_empty_groups(result, list(groups.columns), declared)
    lonely = [des.stratum_labels[h] for h in np.flatnonzero(des.n_h == 1)]
    findings.extend(make("single-psu-stratum", stratum=s, method=rules.single_psu) for s in lonely)
    findings.append(make("survey-design", strata=des.n_strata, psus=des.n_psu, df=des.df))
    if rules.reliability == "nchs" and 0 < des.df < rules.nchs.min_df:
        findings.append(make("survey-low-df", df=des.df))
    findings.extend(_estimate_findings(result, by, rules))
    result.attrs["findings"] = findings
    result.attrs["design"] = {"strata": des.n_strata, "psus": des.n_psu, "df": des.df, "single_psu": rules.single_psu,
                              "lonely_strata": lonely, "ci": rules.ci, "confidence": rules.confidence,
                              "fpc": des.fpc is not None, "reliability": rules.reliability}
    return result


def _group_words(row: dict[Any, Any], by: list[str]) -> Text:
    """An estimate's group named in both languages: sex and school attendance in words, 'total' for the whole."""
    def said(lang: Lang) -> str:
        parts = [label(f"survey.{c}.{row[c]}", lang) if c in ("sex", "in_school") else str(row[c])
                 for c in by if c in row and not str(c).endswith("_code")]
        return ", ".join(parts) or label("survey.total", lang).lower()

    return Text(said("vi"), said("en"))


def _estimate_findings(result: pd.DataFrame, by: list[str], rules: RuleSet) -> list[Any]:
    """One finding per estimate worth a word: zero total weight, no SE, item non-response, unreliable."""
    import pandas as pd

    found = []
    for row in result.to_dict("records"):
        if row["n_unweighted"] == 0 and row["n_excluded"] == 0:
            continue  # an empty group: the table shows n = 0
        group = _group_words(row, by)
        if row["se_reason"] == "zero-weight":
            found.append(make("survey-zero-weight", group=group, n=int(row["n_unweighted"])))
        elif row["se_reason"] is not None:
            found.append(make("survey-no-se", group=group, reason=row["se_reason"]))
        if row["excluded_weight_pct"] > rules.max_excluded_pct:
            pct = row["excluded_weight_pct"]
            found.append(make("survey-item-nonresponse", group=group, n_excluded=int(row["n_excluded"]),
                              pct=Text(number(pct, 1, "vi") + "%", number(pct, 1, "en") + "%")))
        if not row["reliable"] and row["se_reason"] is None:
            rse = "" if pd.isna(row["rse"]) else f"{row['rse']:.0%}"
            found.append(make("unreliable-estimate", group=group, n=int(row["n_unweighted"]), rse=rse,
                              why=row["unreliable_reason"]))
    return found


EMPTY_GROUP: dict[str, Any] = {
    "numerator": 0.0, "denominator": 0.0, "n_unweighted": 0, "n_excluded": 0, "n_counted": 0, "reliable": False,
    "unreliable_reason": "no-respondents", "se_reason": "no-respondents", "ci_method": None,
}


def _with_empty_groups(result: pd.DataFrame, key_cols: list[str], declared: dict[str, list[Any]]) -> pd.DataFrame:
    """The estimates with a row (n = 0, no estimate) for each declared level no child falls in."""
    import numpy as np
    import pandas as pd

    other = [c for c in key_cols if c not in declared]
    grid = result[other].drop_duplicates() if other else pd.DataFrame(index=range(1))
    for c, levels in declared.items():
        grid = grid.merge(pd.DataFrame({c: pd.Series(levels, dtype=object)}), how="cross")
    present = set(map(tuple, result[key_cols].astype(object).itertuples(index=False, name=None)))
    missing = grid[[tuple(r) not in present for r in grid[key_cols].astype(object).itertuples(index=False, name=None)]]
    if missing.empty:
        return result
    empty = missing[key_cols].reset_index(drop=True).assign(**EMPTY_GROUP)
    merged = pd.concat([result.astype({c: object for c in key_cols}), empty], ignore_index=True)
    order = []
    for c in key_cols:  # declared levels in their order (unknown last); other keys in the order found
        levels = declared.get(c) or list(dict.fromkeys(result[c].astype(object)))
        rank = {v: i for i, v in enumerate(levels)}
        order.append(merged[c].map(lambda v, rank=rank: rank.get(v, len(rank))).to_numpy())
    merged = merged.iloc[np.lexsort(order[::-1])].reset_index(drop=True)
    return merged.astype({"n_unweighted": "int64", "n_excluded": "int64", "n_counted": "int64", "reliable": bool})
