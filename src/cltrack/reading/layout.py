"""Find the report table in a sheet as offices print it.

Title lines above the table, a header over one or two rows (group headers merged across the
element headers), an optional numbering row `(1) (2) (3)`, the data rows, total rows and a
signature block below. Headers are matched to data-element codes after normalisation (NFC,
case-fold, white space collapsed, a trailing unit in brackets dropped): the code itself, the
Vietnamese header from the standard, an alias from the plan, or a known variant of an
identifying column (`Tên xã`, `Xã/Phường/Thị trấn`, `STT` ...).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cltrack.elements import ELEMENTS
from cltrack.findings import make
from cltrack.models import Finding, Plan
from cltrack.reading.cells import parse_text
from cltrack.reading.workbook import RawSheet

STT = "_stt"
UNIT_COLUMNS: tuple[str, ...] = ("province", "district", "commune", "unit_code")

# Variants of the identifying headers that offices write (normalised form).
ID_ALIASES: dict[str, tuple[str, ...]] = {
    STT: ("stt", "tt", "số tt", "số thứ tự"),
    "province": ("tỉnh", "tỉnh/thành phố", "tỉnh, thành phố", "tỉnh/tp", "tên tỉnh", "tỉnh/thành"),
    "district": (
        "huyện", "quận/huyện", "huyện/thị xã/thành phố", "huyện, thị xã, thành phố",
        "huyện/thị xã/tp", "huyện/thị xã", "tên huyện", "đơn vị cấp huyện", "cấp huyện",
    ),
    "commune": (
        "xã", "xã/phường/thị trấn", "xã, phường, thị trấn", "phường/xã", "xã/phường",
        "tên xã", "tên xã/phường/thị trấn", "đơn vị cấp xã", "cấp xã",
    ),
    "unit_code": ("mã đvhc", "mã đơn vị", "mã đơn vị hành chính", "mã xã", "mã"),
    "year": ("năm", "năm báo cáo"),
}
# Sub-headers under a group header that mean "the group's own total".
_TOTAL_SUBHEADERS = frozenset({"tổng số", "tổng", "số lượng", "tổng cộng", "số người"})
_TRAILING_UNIT = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")
_NUMBERING = re.compile(r"\(?\s*(?:\d+|[a-zA-Z])\s*\)?(?:\s*[=+\-*/x]\s*\(?\s*\d+\s*\)?)*")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")
_YEAR_AFTER_NAM = re.compile(r"năm\s+(19[5-9]\d|20\d\d)(?!\d)")
_DATE_PHRASES = re.compile(
    r"ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|kèm theo.*"
)
HEADER_SCAN_ROWS = 60


_NORMALISED: dict[str, str] = {}  # text -> normalise(text): a sheet's names are asked about by several rules
_NORMALISED_MAX = 200_000  # entries kept (texts of up to 200 characters)


def normalise(text: object) -> str:
    """A header or label in comparable form: NFC, case-folded, single spaces, no trailing unit."""
    if type(text) is str:
        hit = _NORMALISED.get(text)
        if hit is not None:
            return hit
    s = " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())  # white space runs as one space
    prev = None
    while prev != s and s.endswith((")", "]")):  # a trailing unit ends the text with its bracket
        prev = s
        s = _TRAILING_UNIT.sub("", s).strip()
    s = s.rstrip(":.*").strip()
    if type(text) is str and len(text) <= 200 and len(_NORMALISED) < _NORMALISED_MAX:
        _NORMALISED[text] = s
    return s


def cell_text(value: object) -> str:
    """A raw cell as stripped text ('' for empty)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


@dataclass
class HeaderIndex:
    """Normalised header text -> the codes it names."""

    names: dict[str, set[str]] = field(default_factory=dict)
    integer: dict[str, bool] = field(default_factory=dict)

    def add(self, text: str, code: str) -> None:
        """Register `text` as a header of `code`."""
        key = normalise(text)
        if key:
            self.names.setdefault(key, set()).add(code)

    def match(self, text: str) -> set[str]:
        """The codes a header names (empty when none)."""
        return self.names.get(normalise(text), set())


def header_index(plan: Plan | None = None) -> HeaderIndex:
    """Header names from the data standard, the identifier variants and the plan's aliases."""
    idx = HeaderIndex()
    for code, el in ELEMENTS.items():
        idx.add(code, code)
        idx.add(el.header_vi, code)
        idx.integer[code] = el.kind != "id"
    for code, aliases in ID_ALIASES.items():
        for alias in aliases:
            idx.add(alias, code)
    if plan is not None:
        for ref in plan.elements:
            idx.add(ref.code, ref.code)
            if ref.header_vi:
                idx.add(ref.header_vi, ref.code)
            for alias in ref.aliases:
                idx.add(alias, ref.code)
            idx.integer.setdefault(ref.code, False)
    return idx


@dataclass
class Layout:
    """Where the table is: header rows, numbering row, first data row and the column mapping."""

    header_rows: list[int]
    numbering_row: int | None
    data_start: int
    columns: dict[str, int]  # code -> column index (ids, STT and elements)
    headers: dict[int, str]  # column index -> header text as written
    title_rows: list[int]
    title_year: int | None
    findings: list[Finding]
    data_end: int | None = None  # the next table's first header row (None: the sheet's end)


def _row(cells: list[list[object]], r: int) -> list[object]:
    return cells[r] if r < len(cells) else []


def _texts(row: Sequence[object]) -> list[str]:
    return [cell_text(v) if isinstance(v, str) else "" for v in row]


def _match_count(row: Sequence[object], idx: HeaderIndex) -> int:
    return sum(1 for t in _texts(row) if t and idx.match(t))


def _nonempty(row: Sequence[object]) -> int:
    return sum(1 for v in row if cell_text(v))


def _headerish(row: Sequence[object]) -> bool:
    """A row of text only (no numbers), with something in it."""
    vals = [v for v in row if cell_text(v)]
    return bool(vals) and all(isinstance(v, str) for v in vals) and not is_numbering(row)


def is_numbering(row: Sequence[object]) -> bool:
    """`(1) (2) (3)`, `1 2 3` or `A B 1 2`: column numbers under the header."""
    vals = [v for v in row if cell_text(v)]
    if len(vals) < 2:
        return False
    ints: list[int] = []
    for v in vals:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)):
            if not float(v).is_integer():
                return False
            ints.append(int(v))
            continue
        if not isinstance(v, str) or not _NUMBERING.fullmatch(v.strip()):
            return False
        lead = re.match(r"\(?\s*(\d+)", v.strip())
        if lead:
            ints.append(int(lead.group(1)))
    return all(b > a for a, b in zip(ints, ints[1:], strict=False))


def _merges_at(sheet: RawSheet, r: int) -> list[tuple[int, int, int, int]]:
    return [m for m in sheet.merged if m[0] == r]


def _pairs_with_next(sheet: RawSheet, a: int, idx: HeaderIndex) -> bool:
    """True when row `a` is the upper row of a two-row header whose lower row is a+1."""
    upper, lower = _row(sheet.cells, a), _row(sheet.cells, a + 1)
    if not _headerish(upper) or not _headerish(lower):
        return False
    merges = _merges_at(sheet, a)
    if any(m[2] >= a + 1 for m in merges):
        return True
    if _nonempty(upper) < 2:
        return False
    if _match_count(upper, idx) and _match_count(lower, idx):
        return True
    lower_cols = {c for c, t in enumerate(_texts(lower)) if t}
    groups = [m for m in merges if m[3] > m[1] and lower_cols & set(range(m[1], m[3] + 1))]
    return len(groups) >= 1 and _nonempty(upper) >= 2 and bool(set(range(len(upper))) - lower_cols)


def find_layout(sheet: RawSheet, idx: HeaderIndex) -> Layout | None:
    """The table's layout, or None when no row looks like a header (fewer than two known names)."""
    cells = sheet.cells
    scan = min(len(cells), HEADER_SCAN_ROWS)
    counts = [_match_count(cells[r], idx) for r in range(scan)]
    if not counts or max(counts) < 2:
        return None
    best = counts.index(max(counts))
    # a smaller table above the best-matched header is the first table, not title lines
    earlier = [r for r in range(best - 1) if counts[r] >= 2 and _has_figures(cells, r + 1, best)]
    return layout_at(sheet, idx, earlier[0] if earlier else best)


def is_figure(value: object) -> bool:
    """A number cell, or text that reads as a number ('1.234', '0,5')."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if not isinstance(value, str) or not value.strip():
        return False
    number, problem = parse_text(value)
    return problem is None and number == number


def _has_figures(cells: list[list[object]], start: int, end: int) -> bool:
    """True when a row in [start, end) holds a figure (and is not a column-numbering row)."""
    return any(any(is_figure(v) for v in cells[r]) and not is_numbering(cells[r]) for r in range(max(start, 0), end))


def layout_at(sheet: RawSheet, idx: HeaderIndex, best: int) -> Layout:
    """The layout of the table whose header is (or, in a two-row header, includes) row `best`."""
    cells = sheet.cells
    if best > 0 and _pairs_with_next(sheet, best - 1, idx):
        header_rows = [best - 1, best]
    elif _pairs_with_next(sheet, best, idx):
        header_rows = [best, best + 1]
    else:
        header_rows = [best]
    columns, headers, findings = _map_columns(sheet, header_rows, idx)
    after = header_rows[-1] + 1
    numbering = after if after < len(cells) and is_numbering(cells[after]) else None
    data_start = after + (1 if numbering is not None else 0)
    title_rows = [r for r in range(header_rows[0]) if _nonempty(cells[r])]
    title_year = year_from_titles(" ".join(cell_text(v) for v in cells[r]) for r in title_rows)
    return Layout(header_rows, numbering, data_start, columns, headers, title_rows, title_year, findings)


def year_from_titles(lines: Iterable[str]) -> int | None:
    """The reporting year a title states ('... NĂM 2024'), ignoring dates of signature."""
    for line in lines:
        text = _DATE_PHRASES.sub(" ", normalise(line))
        m = _YEAR_AFTER_NAM.search(text)
        if m:
            return int(m.group(1))
    return None


def year_from_name(name: str) -> int | None:
    """A year written in a sheet or file name, when exactly one distinct year appears."""
    years = set(_YEAR_IN_TEXT.findall(name))
    return int(years.pop()) if len(years) == 1 else None


def _group_texts(sheet: RawSheet, r: int, lower: Sequence[object]) -> list[str]:
    """Row r's text per column with horizontal merges (group headers) spread across their span."""
    row = _row(sheet.cells, r)
    width = max(len(row), len(lower))
    out = [cell_text(row[c]) if c < len(row) else "" for c in range(width)]
    lower_t = _texts(lower)
    for m in _merges_at(sheet, r):
        for c in range(m[1], min(m[3], width - 1) + 1):
            out[c] = out[m[1]]
    if not sheet.has_merge_info:
        carry = ""
        for c in range(width):
            lower_has = c < len(lower_t) and bool(lower_t[c])
            if out[c]:
                carry = out[c] if lower_has else ""
            elif lower_has and carry:
                out[c] = carry
    return out


def _display(text: str) -> str:
    """A header as shown in messages: NFC, on one line."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _map_columns(
    sheet: RawSheet, header_rows: list[int], idx: HeaderIndex
) -> tuple[dict[str, int], dict[int, str], list[Finding]]:
    """Map each header column to a code; unknown headers are info, ambiguous ones errors."""
    lower = _row(sheet.cells, header_rows[-1])
    upper = _group_texts(sheet, header_rows[0], lower) if len(header_rows) == 2 else []
    width = max(len(lower), len(upper))
    excel_row = sheet.row_number(header_rows[-1])
    columns: dict[str, int] = {}
    headers: dict[int, str] = {}
    findings: list[Finding] = []
    loc: dict[str, Any] = {"file": None, "sheet": sheet.name}  # keywords for make()
    for c in range(width):
        cell = lower[c] if c < len(lower) else None
        bottom = _display(cell) if isinstance(cell, str) else ""
        top = _display(upper[c]) if c < len(upper) else ""
        candidates: list[tuple[str, str]] = []
        if bottom:
            candidates.append((bottom, bottom))
            if top and top != bottom:
                candidates.append((f"{top} {bottom}", f"{top} / {bottom}"))
                if normalise(bottom) in _TOTAL_SUBHEADERS:
                    candidates.append((top, f"{top} / {bottom}"))
        elif top:
            candidates.append((top, top))
        if not candidates:
            continue
        written = candidates[0][1]
        codes: set[str] = set()
        for text, shown in candidates:
            codes = idx.match(text)
            if codes:
                written = shown
                break
        row_no = excel_row if bottom else sheet.row_number(header_rows[0])
        where: dict[str, Any] = {**loc, "row": row_no, "column_letter": sheet.column_letter(c), "header": written}
        if not codes:
            findings.append(make("unknown-header", column=written, **where))
            continue
        if len(codes) > 1:
            findings.append(make("ambiguous-header", column=written, elements=", ".join(sorted(codes)), **where))
            continue
        code = next(iter(codes))
        if written == code and top:  # a form's hidden code row under the header: show the header people see
            written = top
        if code in columns:
            first = columns[code]
            findings.append(
                make(
                    "duplicate-column", column=code, element=code, first=sheet.column_letter(first),
                    second=sheet.column_letter(c), **where,
                )
            )
            continue
        columns[code] = c
        headers[c] = written
    return columns, headers, findings
