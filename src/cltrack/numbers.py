"""Numbers a float holds exactly: the one rule shared by the report reader and the plan-file checker.

A float keeps 15 significant decimal digits exactly. A figure written with more (a 20-digit count,
a 5,000-digit target), or with 16 or more digits before the point, or infinite, cannot be read
without silent rounding: it is refused with a finding code instead.
"""

from __future__ import annotations

EXACT_DIGITS = 15
EXACT_LIMIT = 10.0**EXACT_DIGITS  # an integer part of 16 digits or more is beyond exact range


def exact_number(text: str) -> tuple[float, str | None]:
    """A plain number ('-1234.5', '1e309') as a float, or (nan, code): `not-finite`, `beyond-exact-range`
    (more than 15 significant digits, or 16 before the point) or `not-a-number`."""
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(text)
    except InvalidOperation:
        return float("nan"), "not-a-number"
    if not d.is_finite():
        return float("nan"), "not-finite"
    if d.is_zero():
        return 0.0, None
    if d.adjusted() >= EXACT_DIGITS or len(d.normalize().as_tuple().digits) > EXACT_DIGITS:
        return float("nan"), "beyond-exact-range"
    return float(d), None


def short_text(text: str, limit: int = 40) -> str:
    """Text as shown in a message: long values cut in the middle, with their length."""
    return text if len(text) <= limit else f"{text[:20]}…{text[-6:]} ({len(text)} characters)"
