"""The words and number formats every output uses: terminal, JSON/CSV labels, Excel and the site.

One place says how a number is written in each language (Vietnamese 1.234,56; English 1,234.56),
how a target reads ('≥ 90%'), what each status is called, and which statuses are flagged, so the
terminal table, the Excel report and the site cannot disagree. No I/O, no rich, no pandas.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cltrack.i18n import SEPARATORS, Lang, label, number  # noqa: F401  (number: re-exported for the renderers)
from cltrack.models import FLAGGED_STATUSES

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.models import Result, Target

#: thousands separator and decimal mark per language (Vietnamese: 1.234,5; English: 1,234.5)
CMP_SIGN: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
STATUS_SYMBOL: dict[str, str] = {
    "met": "✔", "on_track": "↗", "off_track": "↘", "shortfall": "✘", "no_data": "·", "insufficient_data": "?",
}


def _missing(value: object) -> bool:
    """True for None and NaN (a blank, never a zero)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def value_text(value: float | None, lang: Lang = "en") -> str:
    """A target or actual value: whole numbers bare, else up to 2 decimals without trailing zeros."""
    if _missing(value):
        return ""
    assert value is not None
    if float(value).is_integer():
        return number(value, 0, lang)
    text = number(round(value, 2), 2, lang)
    decimal = SEPARATORS.get(lang, SEPARATORS["en"])[1]
    return text.rstrip("0").rstrip(decimal)


def percent_text(value: float | None, decimals: int = 1, lang: Lang = "en") -> str:
    """'63.7%' / '63,7%'; '' for blank."""
    return "" if _missing(value) else number(value, decimals, lang) + "%"


def goal_text(comparator: str | None, value: float | None, percent: bool, direction: str | int | None, lang: Lang = "en") -> str:
    """'≥ 90%', '≤ 0,5%', '≥ 1', or '↑' / '↓' for a target that only sets a direction."""
    if comparator is None or value is None:
        return "↓" if direction in ("decrease", -1) else "↑"
    return f"{CMP_SIGN.get(comparator, comparator)} {value_text(value, lang)}{'%' if percent else ''}"


def target_text(target: Target, lang: Lang = "en") -> str:
    """The target's goal as people read it: '≥ 90%', '≤ 0,5%', '≥ 1' or '↓'."""
    return goal_text(target.comparator, target.value, target.unit == "percent", target.direction, lang)


def is_flagged(status: str | None) -> bool:
    """True for the contract's flagged statuses (off_track, shortfall)."""
    return status in FLAGGED_STATUSES


def coverage_text(r: Result, lang: Lang = "en", *, with_pct: bool = True) -> str:
    """'2/32 (6,25%)' (or '2/32' where space is short): the units a figure rests on, when fewer than all
    expected; '' at full coverage."""
    if r.coverage_pct is None or r.coverage_pct >= 100:
        return ""
    share = f"{r.units_reporting}/{r.units_expected}"
    return f"{share} ({value_text(r.coverage_pct, lang)}%)" if with_pct else share


def flagged_line(flagged: int, insufficient: int, min_coverage: float, lang: Lang) -> str:
    """The count of flagged results, and beside it the count resting on too few units (when any)."""
    line = label("eval.flagged", lang).format(n=flagged)
    if insufficient:
        line += "; " + label("eval.insufficient", lang).format(n=insufficient, min=value_text(min_coverage, lang))
    return line


def status_words(status: str, lang: Lang) -> str:
    """The status in words in `lang` (never colour alone)."""
    return label(f"status.{status}", lang)


def status_text(r: Result, lang: Lang) -> str:
    """Status in words, with the survey's significance caveat and an approximate mark."""
    words = status_words(r.status, lang)
    if r.significance == "not_significant" and r.status != "no_data":
        words += ", " + label("eval.not_significant", lang)
    if r.approximate:
        words += " (≈)"
    return words


def baseline_text(r: Result, target: Target, lang: Lang = "en") -> str:
    """'1,36% (2021, số liệu)': the baseline, its year and where it came from; '' without one."""
    if _missing(r.baseline_value):
        return ""
    value = percent_text(r.baseline_value, 2, lang) if target.percent else value_text(r.baseline_value, lang)
    return f"{value} ({r.baseline_year}, {label(f'baseline.{r.baseline_source}', lang)})"


def baseline_cell(r: Result, target: Target, lang: Lang = "en") -> str:
    """The baseline text, or why a shortfall has none ('no earlier year'); '' otherwise."""
    if r.baseline_value is None and r.shortfall_reason == "no_baseline":
        return label("baseline.none", lang)
    return baseline_text(r, target, lang)


def actual_text(r: Result, target: Target, lang: Lang = "en") -> str:
    """The actual value with its unit, and the CI for survey estimates."""
    if r.actual is None:
        return "—"
    text = percent_text(r.actual, 2, lang) if target.percent else value_text(r.actual, lang)
    if r.ci_low is not None and r.ci_high is not None:
        text += f" [{number(r.ci_low, 2, lang)}–{number(r.ci_high, 2, lang)}]"
    return text


def gap_text(r: Result, target: Target, lang: Lang = "en") -> str:
    """The gap in the target's own unit: '2,38 đ.p' / '2.38 pp' for percentages; '' when unknown."""
    if r.gap is None:
        return ""
    if target.unit == "percent" and r.gap:
        return value_text(r.gap, lang) + (" đ.p" if lang == "vi" else " pp")
    return value_text(r.gap, lang)
