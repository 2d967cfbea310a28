"""How wide text is in Times New Roman, and so how many lines a wrapped cell takes when it prints.

Advance widths (thousandths of an em) are those of Times New Roman and its metric twin Liberation
Serif, which LibreOffice uses in its place (read from LiberationSerif-Regular/Bold.ttf, fonts-liberation
2.1). A Vietnamese letter with a tone mark is as wide as its base letter, but for the horned ơ and ư.
A column `width` units wide is that many times the width of the digit 0 of the workbook's default
font (11-point Times New Roman: 5.5 pt) in LibreOffice and Excel; a cell keeps about 1 pt of margin
on either side. Measured in a LibreOffice 24 PDF: columns of 6, 10, 16 and 24 units (XlsxWriter
writes 6.71 ...) printed 36.9, 58.8, 91.9 and 136.1 pt wide, text 1 pt in from the left edge, and
each printed word within 0.5 pt of `text_points`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# characters 32 (space) to 126 (~)
_ASCII: dict[bool, tuple[int, ...]] = {
    False: (250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
            500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
            722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500,
            444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480,
            200, 480, 541),
    True: (250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
           500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
           722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556,
           444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394,
           220, 394, 520),
}
# letters and signs beyond ASCII (base letters after their tone marks are taken off), regular and bold
_OTHER: dict[str, tuple[int, int]] = {
    "ơ": (529, 554), "ư": (542, 600), "Ư": (776, 796), "Ơ": (722, 778), "đ": (500, 556), "Đ": (722, 722), "–": (500, 500), "—": (1000, 1000),
    "≥": (549, 549), "≤": (549, 549), "…": (1000, 1000), "’": (333, 333), "‘": (333, 333), "“": (444, 500), "”": (444, 500),
    "•": (350, 350), "×": (564, 570), "°": (400, 400), "₫": (513, 513), "\u00a0": (250, 250),
}
UNKNOWN = 1000  # a character not in the table: counted as wide as an em, so a height errs tall, never short
DIGIT_PT = 5.5  # one unit of column width: the digit 0 of 11-point Times New Roman
PAD_PT = 3.0  # a cell's inner margins (about 1 pt a side, measured) and a point to spare
# a piece of a word (after - or /) joins the line only with this much to spare: LibreOffice printed '/work/i20compute/'
# alone on a line of 143.9 pt where 'sample_data/' would have made it 141.8 pt, so a path's height errs tall, never short
PIECE_SLACK_PT = 3.0


@lru_cache(maxsize=4096)
def _char(ch: str, bold: bool) -> int:
    """The advance width of one character, in thousandths of an em."""
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII[bold][code - 32]
    parts = unicodedata.normalize("NFD", ch)
    key = unicodedata.normalize("NFC", parts[0] + "\u031b") if "\u031b" in parts else parts[0]  # ơ, ư keep their horn
    if key in _OTHER:
        return _OTHER[key][bold]
    if 32 <= ord(key) < 127:
        return _ASCII[bold][ord(key) - 32]
    return UNKNOWN


@lru_cache(maxsize=1 << 16)
def text_points(text: str, size: float = 11, bold: bool = False) -> float:
    """The printed width of one line of `text` in points at `size`."""
    return sum(_char(ch, bold) for ch in text) * size / 1000


def cell_points(width: float) -> float:
    """The room for text, in points, in a column `width` units wide."""
    return max(DIGIT_PT * width - PAD_PT, DIGIT_PT)


def fit_width(text: str, size: float = 11, bold: bool = False) -> float:
    """The column width (units, to the next half) that holds `text` on one line."""
    units = (max((text_points(line, size, bold) for line in text.split("\n")), default=0.0) + PAD_PT) / DIGIT_PT
    return -(-units * 2 // 1) / 2


def word_width(text: str, size: float = 11, bold: bool = False) -> float:
    """The column width (units) that holds the widest word of `text`, so that no word is broken across lines."""
    return max((fit_width(word, size, bold) for word in text.split()), default=0.0)


_PIECES = re.compile(r"[^-/]*[-/]|[^-/]+")  # a word's pieces, each ending where a line may break (after - or /)


@lru_cache(maxsize=1 << 16)
def lines(text: str, width: float, size: float = 11, bold: bool = False) -> int:
    """How many lines `text` takes word-wrapped in a column `width` units wide: lines break at spaces and after
    a hyphen or a slash, as LibreOffice breaks a file's path or a hyphenated name, and a piece longer than the
    line breaks where the cell ends."""
    room = cell_points(width)
    space = text_points(" ", size, bold)
    total = 0
    for part in text.split("\n"):
        count, used = 1, 0.0
        for word in part.split():
            gap = space if used else 0.0
            for piece in _PIECES.findall(word):
                size_pt = text_points(piece, size, bold)
                if used and used + gap + size_pt > (room if gap else room - PIECE_SLACK_PT):
                    count, used, gap = count + 1, 0.0, 0.0
                used += gap + size_pt
                gap = 0.0
                while used > room:  # a piece longer than the line breaks where the cell ends
                    count, used = count + 1, used - room
        total += count
    return total
