"""What a file is, by its content rather than its name (no pandas, no reader: the byte tests only).

`content_of(path)` looks at a file's first bytes (and a zip's list of members): a workbook (xlsx,
xlsb, xls, ods), delimited text (csv), or something cltrack does not read, said in words (an HTML
page, a PDF, a Word document, a zip archive, an empty file ...).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cltrack.models import Text

# The formats cltrack reads, and the suffixes that name each.
READ_FORMATS: dict[str, tuple[str, ...]] = {
    "xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "xls": (".xls",), "ods": (".ods",), "csv": (".csv", ".tsv", ".txt"),
}
# Suffixes looked for inside folders (a .txt beside the reports is listed, not read).
REPORT_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")
NAMES: dict[str, Text] = {
    "xlsx": Text("bảng tính Excel (xlsx)", "an Excel workbook (xlsx)"),
    "xlsb": Text("bảng tính Excel nhị phân (xlsb)", "an Excel binary workbook (xlsb)"),
    "xls": Text("bảng tính Excel 97-2003 (xls)", "an Excel 97-2003 workbook (xls)"),
    "ods": Text("bảng tính OpenDocument (ods)", "an OpenDocument spreadsheet (ods)"),
    "csv": Text("văn bản phân cách bằng dấu phẩy (csv)", "delimited text (csv)"),
    "empty": Text("tệp rỗng (0 byte)", "an empty file (0 bytes)"),
    "html": Text("trang HTML", "an HTML page"),
    "pdf": Text("tài liệu PDF", "a PDF document"),
    "xml": Text("tệp XML", "an XML file"),
    "xml-spreadsheet": Text("bảng tính XML của Excel 2003", "an Excel 2003 XML spreadsheet"),
    "docx": Text("văn bản Word (docx)", "a Word document (docx)"),
    "pptx": Text("bản trình chiếu PowerPoint (pptx)", "a PowerPoint presentation (pptx)"),
    "odt": Text("văn bản OpenDocument (odt)", "an OpenDocument text (odt)"),
    "zip": Text("tệp nén zip không chứa bảng tính", "a zip archive that holds no workbook"),
    "bad-zip": Text("tệp zip hỏng", "a damaged zip file"),
    "doc": Text("văn bản Word 97-2003 (doc)", "a Word 97-2003 document (doc)"),
    "encrypted": Text("bảng tính có mật khẩu", "a password-protected workbook"),
    "ole": Text("tệp Office không phải bảng tính", "an Office file that is not a workbook"),
    "image": Text("ảnh", "an image"),
    "rtf": Text("văn bản RTF", "a Rich Text document"),
    "text": Text("văn bản thường (không phân cột)", "plain text (not in columns)"),
    "binary": Text("dữ liệu nhị phân không rõ", "binary data of no known kind"),
    "lock": Text("tệp khóa của Office (~$)", "an Office lock file (~$)"),
    "parquet": Text("tệp dữ liệu Parquet", "a Parquet data file"),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<table|<meta|<head|<body|<!--)", re.I)
HEAD = 8192


@dataclass(frozen=True)
class Content:
    """What a file holds: `kind` (a READ_FORMATS key when cltrack reads it, else a NAMES key)."""

    kind: str

    @property
    def readable(self) -> bool:
        """True for a format cltrack reads."""
        return self.kind in READ_FORMATS

    @property
    def name(self) -> Text:
        """The kind in words (vi/en)."""
        return NAMES[self.kind]

    def named_by(self, suffix: str) -> bool:
        """True when `suffix` (e.g. '.xls') is a name of this content's format."""
        return suffix.lower() in READ_FORMATS.get(self.kind, ())


def content_of(path: Path) -> Content:
    """What the file is, from its first bytes (a zip: from its members); never raises for the content."""
    if path.name.startswith("~$"):
        return Content("lock")
    with open(path, "rb") as fh:
        head = fh.read(HEAD)
    if not head:
        return Content("empty")
    if head.startswith(b"PK"):
        return _zip_kind(path)
    if head.startswith(_OLE):
        return _ole_kind(path)
    if head.startswith(b"%PDF"):
        return Content("pdf")
    if head.startswith(b"{\\rtf"):
        return Content("rtf")
    if head.startswith(b"PAR1"):
        return Content("parquet")
    if head.startswith(_IMAGES):
        return Content("image")
    return _text_kind(head, path.suffix.lower())


def _zip_kind(path: Path) -> Content:
    """A zip: an xlsx, xlsb or ods workbook, or another kind of zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return Content("xlsx") if path.suffix.lower() in (".xlsx", ".xlsm") else Content("bad-zip")
    if "xl/workbook.xml" in names:
        return Content("xlsx")
    if "xl/workbook.bin" in names:
        return Content("xlsb")
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return Content("ods")
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return Content("odt")
    if "word/document.xml" in names:
        return Content("docx")
    if "ppt/presentation.xml" in names:
        return Content("pptx")
    return Content("zip")


def _ole_kind(path: Path) -> Content:
    """An OLE compound file: an xls workbook, a Word document, an encrypted workbook, or other."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        data = fh.read() if size <= 32 << 20 else fh.read(4 << 20)
    names = {k: n.encode("utf-16-le") for k, n in (("xls", "Workbook"), ("xls5", "Book"), ("doc", "WordDocument"),
                                                     ("encrypted", "EncryptedPackage"))}
    if names["encrypted"] in data:
        return Content("encrypted")
    if names["xls"] in data or names["xls5"] in data:
        return Content("xls")
    if names["doc"] in data:
        return Content("doc")
    return Content("xls") if path.suffix.lower() == ".xls" else Content("ole")


def _text_kind(head: bytes, suffix: str) -> Content:
    """Text: an HTML page, an XML file, delimited text (csv), or plain text; else binary data."""
    text = head.lstrip(b"\xef\xbb\xbf")
    if _HTML.match(text):
        return Content("html")
    if text.lstrip().startswith(b"<?xml"):
        return Content("xml-spreadsheet" if b"urn:schemas-microsoft-com:office:spreadsheet" in head else "xml")
    from cltrack.textfile import decode, sniff_delimiter

    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 4
    if b"\x00" in head and not utf16:
        return Content("binary")
    decoded = decode(head if len(head) < HEAD else head[: HEAD - 8])  # a cut multi-byte character at the end is no matter
    if decoded is None:
        return Content("binary")
    sample = decoded[0]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > len(sample) // 100:
        return Content("binary")
    if suffix == ".csv" or _delimited(sample, sniff_delimiter(sample)):
        return Content("csv")
    return Content("text")


def _delimited(sample: str, delimiter: str) -> bool:
    """True when most non-blank lines split into the same number (2 or more) of fields."""
    import csv

    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    if not lines:
        return False
    counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
    common = max(set(counts), key=counts.count)
    return common >= 2 and counts.count(common) * 2 >= len(counts)
