"""Reading and checking workbooks does each expensive step once (issue 9, goals 2 and 3).

Counted, not timed: a workbook sheet is parsed once although the survey sniff looks at it first,
the post-reform gazetteer is not loaded for a sheet of pre-reform names, and the column-wise
rules (year jumps, group sums) give what the row-by-row definitions give.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cltrack.compute.checks import check_year_jumps
from cltrack.reading import units, workbook
from cltrack.reading.reports import read_reports
from cltrack.reading.sniff import looks_like_survey
from cltrack.units import gazetteer
from report_factory import commune_rows, write_report

PARENTS = "parents"
INFORMED = "parents_informed"


def _report(path: Path, specs: list[tuple[str, dict[str, object]]], year: int) -> Path:
    """A Triệu Sơn report with one row per (commune, values)."""
    rows = commune_rows([("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", c, v) for c, v in specs], year=year)
    write_report(path, rows)
    return path


def _communes(n: int) -> list[str]:
    """The first `n` communes of Triệu Sơn, as the gazetteer spells them."""
    return [u.name for u in gazetteer.load("2025-01").children("397", "commune")[:n]]


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count sheet parses by python-calamine (by index or by name)."""
    import python_calamine

    real = python_calamine.CalamineWorkbook
    calls = [0]

    class Book:
        def __init__(self, book: object) -> None:
            self._book = book

        @classmethod
        def from_path(cls, path: str, *args: object, **kwargs: object) -> Book:
            return cls(real.from_path(path, *args, **kwargs))

        def __enter__(self) -> Book:
            return self

        def __exit__(self, *exc: object) -> None:
            self._book.close()  # type: ignore[attr-defined]

        def get_sheet_by_index(self, index: int) -> object:
            calls[0] += 1
            return self._book.get_sheet_by_index(index)  # type: ignore[attr-defined]

        def get_sheet_by_name(self, name: str) -> object:
            calls[0] += 1
            return self._book.get_sheet_by_name(name)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self._book, name)

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Book)
    return calls


def test_sniffing_then_reading_a_workbook_parses_its_sheet_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _report(tmp_path / "report-2024.xlsx", [(c, {PARENTS: 10, INFORMED: 5}) for c in _communes(3)], 2024)
    calls = _count_parses(monkeypatch)
    assert not looks_like_survey(path)
    data = read_reports([path])
    assert calls[0] == 1
    assert len(data.rows) == 3


def test_a_kept_sheet_is_not_used_for_a_changed_file(tmp_path: Path) -> None:
    path = _report(tmp_path / "report-2024.xlsx", [(c, {PARENTS: 10, INFORMED: 5}) for c in _communes(2)], 2024)
    assert not looks_like_survey(path)
    import os

    _report(path, [(c, {PARENTS: 20, INFORMED: 5}) for c in _communes(3)], 2024)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    data = read_reports([path])
    assert data.rows[PARENTS].tolist() == [20.0, 20.0, 20.0]


def test_a_survey_workbook_does_not_stay_in_memory(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["age", "hours_work", "weight"])
    ws.append([12, 3, 1.0])
    path = tmp_path / "survey.xlsx"
    wb.save(path)
    assert looks_like_survey(path)
    assert not workbook._SNIFFED


def test_old_names_never_load_the_new_gazetteer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _report(tmp_path / "report-2024.xlsx", [(c, {PARENTS: 10, INFORMED: 5}) for c in _communes(4)], 2024)
    loaded: list[str] = []
    real = gazetteer.load

    def counted(list_id: str = gazetteer.PRE) -> gazetteer.Gazetteer:
        loaded.append(list_id)
        return real(list_id)

    monkeypatch.setattr(gazetteer, "load", counted)
    data = read_reports([path])
    assert len(data.rows) == 4
    assert set(loaded) == {units.OLD}


@pytest.mark.parametrize(
    "name", ["Xã  Hòa\u00a0Bình", "TP. Buôn Ma Thuột", "Thành phố", " Phường\tThủy Phương ", "THỊ TRẤN Nưa", "ĐẶC KHU Côn Đảo", ""]
)
def test_name_keys_of_many_names_are_each_names_key(name: str) -> None:
    names = [name, "Xã Quý Lộc", name.upper()]
    assert gazetteer.name_keys(names) == [gazetteer.name_key(n) for n in names]


def test_the_name_index_holds_every_official_spelling() -> None:
    gz = gazetteer.Gazetteer(
        "2025-01",
        rows=[
            ("commune", "15712", "Xã Văn Sơn", "Xã", "38", "397", "Xã Vân Sơn"),
            ("commune", "15713", "Xã Hòa Bình", "Xã", "38", "397", "Xã Hoà Bình"),
        ],
    )
    assert [u.code for u in gz.match("Vân Sơn", "commune")] == ["15712"]
    assert [u.code for u in gz.match("xã văn sơn", "commune")] == ["15712"]
    assert [u.code for u in gz.match("Hoà Bình", "commune")] == ["15713"]


def _jump_rows(values: dict[tuple[str, int], float | None], extra: list[tuple[str, int, float]] | None = None) -> object:
    """Report rows of units (codes) by year with one count, plus repeated (unit, year) rows."""
    import pandas as pd

    rows = []
    for i, ((code, year), v) in enumerate([*values.items(), *(((c, y), v) for c, y, v in (extra or []))]):
        rows.append({
            "_file": "a.xlsx", "_sheet": str(year), "_row": i + 2, "year": year, "gazetteer": "2025-01",
            "unit_code": code, "unit": code, "children_5_17": math.nan if v is None else float(v),
        })
    return pd.DataFrame(rows)


def test_a_jump_is_measured_from_the_last_year_that_reported() -> None:
    rows = _jump_rows({("15712", 2021): 10, ("15712", 2022): None, ("15712", 2023): 40})
    found = check_year_jumps(rows)  # type: ignore[arg-type]
    assert [(f.args["year_before"], f.args["year"], f.args["before"], f.args["after"]) for f in found] == [(2021, 2023, "10", "40")]


def test_only_the_first_row_of_a_unit_and_year_is_compared() -> None:
    rows = _jump_rows({("15712", 2021): 10, ("15712", 2022): 11}, extra=[("15712", 2022, 100.0)])
    assert check_year_jumps(rows) == []  # type: ignore[arg-type]


def test_year_jumps_come_by_unit_then_year_and_zeros_are_not_compared() -> None:
    rows = _jump_rows({
        ("15713", 2022): 1, ("15712", 2023): 1, ("15713", 2021): 10, ("15712", 2021): 0, ("15712", 2022): 5,
    })
    found = check_year_jumps(rows)  # type: ignore[arg-type]
    assert [(f.args["element"], f.row, f.args["year"]) for f in found] == [("children_5_17", 2 + 1, 2023), ("children_5_17", 2, 2022)]
    assert found[0].args["factor"] == "3"


def test_a_kept_sheet_that_was_not_asked_for_is_let_go(tmp_path: Path) -> None:
    path = _report(tmp_path / "report-2024.xlsx", [(c, {PARENTS: 10, INFORMED: 5}) for c in _communes(2)], 2024)
    assert not looks_like_survey(path)
    assert workbook._SNIFFED
    data = read_reports([path], sheet="no such sheet")
    assert [f.code for f in data.findings if f.code == "sheet-not-found"] == ["sheet-not-found"]
    assert not workbook._SNIFFED


def test_resolving_many_keys_gives_what_resolving_each_gives() -> None:
    from cltrack.models import Area

    names = _communes(6)
    keys = [("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", c, "") for c in names]
    keys += [
        ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", names[0][:-1], ""),  # misspelt: unknown, with suggestions
        ("Tỉnh Nghệ An", "Huyện Triệu Sơn", names[1], ""),  # another province
        ("", "", names[2], ""),  # the commune alone
        ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", names[3], "00001"),  # a code naming another unit
        ("Tỉnh Thanh Hóa", "Huyện Triệu Sơn", "Xã Tân Lập", ""),  # not in that district
    ]
    years = [2024] * len(keys)
    years[-1] = 2026  # a post-reform year looks in the new list first
    area = Area(province="Tỉnh Thanh Hóa", province_code="38", district="Huyện Triệu Sơn", district_code="397")
    one = units.UnitResolver(area)
    each = [one.resolve(k, y) for k, y in zip(keys, years, strict=True)]
    many = units.UnitResolver(area).resolve_many(keys, years)
    def seen(r: units.Resolution) -> tuple[object, ...]:
        return r.match, [(p.code, p.column, p.args) for p in (r.problem, *r.warnings) if p is not None]

    assert [seen(r) for r in many] == [seen(r) for r in each]
    assert sum(r.match is not None for r in many) >= 6 and any(r.problem for r in many) and any(r.warnings for r in many)


def test_sniffing_a_workbook_imports_numpy_and_pandas_beside_the_parse(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = _report(tmp_path / "report-2024.xlsx", [(c, {PARENTS: 10, INFORMED: 5}) for c in _communes(2)], 2024)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cltrack.reading import workbook\n"
        "assert 'pandas' not in sys.modules\n"
        f"workbook.first_rows(Path({str(path)!r}), 10)\n"
        "thread = workbook._WARMING[0]\n"
        "thread.join()\n"
        "print(thread.name, 'pandas' in sys.modules, 'numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.split() == ["cltrack-import", "True", "True"]
