"""Carrying figures across the 1 July 2025 reform: exact where the map allows it, approximate and said so where not."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from cltrack.errors import CltrackError
from cltrack.reading.reports import read_reports
from cltrack.units import conversion, lineage, reform
from report_factory import write_report

PROV = "Tỉnh Thanh Hóa"
# The official table, typed by hand: Triệu Sơn's 32 old communes went whole into 8 new communes.
TRIEU_SON: dict[str, list[str]] = {
    "Xã Triệu Sơn": ["Thị trấn Triệu Sơn", "Xã Minh Sơn", "Xã Dân Lực", "Xã Dân Lý", "Xã Dân Quyền"],
    "Xã Thọ Bình": ["Xã Thọ Sơn", "Xã Thọ Bình", "Xã Bình Sơn"],
    "Xã Hợp Tiến": ["Xã Hợp Lý", "Xã Hợp Tiến", "Xã Hợp Thành", "Xã Triệu Thành", "Xã Hợp Thắng"],
    "Xã Tân Ninh": ["Xã Vân Sơn", "Xã Thái Hòa", "Thị trấn Nưa"],
    "Xã Đồng Tiến": ["Xã Đồng Lợi", "Xã Đồng Tiến", "Xã Đồng Thắng"],
    "Xã Thọ Ngọc": ["Xã Thọ Tiến", "Xã Xuân Thọ", "Xã Thọ Ngọc", "Xã Thọ Cường"],
    "Xã Thọ Phú": ["Xã Xuân Lộc", "Xã Thọ Dân", "Xã Thọ Tân", "Xã Thọ Phú", "Xã Thọ Thế"],
    "Xã An Nông": ["Xã An Nông", "Xã Tiến Nông", "Xã Khuyến Nông", "Xã Nông Trường"],
}
OLD_COMMUNES = [old for olds in TRIEU_SON.values() for old in olds]
# Figures per old commune: children = 10 + position, parents = 100 + 2 * position (hand-chosen).
OLD_CHILDREN = {name: 10.0 + i for i, name in enumerate(OLD_COMMUNES)}
OLD_PARENTS = {name: 100.0 + 2 * i for i, name in enumerate(OLD_COMMUNES)}


def old_report(tmp_path: Path) -> Path:
    """Triệu Sơn's 2024 report on the 32 old communes (merged district cells, total row)."""
    rows = [{"district": "Huyện Triệu Sơn", "commune": n, "children": OLD_CHILDREN[n], "parents": OLD_PARENTS[n]} for n in OLD_COMMUNES]
    return write_report(tmp_path / "trieu-son-2024.xlsx", rows, title_lines=["BÁO CÁO NĂM 2024"], merge_district=True, total_row="bottom").path


def new_report(tmp_path: Path, blank: str | None = None) -> Path:
    """A 2026 report on the 8 new communes, each the sum of its old communes (text-typed numbers)."""
    rows = []
    for new, olds in TRIEU_SON.items():
        rows.append({
            "province": PROV, "commune": new,
            "children": "" if new == blank else str(int(sum(OLD_CHILDREN[o] for o in olds))),
            "parents": sum(OLD_PARENTS[o] for o in olds),
        })
    return write_report(tmp_path / "thanh-hoa-2026.xlsx", rows, title_lines=["BÁO CÁO NĂM 2026"], total_row="bottom").path


def test_trieu_son_district_total_from_new_communes_equals_the_old_communes_total(tmp_path: Path) -> None:
    old = read_reports([old_report(tmp_path)])
    new = read_reports([new_report(tmp_path)])
    assert len(old.rows) == 32 and set(old.rows["gazetteer"]) == {"2025-01"}
    assert len(new.rows) == 8 and set(new.rows["gazetteer"]) == {"2025-07"}
    rows, found = reform.attribute_to_old(new.rows)
    assert found == []
    assert len(rows) == 8
    assert set(rows["level"]) == {"district"} and set(rows["district_code"]) == {"397"}
    assert set(rows["province_code"]) == {"38"} and set(rows["gazetteer"]) == {"2025-01"}
    assert set(rows["district"]) == {"Huyện Triệu Sơn"} and rows["commune_code"].isna().all()
    assert not rows["approximate"].any() and (rows["share"] == 1.0).all()
    expected_children = sum(10 + i for i in range(32))  # 10 + 11 + ... + 41 = 816
    expected_parents = sum(100 + 2 * i for i in range(32))  # 3200 + 2 * 496 = 4192
    assert rows["children"].sum() == expected_children == old.rows["children"].sum() == 816
    assert rows["parents"].sum() == expected_parents == old.rows["parents"].sum() == 4192
    assert sorted(rows["_row"]) == sorted(new.rows["_row"])  # provenance kept, row by row


def test_blank_in_a_new_commune_stays_blank_in_the_old_district(tmp_path: Path) -> None:
    new = read_reports([new_report(tmp_path, blank="Xã Tân Ninh")])
    rows, _ = reform.attribute_to_old(new.rows)
    tan_ninh = rows[rows["from_code"] == "15715"]
    assert len(tan_ninh) == 1 and math.isnan(tan_ninh["children"].iloc[0])
    assert tan_ninh["parents"].iloc[0] == OLD_PARENTS["Xã Vân Sơn"] + OLD_PARENTS["Xã Thái Hòa"] + OLD_PARENTS["Thị trấn Nưa"]
    assert rows["children"].dtype == "float64"


def test_old_report_re_aggregated_onto_the_new_communes_is_exact(tmp_path: Path) -> None:
    old = read_reports([old_report(tmp_path)])
    rows, found = reform.attribute_to_new(old.rows)
    assert found == [] and not rows["approximate"].any()
    assert set(rows["gazetteer"]) == {"2025-07"} and rows["district"].isna().all()
    sums = rows.groupby("commune")["children"].sum()
    for new, olds in TRIEU_SON.items():
        assert sums[new] == sum(OLD_CHILDREN[o] for o in olds), new
    assert len(sums) == 8


def tuyen_quang_report(tmp_path: Path) -> Path:
    """A 2026 report for Xã Ngọc Đường, formed from all of old Ngọc Đường and part of old Yên Định."""
    rows = [{"province": "Tỉnh Tuyên Quang", "commune": "Xã Ngọc Đường", "children": 30, "parents": None}]
    return write_report(tmp_path / "tuyen-quang-2026.xlsx", rows).path


def test_split_commune_is_shared_between_old_districts_approximate_with_finding(tmp_path: Path) -> None:
    new = read_reports([tuyen_quang_report(tmp_path)])
    rows, found = reform.attribute_to_old(new.rows)
    # Two old communes, each of its own old district: equal shares, 15 and 15.
    assert sorted(zip(rows["district_code"], rows["district"], rows["children"], strict=True)) == [
        ("024", "Thành phố Hà Giang", 15.0), ("031", "Huyện Bắc Mê", 15.0),
    ]
    assert rows["approximate"].all() and rows["parents"].isna().all()
    assert set(rows["province_code"]) == {"02"}  # old Hà Giang
    assert [f.code for f in found] == ["split-unit"]
    f = found[0]
    assert f.severity == "warning" and f.file == str(tmp_path / "tuyen-quang-2026.xlsx")
    assert f.args["units"] == "Xã Ngọc Đường (00700) → Thành phố Hà Giang 50%, Huyện Bắc Mê 50%"


def test_weights_file_makes_the_split_explicit(tmp_path: Path) -> None:
    new = read_reports([tuyen_quang_report(tmp_path)])
    wfile = tmp_path / "weights.csv"
    wfile.write_text("new_commune_code,old_commune_code,share\n700,700,0.8\n00700,00988,0.2\n", encoding="utf-8")
    rows, found = reform.attribute_to_old(new.rows, reform.read_weights(wfile))
    got = dict(zip(rows["district_code"], rows["children"], strict=True))
    assert got == {"024": pytest.approx(24.0), "031": pytest.approx(6.0)}  # 30 * 0.8, 30 * 0.2
    assert not rows["approximate"].any() and found == []


def test_weights_that_do_not_add_up_are_refused(tmp_path: Path) -> None:
    bad = pd.DataFrame({"new_commune_code": ["00700", "00700"], "old_commune_code": ["00700", "00988"], "share": ["0.5", "0.3"]})
    with pytest.raises(CltrackError, match="add up to 0.8"):
        reform.attribute_to_old(pd.DataFrame(columns=list(reform.ID_COLUMNS)), bad)
    foreign = pd.DataFrame({"new_commune_code": ["00700"], "old_commune_code": ["15712"], "share": ["1"]})
    with pytest.raises(CltrackError, match="did not go into"):
        reform.attribute_to_old(pd.DataFrame(columns=list(reform.ID_COLUMNS)), foreign)


def test_percent_weights_are_accepted(tmp_path: Path) -> None:
    new = read_reports([tuyen_quang_report(tmp_path)])
    w = pd.DataFrame({"new_commune_code": ["00700", "00700"], "old_commune_code": ["00700", "00988"], "share": ["75", "25"]})
    rows, _ = reform.attribute_to_old(new.rows, w)
    assert sorted(rows["children"]) == [7.5, 22.5]


def test_split_old_commune_is_shared_among_its_new_communes_going_forward(tmp_path: Path) -> None:
    rows = [
        {"district": "Huyện Bắc Mê", "commune": "Xã Yên Định", "children": 40},  # split: Ngọc Đường and Minh Ngọc
        {"district": "Huyện Bắc Mê", "commune": "Xã Thượng Tân", "children": 7},  # whole into Minh Ngọc
    ]
    path = write_report(tmp_path / "ha-giang-2024.xlsx", [{"province": "Tỉnh Hà Giang", **r} for r in rows]).path
    data = read_reports([path])
    out, found = reform.attribute_to_new(data.rows)
    got = out.groupby("commune")["children"].sum().to_dict()
    assert got == {"Xã Ngọc Đường": 20.0, "Xã Minh Ngọc": 27.0}  # 40 / 2; 40 / 2 + 7
    assert out.loc[out["from_code"] == "00988", "approximate"].all()
    assert not out.loc[out["from_code"] == "01009", "approximate"].any()
    assert set(out["province_code"]) == {"08"}  # new Tuyên Quang
    assert [f.code for f in found] == ["split-unit"] and "Xã Yên Định (00988)" in found[0].args["units"]


def test_area_only_piece_carries_no_people() -> None:
    # Thụy Khuê: part of its area went to Ba Đình, part of its area and all of its people to Tây Hồ.
    row = {c: None for c in reform.ID_COLUMNS} | {
        "_file": "f.csv", "_row": 2, "year": 2024, "level": "commune", "gazetteer": "2025-01",
        "province_code": "01", "district_code": "003", "commune_code": "00112", "unit_code": "00112", "children": 12.0,
    }
    out, found = reform.attribute_to_new(pd.DataFrame([row]))
    assert out[["commune_code", "commune", "children", "approximate"]].values.tolist() == [["00103", "Phường Tây Hồ", 12.0, False]]
    assert found == []


def test_unchanged_commune_keeps_commune_level() -> None:
    row = {c: None for c in reform.ID_COLUMNS} | {
        "_file": "f.csv", "_row": 2, "year": 2026, "level": "commune", "gazetteer": "2025-07",
        "province_code": "08", "commune_code": "00859", "unit_code": "00859", "children": 5.0,
    }
    out, _ = reform.attribute_to_old(pd.DataFrame([row]))
    assert out[["level", "commune_code", "commune", "district_code", "unit_code", "children"]].values.tolist() == [
        ["commune", "00859", "Xã Ngọc Long", "028", "00859", 5.0],
    ]


def test_province_rows_cross_the_reform_whole_or_by_shares() -> None:
    base = {c: None for c in reform.ID_COLUMNS} | {"_file": "f.csv", "_row": 2, "level": "province", "children": 90.0}
    old = pd.DataFrame([base | {"year": 2024, "gazetteer": "2025-01", "province_code": "02", "unit_code": "02"}])
    out, found = reform.attribute_to_new(old)  # old Hà Giang went whole into new Tuyên Quang
    assert out[["province_code", "province", "children", "approximate"]].values.tolist() == [["08", "Tỉnh Tuyên Quang", 90.0, False]]
    new = pd.DataFrame([base | {"year": 2026, "gazetteer": "2025-07", "province_code": "38", "unit_code": "38"}])
    out, _ = reform.attribute_to_old(new)  # Thanh Hóa is one old province: exact
    assert out[["province_code", "children", "approximate"]].values.tolist() == [["38", 90.0, False]]
    merged = pd.DataFrame([base | {"year": 2026, "gazetteer": "2025-07", "province_code": "08", "unit_code": "08"}])
    out, found = reform.attribute_to_old(merged)
    assert sorted(out["province_code"]) == ["02", "08"] and out["approximate"].all()
    assert out["children"].sum() == pytest.approx(90.0)
    assert [f.code for f in found] == ["split-unit"]


def test_rows_already_on_the_target_map_pass_through_untouched(tmp_path: Path) -> None:
    old = read_reports([old_report(tmp_path)])
    out, found = reform.attribute_to_old(old.rows)
    assert found == [] and len(out) == 32
    assert out["children"].tolist() == old.rows["children"].tolist()
    assert not out["approximate"].any() and out["from_code"].isna().all()


def test_successors_predecessors_and_became_link_by_code() -> None:
    assert conversion.successors("15712") == [("15715", "Nhập toàn bộ")]
    assert conversion.successors("15712")[0].name == "Xã Tân Ninh (15715)"
    assert [p.code for p in conversion.predecessors("15715")] == ["15712", "15715", "15718"]
    assert conversion.predecessors("15715")[0].name == "Xã Văn Sơn (15712)"
    assert conversion.became("15712") == "Xã Tân Ninh (15715)"
    assert conversion.became("00988") == "Xã Ngọc Đường (00700) (Nhập một phần), Xã Minh Ngọc (00994) (Nhập một phần)"
    assert [s.code for s in conversion.successors("397")] == ["15664", "15667", "15682", "15715", "15724", "15754", "15763", "15766"]
    assert [s.code for s in conversion.successors("02")] == ["08"]
    assert conversion.successors("99999") == []


def test_old_name_in_a_2026_report_says_what_it_became(tmp_path: Path) -> None:
    rows = [{"province": PROV, "district": "Huyện Triệu Sơn", "commune": "Xã Vân Sơn", "children": 3}]
    data = read_reports([write_report(tmp_path / "bc-2026.xlsx", rows).path])
    f = [f for f in data.findings if f.code == "old-unit-name"]
    assert len(f) == 1 and f[0].args["became"] == "Xã Tân Ninh (15715)"


def test_a_report_mixing_old_and_new_units_is_rejected(tmp_path: Path) -> None:
    rows = [
        {"province": PROV, "commune": "Xã Tân Ninh", "children": 1},  # new
        {"province": PROV, "commune": "Xã Thọ Phú", "children": 2},  # new (also an old name, resolved in the new list)
        {"province": PROV, "commune": "Xã Dân Lực", "children": 3},  # old only
    ]
    data = read_reports([write_report(tmp_path / "bc-2026.xlsx", rows).path])
    mixed = [f for f in data.findings if f.code == "mixed-gazetteer"]
    assert len(mixed) == 1 and mixed[0].severity == "error"
    assert (mixed[0].args["old"], mixed[0].args["new"]) == (1, 2)


def test_split_old_commune_whose_parts_stay_in_one_old_district_is_exact_for_that_district() -> None:
    # Phường Thượng Thanh (00115, Quận Long Biên 004) was split between new Bồ Đề (00118) and Việt Hưng
    # (00127); both new wards hold only land of old Long Biên, so Long Biên's total is still exact.
    base = {c: None for c in reform.ID_COLUMNS} | {"_file": "hn.csv", "year": 2026, "level": "commune", "gazetteer": "2025-07", "province_code": "01"}
    new = pd.DataFrame([
        base | {"_row": 2, "commune_code": "00118", "unit_code": "00118", "children": 40.0},
        base | {"_row": 3, "commune_code": "00127", "unit_code": "00127", "children": 60.0},
    ])
    out, found = reform.attribute_to_old(new)
    assert found == [] and not out["approximate"].any()
    assert out.groupby("district")["children"].sum().to_dict() == {"Quận Long Biên": 100.0}  # 40 + 60
    # Going forward, the same split is a real division of Thượng Thanh's figures: approximate.
    old = pd.DataFrame([base | {"_row": 2, "year": 2024, "gazetteer": "2025-01", "district_code": "004",
                                "commune_code": "00115", "unit_code": "00115", "children": 10.0}])
    fwd, found = reform.attribute_to_new(old)
    assert fwd["approximate"].all() and sorted(fwd["commune_code"]) == ["00118", "00127"]
    assert fwd["children"].tolist() == [5.0, 5.0] and [f.code for f in found] == ["split-unit"]


def test_became_takes_a_code_or_an_old_unit() -> None:
    from cltrack.units import gazetteer

    unit = gazetteer.load("2025-01").match("Vân Sơn", level="commune", within="397")[0]
    assert conversion.became(unit) == conversion.became("15712") == "Xã Tân Ninh (15715)"


def test_lookup_both_directions_with_nfd_and_prefixless_names() -> None:
    import unicodedata

    (old,) = lineage.lookup(unicodedata.normalize("NFD", "văn sơn"), within="Triệu Sơn")
    assert (old.unit.list, old.unit.code, old.direction) == ("2025-01", "15712", "became")
    assert [(k.code, k.name, k.note) for k in old.links] == [("15715", "Xã Tân Ninh", "Nhập toàn bộ")]
    found = lineage.lookup(unicodedata.normalize("NFD", "TÂN NINH"), within="38")
    new = [lin for lin in found if lin.unit.list == "2025-07"]
    assert len(new) == 1 and new[0].direction == "came_from"
    assert [k.code for k in new[0].links] == ["15712", "15715", "15718"]
