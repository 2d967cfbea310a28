"""Bilingual labels for everything a person reads (Vietnamese first, English second)."""

from __future__ import annotations

import os

LANGS: tuple[str, ...] = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {
    "status.met": ("đạt", "met"),
    "status.on_track": ("đúng tiến độ", "on track"),
    "status.off_track": ("chậm tiến độ", "off track"),
    "status.shortfall": ("không đạt", "shortfall"),
    "status.no_data": ("không có số liệu", "no data"),
    "objective.1": ("Mục tiêu 1", "Objective 1"),
    "objective.2": ("Mục tiêu 2", "Objective 2"),
    "objective.3": ("Mục tiêu 3", "Objective 3"),
    "objective.O2030": ("Định hướng đến năm 2030", "Orientation to 2030"),
    "objective.R": ("Yêu cầu", "Requirements"),
    "level.commune": ("xã", "commune"),
    "level.district": ("huyện", "district"),
    "level.province": ("tỉnh", "province"),
    "level.plan": ("toàn địa bàn kế hoạch", "whole plan area"),
    "level.sector": ("ngành", "sector"),
    "severity.error": ("lỗi", "error"),
    "severity.warning": ("cảnh báo", "warning"),
    "severity.info": ("thông tin", "info"),
    "period.annual": ("hằng năm", "annual"),
    "period.six-monthly": ("6 tháng", "six-monthly"),
    "unit.percent": ("%", "%"),
    "unit.count": ("số lượng", "count"),
    # evaluate / explain (issue 5)
    "eval.id": ("Mã", "ID"),
    "eval.short": ("Mục tiêu", "Target"),
    "eval.unit": ("Đơn vị", "Unit"),
    "eval.target": ("Chỉ tiêu", "Target value"),
    "eval.actual": ("Thực hiện", "Actual"),
    "eval.attainment": ("Mức đạt", "Attainment"),
    "eval.status": ("Đánh giá", "Status"),
    "eval.gap": ("Còn thiếu", "Gap"),
    "eval.gap_count": ("Thiếu (người)", "Gap (people)"),
    "eval.reporting": ("Đơn vị báo cáo", "Units reporting"),
    "eval.numerator": ("Tử số", "Numerator"),
    "eval.denominator": ("Mẫu số", "Denominator"),
    "eval.sentence": ("Nội dung mục tiêu", "Target sentence"),
    "eval.deadline": ("Năm hạn", "Deadline"),
    "eval.expected": ("Giá trị kỳ vọng", "Expected value"),
    "eval.baseline": ("Giá trị cơ sở", "Baseline"),
    "eval.approximate": ("ước lượng (chia tách ĐVHC)", "approximate (split units)"),
    "eval.not_significant": ("chưa có ý nghĩa thống kê", "not significant"),
    "eval.ci": ("KTC 95%", "95% CI"),
    "eval.title": ("Đánh giá thực hiện kế hoạch", "Plan evaluation"),
    "eval.year": ("Năm", "Year"),
    "eval.level": ("Cấp", "Level"),
    "eval.completeness": ("Số liệu: {reporting}/{expected} xã có báo cáo ({pct}); {read} dòng đọc, {used} dòng dùng, {left} dòng bỏ qua", "Data: {reporting}/{expected} communes reporting ({pct}); {read} rows read, {used} used, {left} left out"),
    "eval.findings": ("{n} phát hiện ({errors} lỗi, {warnings} cảnh báo): chạy `cltrack validate` để xem chi tiết", "{n} findings ({errors} errors, {warnings} warnings): run `cltrack validate` for details"),
    "eval.no_findings": ("Không có phát hiện nào về số liệu", "No findings about the data"),
    "eval.flagged": ("{n} mục tiêu cần chú ý (chậm tiến độ hoặc không đạt)", "{n} results flagged (off track or shortfall)"),
    "eval.survey_note": ("tính từ số liệu điều tra", "from survey microdata"),
    "sheet.summary": ("Tổng hợp", "Summary"),
    "sheet.by_unit": ("Theo đơn vị", "By unit"),
    "sheet.shortfalls": ("Chưa đạt", "Shortfalls"),
    "sheet.findings": ("Phát hiện", "Findings"),
    "sheet.chart": ("Biểu đồ", "Chart"),
    "sheet.provenance": ("Nguồn dữ liệu", "Provenance"),
    "prov.file": ("Tệp", "File"),
    "prov.sha256": ("SHA-256", "SHA-256"),
    "prov.sheets": ("Trang tính", "Sheets"),
    "prov.rows_read": ("Dòng đọc", "Rows read"),
    "prov.rows_used": ("Dòng dùng", "Rows used"),
    "prov.rows_left_out": ("Dòng bỏ qua", "Rows left out"),
    "prov.plan_file": ("Tệp kế hoạch", "Plan file"),
    "prov.version": ("Phiên bản cltrack", "cltrack version"),
    "prov.time": ("Thời điểm chạy", "Time of run"),
    "prov.kind": ("Loại", "Kind"),
    "prov.report": ("báo cáo", "report"),
    "prov.survey": ("điều tra", "survey"),
    "find.severity": ("Mức độ", "Severity"),
    "find.code": ("Mã", "Code"),
    "find.where": ("Vị trí", "Where"),
    "find.message": ("Nội dung", "Message"),
    "find.hint": ("Cách sửa", "Fix"),
    "explain.formula": ("Công thức", "Formula"),
    "explain.used": ("Dòng số liệu được tính", "Rows used"),
    "explain.left_out": ("Dòng bỏ qua", "Rows left out"),
    "explain.reason": ("Lý do", "Reason"),
    "explain.sums": ("Tổng", "Sums"),
    "explain.not_reporting": ("Chưa báo cáo", "Not reporting"),
    "explain.file": ("Tệp", "File"),
    "explain.sheet": ("Trang", "Sheet"),
    "explain.row": ("Dòng", "Row"),
    "explain.value": ("Giá trị", "Value"),
    "explain.meets": ("Đạt ngưỡng", "Meets threshold"),
    "reason.blank-count": ("ô trống (không báo cáo): {detail}", "blank (not reported): {detail}"),
    "reason.detail-rows-used": ("đã dùng các dòng chi tiết hơn của cùng đơn vị", "finer rows of the same unit used instead"),
}


def default_lang() -> str:
    """The language from CLTRACK_LANG, else Vietnamese."""
    lang = os.environ.get("CLTRACK_LANG", "vi")
    return lang if lang in LANGS else "vi"


def label(key: str, lang: str, table: dict[str, tuple[str, str]] | None = None) -> str:
    """The label for `key` in `lang`; looks in `table` first, then the shared LABELS."""
    pair = (table or {}).get(key) or LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "vi" else pair[1]
