"""Read a CSV report: detect the encoding and the delimiter, return a raw grid of text cells.

Encodings are tried strictly in a fixed order: a byte-order mark (UTF-8, UTF-16), then UTF-8,
UTF-16 without a mark (many NUL bytes), Windows-1258, and charset-normalizer's guess as a last
resort. Windows-1258 writes tone marks as combining characters, so text is NFC-normalised.
The delimiter is the one of `,` `;` tab that splits most lines into the same number of fields.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from pathlib import Path

from cltrack.findings import make
from cltrack.models import Finding
from cltrack.reading.workbook import RawSheet

DELIMITERS: tuple[str, ...] = (",", ";", "\t")
_DELIMITER_NAMES = {",": ",", ";": ";", "\t": "tab"}


def decode(data: bytes) -> tuple[str, str] | None:
    """Bytes to NFC text and the encoding name, or None when no encoding fits."""
    attempts: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        attempts.append("utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts.append("utf-16")
    attempts.append("utf-8")
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        odd_nuls = sample[1::2].count(b"\x00")
        attempts.append("utf-16-le" if odd_nuls > len(sample) // 4 else "utf-16-be")
    attempts.append("cp1258")
    for enc in attempts:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        return unicodedata.normalize("NFC", text), enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # noqa: BLE001 - a guess that fails is just no guess
        best = None
    if best is None:
        return None
    return unicodedata.normalize("NFC", str(best)), str(best.encoding)


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that gives the most lines with one common field count (> 1)."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    best, best_score = ",", -1
    for delim in DELIMITERS:
        counts: dict[int, int] = {}
        for fields in csv.reader(lines, delimiter=delim):
            k = len(fields)
            if k > 1:
                counts[k] = counts.get(k, 0) + 1
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(path: Path, display: str) -> tuple[list[RawSheet], list[Finding]]:
    """A CSV file as one raw sheet (name None), with an info finding on how it was read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [make("file-unreadable", file=display, detail=str(exc))]
    decoded = decode(data)
    if decoded is None:
        return [], [make("file-unreadable", file=display, detail="unknown text encoding")]
    text, encoding = decoded
    if text.startswith("\ufeff"):
        text = text[1:]
    delim = sniff_delimiter(text)
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    last_line = 0
    try:
        for record in reader:
            rows.append(record)
            line_numbers.append(last_line + 1)
            last_line = reader.line_num
    except csv.Error as exc:
        return [], [make("file-unreadable", file=display, row=last_line + 1, detail=str(exc))]
    width = max((len(r) for r in rows), default=0)
    cells: list[list[object]] = [[*r, *([""] * (width - len(r)))] for r in rows]
    info = make("csv-encoding", file=display, encoding=encoding, delimiter=_DELIMITER_NAMES[delim])
    return [RawSheet(None, cells, row_numbers=line_numbers)], [info]
