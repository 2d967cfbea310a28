"""Confidence intervals, effective sample size and reliability of a rate (quantiles from scipy.special).

Methods (each with its source; docs/survey.md lists them):
- 0 < p < 1: the logit interval of Stata's `svy: proportion` and R survey's
  `svyciprop(method="logit", df=degf(design))`: logit(p) -/+ t(df) * SE / (p (1 - p)), transformed
  back; df = design degrees of freedom (#PSU - #strata), or the normal when the rules say `ci: normal`.
- p = 0 or 1: Korn and Graubard (1998): the Clopper-Pearson interval on the degrees-of-freedom
  adjusted effective sample size n_df = n_eff * (t(n - 1) / t(df))^2, as the NCHS standards use it;
  n_eff = n there, since the design effect is undefined where the variance is 0.
- Effective sample size n_eff = n / deff = p (1 - p) / var(p), not above n (NCHS 2017).
- Reliability: NCHS Data Presentation Standards for Proportions (Parker et al. 2017) by default, or
  the earlier n < min_n or RSE > max_rse rule.
scipy is imported here, inside the functions, so that only the survey path loads it; the quantiles come
from scipy.special (ndtri, stdtrit, betaincinv: the very functions scipy.stats' norm, t and beta ppf
call, same values), a third of scipy.stats' import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.compute.survey.rules import RuleSet

LOGIT, KORN_GRAUBARD = "logit", "korn-graubard"


def quantile(p: float, df: float | None) -> float:
    """The p-quantile of Student's t (normal when df is None or infinite)."""
    import math

    from scipy.special import ndtri, stdtrit

    if df is None or math.isinf(df):
        return float(ndtri(p))
    return float(stdtrit(df, p))


def logit_interval(p: np.ndarray, se: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
    """Stata's svy: proportion interval: expit(logit(p) -/+ q * se / (p (1 - p))), p and se as fractions."""
    import numpy as np
    from scipy.special import expit, logit

    with np.errstate(divide="ignore", invalid="ignore"):
        half = q * se / (p * (1.0 - p))
        centre = logit(p)
    return expit(centre - half), expit(centre + half)


def korn_graubard(p: np.ndarray, n_eff: np.ndarray, n: np.ndarray, df: int | None, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Clopper-Pearson bounds on the df-adjusted effective sample size (Korn and Graubard 1998)."""
    import numpy as np
    from scipy.special import betaincinv, stdtrit

    with np.errstate(divide="ignore", invalid="ignore"):
        t_n = stdtrit(np.maximum(n - 1.0, 1.0), 1.0 - alpha / 2.0)
        t_df = quantile(1.0 - alpha / 2.0, df)
        n_df = np.where(n > 1, n_eff * (t_n / t_df) ** 2, n_eff)
        x = p * n_df
        low = np.where(x > 0, betaincinv(x, n_df - x + 1.0, alpha / 2.0), 0.0)
        high = np.where(x < n_df, betaincinv(x + 1.0, n_df - x, 1.0 - alpha / 2.0), 1.0)
    return low, high


def effective_n(p: np.ndarray, var: np.ndarray, n: np.ndarray) -> np.ndarray:
    """n / deff = p (1 - p) / var, at most n; n itself where p is 0 or 1 (deff undefined)."""
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.minimum(p * (1.0 - p) / var, n)
    return np.where((p == 0) | (p == 1), n.astype("float64"), n_eff)


def _reliability(rate: np.ndarray, se: np.ndarray, low: np.ndarray, high: np.ndarray, n: np.ndarray,
                 n_eff: np.ndarray, rules: RuleSet) -> tuple[np.ndarray, np.ndarray]:
    """Whether each estimate is reliable, and the reason when it is not (a label key)."""
    import numpy as np

    reason = np.full(len(rate), None, dtype=object)
    missing = np.isnan(rate) | np.isnan(se)
    with np.errstate(divide="ignore", invalid="ignore"):
        if rules.reliability == "nchs":
            lim = rules.nchs
            width = high - low  # percentage points
            relative = np.where(rate > 0, 100.0 * width / rate, np.nan)  # undefined at 0%: not applied
            checks: tuple[tuple[str, np.ndarray], ...] = (("relative-ci-width", (width > lim.width) & (relative > lim.max_relative_width)),
                      ("ci-width", width >= lim.max_width), ("effective-n", n_eff < lim.min_effective_n))
        else:
            rse = np.where(rate > 0, se / rate, np.nan)
            checks = (("rse", rse > rules.max_rse), ("small-n", n < rules.min_n))
    for code, bad in checks:  # the last check that fails names the reason
        reason[bad & ~missing] = code
    reason[missing] = "no-estimate"
    return np.array([r is None for r in reason], dtype=bool), reason


def intervals(Y: np.ndarray, X: np.ndarray, var: np.ndarray, n: np.ndarray, df: int | None, rules: RuleSet,
              no_se: np.ndarray | None = None) -> pd.DataFrame:
    """Rate, SE, CI with its method, effective n, RSE and reliability per estimate (percent).

    `no_se` holds a reason (label key) where the design gives no standard error; there SE, CI and
    effective n are null and the estimate is not reliable.
    """
    import numpy as np
    import pandas as pd

    alpha = 1.0 - rules.confidence
    q = quantile(1.0 - alpha / 2.0, df if df is not None and df > 0 else None)
    no_se = np.full(len(Y), None, dtype=object) if no_se is None else no_se
    blocked = np.array([r is not None for r in no_se], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(X > 0, Y / X, np.nan)
        var = np.where(blocked | np.isnan(p), np.nan, var)
        se = np.sqrt(var)
        n_f = n.astype("float64")
        n_eff = effective_n(p, var, n_f)
        edge = (p == 0) | (p == 1)
        lo_l, hi_l = logit_interval(p, se, q)
        lo_k, hi_k = korn_graubard(p, n_eff, n_f, df if df is not None and df > 0 else None, alpha)
    ok = ~np.isnan(se)
    low = np.where(ok, np.where(edge, lo_k, lo_l), np.nan)
    high = np.where(ok, np.where(edge, hi_k, hi_l), np.nan)
    method = np.where(ok, np.where(edge, KORN_GRAUBARD, LOGIT), None).astype(object)  # type: ignore[call-overload]  # numpy's stubs take no None branch; numpy does
    rate, se_pct, low, high = 100.0 * p, 100.0 * se, 100.0 * low, 100.0 * high
    reliable, why = _reliability(rate, se_pct, low, high, n, n_eff, rules)
    why = np.where(blocked, no_se, why)
    with np.errstate(divide="ignore", invalid="ignore"):
        rse = np.where(rate > 0, se_pct / rate, np.nan)
    return pd.DataFrame({
        "numerator": Y, "denominator": X, "rate": rate, "se": se_pct, "ci_low": low, "ci_high": high,
        "ci_method": method, "n_unweighted": n.astype("int64"), "n_effective": np.where(ok, n_eff, np.nan),
        "reliable": reliable, "unreliable_reason": why, "se_reason": no_se, "rse": rse,
    })
