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
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, cast

from cltrack.findings import make
from cltrack.models import Finding
from cltrack.reading.workbook import RawSheet
from cltrack.syserrors import UNKNOWN_ENCODING, csv_error, os_error
from cltrack.textfile import decode, encodings_to_try, sniff_delimiter

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

_DELIMITER_NAMES = {",": ",", ";": ";", "\t": "tab"}


CHUNK = 1 << 20  # bytes read at a time when checking an encoding
RECORDS = 1 << 16  # records classified at a time when a file is only counted


def _fits(path: Path, encoding: str) -> bool:
    """True when the whole file decodes strictly in `encoding` (read in pieces) with no NUL."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                if "\x00" in decoder.decode(chunk):
                    return False
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(path: Path) -> tuple[str, str | None] | None:
    """The file's encoding, tried in decode()'s order over the file in pieces; with the whole text only for a guess."""
    with open(path, "rb") as fh:
        head = fh.read(4000)
    for enc in encodings_to_try(head):
        if _fits(path, enc):
            return enc, None
    decoded = decode(path.read_bytes())  # charset-normalizer's guess needs the whole text
    return None if decoded is None else (decoded[1], decoded[0])


def _nfc(line: str) -> str:
    """A line in NFC (Windows-1258 writes tone marks as combining characters)."""
    return line if line.isascii() else unicodedata.normalize("NFC", line)


class _Lines:
    """An iterator of lines that lines already taken can be pushed back onto."""

    def __init__(self, it: Iterator[str]) -> None:
        self.it = it

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        return next(self.it)

    def push(self, lines: list[str]) -> None:
        """Put `lines` back in front."""
        self.it = chain(lines, self.it)


class CsvFile:
    """An open CSV report: its encoding and delimiter, and its records read as they are asked for."""

    def __init__(self, path: Path, display: str, encoding: str, text: str | None) -> None:
        self.display = display
        self.encoding = encoding
        if text is None:
            fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by close()
            self._fh: io.TextIOBase = fh
        else:
            self._fh = io.StringIO(text, newline="")
        sample = self._fh.read(64 * 1024)
        self._fh.seek(0)
        if sample.startswith("\ufeff"):
            self._fh.read(1)
        self.delimiter = sniff_delimiter(sample)
        self._lines = _Lines(iter(self._fh))
        self._reader = csv.reader(map(_nfc, self._lines), delimiter=self.delimiter)
        self._line = 0  # lines consumed so far
        self.rows: list[list[str]] = []  # the records read so far (kept)
        self.line_numbers: list[int] = []
        self.error: Finding | None = None  # a record the csv module could not parse; reading stops there

    def close(self) -> None:
        """Close the file."""
        self._fh.close()

    def _next(self, n: int | None) -> Iterator[tuple[int, list[str]]]:
        """Up to `n` more records (all when None) with the line each starts on."""
        reader = self._reader
        count = 0
        while n is None or count < n:
            before = reader.line_num
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.error = make("file-unreadable", file=self.display, row=self._line + 1, detail=csv_error(exc))
                return
            yield self._line + 1, record
            self._line += reader.line_num - before
            count += 1

    def read(self, n: int | None = None) -> RawSheet:
        """Read (and keep) up to `n` more records; the sheet of every record kept so far."""
        for line, record in self._next(n):
            self.rows.append(record)
            self.line_numbers.append(line)
        width = max((len(r) for r in self.rows), default=0)
        # a short record is padded (a new list); a full one is passed on as it is, read-only from here on
        cells: list[list[object]] = [cast("list[object]", r) if len(r) == width else [*r, *([""] * (width - len(r)))] for r in self.rows]
        return RawSheet(None, cells, row_numbers=list(self.line_numbers))

    def count_rest(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """The records not yet read, counted without being kept: (line numbers, holds-text) per block."""
        import numpy as np

        blank = " \t\r\n\f\v" + self.delimiter
        while self.error is None:
            raw = list(islice(self._lines.it, RECORDS))
            if not raw:
                return
            if not any('"' in ln for ln in raw):  # no quoted field: one line, one record
                lines = np.arange(self._line + 1, self._line + 1 + len(raw), dtype=np.int64)
                text = np.char.strip(np.array(raw, dtype=str), blank) != ""
                self._line += len(raw)
                yield lines, text
                continue
            end = self._line + len(raw)  # quoted fields may span lines: these lines go through the csv reader
            self._lines.push(raw)
            block = []
            for rec in self._next(None):
                block.append(rec)
                if self._line >= end:
                    break
            if block:
                lines = np.fromiter((ln for ln, _ in block), dtype=np.int64, count=len(block))
                text = np.fromiter((any(f.strip() for f in rec) for _, rec in block), dtype=bool, count=len(block))
                yield lines, text

    def info(self) -> Finding:
        """How the file was read (encoding, delimiter)."""
        return make("csv-encoding", file=self.display, encoding=self.encoding, delimiter=_DELIMITER_NAMES[self.delimiter])


def open_csv(path: Path, display: str) -> tuple[CsvFile | None, list[Finding]]:
    """Open a CSV report (encoding and delimiter found) without reading its records; a finding when it cannot be."""
    try:
        found = _encoding(path)
    except OSError as exc:
        return None, [make("file-unreadable", file=display, detail=os_error(exc))]
    if found is None:
        return None, [make("file-unreadable", file=display, detail=UNKNOWN_ENCODING)]
    encoding, text = found
    return CsvFile(path, display, encoding, text), []


def read_csv(path: Path, display: str) -> tuple[list[RawSheet], list[Finding]]:
    """A CSV file as one raw sheet (name None), with an info finding on how it was read."""
    opened, found = open_csv(path, display)
    if opened is None:
        return [], found
    try:
        sheet = opened.read()
    finally:
        opened.close()
    if opened.error is not None:
        return [], [opened.error]
    return [sheet], [opened.info()]
