"""Design-based estimation: weighted rate, Taylor-linearised SE with strata and nested PSUs, CI, domains.

Expected figures are worked out by hand in each test from the with-replacement formula
var(R) = sum_h n_h/(n_h-1) sum_i (z_hi - mean_h z)^2, z_hi = sum over PSU i of w (y - R) / X,
or taken from published output, cited in the test: Stata's and samplics' NHANES II zinc mean, and
R survey's api examples (tests/testoutput/api.Rout.saved and tests/lonely.psu.Rout.save in the
survey package's sources, github.com/cran/survey, version 4.5), whose data are tests/data/api*.csv.gz
(apistrat and apiclus1 from the package's data/api.rda).
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
DATA = Path(__file__).parent / "data"


def expit(x: float) -> float:
    """The inverse logit."""
    return 1 / (1 + math.exp(-x))


def logit_ci(p: float, se: float, t: float) -> tuple[float, float]:
    """Stata's svy: proportion interval ([R] proportion, Methods and formulas), in percent."""
    half = t * se / (p * (1 - p))
    centre = math.log(p / (1 - p))
    return 100 * expit(centre - half), 100 * expit(centre + half)


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
    # df = 4 PSUs - 2 strata = 2; the logit interval stays inside 0-100 where a Wald one (44.4 -/+ 4.303 * 28.2)
    # would run past both ends: logit(4/9) -/+ 4.303 * 0.28206 / (4/9 * 5/9), transformed back
    low, high = logit_ci(r, se / 100, T_975_DF2)
    assert row["ci_low"] == pytest.approx(low) and row["ci_high"] == pytest.approx(high)
    assert 0 < row["ci_low"] < 1.0 and 97.0 < row["ci_high"] < 100 and row["ci_method"] == "logit"
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
    t39 = 2.022690911734728  # Student t, 97.5th percentile, 39 df (tables: 2.0227)
    low, high = logit_ci(0.25, row["se"] / 100, t39)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))  # 13.9% - 40.9%
    # NCHS 2017: n_eff = p(1-p)/var = 39 >= 30; the CI is 27.7 points wide (< 30) and 111% of 25% (< 130%)
    assert row["n_effective"] == pytest.approx(39.0)
    assert high - low == pytest.approx(27.7, abs=0.05)
    assert bool(row["reliable"]) is True
    older = survey.estimate(frame, survey.load_rules("vn_law", {"reliability": {"rule": "n_rse"}})).iloc[0]
    assert bool(older["reliable"]) is True  # the earlier rule: n = 40 >= 30, RSE = 6.9/25 = 0.28 <= 0.30
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
    assert bool(est.iloc[0]["reliable"]) is False  # n_eff = n = 29 < 30 (NCHS)
    assert est.iloc[0]["unreliable_reason"] == "effective-n"
    assert any(f.code == "unreliable-estimate" for f in est.attrs["findings"])


def test_a_zero_rate_gets_an_exact_upper_bound_not_a_zero_width_interval() -> None:
    frame = pd.DataFrame({"age": [10] * 50, "hours_work": [0.0] * 50})
    row = survey.estimate(frame, VN).iloc[0]
    assert row["rate"] == 0 and row["se"] == 0
    # Korn-Graubard with n_eff = n = 50 and df = 49 = n - 1: Clopper-Pearson for 0 of 50, 1 - 0.025^(1/50)
    assert row["ci_high"] == pytest.approx(100 * (1 - 0.025 ** (1 / 50)))
    assert row["ci_low"] == 0 and row["ci_method"] == "korn-graubard"
    # n_eff 50 >= 30 and 7.1 points wide (< 30); a relative width is undefined at 0%, so it is not applied
    assert bool(row["reliable"]) is True


def test_korn_graubard_at_zero_uses_the_design_degrees_of_freedom() -> None:
    # 60 children in 4 PSUs of one stratum, none counted: df = 3. Korn-Graubard: n_df = n (t_59 / t_3)^2
    # = 60 (2.000995 / 3.182446)^2 = 23.72 (t from printed tables), upper bound 1 - 0.025^(1/n_df) = 14.4%,
    # twice the 7.1% an unweighted Clopper-Pearson on 60 children would claim.
    frame = rows([("S", p, 1.0, 0) for p in (1, 2, 3, 4) for _ in range(15)])
    row = survey.estimate(frame, VN).iloc[0]
    n_df = 60 * (2.000995 / 3.182446) ** 2
    assert row["ci_high"] == pytest.approx(100 * (1 - 0.025 ** (1 / n_df)), abs=1e-4)
    assert row["ci_high"] > 100 * (1 - 0.025 ** (1 / 60)) * 1.9


def test_measures_hazardous_and_working() -> None:
    frame = pd.DataFrame({"age": [10, 16, 16, 9], "hours_work": [0.0, 10.0, 0.0, 2.0], "hazardous_work": [False, True, False, False]})
    assert survey.estimate(frame, VN, measure="hazardous_work").iloc[0]["rate"] == pytest.approx(25.0)
    assert survey.estimate(frame, VN, measure="working").iloc[0]["rate"] == pytest.approx(50.0)


def test_year_keeps_only_that_survey_year() -> None:
    frame = pd.DataFrame({"age": [10, 10, 10], "hours_work": [5.0, 0.0, 5.0], "year": pd.array([2023, 2024, 2024], dtype="Int16")})
    row = survey.estimate(frame, VN, year=2024).iloc[0]
    assert row["n_unweighted"] == 2 and row["rate"] == pytest.approx(50.0)


# --------------------------------------------------------------------------- December 2026 additions


def test_fpc_matches_r_survey_published_api_means() -> None:
    # R survey 4.5, tests/testoutput/api.Rout.saved:
    #   dstrat <- svydesign(id=~1, strata=~stype, weights=~pw, data=apistrat, fpc=~fpc); svymean(~api00, dstrat)
    #   -> mean 662.29, SE 9.4089
    #   dclus1 <- svydesign(id=~dnum, weights=~pw, data=apiclus1, fpc=~fpc); svymean(~api00, dclus1)
    #   -> mean 644.17, SE 23.542
    for name, cols, mean, se in (("apistrat", {"stratum": "stype"}, 662.29, 9.4089), ("apiclus1", {"psu": "dnum"}, 644.17, 23.542)):
        data = pd.read_csv(DATA / f"{name}.csv.gz")
        frame = pd.DataFrame({k: data[v] for k, v in cols.items()} | {"fpc": data["fpc"]})
        des = survey.design(frame)
        Y, X, var = survey.linearised_ratio(data["api00"].to_numpy(float), np.ones(len(data)), data["pw"].to_numpy(float), des)
        assert Y[0] / X[0] == pytest.approx(mean, abs=0.005)
        assert math.sqrt(var[0]) == pytest.approx(se, abs=0.00005 if se < 10 else 0.0005)
        assert des.fpc is not None


def test_single_psu_strata_match_r_survey_lonely_psu_options() -> None:
    # R survey 4.5, tests/lonely.psu.Rout.save: ds <- svydesign(id=~1, weights=~pw, strata=~dnum, data=apiclus1)
    # (stratum 413 has one school). svymean(~api00, ds): lonely.psu "certainty" -> SE 5.8058,
    # "adjust" -> SE 5.8281, "fail" -> an error ("Stratum (413) has only one PSU at stage 1").
    data = pd.read_csv(DATA / "apiclus1.csv.gz")
    des = survey.design(pd.DataFrame({"stratum": data["dnum"]}))
    y, w = data["api00"].to_numpy(float), data["pw"].to_numpy(float)
    for method, se in (("certainty", 5.8058), ("centre", 5.8281)):
        _, _, var = survey.linearised_ratio(y, np.ones(len(y)), w, des, single_psu=method)
        assert math.sqrt(var[0]) == pytest.approx(se, abs=0.00005)
    # "fail": no SE at all, null with the reason, never 0
    frame = rows([*TWO_STRATA, ("C", 1, 2.0, 1)])
    row = survey.estimate(frame, survey.load_rules("vn_law", {"estimation": {"single_psu": "fail"}})).iloc[0]
    assert math.isnan(row["se"]) and math.isnan(row["ci_low"]) and row["se_reason"] == "single-psu-stratum"
    assert bool(row["reliable"]) is False


def test_blank_hours_are_item_nonresponse_not_zero_hours() -> None:
    # 10 children aged 10, weight 1 except the last (weight 3): 3 work 5 hours, 6 do not, 1 has blank hours.
    # The blank child leaves both sums: 3 / 9 = 33.3% (reading blank as 0 hours would give 3 / 10).
    frame = pd.DataFrame({"age": [10] * 10, "hours_work": [5.0] * 3 + [0.0] * 6 + [np.nan],
                          "weight": [1.0] * 9 + [3.0]})
    est = survey.estimate(frame, VN)
    row = est.iloc[0]
    assert (row["numerator"], row["denominator"], row["n_unweighted"], row["n_excluded"]) == (3, 9, 9, 1)
    assert row["rate"] == pytest.approx(100 * 3 / 9)
    assert row["excluded_weight_pct"] == pytest.approx(100 * 3 / 12)  # 25% of the weight > 5%: a warning
    warn = [f for f in est.attrs["findings"] if f.code == "survey-item-nonresponse"]
    assert len(warn) == 1 and warn[0].severity == "warning" and warn[0].args["n_excluded"] == 1


def test_a_known_condition_classifies_a_child_despite_another_blank_field() -> None:
    # vn_law 15-17: hours > 40 OR hazardous. 45 hours with a blank hazardous flag is counted (known);
    # 10 hours with a blank flag cannot be told; 10 hours and not hazardous is not counted.
    frame = pd.DataFrame({"age": [16, 16, 16], "hours_work": [45.0, 10.0, 10.0], "hazardous_work": [np.nan, np.nan, 0.0]})
    assert survey.classify(frame, VN).tolist() == [True, pd.NA, False]
    row = survey.estimate(frame, VN).iloc[0]
    assert (row["numerator"], row["denominator"], row["n_excluded"]) == (1, 2, 1)


def test_item_nonresponse_at_random_no_longer_pulls_the_rate_down() -> None:
    # A stratified survey of 20,000 children (seeded): blanking 10% of hours at random used to lower the rate
    # by a tenth (blank = 0 hours). Now the blank children leave the rate: it stays within sampling noise.
    rng = np.random.default_rng(2026)
    n = 20_000
    frame = pd.DataFrame({"age": rng.integers(5, 18, n), "hours_work": rng.choice([0.0, 2.0, 30.0, 45.0], n, p=[0.8, 0.08, 0.07, 0.05]),
                          "weight": rng.uniform(50, 150, n), "stratum": rng.choice(["a", "b", "c"], n), "psu": rng.integers(0, 200, n).astype(str)})
    full = survey.estimate(frame, VN).iloc[0]["rate"]
    blanked = frame.assign(hours_work=frame["hours_work"].mask(rng.random(n) < 0.10))
    row = survey.estimate(blanked, VN).iloc[0]
    assert abs(row["rate"] - full) < 0.5  # points; the old reading fell by about full / 10
    assert abs(full * 0.9 - full) > 0.5
    assert 1_800 < row["n_excluded"] < 2_200 and row["excluded_weight_pct"] == pytest.approx(10, abs=1)


def test_a_domain_inside_one_psu_has_no_se_and_is_not_reliable() -> None:
    # Girls are all in PSU 1: their rate is 1/2 but the design says nothing about its variance.
    frame = rows([("S", 1, 1.0, 1), ("S", 1, 1.0, 0), ("S", 2, 1.0, 0), ("S", 3, 1.0, 1)])
    frame["sex"] = pd.Categorical(["female", "female", "male", "male"], categories=["male", "female"])
    est = survey.estimate(frame, VN, by=["sex"]).set_index("sex")
    girls = est.loc["female"]
    assert girls["rate"] == pytest.approx(50.0)
    assert math.isnan(girls["se"]) and math.isnan(girls["ci_low"]) and pd.isna(girls["ci_method"])
    assert girls["se_reason"] == "one-psu" and bool(girls["reliable"]) is False
    assert any(f.code == "survey-no-se" and f.args["reason"] == "one-psu" for f in est.attrs["findings"])


def test_a_whole_file_in_one_psu_has_no_se() -> None:
    frame = rows([("S", 1, 1.0, 1)] * 20 + [("S", 1, 1.0, 0)] * 20)
    row = survey.estimate(frame, VN).iloc[0]
    assert row["rate"] == pytest.approx(50.0) and math.isnan(row["se"]) and row["se_reason"] == "one-psu"


def test_zero_total_weight_is_an_error_finding_not_a_rate() -> None:
    frame = pd.DataFrame({"age": [10] * 40, "hours_work": [5.0] * 40, "weight": [0.0] * 40})
    est = survey.estimate(frame, VN)
    row = est.iloc[0]
    assert math.isnan(row["rate"]) and row["se_reason"] == "zero-weight" and bool(row["reliable"]) is False
    err = [f for f in est.attrs["findings"] if f.code == "survey-zero-weight"]
    assert len(err) == 1 and err[0].severity == "error"


def test_empty_by_groups_are_listed_with_n_zero() -> None:
    frame = pd.DataFrame({"age": [10, 11], "hours_work": [0.0, 5.0],
                          "sex": pd.Categorical(["male", "male"], categories=["male", "female"])})
    est = survey.estimate(frame, VN, by=["sex", "age_group"])
    assert len(est) == 6  # 2 sexes x 3 age groups
    girls = est[est["sex"] == "female"]
    assert girls["n_unweighted"].tolist() == [0, 0, 0] and girls["rate"].isna().all()
    assert set(girls["se_reason"]) == {"no-respondents"}


def test_nchs_reliability_thresholds_worked_by_hand() -> None:
    # NCHS Data Presentation Standards for Proportions (Parker et al. 2017): unreliable when n_eff < 30,
    # or the CI is >= 30 points wide, or wider than 5 points and than 130% of the estimate.
    from cltrack.compute.survey.intervals import intervals

    # p = 50%, n = 100, var = p(1-p)/100 -> n_eff 100; CI width about 19.6 points < 30, relative 39%: reliable
    # p = 50%, n = 25 -> n_eff 25 < 30: unreliable (effective-n)
    # p = 50%, n = 100 but var four times larger (deff 4) -> n_eff 25: unreliable
    # p = 2%, n = 400, var = p(1-p)/400: width about 2.9 points (< 5): reliable despite a relative width of 144%
    p = np.array([0.5, 0.5, 0.5, 0.02])
    n = np.array([100, 25, 100, 400])
    var = p * (1 - p) / n * np.array([1, 1, 4, 1])
    out = intervals(p * n, n.astype(float), var, n, None, VN)
    assert out["n_effective"].tolist() == pytest.approx([100, 25, 25, 400])
    assert out["reliable"].tolist() == [True, False, False, True]
    assert out["unreliable_reason"].tolist()[1:3] == ["effective-n", "effective-n"]
    width = out["ci_high"] - out["ci_low"]
    assert width[3] < 5 and width[3] / 2.0 > 1.30
