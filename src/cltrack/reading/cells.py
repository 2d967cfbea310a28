"""Typed cell values: raw spreadsheet cells (numbers, text, dates, errors) to counts, column by column.

Blank stays NaN (never zero). Text numbers follow Vietnamese habits: `1.234` and `1 234` are
thousands, `0,5` is a decimal comma. Every cell that is not a usable number becomes NaN and yields
a problem (finding code, the value as written) for the caller to turn into a Finding.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cltrack.numbers import EXACT_LIMIT, exact_number, short_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


@dataclass(frozen=True)
class CellIssue:
    """A cell the reader could see but not use: a formula without cached value, or an error value."""

    code: str  # "formula-no-value" or "error-value"
    text: str = ""


ERROR_VALUES: frozenset[str] = frozenset(
    {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)
DASHES: frozenset[str] = frozenset(
    {"-", "--", "---", "–", "—", "−", "x", "X", "×", "…", "..", "...", "_", "?", "/"}
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_DIGIT = re.compile(r"\d")
_INT = re.compile(r"[+-]?\d+")
_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(?:(?P<sep>[.,' ])\d{3})(?:(?P=sep)\d{3})*")
_VN_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+,\d+")
_EN_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+\.\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+[.,]\d+|[.,]\d+|\d+[.,])")
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2}(?:[ T].*)?")
_LIBRE_ERROR = re.compile(r"err:\d{3}", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?\d+")
INFINITE_WORDS: frozenset[str] = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞", "+∞", "-∞"})


def parse_text(text: str) -> tuple[float, str | None]:
    """A text cell as a number: (value, None), (nan, None) when blank, or (nan, finding code)."""
    nan = float("nan")
    s = unicodedata.normalize("NFC", text).strip()
    if s.startswith("'"):
        s = s[1:].strip()
    if not s:
        return nan, None
    if s in DASHES:
        return nan, "ambiguous-dash"
    if s.upper() in ERROR_VALUES or _LIBRE_ERROR.fullmatch(s):
        return nan, "error-value"
    if s.casefold() in INFINITE_WORDS:
        return nan, "not-finite"
    compact = _SPACES.sub(" ", s)
    if not _DIGIT.search(compact):  # every pattern below needs a digit
        return nan, "not-a-number"
    if _INT.fullmatch(compact):
        return exact_number(compact)
    if _DATE.fullmatch(compact):
        return nan, "date-in-count"
    m = _THOUSANDS.fullmatch(compact)
    if m:
        return exact_number(re.sub(r"[.,' ]", "", compact))
    if _VN_DECIMAL.fullmatch(compact):
        return exact_number(compact.replace(".", "").replace(",", "."))
    if _EN_DECIMAL.fullmatch(compact):
        return exact_number(compact.replace(",", ""))
    if _DECIMAL.fullmatch(compact) or _SCIENTIFIC.fullmatch(compact):
        return exact_number(compact.replace(",", "."))
    return nan, "not-a-number"


def display(value: object) -> str | _dt.date:
    """A raw cell value as the user would read it in a message (a date stays a date: the message says it as its
    language writes dates, findings.message)."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < EXACT_LIMIT else repr(value)
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, _dt.time):
        return value.isoformat()
    if isinstance(value, CellIssue):
        return value.text
    return short_text(str(value).strip())


def _classify_other(value: object) -> tuple[float, str | None]:
    """A non-text, non-number raw value: dates, booleans, cell issues."""
    nan = float("nan")
    if value is None:
        return nan, None
    if isinstance(value, CellIssue):
        return nan, value.code
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time, _dt.timedelta)):
        return nan, "date-in-count"
    if isinstance(value, float) and value != value:
        return nan, None
    return nan, "not-a-number"


PROBLEM_CODES: tuple[str, ...] = (
    "", "negative-count", "fractional-count", "not-a-number", "ambiguous-dash", "date-in-count",
    "error-value", "formula-no-value", "not-finite", "beyond-exact-range", "merged-figure",
)
_CODE_NO = {c: i for i, c in enumerate(PROBLEM_CODES)}


NUMBER_KINDS: frozenset[str] = frozenset({"floating", "integer", "mixed-integer-float"})  # pandas' infer_dtype of numbers only


def typed_column(values: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """(filled, numbers) of a column of raw cells: which cells are not '', and, when every filled cell
    is a number (no bool, text or date), the column as float64 with NaN where blank; else None."""
    import numpy as np
    import pandas as pd  # the package whole before its parts: the import thread may be importing it

    infer = pd.api.types.infer_dtype
    if len(values) and infer(values, skipna=False) in NUMBER_KINDS:  # numbers in every cell: no blank to look for
        return np.ones(len(values), dtype=bool), values.astype(float)
    filled = values != "" if len(values) else np.zeros(0, dtype=bool)
    sub = values[filled]
    if not len(sub):
        return filled, np.full(len(values), np.nan)
    if len(sub) == len(values) or infer(sub, skipna=False) not in NUMBER_KINDS:
        return filled, None
    out = np.full(len(values), np.nan)
    out[filled] = sub.astype(float)
    return filled, out


class TypedGrid:
    """A sheet's object grid with `typed_column` of each column worked out once, on first use, and shared
    by the second-table search, the row kinds and the conversion; a column written to is forgotten."""

    def __init__(self, grid: np.ndarray) -> None:
        self.grid = grid
        self._columns: dict[int, tuple[np.ndarray, np.ndarray | None]] = {}

    def column(self, c: int) -> tuple[np.ndarray, np.ndarray | None]:
        """`typed_column` of grid column `c`."""
        hit = self._columns.get(c)
        if hit is None:
            hit = self._columns[c] = typed_column(self.grid[:, c])
        return hit

    def forget(self, columns: Iterable[int]) -> None:
        """Columns whose cells were written to since: worked out again when next asked for."""
        for c in columns:
            self._columns.pop(c, None)

    def filled(self, start: int = 0, end: int | None = None) -> np.ndarray:
        """Rows `start` to `end` x every column: True where a cell is not ''."""
        import numpy as np

        rows = self.grid[start:end]
        if not rows.shape[1]:
            return np.zeros(rows.shape, dtype=bool)
        return np.column_stack([self.column(c)[0][start:end] for c in range(rows.shape[1])])


def convert_column(
    values: np.ndarray, *, integer: bool = True, typed: tuple[np.ndarray, np.ndarray | None] | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Raw object cells to float64 counts; returns (values, problem positions, problem codes).

    Numbers pass through; text is parsed once per distinct string; infinite numbers, numbers of 16
    or more integer digits, negative numbers and (when `integer`) fractions are problems too.
    Problem cells are NaN. `typed`: the column's `typed_column`, when worked out already.
    """
    import numpy as np

    n = len(values)
    codes = np.zeros(n, dtype=np.int8)
    filled, numbers = typed if typed is not None else typed_column(values)
    if numbers is not None:
        out = numbers.copy()
    else:
        out = np.full(n, np.nan)
        where = np.flatnonzero(filled)
        _convert_mixed(values[where], where, out, codes)
    with np.errstate(invalid="ignore"):
        huge = ~(np.abs(out) < EXACT_LIMIT) & ~np.isnan(out)  # inf, or 16 digits before the point
    if huge.any():
        codes[huge] = np.where(np.isinf(out[huge]), _CODE_NO["not-finite"], _CODE_NO["beyond-exact-range"])
        out[huge] = np.nan
    neg = out < 0
    if neg.any():
        codes[neg] = _CODE_NO["negative-count"]
    if integer:
        rounded = np.round(out)
        frac = np.abs(out - rounded) > 1e-9
        if frac.any():
            codes[frac & ~neg] = _CODE_NO["fractional-count"]
        out = rounded
    problems = np.flatnonzero(codes)
    if len(problems):
        out[problems] = np.nan
    return out, problems, [PROBLEM_CODES[c] for c in codes[problems].tolist()]


_KIND: dict[type, int] = {float: 1, int: 1, str: 2}


def _convert_mixed(sub: np.ndarray, where: np.ndarray, out: np.ndarray, codes: np.ndarray) -> None:
    """Slow path for columns holding text, dates or issues: each distinct text parsed once."""
    import numpy as np

    kinds = np.fromiter((_KIND.get(type(v), 0) for v in sub), dtype=np.int8, count=len(sub))
    is_num = kinds == 1
    if is_num.any():
        out[where[is_num]] = sub[is_num].astype(float)
    is_str = kinds == 2
    if is_str.any():
        texts = sub[is_str]
        parsed = {t: parse_text(t) for t in dict.fromkeys(texts.tolist())}
        vals = np.fromiter((parsed[t][0] for t in texts), dtype=float, count=len(texts))
        errs = np.fromiter((_CODE_NO[parsed[t][1] or ""] for t in texts), dtype=np.int8, count=len(texts))
        idx = where[is_str]
        out[idx] = vals
        codes[idx] = errs
    other = ~is_num & ~is_str
    for i in np.flatnonzero(other):
        val, code = _classify_other(sub[i])
        out[where[i]] = val
        codes[where[i]] = _CODE_NO[code or ""]
