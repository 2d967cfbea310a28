"""The contract's arithmetic: comparators, attainment, gap, gap in people, expected value, status.

Pure functions on numbers, no I/O and no pandas. Comparisons that decide a status are made with
exact fractions (`fractions.Fraction`), so 63 of 70 is exactly 90% and `>= 90` holds while `> 90`
does not, whatever binary floating point would say.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import NamedTuple

from cltrack.models import Status

Number = int | float | Fraction

DECREASING: frozenset[str] = frozenset({"<=", "<"})
INCREASING: frozenset[str] = frozenset({">=", ">"})


def exact(value: Number) -> Fraction:
    """A number as an exact fraction; floats are read as the decimal they print as (0.1 -> 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def ratio_pct(numerator: Number, denominator: Number) -> Fraction | None:
    """100 x numerator / denominator as an exact fraction; None when the denominator is 0."""
    den = exact(denominator)
    if den == 0:
        return None
    return exact(numerator) * 100 / den


def holds(actual: Number, comparator: str, target: Number) -> bool:
    """True when `actual <comparator> target` holds, compared exactly."""
    a, t = exact(actual), exact(target)
    return {">=": a >= t, ">": a > t, "<=": a <= t, "<": a < t, "==": a == t}[comparator]


def is_decreasing(comparator: str, baseline: Number | None = None, target: Number | None = None) -> bool:
    """True when a lower value is better (<=, <; == when the target lies below the baseline)."""
    if comparator in DECREASING:
        return True
    if comparator == "==" and baseline is not None and target is not None:
        return exact(target) < exact(baseline)
    return False


def attainment_pct(actual: Number, comparator: str, target: Number) -> float | None:
    """100 x actual / target (>=, >, ==), or 100 x target / actual (<=, <; 100 when actual is 0 and met)."""
    a, t = exact(actual), exact(target)
    if comparator in DECREASING:
        if a == 0:
            return 100.0 if holds(a, comparator, t) else None
        return float(t * 100 / a)
    if t == 0:
        return 100.0 if holds(a, comparator, t) else None
    return float(a * 100 / t)


def gap(actual: Number, comparator: str, target: Number) -> float:
    """Distance from the target in its own unit (percentage points for percentages); 0 when met."""
    a, t = exact(actual), exact(target)
    if holds(a, comparator, t):
        return 0.0
    if comparator == "==":
        return float(abs(a - t))
    return float(max(Fraction(0), t - a if comparator in INCREASING else a - t))


def _floor(x: Fraction) -> int:
    return math.floor(x)


def _ceil(x: Fraction) -> int:
    return math.ceil(x)


def gap_count_for_bound(numerator: Number, comparator: str, bound: Fraction) -> int | None:
    """Whole people (or units) to add to (>=, >) or take from (<=, <) the numerator so that
    `numerator <comparator> bound` holds; 0 when it already holds; None when no whole number can."""
    n = exact(numerator)
    if holds(n, comparator, bound):
        return 0
    if comparator == ">=":
        need = _ceil(bound) - n
    elif comparator == ">":
        need = _floor(bound) + 1 - n
    elif comparator == "<=":
        need = n - _floor(bound)
    elif comparator == "<":
        need = n - (_ceil(bound) - 1)
    else:  # "==": only when the bound is a whole number
        if bound.denominator != 1:
            return None
        need = abs(bound - n)
    need_int = _ceil(Fraction(need))
    if comparator in DECREASING and need_int > n:
        return None  # cannot remove more people than there are
    return max(0, need_int)


def gap_count_ratio(numerator: Number, denominator: Number, comparator: str, target_pct: Number) -> int | None:
    """Smallest whole number of people more (>=, >) or fewer (<=, <) in the numerator, same denominator."""
    den = exact(denominator)
    if den == 0:
        return None
    bound = exact(target_pct) * den / 100
    return gap_count_for_bound(numerator, comparator, bound)


def gap_count_count(actual: Number, comparator: str, target: Number) -> int | None:
    """For a count target: how many more (or fewer) to meet it."""
    return gap_count_for_bound(actual, comparator, exact(target))


def expected_value(baseline: Number, baseline_year: int, target: Number, deadline: int, year: int) -> float:
    """The straight line from (baseline_year, baseline) to (deadline, target), read at `year`."""
    return float(_expected(baseline, baseline_year, target, deadline, year))


def _expected(baseline: Number, baseline_year: int, target: Number, deadline: int, year: int) -> Fraction:
    b, t = exact(baseline), exact(target)
    if deadline <= baseline_year or year >= deadline:
        return t
    if year <= baseline_year:
        return b
    return b + (t - b) * Fraction(year - baseline_year, deadline - baseline_year)


def shortfall_reason(status: str, year: int, deadline: int) -> str | None:
    """Why a result is a shortfall: "deadline" (the deadline year or later), else "no_baseline" (no earlier year)."""
    if status != "shortfall":
        return None
    return "deadline" if year >= deadline else "no_baseline"


def progress_pct(actual: Number, baseline: Number, target: Number) -> float | None:
    """100 x (actual - baseline) / (target - baseline); None when target equals baseline."""
    a, b, t = exact(actual), exact(baseline), exact(target)
    if t == b:
        return None
    return float((a - b) * 100 / (t - b))


def status(
    actual: Number | None,
    comparator: str,
    target: Number,
    *,
    year: int,
    deadline: int,
    baseline: Number | None = None,
    baseline_year: int | None = None,
) -> Status:
    """met / on_track / off_track / shortfall / no_data, exactly as the contract's table says."""
    if actual is None:
        return "no_data"
    if holds(actual, comparator, target):
        return "met"
    if year >= deadline or baseline is None or baseline_year is None:
        return "shortfall"
    expected = _expected(baseline, baseline_year, target, deadline, year)
    a = exact(actual)
    good = a <= expected if is_decreasing(comparator, baseline, target) else a >= expected
    return "on_track" if good else "off_track"


def qualitative_status(
    actual: Number | None, direction: str, *, year: int, deadline: int, baseline: Number | None
) -> Status:
    """A direction-only target: met when the actual moved the named way from the baseline.

    Not moved (or moved the wrong way): off_track before the deadline, shortfall from it on.
    Without a baseline nothing can be judged: no_data (the actual is still reported).
    """
    if actual is None or baseline is None:
        return "no_data"
    a, b = exact(actual), exact(baseline)
    moved = a < b if direction == "decrease" else a > b
    if moved:
        return "met"
    return "off_track" if year < deadline else "shortfall"


class Figures(NamedTuple):
    """Everything the contract derives from an actual value against a target (a named tuple: one is made per unit and target)."""

    actual: float | None
    attainment_pct: float | None
    status: Status
    gap: float | None
    gap_count: int | None
    expected_value: float | None
    progress_pct: float | None


def figures(
    *,
    numerator: Number | None,
    denominator: Number | None,
    comparator: str | None,
    target: Number | None,
    year: int,
    deadline: int,
    percent: bool = True,
    baseline: Number | None = None,
    baseline_year: int | None = None,
    direction: str | None = None,
    actual_override: Number | None = None,
) -> Figures:
    """The contract's figures from summed counts (percent: 100 x num / den; else the count itself).

    `actual_override` gives the actual directly (survey estimates), the counts then only feed
    `gap_count`.
    """
    actual_exact: Fraction | None
    if actual_override is not None:
        actual_exact = exact(actual_override)
    elif numerator is None or (percent and denominator is None):
        actual_exact = None
    elif percent:
        actual_exact = ratio_pct(numerator, denominator)  # type: ignore[arg-type]
    else:
        actual_exact = exact(numerator)
    actual = None if actual_exact is None else float(actual_exact)
    if comparator is None or target is None:  # qualitative target: direction only
        st = qualitative_status(actual_exact, direction or "decrease", year=year, deadline=deadline, baseline=baseline)
        return Figures(actual, None, st, None, None, None, None)
    if actual_exact is None:
        return Figures(None, None, "no_data", None, None, None, None)
    st = status(actual_exact, comparator, target, year=year, deadline=deadline, baseline=baseline, baseline_year=baseline_year)
    if percent and numerator is not None and denominator is not None:
        gcount = gap_count_ratio(numerator, denominator, comparator, target) if actual_override is None else _survey_gap_count(numerator, denominator, comparator, target)
    elif not percent:
        gcount = gap_count_count(actual_exact, comparator, target)
    else:
        gcount = None
    expected = progress = None
    if baseline is not None and baseline_year is not None:
        expected = expected_value(baseline, baseline_year, target, deadline, year)
        progress = progress_pct(actual_exact, baseline, target)
    return Figures(actual, attainment_pct(actual_exact, comparator, target), st, gap(actual_exact, comparator, target), gcount, expected, progress)


def _survey_gap_count(numerator: Number, denominator: Number, comparator: str, target: Number) -> int | None:
    """Estimated people (weighted) to move so that the weighted rate meets the target."""
    den = exact(denominator)
    if den == 0:
        return None
    bound = exact(target) * den / 100
    n = exact(numerator)
    if holds(n, comparator, bound):
        return 0
    return _ceil(abs(bound - n)) or 1


def figures_vector(
    numerator: list[float | None],
    denominator: list[float | None],
    *,
    comparator: str,
    target: Number,
    year: int,
    deadline: int,
    percent: bool = True,
    baselines: list[float | None] | None = None,
    baseline_year: int | None | list[int | None] = None,
) -> list[Figures]:
    """`figures` for many units of one target at once, exact in whole-number integer arithmetic.

    Counts must be whole numbers (the reader guarantees it); anything else falls back to `figures`.
    `baseline_year` is one year for every unit, or a list with each unit's own.
    The straight-line comparison for on_track/off_track is made in floating point with a 1e-9
    tolerance in the unit's favour.
    """
    import numpy as np

    n = np.array([np.nan if v is None else v for v in numerator], dtype=float)
    d = np.array([np.nan if v is None else v for v in denominator], dtype=float) if percent else np.ones(len(n))
    whole = np.isnan(n) | (np.mod(n, 1) == 0)
    whole &= np.isnan(d) | (np.mod(d, 1) == 0)
    base = baselines if baselines is not None else [None] * len(n)
    base_years = baseline_year if isinstance(baseline_year, list) else [baseline_year] * len(n)
    if not whole.all() or abs(float(np.nanmax(np.abs(n), initial=0))) > 1e12 or abs(float(np.nanmax(np.abs(d), initial=0))) > 1e12:
        return [
            figures(numerator=nv, denominator=dv, comparator=comparator, target=target, year=year, deadline=deadline,
                    percent=percent, baseline=b, baseline_year=by if b is not None else None)
            for nv, dv, b, by in zip(numerator, denominator, base, base_years, strict=True)
        ]
    t = exact(target)
    p, q = t.numerator, t.denominator
    scale = 100 if percent else 1
    bden = scale * q
    tf = float(t)
    dec = comparator in DECREASING
    cmp = {">=": int.__ge__, ">": int.__gt__, "<=": int.__le__, "<": int.__lt__, "==": int.__eq__}[comparator]
    out: list[Figures] = []
    append = out.append
    for nv, dv, b, by in zip(n.tolist(), d.tolist(), base, base_years, strict=True):
        span = (deadline - by) if by is not None else 0
        if nv != nv or dv != dv or dv == 0:
            append(_NO_DATA)
            continue
        ni, di = int(nv), int(dv)
        ok = cmp(ni * bden, di * p)
        a = scale * nv / dv
        expected = progress = None
        if b is not None and by is not None:
            bf = float(b)
            if span <= 0 or year >= deadline:
                expected = tf
            elif year <= by:
                expected = bf
            else:
                expected = bf + (tf - bf) * (year - by) / span
            progress = None if bf == tf else 100 * (a - bf) / (tf - bf)
        st: Status
        if ok:
            st = "met"
        elif expected is None or year >= deadline:
            st = "shortfall"
        else:
            good = a <= expected + 1e-9 if is_decreasing(comparator, b, t) else a >= expected - 1e-9
            st = "on_track" if good else "off_track"
        bnum = di * p
        if ok:
            gc: int | None = 0
        elif comparator == ">=":
            gc = -((-bnum) // bden) - ni
        elif comparator == ">":
            gc = bnum // bden + 1 - ni
        elif comparator == "<=":
            gc = ni - bnum // bden
        elif comparator == "<":
            gc = ni - (-((-bnum) // bden) - 1)
        else:
            gc = abs(bnum // bden - ni) if bnum % bden == 0 else None
        if gc is not None and dec and gc > ni:
            gc = None
        if dec:
            att = (100.0 if ok else None) if a == 0 else 100 * tf / a
        else:
            att = (100.0 if ok else None) if tf == 0 else 100 * a / tf
        g = 0.0 if ok else (abs(a - tf) if comparator == "==" else max(0.0, (a - tf) if dec else (tf - a)))
        append(Figures(a, att, st, g, gc, expected, progress))
    return out


_NO_DATA = Figures(None, None, "no_data", None, None, None, None)
