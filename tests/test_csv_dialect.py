"""One CSV dialect for every file cltrack writes (issue 18 §3): UTF-8 with a BOM, comma, CRLF line ends.

Each command's CSV is written to a real file from the shipped sample data, then read back byte by
byte and with the csv module: a BOM first, every line ending in CRLF (no bare LF), the Vietnamese
unit names intact after decoding, and the header the command documents.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}

COMMANDS = {
    "evaluate": (["evaluate", "trieu-son", str(SAMPLES / "trieu-son"), "--year", "2024"], "plan", "Huyện Triệu Sơn"),
    "rollup": (["rollup", "trieu-son", str(SAMPLES / "trieu-son"), "--years", "2021-2024"], "target", "Huyện Triệu Sơn"),
    "survey": (["survey", str(SAMPLES / "hai-duong-survey" / "survey-2024.csv"), "--by", "district"], "group", "Huyện Cẩm Giàng"),
}


def read_back(path: Path) -> tuple[bytes, list[list[str]]]:
    """The file's bytes and its rows as the csv module reads them after decoding UTF-8 with a BOM."""
    raw = path.read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def assert_dialect(raw: bytes, bom: bool = True) -> None:
    """A BOM (or not), and CRLF at the end of every line: no LF without its CR."""
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    assert raw.endswith(b"\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n") > 1


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_csv_file_is_utf8_with_bom_comma_and_crlf(command: str, tmp_path: Path) -> None:
    args, first_column, name = COMMANDS[command]
    out = tmp_path / f"{command}.csv"
    res = CliRunner().invoke(app, [*args, "--output", str(out)], env=ENV)
    assert res.exit_code in (0, 1), res.output
    raw, rows = read_back(out)
    assert_dialect(raw)
    assert rows[0][0] == first_column and len(rows) > 1
    assert len({len(r) for r in rows}) == 1  # every row as wide as the header: the comma is the only delimiter
    assert any(name in cell for r in rows[1:] for cell in r)  # Vietnamese text decodes as written


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_csv_on_stdout_is_the_same_text_without_the_bom(command: str, tmp_path: Path) -> None:
    args, _, _ = COMMANDS[command]
    out = tmp_path / f"{command}.csv"
    runner = CliRunner()
    runner.invoke(app, [*args, "--output", str(out)], env=ENV)
    printed = runner.invoke(app, [*args, "--format", "csv"], env=ENV).stdout_bytes
    assert_dialect(printed, bom=False)
    assert b"\xef\xbb\xbf" + printed == out.read_bytes()


def test_the_sites_csv_downloads_use_the_same_dialect(tmp_path: Path) -> None:
    site = tmp_path / "site"
    res = CliRunner().invoke(app, ["site", "trieu-son", str(SAMPLES / "trieu-son"), "--output", str(site)], env=ENV)
    assert res.exit_code == 0, res.output
    downloads = sorted(site.rglob("*.csv"))
    assert downloads
    for path in downloads:
        raw, rows = read_back(path)
        assert_dialect(raw)
        assert len({len(r) for r in rows}) == 1, path
