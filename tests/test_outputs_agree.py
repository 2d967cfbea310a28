"""The terminal table, JSON, CSV and Excel report agree on every result of every shipped sample (issue 18).

Each shipped sample folder is evaluated against its plan for every year it holds (Hải Dương 2024 with
its survey, as sample_data/README.md runs it), once; the one report is then rendered four ways and each
output is parsed back as a person or a program reads it: the terminal table at 300 columns (rich, no
wrapping), the JSON, the CSV and the Excel Summary sheet (openpyxl). For each result the actual
value, the attainment and the status must be the same figures: the JSON's are exact; the CSV and the
Excel cells hold the same numbers (Excel keeps attainment as a fraction shown as %); the table shows
them rounded to the decimals it prints, so it must equal the JSON's value to within half its last digit.
The per-unit drill-down (`unit_level`, Excel's By unit sheet only) is left out to keep the test fast.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.console import Console

from cltrack.export.evaluation import to_csv, to_json, write_xlsx
from cltrack.i18n import label
from cltrack.jobs import evaluate_files
from cltrack.models import STATUSES
from cltrack.render.evaluate import print_evaluation

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
SURVEY = SAMPLES / "hai-duong-survey" / "survey-2024.csv"
CASES = ([("trieu-son", "trieu-son", y) for y in range(2021, 2026)] + [("dak-lak", "dak-lak", y) for y in range(2021, 2026)]
         + [("hai-duong", "hai-duong", y) for y in range(2021, 2026)] + [("trieu-son", "trieu-son-2026", 2026)])
WORDS = sorted(((label(f"status.{s}", "en"), s) for s in STATUSES), key=lambda ws: -len(ws[0]))


def status_of(text: str) -> str:
    """The status code a cell's words begin with (after the status symbol), e.g. '✘ shortfall, not significant' -> shortfall."""
    words = text.strip().lstrip("✔↗↘✘·?").strip()
    return next(code for word, code in WORDS if words.startswith(word))


def number(text: str) -> tuple[float, float] | None:
    """The first number of a table cell ('1,234.5%', '0.79% [0.5–1.1]') and half its last printed digit."""
    m = re.search(r"-?[\d,]+(?:\.(\d+))?", text)
    if m is None:
        return None
    return float(m.group(0).replace(",", "")), 0.5 * 10 ** -len(m.group(1) or "") + 1e-9


def table_figures(e) -> dict[str, dict[str, object]]:  # noqa: ANN001
    """Target id -> actual, attainment (value, tolerance) and status, read from the printed table."""
    buf = io.StringIO()
    print_evaluation(e, "en", out=Console(file=buf, width=300, color_system=None, highlight=False, markup=False, emoji=False))
    lines = buf.getvalue().splitlines()
    head = next(ln for ln in lines if " Actual " in ln and " Status " in ln)
    value_end, actual_end = head.index("Target value") + len("Target value"), head.index("Actual") + len("Actual")
    att, status = head.index("Attainment"), head.index("Status")
    after_status = head.index("Gap", status)
    ids = {r.target for r in e.results}
    out: dict[str, dict[str, object]] = {}
    for line in lines:
        first = line.split()[0] if line.strip() else ""
        if first in ids:
            assert first not in out, f"{first} printed twice"
            out[first] = {"actual": number(line[value_end:actual_end]), "attainment": number(line[att:status]),
                          "status": status_of(line[status:after_status])}
    return out


def xlsx_figures(path: Path) -> dict[str, dict[str, object]]:
    """Target id -> actual, attainment (as a percentage) and status, from the Summary sheet's table."""
    ws = load_workbook(path, read_only=True)["Summary"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "ID")
    col = {name: j for j, name in enumerate(rows[at]) if name}
    out: dict[str, dict[str, object]] = {}
    for r in rows[at + 1:]:
        if not r or not isinstance(r[0], str) or not r[0].strip() or r[col["Status"]] is None:
            continue
        a = r[col["Attainment"]]
        out[r[0]] = {"actual": r[col["Actual"]], "attainment": None if a is None else 100 * a, "status": status_of(r[col["Status"]])}
    return out


@pytest.mark.parametrize(("plan", "folder", "year"), CASES, ids=[f"{f}-{y}" for _, f, y in CASES])
def test_table_json_csv_and_excel_show_the_same_figures(plan: str, folder: str, year: int, tmp_path: Path) -> None:
    survey = [SURVEY] if folder == "hai-duong" and year == 2024 else []
    e = evaluate_files(plan, [SAMPLES / folder], survey_paths=survey, year=year, lang="en", unit_level=None)
    assert e.results
    truth = {r["target"]: r for r in json.loads(to_json(e, "en"))["results"]}
    assert len(truth) == len(e.results)  # one result per target at the report's level

    table = table_figures(e)
    assert any(t["attainment"] is not None for t in table.values())  # the parser reads the figures, not blanks
    records = {r["target"]: r for r in csv.DictReader(io.StringIO(to_csv(e)))}
    write_xlsx(e, tmp_path / "r.xlsx", "en")
    sheet = xlsx_figures(tmp_path / "r.xlsx")
    assert set(table) == set(records) == set(sheet) == set(truth)

    for tid, j in truth.items():
        where = f"{folder} {year} {tid}"
        # CSV: the very numbers of the JSON, as text
        c = records[tid]
        assert c["status"] == j["status"], where
        for key in ("actual", "attainment_pct"):
            assert (float(c[key]) if c[key] else None) == j[key], f"{where} csv {key}"
        # Excel: the same numbers in cells (attainment as a fraction shown as %), the status in words
        x = sheet[tid]
        assert x["status"] == j["status"], where
        assert x["actual"] == pytest.approx(j["actual"], rel=1e-12), f"{where} xlsx actual"
        assert (x["attainment"] is None) == (j["attainment_pct"] is None), f"{where} xlsx attainment"
        if j["attainment_pct"] is not None:
            assert x["attainment"] == pytest.approx(j["attainment_pct"], rel=1e-12), f"{where} xlsx attainment"
        # terminal: the same figures, rounded as printed
        t = table[tid]
        assert t["status"] == j["status"], where
        for key, shown in (("actual", t["actual"]), ("attainment_pct", t["attainment"])):
            if j[key] is None:
                assert shown is None, f"{where} table {key}: printed {shown} for no value"
            else:
                assert shown is not None, f"{where} table {key}: not printed"
                value, half = shown  # type: ignore[misc]
                assert abs(value - j[key]) <= half, f"{where} table {key}: {value} vs {j[key]}"
