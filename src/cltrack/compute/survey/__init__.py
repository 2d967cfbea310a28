"""Survey estimates: rule files (rules), classification (classify), design and variance (design),
intervals and reliability (intervals), estimation (estimate) and the `cltrack survey` call (report).

The public names are re-exported here, so `from cltrack.compute import survey; survey.estimate(...)`
keeps working. Importing the package loads no pandas, numpy or scipy.
"""

from __future__ import annotations

from cltrack.compute.survey.classify import MEASURES, age_groups, classify, measure_values
from cltrack.compute.survey.design import Design, design, linearised_ratio
from cltrack.compute.survey.estimate import BY_CHOICES, RESULT_COLUMNS, UNIT_BY, estimate
from cltrack.compute.survey.intervals import quantile
from cltrack.compute.survey.report import (
    UNIT_LEVELS,
    SurveyReport,
    needed_columns,
    parse_by,
    survey_report,
)
from cltrack.compute.survey.rules import (
    RULE_COLUMNS,
    SINGLE_PSU,
    Band,
    Condition,
    RuleSet,
    load_rules,
    rule_set_names,
)
from cltrack.reading.grouping import group_ids
from cltrack.reading.rulefile import RULES_FILE, shipped_rules

__all__ = [
    "BY_CHOICES", "MEASURES", "RESULT_COLUMNS", "RULES_FILE", "RULE_COLUMNS", "SINGLE_PSU", "UNIT_BY", "UNIT_LEVELS",
    "Band", "Condition", "Design", "RuleSet", "SurveyReport", "age_groups", "classify", "design", "estimate", "group_ids",
    "linearised_ratio", "load_rules", "measure_values", "needed_columns", "parse_by", "quantile", "rule_set_names",
    "shipped_rules", "survey_report",
]
