"""Write realistic report workbooks for tests: title lines, merged two-row headers, numbering rows,
merged district cells, total rows, signature blocks; xlsx/xlsm (openpyxl), csv (any encoding and
delimiter) and ods (a minimal OpenDocument package written by hand).

    write_report(path, rows, title_lines=[...], two_row_header=True, numbering_row=True,
                 total_row="bottom", signature=True, merge_district=True)

`rows` are dicts keyed by column code (`province`, `district`, `commune`, `unit_code`, `year`,
`stt` or a data-element code); values are written as given (numbers, text such as "1.234",
dates, formulas "=SUM(D5:D7)"). Headers are the standard's Vietnamese headers unless `headers`
maps a code to other text (or `header_style="code"`). `layout(path)` tells where everything went.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from cltrack.elements import ELEMENTS

ID_HEADERS = {"stt": "STT", "province": "Tỉnh", "district": "Huyện", "commune": "Xã", "unit_code": "Mã ĐVHC", "year": "Năm"}
GROUP_LABEL = "Số liệu báo cáo"


@dataclass
class Written:
    """Where write_report put things (1-based Excel rows; column letters by code)."""

    path: Path
    header_rows: list[int]
    numbering_row: int | None
    first_data_row: int
    data_rows: list[int]
    total_row: int | None
    note_rows: list[int]
    title_rows: list[int]
    letters: dict[str, str] = field(default_factory=dict)
    last_row: int = 0


def letter(index: int) -> str:
    """0 -> A."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def header_text(code: str, headers: Mapping[str, str] | None, style: str) -> str:
    """The header written for a column code."""
    if headers and code in headers:
        return headers[code]
    if style == "code":
        return code
    if code in ID_HEADERS:
        return ID_HEADERS[code]
    return ELEMENTS[code].header_vi if code in ELEMENTS else code


def build_grid(
    rows: Sequence[Mapping[str, Any]],
    *,
    columns: Sequence[str] | None = None,
    title_lines: Sequence[str] = (),
    blank_after_title: bool = True,
    two_row_header: bool = False,
    numbering_row: bool = False,
    total_row: str | None = None,
    total_label: str = "Tổng cộng",
    signature: bool = False,
    headers: Mapping[str, str] | None = None,
    header_style: str = "vi",
    nfd_headers: bool = False,
    merge_district: bool = False,
) -> tuple[list[list[Any]], list[tuple[int, int, int, int]], Written]:
    """The cell grid (row 0 = Excel row 1), merged ranges (0-based r0, c0, r1, c1) and positions."""
    cols = list(columns) if columns else list(dict.fromkeys(k for r in rows for k in r))
    width = len(cols)
    grid: list[list[Any]] = []
    merges: list[tuple[int, int, int, int]] = []
    title_rows = []
    for line in title_lines:
        title_rows.append(len(grid) + 1)
        grid.append([line] + [""] * (width - 1))
        merges.append((len(grid) - 1, 0, len(grid) - 1, width - 1))
    if title_lines and blank_after_title:
        grid.append([""] * width)
    texts = [header_text(c, headers, header_style) for c in cols]
    if nfd_headers:
        texts = [unicodedata.normalize("NFD", t) for t in texts]
    id_cols = [i for i, c in enumerate(cols) if c in ID_HEADERS]
    header_rows = []
    if two_row_header:
        top = len(grid)
        upper = [texts[i] if i in id_cols else "" for i in range(width)]
        lower = ["" if i in id_cols else texts[i] for i in range(width)]
        elem_cols = [i for i in range(width) if i not in id_cols]
        if elem_cols:
            upper[elem_cols[0]] = GROUP_LABEL
            merges.append((top, elem_cols[0], top, elem_cols[-1]))
        for i in id_cols:
            merges.append((top, i, top + 1, i))
        grid.extend([upper, lower])
        header_rows = [top + 1, top + 2]
    else:
        grid.append(texts)
        header_rows = [len(grid)]
    numbering = None
    if numbering_row:
        grid.append([f"({i + 1})" for i in range(width)])
        numbering = len(grid)
    first_data = len(grid) + 1
    numeric = [c for c in cols if c in ELEMENTS and ELEMENTS[c].kind != "id"]

    def total_values() -> list[Any]:
        line = [""] * width
        for c in numeric:
            vals = [r.get(c) for r in rows]
            nums = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
            line[cols.index(c)] = sum(nums)
        label_at = next((i for i, c in enumerate(cols) if c in ("stt", "province", "district", "commune")), 0)
        line[label_at] = total_label
        return line

    total_at = None
    if total_row == "top":
        grid.append(total_values())
        total_at = len(grid)
    data_rows = []
    prev_district = None
    block_start = None
    for r in rows:
        line = [r.get(c, "") for c in cols]
        line = ["" if v is None else v for v in line]
        if merge_district and "district" in cols:
            i = cols.index("district")
            if r.get("district") == prev_district:
                line[i] = ""
            else:
                if block_start is not None and len(grid) - 1 > block_start:
                    merges.append((block_start, i, len(grid) - 1, i))
                block_start = len(grid)
                prev_district = r.get("district")
        grid.append(line)
        data_rows.append(len(grid))
    if merge_district and "district" in cols and block_start is not None and len(grid) - 1 > block_start:
        merges.append((block_start, cols.index("district"), len(grid) - 1, cols.index("district")))
    if total_row == "bottom":
        grid.append(total_values())
        total_at = len(grid)
    note_rows = []
    if signature:
        for line in (
            ["Ghi chú: số liệu tính đến 31/12"],
            [""],
            ["Người lập biểu"] + [""] * max(0, width - 2) + ["Thủ trưởng đơn vị"],
            ["(Ký, ghi rõ họ tên)"],
            ["Nguyễn Văn An"] + [""] * max(0, width - 2) + ["Trần Thị Bình"],
        ):
            grid.append(line + [""] * (width - len(line)))
            note_rows.append(len(grid))
    written = Written(
        path=Path(), header_rows=header_rows, numbering_row=numbering, first_data_row=first_data,
        data_rows=data_rows, total_row=total_at, note_rows=note_rows, title_rows=title_rows,
        letters={c: letter(i) for i, c in enumerate(cols)}, last_row=len(grid),
    )
    return grid, merges, written


def write_report(path: Path, rows: Sequence[Mapping[str, Any]], *, sheet: str = "Báo cáo", encoding: str = "utf-8",
                 delimiter: str = ",", **layout: Any) -> Written:
    """Write one report table to `path` (.xlsx/.xlsm/.csv/.ods) and say where everything went."""
    grid, merges, written = build_grid(rows, **layout)
    written.path = path
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        write_xlsx(path, {sheet: (grid, merges)})
    elif suffix == ".csv":
        write_csv(path, grid, encoding=encoding, delimiter=delimiter)
    elif suffix == ".ods":
        write_ods(path, {sheet: (grid, merges)})
    else:
        raise ValueError(suffix)
    return written


def write_xlsx(path: Path, sheets: Mapping[str, tuple[list[list[Any]], list[tuple[int, int, int, int]]]]) -> Path:
    """Sheets of cell grids (with merged ranges) to an xlsx file with openpyxl."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, (grid, merges) in sheets.items():
        ws = wb.create_sheet(name)
        for r, line in enumerate(grid, start=1):
            for c, value in enumerate(line, start=1):
                if value != "" and value is not None:
                    ws.cell(row=r, column=c, value=value)
        for r0, c0, r1, c1 in merges:
            if (r0, c0) != (r1, c1):
                ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(path)
    return path


def write_csv(path: Path, grid: list[list[Any]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """A grid to CSV in the given encoding (e.g. 'cp1258', 'utf-16', 'utf-8-sig')."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    for line in grid:
        writer.writerow(["" if v is None else v for v in line])
    text = buf.getvalue()
    if encoding.replace("-", "").lower() == "cp1258":
        data = encode_cp1258(text)
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    return path


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258 does: precomposed base letters (â, ư, đ) plus combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONES))
            out += base.encode("cp1258") + "".join(m for m in parts if m in _TONES).encode("cp1258")
    return bytes(out)


def write_ods(path: Path, sheets: Mapping[str, tuple[list[list[Any]], list[tuple[int, int, int, int]]]]) -> Path:
    """Sheets to a minimal OpenDocument spreadsheet (numbers typed as floats, text as strings)."""
    body = []
    for name, (grid, merges) in sheets.items():
        spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in merges}
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - set(spans)
        rows_xml = []
        for r, line in enumerate(grid):
            cells = []
            for c, v in enumerate(line):
                if (r, c) in covered:
                    cells.append("<table:covered-table-cell/>")
                    continue
                attrs = ""
                if (r, c) in spans:
                    nr, nc = spans[(r, c)]
                    attrs = f' table:number-rows-spanned="{nr}" table:number-columns-spanned="{nc}"'
                if v == "" or v is None:
                    cells.append(f"<table:table-cell{attrs}/>")
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    cells.append(
                        f'<table:table-cell{attrs} office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
                    )
                else:
                    cells.append(
                        f'<table:table-cell{attrs} office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'
                    )
            rows_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        body.append(f'<table:table table:name="{escape(name)}">' + "".join(rows_xml) + "</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(body) + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def commune_rows(specs: Sequence[tuple[str, str, str, Mapping[str, Any]]], year: int | None = None) -> list[dict[str, Any]]:
    """[(province, district, commune, {code: value})] to row dicts (with `year` when given)."""
    out = []
    for prov, dist, comm, values in specs:
        row: dict[str, Any] = {"province": prov, "district": dist, "commune": comm}
        if year is not None:
            row["year"] = year
        row.update(values)
        out.append(row)
    return out


def _brt(typ: int, data: bytes = b"") -> bytes:
    """One BIFF12 record: type and size as 7-bit groups, then the data (MS-XLSB 2.1.4)."""
    head = bytes([typ]) if typ < 0x80 else bytes([(typ & 0x7F) | 0x80, typ >> 7])
    size, n = b"", len(data)
    while True:
        size += bytes([(n & 0x7F) | (0x80 if n > 0x7F else 0)])
        n >>= 7
        if not n:
            break
    return head + size + data


def _wide(text: str) -> bytes:
    """An XLWideString: character count, then UTF-16LE."""
    return len(text).to_bytes(4, "little") + text.encode("utf-16-le")


def write_xlsb(path: Path, sheets: Mapping[str, list[list[Any]]]) -> Path:
    """An Excel binary workbook (xlsb) with text and number cells, written record by record."""
    import struct

    u32 = struct.Struct("<I").pack
    book = _brt(0x83) + _brt(0x8F)
    rels = []
    parts: dict[str, bytes] = {}
    for k, (name, grid) in enumerate(sheets.items(), start=1):
        book += _brt(0x9C, u32(0) + u32(k) + _wide(f"rId{k}") + _wide(name))
        rels.append(f'<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k}.bin"/>')
        width = max((len(r) for r in grid), default=1)
        sheet = _brt(0x81) + _brt(0x94, u32(0) + u32(max(len(grid) - 1, 0)) + u32(0) + u32(width - 1)) + _brt(0x91)
        for r, row in enumerate(grid):
            sheet += _brt(0x00, u32(r) + u32(0) + b"\x2c\x01" + b"\x00\x00\x00" + u32(0))
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    sheet += _brt(0x05, u32(c) + u32(0) + struct.pack("<d", float(v)))
                else:
                    sheet += _brt(0x06, u32(c) + u32(0) + _wide(str(v)))
        parts[f"xl/worksheets/sheet{k}.bin"] = sheet + _brt(0x92) + _brt(0x82)
    parts["xl/workbook.bin"] = book + _brt(0x90) + _brt(0x84)
    parts["xl/_rels/workbook.bin.rels"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                          + "".join(rels) + "</Relationships>").encode()
    parts["_rels/.rels"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>')
    parts["[Content_Types].xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                                    b'<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
                                    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path
