"""What the Excel evaluation report's sheets share: the cell styles (made once each, referred to by id),
status colours, labels, the header row, row heights, and a row's values as write-only cells.

Used by `report_sheets.py` (the sheets) and `report_xlsx.py` (the workbook written).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cltrack.export import cell_text as cell_text  # re-exported: text for a cell
from cltrack.export.office import font, number_format
from cltrack.i18n import Lang, label
from cltrack.models import Result

if TYPE_CHECKING:  # pragma: no cover
    pass

STATUS_FILL: dict[str, str] = {"met": "C6EFCE", "on_track": "E2EFDA", "off_track": "FFEB9C", "shortfall": "FFC7CE",
                               "no_data": "EDEDED", "insufficient_data": "DDEBF7"}
STATUS_BAR: dict[str, str] = {"met": "548235", "on_track": "A9D08E", "off_track": "FFC000", "shortfall": "C00000",
                              "no_data": "A6A6A6", "insufficient_data": "5B9BD5"}
LABELS: dict[str, tuple[str, str]] = {
    "nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "report": ("BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM {year}", "REPORT ON THE TARGETS, YEAR {year}"),
    "preparer": ("NGƯỜI LẬP BIỂU", "PREPARED BY"),
    "approver": ("THỦ TRƯỞNG ĐƠN VỊ", "APPROVED BY"),
    "sign": ("(Ký, ghi rõ họ tên)", "(signature and full name)"),
    "seal": ("(Ký tên, đóng dấu)", "(signature and seal)"),
    "district": ("Huyện", "District"),
    "subtotal": ("Cộng {name}", "Total {name}"),
    "total": ("Toàn địa bàn", "Whole area"),
    "coverage": ("Xã có báo cáo", "Communes reporting"),
    "chart": ("Mức đạt chỉ tiêu năm {year} (%)", "Attainment of the targets, {year} (%)"),
}
Row = tuple[Sequence[Any], Sequence[int], float | None]  # cell values, their style ids (0 = none), row height


def lbl(key: str, lang: Lang, **args: object) -> str:
    """A label of this module, filled."""
    return label(key, lang, LABELS).format(**args)


def cells(ws: Any, values: Sequence[Any], styles: Sequence[int], st: Styles) -> list[Any]:
    """One row for `ws.append`: text made safe, NaN blank, a styled write-only cell where a value has a style."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            v = cell_text(v)
        elif isinstance(v, float) and not math.isfinite(v):
            v = None
        style = styles[i] if i < len(styles) else 0
        if v is None:  # a blank cell has nothing to format: only the table's grid, when it is in the table
            style = st.blank if st.boxed(style) else 0
        if style:
            cell = WriteOnlyCell(ws, v)
            cell._style = st.arrays[style]  # type: ignore[attr-defined]  # a shared, never mutated StyleArray: openpyxl's own style record
            v = cell
        out.append(v)
    return out



class Styles:
    """The report's cell styles, made once each; cells refer to them by id (0 = no style)."""

    def __init__(self, wb: Any, lang: Lang) -> None:
        from openpyxl.styles import Alignment, Border, PatternFill, Side

        self.wb, self.lang = wb, lang
        self.fonts = {"title": font(bold=True, size=13), "header": font(bold=True, color="FFFFFF"), "bold": font(bold=True),
                      "italic": font(italic=True), "motto": font(bold=True, underline="single"), "plain": font()}
        self.fills = {"header": PatternFill("solid", fgColor="305496")} | {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILL.items()}
        self.aligns = {"wrap": Alignment(wrap_text=True, vertical="top"), "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
                       "head": Alignment(horizontal="center", vertical="center", wrap_text=True), "top": Alignment(vertical="top")}
        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self._ids: dict[tuple[str | None, ...], int] = {}
        self.arrays: dict[int, Any] = {}
        self._boxed: set[int] = set()

    def id(self, font: str | None = None, fill: str | None = None, fmt: str | None = None, align: str | None = None, box: bool = True) -> int:
        """The id of the style with this font / fill / number format / alignment, in the table's grid when `box`."""
        key = (font or "plain", fill, fmt, align, "box" if box else None)
        if key not in self._ids:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self.wb.worksheets[0])  # openpyxl registers the parts in this workbook's style lists
            cell.font = self.fonts[font or "plain"]
            if fill is not None:
                cell.fill = self.fills[fill]
            if fmt is not None:
                cell.number_format = number_format(fmt, self.lang)
            if align is not None or box:
                cell.alignment = self.aligns[align or "top"]
            if box:
                cell.border = self.border
            self._ids[key] = len(self._ids) + 1
            self.arrays[self._ids[key]] = cell._style  # type: ignore[attr-defined]  # openpyxl's private style record, not in its stubs
            if box:
                self._boxed.add(self._ids[key])
        return self._ids[key]

    @property
    def blank(self) -> int:
        """The style of a blank cell of a table: the grid, no number format."""
        return self.id()

    def boxed(self, style: int) -> bool:
        """True when the style draws the table's grid (so a blank cell keeps it)."""
        return style in self._boxed

    def header(self, n: int) -> tuple[int, ...]:
        """Styles of a header row of `n` cells."""
        return (self.id("header", "header", align="head"),) * n

    def status(self, status: str) -> int:
        """The fill style of a status cell."""
        return self.id(fill=status if status in STATUS_FILL else None, align="wrap")


def header_row(names: list[str], st: Styles, col_widths: Sequence[float]) -> Row:
    """A styled header row, tall enough for its wrapped names."""
    return names, st.header(len(names)), height(zip(names, col_widths, strict=False), bold=True)


@lru_cache(maxsize=1 << 14)
def height_of(texts: tuple[tuple[object, float], ...], size: float, chars: float) -> float:
    """The height (points) that holds every (text, width) wrapped; worked out once per distinct row text."""
    from cltrack.export.office import row_height

    return row_height(texts, size, chars)


def height(texts: Iterable[tuple[object, float]], size: float = 11, *, bold: bool = False) -> float | None:
    """A row's height when some text wraps, else None (the default height)."""
    from cltrack.export.office import BOLD_CHARS, CHARS_PER_WIDTH

    chars = BOLD_CHARS if bold else CHARS_PER_WIDTH
    h = height_of(tuple((t, w) for t, w in texts if isinstance(t, str)), size, chars)
    return h if h > height_of((), size, chars) else None


def pct(x: float | None) -> float | None:
    """A percentage value as a fraction for Excel's 0.0% format."""
    return None if x is None else x / 100


def status_labels(lang: Lang) -> Callable[[Result], str]:
    """present.status_text for `lang`, worked out once per distinct (status, significance, approximate)."""
    from cltrack.present import status_text

    cache: dict[tuple[str, str | None, bool], str] = {}

    def get(r: Result) -> str:
        key = (r.status, r.significance, r.approximate)
        if key not in cache:
            cache[key] = status_text(r, lang)
        return cache[key]

    return get


def target_txt(t: Any, lang: Lang) -> str:
    """'≥ 90%' / '≤ 0,5%' text of a target in `lang`."""
    from cltrack.present import target_text

    return target_text(t, lang)


def merged(ws: Any, row: int, first: int, last: int) -> None:
    """Merge columns first..last (1-based) of a row."""
    from openpyxl.utils import get_column_letter

    ws.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")
