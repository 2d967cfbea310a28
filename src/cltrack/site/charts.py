"""Charts of the progress site: Vega-Lite specs rendered to inline SVG by vl-convert (no script in the page).

Vega-Lite (the grammar behind altair) is compiled and drawn in-process by vl-convert-python's embedded
Vega, so a page carries finished SVG and needs no JavaScript, no CDN and no font from elsewhere.
Specs are plain dicts (altair would build the same dicts at a higher import cost). Numbers on the
axes follow the page's language: decimal comma and thousands dot in Vietnamese.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from cltrack.i18n import Lang

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
    "aria": False,  # the page gives each chart its own text alternative; Vega's would be English and per mark
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
    last_year = max(deadline, first_year)
    x = {"field": "year", "type": "quantitative", "title": None,
         "scale": {"domain": [{"expr": "first - 0.3"}, {"expr": "last + 0.3"}], "nice": False},
         "axis": {"format": "d", "tickMinStep": 1, "values": {"expr": "sequence(first, last + 1)"}}}
    params: dict[str, float] = {"first": first_year, "last": last_year}
    values = [p.value for p in points] + [v for p in points for v in (p.low, p.high) if v is not None]
    values += [target] if target is not None else []
    y_scale: dict[str, Any] = {"zero": bool(values) and min(values) >= 0 and not percent}
    if percent and values:
        lo, hi = min(values), max(values)
        pad = max((hi - lo) * 0.15, 0.2)
        params |= {"lo": max(0.0, lo - pad), "hi": min(100.0, hi + pad) if hi <= 100 else hi + pad}
        y_scale = {"domain": [{"expr": "lo"}, {"expr": "hi"}], "nice": True}
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
        layers.append({"data": {"name": "target"}, "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#c53030", "strokeWidth": 2},
                       "encoding": {"y": {"field": "value", "type": "quantitative"}}})
    layers.append({"data": {"name": "deadline"}, "mark": {"type": "rule", "strokeDash": [2, 3], "color": "#444", "strokeWidth": 1.5},
                   "encoding": {"x": {"field": "year", "type": "quantitative"}}})
    datasets = {"points": data, "deadline": [{"year": deadline}]} | ({"target": [{"value": target}]} if target is not None else {})
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": WIDTH, "height": HEIGHT,
            "params": [{"name": k, "value": v} for k, v in params.items()], "datasets": datasets,
            "data": {"name": "points"}, "layer": layers, "config": CONFIG}


def attainment_spec(rows: Sequence[tuple[str, float, str, str]]) -> dict[str, Any]:
    """Attainment (%) per target as horizontal bars coloured by status and marked with its symbol, a rule at 100%."""
    data = [{"target": t, "attainment": a, "status": s, "word": w} for t, a, s, w in rows]
    y = {"field": "target", "type": "nominal", "sort": None, "title": None}
    x = {"field": "attainment", "type": "quantitative", "title": None, "axis": {"format": ",.0f"},
         "scale": {"domain": [0, {"expr": "top"}]}}
    colour = {"field": "status", "type": "nominal", "legend": None,
              "scale": {"domain": list(STATUS_COLOUR), "range": list(STATUS_COLOUR.values())}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH, "height": {"step": 22}, "config": CONFIG,
        "params": [{"name": "top", "value": max([120.0] + [a for _, a, _, _ in rows]) * 1.25}],
        "datasets": {"bars": data, "hundred": [{"attainment": 100}]}, "data": {"name": "bars"},
        "layer": [
            {"mark": {"type": "bar"}, "encoding": {"y": y, "x": x, "color": colour}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
             "encoding": {"y": y, "x": x, "text": {"field": "word"}}},
            {"data": {"name": "hundred"}, "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#222"},
             "encoding": {"x": {"field": "attainment", "type": "quantitative"}}},
        ],
    }


def to_svgs(spec: dict[str, Any], langs: Sequence[Lang]) -> list[str]:
    """One spec as SVG strings, one per language; drawn once, nothing fetched from anywhere.

    The languages differ only in how numbers on the axes are written, and the two d3-format
    locales differ only in their two separators, so the first language's SVG is drawn and the
    others get the same drawing with the separators of each numeric label swapped.
    """
    import vl_convert as vlc

    svg: str = vlc.vega_to_svg(to_vega(spec), format_locale=LOCALES[langs[0]], allowed_base_urls=[])
    svg = svg[svg.index("<svg"):] if "<svg" in svg else svg
    return [svg if lang == langs[0] else relocalise(svg, langs[0], lang) for lang in langs]


_COMPILED: dict[str, dict[str, Any]] = {}  # Vega spec of each chart shape (a spec without its datasets and param values)


def to_vega(spec: dict[str, Any]) -> dict[str, Any]:
    """The Vega spec of a Vega-Lite spec: compiled once per shape, then given this spec's datasets and params.

    Vega-Lite's compiler does not read the data: named datasets become Vega data sources holding
    their values and params become signals, so charts of one shape differ only there.
    """
    import copy

    import vl_convert as vlc

    shape = json.dumps({**spec, "datasets": sorted(spec.get("datasets", {})),
                        "params": [p["name"] for p in spec.get("params", [])]}, sort_keys=True)
    if shape not in _COMPILED:
        _COMPILED[shape] = vlc.vegalite_to_vega(spec)
    vega = copy.deepcopy(_COMPILED[shape])
    datasets, params = spec.get("datasets", {}), {p["name"]: p["value"] for p in spec.get("params", [])}
    for source in vega.get("data", []):
        if source.get("name") in datasets and "values" in source:
            source["values"] = copy.deepcopy(datasets[source["name"]])
    for signal in vega.get("signals", []):
        if signal.get("name") in params:
            signal["value"] = params[signal["name"]]
    return vega


NUMERIC_LABEL = re.compile(r"(<text[^>]*>)([−\-+]?[0-9][0-9.,]*%?)(</text>)")


def relocalise(svg: str, source: str, lang: Lang) -> str:
    """The SVG with every numeric text label written in `lang`'s separators instead of `source`'s."""
    (st, sd), (lt, ld) = ((LOCALES[x]["thousands"], LOCALES[x]["decimal"]) for x in (source, lang))
    table = str.maketrans({st: lt, sd: ld})
    return NUMERIC_LABEL.sub(lambda m: m[1] + m[2].translate(table) + m[3], svg)


class Renderer:
    """Charts converted in a helper process while this one evaluates and writes the rest of the site.

    vl-convert holds the GIL while it draws, so a thread would only take turns with the evaluation;
    one process (spawned: no copy of this process's pandas state) draws in parallel on a second core.
    """

    def __init__(self, langs: Sequence[Lang]) -> None:
        import multiprocessing

        self.langs = tuple(langs)
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        self.futures: dict[str, Future[list[str]]] = {}

    def submit(self, key: str, spec: Callable[[], dict[str, Any]]) -> str:
        """Start converting the spec (made by `spec()`) under `key`, once whatever the language; the key."""
        if key not in self.futures:
            self.futures[key] = self.pool.submit(to_svgs, spec(), self.langs)
        return key

    def svg(self, key: str, lang: Lang) -> str:
        """The finished SVG of `key` in `lang` (waits for it)."""
        return self.futures[key].result()[self.langs.index(lang)]

    def close(self) -> None:
        """Stop the helper process (pending conversions are dropped)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
