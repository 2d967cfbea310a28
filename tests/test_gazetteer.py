"""The shipped gazetteers: names and keys, matching, other spellings, parents and counts, the build script."""

from __future__ import annotations

import csv
import importlib.util
import unicodedata
from pathlib import Path

import pytest

from cltrack.errors import CltrackError
from cltrack.units import gazetteer
from cltrack.units.gazetteer import POST, PRE, name_key

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "data" / "gazetteer"


def nfd(text: str) -> str:
    """The text with decomposed tone marks, as some keyboards and old files write it."""
    return unicodedata.normalize("NFD", text)


def test_name_key_drops_prefix_case_nfd_and_extra_spaces() -> None:
    assert name_key("Xã Dân Lực") == "dân lực"
    assert name_key(nfd("  XÃ   DÂN\nLỰC ")) == "dân lực"
    assert name_key("Thị trấn Nưa") == "nưa"
    assert name_key("Thị xã Nghi Sơn") == "nghi sơn"
    assert name_key("TP. Thanh Hóa") == "thanh hoá"  # tone placed the new way (see below)
    assert name_key("Phường 14") == "14"
    assert name_key("Xã") == "xã"  # a prefix alone is a name, not an empty key


def test_name_key_places_tones_on_oa_oe_uy_one_way_and_keeps_them_significant() -> None:
    assert name_key("Phường Yên Hòa") == name_key("Phường Yên Hoà") == "yên hoà"
    assert name_key(nfd("Xã Điềm Thụy")) == name_key("xã điềm thuỵ")
    assert name_key("Khỏe") == name_key("Khoẻ")
    assert name_key("Yên Hoa") != name_key("Yên Hòa") != name_key("Yên Hóa")  # a different tone is another name
    assert name_key("Hoàng Mai") == "hoàng mai" and name_key("Quý Quân") == "quý quân"


def test_both_tone_styles_match_the_one_unit_in_either_list() -> None:
    old, new = gazetteer.load(PRE), gazetteer.load(POST)
    assert [u.code for u in old.match("Yên Hòa", level="commune", within="005")] == ["00172"]  # listed as 'Yên Hoà'
    assert [u.code for u in old.match("Thái Hoà", level="commune", within="397")] == ["15715"]  # listed as 'Thái Hòa'
    assert [u.code for u in new.match("Điềm Thuỵ")] == [u.code for u in new.match("Điềm Thụy")] == ["05941"]


def test_districts_keep_the_spelling_the_conversion_table_gives_them() -> None:
    old = gazetteer.load(PRE)
    assert old.by_code("602").name == "Huyện Phú Quí" and [u.code for u in old.match("Huyện Phú Quý")] == ["602"]
    assert [u.code for u in old.match("Thị xã Mộc Châu", level="district")] == ["123"]  # upgraded in 2025
    assert old.by_code("44").alt_names == ()  # the table's slip (44 'Quảng Trị') is not taken as a name


def test_codes_are_strings_with_leading_zeros_and_carry_their_list() -> None:
    old, new = gazetteer.load(PRE), gazetteer.load(POST)
    ba_dinh = new.by_code("4", "commune")
    assert ba_dinh is not None and (ba_dinh.code, ba_dinh.name, ba_dinh.list) == ("00004", "Phường Ba Đình", POST)
    assert old.by_code("00004").name == "Phường Trúc Bạch"  # same code, other list, other unit
    assert old.by_code("397").name == "Huyện Triệu Sơn"
    assert old.by_code("38").name == "Tỉnh Thanh Hóa"
    assert new.by_code("397") is None  # no districts after the reform


def test_match_within_a_district_picks_the_one_commune_of_that_name() -> None:
    old = gazetteer.load(PRE)
    everywhere = old.match("Đồng Tiến", level="commune")
    assert len(everywhere) > 1 and len({u.district_code for u in everywhere}) == len(everywhere)
    inside = old.match(nfd("đồng tiến"), level="commune", within="397")
    assert [(u.code, u.district_code, u.province_code) for u in inside] == [("15724", "397", "38")]


def test_other_official_spelling_is_accepted_and_the_code_links_them() -> None:
    old = gazetteer.load(PRE)
    unit = old.by_code("15712")
    assert unit.name == "Xã Văn Sơn" and "Xã Vân Sơn" in unit.alt_names
    assert [u.code for u in old.match("Văn Sơn", within="397")] == ["15712"]
    assert [u.code for u in old.match("Xã Vân Sơn", within="397")] == ["15712"]


def test_prefix_written_out_decides_between_a_town_and_a_district() -> None:
    old = gazetteer.load(PRE)
    both = old.match("Triệu Sơn")
    assert {(u.level, u.code) for u in both} == {("district", "397"), ("commune", "15664")}
    assert [u.code for u in old.match("Thị trấn Triệu Sơn")] == ["15664"]
    assert [u.code for u in old.match("Huyện Triệu Sơn")] == ["397"]


def test_suggest_offers_the_closest_spelling() -> None:
    old = gazetteer.load(PRE)
    assert "Xã Dân Lực" in old.suggest("Dân Lưc", level="commune", within="397")
    assert old.suggest("zzzz qqqq", level="commune", within="397") == []


def test_children_counts_triệu_sơn_hải_dương_and_đắk_lắk() -> None:
    old, new = gazetteer.load(PRE), gazetteer.load(POST)
    assert len(old.children("397", "commune")) == 32
    assert len(old.children("30", "district")) == 12  # Hải Dương
    assert len(old.children("30", "commune")) == 207
    assert len(old.children("66", "district")) == 15  # Đắk Lắk before the reform
    assert len(old.children("66", "commune")) == 180
    assert len(new.children("66", "commune")) == 102  # new Đắk Lắk (old Đắk Lắk and Phú Yên)
    assert len(new.units("province")) == 34 and len(old.units("province")) == 63
    assert len(new.units("commune")) == 3321


@pytest.mark.skipif(not SOURCE.exists(), reason="../shared/data/gazetteer is absent")
def test_children_counts_agree_with_the_gso_commune_list() -> None:
    with open(SOURCE / "gso-communes-2025-01-04.csv", encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Phường Xã"].strip()]
    old = gazetteer.load(PRE)
    for pcode in ("30", "38", "66"):
        assert len(old.children(pcode, "commune")) == sum(1 for r in rows if r["Mã TP"].zfill(2) == pcode)


def test_a_placeholder_row_without_a_name_is_not_a_unit() -> None:
    old = gazetteer.load(PRE)
    assert old.by_code("00000") is None
    assert old.children("755", "commune") == []  # Côn Đảo had no communes


def test_select_lists_units_of_a_place_by_name_or_code() -> None:
    assert len(gazetteer.select(PRE, district="Triệu Sơn")) == 32
    assert len(gazetteer.select(PRE, province="38", level="district")) == 26
    assert [u.code for u in gazetteer.select(POST)][:2] == ["01", "04"]
    with pytest.raises(CltrackError, match="no province 'Hải Dương' in the 2025-07 list"):
        gazetteer.select(POST, province="Hải Dương")
    with pytest.raises(CltrackError, match="no districts"):
        gazetteer.select(POST, district="397")


def test_the_date_decides_the_list() -> None:
    assert gazetteer.list_for_date("2025-06-30") == PRE
    assert gazetteer.list_for_date("2025-07-01") == POST
    assert gazetteer.list_for_date("2024") == PRE
    assert gazetteer.list_for_year(2025) == PRE and gazetteer.list_for_year(2026) == POST
    with pytest.raises(CltrackError, match="'2025-13-01' is not a date"):
        gazetteer.list_for_date("2025-13-01")


def test_units_as_of_falls_back_to_the_old_list_for_a_place_that_no_longer_exists() -> None:
    list_id, units = gazetteer.units_as_of(province="Hải Dương", level="district")
    assert (list_id, len(units)) == (PRE, 12)
    list_id, units = gazetteer.units_as_of("2025-07-01", province="Đắk Lắk")
    assert (list_id, len(units)) == (POST, 102)


@pytest.mark.skipif(not SOURCE.exists(), reason="../shared/data/gazetteer is absent")
def test_build_script_reproduces_the_shipped_files_byte_for_byte(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_gazetteer", REPO / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    paths = module.build(SOURCE, tmp_path)
    assert [p.name for p in paths] == ["units-2025-01.tsv.gz", "units-2025-07.tsv.gz", "conversion-2025-07.tsv.gz"]
    for p in paths:
        assert p.read_bytes() == (gazetteer.DATA / p.name).read_bytes(), p.name
