"""The images the docs show are the ones docs/img/make.py makes, and every one of them is shipped.

The script itself (LibreOffice, pdftoppm, Chromium) is not run here: tests/test_print.py checks, on its
own LibreOffice conversion, that the page of every printed image is found and is an A4 page.
"""

from __future__ import annotations

import re
from pathlib import Path

from docs_scripts import script

REPO = Path(__file__).resolve().parent.parent
IMG = REPO / "docs" / "img"


def referenced() -> dict[str, list[str]]:
    """Each image under docs/img a page of the docs (README.md, docs/*.md) shows, with the pages that show it."""
    pages = {REPO / "README.md": r"\]\(docs/img/([^)\s]+)\)", **{md: r"\]\(img/([^)\s]+)\)" for md in (REPO / "docs").glob("*.md")}}
    shown: dict[str, list[str]] = {}
    for page, pattern in pages.items():
        for name in re.findall(pattern, page.read_text(encoding="utf-8")):
            shown.setdefault(name, []).append(page.name)
    return shown


def test_the_images_the_docs_show_are_the_ones_the_script_makes_and_are_shipped() -> None:
    make = script("docs/img/make.py")
    made = set(make.IMAGES) | set(make.SITE)
    shown = referenced()
    assert len(shown) >= 11, shown  # evaluate.md, rollup.md and site.md show the renders
    assert set(shown) == made, f"shown, not made: {sorted(set(shown) - made)}; made, not shown: {sorted(made - set(shown))}"
    assert not [n for n in shown if not (IMG / n).is_file()], "an image the docs show is not under docs/img"
    shipped = {p.name for p in IMG.glob("*.png")}
    assert shipped == made, f"under docs/img but not made by docs/img/make.py: {sorted(shipped - made)}"
    assert set(make.BOOKS) == {book for book, _ in make.IMAGES.values()}  # every workbook written is shown
