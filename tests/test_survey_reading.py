"""Reading survey microdata from csv, xlsx and Parquet: columns, values, findings, units, no per-row work."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from cltrack.compute import survey
from cltrack.reading import survey as reader
from cltrack.reading import survey_values

HEADER = ["tỉnh", "huyện", "xã", "age", "sex", "hours_work", "hours_chores", "hazardous_work", "in_school", "weight", "stratum", "psu"]
GOOD = [
    ["Thanh Hóa", "Triệu Sơn", "Dân Lực", 10, "nam", 2, 0, 0, 1, 100, "A", 1],
    ["Thanh Hóa", "Triệu Sơn", "Dân Lực", 14, "nữ", 25, 0, 0, 1, 100, "A", 1],
    ["Thanh Hóa", "Triệu Sơn", "Dân Lực", 16, "M", 10, 0, 1, 0, 100, "A", 2],
    ["Thanh Hóa", "Triệu Sơn", "Dân Lý", 7, "F", "", "", "", 1, 150, "B", 1],
    ["Thanh Hóa", "Triệu Sơn", "Dân Lý", 17, "female", 41, 0, 0, 0, 150, "B", 2],
]
BAD = [
    ["Thanh Hóa", "Triệu Sơn", "Dân Lý", 4, "male", 0, 0, 0, 1, 150, "B", 1],  # age below 5
    ["Thanh Hóa", "Triệu Sơn", "Dân Lý", 18, "male", 0, 0, 0, 1, 150, "B", 1],  # age above 17
    ["Thanh Hóa", "Triệu Sơn", "Dân Lý", 12, "male", -1, 0, 0, 1, 150, "B", 2],  # negative hours
    ["Thanh Hóa", "Triệu Sơn", "Dân Lý", 12, "male", 0, 169, 0, 1, 150, "B", 2],  # more than 168 hours
]


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER, sep: str = ",") -> Path:
    lines = [sep.join(header)] + [sep.join(str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_rows_are_read_and_bad_rows_are_findings_left_out(tmp_path: Path) -> None:
    data = reader.read_microdata([write_csv(tmp_path / "s.csv", GOOD + BAD)])
    f = data.frame
    assert len(f) == 5
    assert f["age"].tolist() == [10, 14, 16, 7, 17]
    assert f["sex"].astype(str).tolist() == ["male", "female", "male", "female", "female"]
    # blank hours and a blank flag stay blank (item non-response), never read as 0 hours or "no"
    assert f["hours_work"].fillna(-1).tolist() == [2, 25, 10, -1, 41]
    assert f["hazardous_work"].fillna(-1).tolist() == [0, 0, 1, -1, 0]
    assert f["weight"].tolist() == [100, 100, 100, 150, 150]
    assert f["_row"].tolist() == [2, 3, 4, 5, 6]
    by_code = {(x.code, x.row) for x in data.findings}
    assert {("age-out-of-range", 7), ("age-out-of-range", 8), ("negative-hours", 9), ("hours-over-168", 10)} <= by_code
    assert {x.code for x in data.findings} >= {"survey-blank-hours", "row-balance"}
    src = data.sources[0]
    assert (src.rows_read, src.rows_used, src.rows_left_out) == (9, 5, 4)
    assert sorted(data.left_out["_row"].tolist()) == [7, 8, 9, 10]
    assert len(src.sha256) == 64


def test_unit_names_resolve_to_gso_codes(tmp_path: Path) -> None:
    f = reader.read_microdata([write_csv(tmp_path / "s.csv", GOOD)]).frame
    assert set(f["province_code"].astype(str)) == {"38"}
    assert set(f["district_code"].astype(str)) == {"397"}
    assert f["district"].iloc[0] == "Huyện Triệu Sơn"
    assert f["commune"].astype(str).tolist()[:1] == ["Xã Dân Lực"]
    assert f["commune_code"].astype(str).tolist() == ["15700"] * 3 + ["15703"] * 2


def test_unknown_unit_is_a_finding_and_the_row_is_kept(tmp_path: Path) -> None:
    rows = [r[:] for r in GOOD]
    rows[0][2] = "Xã Không Có"
    data = reader.read_microdata([write_csv(tmp_path / "s.csv", rows)])
    assert len(data.frame) == 5
    assert any(x.code == "unknown-unit" for x in data.findings)


def test_semicolon_csv_with_decimal_commas(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("tuổi;số giờ làm việc;trọng số\n13;20,5;1,5\n13;20;2\n", encoding="utf-8")
    data = reader.read_microdata([path])
    assert data.frame["hours_work"].tolist() == [20.5, 20.0]
    assert data.frame["weight"].tolist() == [1.5, 2.0]
    est = survey.estimate(data, survey.load_rules("vn_law"))
    assert est.iloc[0]["rate"] == pytest.approx(100 * 1.5 / 3.5)  # only the 20.5-hour child counts


def test_xlsx_with_title_rows_and_text_typed_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Điều tra"
    ws["A1"] = "KẾT QUẢ ĐIỀU TRA LAO ĐỘNG TRẺ EM NĂM 2024"
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["Tuổi", "Giới tính", "Số giờ làm việc", "Công việc nguy hiểm", "Trọng số", "Năm"])
    ws.append(["12", "Nam", "3", "không", "2", 2024])  # numbers typed as text
    ws.append([15, "Nữ", 45, "có", 1, 2024])
    ws.append([])
    ws.append([16, "nữ", 10, "x", "abc", 2024])  # invalid weight
    path = tmp_path / "s.xlsx"
    wb.save(path)
    data = reader.read_microdata([path])
    f = data.frame
    assert f["age"].tolist() == [12, 15]
    assert f["_row"].tolist() == [4, 5]  # Excel row numbers
    assert f["weight"].tolist() == [2.0, 1.0]
    assert f["hazardous_work"].tolist() == [0.0, 1.0]
    assert f["year"].tolist() == [2024, 2024]
    bad = [x for x in data.findings if x.code == "survey-bad-weight"]
    assert [(x.row, x.column, x.column_letter, x.severity) for x in bad] == [(7, "weight", "E", "error")]
    assert data.sources[0].rows_read == 3 and data.sources[0].rows_used == 2


def test_parquet_reads_only_the_needed_columns(tmp_path: Path) -> None:
    frame = pd.DataFrame({"age": [8, 9, 14], "hours_work": [1.0, 0.0, 30.0], "weight": [1.0, 1.0, 2.0],
                          "unrelated": ["x", "y", "z"], "sex": ["F", "M", "F"]})
    path = tmp_path / "s.parquet"
    frame.to_parquet(path)
    data = reader.read_microdata([path])
    assert "unrelated" not in data.frame.columns
    assert data.frame["sex"].astype(str).tolist() == ["female", "male", "female"]
    assert survey.estimate(data, survey.load_rules("vn_law")).iloc[0]["rate"] == pytest.approx(75.0)


def test_missing_required_column_is_an_error_finding(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [[10, 1]], header=["age", "sex"])
    data = reader.read_microdata([path])
    assert [x.code for x in data.findings] == ["survey-missing-column"]
    assert data.findings[0].column == "hours_work"
    assert len(data.frame) == 0


def test_several_files_are_combined_and_the_weight_column_is_remembered(tmp_path: Path) -> None:
    a = write_csv(tmp_path / "a.csv", GOOD)
    b = write_csv(tmp_path / "b.csv", [[12, 0]], header=["age", "hours_work"])
    data = reader.read_microdata([a, b])
    assert len(data.frame) == 6 and len(data.sources) == 2
    assert "weight" in data.columns
    assert data.frame["_file"].astype(str).tolist()[-1] == str(b)


def test_conversions_run_once_per_distinct_value_not_per_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = 100_000
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({
        "commune": rng.choice(["Dân Lực", "Dân Lý", "Dân Quyền"], n), "district": "Triệu Sơn", "province": "Thanh Hóa",
        "age": rng.integers(5, 18, n), "sex": rng.choice(["nam", "nữ"], n), "hours_work": rng.choice(["0", "2", "25", "1,5"], n),
        "hazardous_work": rng.choice(["có", "không"], n), "weight": 1.0, "stratum": rng.integers(0, 5, n), "psu": rng.integers(0, 10, n),
    })
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    calls = {"number": 0, "text": 0, "flag": 0, "sex": 0}
    for name in calls:
        original = getattr(survey_values, f"_{name}")

        def counting(value: object, _o=original, _n=name) -> object:
            calls[_n] += 1
            return _o(value)

        monkeypatch.setattr(survey_values, f"_{name}", counting)
    data = reader.read_microdata([path])
    assert len(data.frame) == n
    assert max(calls.values()) < 50  # a handful of distinct values, not 100,000 rows
    est = survey.estimate(data, survey.load_rules("vn_law"), by=["commune", "sex"])
    assert est["n_unweighted"].sum() == n


def test_only_the_needed_columns_are_read_and_unread_ones_are_not_called_absent(tmp_path: Path) -> None:
    from cltrack.compute.survey import needed_columns
    from cltrack.reading.survey import read_microdata

    path = tmp_path / "s.csv"
    path.write_text(
        "province,district,commune,year,age,sex,hours_work,hours_chores,hazardous_work,weight\n"
        "Tỉnh Thanh Hóa,Huyện Triệu Sơn,Xã Dân Lực,2024,10,nam,3,2,0,1.5\n",
        encoding="utf-8",
    )
    only = needed_columns(["district"])
    assert {"province", "district", "age", "hours_work", "weight"} <= only and not {"commune", "sex"} & only
    data = read_microdata([path], only=only)
    assert "sex" not in data.frame.columns and data.frame["district_code"].tolist() == ["397"]
    full = read_microdata([path])
    absent = {f.column for f in data.findings if f.code == "survey-absent-column"}
    assert absent == {f.column for f in full.findings if f.code == "survey-absent-column"} == {"permitted_work"}
    assert full.frame["commune_code"].tolist() == ["15700"] and "sex" in full.frame.columns


def test_more_than_20_rows_with_one_problem_are_counted_in_one_finding(tmp_path: Path) -> None:
    rows = GOOD + [["Thanh Hóa", "Triệu Sơn", "Dân Lý", 12, "male", -1, 0, "maybe", 1, 150, "B", 2]] * 25
    data = reader.read_microdata([write_csv(tmp_path / "s.csv", rows)])
    assert sum(x.code == "negative-hours" for x in data.findings) == reader.MAX_ROW_FINDINGS
    more = {x.column: x.args for x in data.findings if x.code == "survey-more-rows"}
    assert more["hours_work"] == {"code": "negative-hours", "more": 5, "count": 25}
    assert more["hazardous_work"] == {"code": "invalid-value", "more": 5, "count": 25}
    assert len(data.frame) == len(GOOD)
