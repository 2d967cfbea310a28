"""What makes a cltrack workbook print as an office document: A4 pages, one font family, row heights.

Every Excel writer (the evaluation report, the rollup workbook, the entry form) takes its page setup,
fonts, number formats and the official heading block from here, so the three print alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cltrack.i18n import Lang

FONT = "Times New Roman"  # the official document font in Vietnam (Liberation Serif has the same metrics)
SIZE = 11
LINE_PT = 15.0  # height of one line of 11-point text, in points
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MARGINS: dict[str, float] = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.6}  # inches
VI_LOCALE = "[$-42A]"  # Vietnamese number display (decimal comma, thousands dot) in Excel and LibreOffice


def font(**kwargs: Any) -> Any:
    """An openpyxl Font of the document's family."""
    from openpyxl.styles import Font

    return Font(name=FONT, size=kwargs.pop("size", SIZE), **kwargs)


def use_font(wb: Any) -> None:
    """Make the document font the workbook's default (cells without a style of their own use it)."""
    from openpyxl.utils.indexed_list import IndexedList

    wb._fonts = IndexedList([font()])  # openpyxl's own font list: entry 0 is every plain cell's font
    wb._named_styles["Normal"].font = font()


def number_format(fmt: str, lang: Lang) -> str:
    """A number format shown with the Vietnamese decimal comma and thousands dot in a vi workbook."""
    return VI_LOCALE + fmt if lang == "vi" and not fmt.startswith("[$") else fmt


def print_setup(ws: Any, *, landscape: bool, title_rows: str | None = None, one_page: bool = False) -> None:
    """A4, the orientation given, one page wide (and one page tall when `one_page`), header rows repeated."""
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left, ws.page_margins.right = MARGINS["left"], MARGINS["right"]
    ws.page_margins.top, ws.page_margins.bottom = MARGINS["top"], MARGINS["bottom"]
    if title_rows:
        ws.print_title_rows = title_rows


def page_setup(ws: Any, *, landscape: bool, title_rows: tuple[int, int] | None = None, one_page: bool = False) -> None:
    """`print_setup` for an XlsxWriter sheet (the evaluation report): A4, one page wide, rows `title_rows` (1-based) repeated."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.center_horizontally()
    ws.set_margins(**MARGINS)
    if title_rows:
        ws.repeat_rows(title_rows[0] - 1, title_rows[1] - 1)


def column_widths(ws: Any, values: Iterable[float]) -> None:
    """`widths` for an XlsxWriter sheet: column widths from column A on."""
    for i, w in enumerate(values):
        ws.set_column(i, i, w)


def chart_style(chart: Any, title: str, y_title: str | None = None) -> None:
    """`chart_fonts` for an XlsxWriter chart: title, axis title, axis labels in the document font."""
    chart.set_title({"name": title, "name_font": {"name": FONT, "size": 12, "bold": True}})
    labels = {"name": FONT, "size": 9}
    chart.set_x_axis({"num_font": labels})
    chart.set_y_axis({"min": 0, "num_font": labels} | ({"name": y_title, "name_font": {"name": FONT, "size": 10, "bold": True}} if y_title else {}))


def widths(ws: Any, values: Iterable[float]) -> None:
    """Column widths from column A on."""
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def lines(text: object, width: float, *, bold: bool = False, size: float = SIZE) -> int:
    """How many lines `text` takes word-wrapped in a column of `width`, measured in Times New Roman (`typeface`)."""
    from cltrack.export.typeface import lines as measured

    return 1 if text is None or text == "" else measured(str(text), width, size, bold)


def row_height(texts: Iterable[tuple[object, float]], size: float = SIZE, *, bold: bool = False) -> float:
    """The height in points that holds every (text, column width) of a row wrapped."""
    return lines_height(max((lines(t, w, bold=bold, size=size) for t, w in texts), default=1), size)


def lines_height(count: int, size: float = SIZE) -> float:
    """The height in points of `count` lines of `size`-point text."""
    return round(count * LINE_PT * size / SIZE + 3, 1)


def place_date_line(place: str, iso_date: str) -> str:
    """'Triệu Sơn, ngày 02 tháng 12 năm 2026' from a place and an ISO date (or date-time)."""
    year, month, day = iso_date[:10].split("-")
    return f"{place}, ngày {day} tháng {month} năm {year}"


def place_name(name: str) -> str:
    """A unit's name as the place of a document: 'Huyện Triệu Sơn' -> 'Triệu Sơn'."""
    for prefix in ("Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Tỉnh ", "Quận ", "Xã ", "Phường "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def chart_title(text: str, size: int = 12, bold: bool = True) -> Any:
    """A chart or axis title in the document font, one paragraph per line of `text`."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import Paragraph, ParagraphProperties, RegularTextRun

    props = _char_props(size, bold)
    paras = [Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=line)]) for line in text.split("\n")]
    return Title(tx=Text(rich=RichText(p=paras)), overlay=False)


def chart_fonts(chart: Any, title: str, y_title: str | None = None, x_title: str | None = None) -> None:
    """Title, axis titles, axis labels and legend of a chart in the document font."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import Paragraph, ParagraphProperties

    chart.title = chart_title(title)
    body = RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=_char_props(9)), endParaRPr=_char_props(9))])
    for axis, name in ((chart.x_axis, x_title), (chart.y_axis, y_title)):
        axis.txPr = body
        if name:
            axis.title = chart_title(name, 10)
    if chart.legend is not None:
        chart.legend.txPr = body


def _char_props(size: int, bold: bool = False) -> Any:
    """Drawing text properties: the document font at `size` points."""
    from openpyxl.drawing.text import CharacterProperties
    from openpyxl.drawing.text import Font as DrawingFont

    face = DrawingFont(typeface=FONT)
    return CharacterProperties(latin=face, cs=face, sz=size * 100, b=bold)
