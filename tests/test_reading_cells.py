"""Cell values, header normalisation, CSV detection and xlsx formula scanning, rule by rule."""

from __future__ import annotations

import codecs
import datetime as dt
import math

import numpy as np
import pytest

from cltrack.reading.cells import CellIssue, convert_column, parse_text
from cltrack.reading.layout import is_numbering, normalise, year_from_name, year_from_titles
from cltrack.reading.reports import is_note_text, is_total_label
from cltrack.reading.workbook import _scan_sheet_xml, column_index, column_letter
from cltrack.textfile import decode, sniff_delimiter


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234.0), ("1.234", 1234.0), ("1 234", 1234.0), ("1\u00a0234", 1234.0), ("12.345.678", 12345678.0),
        ("1,234", 1234.0), ("0,5", 0.5), ("12,75", 12.75), ("1.234,5", 1234.5), ("1,234.5", 1234.5),
        ("0.5", 0.5), ("  42 ", 42.0), ("'17", 17.0), ("+3", 3.0), ("-3", -3.0),
    ],
)
def test_text_numbers_follow_vietnamese_separators(text: str, value: float) -> None:
    assert parse_text(text) == (value, None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("-", "ambiguous-dash"), ("x", "ambiguous-dash"), ("X", "ambiguous-dash"), ("–", "ambiguous-dash"),
        ("—", "ambiguous-dash"), ("...", "ambiguous-dash"), ("#DIV/0!", "error-value"), ("#N/A", "error-value"),
        ("Err:502", "error-value"), ("12/05/2024", "date-in-count"), ("2024-05-12", "date-in-count"),
        ("khoảng 50", "not-a-number"), ("12 34", "not-a-number"), ("50 người", "not-a-number"),
    ],
)
def test_text_that_is_not_a_count_has_its_code(text: str, code: str) -> None:
    value, got = parse_text(text)
    assert math.isnan(value) and got == code


def test_blank_text_is_not_reported_not_zero() -> None:
    value, code = parse_text("   ")
    assert math.isnan(value) and code is None


def test_convert_column_numbers_blanks_and_problems() -> None:
    cells = np.array([5.0, "", "1.234", -2.0, 2.5, dt.date(2024, 1, 1), True, CellIssue("formula-no-value"), "x", 7],
                     dtype=object)
    values, where, codes = convert_column(cells)
    assert values[0] == 5.0 and values[2] == 1234.0 and values[9] == 7.0
    assert math.isnan(values[1])
    assert where.tolist() == [3, 4, 5, 6, 7, 8]
    assert codes == ["negative-count", "fractional-count", "date-in-count", "not-a-number", "formula-no-value", "ambiguous-dash"]
    assert all(math.isnan(values[i]) for i in where)


def test_convert_column_rates_keep_fractions() -> None:
    values, where, _ = convert_column(np.array([0.25, "0,5"], dtype=object), integer=False)
    assert values.tolist() == [0.25, 0.5] and len(where) == 0


def test_convert_column_fast_path_rounds_float_noise() -> None:
    values, where, _ = convert_column(np.array([3.0000000000001, 4.0], dtype=object))
    assert values.tolist() == [3.0, 4.0] and len(where) == 0


def test_header_normalisation() -> None:
    assert normalise("  Số cha mẹ,\nngười chăm   sóc (người) ") == "số cha mẹ, người chăm sóc"
    import unicodedata

    assert normalise(unicodedata.normalize("NFD", "TỈNH")) == "tỉnh"


def test_numbering_rows() -> None:
    assert is_numbering(["(1)", "(2)", "(3)"])
    assert is_numbering([1.0, 2.0, 3.0, 4.0])
    assert is_numbering(["A", "B", "1", "2", "(3)=(1)+(2)"])
    assert not is_numbering(["1", "Xã Dân Lực", "3"])
    assert not is_numbering([3.0, 2.0])


def test_total_and_note_labels() -> None:
    for label in ("Tổng cộng", "CỘNG", "Tổng số", "Tổng", "Toàn huyện", "Toàn tỉnh", "Tổng cộng toàn huyện", "I. Tổng số:"):
        assert is_total_label(label), label
    for label in ("Xã Cộng Hòa", "Cộng Hòa", "Xã Tổng Cọt"):
        assert not is_total_label(label), label
    assert is_note_text("Người lập biểu") and is_note_text("(Ký, ghi rõ họ tên)")
    assert is_note_text("Triệu Sơn, ngày 10 tháng 01 năm 2025")
    assert not is_note_text("Xã Dân Lực")


def test_years_from_names_and_titles() -> None:
    assert year_from_name("bao-cao-2024") == 2024
    assert year_from_name("BC 2021-2025") is None
    assert year_from_name("Sheet1") is None
    assert year_from_titles(["UBND HUYỆN", "BIỂU TỔNG HỢP NĂM 2024", "(Kèm theo Báo cáo ngày 5 tháng 1 năm 2025)"]) == 2024
    assert year_from_titles(["Triệu Sơn, ngày 10 tháng 01 năm 2025"]) is None


def test_csv_encodings_are_detected_strictly() -> None:
    text = "Xã,Số cha mẹ\nXã Dân Lực,5\n"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    assert decode(text.encode("utf-16-le")) == (text, "utf-16-le")
    from report_factory import encode_cp1258

    assert decode(encode_cp1258(text)) == (text, "cp1258")


def test_csv_delimiter_is_the_one_that_splits_lines_evenly() -> None:
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n") == ";"
    assert sniff_delimiter("a\tb\n1\t2\n") == "\t"
    assert sniff_delimiter("BIỂU TỔNG HỢP\na,b,c\n1,2,3\n") == ","


def test_xlsx_scan_finds_formulas_without_value_and_error_cells() -> None:
    xml = (
        b'<sheetData><row r="2"><c r="B2"><f>A2*2</f><v></v></c><c r="C2"><f>A2</f><v>4</v></c>'
        b'<c r="AA2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2" s="1"><f t="shared" si="0"/></c></row></sheetData>'
    )
    found = _scan_sheet_xml(xml)
    assert found == {
        (1, 1): CellIssue("formula-no-value"), (1, 26): CellIssue("error-value", "#DIV/0!"), (1, 3): CellIssue("formula-no-value"),
    }


def test_column_letters_round_trip() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert all(column_index(column_letter(i)) == i for i in range(800))
