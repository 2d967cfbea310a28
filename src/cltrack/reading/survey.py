"""Read survey microdata (one row per child 5-17) from csv, xlsx/xls/ods or Parquet into a compact frame.

Only the columns of data-elements.md section 2 are read (by code or a Vietnamese header), text as
categoricals, numbers as float32, flags as bool; every conversion works once per distinct value,
never once per row. Rows that cannot be used are findings and are left out, never dropped silently:
a non-numeric age, an age outside the rules' 5-17, negative hours or hours above 168 a week, a
blank weight, a negative or non-finite weight (`inf`, `nan` written as text), and rows of another
year than `year`. A blank age, hours or yes/no flag is item non-response: the row is kept with the
value missing (age -1, hours and flags NaN), and the estimator leaves the child out of every rate
whose rule needs that value (never read as 0 hours), and counts it. Province, district and commune names are resolved to GSO
codes once per distinct combination (unknown names are findings; the row is kept).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.digest import sha256_of
from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.models import Finding
from cltrack.reading.model import SourceFile, SourceTotals

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

SUFFIXES: frozenset[str] = frozenset({".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet", ".pq"})
# Texts pyarrow reads as a blank cell: its defaults without 'nan', which is a value someone wrote (invalid).
NULL_TEXTS: list[str] = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN", "N/A", "NA", "NULL", "n/a", "null"]
MAX_ROW_FINDINGS = 20  # per finding code and file; the rest are counted in one 'survey-more-rows'

# Header spellings per column code (compared after NFC, case folding and collapsing spaces).
ALIASES: dict[str, tuple[str, ...]] = {
    "province": ("province", "tỉnh", "tinh", "tỉnh/thành phố", "tỉnh/tp"),
    "district": ("district", "huyện", "huyen", "quận/huyện", "huyện/quận", "huyện/thị xã/thành phố"),
    "commune": ("commune", "xã", "xa", "xã/phường", "xã/phường/thị trấn"),
    "year": ("year", "năm", "năm điều tra"),
    "age": ("age", "tuổi", "tuoi", "tuổi tròn"),
    "sex": ("sex", "gender", "giới tính", "gioi tinh", "giới"),
    "hours_work": ("hours_work", "số giờ làm việc", "giờ làm việc", "số giờ làm việc kinh tế", "hours work"),
    "hours_chores": ("hours_chores", "số giờ làm việc nhà", "giờ làm việc nhà", "số giờ việc nhà", "hours chores"),
    "hazardous_work": ("hazardous_work", "hazardous", "công việc nặng nhọc, độc hại, nguy hiểm", "công việc nguy hiểm", "nguy hiểm"),
    "in_school": ("in_school", "đi học", "đang đi học", "in school"),
    "weight": ("weight", "wt", "trọng số", "quyền số"),
    "stratum": ("stratum", "strata", "tầng", "tầng mẫu"),
    "psu": ("psu", "cluster", "địa bàn", "địa bàn điều tra", "đbđt", "mã địa bàn"),
    "permitted_work": ("permitted_work", "công việc được phép", "việc được phép"),
    "fpc": ("fpc", "population", "population size", "quy mô tổng thể", "số psu tổng thể"),
}
REQUIRED: tuple[str, ...] = ("age", "hours_work")
TEXT_COLUMNS: tuple[str, ...] = ("province", "district", "commune", "stratum", "psu", "sex")
FLAG_COLUMNS: tuple[str, ...] = ("hazardous_work", "in_school", "permitted_work")
NUMBER_COLUMNS: tuple[str, ...] = ("age", "hours_work", "hours_chores", "weight", "year", "fpc")
HOUR_COLUMNS: tuple[str, ...] = ("hours_work", "hours_chores")
UNIT_COLUMNS: tuple[str, ...] = ("province", "district", "commune")
CODE_COLUMNS: tuple[str, ...] = ("province_code", "district_code", "commune_code")

TRUE_WORDS: frozenset[str] = frozenset({"1", "1.0", "true", "yes", "y", "t", "x", "có", "co", "c", "đúng", "dung", "v"})
FALSE_WORDS: frozenset[str] = frozenset({"0", "0.0", "false", "no", "n", "f", "không", "khong", "k", "sai", "-"})
SEX_WORDS: dict[str, str] = {
    "nam": "male", "m": "male", "male": "male", "1": "male", "1.0": "male", "trai": "male",
    "nữ": "female", "nu": "female", "f": "female", "female": "female", "2": "female", "2.0": "female", "gái": "female",
}


@dataclass
class SurveyData(SourceTotals):
    """Microdata read from survey files: the rows used, findings, left-out rows and one SourceFile per file."""

    frame: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    left_out: pd.DataFrame | None = None  # columns _file, _row, reason (a finding code)
    columns: frozenset[str] = frozenset()  # data columns found in at least one file

    @property
    def rows(self) -> pd.DataFrame:
        """The same frame (named like ReportData.rows)."""
        return self.frame


def header_key(text: object) -> str:
    """A header as a matching key: NFC, case-folded, single spaces, no trailing colon."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split()).rstrip(":").strip()


_HEADER_INDEX: dict[str, str] = {header_key(a): code for code, names in ALIASES.items() for a in names}


def map_headers(headers: Sequence[object]) -> dict[str, int]:
    """Column code -> position of the first header naming it."""
    found: dict[str, int] = {}
    for i, h in enumerate(headers):
        code = _HEADER_INDEX.get(header_key(h)) if h is not None else None
        if code is not None and code not in found:
            found[code] = i
    return found


# --------------------------------------------------------------------------- file readers


def _expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given, folders expanded to their survey files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.iterdir() if q.suffix.lower() in SUFFIXES and q.is_file()))
        else:
            out.append(p)
    return out


def _sniff_csv(path: Path) -> tuple[str, str, list[str]]:
    """Encoding, delimiter and header cells of a CSV file, from its first bytes."""
    from cltrack.reading.csvfile import head_encoding

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    encoding = head_encoding(head)  # the one encoding detection every csv goes through
    text = head.removeprefix(b"\xef\xbb\xbf").decode(encoding, errors="ignore")
    first = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    cells = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    return encoding, delimiter, cells


def _read_csv(path: Path, only: Collection[str] | None = None) -> tuple[pd.DataFrame, dict[str, int], int]:
    """The needed columns of a CSV file (pyarrow), their positions, and the header row number."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    encoding, delimiter, header = _sniff_csv(path)
    cols = map_headers(header)
    if not cols:
        return _empty(), cols, 1
    names = [f"c{i}" for i in range(len(header))]
    wanted = {code: names[i] for code, i in _keep(cols, only).items()}
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(encoding=encoding, column_names=names, skip_rows=1, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter=delimiter),
        convert_options=pacsv.ConvertOptions(
            include_columns=list(wanted.values()),
            column_types={wanted[c]: pa.dictionary(pa.int32(), pa.string()) for c in wanted if c not in NUMBER_COLUMNS},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            null_values=NULL_TEXTS,
        ),
    )
    table = table.rename_columns([{v: k for k, v in wanted.items()}[n] for n in table.column_names])
    return _to_pandas(_nan_marked(table)), cols, 1


def _nan_marked(table: Any) -> Any:
    """The table with a 'nan' written in a number column as -inf, the reader's mark for an invalid number
    (a blank cell stays null): 'nan' is a value someone wrote, not a blank."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for i, field_ in enumerate(table.schema):
        if pa.types.is_floating(field_.type):
            col = table.column(i)
            table = table.set_column(i, field_.name, pc.if_else(pc.is_nan(col), pa.scalar(float("-inf"), field_.type), col))
    return table


def _read_parquet(path: Path, only: Collection[str] | None = None) -> tuple[pd.DataFrame, dict[str, int], int]:
    """The needed columns of a Parquet file."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    names = schema.names
    cols = map_headers(names)
    if not cols:
        return _empty(), cols, 0
    kept = _keep(cols, only)
    wanted = [names[i] for i in kept.values()]
    text = [names[i] for i in kept.values() if _is_text(schema.types[i])]  # read as dictionary codes, never as strings
    table = pq.read_table(path, columns=wanted, read_dictionary=text)
    table = table.rename_columns(list(kept))
    return _to_pandas(table), cols, 1


def _is_text(kind: Any) -> bool:
    """True for an Arrow string type."""
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _to_pandas(table: Any) -> pd.DataFrame:
    """An Arrow table as a frame without an extra copy: one block per column, text as categoricals."""
    return table.to_pandas(strings_to_categorical=True, split_blocks=True, self_destruct=True)


def _read_book(path: Path, only: Collection[str] | None = None) -> tuple[pd.DataFrame, dict[str, int], int, str | None]:
    """The needed columns of the first sheet of a workbook whose header names `age` (title rows skipped)."""
    import pandas as pd
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    with book:
        for name in book.sheet_names:
            cells = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for r, row in enumerate(cells[:30]):
                cols = map_headers(row)
                if "age" in cols and len(cols) >= 2:
                    body = cells[r + 1:]
                    frame = pd.DataFrame(body) if body else pd.DataFrame(columns=range(len(row)))
                    kept = _keep(cols, only)
                    frame = frame.reindex(columns=list(kept.values()))
                    frame.columns = list(kept)
                    return frame, cols, r + 1, name
    return _empty(), {}, 1, None


def _keep(cols: dict[str, int], only: Collection[str] | None) -> dict[str, int]:
    """The header map restricted to the columns a caller needs (all when `only` is None)."""
    return cols if only is None else {c: i for c, i in cols.items() if c in only or c in REQUIRED}


def _empty() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame()


# --------------------------------------------------------------------------- conversions (per distinct value)


def _distinct(series: pd.Series, func: Any, dtype: Any) -> np.ndarray:
    """`func` applied once per distinct value of `series`, spread back over the rows."""
    import numpy as np
    import pandas as pd

    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        mapped = np.array([func(v) for v in cats] + [func(None)], dtype=dtype)
        return mapped[series.cat.codes.to_numpy()]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([func(v) for v in uniques] + [func(None)], dtype=dtype)
    return mapped[codes]


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


def numbers(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """float64 values (NaN where blank or invalid), the blank mask and the invalid mask."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        infinite = np.isinf(values)
        if infinite.any():
            values = np.where(infinite, np.nan, values)
        return values, np.isnan(values) & ~infinite, infinite
    values = _distinct(series, _number, "float64")
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


def _category(series: pd.Series, func: Any) -> pd.Categorical:
    """`func` applied once per distinct value, as a categorical (None from `func` = missing)."""
    import numpy as np
    import pandas as pd

    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), list(series.cat.categories)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = pd.Categorical([func(u) for u in uniques])
    lookup = np.append(mapped.codes, -1).astype(mapped.codes.dtype)  # code -1 (missing) maps to the appended -1
    return pd.Categorical.from_codes(lookup[codes], categories=mapped.categories)


# --------------------------------------------------------------------------- one file


@dataclass
class _Rules:
    """The validity limits read from the rules file."""

    age_lo: int
    age_hi: int
    max_hours: float


def _limits() -> _Rules:
    """Age range and hour ceiling from the shipped rules file."""
    from cltrack.reading.rulefile import shipped_rules

    valid = shipped_rules().get("valid", {})
    lo, hi = valid.get("age", [5, 17])
    return _Rules(int(lo), int(hi), float(valid.get("max_hours", 168)))


class _Problems:
    """Per-row findings of one file, capped per code, with the left-out rows collected."""

    def __init__(self, shown: str, sheet: str | None, rows: np.ndarray, positions: dict[str, int]) -> None:
        import numpy as np

        self.shown, self.sheet, self.rows, self.positions = shown, sheet, rows, positions
        self.findings: list[Finding] = []
        self.left = np.zeros(len(rows), dtype=bool)
        self.codes: list[str] = [""]  # reason of each row as a number into this list (0: none)
        self.reason_no = np.zeros(len(rows), dtype="int16")

    def add(self, code: str, mask: np.ndarray, column: str, raw: pd.Series | None = None, leave_out: bool = True) -> None:
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
            value = raw.iloc[i] if raw is not None else None
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
        return pd.array(y, dtype="Float64").round().astype("Int16")  # raises as before on a year out of range
    return pd.arrays.IntegerArray(np.rint(filled).astype("int16"), blank)  # rint rounds halves to even, as round()


def _convert(raw: pd.DataFrame, cols: dict[str, int], shown: str, sheet: str | None, first_row: int,
             year: int | None, limits: _Rules) -> tuple[pd.DataFrame, _Problems, list[Finding]]:
    """Typed columns, validity findings and the left-out mask for one file's raw columns."""
    import numpy as np
    import pandas as pd

    n = len(raw)
    rows = np.arange(first_row + 1, first_row + 1 + n, dtype=np.int64)
    probs = _Problems(shown, sheet, rows, cols)
    notes: list[Finding] = []
    out: dict[str, Any] = {}

    # a row with nothing in any needed column is a blank line, not a problem
    empty = np.ones(n, dtype=bool)
    for c in raw.columns:
        if not empty.any():  # some column of every row has a value: no need to look further
            break
        numeric = pd.api.types.is_numeric_dtype(raw[c].dtype)
        empty &= raw[c].isna().to_numpy() if numeric else _distinct(raw[c], _blank, bool)

    age, age_blank, age_bad = numbers(raw["age"])
    probs.add("survey-blank-age", age_blank & ~empty, "age", raw["age"], leave_out=False)  # kept: item non-response
    probs.add("invalid-value", age_bad | (~np.isnan(age) & (age != np.floor(age))), "age", raw["age"])
    probs.add("age-out-of-range", ~np.isnan(age) & ((age < limits.age_lo) | (age > limits.age_hi)), "age", raw["age"])

    for col in HOUR_COLUMNS:
        if col not in raw.columns:
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

    if "weight" in raw.columns:
        w, blank, bad = numbers(raw["weight"])
        probs.add("survey-blank-weight", blank & ~empty, "weight", raw["weight"])
        probs.add("survey-bad-weight", bad | (w < 0), "weight", raw["weight"])
        out["weight"] = _filled(w, 0.0)
    else:
        out["weight"] = np.ones(n, dtype="float64")

    if "year" in raw.columns:
        y, _blank_y, bad = numbers(raw["year"])
        probs.add("invalid-value", bad, "year", raw["year"])
        if year is not None:
            other = ~np.isnan(y) & (y != year) & ~probs.left
            if other.any():
                notes.append(make("survey-other-year", file=shown, count=int(other.sum()), year=year))
                probs.left |= other
                probs.reason_no[other] = probs.number("survey-other-year")
            y = np.where(np.isnan(y), year, y)
        out["year"] = _years(y)
    else:
        out["year"] = pd.array(np.full(n, year if year is not None else np.nan), dtype="Float64").astype("Int16")

    if "fpc" in raw.columns:
        v, _blank_v, bad = numbers(raw["fpc"])
        probs.add("invalid-value", bad | (v <= 0), "fpc", raw["fpc"])
        out["fpc"] = v

    for col in FLAG_COLUMNS:
        if col not in raw.columns:
            if col != "in_school" and col not in cols:
                notes.append(make("survey-absent-column", file=shown, column=col))
            out[col] = np.zeros(n, dtype=bool) if col != "in_school" else pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))
            continue
        f = raw[col].to_numpy(dtype="float64") if raw[col].dtype == bool else _distinct(raw[col], _flag, "float64")
        probs.add("invalid-value", f == -1.0, col, raw[col], leave_out=False)
        f[f == -1.0] = np.nan
        # a blank (or not understood) flag stays NaN: the child cannot be classified by a rule that needs it
        out[col] = f.astype("float32") if col != "in_school" else pd.arrays.BooleanArray(f == 1.0, np.isnan(f))

    if "sex" in raw.columns:
        s = _category(raw["sex"], _sex)
        probs.add("invalid-value", (s == "?"), "sex", raw["sex"], leave_out=False)
        out["sex"] = s.set_categories(["male", "female"])
    for col in ("province", "district", "commune", "stratum", "psu"):
        if col in raw.columns:
            out[col] = _category(raw[col], _text)

    out["age"] = _filled(age, -1.0).astype("int16")
    probs.left |= empty
    probs.reason_no[empty & (probs.reason_no == 0)] = probs.number("blank-row")
    frame = pd.DataFrame(out)
    frame.insert(0, "_row", rows)
    return frame, probs, notes


def _hashing(path: Path) -> Callable[[], str]:
    """Start the SHA-256 of a file in a thread (hashlib lets go of the GIL); the result waits for it."""
    import threading


    done: list[str] = []

    def run() -> None:
        try:
            done.append(sha256_of(path))
        except OSError:  # said by the caller, which hashes again
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def result() -> str:
        thread.join()
        return done[0] if done else sha256_of(path)  # the thread failed: fail here, in the caller

    return result


def _read_one(path: Path, shown: str, year: int | None, limits: _Rules, only: Collection[str] | None = None) -> tuple[pd.DataFrame | None, SourceFile, list[Finding], pd.DataFrame | None]:
    """One file: its kept rows, its SourceFile, findings and left-out rows."""
    import numpy as np
    import pandas as pd

    from cltrack.reading.access import unreadable_reason
    from cltrack.reading.bounds import too_large

    why = unreadable_reason(path)
    if why is not None or not path.is_file():
        found = make("file-not-found", file=shown) if why in (None, "not found") else make("file-unreadable", file=shown, detail=why)
        return None, SourceFile(shown, "", [], 0, 0, 0), [found], None
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        from cltrack.reading.sniff import content_of

        what = content_of(path).name
        return None, SourceFile(shown, sha256_of(path), [], 0, 0, 0), [make("unsupported-format", file=shown, suffix=suffix, content=what)], None
    whole, sheets = too_large(path)
    if whole is not None or sheets:
        return None, SourceFile(shown, sha256_of(path), [], 0, 0, 0), [make("file-too-large", file=shown, detail=whole or next(iter(sheets.values())))], None
    sheet: str | None = None
    digest_of = _hashing(path)  # alongside the read
    try:
        if suffix in (".parquet", ".pq"):
            raw, cols, first = _read_parquet(path, only)
        elif suffix in (".csv", ".txt", ".tsv"):
            raw, cols, first = _read_csv(path, only)
        else:
            raw, cols, first, sheet = _read_book(path, only)
    except Exception as exc:  # noqa: BLE001 - any reader failure is a finding about the file
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, SourceFile(shown, digest_of(), [], 0, 0, 0), [make("file-unreadable", file=shown, detail=detail[:200])], None
    digest = digest_of()
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        found = [make("survey-missing-column", file=shown, sheet=sheet, column=c) for c in missing]
        return None, SourceFile(shown, digest, [sheet] if sheet else [], len(raw), 0, len(raw)), found, None
    frame, probs, notes = _convert(raw, cols, shown, sheet, first, year, limits)
    kept = frame.loc[~probs.left].reset_index(drop=True) if probs.left.any() else frame
    kept.insert(0, "_file", pd.Categorical.from_codes(np.zeros(len(kept), dtype="int8"), categories=[shown]))
    kept.attrs["present"] = frozenset(cols)
    left = pd.DataFrame({"_file": shown, "_row": frame["_row"].to_numpy()[probs.left],
                         "reason": probs.reasons(probs.left)})
    blank_rows = int((probs.reason_no == probs.number("blank-row")).sum())
    read = len(frame) - blank_rows
    used = len(kept)
    source = SourceFile(shown, digest, [sheet] if sheet else [], read, used, read - used)
    findings = probs.findings + notes
    if read:
        findings.append(make("row-balance", file=shown, read=read, used=used, left_out=read - used))
    left = left[left["reason"] != "blank-row"]
    return kept, source, findings, left


# --------------------------------------------------------------------------- units


def _resolve_units(frame: pd.DataFrame, findings: list[Finding]) -> pd.DataFrame:
    """Canonical unit names and GSO codes for each distinct (province, district, commune, year)."""
    import numpy as np
    import pandas as pd

    present = [c for c in UNIT_COLUMNS if c in frame.columns]
    n = len(frame)
    if not present or not n:
        for c in CODE_COLUMNS:
            frame[c] = pd.Categorical([None] * n)
        return frame
    from cltrack.reading.units import UnitResolver

    resolver = UnitResolver()
    from cltrack.reading.grouping import group_ids

    ids, values = group_ids([frame[c] for c in present] + [frame["year"].fillna(-1).to_numpy(dtype="int64")])
    firsts = pd.DataFrame({c: values[i] for i, c in enumerate(present)} | {"year": values[-1]})
    for c in UNIT_COLUMNS:
        if c not in firsts.columns:
            firsts[c] = None
    counts = np.bincount(ids, minlength=len(firsts))
    table: dict[str, list[Any]] = {c: [] for c in (*UNIT_COLUMNS, *CODE_COLUMNS)}
    for rec, count in zip(firsts.itertuples(index=False), counts, strict=True):  # one pass per distinct unit
        written = {c: (getattr(rec, c) if isinstance(getattr(rec, c), str) else "") for c in UNIT_COLUMNS}
        res = resolver.resolve((written["province"], written["district"], written["commune"], ""), rec.year if rec.year > 0 else None)
        m = res.match
        for c in UNIT_COLUMNS:
            table[c].append(getattr(m, c) if m is not None and getattr(m, c) else (written[c] or None))
        for c in CODE_COLUMNS:
            table[c].append(getattr(m, c) if m is not None else None)
        if res.problem is not None:
            args = dict(res.problem.args)
            sugg = args.pop("suggestions", None)
            args.pop("within", None)
            args.pop("level", None)
            args["suggestions"] = f" ({', '.join(sugg)}?)" if sugg else ""
            args.setdefault("name", written.get(res.problem.column, ""))
            args.setdefault("candidates", "")
            findings.append(make(res.problem.code, "warning", column=res.problem.column, rows=int(count), **args))
    for c in (*UNIT_COLUMNS, *CODE_COLUMNS):
        small = pd.Categorical(table[c])  # one entry per distinct unit, spread over the rows by code
        frame[c] = pd.Categorical.from_codes(small.codes[ids], categories=small.categories)
    return frame


# --------------------------------------------------------------------------- public


def read_microdata(paths: Sequence[str | Path], *, year: int | None = None, only: Collection[str] | None = None) -> SurveyData:
    """Survey microdata from csv, xlsx/xls/ods and Parquet files (folders expanded), with findings.

    With `only`, just those columns (and the required ones) are read: faster on big files.
    """
    import pandas as pd

    files = _expand(paths)
    if not files:
        raise CltrackError("no survey files given")
    limits = _limits()
    frames: list[pd.DataFrame] = []
    lefts: list[pd.DataFrame] = []
    findings: list[Finding] = []
    sources: list[SourceFile] = []
    columns: set[str] = set()
    for path in files:
        shown = str(path)
        kept, source, found, left = _read_one(path, shown, year, limits, only)
        sources.append(source)
        findings.extend(found)
        if kept is not None:
            columns.update(kept.attrs.pop("present", frozenset()))
            frames.append(kept)
        if left is not None and len(left):
            lefts.append(left)
    frame = _combine(frames)
    frame = _resolve_units(frame, findings)
    left_out = pd.concat(lefts, ignore_index=True) if lefts else pd.DataFrame({"_file": [], "_row": [], "reason": []})
    return SurveyData(frame=frame, findings=findings, sources=sources, left_out=left_out, columns=frozenset(columns))


def _combine(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of several files as one, text columns kept categorical."""
    import pandas as pd

    if not frames:
        return pd.DataFrame({"_file": pd.Categorical([]), "_row": pd.Series([], dtype="int64"), "age": pd.Series([], dtype="int16"),
                             "hours_work": pd.Series([], dtype="float32"), "hours_chores": pd.Series([], dtype="float32"),
                             "weight": pd.Series([], dtype="float64"), "year": pd.Series([], dtype="Int16")})
    if len(frames) == 1:
        frame = frames[0]
    else:
        frame = pd.concat(frames, ignore_index=True, sort=False)
    for c in frame.columns:
        if frame[c].dtype == object or c == "_file":
            frame[c] = frame[c].astype("category")
    return frame
