"""One target's page: its sentence, its path over the years with the chart, the anticipated-progress
verdict, and the latest year per district with each district's communes (drill-down)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from cltrack.i18n import LANGS, Lang
from cltrack.present import target_text
from cltrack.site import charts
from cltrack.site.parts import (
    L,
    num,
    only_target,
    path_points,
    result_row,
    status_html,
    value,
)

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.progress import Progress
    from cltrack.compute.rollup import RollupRow
    from cltrack.models import Result, Target
    from cltrack.site.model import PlanSite
    from cltrack.site.parts import Writer


def target_context(w: Writer, ps: PlanSite, t: Target, renderer: charts.Renderer) -> dict[str, Any]:
    """Everything the target page shows in `w`'s language (its chart handed to `renderer`)."""
    from cltrack.compute.rollup import Rollup
    from cltrack.export.evaluation import to_csv, to_json
    from cltrack.export.rollup import rollup_csv, rollup_json

    lang, plan = w.lang, ps.plan
    ctx: dict[str, Any] = {
        "title": f"{t.id} — {t.short.get(lang)}", "plan": {"id": plan.id, "name": plan.name.get(lang), "year": ps.latest.year if ps.latest else None},
        "target": {"id": t.id, "short": t.short.get(lang), "text_vi": t.text_vi, "text_en": t.text_en, "section": t.section,
                   "rule": target_text(t, lang), "deadline": t.deadline},
        "sources": [], "downloads": [], "chart": None, "years": [], "verdicts": [], "districts": [], "latest": None,
    }
    from cltrack.site.parts import provenance

    ctx["sources"] = provenance([ps])
    e, path = ps.latest, ps.path
    if e is None or path is None:
        return ctx
    rows = [row for row in path.rows if row.target == t.id]
    mine = [r for r in e.results if r.target == t.id]
    finer = [r for r in ps.districts + ps.communes if r.target == t.id]
    stem = f"{plan.id}/{t.id}"
    narrowed = only_target(e, mine + finer)
    sub = Rollup(plan=plan, years=path.years, level=path.level, rows=rows, findings=[], sources=path.sources)
    # a target's rows are the same in both languages: its JSON (finding messages in Vietnamese) and CSV are written once
    first_lang = lang == LANGS[0]  # the downloads are written once, with the first language
    json_link = w.file(f"{stem}.json", to_json(narrowed, lang)) if first_lang else f"../../{stem}.json"
    csv_link = w.file(f"{stem}.csv", to_csv(narrowed)) if first_lang else f"../../{stem}.csv"
    ctx["downloads"] = [("JSON", json_link), ("CSV", csv_link),
                        (L("site.path_json", lang), w.file(f"{stem}-path.json", rollup_json(sub, lang))),
                        (L("site.path_csv", lang), w.file(f"{stem}-path.csv", rollup_csv(sub, lang)))]
    ctx["latest"] = [result_row(r, t, lang) for r in mine]
    ctx["years"] = year_rows(ps, t, rows, lang)
    ctx["verdicts"] = [verdict(row.unit, row.progress, t.percent, lang) for row in rows]
    points = path_points(rows, ps.by_year, t.id)
    if points:
        first = min([p.year for p in points] + ([t.baseline.year] if t.baseline else []))
        described = "; ".join(f"{p.year} {value(p.value, t.percent, lang)}" for p in points)
        alt = L("site.alt_path", lang, target=f"{t.id} {t.short.get(lang)}", values=described, rule=target_text(t, lang), deadline=t.deadline)

        ctx["chart"] = {"caption": L("site.chart_path", lang), "alt": alt, "legend": L("site.chart_legend", lang, deadline=t.deadline)}
        ctx["_charts"] = {"chart": renderer.submit(stem, lambda: charts.path_spec(
            points, target=t.value, deadline=t.deadline, percent=t.percent, first_year=first))}
    ctx["districts"] = drill_down(ps, t, lang)
    return ctx


def year_rows(ps: PlanSite, t: Target, rows: list[RollupRow], lang: Lang) -> list[dict[str, Any]]:
    """A table row per unit and year of the path: value, status, CI, units reporting."""
    results = {(r.unit, ev.year): r for ev in ps.by_year for r in ev.results if r.target == t.id}
    out = []
    for row in rows:
        for y in sorted(row.values):
            r: Result | None = results.get((row.unit, y))
            out.append(dict(result_row(r, t, lang), year=y) if r is not None else
                        {"year": y, "unit": row.unit, "actual": "—", "ci": "", "status": status_html("no_data", lang),
                         "coverage": "—", "attainment": "—", "numerator": "—", "denominator": "—", "gap_count": "—"})
    return out


def verdict(unit: str, p: Progress, percent: bool, lang: Lang) -> dict[str, Any]:
    """The anticipated-progress verdict in words, and the figures it rests on in `lang`'s number format."""
    from cltrack.compute.progress import REASONS, VERDICT_TEXT

    def rate(x: float | None) -> str:
        return "—" if x is None or not math.isfinite(x) else f"{num(100 * x, lang, 2)}%"

    words = VERDICT_TEXT[p.verdict].get(lang) if p.verdict in VERDICT_TEXT else p.verdict
    if p.verdict == "not_available" and p.reason in REASONS:
        words += f" ({REASONS[p.reason].get(lang)})"
    figures = [
        (L("site.base", lang), f"{value(p.base_value, percent, lang)} ({p.base_year})" if p.base_year else "—"),
        (L("site.latest", lang), f"{value(p.current_value, percent, lang)} ({p.current_year})" if p.current_year else "—"),
        (L("site.cagr_o", lang), rate(p.cagr_observed)),
        (L("site.cagr_r", lang), rate(p.cagr_required)),
        (L("site.ratio", lang), num(p.ratio, lang, 2) if p.method == "target" else "—"),
        (L("site.projected", lang), f"{value(p.projected, percent, lang)} ({p.deadline})" if p.projected is not None else "—"),
    ]
    return {"unit": unit, "verdict": p.verdict, "words": words, "figures": figures}


def drill_down(ps: PlanSite, t: Target, lang: Lang) -> list[dict[str, Any]]:
    """Each district's result of the latest year with its communes' results (pooled sums at both levels)."""
    e = ps.latest
    assert e is not None
    districts = [r for r in ps.districts if r.target == t.id]
    if not districts and e.level == "district":
        districts = [r for r in e.results if r.target == t.id]
    communes: dict[str, list[Result]] = {}
    for r in ps.communes:
        if r.target == t.id:
            communes.setdefault(ps.district_of.get(r.unit_code or "", ""), []).append(r)
    return [dict(result_row(d, t, lang), anchor=f"d-{d.unit_code or i}",
                 communes=[result_row(c, t, lang) for c in communes.get(d.unit_code or "", [])])
            for i, d in enumerate(districts)]
