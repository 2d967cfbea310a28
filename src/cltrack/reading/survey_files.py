"""Survey microdata files opened: the column codes and their header spellings, and the needed columns of a
csv (pyarrow), Parquet or workbook (python-calamine) file read as they are written (`survey_columns`; typed in
`survey_values`). csv and Parquet go from Arrow columns to numbers and dictionary codes, never through a pandas frame."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from cltrack.digest import HashingFile
from cltrack.reading.counting import CountingFile, Tell, parquet_by_group
from cltrack.reading.survey_columns import RawTable, from_arrow, from_frame

SUFFIXES: frozenset[str] = frozenset({".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls", ".ods", ".parquet", ".pq"})
# Texts pyarrow reads as a blank cell: its defaults without 'nan', which is a value someone wrote (invalid).
NULL_TEXTS: list[str] = ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN", "N/A", "NA", "NULL", "n/a", "null"]

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


def _sniff_csv(path: Path) -> tuple[str, str, list[str]]:
    """Encoding, delimiter and header cells of a CSV file, from its first bytes."""
    from cltrack.textfile import head_encoding

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    encoding = head_encoding(head)  # the one encoding detection every csv goes through
    text = head.removeprefix(b"\xef\xbb\xbf").decode(encoding, errors="ignore")
    first = text.splitlines()[0] if text else ""
    delimiter = max((",", ";", "\t", "|"), key=first.count)
    cells = next(csv.reader(io.StringIO(first), delimiter=delimiter), [])
    return encoding, delimiter, cells


def read_csv_columns(path: Path, only: Collection[str] | None = None, tell: Tell | None = None) -> tuple[RawTable, dict[str, int], int, str | None]:
    """The needed columns of a CSV file (pyarrow), their positions, the header row number, and the file's
    SHA-256 hashed from the bytes pyarrow read (None when it did not read the whole file); bytes read told to `tell`."""

    encoding, delimiter, header = _sniff_csv(path)
    cols = map_headers(header)
    if not cols:
        return _empty(), cols, 1, None
    names = [f"c{i}" for i in range(len(header))]
    wanted = {code: names[i] for code, i in _keep(cols, only).items()}
    with HashingFile(path) if tell is None else CountingFile(path, tell) as source:
        table = _read_csv(source, encoding, delimiter, names, wanted)
        digest = source.digest()
    table = table.rename_columns([{v: k for k, v in wanted.items()}[n] for n in table.column_names])
    return from_arrow(_nan_marked(table)), cols, 1, digest


def _read_csv(source: Any, encoding: str, delimiter: str, names: list[str], wanted: dict[str, str]) -> Any:
    """The `wanted` columns of a csv (text columns as dictionaries, blanks as nulls, 'nan' kept as written)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    return pacsv.read_csv(
        source,
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


def read_parquet_columns(path: Path, only: Collection[str] | None = None, tell: Tell | None = None) -> tuple[RawTable, dict[str, int], int]:
    """The needed columns of a Parquet file (row group by row group, told to `tell`, when given)."""
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    names = schema.names
    cols = map_headers(names)
    if not cols:
        return _empty(), cols, 0
    kept = _keep(cols, only)
    wanted = [names[i] for i in kept.values()]
    text = [names[i] for i in kept.values() if _is_text(schema.types[i])]  # read as dictionary codes, never as strings
    if tell is None:
        table = pq.read_table(path, columns=wanted, read_dictionary=text)
    else:
        table = parquet_by_group(path, wanted, text, tell)
    table = table.rename_columns(list(kept))
    return from_arrow(table), cols, 1


def _is_text(kind: Any) -> bool:
    """True for an Arrow string type."""
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def read_book_columns(path: Path, only: Collection[str] | None = None) -> tuple[RawTable, dict[str, int], int, str | None]:
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
                    return from_frame(frame), cols, r + 1, name
    return _empty(), {}, 1, None


def _keep(cols: dict[str, int], only: Collection[str] | None) -> dict[str, int]:
    """The header map restricted to the columns a caller needs (all when `only` is None)."""
    return cols if only is None else {c: i for c, i in cols.items() if c in only or c in REQUIRED}


def _empty() -> RawTable:
    """No columns, no rows."""
    return RawTable({}, 0)

