"""Make every image the docs show, from the shipped sample data, with cltrack and the tools a person uses.

    .venv/bin/python docs/img/make.py [OUT_DIR]      (default: docs/img itself)

The workbooks are written by the very commands the docs print (`cltrack evaluate ... --output
report.xlsx`, `cltrack rollup`, `cltrack template`), turned into a PDF by LibreOffice headless (one
soffice call), and the page that shows what an image is about is found by its text and drawn to PNG
by pdftoppm (poppler-utils) at 80 dpi (an A4 page is 936 x 662 pixels). The site's two pictures are
`cltrack site` pages drawn by headless Chromium at a desktop and a phone width. Run it again after a
change to what a workbook or a page looks like: the images go stale otherwise.

tests/test_docs_images.py checks that the images the docs reference are exactly those `IMAGES` and
`SITE` name and that each exists; tests/test_print.py converts its workbooks with `to_pdf` and checks
that each image's page is found and is A4 (the PNG bytes are never compared: font rendering differs
from machine to machine).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DPI = 80  # 936 x 662 pixels for an A4 landscape page: readable on the page, small in the repository

# workbook -> the `cltrack` command the docs show for it (run in the repository, paths as the docs write them)
BOOKS: dict[str, tuple[str, ...]] = {
    "report": ("evaluate", "trieu-son", "sample_data/trieu-son", "--year", "2024"),  # docs/evaluate.md
    "report-dak-lak": ("evaluate", "dak-lak", "sample_data/dak-lak/dak-lak-2024.xlsx", "--year", "2024"),  # docs/evaluate.md
    "rollup": ("rollup", "trieu-son", "sample_data/trieu-son", "--format", "xlsx"),  # docs/rollup.md
    "form": ("template", "trieu-son", "--year", "2024", "--level", "commune"),  # docs/rollup.md
}
# image -> (workbook, words on the printed page it shows: the first page holding them)
IMAGES: dict[str, tuple[str, str]] = {
    "report-summary.png": ("report", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),  # the heading block opens the Summary
    "report-by-unit.png": ("report", "Theo đơn vị"),
    "report-shortfalls.png": ("report", "Nội dung mục tiêu"),
    "report-chart.png": ("report", "Mức đạt (%)"),
    "report-dak-lak-by-unit.png": ("report-dak-lak", "Theo đơn vị"),
    "rollup-summary.png": ("rollup", "Trạng thái năm cuối"),
    "rollup-charts.png": ("rollup", "M1.1: Tỷ lệ lao động trẻ em"),
    "template-form.png": ("form", "BIỂU MẪU BÁO CÁO"),
    "template-guide.png": ("form", "HƯỚNG DẪN ĐIỀN BIỂU MẪU"),
}
# the site as docs/site.md builds it (its sample plans with data), and image -> (page, window width, height)
SITE_ARGS: tuple[str, ...] = ("site", "trieu-son", "sample_data/trieu-son", "dak-lak", "sample_data/dak-lak",
                              "hai-duong", "sample_data/hai-duong", "sample_data/hai-duong-survey/survey-2024.csv",
                              "son-ha-2024", "dak-nong-2024")
SITE: dict[str, tuple[str, int, int]] = {
    "site-target.png": ("hai-duong/M1.1.html", 1100, 1300),
    "site-plan-phone.png": ("trieu-son/index.html", 390, 1400),  # a phone's width
}


def cltrack(*args: str) -> None:
    """Run `cltrack args` in the repository as the docs do (in Vietnamese, the default; exit 0 required)."""
    env = {k: v for k, v in os.environ.items() if k != "CLTRACK_LANG"}
    done = subprocess.run([sys.executable, "-m", "cltrack", *args], cwd=REPO, capture_output=True, text=True, check=False,
                          env=env, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"cltrack {' '.join(args)}: exit {done.returncode}\n{done.stdout}{done.stderr}")


def write_books(books: dict[str, tuple[str, ...]], folder: Path) -> list[Path]:
    """Each workbook written by its cltrack command into `folder` as NAME.xlsx."""
    paths = []
    for name, args in books.items():
        paths.append(folder / f"{name}.xlsx")
        cltrack(*args, "--output", str(paths[-1]))
    return paths


def to_pdf(books: list[Path], folder: Path) -> dict[str, Path]:
    """The workbooks turned into PDFs in `folder` by LibreOffice headless, in one soffice call (its own profile)."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    *map(str, books)], check=True, capture_output=True, timeout=180)
    return {book.stem: folder / f"{book.stem}.pdf" for book in books}


def page_with(pdf: Path, words: str) -> int:
    """The number of the first page of `pdf` whose text holds `words` (runs of white space as one space)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for number, page in enumerate(text.split("\f"), start=1):
        if words in re.sub(r"\s+", " ", page):
            return number
    raise SystemExit(f"{pdf.name}: no page holds {words!r}")


def to_png(pdf: Path, page: int, png: Path, dpi: int = DPI) -> None:
    """One page of `pdf` drawn to `png` by pdftoppm."""
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, capture_output=True, timeout=60)


def printed(work: Path, out: Path) -> None:
    """The workbooks' images: written, converted, the page of each found and drawn into `out`."""
    pdfs = to_pdf(write_books(BOOKS, work), work)
    for image, (book, words) in IMAGES.items():
        to_png(pdfs[book], page_with(pdfs[book], words), out / image)


def browsed(work: Path, out: Path) -> None:
    """The site's images: built by cltrack site, each page drawn by headless Chromium at its window size."""
    sys.path.insert(0, str(REPO / "tests"))  # tests/cdp.py: the Chromium binary and the flags the browser tests use
    from cdp import FLAGS, chromium

    binary = chromium()
    if binary is None:
        raise SystemExit("headless Chromium is needed for the site's images (Debian's `chromium`)")
    site = work / "site"
    cltrack(*SITE_ARGS, "--output", str(site))
    for image, (page, width, height) in SITE.items():
        subprocess.run([binary, *FLAGS, f"--user-data-dir={work / 'chromium'}", f"--window-size={width},{height}",
                        f"--screenshot={out / image}", (site / page).as_uri()], check=True, capture_output=True, timeout=120)


def main(out: Path = HERE) -> None:
    """Every image into `out`."""
    for tool in ("soffice", "pdftotext", "pdftoppm"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed (Debian: libreoffice-calc, poppler-utils)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cltrack-docs-img-") as tmp:
        printed(Path(tmp), out)
        browsed(Path(tmp), out)
    for image in [*IMAGES, *SITE]:
        print(out / image)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)
