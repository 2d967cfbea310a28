"""What the Excel evaluation report's sheets share: the cell formats (made once each, referred to by id),
merged ranges, status colours, labels, the header row and row heights.

Used by `report_sheets.py` (the sheets) and `report_xlsx.py` (the workbook written).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from cltrack.export import cell_text as cell_text  # re-exported: text for a cell
from cltrack.export.office import number_format
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


class Styles:
    """The report's cell formats (XlsxWriter), made once each; cells refer to them by id (0 = no format)."""

    FONTS: dict[str, dict[str, Any]] = {"title": {"bold": True, "font_size": 13}, "header": {"bold": True, "font_color": "#FFFFFF"},
                                        "bold": {"bold": True}, "italic": {"italic": True}, "motto": {"bold": True, "underline": 1},
                                        "plain": {}}
    ALIGNS: dict[str, dict[str, Any]] = {"wrap": {"text_wrap": True, "valign": "top"},
                                         "center": {"align": "center", "valign": "vcenter", "text_wrap": True},
                                         "head": {"align": "center", "valign": "vcenter", "text_wrap": True}, "top": {"valign": "top"}}
    FILLS: dict[str, str] = {"header": "305496"} | STATUS_FILL

    def __init__(self, wb: Any, lang: Lang) -> None:
        self.wb, self.lang = wb, lang
        self._ids: dict[tuple[str | None, ...], int] = {}
        self.formats: dict[int, Any] = {}
        self._boxed: set[int] = set()
        self.merges: dict[str, dict[int, dict[int, int]]] = {}  # sheet -> row -> first column -> last column (0-based)
        self._fills: dict[str, Any] = {}
        self._wraps: dict[int, tuple[float, bool]] = {}  # style id -> (font size, bold) of a style whose text wraps
        self.widths: dict[str, list[float]] = {}  # sheet -> column widths (units), from column A

    SIZES: dict[str, float] = {"title": 13}
    WRAPS = frozenset({"wrap", "center", "head"})

    def id(self, font: str | None = None, fill: str | None = None, fmt: str | None = None, align: str | None = None, box: bool = True) -> int:
        """The id of the format with this font / fill / number format / alignment, in the table's grid when `box`."""
        key = (font or "plain", fill, fmt, align, "box" if box else None)
        if key not in self._ids:
            props: dict[str, Any] = dict(self.FONTS[font or "plain"])
            if fill is not None:
                props |= {"pattern": 1, "bg_color": "#" + self.FILLS[fill]}
            if fmt is not None:
                props["num_format"] = number_format(fmt, self.lang)
            if align is not None or box:
                props |= self.ALIGNS[align or "top"]
            if box:
                props |= {"border": 1, "border_color": "#808080"}
            self._ids[key] = len(self._ids) + 1
            self.formats[self._ids[key]] = self.wb.add_format(props)
            if box:
                self._boxed.add(self._ids[key])
            if align in self.WRAPS:
                self._wraps[self._ids[key]] = (self.SIZES.get(font or "plain", 11.0), bool(props.get("bold")))
        return self._ids[key]

    def height(self, sheet: str, row: int, values: Sequence[Any], styles: Sequence[int]) -> float | None:
        """The height that holds every wrapped text of a row (0-based) of `sheet` in its column or merged range,
        at its style's size and weight, measured in Times New Roman; None when every text is one line of 11 points."""
        from cltrack.export.office import lines_height
        from cltrack.export.typeface import lines

        cols, spans = self.widths.get(sheet, []), self.merges.get(sheet, {}).get(row, {})
        tallest: float | None = None
        for c, v in enumerate(values):
            style = styles[c] if c < len(styles) else 0
            if type(v) is not str or style not in self._wraps or not v or c >= len(cols):
                continue
            size, bold = self._wraps[style]
            n = lines(v, sum(cols[c:spans.get(c, c) + 1]), size, bold)
            if n > 1 or size > 11:
                tallest = max(tallest or 0.0, lines_height(n, size))
        return tallest

    def fill(self, name: str) -> Any:
        """A fill-only format (for conditional formats), made once per fill."""
        if name not in self._fills:
            self._fills[name] = self.wb.add_format({"bg_color": "#" + self.FILLS[name], "pattern": 1})
        return self._fills[name]

    def merge(self, ws: Any, row: int, first: int, last: int) -> None:
        """Merge columns first..last (1-based) of a row (1-based) when the row is written."""
        self.merges.setdefault(ws.name, {}).setdefault(row - 1, {})[first - 1] = last - 1

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


def header_row(names: list[str], st: Styles) -> Row:
    """A styled header row (its height fitted to the wrapped names by `Styles.height`)."""
    return names, st.header(len(names)), None


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
