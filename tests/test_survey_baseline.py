"""A survey rate target's baseline follows the contract's order, as a count target's does (issue 16, section 1):
the plan's; `--baseline-year` (that year's survey estimate for the unit); else the earliest survey year
before the evaluated one, not before the plan's first year minus one, with an estimate for the unit.

Hải Dương's M1.1 (child labour rate <= 1% by 2025; the plan, period 2021-2030, states no baseline) on
real survey files written here: 200 children per district and year, weight 1, no design columns; the
counted children are aged 10 with 5 hours of work (vn_law), the others work 0 hours.

| district  | 2019 (before 2020) | 2022        | 2023        | 2024         |
|-----------|--------------------|-------------|-------------|--------------|
| Gia Lộc   |                    | 8/200 = 4%  |             | 3/200 = 1.5% |
| Cẩm Giàng | 2/200 = 1%         |             | 6/200 = 3%  | 5/200 = 2.5% |
| Thanh Hà  |                    |             |             | 4/200 = 2%   |

Evaluated in 2024 (deadline 2025), the expected value is the straight line from the baseline to 1% in 2025:
- Gia Lộc: baseline 4% (2022); expected 4 + (1 - 4) * (2024 - 2022)/(2025 - 2022) = 2%; 1.5% <= 2%: on_track.
- Cẩm Giàng: 2019 is before 2020, so baseline 3% (2023); expected 3 + (1 - 3) * 1/2 = 2%; 2.5% > 2%: off_track.
- Thanh Hà: no earlier year: shortfall ("no earlier year").
With --baseline-year 2023 only Cẩm Giàng has a baseline (3%, source option); Gia Lộc is then a shortfall.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from cltrack.cli import app

ENV = {"NO_COLOR": "1", "COLUMNS": "200"}
runner = CliRunner()
HEADER = ["province", "district", "year", "age", "sex", "hours_work", "weight"]


def children(district: str, year: int, counted: int, n: int = 200) -> list[list[object]]:
    """n children of one district and year, the first `counted` aged 10 working 5 hours."""
    return [["Tỉnh Hải Dương", district, year, 10 if i < counted else 8 + i % 9, "nam" if i % 2 else "nữ",
             5 if i < counted else 0, 1] for i in range(n)]


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    """The rows as a UTF-8 csv with a header line."""
    path.write_text("\n".join(",".join(map(str, r)) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def surveys(tmp_path: Path) -> list[Path]:
    """A csv for 2022, a workbook with 2019 and 2023 (title row, numbers typed as text), a csv for 2024."""
    y2022 = write_csv(tmp_path / "dieu-tra-2022.csv", children("Huyện Gia Lộc", 2022, 8))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Điều tra lao động trẻ em, huyện Cẩm Giàng"])  # a title row above the header
    ws.append(HEADER)
    for r in children("Huyện Cẩm Giàng", 2019, 2) + children("Huyện Cẩm Giàng", 2023, 6):
        ws.append([str(v) if i == 5 else v for i, v in enumerate(r)])  # hours typed as text
    y2023 = tmp_path / "dieu-tra-2019-2023.xlsx"
    wb.save(y2023)
    rows = children("Huyện Gia Lộc", 2024, 3) + children("Huyện Cẩm Giàng", 2024, 5) + children("Huyện Thanh Hà", 2024, 4)
    return [y2022, y2023, write_csv(tmp_path / "dieu-tra-2024.csv", rows)]


def run(surveys: list[Path], *extra: str) -> dict[str, dict]:
    """evaluate hai-duong on the surveys at district level: M1.1 results by district."""
    args = ["evaluate", "hai-duong", "--year", "2024", "--level", "district", "--format", "json", *extra]
    for s in surveys:
        args += ["--survey", str(s)]
    r = runner.invoke(app, args, env=ENV)
    assert r.exit_code in (0, 1), r.output
    return {x["unit"]: x for x in json.loads(r.output)["results"] if x["target"] == "M1.1"}


def test_survey_rate_baseline_is_the_earliest_earlier_survey_year_for_each_district(surveys: list[Path]) -> None:
    m = run(surveys)
    gl, cg, th = m["Huyện Gia Lộc"], m["Huyện Cẩm Giàng"], m["Huyện Thanh Hà"]
    assert (gl["baseline_year"], gl["baseline_value"], gl["baseline_source"]) == (2022, pytest.approx(4.0), "data")
    assert gl["expected_value"] == pytest.approx(2.0) and gl["actual"] == pytest.approx(1.5) and gl["status"] == "on_track"
    assert (cg["baseline_year"], cg["baseline_value"], cg["baseline_source"]) == (2023, pytest.approx(3.0), "data")
    assert cg["expected_value"] == pytest.approx(2.0) and cg["actual"] == pytest.approx(2.5) and cg["status"] == "off_track"
    assert th["baseline_value"] is None and th["baseline_source"] is None
    assert th["status"] == "shortfall" and th["shortfall_reason"] == "no_baseline"
    assert gl["source"] == "survey"


def test_baseline_year_option_takes_that_years_survey_estimate(surveys: list[Path]) -> None:
    m = run(surveys, "--baseline-year", "2023")
    cg, gl = m["Huyện Cẩm Giàng"], m["Huyện Gia Lộc"]
    assert (cg["baseline_year"], cg["baseline_value"], cg["baseline_source"]) == (2023, pytest.approx(3.0), "option")
    assert cg["status"] == "off_track"
    assert gl["baseline_value"] is None and gl["status"] == "shortfall" and gl["shortfall_reason"] == "no_baseline"


def test_survey_baseline_is_shown_in_the_table_and_the_workbook(surveys: list[Path], tmp_path: Path) -> None:
    args = ["evaluate", "hai-duong", "--year", "2024", "--level", "district", "--lang", "en"]
    for s in surveys:
        args += ["--survey", str(s)]
    table = runner.invoke(app, args, env=ENV).output
    assert "4.00% (2022," in table and "3.00% (2023," in table  # the cell wraps before "data)"
    assert "* not met, and the data hold no earlier year" in table  # Thanh Hà
    out = tmp_path / "report.xlsx"
    r = runner.invoke(app, [*args, "--output", str(out)], env=ENV)
    assert r.exit_code in (0, 1), r.output
    wb = openpyxl.load_workbook(out)
    cells = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None}
    assert "4.00% (2022, data)" in cells and "3.00% (2023, data)" in cells and "no earlier year" in cells
