"""The reach of each sheet of a binary workbook (.xls, .xlsb), read with struct before python-calamine allocates.

calamine sizes an .xls sheet's grid by its DIMENSIONS record and by its cells, and an .xlsb sheet's by
its cells, so a 6 KB file claiming 4 billion rows, or holding one cell at the last row, aborts the
process. Here an .xls is opened as the OLE compound file it is (header, FAT, directory, the Workbook
stream followed sector by sector, every chain bounded), the sheets are found by their BOUNDSHEET
records and each sheet's records are walked for DIMENSIONS and the row and column of every cell
record; an .xlsb sheet's records are walked for row headers and cell columns. `bounds` judges the
numbers against its limits. Nothing here allocates more than the stream it reads.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

CHUNK = 1 << 20

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE
# BIFF cell records whose data start with row (u16) and column (u16); MULRK/MULBLANK end with the last column.
_CELLS = {0x0006, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6}
_MULTI = {0x00BD, 0x00BE}
_DIMENSIONS, _BOUNDSHEET, _BOF, _EOF = 0x0200, 0x0085, 0x0809, 0x000A


class Broken(ValueError):
    """The file is not the compound file or BIFF stream it claims to be (the reader will say so)."""


def _chain(fat: list[int], start: int) -> Iterator[int]:
    """The sectors of one chain, each at most once (a looping chain ends)."""
    seen: set[int] = set()
    sector = start
    while sector not in (_END, _FREE) and sector < len(fat) and sector not in seen:
        seen.add(sector)
        yield sector
        sector = fat[sector]


def workbook_stream(path: Path, most: int) -> tuple[int, bytes | None]:
    """(declared size, bytes) of the Workbook (or BIFF5 Book) stream of an .xls; bytes None when over `most` bytes."""
    with open(path, "rb") as fh:
        head = fh.read(512)
        if len(head) < 512 or head[:8] != bytes.fromhex("D0CF11E0A1B11AE1"):
            raise Broken("not an OLE compound file")
        shift, mini_shift = struct.unpack_from("<HH", head, 30)
        if not 7 <= shift <= 16 or mini_shift >= shift:
            raise Broken("bad sector size")
        size = 1 << shift
        n_fat, first_dir, _, cutoff, first_mini, _, first_difat, n_difat = struct.unpack_from("<IIIIIIII", head, 44)
        file_sectors = (path.stat().st_size + size - 1) // size

        def sector(i: int) -> bytes:
            fh.seek(512 + i * size if shift == 9 else (i + 1) * size)
            return fh.read(size)

        difat = [s for s in struct.unpack_from("<109I", head, 76) if s < file_sectors]
        for more in _difat_sectors(sector, first_difat, n_difat, file_sectors):
            difat += [x for x in struct.unpack(f"<{size // 4 - 1}I", more[:-4]) if x < file_sectors]
        fat: list[int] = []
        for s in difat[:n_fat]:
            fat += struct.unpack(f"<{size // 4}I", sector(s))
        entries = b"".join(sector(s) for s in _chain(fat, first_dir))
        root, stream = None, None
        for at in range(0, len(entries) - 127, 128):
            name_len, kind = struct.unpack_from("<HB", entries, at + 64)
            name = entries[at : at + min(name_len, 64)].decode("utf-16-le", "replace").rstrip("\0")
            start, length = struct.unpack_from("<IQ", entries, at + 116)
            if kind == 5:
                root = (start, length)
            elif kind == 2 and name in ("Workbook", "Book") and stream is None:
                stream = (start, length if shift > 9 else length & 0xFFFFFFFF)
        if stream is None:
            raise Broken("no Workbook stream")
        start, length = stream
        if length > most:
            return length, None
        if length >= cutoff or root is None:
            data = b"".join(sector(s) for s in _chain(fat, start))
        else:  # a small stream lives in the mini stream, itself a chain of the root entry
            mini_fat: list[int] = []
            for s in _chain(fat, first_mini):
                mini_fat += struct.unpack(f"<{size // 4}I", sector(s))
            mini = b"".join(sector(s) for s in _chain(fat, root[0]))
            step = 1 << mini_shift
            data = b"".join(mini[s * step : (s + 1) * step] for s in _chain(mini_fat, start))
        return length, data[:length]


def _difat_sectors(read: Callable[[int], bytes], first: int, count: int, limit: int) -> Iterator[bytes]:
    """The DIFAT sectors after the header's 109 entries, each naming the next in its last four bytes."""
    at, seen = first, set[int]()
    while count and at < limit and at not in seen:
        seen.add(at)
        data = read(at)
        yield data
        at, count = struct.unpack_from("<I", data, len(data) - 4)[0], count - 1


def xls_reach(stream: bytes, most: int) -> dict[str, tuple[int, int, int, int]]:
    """Sheet name -> (rows, columns) its DIMENSIONS record claims and (rows, columns) its cells reach."""
    sheets: list[tuple[str, int]] = []
    at = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4 : at + 4 + length]
        if kind == _BOUNDSHEET and len(body) >= 8 and body[5] == 0:  # a worksheet
            sheets.append((_sheet_name(body[6:]), struct.unpack_from("<I", body)[0]))
        elif kind == _EOF:
            break
        at += 4 + length
    return {name: _sheet_reach(stream, offset, most) for name, offset in sheets}


def _sheet_name(data: bytes) -> str:
    """A BOUNDSHEET name: BIFF8 ShortXLUnicodeString (count, flags, characters) or BIFF5 (count, bytes)."""
    count = data[0]
    if len(data) >= 2 + count and data[1] in (0, 1):
        return data[2 : 2 + count * (2 if data[1] else 1)].decode("utf-16-le" if data[1] else "latin-1", "replace")
    return data[1 : 1 + count].decode("latin-1", "replace")


def _sheet_reach(stream: bytes, at: int, most: int) -> tuple[int, int, int, int]:
    """(claimed rows, claimed columns, rows reached, columns reached) of the sheet substream starting at `at`;
    past `most` cell records, the most a sheet can reach."""
    claim_rows = claim_cols = rows = cols = 0
    records = 0
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4 : at + 4 + length]
        if kind == _DIMENSIONS and len(body) >= 14:
            claim_rows, claim_cols = struct.unpack_from("<I", body, 4)[0], struct.unpack_from("<H", body, 10)[0]
        elif kind == _DIMENSIONS and len(body) >= 10:  # BIFF5
            claim_rows, claim_cols = struct.unpack_from("<H", body, 2)[0], struct.unpack_from("<H", body, 6)[0]
        elif (kind in _CELLS or kind in _MULTI) and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body)
            if kind in _MULTI and len(body) >= 6:
                col = struct.unpack_from("<H", body, len(body) - 2)[0]
            rows, cols = max(rows, row + 1), max(cols, col + 1)
            records += 1
            if records > most:
                return claim_rows, claim_cols, 1 << 16, 1 << 8
        elif kind == _EOF and at > 0:
            break
        at += 4 + length
    return claim_rows, claim_cols, rows, cols


def _varint(data: bytes, at: int, most: int) -> tuple[int, int]:
    """A BIFF12 record type or size: 7 bits a byte, at most `most` bytes; (value, next position)."""
    value = shift = 0
    for i in range(most):
        byte = data[at + i]
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at + i + 1
    return value, at + most


def sheet_bins(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part of an .xlsb package (BrtBundleSh records of xl/workbook.bin and their relationships)."""
    from xml.etree import ElementTree as ET

    rels = {r.get("Id"): r.get("Target", "") for r in ET.fromstring(zf.read("xl/_rels/workbook.bin.rels"))}
    book, at, parts = zf.read("xl/workbook.bin"), 0, {}
    while at < len(book):
        kind, at = _varint(book, at, 2)
        length, at = _varint(book, at, 4)
        if kind == 0x9C and length >= 12:  # BrtBundleSh: state, tab id, relationship id, name
            rid_len = struct.unpack_from("<I", book, at + 8)[0]
            rid = book[at + 12 : at + 12 + 2 * rid_len].decode("utf-16-le", "replace")
            name_at = at + 12 + 2 * rid_len
            name = book[name_at + 4 : name_at + 4 + 2 * struct.unpack_from("<I", book, name_at)[0]].decode("utf-16-le", "replace")
            target = rels.get(rid, "")
            if target:
                parts[name] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        at += length
    return parts


def xlsb_reach(zf: zipfile.ZipFile, most: int) -> dict[str, tuple[int, int]]:
    """Sheet name -> (rows, columns) the cells of each .xlsb worksheet reach, its records streamed in pieces."""
    return {name: _bin_reach(zf, part, most) for name, part in sheet_bins(zf).items() if part in zf.NameToInfo}


def _bin_reach(zf: zipfile.ZipFile, part: str, most: int) -> tuple[int, int]:
    """(rows, columns) of one .xlsb worksheet: the highest row header with a cell after it, the highest cell column;
    past `most` cell records, the most a sheet can reach."""
    rows = cols = records = row = 0
    tail = b""
    with zf.open(part) as fh:
        while block := fh.read(CHUNK):
            data, at = tail + block, 0
            while len(data) - at >= 6:  # a record's type and size fit (a cell record is longer still)
                start = at
                kind, at = _varint(data, at, 2)
                length, at = _varint(data, at, 4)
                if at + length > len(data):
                    at = start
                    break
                if kind == 0 and length >= 4:  # BrtRowHdr
                    row = struct.unpack_from("<I", data, at)[0]
                elif 1 <= kind <= 13 and length >= 4:  # BrtCell* and BrtFmla*: the column first
                    rows, cols = max(rows, row + 1), max(cols, struct.unpack_from("<I", data, at)[0] + 1)
                    records += 1
                    if records > most:
                        return 1 << 20, 1 << 14
                at += length
            tail = data[at:]
            if len(tail) > 64 << 20:
                raise Broken("a record longer than 64 MB")
    return rows, cols
