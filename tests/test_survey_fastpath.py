"""csv and Parquet survey files are typed from their Arrow columns (numbers and dictionary codes, issue 20);
a workbook goes through its cells one distinct value at a time. Both must find the same bad values at
the same file, row, column and code, and keep the same figures: proved on real files with bad values
written in, each finding listed by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from cltrack.reading import survey as reader

HEADER = ["province", "district", "commune", "year", "age", "sex", "hours_work", "hours_chores", "hazardous_work",
          "in_school", "weight", "stratum", "psu"]
UNIT = ["Thanh Hóa", "Triệu Sơn", "Dân Lực"]

# csv rows as text, Excel row 2 on; every value a person might type, the bad ones named
TEXT_ROWS: list[list[str]] = [
    [*UNIT, "2024", "10", "nam", "2", "0", "0", "1", "100", "A", "1"],  # 2 good
    [*UNIT, "2024", "abc", "nữ", "0", "0", "0", "1", "100", "A", "1"],  # 3 age not a number: left out
    [*UNIT, "2024", "4", "nam", "0", "0", "0", "1", "100", "A", "1"],  # 4 age below 5: left out
    [*UNIT, "2024", "7.5", "nam", "0", "0", "0", "1", "100", "A", "1"],  # 5 age not whole: left out
    [*UNIT, "2024", "", "nam", "3", "0", "0", "1", "100", "A", "2"],  # 6 blank age: kept, unclassified
    [*UNIT, "2024", "12", "nam", "-3", "0", "0", "1", "100", "A", "2"],  # 7 negative hours: left out
    [*UNIT, "2024", "12", "nam", "200", "0", "0", "1", "100", "A", "2"],  # 8 more than 168 hours: left out
    [""] * 13,  # 9 a blank line: neither read nor a finding
    [*UNIT, "2024", "12", "nam", "nan", "0", "0", "1", "100", "A", "2"],  # 10 'nan' hours written: left out
    [*UNIT, "2024", "12", "nam", "0", "0", "0", "1", "", "A", "2"],  # 11 blank weight: left out
    [*UNIT, "2024", "12", "nam", "0", "0", "0", "1", "-1", "A", "2"],  # 12 negative weight: left out
    [*UNIT, "2024", "12", "nam", "0", "0", "0", "1", "inf", "A", "2"],  # 13 infinite weight: left out
    [*UNIT, "2024", "12", "nam", "0", "0", "maybe", "1", "100", "A", "2"],  # 14 flag not understood: kept
    [*UNIT, "2024", "12", "x", "0", "0", "0", "1", "100", "A", "2"],  # 15 sex not understood: kept
    [*UNIT, "2023", "12", "nữ", "0", "0", "0", "1", "100", "A", "2"],  # 16 another year: left out, counted
    [*UNIT, "2024", "13", "nữ", "1,5", "", "0", "có", "100", "A", "2"],  # 17 decimal comma; blank chores: kept
]
TEXT_FINDINGS = {
    (3, "age", "invalid-value"), (4, "age", "age-out-of-range"), (5, "age", "invalid-value"),
    (6, "age", "survey-blank-age"), (7, "hours_work", "negative-hours"), (8, "hours_work", "hours-over-168"),
    (10, "hours_work", "invalid-value"), (11, "weight", "survey-blank-weight"), (12, "weight", "survey-bad-weight"),
    (13, "weight", "survey-bad-weight"), (14, "hazardous_work", "invalid-value"), (15, "sex", "invalid-value"),
}
# kept rows: (row, age, hours worked, weight, hazardous work, in school, sex); -1 a blank age, -9 a blank flag
TEXT_KEPT = [(2, 10, 2.0, 100.0, 0.0, 1.0, "male"), (6, -1, 3.0, 100.0, 0.0, 1.0, "male"), (14, 12, 0.0, 100.0, -9.0, 1.0, "male"),
             (15, 12, 0.0, 100.0, 0.0, 1.0, None), (17, 13, 1.5, 100.0, 0.0, 1.0, "female")]

# Parquet rows with typed columns (numbers as float64, flags as bool, None = null), Excel row 2 on
NAN, INF = float("nan"), float("inf")
TYPED_ROWS: list[list[Any]] = [
    [*UNIT, 2024, 10.0, "nam", 2.0, 0.0, False, True, 100.0, "A", "1"],  # 2 good
    [*UNIT, 2024, 4.0, "nam", 0.0, 0.0, False, True, 100.0, "A", "1"],  # 3 age below 5: left out
    [*UNIT, 2024, 7.5, "nam", 0.0, 0.0, False, True, 100.0, "A", "1"],  # 4 age not whole: left out
    [*UNIT, 2024, None, "nam", 3.0, 0.0, False, True, 100.0, "A", "2"],  # 5 blank age: kept
    [*UNIT, 2024, 12.0, "nam", -3.0, 0.0, False, True, 100.0, "A", "2"],  # 6 negative hours: left out
    [*UNIT, 2024, 12.0, "nam", 200.0, 0.0, False, True, 100.0, "A", "2"],  # 7 more than 168 hours: left out
    [*UNIT, 2024, 12.0, "nam", INF, 0.0, False, True, 100.0, "A", "2"],  # 8 infinite hours: left out
    [*UNIT, 2024, 12.0, "nam", 0.0, 0.0, False, True, None, "A", "2"],  # 9 blank weight: left out
    [*UNIT, 2024, 12.0, "nam", 0.0, 0.0, False, True, -1.0, "A", "2"],  # 10 negative weight: left out
    [*UNIT, 2024, 12.0, "nữ", 0.0, None, None, None, 100.0, "A", "2"],  # 11 blank chores and flags: kept
    [*UNIT, 2024, 12.0, "x", 0.0, 0.0, True, False, 100.0, "A", "2"],  # 12 sex not understood: kept
    [*UNIT, 2023, 12.0, "nữ", 0.0, 0.0, False, True, 100.0, "A", "2"],  # 13 another year: left out, counted
]
TYPED_FINDINGS = {
    (3, "age", "age-out-of-range"), (4, "age", "invalid-value"), (5, "age", "survey-blank-age"),
    (6, "hours_work", "negative-hours"), (7, "hours_work", "hours-over-168"), (8, "hours_work", "invalid-value"),
    (9, "weight", "survey-blank-weight"), (10, "weight", "survey-bad-weight"), (12, "sex", "invalid-value"),
}
TYPED_KEPT = [(2, 10, 2.0, 100.0, 0.0, 1.0, "male"), (5, -1, 3.0, 100.0, 0.0, 1.0, "male"),
              (11, 12, 0.0, 100.0, -9.0, -9.0, "female"), (12, 12, 0.0, 100.0, 1.0, 0.0, None)]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    quoted = [[f'"{v}"' if "," in v else v for v in row] for row in rows]
    path.write_text("\n".join(",".join(r) for r in [HEADER, *quoted]) + "\n", encoding="utf-8")
    return path


def _parquet(path: Path, rows: list[list[Any]]) -> Path:
    columns = list(zip(*rows, strict=True))
    kinds = [pa.string()] * 3 + [pa.int64(), pa.float64(), pa.string(), pa.float64(), pa.float64(), pa.bool_(),
                                  pa.bool_(), pa.float64(), pa.string(), pa.string()]
    pq.write_table(pa.table([pa.array(list(c), type=k) for c, k in zip(columns, kinds, strict=True)], names=HEADER), path)
    return path


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """The same cells in a workbook: numbers as numbers, infinity as the text 'inf', blanks as empty cells."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([None if v in ("", None) else "inf" if v == INF else _typed(v) for v in row])
    book.save(path)
    return path


def _typed(value: Any) -> Any:
    """A csv text as the number a person types into Excel ('12' -> 12), other text as it is."""
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                return value
            return value if number != number or number in (INF, -INF) else number
    return value


def _read(path: Path) -> tuple[set[tuple[int | None, str | None, str]], list[tuple[Any, ...]], Any]:
    """The row findings (row, column, code), the kept rows (row, age, hours, weight, flags, sex), the row
    balance and the file's other findings."""
    data = reader.read_microdata([path], year=2024)
    assert all(f.file == str(path) for f in data.findings if f.row is not None)
    found = {(f.row, f.column, f.code) for f in data.findings if f.row is not None}
    f = data.frame
    flags = [f[c].astype("float64").fillna(-9).tolist() for c in ("hazardous_work", "in_school")]
    sex = [None if v != v else v for v in f["sex"].astype(object).tolist()]
    kept = list(zip(f["_row"].tolist(), f["age"].tolist(), f["hours_work"].fillna(-9).tolist(), f["weight"].tolist(),
                    *flags, sex, strict=True))
    notes = sorted((f.code, f.column, f.args.get("count")) for f in data.findings if f.row is None and f.code != "survey-design")
    return found, kept, (data.sources[0].rows_read, data.sources[0].rows_used, data.sources[0].rows_left_out, notes)


# (writer, rows, findings, kept rows, rows read / used / left out): the counts worked by hand from the rows above
SAME_AS_WORKBOOK = {
    "csv": (_csv, TEXT_ROWS, TEXT_FINDINGS, TEXT_KEPT, (15, 5, 10)),  # 16 lines, the blank one not read; rows 3-5, 7, 8, 10-13, 16 left out
    "typed-parquet": (_parquet, TYPED_ROWS, TYPED_FINDINGS, TYPED_KEPT, (12, 4, 8)),  # rows 3, 4, 6-10 and 13 left out
}


@pytest.mark.parametrize("kind", list(SAME_AS_WORKBOOK))
def test_bad_values_are_found_at_the_same_rows_as_in_the_files_workbook_copy(kind: str, tmp_path: Path) -> None:
    write, rows, findings, kept, counts = SAME_AS_WORKBOOK[kind]
    from_file = _read(write(tmp_path / f"children.{'csv' if kind == 'csv' else 'parquet'}", rows))
    from_book = _read(_xlsx(tmp_path / "children.xlsx", rows))
    assert from_file[0] == findings == from_book[0]
    assert from_file[1] == kept == from_book[1]
    assert from_file[2] == from_book[2]
    read, used, left, notes = from_file[2]
    assert (read, used, left) == counts
    assert ("survey-other-year", None, 1) in notes and ("survey-blank-hours", "hours_chores", 1) in notes


def test_a_parquet_file_read_as_text_columns_finds_what_its_csv_finds(tmp_path: Path) -> None:
    """The same text in Parquet string columns (dictionary-encoded on reading) as in the csv."""
    table = pa.table({h: pa.array([r[i] or None for r in TEXT_ROWS], type=pa.string()) for i, h in enumerate(HEADER)})
    pq.write_table(table, tmp_path / "children.parquet")
    from_parquet = _read(tmp_path / "children.parquet")
    from_csv = _read(_csv(tmp_path / "children.csv", TEXT_ROWS))
    assert from_parquet[0] == TEXT_FINDINGS == from_csv[0]
    assert from_parquet[1] == from_csv[1]


def test_a_csv_is_hashed_from_the_bytes_its_reader_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The provenance SHA-256 of a csv is made as pyarrow reads it (not by a second read) and is the file's own,
    in UTF-8 and UTF-16, with and without a progress bar; a file that cannot be parsed is still hashed."""
    import hashlib

    plain = _csv(tmp_path / "children.csv", TEXT_ROWS)
    wide = tmp_path / "children-utf16.csv"
    wide.write_text(plain.read_text(encoding="utf-8"), encoding="utf-16")
    told: list[int] = []
    with monkeypatch.context() as patch:  # no second read of the file
        patch.setattr(reader, "sha256_of", lambda path: pytest.fail(f"{path} read again to hash it"))
        for path, progress in ((plain, None), (wide, None), (plain, lambda done, total, name, sizes=False: told.append(done))):
            data = reader.read_microdata([path], progress=progress)
            assert data.sources[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
            assert len(data.frame) == 6  # the rows of 2024 and 2023 alike: no year asked
    assert told and told[-1] == plain.stat().st_size
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b'age,hours_work\n1,2\n"3,4\n')  # an unclosed quote: pyarrow stops
    data = reader.read_microdata([broken])
    assert data.sources[0].sha256 == hashlib.sha256(broken.read_bytes()).hexdigest()
    assert any(f.code == "file-unreadable" for f in data.findings)
