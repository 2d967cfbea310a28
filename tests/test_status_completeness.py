"""Reporting completeness and timeliness around the deadline day (DHIS2-style reporting rates)."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from cltrack.compute.completeness import ExpectedUnit, completeness
from cltrack.compute.submissions import parse_date, read_manifest
from cltrack.models import Area, Plan, ReportingDeadline, Text
from cltrack.reading.model import ReportData

TS_COMMUNES = [("Xã Dân Lực", "15700"), ("Xã Dân Lý", "15703"), ("Xã Dân Quyền", "15706"), ("Xã An Nông", "15709")]
EXPECTED = {"commune": [ExpectedUnit(code, name, "commune", "397") for name, code in TS_COMMUNES]}


def _exit(c, fail_on: str) -> int:  # noqa: ANN001
    """The report's exit code under --fail-on `fail_on`."""
    c.fail_on = fail_on
    return c.exit_code


def _plan(*deadlines: ReportingDeadline) -> Plan:
    return Plan(id="trieu-son", name=Text("Kế hoạch Triệu Sơn", "Triệu Sơn plan"), issuer="UBND huyện Triệu Sơn",
                level="district", area=Area("Tỉnh Thanh Hóa", "38", "Huyện Triệu Sơn", "397"), period=(2021, 2025),
                deadline_years=(2025,), reporting=deadlines, elements=(), targets=(), source="targets/trieu-son.yaml")


ANNUAL = ReportingDeadline("annual", 15, 11, "Phòng LĐTBXH")


def _file(tmp: Path, name: str, commune: str, came: date) -> str:
    """A commune's report workbook whose modification time is the day it came."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"BÁO CÁO NĂM 2024 - {commune}"])
    ws.append(["Tỉnh", "Huyện", "Xã", "Số cha mẹ, người chăm sóc trẻ em"])
    ws.append(["Thanh Hóa", "Triệu Sơn", commune, 120])
    path = tmp / name
    wb.save(path)
    ts = datetime(came.year, came.month, came.day, 9, 30).timestamp()
    os.utime(path, (ts, ts))
    return str(path)


def _data(rows: list[tuple[str, str, str, int]], extra: dict[str, list[object]] | None = None) -> ReportData:
    """ReportData as the reader returns it: one row per (file, commune name, code, year)."""
    df = pd.DataFrame({
        "_file": [r[0] for r in rows], "_sheet": "Sheet", "_row": 3, "year": [r[3] for r in rows],
        "level": "commune", "gazetteer": "2025-01", "province": "Tỉnh Thanh Hóa", "district": "Huyện Triệu Sơn",
        "commune": [r[1] for r in rows], "province_code": "38", "district_code": "397",
        "commune_code": [r[2] for r in rows], "unit_code": [r[2] for r in rows], "unit": [r[1] for r in rows],
        "parents": 120.0,
    })
    for k, v in (extra or {}).items():
        df[k] = v
    return ReportData(rows=df)


@pytest.fixture
def reports(tmp_path: Path) -> tuple[ReportData, dict[str, date], str]:
    a = _file(tmp_path, "dan-luc.xlsx", "Dân Lực", date(2024, 11, 14))  # the day before: on time
    b = _file(tmp_path, "dan-ly.xlsx", "Dân Lý", date(2024, 11, 15))  # on the deadline day: late
    c = _file(tmp_path, "dan-quyen.xlsx", "Dân Quyền", date(2024, 11, 14))  # manifest says 20/11: late
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,submitted\ndan-quyen.xlsx,20/11/2024\n", encoding="utf-8")
    data = _data([(a, "Xã Dân Lực", "15700", 2024), (b, "Xã Dân Lý", "15703", 2024), (c, "Xã Dân Quyền", "15706", 2024)])
    return data, read_manifest(manifest), c


def test_on_time_late_and_missing_after_the_deadline(reports):
    data, manifest, _ = reports
    c = completeness(_plan(ANNUAL), data, as_of=date(2024, 11, 25), years=[2024], manifest=manifest, expected=EXPECTED)
    states = {r.unit: r.state for r in c.reports}
    assert states == {"Xã Dân Lực": "on_time", "Xã Dân Lý": "late", "Xã Dân Quyền": "late", "Xã An Nông": "missing"}
    (lv,) = c.levels
    assert (lv.expected, lv.received, lv.on_time, lv.late, lv.missing) == (4, 3, 1, 2, 1)
    assert lv.reporting_rate == 75.0 and lv.on_time_rate == 25.0
    came = {r.unit: (r.submitted, r.source) for r in c.reports}
    assert came["Xã Dân Quyền"] == (date(2024, 11, 20), "manifest")
    assert came["Xã Dân Lý"] == (date(2024, 11, 15), "mtime")
    # two files dated by their modification times: one warning that says so
    assert [f.code for f in c.findings] == ["submitted-from-mtime", "report-late", "report-late", "report-missing"]
    assert c.findings[0].args["count"] == 2


def test_nothing_is_expected_before_the_deadline_day(reports):
    data, manifest, _ = reports
    c = completeness(_plan(ANNUAL), data, as_of=date(2024, 11, 14), years=[2024], manifest=manifest, expected=EXPECTED)
    assert c.levels[0].expected == 0 and c.levels[0].reporting_rate is None
    assert {r.unit: r.state for r in c.reports}["Xã An Nông"] == "not_due"
    assert _exit(c, "missing") == 0


def test_on_the_deadline_day_a_unit_without_report_is_missing(reports):
    data, manifest, _ = reports
    c = completeness(_plan(ANNUAL), data, as_of=date(2024, 11, 15), years=[2024], manifest=manifest, expected=EXPECTED)
    # Dân Quyền's report (20/11 by the manifest) had not come by 15/11
    assert {r.unit: r.state for r in c.reports} == {
        "Xã Dân Lực": "on_time", "Xã Dân Lý": "late", "Xã Dân Quyền": "missing", "Xã An Nông": "missing"}
    assert (c.levels[0].received, c.levels[0].missing) == (2, 2)


def test_fail_on_missing_late_never(reports):
    data, manifest, _ = reports
    c = completeness(_plan(ANNUAL), data, as_of=date(2024, 11, 25), years=[2024], manifest=manifest, expected=EXPECTED)
    assert (_exit(c, "missing"), _exit(c, "late"), _exit(c, "never")) == (1, 1, 0)
    all_in = _data([(r, n, code, 2024) for r, (n, code) in zip([reports[2]] * 4, TS_COMMUNES, strict=True)])
    c2 = completeness(_plan(ANNUAL), all_in, as_of=date(2024, 11, 25), years=[2024], expected=EXPECTED)
    assert _exit(c2, "missing") == 0  # all four came (on 14/11 by the file date)
    assert _exit(c2, "late") == 0


def test_submitted_column_wins_over_file_date(reports):
    data, _, path = reports
    rows = _data([(path, "Xã Dân Lực", "15700", 2024)], {"submitted": ["2024-11-30"]})
    c = completeness(_plan(ANNUAL), rows, as_of=date(2024, 12, 1), years=[2024], expected=EXPECTED)
    first = next(r for r in c.reports if r.unit == "Xã Dân Lực")
    assert (first.state, first.submitted, first.source) == ("late", date(2024, 11, 30), "column")


def test_six_monthly_and_annual_deadlines_are_matched_in_date_order(tmp_path):
    plan = _plan(ReportingDeadline("six-monthly", 15, 6, "Sở GDĐT"), ReportingDeadline("annual", 15, 12, "Sở GDĐT"))
    only_year_end = _file(tmp_path, "a.xlsx", "Dân Lực", date(2024, 12, 10))
    mid = _file(tmp_path, "b1.xlsx", "Dân Lý", date(2024, 6, 10))
    end_late = _file(tmp_path, "b2.xlsx", "Dân Lý", date(2024, 12, 20))
    data = _data([(only_year_end, "Xã Dân Lực", "15700", 2024), (mid, "Xã Dân Lý", "15703", 2024),
                  (end_late, "Xã Dân Lý", "15703", 2024)])
    c = completeness(plan, data, as_of=date(2024, 12, 31), years=[2024], expected=EXPECTED)
    got = {(r.unit, r.period): r.state for r in c.reports if r.unit in ("Xã Dân Lực", "Xã Dân Lý")}
    assert got == {("Xã Dân Lực", "six-monthly"): "missing", ("Xã Dân Lực", "annual"): "on_time",
                   ("Xã Dân Lý", "six-monthly"): "on_time", ("Xã Dân Lý", "annual"): "late"}
    assert c.levels[0].expected == 8 and c.levels[0].received == 3 and c.levels[0].on_time == 2


def test_dates_are_read_in_iso_and_vietnamese_order():
    assert parse_date("2024-11-20") == parse_date("20/11/2024") == date(2024, 11, 20)
