"""Text widths in Times New Roman, worked by hand from the font's advance widths (thousandths of an em, the same
in Adobe's Times-Roman/Times-Bold AFM and Liberation Serif): digits 500, '/' 278, ',' 250, space 250,
'(' and ')' 333, '%' 833 regular and 1000 bold; 'ư' 542, 'u' 500, 'Đ' 722."""

from __future__ import annotations

import pytest

from cltrack.export.typeface import fit_width, lines, text_points, word_width


def test_a_share_is_as_wide_as_its_letters_add_up() -> None:
    # '18/19 (94,74%)': eight digits 4000 + '/' 278 + space 250 + '(' 333 + ',' 250 + '%' 833 + ')' 333 = 6277 -> 69.047 pt at 11 pt
    assert text_points("18/19 (94,74%)") == pytest.approx(69.047)
    # bold '12/12 (100%)': 2278 + 250 + 3166 = 5694 -> 62.634 pt
    assert text_points("12/12 (100%)", bold=True) == pytest.approx(62.634)


def test_tone_marks_add_no_width_but_the_horn_does() -> None:
    assert text_points("ữ") == text_points("ư") == pytest.approx(5.962)  # 542
    assert text_points("ụ") == text_points("u") == pytest.approx(5.5)  # 500
    assert text_points("Đ", size=13) == pytest.approx(9.386)  # 722 at 13 pt


def test_a_subtotal_share_wraps_in_11_units_and_fits_in_12() -> None:
    # room = 5.5 pt x width - 3 pt: 11 units as XlsxWriter writes them (82/7) hold 61.43 pt < 62.634: two lines
    # (the defect printed in LibreOffice); 12 units (89/7) hold 66.93 pt: one line
    assert lines("12/12 (100%)", 82 / 7, bold=True) == 2
    assert lines("12/12 (100%)", 89 / 7, bold=True) == 1
    assert fit_width("12/12 (100%)", bold=True) == 12.0  # (62.634 + 3) / 5.5 = 11.93, to the next half


def test_a_long_word_breaks_where_the_cell_ends_and_a_header_column_holds_its_widest_word() -> None:
    # 'Attainment' bold: A 722 t 333 t 333 a 500 i 278 n 556 m 833 e 444 n 556 t 333 = 4888 -> 53.768 pt; 9 units hold 46.5 pt
    assert lines("Attainment", 9, bold=True) == 2
    assert word_width("Attainment (%)", bold=True) == 10.5  # (53.768 + 3) / 5.5 = 10.32


def test_a_path_breaks_after_its_slashes_and_hyphens_as_libreoffice_breaks_it() -> None:
    # 11 units hold 5.5 x 11 - 3 = 57.5 pt; x is 500, / 278, - 333 (11 pt: 5.5, 3.058, 3.663 pt)
    # 'xxxxxx/' 36.058, 'xxxxxx-' 36.663, 'xxxxxx' 33.0: no two pieces share a line, so three lines,
    # where the 105.721 pt broken anywhere would take two (the path of a Findings row printed over the next row)
    assert lines("xxxxxx/xxxxxx-xxxxxx", 11) == 3
    assert lines("xxxxxx/xxx", 11) == 1  # 36.058 + 16.5 = 52.558: the break is not taken
    assert lines("xxxxxx xxxxxx", 11) == 2  # 33 + 2.75 (the space) + 33 = 68.75


def test_a_piece_of_a_path_joins_a_line_only_with_room_to_spare() -> None:
    # LibreOffice printed this path in a 26-unit column (26.71 written: 5.5 x 26.71 - 3 = 143.9 pt) as '/work/i20compute/',
    # 'sample_data/hai-duong/hai-', 'duong-2021.xlsx', where '/work/i20compute/sample_data/' measures 3.058 + 25.663 + 55.0
    # + 58.047 = 141.8 pt: within 3 pt of the line's end a piece goes to the next line, so three lines, not two
    assert lines("/work/i20compute/sample_data/hai-duong/hai-duong-2021.xlsx", 26.71) == 3
