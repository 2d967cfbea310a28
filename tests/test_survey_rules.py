"""Classification rules (survey-rules.md): every age and hour boundary of vn_law and ilo_sdg, read from YAML."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cltrack.compute import survey
from cltrack.errors import CltrackError


def child(age: int, hours: float = 0, chores: float = 0, hazardous: bool = False, permitted: bool = False) -> dict:
    return {"age": age, "hours_work": hours, "hours_chores": chores, "hazardous_work": hazardous, "permitted_work": permitted}


def counted(rules: survey.RuleSet, **kw: object) -> bool:
    frame = pd.DataFrame([child(**kw)])  # type: ignore[arg-type]
    frame["hazardous_work"] = frame["hazardous_work"].astype(bool)
    frame["permitted_work"] = frame["permitted_work"].astype(bool)
    return bool(survey.classify(frame, rules).iloc[0])


# (age, hours_work, hours_chores, hazardous, permitted_work, counted) written from survey-rules.md by hand
VN_LAW = [
    (5, 0, 0, False, False, False), (5, 1, 0, False, False, True), (12, 0.5, 0, False, False, False),
    (12, 1, 0, False, False, True), (12, 1, 0, False, True, False),  # permitted art/sport work is lawful under 13
    (12, 30, 0, False, True, False), (13, 1, 0, False, False, False),  # at 13, 1 hour of light work is lawful
    (13, 20, 0, False, False, False), (13, 20.5, 0, False, False, True), (14, 20, 0, False, False, False),
    (14, 21, 0, False, False, True), (13, 0, 0, True, False, True), (14, 0, 0, True, True, True),
    (15, 40, 0, False, False, False), (15, 40.5, 0, False, False, True), (17, 40, 0, False, False, False),
    (17, 41, 0, False, False, True), (16, 0, 0, True, False, True), (10, 0, 60, False, False, False),  # chores never count
    (17, 0, 60, False, False, False),
]


@pytest.mark.parametrize(("age", "hours", "chores", "hazardous", "permitted", "expected"), VN_LAW)
def test_vn_law_counts_by_age_band_and_hours(age, hours, chores, hazardous, permitted, expected) -> None:
    rules = survey.load_rules("vn_law")
    assert counted(rules, age=age, hours=hours, chores=chores, hazardous=hazardous, permitted=permitted) is expected


ILO_ECONOMIC = [
    (5, 0.5, 0, False, False), (5, 1, 0, False, True), (11, 1, 0, False, True), (11, 0.9, 0, False, False),
    (12, 13, 0, False, False), (12, 14, 0, False, True), (14, 13.5, 0, False, False), (14, 14, 0, False, True),
    (15, 42, 0, False, False), (15, 43, 0, False, True), (17, 42.9, 0, False, False), (17, 43, 0, False, True),
    (5, 0, 0, True, True), (17, 0, 0, True, True),  # hazardous work at any age 5-17
    (10, 0, 40, False, False),  # chores are not in the default series
]


@pytest.mark.parametrize(("age", "hours", "chores", "hazardous", "expected"), ILO_ECONOMIC)
def test_ilo_sdg_economic_series_thresholds(age, hours, chores, hazardous, expected) -> None:
    rules = survey.load_rules("ilo_sdg")
    assert rules.series == "economic"
    assert counted(rules, age=age, hours=hours, chores=chores, hazardous=hazardous) is expected


def test_ilo_permitted_work_flag_does_not_excuse_under_the_international_rule() -> None:
    assert counted(survey.load_rules("ilo_sdg"), age=8, hours=2, permitted=True) is True


@pytest.mark.parametrize(
    ("series", "age", "chores", "expected"),
    [
        ("chores", 14, 20, False), ("chores", 14, 21, True), ("chores", 5, 21, True), ("chores", 15, 60, False),
        ("chores_2008", 14, 27, False), ("chores_2008", 14, 28, True), ("chores_2008", 15, 42, False),
        ("chores_2008", 17, 43, True), ("chores_no_hazardous", 14, 21, True),
    ],
)
def test_ilo_household_chores_variants(series: str, age: int, chores: float, expected: bool) -> None:
    rules = survey.load_rules("ilo_sdg", series=series)
    assert counted(rules, age=age, chores=chores) is expected


def test_series_without_hazardous_work_ignores_the_flag() -> None:
    assert counted(survey.load_rules("ilo_sdg", series="economic_no_hazardous"), age=16, hazardous=True) is False
    assert counted(survey.load_rules("ilo_sdg", series="chores_no_hazardous"), age=16, hazardous=True) is False


def test_age_groups_and_reliability_come_from_the_rules_file() -> None:
    vn, ilo = survey.load_rules("vn_law"), survey.load_rules("ilo_sdg")
    assert vn.age_group_labels() == ["5-12", "13-14", "15-17"]
    assert ilo.age_group_labels() == ["5-11", "12-14", "15-17"]
    assert (vn.min_n, vn.max_rse) == (30, 0.30)
    assert vn.age_range == (5, 17) and vn.max_hours == 168


def test_a_changed_threshold_in_a_copied_rules_file_changes_the_classification(tmp_path: Path) -> None:
    text = survey.RULES_FILE.read_text(encoding="utf-8").replace('[[hours_work, ">", 20], [hazardous_work', '[[hours_work, ">", 25], [hazardous_work')
    path = tmp_path / "my_rules.yaml"
    path.write_text(text, encoding="utf-8")
    assert counted(survey.load_rules("vn_law"), age=13, hours=22) is True
    assert counted(survey.load_rules(str(path)), age=13, hours=22) is False
    assert counted(survey.load_rules(str(path)), age=13, hours=26) is True


def test_overrides_change_reliability_and_series() -> None:
    rules = survey.load_rules("ilo_sdg", {"reliability": {"min_n": 5}, "series": "chores"})
    assert rules.min_n == 5 and rules.max_rse == 0.30 and rules.series == "chores"


@pytest.mark.parametrize(
    ("args", "message"),
    [(("no_such_rules",), "unknown rule set"), (("ilo_sdg",), "unknown series 'x'")],
)
def test_bad_rule_names_are_errors(args: tuple[str], message: str) -> None:
    with pytest.raises(CltrackError, match=message):
        survey.load_rules(*args, series="x" if args == ("ilo_sdg",) else None)


def test_an_unknown_operator_in_a_rules_file_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("clauses:\n  a:\n    - ages: [5, 17]\n      any: [[hours_work, '=>', 1]]\nseries:\n  a: [a]\n", encoding="utf-8")
    with pytest.raises(CltrackError, match="unknown operator '=>'"):
        survey.load_rules(str(path))


def test_missing_flag_columns_count_as_false() -> None:
    frame = pd.DataFrame({"age": [13, 13], "hours_work": [25.0, 5.0]})
    assert survey.classify(frame, survey.load_rules("vn_law")).tolist() == [True, False]
