"""Survey microdata typed: each column converted once per distinct value (numbers, yes/no flags, sex, labels),
the validity rules checked, and every row that cannot be used given a finding and left out."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cltrack.findings import make
from cltrack.models import Finding
from cltrack.reading.survey_columns import RawColumn, RawTable
from cltrack.reading.survey_files import FLAG_COLUMNS, HOUR_COLUMNS, header_key

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Collection

    import numpy as np
    import pandas as pd

MAX_ROW_FINDINGS = 20  # per finding code and file; the rest are counted in one 'survey-more-rows'

TRUE_WORDS: frozenset[str] = frozenset({"1", "1.0", "true", "yes", "y", "t", "x", "có", "co", "c", "đúng", "dung", "v"})
FALSE_WORDS: frozenset[str] = frozenset({"0", "0.0", "false", "no", "n", "f", "không", "khong", "k", "sai", "-"})
SEX_WORDS: dict[str, str] = {
    "nam": "male", "m": "male", "male": "male", "1": "male", "1.0": "male", "trai": "male",
    "nữ": "female", "nu": "female", "f": "female", "female": "female", "2": "female", "2.0": "female", "gái": "female",
}


def _blank(value: object) -> bool:
    """True for None, NaN and empty text."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return isinstance(value, str) and not value.strip()


def _number(value: object) -> float:
    """A cell as a number: NaN when blank, -inf as a marker when it is not a number."""
    if _blank(value):
        return float("nan")
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return float("-inf")
    return number if number == number and abs(number) != float("inf") else float("-inf")  # 'nan', 'inf' written as text


def numbers(col: RawColumn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The values (float64 with NaN where blank or invalid; a column of whole numbers with no blank as it
    is), the blank mask and the invalid mask."""
    import numpy as np

    if col.numbers is not None:
        values = col.numbers
        infinite = np.isinf(values)
        if infinite.any():
            values = np.where(infinite, np.nan, values)
        return values, np.isnan(values) & ~infinite, infinite
    values = col.each(_number, "float64")
    invalid = np.isneginf(values)
    values[invalid] = np.nan
    return values, np.isnan(values) & ~invalid, invalid


def _flag(value: object) -> float:
    """A yes/no cell as 1.0 / 0.0, NaN when blank, -1.0 when not understood."""
    if _blank(value):
        return float("nan")
    if isinstance(value, (bool, int, float)):
        return 1.0 if float(value) == 1 else 0.0 if float(value) == 0 else -1.0
    key = header_key(value)
    return 1.0 if key in TRUE_WORDS else 0.0 if key in FALSE_WORDS else -1.0


def _sex(value: object) -> str | None:
    """'male' / 'female' from nam/nữ, M/F, male/female (and GSO's 1/2); '?' when not understood."""
    if _blank(value):
        return None
    key = header_key(value if not isinstance(value, float) or not value.is_integer() else int(value))
    return SEX_WORDS.get(key, "?")


def _text(value: object) -> str | None:
    """A label cell as NFC text without surrounding spaces; None when blank; 12.0 -> '12'."""
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


@dataclass
class Limits:
    """The validity limits read from the rules file."""

    age_lo: int
    age_hi: int
    max_hours: float


def validity_limits() -> Limits:
    """Age range and hour ceiling from the shipped rules file."""
    from cltrack.reading.rulefile import shipped_rules

    valid = shipped_rules().get("valid", {})
    lo, hi = valid.get("age", [5, 17])
    return Limits(int(lo), int(hi), float(valid.get("max_hours", 168)))


class _Problems:
    """Per-row findings of one file, capped per code, with the left-out rows collected."""

    def __init__(self, shown: str, sheet: str | None, rows: np.ndarray, positions: dict[str, int]) -> None:
        import numpy as np

        self.shown, self.sheet, self.rows, self.positions = shown, sheet, rows, positions
        self.findings: list[Finding] = []
        self.left = np.zeros(len(rows), dtype=bool)
        self.codes: list[str] = [""]  # reason of each row as a number into this list (0: none)
        self.reason_no = np.zeros(len(rows), dtype="int16")

    def add(self, code: str, mask: np.ndarray, column: str, raw: RawColumn | None = None, leave_out: bool = True) -> None:
        """Findings for the rows in `mask` (first MAX_ROW_FINDINGS, then one count), optionally left out."""
        import numpy as np

        if leave_out:
            mask = mask & ~self.left  # a row is left out for its first reason only
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        from cltrack.reading.workbook import column_letter

        letter = column_letter(self.positions[column]) if column in self.positions else None
        for i in idx[:MAX_ROW_FINDINGS]:
            value = raw.value(int(i)) if raw is not None else None
            self.findings.append(make(code, file=self.shown, sheet=self.sheet, row=int(self.rows[i]), column=column,
                                      column_letter=letter, value=_shown(value)))
        if len(idx) > MAX_ROW_FINDINGS:
            self.findings.append(make("survey-more-rows", file=self.shown, sheet=self.sheet, column=column, code=code,
                                      more=len(idx) - MAX_ROW_FINDINGS, count=len(idx)))
        if leave_out:
            self.left[idx] = True
            self.reason_no[idx] = self.number(code)

    def number(self, code: str) -> int:
        """The number standing for a reason code in `reason_no`."""
        if code not in self.codes:
            self.codes.append(code)
        return self.codes.index(code)

    def reasons(self, mask: np.ndarray) -> np.ndarray:
        """The reason codes of the rows in `mask`, as text."""
        import numpy as np

        return np.asarray(self.codes, dtype=object)[self.reason_no[mask]]


def _shown(value: object) -> object:
    """A raw value for a message: whole floats without '.0'."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _filled(values: np.ndarray, nan: float) -> np.ndarray:
    """`values` with NaN replaced by `nan` (as numpy.nan_to_num), without a copy when all are finite and
    `values` is our own (not a read-only view of the file's Arrow memory)."""
    import numpy as np

    if not np.isfinite(values).all():
        return np.nan_to_num(values, nan=nan)
    return values if values.flags.writeable and values.base is None else values.copy()


def _years(y: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Years as nullable Int16 (rounded; NaN missing)."""
    import numpy as np
    import pandas as pd

    blank = np.isnan(y)
    filled = np.where(blank, 0.0, y) if blank.any() else y
    top = np.iinfo("int16").max
    if not (-top <= filled.min(initial=0) and filled.max(initial=0) <= top):  # also False for inf
        # raises as before on a year out of range; pandas-stubs lack FloatingArray.round (it exists)
        return pd.array(y, dtype="Float64").round().astype("Int16")  # type: ignore[attr-defined]
    whole = filled if filled.dtype.kind in "iu" else np.rint(filled)  # rint rounds halves to even, as round()
    return pd.arrays.IntegerArray(whole.astype("int16"), blank)


def convert_columns(table: RawTable, cols: dict[str, int], shown: str, sheet: str | None, first_row: int,
             year: int | None, limits: Limits, also_years: Collection[int] = ()) -> tuple[pd.DataFrame, _Problems, list[Finding]]:
    """Typed columns, validity findings and the left-out mask for one file's raw columns (rows of a year
    other than `year` and not in `also_years` left out)."""
    import numpy as np
    import pandas as pd

    raw, n = table.columns, table.rows
    rows = np.arange(first_row + 1, first_row + 1 + n, dtype=np.int64)
    probs = _Problems(shown, sheet, rows, cols)
    notes: list[Finding] = []
    out: dict[str, Any] = {}

    # a row with nothing in any needed column is a blank line, not a problem
    empty = np.ones(n, dtype=bool)
    for column in raw.values():
        if not empty.any():  # some column of every row has a value: no need to look further
            break
        empty &= np.isnan(column.numbers) if column.numbers is not None else column.each(_blank, bool)

    age, age_blank, age_bad = numbers(raw["age"])
    probs.add("survey-blank-age", age_blank & ~empty, "age", raw["age"], leave_out=False)  # kept: item non-response
    if age.dtype.kind == "f":
        probs.add("invalid-value", age_bad | (~np.isnan(age) & (age != np.floor(age))), "age", raw["age"])
    probs.add("age-out-of-range", (age < limits.age_lo) | (age > limits.age_hi), "age", raw["age"])  # False for NaN

    for col in HOUR_COLUMNS:
        if col not in raw:
            out[col] = np.zeros(n, dtype="float32")
            if col == "hours_chores" and col not in cols:  # absent from the file, not just left unread
                notes.append(make("survey-absent-column", file=shown, column=col))
            continue
        hours, blank, bad = numbers(raw[col])
        probs.add("invalid-value", bad, col, raw[col])
        probs.add("negative-hours", hours < 0, col, raw[col])
        probs.add("hours-over-168", hours > limits.max_hours, col, raw[col])
        nblank = int((blank & ~empty & ~probs.left).sum())
        if nblank:
            notes.append(make("survey-blank-hours", file=shown, column=col, count=nblank))
        out[col] = hours.astype("float32")  # blank stays NaN: the child cannot be classified by an hours rule

    if "weight" in raw:
        w, blank, bad = numbers(raw["weight"])
        probs.add("survey-blank-weight", blank & ~empty, "weight", raw["weight"])
        probs.add("survey-bad-weight", bad | (w < 0), "weight", raw["weight"])
        out["weight"] = _filled(w, 0.0).astype("float64", copy=False)
    else:
        out["weight"] = np.ones(n, dtype="float64")

    if "year" in raw:
        y, _blank_y, bad = numbers(raw["year"])
        probs.add("invalid-value", bad, "year", raw["year"])
        if year is not None:
            other = ~np.isnan(y) & (y != year) & ~np.isin(y, list(also_years)) & ~probs.left
            if other.any():
                notes.append(make("survey-other-year", file=shown, count=int(other.sum()), year=year))
                probs.left |= other
                probs.reason_no[other] = probs.number("survey-other-year")
            y = np.where(np.isnan(y), year, y)
        out["year"] = _years(y)
    else:
        out["year"] = pd.array(np.full(n, year if year is not None else np.nan), dtype="Float64").astype("Int16")

    if "fpc" in raw:
        v, _blank_v, bad = numbers(raw["fpc"])
        probs.add("invalid-value", bad | (v <= 0), "fpc", raw["fpc"])
        out["fpc"] = v.astype("float64", copy=False)

    for col in FLAG_COLUMNS:
        if col not in raw:
            if col != "in_school" and col not in cols:
                notes.append(make("survey-absent-column", file=shown, column=col))
            out[col] = np.zeros(n, dtype=bool) if col != "in_school" else pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))
            continue
        f = raw[col].each(_flag, "float32")  # 1, 0, -1 and NaN are exact in float32
        probs.add("invalid-value", f == -1.0, col, raw[col], leave_out=False)
        f[f == -1.0] = np.nan
        # a blank (or not understood) flag stays NaN: the child cannot be classified by a rule that needs it
        out[col] = f if col != "in_school" else pd.arrays.BooleanArray(f == 1.0, np.isnan(f))

    if "sex" in raw:
        s = raw["sex"].categorical(_sex)
        probs.add("invalid-value", (s == "?"), "sex", raw["sex"], leave_out=False)
        out["sex"] = s.set_categories(["male", "female"])
    for col in ("province", "district", "commune", "stratum", "psu"):
        if col in raw:
            out[col] = raw[col].categorical(_text)

    out["age"] = (_filled(age, -1.0) if age.dtype.kind == "f" else age).astype("int16")
    probs.left |= empty
    probs.reason_no[empty & (probs.reason_no == 0)] = probs.number("blank-row")
    frame = pd.DataFrame(out, copy=False)  # the columns as they are: no copy, no consolidation into blocks
    frame.insert(0, "_row", rows)
    return frame, probs, notes

