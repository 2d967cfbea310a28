"""`cltrack site`: pages from real workbooks, pooled district figures, the evaluate report as downloads, safe output.

Three communes of Đắk Lắk report cl_supported / cl_identified (target M1.1, ≥ 100%):

    2023: Phường Tân Lập 1/4, Phường Tân Hòa 5/10 (Thành phố Buôn Ma Thuột), Phường An Lạc 2/4 (Thị Xã Buôn Hồ)
    2024: Phường Tân Lập 1/2, Phường Tân Hòa 9/10,                            Phường An Lạc 4/4

2024, pooled: Buôn Ma Thuột (1 + 9) / (2 + 10) = 10/12 = 83.33% (the average of 50% and 90% would be
70%); Buôn Hồ 4/4 = 100%; the province 14/16 = 87.50%. 2023: the province 8/18 = 44.44%.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from report_factory import commune_rows, write_report

ENV = {"NO_COLOR": "1", "COLUMNS": "120"}
EN = {**ENV, "CLTRACK_LANG": "en"}  # for the English error messages asserted below
runner = CliRunner()
BMT = ("Tỉnh Đắk Lắk", "Thành phố Buôn Ma Thuột")
BH = ("Tỉnh Đắk Lắk", "Thị Xã Buôn Hồ")
FIGURES = {
    2023: {"Phường Tân Lập": (1, 4), "Phường Tân Hòa": (5, 10), "Phường An Lạc": (2, 4)},
    2024: {"Phường Tân Lập": (1, 2), "Phường Tân Hòa": (9, 10), "Phường An Lạc": (4, 4)},
}


def write_year(folder: Path, year: int) -> Path:
    """One year's report as an office types it: title lines, two-row header, a text-typed number, a total row."""
    rows = commune_rows([((BH if name == "Phường An Lạc" else BMT) + (name, {"cl_supported": str(num) if name == "Phường Tân Hòa" else num,
                                                                          "cl_identified": den}))
                         for name, (num, den) in FIGURES[year].items()], year=year)
    path = folder / f"dak-lak-{year}.xlsx"
    write_report(path, rows, sheet=str(year), title_lines=["UBND TỈNH ĐẮK LẮK", f"BÁO CÁO NĂM {year}"],
                 two_row_header=True, total_row="bottom")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data folder, site folder) built once for this module."""
    root = tmp_path_factory.mktemp("site")
    data = root / "reports"
    data.mkdir()
    for year in FIGURES:
        write_year(data, year)
    out = root / "public"
    res = runner.invoke(app, ["site", "dak-lak", str(data), "son-ha-2024", "--output", str(out), "--as-of", "2025-06-30"], env=ENV)
    assert res.exit_code == 0, res.output
    return data, out


def text_of(html: str) -> str:
    """The visible text of a page, tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)).split())


def test_district_figures_are_pooled_sums_not_averages(built: tuple[Path, Path]) -> None:
    _, out = built
    vi, en = text_of((out / "dak-lak" / "M1.1.html").read_text("utf-8")), text_of((out / "en" / "dak-lak" / "M1.1.html").read_text("utf-8"))
    assert "Thành phố Buôn Ma Thuột 83,33% 10 12" in vi
    assert "Thành phố Buôn Ma Thuột 83.33% 10 12" in en
    assert "70,00%" not in vi
    assert "Phường Tân Lập 50,00% 1 2" in vi and "Phường Tân Hòa 90,00% 9 10" in vi
    assert "Thị Xã Buôn Hồ 100,00% 4 4" in vi


def test_path_over_the_years_shows_every_year_in_the_page_language(built: tuple[Path, Path]) -> None:
    _, out = built
    vi = text_of((out / "dak-lak" / "M1.1.html").read_text("utf-8"))
    en = text_of((out / "en" / "dak-lak" / "M1.1.html").read_text("utf-8"))
    assert "2023 44,44%" in vi and "2024 87,50%" in vi
    assert "2023 44.44%" in en and "2024 87.50%" in en
    # the Vietnamese sentence of the plan is on both pages, the translation on the English one
    assert "100% lao động trẻ em" in vi and "100% lao động trẻ em" in en


def test_plan_json_is_the_report_evaluate_prints(built: tuple[Path, Path]) -> None:
    data, out = built
    res = runner.invoke(app, ["evaluate", "dak-lak", str(data), "--format", "json"], env=ENV)
    assert res.exit_code in (0, 1), res.output
    printed = json.loads(res.stdout)
    page = json.loads((out / "dak-lak" / "dak-lak.json").read_text("utf-8"))
    for doc in (printed, page):
        doc.pop("generated_at", None)
    assert page == printed
    m11 = next(r for r in page["results"] if r["target"] == "M1.1")
    assert (m11["numerator"], m11["denominator"]) == (14, 16)


def test_every_page_offers_csv_json_and_the_excel_report(built: tuple[Path, Path]) -> None:
    _, out = built
    import openpyxl

    plan_page = (out / "dak-lak" / "index.html").read_text("utf-8")
    for href in ("dak-lak.json", "dak-lak.csv", "dak-lak.xlsx"):
        assert f'href="{href}"' in plan_page and (out / "dak-lak" / href).is_file()
    assert "Nguồn dữ liệu" in openpyxl.load_workbook(out / "dak-lak" / "dak-lak.xlsx", read_only=True).sheetnames
    assert "Provenance" in openpyxl.load_workbook(out / "en" / "dak-lak" / "dak-lak.xlsx", read_only=True).sheetnames
    target_page = (out / "dak-lak" / "M1.1.html").read_text("utf-8")
    for href in ("M1.1.json", "M1.1.csv", "M1.1-path.csv", "M1.1-path.json"):
        assert f'href="{href}"' in target_page and (out / "dak-lak" / href).is_file()
    target_rows = json.loads((out / "dak-lak" / "M1.1.json").read_text("utf-8"))["results"]
    assert {r["target"] for r in target_rows} == {"M1.1"} and {r["level"] for r in target_rows} == {"province", "district", "commune"}
    index = (out / "index.html").read_text("utf-8")
    assert 'href="plans.json"' in index and 'href="plans.csv"' in index


def test_the_language_button_opens_the_same_page_in_the_other_language(built: tuple[Path, Path]) -> None:
    _, out = built
    for page in (out / "index.html", out / "dak-lak" / "index.html", out / "dak-lak" / "M1.1.html"):
        rel = page.relative_to(out)
        vi_href = re.search(r'href="([^"]+)"[^>]*id="lang-switch"', page.read_text("utf-8"))[1]
        assert (page.parent / vi_href).resolve() == (out / "en" / rel).resolve()
        en_page = out / "en" / rel
        en_href = re.search(r'href="([^"]+)"[^>]*id="lang-switch"', en_page.read_text("utf-8"))[1]
        assert (en_page.parent / en_href).resolve() == page.resolve()


def test_footer_names_every_input_with_its_sha256(built: tuple[Path, Path]) -> None:
    import hashlib

    data, out = built
    page = (out / "dak-lak" / "index.html").read_text("utf-8")
    for f in sorted(data.iterdir()):
        assert hashlib.sha256(f.read_bytes()).hexdigest() in page
    assert "cltrack" in page and re.search(r"lúc \d\d/\d\d/\d{4} \d\d:\d\d:\d\d \(UTC\)", page)  # dd/mm/yyyy in Vietnamese
    assert re.search(r"at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", (out / "en" / "dak-lak" / "index.html").read_text("utf-8"))


def test_pages_request_nothing_outside_the_folder(built: tuple[Path, Path]) -> None:
    _, out = built
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 2 * (1 + 2 + 17 + 2)  # index, two plans, their targets; twice
    for page in pages:
        html = page.read_text("utf-8")
        assert "default-src 'none'" in html, page
        assert "<script" not in html and "@import" not in html
        assert re.findall(r"<link[^>]*>", html) == ['<link rel="icon" href="data:,">']  # no favicon request either
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), page
        assert page.stat().st_size < 1_000_000


def test_a_plan_without_data_says_so(built: tuple[Path, Path]) -> None:
    _, out = built
    assert "Chưa có tệp số liệu nào cho kế hoạch này." in (out / "son-ha-2024" / "index.html").read_text("utf-8")


def test_output_inside_the_data_is_refused(built: tuple[Path, Path]) -> None:
    data, _ = built
    res = runner.invoke(app, ["site", "dak-lak", str(data), "--output", str(data / "site")], env=EN)
    assert res.exit_code == 2 and "overlap" in res.output
    assert not (data / "site").exists()


def test_a_folder_not_built_by_cltrack_is_never_replaced(tmp_path: Path, built: tuple[Path, Path]) -> None:
    data, _ = built
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("keep me")
    res = runner.invoke(app, ["site", "dak-lak", str(data), "--output", str(mine)], env=EN)
    assert res.exit_code == 2 and "not built by `cltrack site`" in res.output
    assert (mine / "thesis.docx").read_text() == "keep me"


def test_a_rebuild_replaces_the_site_whole(tmp_path: Path, built: tuple[Path, Path]) -> None:
    data, _ = built
    out = tmp_path / "public"
    assert runner.invoke(app, ["site", "son-ha-2024", "--output", str(out)], env=ENV).exit_code == 0
    (out / "stale.html").write_text("old")
    res = runner.invoke(app, ["site", "son-ha-2024", "--output", str(out)], env=ENV)
    assert res.exit_code == 0, res.output
    assert not (out / "stale.html").exists() and (out / "son-ha-2024" / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["public"]  # no temporary folder left beside it


def test_an_argument_that_is_neither_plan_nor_file_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["site", "dak-lak", str(tmp_path / "missing"), "--output", str(tmp_path / "o")], env=EN)
    assert res.exit_code == 2 and "neither a plan" in res.output


def test_the_site_libraries_load_only_for_the_site_command() -> None:
    code = ("import sys\nfrom cltrack.cli import app\n"
            "try:\n    app(['plans'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('jinja2', 'vl_convert', 'cltrack.site') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_each_chart_is_what_vega_draws_from_its_own_spec_in_each_locale() -> None:
    import vl_convert as vlc

    from cltrack.site import charts

    same_shape = charts.path_spec([charts.Point(2020, 3.5), charts.Point(2021, 2.0, 1.0, 3.0)],
                                  target=15.0, deadline=2030, percent=False, first_year=2020)
    charts.to_svgs(same_shape, ["vi", "en"])  # compiled once per shape: the next chart only changes data and params
    spec = charts.path_spec([charts.Point(2021, 1234.5), charts.Point(2022, 1.25, 1.0, 1.5), charts.Point(2023, 2000.0)],
                            target=1500.0, deadline=2025, percent=False, first_year=2021)
    vi, en = charts.to_svgs(spec, ["vi", "en"])
    for lang, svg in (("vi", vi), ("en", en)):
        drawn = vlc.vegalite_to_svg(spec, format_locale=charts.LOCALES[lang], allowed_base_urls=[])
        assert svg == drawn[drawn.index("<svg"):]
    assert ">1.000<" in vi and ">1,000<" in en  # the thousands on the axis, as each language writes them


def test_every_link_of_every_page_leads_to_a_file_of_the_site(built: tuple[Path, Path]) -> None:
    _, out = built
    for page in out.rglob("*.html"):
        for href in re.findall(r'href="([^"#]+)', page.read_text("utf-8")):
            if href != "data:,":
                assert (page.parent / href).resolve().is_file(), f"{page.relative_to(out)} -> {href}"
