"""Design-based estimation: weighted rate, Taylor-linearised SE with strata and nested PSUs, CI, domains.

Expected figures are worked out by hand in each test from the with-replacement formula
var(R) = sum_h n_h/(n_h-1) sum_i (z_hi - mean_h z)^2, z_hi = sum over PSU i of w (y - R) / X,
and one is checked against a published result (NHANES II zinc, Stata / samplics documentation).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cltrack.compute import survey

VN = survey.load_rules("vn_law")
T_975_DF2 = 4.302652729911275  # Student t, 97.5th percentile, 2 degrees of freedom (printed tables: 4.303)


def rows(spec: list[tuple]) -> pd.DataFrame:
    """(stratum, psu, weight, counted) -> a survey frame: counted children are 10 with 5 hours (vn_law)."""
    frame = pd.DataFrame(spec, columns=["stratum", "psu", "weight", "counted"])
    frame["age"] = 10
    frame["hours_work"] = np.where(frame["counted"] == 1, 5.0, 0.0)
    frame["stratum"] = frame["stratum"].astype("category")
    frame["psu"] = frame["psu"].astype(str).astype("category")
    return frame.drop(columns="counted")


TWO_STRATA = [
    ("A", 1, 1.0, 1), ("A", 1, 1.0, 0), ("A", 2, 2.0, 1),
    ("B", 1, 1.0, 0), ("B", 1, 3.0, 0), ("B", 2, 1.0, 1),  # PSU labels 1 and 2 again: other PSUs (nested)
]


def test_weighted_rate_and_se_on_a_small_stratified_design_by_hand() -> None:
    # Y = 1 + 2 + 1 = 4, X = 9, R = 4/9. PSU totals of w(y - R): A1 = 1 - 2R, A2 = 2 - 2R, B1 = -4R, B2 = 1 - R.
    # Each stratum has 2 PSUs: 2/1 * sum of squared deviations = (t1 - t2)^2.
    # var = [(A1 - A2)^2 + (B1 - B2)^2] / X^2 = [1 + (1 + 3R)^2] / 81.
    r = 4 / 9
    se = 100 * math.sqrt((1 + (1 + 3 * r) ** 2) / 81)
    est = survey.estimate(rows(TWO_STRATA), VN)
    row = est.iloc[0]
    assert row["numerator"] == 4 and row["denominator"] == 9
    assert row["rate"] == pytest.approx(100 * r)
    assert row["se"] == pytest.approx(se)  # 28.206...
    # df = 4 PSUs - 2 strata = 2: 44.4 -/+ 4.303 * 28.2 runs past both ends, so the CI is clipped to 0-100
    assert 100 * r - T_975_DF2 * se < 0 and 100 * r + T_975_DF2 * se > 100
    assert (row["ci_low"], row["ci_high"]) == (0.0, 100.0)
    assert row["n_unweighted"] == 6 and row["n_counted"] == 3
    assert est.attrs["design"] == {**est.attrs["design"], "strata": 2, "psus": 4, "df": 2}


def test_same_psu_label_in_two_strata_is_two_psus() -> None:
    est = survey.estimate(rows(TWO_STRATA), VN)
    merged = rows(TWO_STRATA).assign(stratum="S")  # one stratum, labels 1 and 2 now shared: a different design
    assert est.attrs["design"]["psus"] == 4
    assert survey.estimate(merged, VN).attrs["design"]["psus"] == 2
    assert survey.estimate(merged, VN).iloc[0]["se"] != pytest.approx(est.iloc[0]["se"])


def test_se_matches_the_published_nhanes2_zinc_mean() -> None:
    # Stata: svyset psuid [pw=finalwgt], strata(stratid); svy: mean zinc -> 87.18207, SE .4944827,
    # 95% CI 86.17356-88.19057 (t, 31 df); samplics' Taylor-estimation page prints the same figures.
    data = pd.read_csv(Path(__file__).parent / "data" / "nhanes2_zinc.csv.gz")
    des = survey.design(pd.DataFrame({"stratum": data["stratid"], "psu": data["psuid"]}))
    y, x, w = data["zinc"].to_numpy(float), np.ones(len(data)), data["finalwgt"].to_numpy(float)
    Y, X, var = survey.linearised_ratio(y, x, w, des)
    mean, se = Y[0] / X[0], math.sqrt(var[0])
    assert (des.n_strata, des.n_psu, des.df) == (31, 62, 31)
    assert mean == pytest.approx(87.182067, abs=5e-7)
    assert se == pytest.approx(0.494483, abs=5e-7)
    q = survey.quantile(0.975, des.df)
    assert mean - q * se == pytest.approx(86.173563, abs=5e-6)
    assert mean + q * se == pytest.approx(88.190571, abs=5e-6)


def test_t_quantiles_match_printed_tables() -> None:
    assert survey.quantile(0.975, 2) == pytest.approx(4.302653, abs=1e-6)
    assert survey.quantile(0.975, 31) == pytest.approx(2.039513, abs=1e-6)
    assert survey.quantile(0.975, None) == pytest.approx(1.959964, abs=1e-6)


def test_single_psu_stratum_is_centred_and_reported() -> None:
    frame = rows([*TWO_STRATA, ("C", 1, 2.0, 1)])
    # Y = 6, X = 11, R = 6/11. A, B as before with the new R; C has one PSU, total 2(1 - R), compared with
    # the average PSU total of the sample, which is 0 (z sums to zero), so it adds (2 - 2R)^2.
    r = 6 / 11
    a = (1 - 2 * r) - (2 - 2 * r)
    b = (-4 * r) - (1 - r)
    c = 2 - 2 * r
    centre = survey.estimate(frame, VN)
    assert centre.iloc[0]["rate"] == pytest.approx(100 * r)
    assert centre.iloc[0]["se"] == pytest.approx(100 * math.sqrt(a * a + b * b + c * c) / 11)
    lonely = [f for f in centre.attrs["findings"] if f.code == "single-psu-stratum"]
    assert [f.args["stratum"] for f in lonely] == ["C"] and lonely[0].args["method"] == "centre"
    certainty = survey.estimate(frame, survey.load_rules("vn_law", {"estimation": {"single_psu": "certainty"}}))
    assert certainty.iloc[0]["se"] == pytest.approx(100 * math.sqrt(a * a + b * b) / 11)


def test_missing_weights_are_one_and_no_design_is_a_simple_random_sample_said() -> None:
    # 40 children, 10 counted, no weight, stratum or PSU columns: p = 0.25,
    # var = n/(n-1) * sum((y - p)/n)^2 = p(1 - p)/(n - 1).
    frame = pd.DataFrame({"age": [10] * 40, "hours_work": [5.0] * 10 + [0.0] * 30})
    est = survey.estimate(frame, VN)
    row = est.iloc[0]
    assert row["numerator"] == 10 and row["denominator"] == 40
    assert row["rate"] == pytest.approx(25.0)
    assert row["se"] == pytest.approx(100 * math.sqrt(0.25 * 0.75 / 39))
    assert bool(row["reliable"]) is True  # n = 40 >= 30, RSE = 6.9/25 = 0.28 <= 0.30
    t39 = 2.022690911734728  # Student t, 97.5th percentile, 39 df (tables: 2.0227)
    assert row["ci_low"] == pytest.approx(25.0 - t39 * row["se"])
    assert row["ci_high"] == pytest.approx(25.0 + t39 * row["se"])
    codes = {f.code for f in est.attrs["findings"]}
    assert {"missing-weight", "srs-assumed"} <= codes
    assert est.attrs["design"]["df"] == 39


def test_domain_keeps_psus_without_domain_members_in_the_variance() -> None:
    # One stratum, 3 PSUs; girls: P1 (counted, w 1), P2 (not counted, w 1); P3 has boys only.
    # Girls: R = 1/2, X = 2; PSU totals of w(y - R)/X: P1 = +0.25, P2 = -0.25, P3 = 0 (no girls).
    # var = 3/2 * (0.25^2 + 0.25^2 + 0^2) = 0.1875; subsetting the design to P1, P2 would give 0.25.
    frame = rows([("S", 1, 1.0, 1), ("S", 1, 1.0, 0), ("S", 2, 1.0, 0), ("S", 3, 1.0, 1)])
    frame["sex"] = pd.Categorical(["female", "male", "female", "male"], categories=["male", "female"])
    est = survey.estimate(frame, VN, by=["sex"]).set_index("sex")
    assert est.loc["female", "rate"] == pytest.approx(50.0)
    assert est.loc["female", "se"] == pytest.approx(100 * math.sqrt(1.5 * 2 * 0.25**2))
    assert est.loc["female", "se"] != pytest.approx(50.0)
    assert est.loc["male", "n_unweighted"] == 2


def test_age_group_domains_use_the_rule_sets_bands() -> None:
    frame = pd.DataFrame({"age": [5, 12, 13, 14, 15, 17], "hours_work": [1.0, 0.0, 21.0, 0.0, 0.0, 41.0]})
    est = survey.estimate(frame, VN, by=["age_group"])
    assert est["age_group"].tolist() == ["5-12", "13-14", "15-17"]
    assert est["rate"].tolist() == pytest.approx([50.0, 50.0, 50.0])
    ilo = survey.estimate(frame, survey.load_rules("ilo_sdg"), by=["age_group"])
    assert ilo["age_group"].tolist() == ["5-11", "12-14", "15-17"]
    assert ilo["n_unweighted"].tolist() == [1, 3, 2]


def test_small_groups_are_flagged_unreliable() -> None:
    frame = pd.DataFrame({"age": [10] * 29, "hours_work": [0.0] * 29})
    est = survey.estimate(frame, VN)
    assert bool(est.iloc[0]["reliable"]) is False  # n = 29 < 30
    assert any(f.code == "unreliable-estimate" for f in est.attrs["findings"])


def test_a_zero_rate_gets_an_exact_upper_bound_not_a_zero_width_interval() -> None:
    frame = pd.DataFrame({"age": [10] * 50, "hours_work": [0.0] * 50})
    row = survey.estimate(frame, VN).iloc[0]
    assert row["rate"] == 0 and row["se"] == 0
    assert row["ci_high"] == pytest.approx(100 * (1 - 0.025 ** (1 / 50)))  # Clopper-Pearson bound for 0 of 50
    assert bool(row["reliable"]) is True  # RSE undefined at 0%, n = 50


def test_measures_hazardous_and_working() -> None:
    frame = pd.DataFrame({"age": [10, 16, 16, 9], "hours_work": [0.0, 10.0, 0.0, 2.0], "hazardous_work": [False, True, False, False]})
    assert survey.estimate(frame, VN, measure="hazardous_work").iloc[0]["rate"] == pytest.approx(25.0)
    assert survey.estimate(frame, VN, measure="working").iloc[0]["rate"] == pytest.approx(50.0)


def test_year_keeps_only_that_survey_year() -> None:
    frame = pd.DataFrame({"age": [10, 10, 10], "hours_work": [5.0, 0.0, 5.0], "year": pd.array([2023, 2024, 2024], dtype="Int16")})
    row = survey.estimate(frame, VN, year=2024).iloc[0]
    assert row["n_unweighted"] == 2 and row["rate"] == pytest.approx(50.0)
