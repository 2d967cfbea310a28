"""Issue 14, the property: for random folders of real report files (xlsx written with openpyxl and csv,
with title rows, blank rows, a printed total row, text-typed numbers, identical and differing
duplicates, informed > parents, negative, fractional and huge counts, and a post-reform commune beside
the old communes it absorbed), `evaluate`'s error findings are exactly `validate`'s (same codes,
files, rows, columns), and no row with an error finding is in any sum: each sum `evaluate` prints
equals a recomputation by hand from the rows the test wrote, keeping only the rows with no error and
counting a repeated identical form once.

Twelve examples, derandomized (the suite gives the same verdict every run) and without shrinking (a
failure prints its whole folder; shrinking one took minutes): a few seconds. To search wider, run the
test's `hypothesis.inner_test` under other settings.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import header_text, write_csv, write_xlsx

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
PROV, DIST = "Tỉnh Thanh Hóa", "Huyện Triệu Sơn"
OLD = ["Xã Dân Lực", "Xã Dân Lý", "Xã Dân Quyền", "Xã Thọ Sơn", "Xã Bình Sơn"]  # the first three went into Xã Triệu Sơn
NEW = ["Xã Triệu Sơn"]
PAIRS = {"M2.1b": ("parents_informed", "parents"), "M2.2": ("children_informed", "children")}  # target: (numerator, denominator)
COUNTS = ["parents", "parents_informed", "children", "children_informed"]
runner = CliRunner()

good = st.integers(0, 3000)
count = st.one_of(
    good, good, good, good.map(str),  # typed as a number, or as text
    st.none(),  # blank: not zero
    st.integers(-50, -1), st.integers(0, 99).map(lambda n: n + 0.5),  # negative, fractional
    st.sampled_from([10**16, "12345678901234567890", "1e309"]),  # beyond exact range, overflow
)


@dataclass
class Row:
    """One data row as written: which file, its sheet row, its unit, year and figures as typed."""

    new: bool
    commune: str
    year: int
    values: dict[str, Any]
    file: str = ""
    row: int = 0


@st.composite
def folders(draw: st.DrawFn) -> tuple[list[tuple[str, bool, list[Row | None], bool]], int]:
    """Files as (name, new list?, rows with None for a blank row, total row?) and the year to evaluate."""
    n_files = draw(st.integers(1, 3))
    files = []
    for i in range(n_files):
        new = draw(st.booleans()) if i else False  # the first file is always the district's old-list form
        pool = NEW if new else OLD
        rows: list[Row | None] = []
        for _ in range(draw(st.integers(1, 4))):
            rows.append(Row(new, draw(st.sampled_from(pool)), draw(st.sampled_from([2024, 2025])),
                            {c: draw(count) for c in COUNTS}))
            if draw(st.integers(0, 5)) == 0:
                rows.append(None)  # a blank row in the table
        suffix = draw(st.sampled_from([".xlsx", ".csv"]))
        files.append((f"f{i}{suffix}", new, rows, draw(st.booleans())))
    # a form sent again: some rows repeated identically in another (or the same) file of the same list
    written = [r for _, _, rows, _ in files for r in rows if r is not None]
    for _ in range(draw(st.integers(0, 2))):
        src = draw(st.sampled_from(written))
        targets = [f for f in files if f[1] == src.new]
        draw(st.sampled_from(targets))[2].append(Row(src.new, src.commune, src.year, dict(src.values)))
    years = sorted({r.year for _, _, rows, _ in files for r in rows if r is not None})
    return files, draw(st.sampled_from(years))


def _write(folder: Path, name: str, new: bool, rows: list[Row | None], total: bool) -> None:
    """One file: title rows (xlsx), a header, the rows, a printed total (a SUM of the number-typed cells)."""
    ids = ["Tỉnh", "Xã", "Năm"] if new else ["Tỉnh", "Huyện", "Xã", "Năm"]
    grid: list[list[Any]] = []
    if name.endswith(".xlsx"):
        grid += [["UBND HUYỆN TRIỆU SƠN"], ["BÁO CÁO KẾT QUẢ"], []]
    grid.append(ids + [header_text(c, None, "vi") for c in COUNTS])
    for r in rows:
        if r is None:
            grid.append([])
            continue
        r.file, r.row = str(folder / name), len(grid) + 1
        grid.append(([PROV, r.commune, r.year] if new else [PROV, DIST, r.commune, r.year]) + [r.values[c] for c in COUNTS])
    if total:
        sums = [sum(r.values[c] for r in rows if r is not None and type(r.values[c]) in (int, float)) for c in COUNTS]
        grid.append(["Tổng cộng"] + [None] * (len(ids) - 1) + sums)
    if name.endswith(".xlsx"):
        write_xlsx(folder / name, {"Báo cáo": (grid, [])})
    else:
        write_csv(folder / name, grid)


def _json(*args: str) -> dict:
    res = runner.invoke(app, [*args, "--format", "json", "--lang", "en"], env=ENV)
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def _errors(doc: dict) -> list[tuple[Any, ...]]:
    return sorted((f["code"], f["file"], f["sheet"] or "", f["row"] or 0, f["column_letter"] or "")
                  for f in doc["findings"] if f["severity"] == "error")


def _number(value: Any) -> float | None:
    """A figure as typed, when it is a usable count; None when blank or not one."""
    if value is None:
        return None
    v = float(value)
    return v if v == v and 0 <= v < 1e15 and v.is_integer() else None


@settings(max_examples=12, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(folders())
def test_evaluate_reports_validates_errors_and_sums_only_rows_without_one(case: tuple[list, int]) -> None:
    files, year = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bao-cao"
        folder.mkdir()
        for name, new, rows, total in files:
            _write(folder, name, new, rows, total)
        written = [r for _, _, rows, _ in files for r in rows if r is not None]
        validated = _json("validate", str(folder), "--plan", "trieu-son")
        evaluated = _json("evaluate", "trieu-son", str(folder), "--year", str(year), "--min-coverage", "0", "--fail-on", "never")

    for code in sorted({f["code"] for f in evaluated["findings"] if f["severity"] != "info"}):
        event(code)  # what the examples reached (pytest --hypothesis-show-statistics)
    # 1. one check path: the same error findings, on the same files, rows and columns
    assert _errors(evaluated) == _errors(validated)

    # 2. rows out: every error (and a repeated identical form) leaves its row; a row with a count that
    #    is not a usable count always carries an error
    out = {(f["file"], f["row"]) for f in evaluated["findings"]
           if f["row"] is not None and (f["severity"] == "error" or f["code"] == "duplicate-form")}
    for r in written:
        if any(r.values[c] is not None and _number(r.values[c]) is None for c in COUNTS):
            assert (r.file, r.row) in out, f"{r} has a bad count and no error"
        for part, whole in PAIRS.values():
            p, w = _number(r.values[part]), _number(r.values[whole])
            if p is not None and w is not None and p > w:
                assert (r.file, r.row) in out, f"{r}: {part} > {whole} and no error"

    # 3. no row with an error in any sum: each target's sums, recomputed from the kept rows of the year
    kept = [r for r in written if (r.file, r.row) not in out and r.year == year]
    results = {r["target"]: r for r in evaluated["results"] if r["level"] == "district"}
    for target, (num, den) in PAIRS.items():
        usable = [r for r in kept if _number(r.values[num]) is not None and _number(r.values[den]) is not None]
        got = results[target]
        if not usable:
            assert got["numerator"] is None and got["denominator"] is None, (target, got)
            continue
        assert got["numerator"] == sum(_number(r.values[num]) or 0 for r in usable), (target, got, usable)
        assert got["denominator"] == sum(_number(r.values[den]) or 0 for r in usable), (target, got, usable)
    # the row balance adds up, and the rows used are the kept rows of every year
    balance = evaluated["row_balance"]
    assert balance["rows_read"] == balance["rows_used"] + balance["rows_left_out"]
    assert balance["rows_used"] == sum(1 for r in written if (r.file, r.row) not in out)
