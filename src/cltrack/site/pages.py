"""The pages of the progress site: figures turned into words and numbers of one language, then jinja2 templates.

Vietnamese pages sit at the top of the folder, English ones under `en/`, the same tree; each page
links to itself in the other language. Downloads beside each page come from the existing writers
(`export.evaluation.to_json / to_csv / write_xlsx`, `export.rollup.rollup_json / rollup_csv`), so
the site shows the very report `cltrack evaluate --format json` prints.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.i18n import LANGS, Lang, date, label
from cltrack.present import (
    STATUS_SYMBOL,
    target_text,
)
from cltrack.site import charts
from cltrack.site.parts import (
    L,
    Writer,
    num,
    provenance,
    result_row,
    status_html,
)

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation
    from cltrack.site.model import PlanSite, Site

MAX_FINDINGS = 300  # findings listed on a page; all of them are in its JSON and Excel downloads


class SiteWriter:
    """Writes a site plan by plan: data files at once, charts rendering in the background meanwhile, pages last."""

    def __init__(self, root: Path, built_at: str) -> None:
        self.writers = [Writer(root, lang, built_at) for lang in LANGS]
        self.charts = charts.Renderer(LANGS)
        self.slots: list[tuple[Writer, str, str, dict[str, Any]]] = []  # (writer, rel, template, ctx) rendered at the end

    def add(self, ps: PlanSite) -> None:
        """The plan's page and its target pages in both languages (their charts start rendering now)."""
        from cltrack.site.target_page import target_context

        for w in self.writers:
            self.slots.append((w, f"{ps.plan.id}/index.html", "plan.html", plan_context(w, ps, self.charts)))
            self.slots.extend((w, f"{ps.plan.id}/{t.id}.html", "target.html", target_context(w, ps, t, self.charts))
                              for t in ps.plan.targets)

    def finish(self, site: Site) -> list[Path]:
        """The index pages, then every page with its finished charts; the files written."""
        try:
            for w in self.writers:
                self.slots.append((w, "index.html", "index.html", index_context(w, site)))
            for w, rel, template, ctx in self.slots:
                for key, chart_key in ctx.pop("_charts", {}).items():
                    ctx[key]["svg"] = self.charts.svg(chart_key, w.lang)
                w.page(rel, template, **ctx)
        finally:
            self.charts.close()
        return [p for w in self.writers for p in w.written]


def index_context(w: Writer, site: Site) -> dict[str, Any]:
    """The index page: every plan with its year and the count of each status, and the downloads."""
    from cltrack.export.evaluation import to_csv, to_json

    evaluated = [ps.latest for ps in site.plans if ps.latest is not None]
    docs = [json.loads(to_json(e, w.lang)) for e in evaluated]
    csv_text = "".join(text if i == 0 else text.split("\n", 1)[1] for i, text in enumerate(to_csv(e) for e in evaluated))
    downloads = [("JSON", w.file("plans.json", json.dumps(docs, ensure_ascii=False, indent=2))),
                 ("CSV", w.file("plans.csv", csv_text))] if evaluated else []
    rows = []
    for ps in site.plans:
        e = ps.latest
        counts: dict[str, int] = {}
        for r in (e.results if e else []):
            counts[r.status] = counts.get(r.status, 0) + 1
        rows.append({"id": ps.plan.id, "name": ps.plan.name.get(w.lang), "level": label(f"level.{ps.plan.level}", w.lang),
                     "period": f"{ps.plan.period[0]}–{ps.plan.period[1]}", "year": e.year if e else "—",
                     "targets": len(ps.plan.targets),
                     "statuses": [dict(status_html(s, w.lang), n=n) for s, n in sorted(counts.items(), key=lambda kv: list(STATUS_SYMBOL).index(kv[0]) if kv[0] in STATUS_SYMBOL else 99)]})
    return {"title": L("site.title", w.lang), "rows": rows, "downloads": downloads, "sources": provenance(site.plans)}


def plan_context(w: Writer, ps: PlanSite, renderer: charts.Renderer) -> dict[str, Any]:
    """The plan page: every target's status, coverage and attainment, the chart, reporting status, findings."""
    from cltrack.export.evaluation import to_csv, to_json, write_xlsx

    lang, plan, e = w.lang, ps.plan, ps.latest
    ctx: dict[str, Any] = {"title": plan.name.get(lang), "plan": plan_head(ps, lang), "sources": provenance([ps]),
                           "rows": [], "downloads": [], "chart": None, "reporting": None, "findings": None}
    if e is None:
        ctx["rows"] = [{"id": t.id, "short": t.short.get(lang), "href": f"{t.id}.html"} for t in plan.targets]
        return ctx
    pid = plan.id
    ctx["downloads"] = [("JSON", w.file(f"{pid}/{pid}.json", to_json(e, lang))), ("CSV", w.file(f"{pid}/{pid}.csv", to_csv(e))),
                        (L("site.excel", lang), w.file(f"{pid}/{pid}.xlsx", lambda p: write_xlsx(e, p, lang, unit_results=e.unit_results)))]
    targets = {t.id: t for t in plan.targets}
    ctx["rows"] = [dict(result_row(r, targets[r.target], lang), href=f"{r.target}.html", short=targets[r.target].short.get(lang),
                        rule=target_text(targets[r.target], lang)) for r in e.results if r.target in targets]
    shown = [r for r in e.results if r.attainment_pct is not None and r.target in targets]
    if shown:
        alt = L("site.alt_attainment", lang, year=e.year, values="; ".join(
            f"{r.target} {num(r.attainment_pct, lang, 1)}% ({status_html(r.status, lang)['word']})" for r in shown))
        bars = [(r.target, float(r.attainment_pct or 0.0), r.status, STATUS_SYMBOL.get(r.status, "")) for r in shown]
        ctx["chart"] = {"caption": L("site.chart_attainment", lang, year=e.year), "alt": alt}
        ctx["_charts"] = {"chart": renderer.submit(pid, lambda: charts.attainment_spec(bars))}
    ctx["reporting"] = status_context(ps, lang)
    ctx["findings"] = findings_context(e, lang)
    return ctx


def plan_head(ps: PlanSite, lang: Lang) -> dict[str, Any]:
    """Name, issuer, level, period and year of a plan for a page heading."""
    e = ps.latest
    return {"id": ps.plan.id, "name": ps.plan.name.get(lang), "issuer": ps.plan.issuer,
            "level": label(f"level.{ps.plan.level}", lang), "period": f"{ps.plan.period[0]}–{ps.plan.period[1]}",
            "year": e.year if e else None,
            "rows": L("site.rows", lang, read=num(e.rows_read, lang, 0), used=num(e.rows_used, lang, 0), left=num(e.rows_left_out, lang, 0)) if e else ""}


def status_context(ps: PlanSite, lang: Lang) -> dict[str, Any] | None:
    """Reporting rates per level and the units missing, for the year shown."""
    st = ps.status
    if st is None:
        return {"error": ps.status_error.get(lang)} if ps.status_error else None
    levels = [{"level": label(f"level.{lv.level}", lang), "expected": lv.expected, "received": lv.received,
               "on_time": lv.on_time, "late": lv.late, "missing": lv.missing,
               "rate": f"{num(lv.reporting_rate, lang, 1)}%" if lv.reporting_rate is not None else "—"} for lv in st.levels]
    missing = [f"{r.unit} ({label(f'level.{r.level}', lang)})" for r in st.reports if r.state == "missing"]
    return {"title": L("site.status_title", lang, year=", ".join(map(str, st.years)), as_of=date(st.as_of, lang)),
            "levels": levels, "missing": missing, "dates": L("site.dates_from", lang, source=st.date_source), "error": None}


def findings_context(e: Evaluation, lang: Lang) -> dict[str, Any]:
    """The findings of the data (capped on the page; all of them in the downloads)."""
    from cltrack.findings import count_by_severity, hint, location, message

    counts = count_by_severity(e.findings)
    shown = e.findings[:MAX_FINDINGS]
    rows = [{"severity": label(f"severity.{f.severity}", lang), "sev": f.severity, "code": f.code, "where": location(f),
             "message": message(f, lang), "hint": hint(f, lang)} for f in shown]
    n = len(e.findings)
    return {"summary": L("site.findings_count", lang, n=n, errors=counts.get("error", 0), warnings=counts.get("warning", 0), infos=counts.get("info", 0)),
            "rows": rows, "more": L("site.findings_more", lang, shown=len(shown), n=n) if n > len(shown) else ""}


