"""Charts of the progress site: Vega-Lite specs rendered to inline SVG by vl-convert (no script in the page).

Vega-Lite (the grammar behind altair) is compiled and drawn in-process by vl-convert-python's embedded
Vega, so a page carries finished SVG and needs no JavaScript, no CDN and no font from elsewhere.
Specs are plain dicts (altair would build the same dicts at a higher import cost). Numbers on the
axes follow the page's language: decimal comma and thousands dot in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

# d3-format locales: Vietnamese writes 1.234,5; English 1,234.5.
LOCALES: dict[str, dict[str, Any]] = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
STATUS_COLOUR: dict[str, str] = {  # fills as in the Excel report, darker edges for contrast
    "met": "#1a7f37", "on_track": "#4c9a2a", "off_track": "#b7791f", "shortfall": "#c53030",
    "no_data": "#8a8a8a", "insufficient_data": "#6b6b9a",
}
WIDTH, HEIGHT = 520, 220
CONFIG: dict[str, Any] = {
    "font": "Liberation Sans, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "grid": True, "gridColor": "#e4e4e4"},
}


@dataclass(frozen=True)
class Point:
    """One value of a path: year, value, its 95% CI when it is a survey estimate, and the series name."""

    year: int
    value: float
    low: float | None = None
    high: float | None = None
    series: str = ""


def path_spec(points: Sequence[Point], *, target: float | None, deadline: int, percent: bool, first_year: int) -> dict[str, Any]:
    """A target's path over the years: points and line, CI bars, the target as a dashed line, the deadline as a rule."""
    fmt = ",.1f" if percent else ",.0f"
    x = {"field": "year", "type": "quantitative", "title": None,
         "scale": {"domain": [first_year - 0.3, max(deadline, first_year) + 0.3], "nice": False},
         "axis": {"format": "d", "tickMinStep": 1, "values": list(range(first_year, max(deadline, first_year) + 1))}}
    values = [p.value for p in points] + [v for p in points for v in (p.low, p.high) if v is not None]
    values += [target] if target is not None else []
    y_scale: dict[str, Any] = {"zero": bool(values) and min(values) >= 0 and not percent}
    if percent and values:
        lo, hi = min(values), max(values)
        pad = max((hi - lo) * 0.15, 0.2)
        y_scale = {"domain": [max(0.0, lo - pad), min(100.0, hi + pad) if hi <= 100 else hi + pad], "nice": True}
    y = {"field": "value", "type": "quantitative", "title": None, "scale": y_scale, "axis": {"format": fmt}}
    series = len({p.series for p in points}) > 1
    colour: dict[str, Any] = {"field": "series", "type": "nominal", "title": None} if series else {"value": "#1f4e79"}
    data = [{"year": p.year, "value": p.value, "low": p.low, "high": p.high, "series": p.series} for p in points]
    layers: list[dict[str, Any]] = [
        {"mark": {"type": "line", "point": {"size": 60, "filled": True}, "strokeWidth": 2.5},
         "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "series"}}},
    ]
    if any(p.low is not None and p.high is not None for p in points):
        layers.append({"transform": [{"filter": "datum.low != null && datum.high != null"}],
                       "mark": {"type": "rule", "strokeWidth": 2},
                       "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"},
                                    "color": colour}})
        layers.append({"transform": [{"filter": "datum.low != null && datum.high != null"}],
                       "mark": {"type": "tick", "orient": "horizontal", "size": 12, "thickness": 2},
                       "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"}, "color": colour}})
        layers.append({"transform": [{"filter": "datum.low != null && datum.high != null"}],
                       "mark": {"type": "tick", "orient": "horizontal", "size": 12, "thickness": 2},
                       "encoding": {"x": x, "y": {"field": "high", "type": "quantitative"}, "color": colour}})
    if target is not None:
        layers.append({"data": {"values": [{"value": target}]}, "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#c53030", "strokeWidth": 2},
                       "encoding": {"y": {"field": "value", "type": "quantitative"}}})
    layers.append({"data": {"values": [{"year": deadline}]}, "mark": {"type": "rule", "strokeDash": [2, 3], "color": "#444", "strokeWidth": 1.5},
                   "encoding": {"x": {"field": "year", "type": "quantitative"}}})
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "width": WIDTH, "height": HEIGHT, "data": {"values": data}, "layer": layers, "config": CONFIG}


def attainment_spec(rows: Sequence[tuple[str, float, str, str]]) -> dict[str, Any]:
    """Attainment (%) per target as horizontal bars coloured by status and marked with its symbol, a rule at 100%."""
    data = [{"target": t, "attainment": a, "status": s, "word": w} for t, a, s, w in rows]
    y = {"field": "target", "type": "nominal", "sort": None, "title": None}
    x = {"field": "attainment", "type": "quantitative", "title": None, "axis": {"format": ",.0f"},
         "scale": {"domain": [0, max([120.0] + [a for _, a, _, _ in rows]) * 1.25]}}
    colour = {"field": "status", "type": "nominal", "legend": None,
              "scale": {"domain": list(STATUS_COLOUR), "range": list(STATUS_COLOUR.values())}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH, "height": {"step": 22}, "data": {"values": data}, "config": CONFIG,
        "layer": [
            {"mark": {"type": "bar"}, "encoding": {"y": y, "x": x, "color": colour}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
             "encoding": {"y": y, "x": x, "text": {"field": "word"}}},
            {"data": {"values": [{"attainment": 100}]}, "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#222"},
             "encoding": {"x": {"field": "attainment", "type": "quantitative"}}},
        ],
    }


def to_svgs(spec: dict[str, Any], langs: Sequence[str]) -> list[str]:
    """One spec as SVG strings, one per language (axis numbers in its format); compiled once, nothing fetched."""
    import vl_convert as vlc

    vega = vlc.vegalite_to_vega(spec)
    out = []
    for lang in langs:
        svg: str = vlc.vega_to_svg(vega, format_locale=LOCALES[lang], allowed_base_urls=[])
        out.append(svg[svg.index("<svg"):] if "<svg" in svg else svg)
    return out


def render_all(specs: Sequence[dict[str, Any]], langs: Sequence[str], workers: int = 4) -> list[list[str]]:
    """SVGs of many specs in every language, converted on a few threads (vl-convert releases the GIL)."""
    if not specs:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(specs))) as pool:
        return list(pool.map(lambda spec: to_svgs(spec, langs), specs))
