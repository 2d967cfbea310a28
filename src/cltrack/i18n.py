"""Bilingual labels for everything a person reads (Vietnamese first, English second)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal

Lang = Literal["vi", "en"]  # the languages of every label and message, Vietnamese first
LANGS: tuple[Lang, ...] = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {
    "status.met": ("đạt", "met"),
    "status.on_track": ("đúng tiến độ", "on track"),
    "status.off_track": ("chậm tiến độ", "off track"),
    "status.shortfall": ("không đạt", "shortfall"),
    "status.insufficient_data": ("chưa đủ số liệu", "insufficient data"),
    "status.no_data": ("không có số liệu", "no data"),
    "objective.1": ("Mục tiêu 1", "Objective 1"),
    "objective.2": ("Mục tiêu 2", "Objective 2"),
    "objective.3": ("Mục tiêu 3", "Objective 3"),
    "objective.O2030": ("Định hướng đến năm 2030", "Orientation to 2030"),
    "objective.R": ("Yêu cầu", "Requirements"),
    "level.national": ("toàn quốc", "national"),
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
    "row_reason.title-row": ("dòng tiêu đề", "title line"),
    "row_reason.blank-row": ("dòng trống", "blank row"),
    "row_reason.header-row": ("dòng tên cột", "header row"),
    "row_reason.numbering-row": ("dòng đánh số cột", "column numbering row"),
    "row_reason.group-row": ("dòng nhóm", "group heading row"),
    "row_reason.no-figures": ("dòng không có số liệu", "a row with no figures"),
    "row_reason.note-row": ("dòng ghi chú/chữ ký", "note or signature line"),
    "row_reason.total-row": ("dòng tổng", "total row"),
    "row_reason.unknown-unit": ("không nhận ra đơn vị", "unknown unit"),
    "row_reason.unit-outside-plan": ("đơn vị ngoài địa bàn kế hoạch", "unit outside the plan's area"),
    "row_reason.part-exceeds-total": ("phần lớn hơn tổng", "a part larger than its whole"),
    "row_reason.duplicate-unit-year": ("đơn vị báo cáo hai lần trong năm", "the unit reported twice in the year"),
    "row_reason.duplicate-form": ("cùng số liệu đã có ở tệp khác", "the same figures as another file"),
    "row_reason.reform-overlap": ("trùng với đơn vị trước/sau sắp xếp", "overlaps a unit before or after the reform"),
    "row_reason.not-finite": ("ô không phải số hữu hạn", "a cell that is not a finite number"),
    "row_reason.beyond-exact-range": ("ô có hơn 15 chữ số", "a cell of more than 15 digits"),
    "row_reason.not-a-number": ("ô không phải là số", "a cell that is not a number"),
    "row_reason.ambiguous-dash": ("ô không rõ nghĩa", "an ambiguous cell"),
    "row_reason.negative-count": ("số âm", "a negative count"),
    "row_reason.year-conflict": ("năm mâu thuẫn", "conflicting years"),
    "sheet_state.hidden": ("bị ẩn", "hidden"),
    "sheet_state.very hidden": ("bị ẩn sâu (very hidden)", "very hidden"),
    "year_source.sheet": ("tên trang tính", "the sheet name"),
    "year_source.file": ("tên tệp", "the file name"),
    "year_source.title": ("dòng tiêu đề", "the title line"),
    "year_source.column": ("cột Năm", "the year column"),
    "year_source.--year": ("--year", "--year"),
    "single_psu.centre": ("lấy trung bình chung (centre)", "centre"),
    "single_psu.certainty": ("coi là chắc chắn (certainty)", "certainty"),
    "single_psu.fail": ("báo lỗi", "fail"),
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
    "eval.coverage": ("Độ bao phủ", "Coverage"),
    "eval.numerator": ("Tử số", "Numerator"),
    "eval.denominator": ("Mẫu số", "Denominator"),
    "eval.sentence": ("Nội dung mục tiêu", "Target sentence"),
    "eval.deadline": ("Năm hạn", "Deadline"),
    "eval.expected": ("Giá trị kỳ vọng", "Expected value"),
    "eval.baseline": ("Giá trị cơ sở", "Baseline"),
    "eval.baseline_year": ("Năm cơ sở", "Baseline year"),
    "eval.baseline_source": ("Nguồn giá trị cơ sở", "Baseline from"),
    "baseline.plan": ("kế hoạch", "plan"),
    "baseline.option": ("--baseline-year", "--baseline-year"),
    "baseline.data": ("số liệu", "data"),
    "baseline.none": ("chưa có năm trước", "no earlier year"),
    "shortfall.no_baseline": ("không đạt, và số liệu chưa có năm nào trước năm này để vạch lộ trình từ giá trị cơ sở",
                              "not met, and the data hold no earlier year to draw a path from a baseline"),
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
    "eval.insufficient": ("{n} mục tiêu chưa đủ số liệu (dưới {min}% đơn vị có báo cáo)", "{n} results with insufficient data (under {min}% of units reporting)"),
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
    # survey (issue 6)
    "survey.title": ("Tỷ lệ từ số liệu điều tra", "Rate from survey microdata"),
    "survey.measure.child_labour": ("Tỷ lệ lao động trẻ em 5-17 tuổi", "Child labour rate, ages 5-17"),
    "survey.measure.hazardous_work": ("Tỷ lệ trẻ 5-17 tuổi làm công việc nguy hiểm", "Share of children 5-17 in hazardous work"),
    "survey.measure.working": ("Tỷ lệ trẻ 5-17 tuổi có làm việc", "Share of children 5-17 working"),
    "survey.rules": ("Bộ quy tắc", "Rule set"),
    "survey.series": ("Chuỗi", "Series"),
    "survey.total": ("Tổng", "Total"),
    "survey.rate": ("Tỷ lệ (%)", "Rate (%)"),
    "survey.se": ("Sai số chuẩn", "SE"),
    "survey.ci": ("KTC 95%", "95% CI"),
    "survey.n": ("Số trẻ (n)", "Children (n)"),
    "survey.counted": ("Số trẻ LĐTE", "Counted"),
    "survey.numerator": ("Tử số (gia quyền)", "Numerator (weighted)"),
    "survey.denominator": ("Mẫu số (gia quyền)", "Denominator (weighted)"),
    "survey.rse": ("Sai số tương đối", "RSE"),
    "survey.reliable": ("Tin cậy", "Reliable"),
    "survey.unreliable": ("không tin cậy", "unreliable"),
    "survey.yes": ("có", "yes"),
    "survey.no": ("không", "no"),
    "survey.unreliable_note": ("* không tin cậy: n < {min_n} hoặc sai số tương đối > {max_rse}", "* unreliable: n < {min_n} or relative standard error > {max_rse}"),
    "survey.rule.n_rse": ("* không tin cậy: n < {min_n} hoặc sai số tương đối > {max_rse}", "* unreliable: n < {min_n} or relative standard error > {max_rse}"),
    "survey.rule.nchs": ("* không tin cậy theo tiêu chuẩn NCHS 2017 cho tỷ lệ: cỡ mẫu hiệu dụng < {neff}, hoặc KTC rộng ≥ {max_width} điểm %, hoặc rộng > {width} điểm % và > {rel}% của ước lượng", "* unreliable by the NCHS 2017 standards for proportions: effective n < {neff}, or a CI {max_width} points wide or more, or wider than {width} points and than {rel}% of the estimate"),
    "survey.ci_note": ("KTC: logit với bậc tự do của thiết kế (như svy: proportion của Stata); † Korn-Graubard (Clopper-Pearson trên cỡ mẫu hiệu dụng) khi tỷ lệ là 0% hoặc 100%", "CI: logit with the design's degrees of freedom (as Stata's svy: proportion); † Korn-Graubard (Clopper-Pearson on the effective sample size) at 0% or 100%"),
    "survey.excluded": ("Loại", "Excl."),
    "survey.excluded_pct": ("Trọng số bị loại (%)", "Excluded weight (%)"),
    "survey.n_effective": ("Cỡ mẫu hiệu dụng", "Effective n"),
    "survey.ci_method": ("Phương pháp KTC", "CI method"),
    "survey.why": ("Lý do", "Reason"),
    "survey.ci_method.logit": ("logit", "logit"),
    "survey.ci_method.korn-graubard": ("Korn-Graubard", "Korn-Graubard"),
    "survey.reason.one-psu": ("trong 1 PSU: không có SE", "one PSU: no SE"),
    "survey.reason.single-psu-stratum": ("tầng 1 PSU (fail): không có SE", "single-PSU stratum (fail): no SE"),
    "survey.reason.zero-weight": ("tổng trọng số bằng 0", "total weight is zero"),
    "survey.reason.all-excluded": ("mọi trẻ đều thiếu thông tin cần thiết", "every child lacks a value the rule needs"),
    "survey.reason.no-respondents": ("không có trẻ nào", "no respondents"),
    "survey.reason.no-estimate": ("không có ước lượng", "no estimate"),
    "survey.reason.effective-n": ("cỡ mẫu hiệu dụng nhỏ", "small effective sample"),
    "survey.reason.ci-width": ("KTC quá rộng", "CI too wide"),
    "survey.reason.relative-ci-width": ("KTC quá rộng so với ước lượng", "CI too wide for the estimate"),
    "survey.reason.rse": ("sai số tương đối lớn", "large relative SE"),
    "survey.reason.small-n": ("n nhỏ", "small n"),
    "survey.design": ("Thiết kế mẫu: {strata} tầng, {psus} PSU, bậc tự do {df}; KTC {ci}; tầng 1 PSU: {single_psu}; hiệu chỉnh tổng thể hữu hạn: {fpc}", "Design: {strata} strata, {psus} PSUs, {df} degrees of freedom; CI {ci}; single-PSU strata: {single_psu}; finite population correction: {fpc}"),
    "survey.rows": ("{read} dòng đọc, {used} dòng dùng, {left} dòng bỏ qua", "{read} rows read, {used} used, {left} left out"),
    "survey.findings": ("Phát hiện", "Findings"),
    "survey.by.province": ("Tỉnh", "Province"),
    "survey.by.district": ("Huyện", "District"),
    "survey.by.commune": ("Xã", "Commune"),
    "survey.by.age_group": ("Nhóm tuổi", "Age group"),
    "survey.by.sex": ("Giới tính", "Sex"),
    "survey.by.in_school": ("Đi học", "In school"),
    "survey.by.year": ("Năm", "Year"),
    "survey.by.province_code": ("Mã tỉnh", "Province code"),
    "survey.by.district_code": ("Mã huyện", "District code"),
    "survey.by.commune_code": ("Mã xã", "Commune code"),
    "survey.sex.male": ("nam", "male"),
    "survey.sex.female": ("nữ", "female"),
    "survey.in_school.True": ("đi học", "in school"),
    "survey.in_school.False": ("không đi học", "not in school"),
    "survey.unknown": ("(không rõ)", "(unknown)"),
    "sheet.estimates": ("Ước lượng", "Estimates"),
    "reason.blank-count": ("ô trống (không báo cáo): {detail}", "blank (not reported): {detail}"),
    # validate (issue 4)
    "validate.balance": ("{read} dòng đọc = {used} dòng dùng + {left} dòng bỏ qua", "{read} rows read = {used} used + {left} left out"),
    "validate.reasons": ("bỏ qua: {reasons}", "left out: {reasons}"),
    "validate.runs": ("dòng bỏ qua: {runs}", "rows left out: {runs}"),
    "validate.more_runs": ("… và {n} đoạn nữa (--all-rows để xem từng dòng)", "… and {n} more runs (--all-rows lists every row)"),
    "validate.row": ("dòng {row}: {reason}", "row {row}: {reason}"),
    "validate.total": ("Tổng {files} tệp", "Total of {files} files"),
    "validate.summary": ("{errors} lỗi, {warnings} cảnh báo, {infos} thông tin", "{errors} errors, {warnings} warnings, {infos} info"),
    "validate.fail": ("KHÔNG ĐẠT", "FAILED"),
    "validate.pass": ("ĐẠT", "PASSED"),
    "validate.strict": ("(--strict: cảnh báo cũng tính là lỗi)", "(--strict: warnings fail too)"),
    "validate.progress": ("Đang đọc", "Reading"),
    "reason.detail-rows-used": ("đã dùng các dòng chi tiết hơn của cùng đơn vị", "finer rows of the same unit used instead"),
}


def as_lang(value: object) -> Lang | None:
    """`value` as a Lang when it is one of LANGS, else None."""
    return "vi" if value == "vi" else "en" if value == "en" else None


def default_lang() -> Lang:
    """The language from CLTRACK_LANG, else Vietnamese."""
    return as_lang(os.environ.get("CLTRACK_LANG")) or "vi"


def label(key: str, lang: Lang, table: dict[str, tuple[str, str]] | None = None) -> str:
    """The label for `key` in `lang`; looks in `table` first, then the shared LABELS."""
    pair = (table or {}).get(key) or LABELS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "vi" else pair[1]


SEPARATORS: dict[Lang, tuple[str, str]] = {"vi": (".", ","), "en": (",", ".")}


def number(value: float | int | None, decimals: int = 2, lang: Lang = "en") -> str:
    """A number as `lang` writes it, with `decimals` places (whole numbers bare when decimals is 0); '' for blank."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = f"{round(value):,}" if decimals == 0 else f"{value:,.{decimals}f}"
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["en"])
    return text.translate(str.maketrans(",.", thousands + decimal))


def date(value: dt.date | str | None, lang: Lang = "en") -> str:
    """A date as `lang` writes it for a person: 15/11/2024 in Vietnamese, ISO 2024-11-15 in English (machine fields,
    JSON and CSV, keep ISO and never come here). A date-time adds its time, and its UTC offset when it has one; an ISO
    text is read first; '' for blank."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        if lang != "vi":
            return value  # already ISO
        text = value.replace("Z", "+00:00")
        value = dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.date.fromisoformat(text)
    if not isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()
    if value.tzinfo is None and value.time() == dt.time():  # a date cell of a spreadsheet: a date at midnight
        return date(value.date(), lang)
    if lang != "vi":
        return value.isoformat()
    offset = value.strftime("%z")
    zone = "" if not offset else " (UTC)" if offset == "+0000" else f" (UTC{offset[:3]}:{offset[3:]})"
    return value.strftime("%d/%m/%Y %H:%M:%S") + zone
