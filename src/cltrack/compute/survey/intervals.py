"""Confidence intervals and reliability of a rate (quantiles from scipy.stats)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.compute.survey.rules import RuleSet


def quantile(p: float, df: float | None) -> float:
    """The p-quantile of Student's t (normal when df is None or infinite)."""
    from scipy import stats

    if df is None or math.isinf(df):
        return float(stats.norm.ppf(p))
    return float(stats.t.ppf(p, df))


def intervals(Y: np.ndarray, X: np.ndarray, var: np.ndarray, n: np.ndarray, df: int | None, rules: RuleSet) -> pd.DataFrame:
    """Rate, SE, CI (clipped to 0-100; exact binomial bound when no or every child is counted), RSE, reliability."""
    import numpy as np
    import pandas as pd

    alpha = 1.0 - rules.confidence
    q = quantile(1.0 - alpha / 2.0, max(df, 1) if df is not None else None)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 100.0 * Y / X
        se = 100.0 * np.sqrt(var)
        rse = np.where(rate > 0, se / rate, np.nan)
        low = np.clip(rate - q * se, 0.0, 100.0)
        high = np.clip(rate + q * se, 0.0, 100.0)
        n_f = np.maximum(n, 1).astype("float64")
        none, every = (Y == 0) & (X > 0), (Y == X) & (X > 0)
        high = np.where(none, 100.0 * (1.0 - (alpha / 2.0) ** (1.0 / n_f)), high)
        low = np.where(every, 100.0 * (alpha / 2.0) ** (1.0 / n_f), low)
    reliable = (n >= rules.min_n) & ~(rse > rules.max_rse)
    return pd.DataFrame({
        "numerator": Y, "denominator": X, "rate": rate, "se": se, "ci_low": low, "ci_high": high,
        "n_unweighted": n.astype("int64"), "reliable": reliable, "rse": rse,
    })

