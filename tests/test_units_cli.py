"""`cltrack units lookup` and `cltrack units list` through the CLI, as a user types them."""

from __future__ import annotations

import json
import unicodedata

from typer.testing import CliRunner

from cltrack.cli import app

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "CLTRACK_LANG": "en"}  # messages asserted below are the English ones


def run(*args: str):
    """Invoke cltrack with a fixed terminal."""
    return CliRunner().invoke(app, list(args), env=ENV)


def test_lookup_old_name_without_prefix_in_nfd_says_what_it_became() -> None:
    res = run("units", "lookup", unicodedata.normalize("NFD", "vân sơn"), "--province", "Triệu Sơn", "--lang", "en")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0] == "Xã Văn Sơn (15712) · commune · Huyện Triệu Sơn, Tỉnh Thanh Hóa · before 1 July 2025"
    assert "became (from 1 July 2025):" in lines[1]
    assert any(line.split()[:4] == ["15715", "Xã", "Tân", "Ninh"] and "Nhập toàn bộ" in line for line in lines)


def test_lookup_new_name_lists_the_old_communes_it_came_from() -> None:
    res = run("units", "lookup", "xã tân ninh", "--province", "38", "--format", "json")
    assert res.exit_code == 0, res.output
    found = json.loads(res.output)
    new = [u for u in found if u["list"] == "2025-07"]
    assert len(new) == 1 and new[0]["code"] == "15715"
    assert [(p["code"], p["name"], p["note"]) for p in new[0]["came_from"]] == [
        ("15712", "Xã Văn Sơn", "Nhập toàn bộ"), ("15715", "Xã Thái Hòa", "Nhập toàn bộ"), ("15718", "Thị trấn Nưa", "Nhập toàn bộ"),
    ]
    assert new[0]["came_from"][0]["in"] == "Huyện Triệu Sơn, Tỉnh Thanh Hóa"


def test_lookup_finds_both_sides_of_a_name_used_before_and_after() -> None:
    res = run("units", "lookup", "Thọ Bình", "--province", "Thanh Hóa", "--format", "json")
    found = json.loads(res.output)
    assert [(u["list"], u["code"]) for u in found] == [("2025-01", "15670"), ("2025-07", "15667")]
    assert [b["code"] for b in found[0]["became"]] == ["15667"]
    assert [p["code"] for p in found[1]["came_from"]] == ["15667", "15670", "15769"]


def test_lookup_by_code_and_a_split_commune_shows_each_part() -> None:
    res = run("units", "lookup", "00988", "--format", "json")
    (old,) = json.loads(res.output)
    assert old["name"] == "Xã Yên Định" and old["list"] == "2025-01"
    assert [(b["code"], b["note"]) for b in old["became"]] == [("00700", "Nhập một phần"), ("00994", "Nhập một phần")]


def test_lookup_in_vietnamese_labels_the_levels() -> None:
    res = run("units", "lookup", "Huyện Triệu Sơn", "--lang", "vi")
    assert res.exit_code == 0
    assert res.output.splitlines()[0] == "Huyện Triệu Sơn (397) · huyện · Tỉnh Thanh Hóa · trước 01/07/2025"
    assert "nay thuộc" in res.output and res.output.count("Tỉnh Thanh Hóa") >= 8


def test_unknown_unit_is_one_line_exit_2_with_suggestions() -> None:
    res = run("units", "lookup", "Dân Lưc")  # CLTRACK_LANG=en: the English message
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [res.output.strip()]
    assert "unknown unit 'Dân Lưc'" in res.output and "Xã Dân Lực" in res.output


def test_bad_format_is_exit_2() -> None:
    res = run("units", "list", "--format", "xml")
    assert res.exit_code == 2 and "--format must be table or json" in res.output


def test_list_communes_of_an_old_district() -> None:
    res = run("units", "list", "--district", "Triệu Sơn", "--format", "json")
    body = json.loads(res.output)
    assert body["list"] == "2025-01" and len(body["units"]) == 32
    assert body["units"][0] == {
        "code": "15664", "name": "Thị trấn Triệu Sơn", "level": "commune", "type": "Thị trấn", "list": "2025-01",
        "province_code": "38", "district_code": "397", "in": "Huyện Triệu Sơn, Tỉnh Thanh Hóa",
    }


def test_as_of_date_picks_the_list() -> None:
    before = json.loads(run("units", "list", "-p", "Đắk Lắk", "--as-of", "2025-06-30", "-f", "json").output)
    after = json.loads(run("units", "list", "-p", "Đắk Lắk", "--as-of", "2025-07-01", "-f", "json").output)
    assert (before["list"], len(before["units"])) == ("2025-01", 180)
    assert (after["list"], len(after["units"])) == ("2025-07", 102)
    provinces = json.loads(run("units", "list", "--as-of", "2025-07-01", "-f", "json").output)
    assert len(provinces["units"]) == 34


def test_list_table_has_a_title_with_the_count() -> None:
    res = run("units", "list", "--province", "Hải Dương", "--level", "district", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].strip() == "Administrative units before 1 July 2025: 12 units"
    assert "Thành phố Hải Dương" in res.output


def test_district_after_the_reform_is_an_error() -> None:
    res = run("units", "list", "--district", "Triệu Sơn", "--as-of", "2026-01-01")
    assert res.exit_code == 2 and "no districts after 1 July 2025" in res.output


def test_old_code_known_only_from_the_conversion_table_is_still_looked_up() -> None:
    # 27076 'Phường 15' (Quận Phú Nhuận) is in the conversion table but not in the 4 Jan 2025 list.
    res = run("units", "lookup", "27076", "--format", "json")
    assert res.exit_code == 0, res.output
    (old,) = json.loads(res.output)
    assert (old["name"], old["list"], old["district_code"], old["in"]) == (
        "Phường 15", "2025-01", "768", "Quận Phú Nhuận, Thành phố Hồ Chí Minh",
    )
    assert [(b["code"], b["note"]) for b in old["became"]] == [("27058", "Nhập một phần"), ("27073", "Nhập một phần")]
