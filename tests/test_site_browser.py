"""The built site in a real browser: headless Chromium (Debian's package) driven over the DevTools pipe.

Checked from the rendered DOM and from a screenshot: every chart is an SVG with marks and is painted,
every target's status is on the plan page in words, the language button leads to the English page,
the page is no wider than a phone, and the browser attempted no request outside the site folder and
reported no Content-Security-Policy violation.
"""

from __future__ import annotations

import base64
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cdp import Browser, Page, chromium
from cltrack.cli import app
from cltrack.i18n import label

REPO = Path(__file__).resolve().parent.parent
BINARY = chromium()
pytestmark = pytest.mark.skipif(BINARY is None, reason="headless Chromium is not installed (.ci/run installs Debian's `chromium`)")
GREEN, RED = (26, 127, 55), (197, 48, 48)  # charts.STATUS_COLOUR met and shortfall


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample Hải Dương site (reports 2021-2025 and the 2024 survey), built once."""
    out = tmp_path_factory.mktemp("browser") / "public"
    data = REPO / "sample_data"
    res = CliRunner().invoke(app, ["site", "hai-duong", str(data / "hai-duong"), str(data / "hai-duong-survey" / "survey-2024.csv"),
                                   "--output", str(out), "--as-of", "2026-01-31"], env={"NO_COLOR": "1"})
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def server(site: Path):  # noqa: ANN201
    """The site served from a port of 127.0.0.1, with the path of every request it received."""
    seen: list[str] = []

    class Logged(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            seen.append(self.path)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Logged, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    """One headless Chromium for the module."""
    assert BINARY is not None
    with Browser(BINARY) as b:
        yield b


def charts_with_marks(page: Page) -> list[int]:
    """For each chart of the page, the number of drawn marks in its SVG."""
    return page.js("[...document.querySelectorAll('figure.chart svg')].map(s => s.querySelectorAll('.role-mark > *').length)")


def painted(page: Page, selector: str, colour: tuple[int, int, int]) -> int:
    """Pixels of `colour` (±12 per channel) in a screenshot of the element `selector`, decoded by the browser."""
    box = page.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                  " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; })()")
    shot = page.call("Page.captureScreenshot", {"format": "png", "clip": {**box, "scale": 1}, "captureBeyondViewport": True})["data"]
    assert base64.b64decode(shot)[:8] == b"\x89PNG\r\n\x1a\n"
    here = page.js("location.href")
    page.open("about:blank")
    r, g, b = colour
    count = page.js(
        "new Promise(done => { const img = new Image(); img.onload = () => { const c = document.createElement('canvas');"
        " c.width = img.width; c.height = img.height; const x = c.getContext('2d'); x.drawImage(img, 0, 0);"
        " const d = x.getImageData(0, 0, c.width, c.height).data; let n = 0;"
        f" for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]-{r}) < 13 && Math.abs(d[i+1]-{g}) < 13 && Math.abs(d[i+2]-{b}) < 13) n++;"
        f" done(n); }}; img.src = 'data:image/png;base64,{shot}'; }})")
    page.open(here)
    return int(count)


def test_plan_page_charts_statuses_and_language_switch_over_http(site: Path, server, browser: Browser) -> None:  # noqa: ANN001
    origin, seen = server
    page = browser.page()
    page.open(f"{origin}/hai-duong/index.html")
    assert all(n > 5 for n in charts_with_marks(page)) and charts_with_marks(page)
    report = json.loads((site / "hai-duong" / "hai-duong.json").read_text("utf-8"))
    rows = page.js("Object.fromEntries([...document.querySelectorAll('#targets tr[data-target]')].map(tr => [tr.dataset.target, tr.innerText]))")
    assert set(rows) == {r["target"] for r in report["results"]}
    for r in report["results"]:
        assert label(f"status.{r['status']}", "vi") in rows[r["target"]], r["target"]
    assert painted(page, "figure.chart svg", GREEN) > 200  # the met bars are painted in their colour

    page.js("document.getElementById('lang-switch').click()")
    browser.wait_event("Page.loadEventFired")
    assert page.js("document.documentElement.lang") == "en"
    assert page.js("location.pathname") == "/en/hai-duong/index.html"
    english = page.js("document.querySelector('#targets').innerText")
    for r in report["results"]:
        assert label(f"status.{r['status']}", "en") in english

    requested = [p["request"]["url"] for p in page.event_params("Network.requestWillBeSent")]
    assert requested and all(u.startswith(origin + "/") or u == "about:blank" or u.startswith("data:") for u in requested), requested
    assert set(seen) <= {"/hai-duong/index.html", "/en/hai-duong/index.html"}, seen
    violations = [e["entry"]["text"] for e in page.event_params("Log.entryAdded") if "Content Security Policy" in e["entry"]["text"]]
    assert not violations, violations


def test_target_page_from_file_draws_the_path_and_the_survey_interval_on_a_phone(site: Path, browser: Browser) -> None:
    page = browser.page()
    page.call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        page.open((site / "hai-duong" / "M1.1.html").as_uri())
        marks = page.js("(() => { const s = document.querySelector('figure.chart svg');"
                        " return {line: s.querySelectorAll('.mark-line.role-mark > *').length,"
                        " points: s.querySelectorAll('.mark-symbol.role-mark > *').length,"
                        " rules: s.querySelectorAll('.mark-rule.role-mark > *').length}; })()")
        assert marks["line"] >= 1 and marks["points"] == 5  # 2021-2025
        assert marks["rules"] >= 3  # the 2024 survey interval, the target line, the deadline
        # the survey's logit interval with the design df (Stata svy: proportion), asymmetric around 1.07%
        assert "KTC 95% 0,80%–1,44%" in page.js("document.querySelector('#years').innerText")
        assert page.js("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        assert page.js("document.querySelector('figure.chart [role=img]').getAttribute('aria-label')").startswith("M1.1")
        assert painted(page, "figure.chart svg", (31, 78, 121)) > 100  # the path's line and points
        requested = [p["request"]["url"] for p in page.event_params("Network.requestWillBeSent")]
        assert all(u.startswith("file://") or u == "about:blank" or u.startswith("data:") for u in requested), requested
    finally:
        page.call("Emulation.clearDeviceMetricsOverride")
