"""A real report with a stray cell far away (XFD1048576) is read without a dense grid: same figures, real cell names.

The workbooks are written by openpyxl in the test (title lines, a merged two-row header, a
numbering row, merged district cells, a text-typed number, a blank cell, a printed total row); the
stray cell is then added by openpyxl as a person would type it. The figures are worked by hand in
the comments. The evaluations run in real `cltrack` processes under a 1 GB address-space limit, so a
dense read of the 17-billion-cell range would crash instead of passing.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from cltrack.reading.bounds import GAP, kept
from report_factory import commune_rows, write_report

REPO = Path(__file__).resolve().parents[1]
TS = ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn")
LIMIT = 1 << 30


def _limited() -> None:
    """In the child: at most 1 GB of address space."""
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def cltrack(*args: str) -> subprocess.CompletedProcess[str]:
    """A real cltrack process under the 1 GB limit, English messages."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "CLTRACK_LANG": "en", "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "cltrack", *args], capture_output=True, text=True, env=env, preexec_fn=_limited, timeout=120)


def report(path: Path, parents_dan_ly: object = "100", stray: dict[str, object] | None = None) -> Path:
    """Three Triệu Sơn communes for 2024 in a printed form; `stray` cells added afterwards with openpyxl."""
    from openpyxl import load_workbook

    rows = commune_rows(
        [
            (*TS, "Xã Dân Lực", {"children_5_17": 1000, "child_labourers_5_17": 4, "parents": 10, "parents_informed": 9}),
            (*TS, "Xã Dân Lý", {"children_5_17": 1200, "child_labourers_5_17": 3, "parents": parents_dan_ly, "parents_informed": 50}),
            (*TS, "Xã Dân Quyền", {"children_5_17": 800, "child_labourers_5_17": 2, "parents": 10, "parents_informed": None}),
        ],
        year=2024,
    )
    write_report(path, rows, sheet="2024", title_lines=["UBND HUYỆN TRIỆU SƠN", "BÁO CÁO KẾT QUẢ NĂM 2024"],
                 two_row_header=True, numbering_row=True, total_row="bottom", merge_district=True)
    if stray:
        wb = load_workbook(path)
        for ref, value in stray.items():
            wb["2024"][ref] = value
        wb.save(path)
    return path


def figures(path: Path) -> dict[str, tuple[object, object, str]]:
    """Target -> (numerator, denominator, status) from `cltrack evaluate --format json` under 1 GB."""
    res = cltrack("evaluate", "trieu-son", str(path), "--format", "json", "--min-coverage", "0")
    assert res.returncode == 0, res.stderr[-500:]
    return {r["target"]: (r["numerator"], r["denominator"], r["status"]) for r in json.loads(res.stdout)["results"]}


def test_a_stray_cell_at_xfd1048576_leaves_every_figure_as_without_it(tmp_path: Path) -> None:
    clean = figures(report(tmp_path / "clean.xlsx"))
    far = figures(report(tmp_path / "stray.xlsx", stray={"XFD1048576": "x"}))
    # M1.1: 4 + 3 + 2 = 9 of 1000 + 1200 + 800 = 3000 -> 0.3% <= 0.5%: met
    assert far["M1.1"] == (9, 3000, "met")
    # M2.1b: Dân Quyền's blank informed count leaves it out: 9 + 50 = 59 of 10 + 100 = 110
    assert far["M2.1b"] == (59, 110, "shortfall")
    assert far == clean


def test_a_sparse_sheet_says_so_and_names_the_real_cells(tmp_path: Path) -> None:
    path = report(tmp_path / "stray.xlsx", parents_dan_ly="một trăm", stray={"XFD1048576": "x", "Z8": "ghi chú"})
    res = cltrack("validate", str(path))
    out = res.stdout
    assert res.returncode == 1 and "Traceback" not in res.stderr
    # Columns kept: A-H used, the first 8 of the 17 empty ones before Z, Z, the first 8 after it, XFD (16,384):
    # 8 + 8 + 1 + 8 + 1 = 26, so 16,384 - 26 = 16,358 squeezed out.
    assert "sparse-sheet: [2024]: cells as far as XFD1048576: the sheet is read sparsely" in out
    assert "16358 empty columns" in out
    # The text in Dân Lý's parents cell (column G, row 8: two title rows, a blank row, two header rows,
    # the numbering row, then Dân Lực on row 7) is named by its real place.
    assert "not-a-number: [2024] G8" in out and "'một trăm' is not a number" in out
    assert "note-row: [2024] 1048576" in out


def test_a_far_reaching_sheet_with_many_cells_is_still_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for i in range(4000):  # a diagonal: no empty rows or columns long enough to squeeze out
        ws.cell(row=i * 250 + 1, column=i * 4 + 1, value=1)
    wb.save(tmp_path / "diagonal.xlsx")
    res = cltrack("validate", str(tmp_path / "diagonal.xlsx"))
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "file-too-large" in res.stdout and "read sparsely it still spans" in res.stdout


@pytest.mark.parametrize(("present", "grid"), [
    ({1, 2, 3}, (1, 2, 3)),
    ({3}, (1, 2, 3)),  # a short run before the first is kept whole
    ({1, 20}, (1, *range(2, 2 + GAP), 20)),  # a run of 18 empty rows keeps its first GAP
    (set(), ()),
])
def test_runs_of_empty_rows_longer_than_gap_are_squeezed_to_gap(present: set[int], grid: tuple[int, ...]) -> None:
    assert kept(present) == grid


def test_a_cell_placed_far_by_its_own_reference_inside_a_near_row_is_not_read_densely(tmp_path: Path) -> None:
    """calamine places a cell by its own reference: `<c r="Z900000">` inside `<row r="2">` reaches row 900,000
    (26 x 900,000 cells). The bound check counts that row, so the sheet is read sparsely; before, it counted
    only the `<row r=>` numbers (2 x 26 cells) and let calamine build the dense grid."""
    from cltrack.reading.bounds import check
    from hostile_corpus import xlsx

    cells = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="Z900000"><v>2</v></c></row>'
    path = xlsx(tmp_path / "deep-2024.xlsx", cells)
    verdict = check(path)
    assert verdict.whole is None and not verdict.refused
    grid = (verdict.sparse or {})["S"]
    assert grid.rows[-1] == 900_000 and grid.columns[-1] == 26 and len(grid.rows) * len(grid.columns) < 1_000
    res = cltrack("validate", str(path), "--lang", "en")  # under the 1 GB limit: a dense read would not fit
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "sparse-sheet" in res.stdout and "Z900000" in res.stdout
