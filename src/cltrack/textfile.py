"""Text files decoded the one way cltrack decodes every csv: a BOM's encoding, UTF-8, UTF-16, Windows-1258,
then a guess; NFC text; and the delimiter of delimited text. No pandas; used by the readers, the plan
manifest and the reform weights file."""

from __future__ import annotations

import codecs
import csv
import unicodedata
from pathlib import Path

DELIMITERS: tuple[str, ...] = (",", ";", "\t")


def encodings_to_try(head: bytes) -> list[str]:
    """The encodings to try, in order, judged from a file's first 4,000 bytes: a BOM's, UTF-8, UTF-16 when
    a quarter of the bytes are NUL (the byte order from where the NULs fall), then Windows-1258."""
    attempts: list[str] = []
    if head.startswith(codecs.BOM_UTF8):
        attempts.append("utf-8-sig")
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts.append("utf-16")
    attempts.append("utf-8")
    if head and head.count(b"\x00") > len(head) // 4:
        attempts.append("utf-16-le" if head[1::2].count(b"\x00") > len(head) // 4 else "utf-16-be")
    attempts.append("cp1258")
    return attempts


def decode(data: bytes) -> tuple[str, str] | None:
    """Bytes to NFC text and the encoding name, or None when no encoding fits."""
    for enc in encodings_to_try(data[:4000]):
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


def read_text(path: str | Path, what: str = "file") -> str:
    """A small CSV file's text (a manifest, a weights file) through `decode`; CltrackError naming the file when it cannot be."""
    from cltrack.access import unreadable_reason
    from cltrack.errors import CltrackError
    from cltrack.syserrors import os_error

    why = unreadable_reason(path)
    if why is not None or Path(path).is_dir():
        raise CltrackError("{path}: cannot read the {what}: {reason}", path=path, what=what, reason=why or "is a folder")
    try:
        decoded = decode(Path(path).read_bytes())
    except OSError as exc:
        raise CltrackError("{path}: cannot read the {what}: {reason}", path=path, what=what, reason=os_error(exc)) from None
    if decoded is None:
        raise CltrackError("{path}: cannot read the {what}: unknown text encoding", path=path, what=what)
    return decoded[0].removeprefix("\ufeff")


def head_encoding(head: bytes) -> str:
    """The encoding `decode` finds in a file's first bytes (cut at the last line end), as a codec name for streamed readers."""
    cut = head.rsplit(b"\n", 1)[0] if b"\n" in head else head
    decoded = decode(cut)
    return "utf-8" if decoded is None or decoded[1] == "utf-8-sig" else decoded[1]


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; tab that gives the most lines with one common field count (> 1)."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    best, best_score = ",", -1
    for delim in DELIMITERS:
        counts: dict[int, int] = {}
        try:
            for fields in csv.reader(lines, delimiter=delim):
                k = len(fields)
                if k > 1:
                    counts[k] = counts.get(k, 0) + 1
        except csv.Error:  # a line the csv module cannot read (a cell past its limit): the reader says where, later
            pass
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delim, score
    return best


def csv_records(text: str, path: str | Path, what: str = "file") -> list[tuple[int, list[str]]]:
    """The records of a small csv's text that hold something, each with the line it starts on; CltrackError naming
    the file and line when the csv module cannot read a record (its English said in vi and en, syserrors.csv_error)."""
    import io

    from cltrack.errors import CltrackError
    from cltrack.syserrors import csv_error

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            if any(field.strip() for field in record):
                out.append((line, record))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise CltrackError("{path}, line {line}: cannot read the {what}: {reason}", path=path, line=line, what=what, reason=csv_error(exc)) from None
    return out
