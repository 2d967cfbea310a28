"""What the site's index, plan and target pages share: the site's labels, figures said in one language
(numbers, values, statuses, a result's table row), the provenance list, and the writer of one
language's pages and files.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack import __version__
from cltrack.export import CSV_ENCODING
from cltrack.i18n import Lang, date, label
from cltrack.present import STATUS_SYMBOL, number, percent_text, value_text
from cltrack.site import charts

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.rollup import RollupRow
    from cltrack.models import Result, Target
    from cltrack.site.model import PlanSite

CSS_FILE = "site.css"


LABELS: dict[str, tuple[str, str]] = {
    "site.title": ("Tiến độ thực hiện các kế hoạch phòng ngừa, giảm thiểu lao động trẻ em", "Progress of the plans against child labour"),
    "site.plans": ("Các kế hoạch", "Plans"),
    "site.home": ("Trang chủ", "Home"),
    "site.switch": ("English", "Tiếng Việt"),
    "site.year": ("Năm số liệu", "Data year"),
    "site.targets": ("Mục tiêu", "Targets"),
    "site.no_data": ("Chưa có tệp số liệu nào cho kế hoạch này.", "No data files were given for this plan."),
    "site.no_targets": ("Văn bản này không đặt mục tiêu định lượng nào.", "This document sets no numeric target."),
    "site.coverage": ("Độ bao phủ", "Coverage"),
    "site.download": ("Tải số liệu", "Download the data"),
    "site.excel": ("Báo cáo Excel", "Excel report"),
    "site.path_csv": ("Diễn biến qua các năm (CSV)", "Path over the years (CSV)"),
    "site.path_json": ("Diễn biến qua các năm (JSON)", "Path over the years (JSON)"),
    "site.chart_attainment": ("Mức đạt so với chỉ tiêu (%), năm {year}", "Attainment of each target (%), {year}"),
    "site.chart_path": ("Diễn biến qua các năm", "Path over the years"),
    "site.chart_legend": ("Đường liền: thực hiện; đường đứt đỏ: chỉ tiêu; đường chấm dọc: năm hạn {deadline}; vạch đứng: khoảng tin cậy 95% của số liệu điều tra.",
                          "Solid line: actual; red dashed line: the target; dotted vertical line: the deadline {deadline}; vertical bars: the survey's 95% confidence interval."),
    "site.alt_path": ("{target}: {values}. Chỉ tiêu {rule}, hạn năm {deadline}.", "{target}: {values}. Target {rule} by {deadline}."),
    "site.alt_attainment": ("Mức đạt năm {year}: {values}.", "Attainment in {year}: {values}."),
    "site.verdict": ("Dự báo khả năng đạt đến năm hạn", "Anticipated progress to the deadline"),
    "site.base": ("Giá trị gốc", "Base value"),
    "site.latest": ("Giá trị mới nhất", "Latest value"),
    "site.cagr_o": ("Tăng trưởng bình quân/năm", "Observed growth a year"),
    "site.cagr_r": ("Tăng trưởng cần/năm", "Growth needed a year"),
    "site.ratio": ("Tỷ số R", "Ratio R"),
    "site.projected": ("Dự kiến ở năm hạn", "Projected at the deadline"),
    "site.method": ("Phương pháp tiến độ dự kiến (Thống kê Canada, Eurostat, Open SDG): R = CAGR thực tế / CAGR cần thiết; đúng hướng khi R ≥ 0,95, vừa phải 0,6-0,95, hạn chế 0-0,6, đi lùi khi R < 0.",
                    "Anticipated-progress method (Statistics Canada, Eurostat, Open SDG): R = observed CAGR / required CAGR; on track when R ≥ 0.95, moderate 0.6-0.95, limited 0-0.6, regressing when R < 0."),
    "site.by_unit": ("Theo huyện và xã, năm {year}", "By district and commune, {year}"),
    "site.pooled": ("Số huyện là tổng tử số và mẫu số của các xã (không lấy trung bình các tỷ lệ).",
                    "A district's figure is its communes' summed numerators over summed denominators (percentages are never averaged)."),
    "site.communes_of": ("Các xã của {district}", "Communes of {district}"),
    "site.communes": ("Xã", "Communes"),
    "site.district": ("Huyện", "District"),
    "site.survey_ci": ("Ước lượng từ số liệu điều tra, KTC 95% {low}–{high}", "Survey estimate, 95% CI {low}–{high}"),
    "site.status_title": ("Tình hình báo cáo năm {year} (tính đến {as_of})", "Reporting status for {year} (as of {as_of})"),
    "site.status_level": ("Cấp", "Level"),
    "site.expected": ("Phải báo cáo", "Expected"),
    "site.received": ("Đã nhận", "Received"),
    "site.on_time": ("Đúng hạn", "On time"),
    "site.late": ("Muộn", "Late"),
    "site.missing": ("Chưa nhận", "Missing"),
    "site.rate": ("Tỷ lệ báo cáo", "Reporting rate"),
    "site.missing_units": ("Đơn vị chưa báo cáo", "Units that have not reported"),
    "site.dates_from": ("Ngày nhận báo cáo lấy theo: {source}", "Dates reports came taken from: {source}"),
    "site.findings": ("Phát hiện về số liệu", "Findings about the data"),
    "site.findings_count": ("{n} phát hiện: {errors} lỗi, {warnings} cảnh báo, {infos} thông tin", "{n} findings: {errors} errors, {warnings} warnings, {infos} info"),
    "site.findings_more": ("Trang này liệt kê {shown}/{n} phát hiện; tất cả có trong tệp JSON và báo cáo Excel.",
                           "This page lists {shown} of {n} findings; all are in the JSON file and the Excel report."),
    "site.rows": ("{read} dòng đọc, {used} dòng dùng, {left} dòng bỏ qua", "{read} rows read, {used} used, {left} left out"),
    "site.provenance": ("Nguồn dữ liệu", "Provenance"),
    "site.built": ("Tạo bởi cltrack {version} lúc {time}", "Built by cltrack {version} at {time}"),
    "site.sentence": ("Nội dung trong văn bản", "Text of the plan"),
    "site.translation": ("Bản dịch", "Translation"),
    "site.section": ("Mục", "Section"),
    "site.values_table": ("Số liệu của biểu đồ", "Figures of the chart"),
    "site.none": ("—", "—"),
}


def L(key: str, lang: Lang, **args: object) -> str:
    """A label of the site (or a shared one) in `lang`, filled with `args`."""
    text = label(key, lang, LABELS)
    return text.format(**args) if args else text


def num(x: float | None, lang: Lang, decimals: int = 2) -> str:
    """A number as its readers write it: 1.234,56 in Vietnamese, 1,234.56 in English; '—' when unknown."""
    return "—" if x is None or not math.isfinite(x) else number(x, decimals, lang)


def value(x: float | None, percent: bool, lang: Lang) -> str:
    """A target's value: percentages with 2 decimals and %, counts whole."""
    if x is None or not math.isfinite(x):
        return "—"
    return percent_text(x, 2, lang) if percent else value_text(x, lang)


@functools.lru_cache(maxsize=64)
def status_html(status: str, lang: Lang) -> dict[str, str]:
    """Class, symbol and word of a status: colour is never alone."""
    return {"cls": f"s-{status}", "sym": STATUS_SYMBOL.get(status, ""), "word": L(f"status.{status}", lang)}


def coverage(r: Result) -> float | None:
    """Percent of the expected units that report (the result's own figure when it has one)."""
    given = getattr(r, "coverage_pct", None)
    if given is not None:
        return float(given)
    return 100.0 * r.units_reporting / r.units_expected if r.units_expected else None


def result_row(r: Result, t: Target, lang: Lang) -> dict[str, Any]:
    """A result as the cells of a table row in `lang`."""
    ci = (L("site.survey_ci", lang, low=value(r.ci_low, True, lang), high=value(r.ci_high, True, lang))
          if r.ci_low is not None and r.ci_high is not None else "")
    cov = coverage(r)
    return {
        "id": r.target, "unit": r.unit, "unit_code": r.unit_code or "",
        "actual": value(r.actual, t.percent, lang), "ci": ci, "status": status_html(r.status, lang),
        "attainment": f"{num(r.attainment_pct, lang, 1)}%" if r.attainment_pct is not None else "—",
        "coverage": f"{r.units_reporting}/{r.units_expected} ({num(cov, lang, 0)}%)" if cov is not None else "—",
        "numerator": num(r.numerator, lang, 0 if r.source != "survey" else 1),
        "denominator": num(r.denominator, lang, 0 if r.source != "survey" else 1),
        "gap_count": num(r.gap_count, lang, 0) if r.gap_count is not None else "—",
    }


class Writer:
    """Writes the pages and data files of one language into the site folder, remembering every file."""

    def __init__(self, root: Path, lang: Lang, built_at: str) -> None:
        import jinja2

        self.root, self.lang, self.built_at = root, lang, built_at
        self.prefix = "" if lang == "vi" else "en/"
        self.written: list[Path] = []
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("cltrack.site", "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        self.env.globals.update(L=lambda key, **a: L(key, lang, **a), lang=lang, version=__version__)
        self.css = (Path(__file__).parent / "templates" / CSS_FILE).read_text(encoding="utf-8")
        self.css_hash = "sha256-" + __import__("base64").b64encode(hashlib.sha256(self.css.encode()).digest()).decode()

    def file(self, rel: str, content: str | bytes | Callable[[Path], None]) -> str:
        """Write `content` (or let a writer function write) at `rel` under this language's folder; the name for links."""
        path = self.root / self.prefix / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=CSV_ENCODING if rel.endswith(".csv") else "utf-8")
        self.written.append(path)
        return rel.rsplit("/", 1)[-1]

    def page(self, rel: str, template: str, **ctx: Any) -> None:
        """Render `template` to `rel`, with links to the site root, the other language and the stylesheet."""
        depth = rel.count("/")
        up = "../" * depth
        other = up + "en/" + rel if self.lang == "vi" else "../" * (depth + 1) + rel
        html = self.env.get_template(template).render(
            up=up, switch=other, css=self.css, css_hash=self.css_hash, built=date(self.built_at, self.lang), **ctx)
        self.file(rel, html)


def provenance(plans: Sequence[PlanSite]) -> list[dict[str, str]]:
    """Plan files and input files with their SHA-256, each once."""
    out: dict[str, dict[str, str]] = {}
    for ps in plans:
        for path, digest in ps.inputs:
            out.setdefault(path, {"path": path, "sha256": digest})
    return list(out.values())


def only_target(e: Evaluation, results: list[Result]) -> Evaluation:
    """The evaluation with only these results (the same report object, narrowed to one target)."""
    return dataclasses.replace(e, results=results, unit_results=[])


def path_points(rows: Sequence[RollupRow], by_year: Sequence[Evaluation], target_id: str) -> list[charts.Point]:
    """The known values of a target's path, with the CI of survey estimates, one series per unit."""
    cis = {(r.unit, ev.year): (r.ci_low, r.ci_high) for ev in by_year for r in ev.results if r.target == target_id}
    many = len(rows) > 1
    return [charts.Point(y, v, *cis.get((row.unit, y), (None, None)), series=row.unit if many else "")
            for row in rows for y, v in row.values.items() if v is not None and math.isfinite(v)]

