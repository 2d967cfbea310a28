"""The survey intervals reproduce published figures to their printed digits (issue 16, section 2).

- Logit interval (Stata's `svy: proportion`; R survey's `svyciprop(method="logit"/"xlogit")`):
  samplics' own tests, which check its Taylor estimator against Stata on the YRBS extract:
  github.com/samplics-org/samplics, tests/estimation/test_expansion.py (test_prop_estimator_with_str,
  test_prop_estimator_without_str, ..._nor_psu, ..._with_str_without_psu), commit
  664c03a8eed7c39a6b4f97e7cb540b0e30741ac7; data tests/estimation/yrbs.csv (copied whole as
  tests/data/yrbs_qn8.csv.gz). samplics codes y = 1 for qn8 == 1, so its proportion of y = 0 is the share
  with qn8 == 2.
- Korn-Graubard interval (Clopper-Pearson on the df-adjusted effective sample size, as NCHS uses it):
  CDC's surveytable package (github.com/CDCgov/surveytable, commit ea5d660381bb75244b43eab6695e916e4d20b3d5),
  docs/articles/surveytable.html and docs/reference/svyciprop_adjusted.html: `set_opts(adj = "NCHS")`,
  `tab("AGER")` and `tab("PAYNOCHG")` on the NAMCS 2019 public-use extract, printed to one decimal.
  The data are the package's data/namcs2019sv_df.rda (design CSTRATM, CPSUM, PATWT), of which
  tests/data/namcs2019_ager.csv.gz keeps those three columns, AGER and PAYNOCHG (read with the `rdata`
  package; not a cltrack dependency).
Each published figure goes through cltrack's own path: a survey frame of children (counted: 5 hours of
work at age 10 under vn_law) with the published design, estimated by `survey.estimate`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cltrack.compute import survey
from cltrack.compute.survey.intervals import korn_graubard

VN = survey.load_rules("vn_law")
DATA = Path(__file__).parent / "data"


def children(counted: np.ndarray, weight: pd.Series, stratum: pd.Series | None = None,
             psu: pd.Series | None = None) -> pd.DataFrame:
    """A survey frame: one child per row, counted under vn_law (age 10, 5 hours) where `counted`."""
    frame = pd.DataFrame({"age": 10, "hours_work": np.where(counted, 5.0, 0.0), "weight": weight.to_numpy(float)})
    if stratum is not None:
        frame["stratum"] = stratum.astype(str).to_numpy()
    if psu is not None:
        frame["psu"] = psu.astype(str).to_numpy()
    return frame


@pytest.mark.parametrize(("design", "se", "low", "high"), [
    # samplics test_prop_estimator_with_str: stderror 0.0198621, lower_ci 0.1494837, upper_ci 0.2299155
    (("stratum", "psu"), 0.0198621, 0.1494837, 0.2299155),
    # test_prop_estimator_without_str: 0.0202856, 0.149023, 0.2305586
    (("psu",), 0.0202856, 0.149023, 0.2305586),
    # test_prop_estimator_with_str_without_psu: 0.0066091, 0.1737677, 0.1996812
    (("stratum",), 0.0066091, 0.1737677, 0.1996812),
    # test_prop_estimator_without_str_nor_psu: 0.0066567, 0.1736793, 0.1997796
    ((), 0.0066567, 0.1736793, 0.1997796),
])
def test_logit_interval_matches_samplics_published_yrbs_proportions(design: tuple[str, ...], se: float, low: float, high: float) -> None:
    yrbs = pd.read_csv(DATA / "yrbs_qn8.csv.gz").dropna(subset=["qn8"])  # remove_nan=True
    frame = children((yrbs["qn8"] == 2).to_numpy(), yrbs["weight"],
                     yrbs["stratum"] if "stratum" in design else None, yrbs["psu"] if "psu" in design else None)
    row = survey.estimate(frame, VN).iloc[0]
    assert row["rate"] == pytest.approx(18.63775, abs=5e-6)  # point_est 0.1863775
    assert row["ci_method"] == "logit"
    assert row["se"] == pytest.approx(100 * se, abs=5e-5)
    assert row["ci_low"] == pytest.approx(100 * low, abs=5e-5)
    assert row["ci_high"] == pytest.approx(100 * high, abs=5e-5)


# surveytable, tab("AGER") with adj = "NCHS": Percent, SE, LL, UL as printed
NAMCS_AGER = [
    ("Under 15 years", 11.4, 1.3, 8.9, 14.2),
    ("15-24 years", 6.3, 0.6, 5.1, 7.5),
    ("25-44 years", 16.4, 1.1, 14.3, 18.8),
    ("45-64 years", 29.9, 1.4, 27.2, 32.6),
    ("65-74 years", 20.0, 1.2, 17.6, 22.5),
    ("75 years and over", 16.1, 1.3, 13.7, 18.8),
]


def test_korn_graubard_interval_matches_cdc_surveytable_published_namcs_percentages() -> None:
    namcs = pd.read_csv(DATA / "namcs2019_ager.csv.gz")
    assert len(namcs) == 8250  # "N = 8250"; 398 clusters
    cases = [(level, (namcs["AGER"] == level).to_numpy()) for level, *_ in NAMCS_AGER]
    cases.append(("PAYNOCHG", namcs["PAYNOCHG"].to_numpy(bool)))  # TRUE: 0.2, SE 0.2, LL 0, UL 1 (printed rounded)
    printed = [figures for _, *figures in NAMCS_AGER] + [(0.2, 0.2, 0.0, 1.0)]
    for (_, counted), (pct, se, low, high) in zip(cases, printed, strict=True):
        est = survey.estimate(children(counted, namcs["PATWT"], namcs["CSTRATM"], namcs["CPSUM"]), VN)
        row, df = est.iloc[0], est.attrs["design"]["df"]
        assert df == 398 - 59
        p, n_eff, n = np.array([row["rate"] / 100]), np.array([row["n_effective"]]), np.array([8250.0])
        lo, hi = korn_graubard(p, n_eff, n, df, 0.05)
        digits = 0 if high == 1.0 else 1  # PAYNOCHG's bounds are printed as whole numbers
        assert round(row["rate"], 1) == pct and round(row["se"], 1) == se
        assert round(100 * lo[0], digits) == low and round(100 * hi[0], digits) == high
