"""A hostile-input corpus, generated here (no binary files in the repository), and the checks that
cltrack survives every case: `python tests/hostile_corpus.py` prints a one-line summary (exit 1 and
one line per failed case otherwise); `test_hostile_corpus.py` runs it in the suite.

Reading cases run in real `cltrack` processes under a 1 GB address-space limit (RLIMIT_AS), so a
reader that tried to allocate would crash the process instead of passing. Permission denial is
simulated by running cltrack as the user `nobody` (setpriv), because the tests run as root and a
chmod-000 file does not stop root.
"""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOOD = REPO / "sample_data" / "trieu-son" / "trieu-son-2021.xlsx"
LIMIT = 1 << 30  # bytes of address space each reading process may use
NOBODY = 65534
EVIL = "Xã Dân Lực\x1b]0;pwned\x07\x1b[31m\rred"
GH_COMMAND = "\n::error file=a.py,line=1::pwned"

PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}
SHEET = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>'


def _zip(path: Path, parts: dict[str, bytes | tuple[bytes, int, int]]) -> None:
    """A zip written by hand: bytes are deflated here; (raw deflate, crc, size) are stored as given."""
    local, central, offset = [], [], 0
    for name, part in parts.items():
        if isinstance(part, bytes):
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            part = (co.compress(part) + co.flush(), zlib.crc32(part), len(part))
        raw, crc, size = part
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(name), 0) + name.encode()
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(raw), size, len(name), 0, 0, 0, 0, 0, offset) + name.encode())
        local.append(head + raw)
        offset += len(head) + len(raw)
    directory = b"".join(central)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
    path.write_bytes(b"".join(local) + directory + end)


def _bomb_part(block: bytes, times: int) -> tuple[bytes, int, int]:
    """`block` repeated `times` times as one raw deflate stream, built from one compressed block (no GB in memory)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = co.compress(block) + co.flush(zlib.Z_FULL_FLUSH)  # a full flush: every copy compresses to the same bytes
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(block, crc)
    return one * times + b"\x03\x00", crc, len(block) * times  # b"\x03\x00": an empty final block


def xlsx(path: Path, cells: str, shared: bytes | tuple[bytes, int, int] = b"<sst/>") -> Path:
    """A one-sheet xlsx with the given sheetData XML and shared-strings part."""
    parts: dict[str, bytes | tuple[bytes, int, int]] = {k: v.encode() for k, v in PARTS.items()}
    parts["xl/worksheets/sheet1.xml"] = SHEET.format(cells).encode()
    parts["xl/sharedStrings.xml"] = shared
    _zip(path, parts)
    return path


def ods(path: Path, rows: int, cols: int) -> Path:
    """An ods whose one row of numbers is repeated `rows` times, `cols` wide (1 KB on disk)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
               '<office:body><office:spreadsheet><table:table table:name="S">'
               f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{cols}" '
               'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def letters(column: int) -> str:
    """1 -> 'A', 16384 -> 'XFD'."""
    out = ""
    while column:
        column, rem = divmod(column - 1, 26)
        out = chr(65 + rem) + out
    return out


def _rec(kind: int, data: bytes = b"") -> bytes:
    """One BIFF record: type, length, data."""
    return struct.pack("<HH", kind, len(data)) + data


def biff8(cells: list[tuple[int, int, float]], dimensions: tuple[int, int, int, int]) -> bytes:
    """A BIFF8 Workbook stream: globals with one BOUNDSHEET, then sheet 'S' with a DIMENSIONS record and NUMBER cells."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6)

    def globals_(offset: int) -> bytes:
        sheet = _rec(0x0085, struct.pack("<IBBBB", offset, 0, 0, 1, 0) + b"S")
        padding = _rec(0x005C, b" " * 4000)  # WRITEACCESS: the stream passes 4,096 bytes, so no mini stream
        return _rec(0x0809, bof) + _rec(0x0042, struct.pack("<H", 1200)) + padding + sheet + _rec(0x000A)

    head = globals_(len(globals_(0)))
    body = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6)) + _rec(0x0200, struct.pack("<IIHHH", *dimensions, 0))
    body += b"".join(_rec(0x0203, struct.pack("<HHHd", r, c, 0, v)) for r, c, v in cells)
    return head + body + _rec(0x000A)


def xls(path: Path, stream: bytes) -> Path:
    """An OLE compound file (the .xls container) holding one Workbook stream of at least 4,096 bytes."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    n = (len(stream) + 511) // 512
    fat = [fat_sector, end, *range(3, 3 + n - 1), end]
    fat += [free] * (128 - len(fat))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
                         0, 1, 1, 0, 4096, end, 0, end, 0) + struct.pack("<109I", 0, *([free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, none, none, child, b"\0" * 16, 0, 0, 0, start, size)

    directory = entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, none, 2, len(stream)) + b"\0" * 256
    path.write_bytes(header + struct.pack("<128I", *fat) + directory + stream + b"\0" * (n * 512 - len(stream)))
    return path


def xlsb_far(path: Path) -> Path:
    """An .xlsb whose one sheet has a cell at A1 and one at XFD1048576 (its dimension record claims A1 alone)."""
    from report_factory import _brt, write_xlsb

    write_xlsb(path, {"S": [[1]]})
    u32 = struct.Struct("<I").pack
    row = lambda r: _brt(0x00, u32(r) + u32(0) + b"\x2c\x01" + b"\x00\x00\x00" + u32(0))  # noqa: E731
    cell = lambda c: _brt(0x05, u32(c) + u32(0) + struct.pack("<d", 1.0))  # noqa: E731
    sheet = _brt(0x81) + _brt(0x94, u32(0) * 4) + _brt(0x91) + row(0) + cell(0) + row(1048575) + cell(16383) + _brt(0x92) + _brt(0x82)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.bin"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def cp1258(text: str) -> bytes:
    """Text as Excel on Vietnamese Windows saves it: Windows-1258, tone marks as combining characters."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in "\u0300\u0301\u0303\u0309\u0323")).encode("cp1258")
            out += "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323").encode("cp1258")
    return out


def build(root: Path) -> Path:
    """The corpus in root/reports (and a manifest beside it); returns the reports folder."""
    rep = root / "reports"
    rep.mkdir(parents=True)
    shutil.copy(GOOD, rep / "good.xlsx")
    xlsx(rep / "far-cell.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    xlsx(rep / "far-cell-quotes.xlsx", "<row r='1'><c r='A1'><v>1</v></c></row><row r='1048576'><c r='XFD1048576'><v>1</v></c></row>")
    diagonal = "".join(f'<row r="{i * 250 + 1}"><c r="{letters(i * 4 + 1)}{i * 250 + 1}"><v>1</v></c></row>' for i in range(4000))
    xlsx(rep / "far-diagonal.xlsx", diagonal)  # 4,000 cells, but no empty rows or columns to squeeze out between them
    xlsx(rep / "shared-strings-1gb.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', _bomb_part(b"<si><t>" + b"a" * (1 << 20) + b"</t></si>", 1024))
    ods(rep / "repeated.ods", 1_048_576, 16_384)
    xls(rep / "dimensions-claim.xls", biff8([(0, 0, 1.0)], (0, 0xFFFFFFFF, 0, 0xFFFF)))  # 6 KB claiming 4 billion rows
    xls(rep / "far-cell-lying.xls", biff8([(0, 0, 1.0), (65535, 255, 2.5)], (0, 1, 0, 1)))  # DIMENSIONS says A1 alone
    xls(rep / "small.xls", biff8([(0, 0, 1.0), (2, 1, 2.5)], (0, 3, 0, 2)))
    xlsb_far(rep / "far-cell.xlsb")
    (rep / "control-chars.csv").write_text(
        f'"Báo cáo năm 2024{GH_COMMAND}"\nHuyện,Xã,Năm,"Số cha mẹ, người chăm sóc trẻ em"\nHuyện Triệu Sơn,"{EVIL}",2024,5\n'
        f'Huyện Triệu Sơn,Xã Thọ Sơn,2024,"{"9" * 10_000}x"\n', encoding="utf-8")
    (rep / "loop-a.xlsx").symlink_to("loop-b.xlsx")
    (rep / "loop-b.xlsx").symlink_to("loop-a.xlsx")
    (rep / "broken-link.xlsx").symlink_to("nowhere.xlsx")
    (rep / "device.csv").symlink_to("/dev/zero")
    os.mkfifo(rep / "fifo.csv")
    (root / "manifest-cp1258.csv").write_bytes(cp1258("file,submitted\nBáo cáo xã Đông.xlsx,15/01/2025\n"))
    return rep


@dataclass
class Outcome:
    """One case: its name, whether cltrack handled it, and what was seen when it did not."""

    name: str
    ok: bool
    seen: str = ""


def _limited() -> None:
    """In the child: at most 1 GB of address space."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def cltrack(*args: str, env: dict[str, str] | None = None, stdout: object = subprocess.PIPE, user: int | None = None) -> subprocess.CompletedProcess[str]:
    """A real cltrack process under the 1 GB limit (as `user` through setpriv when given)."""
    cmd = [sys.executable, "-m", "cltrack", *args]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": str(REPO / "src"), **(env or {})}
    return subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True, env=full_env, preexec_fn=_limited, timeout=120)  # type: ignore[arg-type]


def _finding(out: str, file: str, code: str, words: str) -> Callable[[], tuple[bool, str]]:
    """A check: the text output names `file`, then `code` with `words` before the next file."""

    def check() -> tuple[bool, str]:
        block = out.split(f"\n{file}\n", 1)[-1] if f"\n{file}\n" in f"\n{out}" else ""
        block = block.split("\n/", 1)[0]
        return (code in block and words in block), block[:300] or out[-300:]

    return check


def run(root: Path) -> list[Outcome]:
    """Build the corpus under `root`, run cltrack over it, and judge every case."""
    rep = build(root)
    outcomes: list[Outcome] = []

    def judge(name: str, check: Callable[[], tuple[bool, str]]) -> None:
        ok, seen = check()
        outcomes.append(Outcome(name, ok, "" if ok else seen))

    res = cltrack("validate", str(rep), "--lang", "en")
    text = res.stdout
    sane = res.returncode == 1 and "Traceback" not in res.stderr + text
    judge("validate survives the whole folder under 1 GB (exit 1, no traceback)", lambda: (sane, f"exit {res.returncode}: {res.stderr[-400:]}"))
    for name, code, words in [
        ("far-cell.xlsx", "sparse-sheet", "cells as far as XFD1048576: the sheet is read sparsely"),
        ("far-cell-quotes.xlsx", "sparse-sheet", "cells as far as XFD1048576"),
        ("far-diagonal.xlsx", "file-too-large", "read sparsely it still spans"),
        ("shared-strings-1gb.xlsx", "file-too-large", "unpack to 1,024 MB"),
        ("repeated.ods", "file-too-large", "16,384"),
        ("dimensions-claim.xls", "file-too-large", "DIMENSIONS record claims 4,294,967,295 rows"),
        ("far-cell-lying.xls", "file-too-large", "row 65,536 and column 256"),
        ("small.xls", "no-report-table", "no report table"),
        ("far-cell.xlsb", "file-too-large", "row 1,048,576 and column 16,384"),
        ("loop-a.xlsx", "file-unreadable", "loops back"),
        ("broken-link.xlsx", "file-unreadable", "link to nothing"),
        ("device.csv", "file-unreadable", "a device"),
        ("fifo.csv", "file-unreadable", "named pipe"),
    ]:
        judge(f"{name}: {code}", _finding(text, str(rep / name), code, words))
    judge("good.xlsx beside them is still read", _finding(text, str(rep / "good.xlsx"), "rows read", "= 33 used"))
    judge("control characters in cells are shown escaped (no ESC, CR or BEL reaches the terminal)",
          lambda: (not any(c in text for c in "\x1b\x07\r") and "\\x1b]0;pwned\\x07" in text, text[-300:]))
    judge("a cell's '\\n::error' cannot start a line of text output", lambda: ("\n::error file=a.py" not in text, text[-300:]))
    judge("very long cell text is shortened in messages", lambda: ("9" * 200 not in text and "not-a-number: D6" in text, text[-300:]))
    gh = cltrack("validate", str(rep / "control-chars.csv"), "--format", "github", "--lang", "en").stdout
    judge("--format github: no line a cell wrote is a workflow command",
          lambda: (all(not ln.startswith("::") or f"file={rep}" in ln for ln in gh.splitlines()) and "::error" in gh, gh[-400:]))
    judge(*_unreadable(root, rep))
    st = cltrack("status", "trieu-son", str(rep / "good.xlsx"), "--submitted-from", str(root / "manifest-cp1258.csv"), "--as-of", "2025-03-01")
    judge("status reads a Windows-1258 manifest (exit 0, no traceback)", lambda: (st.returncode == 0 and not st.stderr, st.stderr[-300:]))
    judge(*_writes(root, rep))
    judge(*_dev_full())
    judge(*_planted_cache(root))
    return outcomes


def _unreadable(root: Path, rep: Path) -> tuple[str, Callable[[], tuple[bool, str]]]:
    """A file its user may not read: one file-unreadable finding, the others still read."""
    name = "a file without read permission: file-unreadable, the others still read"
    secret = Path(tempfile.mkdtemp(prefix="cltrack-private-")) / "secret.xlsx"  # a folder `nobody` can reach
    shutil.copy(GOOD, secret)
    shutil.copy(GOOD, secret.parent / "other.xlsx")
    secret.chmod(0o000)
    secret.parent.chmod(0o755)
    as_user = NOBODY if os.geteuid() == 0 and shutil.which("setpriv") else None
    if os.geteuid() == 0 and as_user is None:
        return name, lambda: (True, "")  # root without setpriv: permission cannot be denied; said in the docs
    try:
        res = cltrack("validate", str(secret.parent), "--lang", "en", env={"CLTRACK_NO_CACHE": "1", "HOME": str(secret.parent)}, user=as_user)
    finally:
        shutil.rmtree(secret.parent, ignore_errors=True)
    return name, lambda: (
        _finding(res.stdout, str(secret), "file-unreadable", "permission denied")()[0]
        and _finding(res.stdout, str(secret.parent / "other.xlsx"), "rows read", "= 33 used")()[0],
        res.stdout[-400:] + res.stderr[-300:],
    )


def _writes(root: Path, rep: Path) -> tuple[str, Callable[[], tuple[bool, str]]]:
    """--output that is an input, inside an input folder, or of a suffix cltrack does not write: exit 2, input intact."""
    good = rep / "good.xlsx"
    before = good.read_bytes()
    runs = [cltrack("evaluate", "trieu-son", str(good), "--output", str(good)),
            cltrack("evaluate", "trieu-son", str(rep), "--output", str(rep / "new.xlsx")),
            cltrack("evaluate", "trieu-son", str(good), "--output", str(root / "report.pdf"))]
    return "--output = an input, inside an input folder, or .pdf: exit 2 in one line, input unchanged", lambda: (
        all(r.returncode == 2 and r.stderr.count("\n") == 1 for r in runs) and good.read_bytes() == before
        and not (rep / "new.xlsx").exists() and not (root / "report.pdf").exists(),
        " | ".join(r.stderr for r in runs))


def _dev_full() -> tuple[str, Callable[[], tuple[bool, str]]]:
    """/dev/full as stdout: one line, exit 2."""
    with open("/dev/full", "w") as full:
        res = cltrack("targets", "trieu-son", "--lang", "en", stdout=full)
    return "/dev/full as stdout: one line, exit 2", lambda: (
        res.returncode == 2 and res.stderr == "cltrack: error: cannot write to standard output: No space left on device\n", res.stderr)


def _planted_cache(root: Path) -> tuple[str, Callable[[], tuple[bool, str]]]:
    """A plan-cache entry someone else could have written is never loaded: a warning, and the plan is parsed."""
    cache = root / "cache"
    env = {"CLTRACK_CACHE_DIR": str(cache)}
    first = cltrack("targets", "trieu-son", env=env)
    for entry in [*cache.glob("*.pickle"), *cache.glob("*.marshal")]:
        entry.chmod(0o666)  # as a planted entry would be: writable by others
    second = cltrack("targets", "trieu-son", env=env)
    return "a planted plan-cache entry is ignored with a warning", lambda: (
        first.returncode == second.returncode == 0 and "cltrack: cảnh báo: bộ nhớ đệm kế hoạch" in second.stderr
        and "người khác cũng ghi được" in second.stderr and second.stdout == first.stdout, second.stderr)


def summary(outcomes: list[Outcome], seconds: float) -> str:
    """'hostile corpus: 18 cases, 18 handled (...) in 6.1 s'."""
    handled = sum(o.ok for o in outcomes)
    return f"hostile corpus: {len(outcomes)} cases, {handled} handled (no crash, no traceback, no file harmed) in {seconds:.1f} s"


def main() -> int:
    """Run the corpus in a temporary folder; print the one-line summary and each failed case."""
    start = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="cltrack-hostile-"))
    try:
        outcomes = run(root)
    finally:
        for p in root.rglob("*"):
            if not p.is_symlink() and p.exists():
                p.chmod(stat.S_IRWXU)
        shutil.rmtree(root, ignore_errors=True)
    print(summary(outcomes, time.perf_counter() - start))
    for o in outcomes:
        if not o.ok:
            print(f"  FAILED {o.name}: {o.seen!r}")
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
