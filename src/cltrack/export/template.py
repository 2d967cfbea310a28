"""Write a data-entry form (TemplateSpec) as an Excel workbook with validation and protection.

Layout of the sheet "Báo cáo <year>": title lines (merged across the table), a blank line, the
Vietnamese header row, the element codes in a hidden row right below it, then one row per unit.
Count cells accept whole numbers >= 0; each informed/trained count must be <= its total (a custom
formula). The sheet is protected with the count cells left unlocked; a "Hướng dẫn" sheet explains.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from cltrack.compute.template import TemplateSpec
from cltrack.export import neutralise
from cltrack.outputs import atomic

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW_GAP = 1  # blank lines between the title and the header
COLUMN_WIDTH: dict[str, float] = {"province": 14, "district": 16, "commune": 18, "unit_code": 9, "year": 7, "count": 12}
COLUMNS_HEADING = "Các cột số liệu (cột — tiêu đề):"


def layout_rows(spec: TemplateSpec) -> tuple[int, int, int]:
    """(header row, code row, first data row), 1-based."""
    header = len(spec.title) + HEADER_ROW_GAP + 1
    return header, header + 1, header + 2


def write_template(spec: TemplateSpec, path: str | Path) -> Path:
    """Write the form to `path` (.xlsx) and return the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from cltrack.export.office import (
        font,
        lines,
        number_format,
        print_setup,
        row_height,
        use_font,
        widths,
    )

    out = Path(path)
    wb = Workbook()
    use_font(wb)
    ws = cast("Worksheet", wb.active)  # a new workbook holds one worksheet
    ws.title = f"Báo cáo {spec.year}"
    ncols = len(spec.columns)
    header_row, code_row, first = layout_rows(spec)
    last = first + max(len(spec.rows), 1) - 1
    col_widths = [COLUMN_WIDTH.get(c.code, COLUMN_WIDTH["count"]) for c in spec.columns]
    widths(ws, col_widths)
    total_width = sum(col_widths)

    for i, line in enumerate(spec.title, start=1):
        size = 13 if i == 1 else 11
        cell = ws.cell(row=i, column=1, value=str(neutralise(line)))
        cell.font = font(bold=i <= 2, size=size)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=ncols)
        ws.row_dimensions[i].height = row_height([(line, total_width)], size, bold=i <= 2)

    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for j, col in enumerate(spec.columns, start=1):
        h = ws.cell(row=header_row, column=j, value=col.header_vi)
        h.font = font(bold=True)
        h.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        h.fill = fill
        h.border = box
        ws.cell(row=code_row, column=j, value=col.code)
    ws.row_dimensions[header_row].height = row_height(zip((c.header_vi for c in spec.columns), col_widths, strict=True), bold=True)
    ws.row_dimensions[code_row].hidden = True

    id_codes = [c.code for c in spec.columns if c.kind == "id"]
    count_format = number_format("#,##0", "vi")  # a form is Vietnamese: 1.234 with the thousands dot
    for i, row in enumerate(spec.rows):
        r = first + i
        values = {"province": row.province, "district": row.district, "commune": row.commune,
                  "unit_code": row.unit_code, "year": row.year}
        for j, code in enumerate(id_codes, start=1):
            cell = ws.cell(row=r, column=j, value=values[code])
            cell.border = box
            if code == "unit_code":
                cell.number_format = "@"  # keep leading zeros
        for j in range(len(id_codes) + 1, ncols + 1):
            blank = ws.cell(row=r, column=j)
            blank.protection = Protection(locked=False)
            blank.border = box
            blank.number_format = count_format

    letters = {c.code: get_column_letter(j) for j, c in enumerate(spec.columns, start=1)}
    parts = {p: w for p, w in spec.checks}
    whole_dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                              showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                              error="Ghi số nguyên không âm (0, 1, 2, ...); để trống nếu không có số liệu.")
    ws.add_data_validation(whole_dv)
    headers = {c.code: c.header_vi for c in spec.columns}
    for code in spec.element_codes:
        letter = letters[code]
        if code in parts:
            whole = letters[parts[code]]
            p0, w0 = f"{letter}{first}", f"{whole}{first}"
            dv = DataValidation(
                type="custom",
                formula1=f'AND(ISNUMBER({p0}),{p0}>=0,{p0}=INT({p0}),OR({w0}="",{p0}<={w0}))',
                allow_blank=True, showErrorMessage=True, errorTitle="Số liệu không hợp lệ",
                error=f"Ghi số nguyên không âm, không lớn hơn cột {whole} ({headers[parts[code]]})."[:255],
            )
            dv.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(dv)
        else:
            whole_dv.add(f"{letter}{first}:{letter}{last}")

    ws.freeze_panes = ws.cell(row=first, column=len(id_codes) + 1)  # type: ignore[assignment]  # the stubs miss MergedCell; this cell is never merged
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns
    ws.protection.formatRows = False
    print_setup(ws, landscape=True, title_rows=f"{header_row}:{code_row}")

    guide = wb.create_sheet("Hướng dẫn")
    width = 95
    widths(guide, [width])
    print_setup(guide, landscape=False)
    listed = [(f"{letters[c.code]}: {c.header_vi}", False) for c in spec.columns if c.kind != "id"]
    text = [(line, i == 0) for i, line in enumerate(spec.instructions)] + [("", False), (COLUMNS_HEADING, True)] + listed
    for i, (line, bold) in enumerate(text, start=1):
        cell = guide.cell(row=i, column=1, value=neutralise(line) if line else None)
        cell.font = font(bold=bold, size=13 if i == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if lines(line, width) > 1:
            guide.row_dimensions[i].height = row_height([(line, width)])
    with atomic(out) as tmp:
        wb.save(tmp)
    return out
