"""The workbooks as an office prints them: LibreOffice turns each into a PDF, read back with poppler.

One soffice call converts every workbook (module-scoped fixture, a few seconds in all). The PDF text
(pdftotext, with word boxes) and page sizes (pdfinfo) must show A4 pages, the official heading and
signature blocks, every target id and its full name inside its column, no page that is a sliver of
a table, Vietnamese labels and the decimal comma in a Vietnamese workbook.
"""

from __future__ import annotations

import contextlib
import math
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from itertools import takewhile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cltrack.cli import app
from docs_scripts import script

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
ENV: dict[str, str | None] = {"COLUMNS": "120", "NO_COLOR": "1", "CLTRACK_LANG": None}
A4 = (595.3, 841.9)  # points, either way up
IMAGES = script("docs/img/make.py")  # the renders of docs/img: its workbooks, PDF conversion and pages
pytestmark = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are needed: .ci/run installs them")


@dataclass
class Word:
    """One word of a PDF page and its box (points, origin top left)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float = 0.0


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, list(args), env=ENV)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The workbooks docs/img/make.py prints (the sample reports, rollup and entry form, by the docs' commands),
    an English report, the Hải Dương report (its reports and survey) and the survey workbook, converted to PDF in one soffice call by the script's `to_pdf`."""
    root = tmp_path_factory.mktemp("print")
    books = {
        **IMAGES.BOOKS,  # report (trieu-son 2024), report-dak-lak, rollup, form: in Vietnamese, the default
        # paths as the docs write them, relative to the repository, so the printed pages do not depend on where it is checked out
        "report-en": ("evaluate", "dak-lak", "sample_data/dak-lak/dak-lak-2024.xlsx", "--year", "2024", "--lang", "en"),
        "report-hai-duong": ("evaluate", "hai-duong", "sample_data/hai-duong", "sample_data/hai-duong-survey/survey-2024.csv", "--year", "2024"),
        "survey": ("survey", "sample_data/hai-duong-survey/survey-2024.csv", "--by", "sex", "--lang", "vi"),
    }
    with contextlib.chdir(SAMPLE.parent):  # the docs' commands name sample_data/... from the repository
        for name, args in books.items():
            _run(*args, "--output", str(root / f"{name}.xlsx"))
    return IMAGES.to_pdf([root / f"{name}.xlsx" for name in books], root)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def words(pdf: Path, page: int) -> list[Word]:
    """The words of one page with their boxes."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
    return [Word(t.replace("&amp;", "&"), float(a), float(b), float(c), float(d)) for a, b, c, d, t in found]


def text(pdf: Path, page: int | None = None) -> str:
    """A page's (or the document's) text with runs of white space as one space."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def column_text(ws: list[Word], left: float, right: float) -> str:
    """The words that start between `left` and `right`, top to bottom, as one line."""
    inside = sorted((w for w in ws if left <= w.x0 < right), key=lambda w: (round(w.y0), w.x0))
    return " ".join(w.text for w in inside)


def test_every_page_is_a4(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        sizes = page_sizes(pdf)
        assert sizes, name
        assert all(sorted((round(w, 1), round(h, 1))) == sorted(A4) for w, h in sizes), (name, sizes)


def test_report_opens_with_the_heading_block_and_ends_with_signatures(pdfs: dict[str, Path]) -> None:
    first = text(pdfs["report"], 1)
    for line in ("UBND HUYỆN TRIỆU SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"):
        assert line in first
    assert re.search(r"Triệu Sơn, ngày \d\d tháng \d\d năm \d{4}", first)
    english = text(pdfs["report-en"], 1)
    assert "UBND TỈNH ĐẮK LẮK" in english and "SOCIALIST REPUBLIC OF VIET NAM" in english and "APPROVED BY" in english


def test_every_target_id_and_full_name_is_inside_its_column(pdfs: dict[str, Path]) -> None:
    from cltrack.plans.catalogue import load_plan

    for name, plan_id, lang in (("report", "trieu-son", "vi"), ("report-en", "dak-lak", "en")):
        plan = load_plan(plan_id)
        ids = [w for w in words(pdfs[name], 1) if w.text in {t.id for t in plan.targets}]
        top, bottom = min(w.y0 for w in ids), max(w.y0 for w in ids) + 40
        # the merged line counting flagged and insufficient_data results and the signature block are not table rows
        signature = [w.y0 for w in words(pdfs[name], 1) if w.text in ("NGƯỜI", "PREPARED", "flagged", "chú") and w.y0 > top]
        bottom = min([bottom, *(y - 1 for y in signature)])
        ws = [w for w in words(pdfs[name], 1) if top - 1 <= w.y0 <= bottom]  # the table's rows
        assert {w.text for w in ids} == {t.id for t in plan.targets}, name
        left = max(w.x1 for w in ids)  # the name column starts after the id column
        unit_word = plan.area.name.split()[0]  # every plan-area row names the area ("Huyện ...", "Tỉnh ...")
        right = min(w.x0 for w in ws if w.text == unit_word and w.x0 > left)
        names = column_text(ws, left, right)
        for t in plan.targets:
            assert t.short.get(lang) in names, (name, t.id)
        assert all(w.x1 <= right for w in ws if left <= w.x0 < right), name  # no word runs into the next column


def test_no_page_is_a_sliver_of_a_table(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        for page, (width, _) in enumerate(page_sizes(pdf), start=1):
            ws = words(pdf, page)
            assert len(ws) >= 5, (name, page)
            span = max(w.x1 for w in ws) - min(w.x0 for w in ws)
            assert span > 0.4 * width, (name, page, span)  # one page wide: never a strip of a few columns


def test_by_unit_has_districts_subtotals_and_a_repeated_header(pdfs: dict[str, Path]) -> None:
    whole = text(pdfs["report-en"])
    assert "Total Thành phố Buôn Ma Thuột" in whole and "Total Huyện Ea Súp" in whole
    pages = [text(pdfs["report-en"], p) for p in range(1, len(page_sizes(pdfs["report-en"])) + 1)]
    by_unit = [p for p in pages if "Total Huyện" in p]
    assert len(by_unit) >= 2 and all(p.startswith(("By unit", "District ")) for p in by_unit)  # the header on every page


def test_vietnamese_workbooks_read_vietnamese(pdfs: dict[str, Path]) -> None:
    report, rollup = text(pdfs["report"]), text(pdfs["rollup"])
    assert "0,79%" in report and "chậm tiến độ" in report  # the decimal comma, status words (2024: M1.1 behind its path from 2021)
    from cltrack.compute.progress import VERDICT_TEXT

    assert "Dự báo tiến độ" in rollup and any(v.vi in rollup for v in VERDICT_TEXT.values())  # verdicts in Vietnamese
    for english in (*(v.en for v in VERDICT_TEXT.values()), "shortfall", "Summary", "Target"):
        assert english not in rollup and english not in report
    assert re.search(r"\d,\d\d\b", rollup) and not re.search(r"\d\.\d{3,}", rollup)  # 1-2 decimals, never 1.364263


def test_entry_form_fits_the_page_with_its_title_and_instructions(pdfs: dict[str, Path]) -> None:
    form = pdfs["form"]
    sizes = page_sizes(form)
    assert len(sizes) == 2 and sizes[0][0] > sizes[0][1] and sizes[1][0] < sizes[1][1]  # the form landscape, the guide portrait
    first = text(form, 1)
    assert "BIỂU MẪU BÁO CÁO SỐ LIỆU NĂM 2024" in first and "Xã Dân Lực" in first
    guide = text(form, 2)
    assert "cltrack validate form.xlsx --plan trieu-son" in guide
    assert "cltrack evaluate trieu-son bao-cao-2024 --year 2024 --output ket-qua-2024.xlsx" in guide


def test_one_font_family_on_every_page(pdfs: dict[str, Path]) -> None:
    for name, pdf in pdfs.items():
        out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        fonts = {line.split()[0].split("+")[-1].split("-")[0] for line in out.splitlines()[2:] if line.strip()}
        assert fonts and fonts <= {"LiberationSerif", "TimesNewRomanPSMT", "TimesNewRoman"}, (name, fonts)  # Times New Roman or its metric twin


def test_survey_workbook_prints_with_its_header_on_every_estimates_page(pdfs: dict[str, Path]) -> None:
    pages = [text(pdfs["survey"], p) for p in range(1, len(page_sizes(pdfs["survey"])) + 1)]
    estimates = [p for p in pages if "Tổng" in p]
    assert estimates, pages[:1]
    for header in ("Giới tính", "Tỷ lệ (%)", "Sai số chuẩn"):  # Vietnamese headers, printed whole
        assert all(header in p for p in estimates), header
    assert " nam " in estimates[0] and " nữ " in estimates[0]  # one row per sex, named in Vietnamese
    assert re.search(r"\d,\d\d", estimates[0])  # rates with the decimal comma of a vi workbook
    for english in ("Rate (%)", "Estimates", "Total", "Sex"):
        assert english not in " ".join(pages)


def test_each_docs_image_is_its_own_page_of_its_workbook_drawn_at_a4_size(pdfs: dict[str, Path], tmp_path: Path) -> None:
    """docs/img/make.py finds every printed image's page by its words (one page per image), the Summary's is
    page 1 (the heading block: test above), and pdftoppm draws that page at the A4 size in pixels (not its bytes)."""
    pages = {image: (book, IMAGES.page_with(pdfs[book], words)) for image, (book, words) in IMAGES.IMAGES.items()}
    assert len(set(pages.values())) == len(pages), pages  # no two images of one page
    assert pages["report-summary.png"] == ("report", 1)
    width, height = page_sizes(pdfs["report"])[0]
    IMAGES.to_png(pdfs["report"], 1, tmp_path / "summary.png")
    with (tmp_path / "summary.png").open("rb") as png:
        size = struct.unpack(">II", png.read(24)[16:24])
    assert size == (math.ceil(width / 72 * IMAGES.DPI), math.ceil(height / 72 * IMAGES.DPI)) == (936, 662)  # A4 landscape


REPORTS = ("report", "report-dak-lak", "report-en", "report-hai-duong")  # every shipped plan's sample data, vi and en


def test_by_unit_coverage_prints_whole_on_its_subtotal_line(pdfs: dict[str, Path]) -> None:
    """Each district subtotal's coverage ('18/19 (94,74%)') is one line of its row, never wrapped into the row below:
    Buôn Ma Thuột has 19 communes and wards, one of them (Phường Tân Thành) without a figure: 18/19 = 94,74%."""
    for name, lead, share in (("report-dak-lak", "Cộng ", r"\d+/\d+ \(\d+(,\d\d)?%\)"), ("report-en", "Total ", r"\d+/\d+ \(\d+(\.\d\d)?%\)")):
        out = subprocess.run(["pdftotext", "-layout", str(pdfs[name]), "-"], check=True, capture_output=True, text=True).stdout
        starts = tuple(lead + kind for kind in ("Huyện", "Thành phố", "Thị xã"))
        subtotals = [line.strip() for line in out.splitlines() if line.strip().startswith(starts)]
        assert len(subtotals) >= 10, (name, subtotals)  # Đắk Lắk's districts, each with its subtotal row
        for line in subtotals:
            assert re.search(share + "$", line), (name, line)
    vi = subprocess.run(["pdftotext", "-layout", str(pdfs["report-dak-lak"]), "-"], check=True, capture_output=True, text=True).stdout
    assert any(line.strip().startswith("Cộng Thành phố Buôn Ma Thuột") and line.rstrip().endswith("18/19 (94,74%)") for line in vi.splitlines())


def test_no_printed_text_runs_over_the_next_row(pdfs: dict[str, Path]) -> None:
    """On every page of every report (Summary, By unit, Shortfalls, Findings, Chart, Provenance), no word's box
    overlaps another word's by more than 30% of its height: the lines of one wrapped cell overlap by at most ~20%
    (measured), a cell whose row is too short for its text prints over the next row's text (the '(100%)' of a
    subtotal over 'có' and '178/180' before row heights were measured in Times New Roman)."""
    for name in REPORTS:
        for page in range(1, len(page_sizes(pdfs[name])) + 1):
            ws = sorted(words(pdfs[name], page), key=lambda w: w.y0)
            clashes = []
            for i, a in enumerate(ws):
                for b in takewhile(lambda b, a=a: b.y0 < a.y1, ws[i + 1:]):  # the words below that start within a's height
                    if min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 and min(a.y1, b.y1) - b.y0 > 0.3 * min(a.y1 - a.y0, b.y1 - b.y0):
                        clashes.append((a.text, b.text))
            assert not clashes, (name, page, clashes[:5])
