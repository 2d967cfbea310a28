"""The catalogue of finding codes, their severities and messages (vi/en), and helpers.

Every part of cltrack (plan lint, reading, validation, evaluation, survey, status) reports
problems as `Finding`s with a stable kebab-case code listed here. Messages are `str.format`
templates filled from the finding's `args`. Add codes; never rename one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cltrack import i18n
from cltrack.i18n import Lang, label
from cltrack.models import Finding, Text
from cltrack.safetext import MESSAGE_LIMIT, shown


@dataclass(frozen=True)
class Kind:
    """A kind of finding: default severity, message templates and a fix hint."""

    severity: str
    vi: str
    en: str
    hint_vi: str = ""
    hint_en: str = ""


def _k(severity: str, vi: str, en: str, hint_vi: str = "", hint_en: str = "") -> Kind:
    return Kind(severity, vi, en, hint_vi, hint_en)


E, W, I = "error", "warning", "info"  # noqa: E741

CATALOGUE: dict[str, Kind] = {
    # --- plan files (cltrack lint) ---
    "plan-yaml-syntax": _k(E, "Lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "plan-unknown-key": _k(E, "Khóa không hợp lệ '{key}' (cho phép: {allowed})", "unknown key '{key}' (allowed: {allowed})"),
    "plan-missing-key": _k(E, "Thiếu khóa bắt buộc '{key}'", "missing required key '{key}'"),
    "plan-wrong-type": _k(E, "'{key}' phải là {expected}, nhận được {got}", "'{key}' must be {expected}, got {got}"),
    "plan-bad-value": _k(E, "Giá trị không hợp lệ cho '{key}': {got} (cần {expected})", "invalid value for '{key}': {got} (expected {expected})"),
    "plan-unknown-element": _k(E, "Mã chỉ tiêu dữ liệu không tồn tại '{element}'", "unknown data-element code '{element}'", "Dùng mã trong data-elements.md hoặc khai báo trong 'elements' của kế hoạch", "Use a code from data-elements.md or declare it under the plan's 'elements'"),
    "plan-duplicate-target": _k(E, "Mã mục tiêu trùng lặp '{target}' (đã có ở dòng {first_line})", "duplicate target id '{target}' (first at line {first_line})"),
    "plan-bad-comparator": _k(E, "Phép so sánh '{got}' không hợp lệ (cho phép: >=, >, <=, <, ==)", "comparator '{got}' is not one of >=, >, <=, <, =="),
    "plan-ratio-without-denominator": _k(E, "Mục tiêu tỷ lệ '{target}' thiếu mẫu số", "ratio target '{target}' has no denominator"),
    "plan-deadline-outside-period": _k(E, "Năm hạn {deadline} của '{target}' nằm ngoài giai đoạn {start}-{end}", "deadline {deadline} of '{target}' is outside the period {start}-{end}"),
    "plan-bad-target-id": _k(E, "Mã mục tiêu '{target}' không theo quy ước M<mục tiêu>.<n>[a], O2030.<n>, R.<n>", "target id '{target}' does not follow M<objective>.<n>[a], O2030.<n>, R.<n>"),
    "plan-id-mismatch": _k(E, "Mã kế hoạch '{plan}' khác tên tệp '{stem}'", "plan id '{plan}' differs from the file name '{stem}'"),
    "plan-duplicate-key": _k(E, "Khóa '{key}' lặp lại (đã có ở dòng {first_line})", "duplicate key '{key}' (first at line {first_line})"),
    "plan-overrides-shipped": _k(I, "Kế hoạch '{plan}' của người dùng thay thế kế hoạch có sẵn", "user plan '{plan}' overrides the shipped plan"),
    # --- files and sheets ---
    "file-not-found": _k(E, "Không tìm thấy tệp", "file not found"),
    "unsupported-format": _k(E, "Định dạng tệp không hỗ trợ '{suffix}': nội dung là {content}", "unsupported file format '{suffix}': the file is {content}", "Dùng xlsx, xlsm, xlsb, xls, ods hoặc csv", "Use xlsx, xlsm, xlsb, xls, ods or csv"),
    "format-mismatch": _k(W, "Tên tệp có đuôi '{suffix}' nhưng nội dung là {content}; đã đọc theo nội dung", "the name ends in '{suffix}' but the file is {content}; read as what it is", "Lưu lại tệp với đuôi đúng định dạng", "Save the file again under the suffix of its format"),
    "file-not-read": _k(I, "Không đọc (không phải tệp báo cáo): {content}", "not read (not a report file): {content}", "cltrack đọc xlsx, xlsm, xlsb, xls, ods và csv", "cltrack reads xlsx, xlsm, xlsb, xls, ods and csv"),
    "hidden-files-not-read": _k(I, "{count} tệp ẩn (tên bắt đầu bằng '.') không đọc", "{count} hidden files (names starting with '.') not read"),
    "file-unreadable": _k(E, "Không đọc được tệp: {detail}", "cannot read the file: {detail}", "Kiểm tra đây là tệp báo cáo bạn mở được (quyền, liên kết), hoặc mở bằng Excel/LibreOffice và lưu lại", "Check that this is a report file you can open (permissions, links), or open it in Excel/LibreOffice and save it again"),
    "file-too-large": _k(E, "Tệp quá lớn để đọc an toàn: {detail}", "the file is too large to read safely: {detail}", "Xóa các ô thừa ở xa bảng số liệu, hoặc chia tệp; báo cáo thật nhỏ hơn nhiều", "Delete stray cells far from the table, or split the file; real reports are far smaller"),
    "sparse-sheet": _k(I, "Có ô ở tận {far}: trang tính được đọc thưa, bỏ qua {rows} hàng trống và {columns} cột trống ở giữa", "cells as far as {far}: the sheet is read sparsely, {rows} empty rows and {columns} empty columns between them skipped", "Xóa các ô thừa ở xa bảng số liệu", "Delete the stray cells far from the table"),
    "empty-workbook": _k(E, "Tệp không có dữ liệu", "the file holds no data"),
    "no-report-table": _k(W, "Trang tính không có bảng báo cáo (không nhận ra tiêu đề cột)", "the sheet holds no report table (no recognised headers)"),
    "sheet-not-found": _k(E, "Không có trang tính '{sheet_name}' (có: {available})", "no sheet named '{sheet_name}' (sheets: {available})"),
    "hidden-sheet": _k(I, "Trang tính {state}, không đọc", "{state} sheet, not read", "Dùng --include-hidden-sheets nếu cần đọc trang này", "Pass --include-hidden-sheets to read it"),
    "csv-encoding": _k(I, "Đọc CSV với mã hóa {encoding}, dấu phân cách '{delimiter}'", "read CSV as {encoding}, delimiter '{delimiter}'"),
    # --- layout ---
    "title-row": _k(I, "Dòng tiêu đề bỏ qua: {text}", "title line skipped: {text}"),
    "note-row": _k(I, "Dòng ghi chú/chữ ký bỏ qua: {text}", "note or signature line skipped: {text}"),
    "numbering-row": _k(I, "Dòng đánh số cột bỏ qua", "column numbering row skipped"),
    "blank-row": _k(I, "Dòng trống bỏ qua", "blank row skipped"),
    "no-figures": _k(I, "Dòng đơn vị không có số liệu nào (mọi ô để trống): không phải báo cáo, bỏ qua", "a unit's row with every figure blank: not a report; left out"),
    "unknown-header": _k(I, "Cột '{header}' không khớp chỉ tiêu nào, bỏ qua", "column '{header}' matches no data element; ignored"),
    "ambiguous-header": _k(E, "Cột '{header}' khớp nhiều chỉ tiêu: {elements}", "column '{header}' matches several data elements: {elements}"),
    "duplicate-column": _k(E, "Chỉ tiêu '{element}' xuất hiện ở hai cột ({first} và {second})", "data element '{element}' appears in two columns ({first} and {second})"),
    "no-data-rows": _k(W, "Bảng có dòng tiêu đề cột nhưng không có dòng số liệu nào", "the table has a header but not one row of figures", "Nhập số liệu dưới dòng tiêu đề, hoặc bỏ tệp/trang trống này", "Type the figures under the header, or remove this empty file or sheet"),
    "no-element-columns": _k(E, "Không cột nào của bảng khớp một chỉ tiêu dữ liệu{closest}; các dòng bị bỏ qua", "no column of the table matches a data element{closest}; its rows are left out", "Sửa tiêu đề cột theo data-elements.md, hoặc khai báo tên cột trong 'aliases' của kế hoạch", "Write the headers as in data-elements.md, or declare them as 'aliases' in the plan"),
    "no-unit-column": _k(E, "Không có cột đơn vị (Tỉnh/Huyện/Xã hoặc Mã ĐVHC)", "no unit column (Tỉnh/Huyện/Xã or Mã ĐVHC)"),
    "header-row": _k(I, "Dòng tiêu đề cột", "column header row"),
    "group-row": _k(I, "Dòng nhóm '{label}' (tên đơn vị dùng cho các dòng dưới) bỏ qua", "group heading row '{label}' (its unit name carried down) skipped"),
    "unit-missing": _k(E, "Dòng có số liệu nhưng không có tên đơn vị", "the row has figures but no unit name", "Ghi tên đơn vị, hoặc ghi 'Tổng cộng' nếu đây là dòng tổng", "Write the unit's name, or 'Tổng cộng' if this is a total row"),
    "ambiguous-unit": _k(E, "Tên '{name}' khớp nhiều đơn vị: {candidates}", "the name '{name}' matches several units: {candidates}", "Thêm cột Tỉnh/Huyện hoặc Mã ĐVHC", "Add the Tỉnh/Huyện columns or a Mã ĐVHC (unit_code) column"),
    # --- units ---
    "unknown-unit": _k(E, "Không nhận ra đơn vị '{name}'{suggestions}", "unknown unit '{name}'{suggestions}", "Sửa tên theo danh mục ĐVHC của Tổng cục Thống kê hoặc thêm cột Mã ĐVHC", "Spell the unit as in the GSO list, or add a Mã ĐVHC (unit_code) column"),
    "unknown-unit-code": _k(E, "Mã ĐVHC '{unit_code}' không có trong danh mục", "unit code '{unit_code}' is not in the gazetteer"),
    "unit-code-name-mismatch": _k(W, "Mã ĐVHC {unit_code} là '{code_name}', nhưng tên ghi '{name}'; dùng mã", "unit code {unit_code} is '{code_name}' but the name says '{name}'; the code wins"),
    "unit-outside-plan": _k(W, "Đơn vị '{name}' nằm ngoài địa bàn kế hoạch; bỏ qua", "unit '{name}' is outside the plan's area; left out"),
    "mixed-gazetteer": _k(E, "Báo cáo trộn đơn vị trước và sau 01/07/2025 ({old} cũ, {new} mới)", "the report mixes units from before and after 1 July 2025 ({old} old, {new} new)"),
    "old-unit-name": _k(W, "Năm {year}: '{name}' là đơn vị cũ, nay thuộc {became}", "year {year}: '{name}' is a pre-reform unit; it became {became}"),
    "new-unit-before-reform": _k(W, "Năm {year}: '{name}' là đơn vị mới (sau 01/07/2025)", "year {year}: '{name}' is a post-reform unit (after 1 July 2025)"),
    "split-unit": _k(W, "Số liệu chia tách ước lượng: {units}", "approximate attribution of split units: {units}"),
    # --- totals and years ---
    "total-row": _k(I, "Dòng tổng '{label}' đã kiểm tra và bỏ qua", "total row '{label}' checked and left out"),
    "total-row-mismatch": _k(W, "Dòng tổng: cột {element} ghi {printed}, tổng các dòng là {computed}", "total row: column {element} says {printed}, the rows sum to {computed}"),
    "year-conflict": _k(E, "Năm mâu thuẫn: {first} theo {first_source}, {second} theo {second_source}", "conflicting years: {first} from {first_source}, {second} from {second_source}"),
    "year-missing": _k(E, "Không xác định được năm báo cáo", "cannot tell the reporting year", "Thêm cột Năm, ghi năm vào tên trang/tệp, hoặc dùng --year", "Add a Năm column, put the year in the sheet or file name, or pass --year"),
    # --- cell values ---
    "negative-count": _k(E, "Số âm {value}", "negative count {value}"),
    "fractional-count": _k(E, "Số lẻ {value} ở cột số lượng", "fractional count {value}"),
    "not-a-number": _k(E, "'{value}' không phải là số", "'{value}' is not a number"),
    "ambiguous-dash": _k(E, "'{value}' không rõ nghĩa", "'{value}' is ambiguous", "Để trống nếu không báo cáo, ghi 0 nếu bằng không", "Leave blank if not reported, write 0 if zero"),
    "date-in-count": _k(E, "Ngày tháng '{value}' ở cột số lượng", "a date '{value}' in a count column"),
    "formula-no-value": _k(E, "Công thức chưa có giá trị tính sẵn", "formula without a cached value", "Mở tệp bằng Excel và lưu lại để tính công thức", "Open the file in Excel and save it so formulas are computed"),
    "not-finite": _k(E, "'{value}' không phải là số hữu hạn", "'{value}' is not a finite number", "Ghi số lượng thực tế", "Write the actual count"),
    "beyond-exact-range": _k(E, "'{value}' có hơn 15 chữ số: không giữ được chính xác", "'{value}' has more than 15 digits: it cannot be held exactly", "Kiểm tra lại số liệu (có thể dán nhầm mã hoặc số điện thoại)", "Check the figure (a code or phone number pasted by mistake?)"),
    "merged-figure": _k(E, "Ô số liệu '{value}' được gộp qua nhiều dòng: không biết thuộc dòng nào", "the figure '{value}' is merged over several rows: it belongs to none of them alone", "Bỏ gộp ô và ghi số liệu của từng đơn vị", "Unmerge the cells and write each unit's own figure"),
    "error-value": _k(E, "Ô chứa lỗi {value}", "the cell holds the error {value}"),
    # --- checks (validation rules) ---
    "part-exceeds-total": _k(E, "{part} ({part_value}) lớn hơn {total} ({total_value})", "{part} ({part_value}) is larger than {total} ({total_value})"),
    "duplicate-unit-year": _k(E, "{unit} năm {year} được báo cáo hai lần với số liệu khác nhau ({differences}); cũng có ở {other}", "{unit}, {year} is reported twice with different figures ({differences}); also at {other}", "Giữ một dòng đúng, xóa dòng kia; cả hai dòng bị bỏ khỏi mọi tổng cho đến khi sửa", "Keep the right row and delete the other; both rows are left out of every sum until then"),
    "duplicate-form": _k(W, "{unit} năm {year}: cùng số liệu đã có ở {other}; chỉ tính một lần", "{unit}, {year}: the same figures as at {other}; counted once", "Một biểu gửi hai lần: xóa bản thừa", "One form sent twice: remove the extra copy"),
    "count-out-of-range": _k(E, "Số {value} không phải số đếm chính xác (vô hạn hoặc quá 15 chữ số có nghĩa)", "{value} is not an exact count (not finite, or more than 15 significant digits)"),
    "reform-overlap": _k(E, "{old_unit} (trước sắp xếp) và {new_unit} (sau sắp xếp, đã sáp nhập {old_unit}) cùng báo cáo năm {year}; cũng có ở {other}", "{old_unit} (before the reform) and {new_unit} (after it, which absorbed {old_unit}) both report {year}; also at {other}", "Chỉ giữ báo cáo theo một danh mục đơn vị cho mỗi năm", "Keep the report on one list of units for each year"),
    "year-jump": _k(W, "{element} đổi từ {before} ({year_before}) thành {after} ({year}), gấp hơn {factor} lần", "{element} changes from {before} ({year_before}) to {after} ({year}), more than {factor}×"),
    "survey-file": _k(I, "Tệp số liệu điều tra (mỗi dòng một trẻ), không phải báo cáo: không kiểm tra ở đây", "survey microdata (one row per child), not a report: not validated here", "Dùng `cltrack survey` cho tệp này", "Use `cltrack survey` for this file"),
    "row-balance": _k(I, "{read} dòng đọc = {used} dòng dùng + {left_out} dòng bỏ qua", "{read} rows read = {used} used + {left_out} left out"),
    "no-report-files": _k(E, "Thư mục không có tệp báo cáo nào (xlsx, xlsm, xlsb, xls, ods, csv)", "the folder holds no report files (xlsx, xlsm, xlsb, xls, ods, csv)", "Kiểm tra đường dẫn thư mục", "Check the folder's path"),
    "same-file-twice": _k(I, "Tệp đã được chỉ ra ở '{first}'; chỉ đọc một lần", "the same file as '{first}'; read once"),
    # --- evaluation ---
    "no-data-for-target": _k(I, "Không có số liệu cho mục tiêu {target}", "no data for target {target}"),
    "unit-not-reporting": _k(W, "{unit} không gửi báo cáo năm {year}", "{unit} sent no report for {year}"),
    "numerator-exceeds-denominator": _k(E, "Tử số {numerator} lớn hơn mẫu số {denominator} ({target})", "numerator {numerator} exceeds denominator {denominator} ({target})"),
    "blank-count": _k(I, "Ô trống ở {element}: dòng không tính cho mục tiêu {target}", "blank {element}: row left out of target {target}"),
    "detail-rows-used": _k(I, "Đã dùng các dòng chi tiết hơn của cùng đơn vị cho mục tiêu {target}", "finer rows of the same unit used for target {target}"),
    # --- survey ---
    "age-out-of-range": _k(W, "Tuổi {value} ngoài 5-17; bỏ qua", "age {value} outside 5-17; left out"),
    "negative-hours": _k(E, "Số giờ âm {value}", "negative hours {value}"),
    "hours-over-168": _k(E, "Số giờ {value} vượt 168 giờ/tuần", "hours {value} exceed 168 a week"),
    "missing-weight": _k(I, "Không có trọng số; dùng trọng số 1", "no weights; weight 1 used"),
    "srs-assumed": _k(I, "Không có cột strata/PSU; coi như mẫu ngẫu nhiên đơn giản", "no stratum/PSU columns; treated as a simple random sample"),
    "single-psu-stratum": _k(W, "Tầng {stratum} chỉ có 1 PSU; {method}", "stratum {stratum} has a single PSU; {method}"),
    "unreliable-estimate": _k(W, "Ước lượng không tin cậy ({group}): n={n}, RSE={rse} [{why}]", "unreliable estimate ({group}): n={n}, RSE={rse} [{why}]"),
    "survey-missing-column": _k(E, "Thiếu cột bắt buộc '{column}'", "missing required column '{column}'"),
    "invalid-value": _k(E, "Giá trị không hợp lệ '{value}' ở cột {column}", "invalid value '{value}' in column {column}"),
    "survey-year-missing": _k(I, "Số liệu điều tra không có năm {year} (có: {years}); mục tiêu tỷ lệ tính từ báo cáo", "the survey has no {year} rows (it has: {years}); rate targets use the unit reports", "Dùng --year để chọn năm của cuộc điều tra", "Pass --year to pick the survey's year"),
    "survey-more-rows": _k(I, "{code}: còn {more} dòng tương tự (tổng {count} dòng)", "{code}: {more} more rows like this ({count} in all)"),
    "survey-blank-hours": _k(W, "{count} dòng để trống {column}: không phân loại được các trẻ đó, bị loại khỏi tỷ lệ cần cột này (không tính là 0 giờ)", "{count} rows leave {column} blank: those children cannot be classified and leave every rate that needs it (never read as 0 hours)"),
    "survey-bad-weight": _k(E, "Trọng số không dùng được (âm, vô hạn hoặc không phải số); dòng bị bỏ qua", "unusable weight (negative, infinite or not a number); row left out", "Sửa trọng số của dòng này", "Correct this row's weight"),
    "survey-zero-weight": _k(E, "Tổng trọng số bằng 0 ({group}, n={n}): không tính được tỷ lệ", "total weight is zero ({group}, n={n}): no rate can be estimated", "Kiểm tra cột trọng số", "Check the weight column"),
    "survey-item-nonresponse": _k(W, "{group}: {n_excluded} trẻ ({pct} trọng số) thiếu thông tin cần để phân loại, bị loại khỏi tỷ lệ", "{group}: {n_excluded} children ({pct} of the weight) lack a value the rule needs and are left out of the rate", "Tỷ lệ có thể lệch nếu các trẻ thiếu thông tin khác với các trẻ còn lại", "The rate may be biased if those children differ from the others"),
    "survey-no-se": _k(W, "{group}: không có sai số chuẩn theo thiết kế ({reason})", "{group}: no design-based standard error ({reason})"),
    "survey-low-df": _k(W, "Bậc tự do của thiết kế là {df} (< 8): khoảng tin cậy cần được xem xét", "the design has {df} degrees of freedom (< 8): the intervals need statistical review", "Tiêu chuẩn NCHS 2017: bậc tự do dưới 8 cần xem xét", "NCHS 2017 standards: fewer than 8 degrees of freedom call for review"),
    "survey-fpc-below-sample": _k(E, "Tầng {stratum}: cỡ tổng thể fpc={fpc} nhỏ hơn số PSU mẫu ({n}); không hiệu chỉnh tổng thể hữu hạn cho tầng này", "stratum {stratum}: population size fpc={fpc} is below the {n} sampled PSUs; no finite population correction for it"),
    "survey-blank-weight": _k(W, "Trọng số trống; dòng bị bỏ qua", "blank weight; row left out", "Ghi trọng số cho mọi dòng, hoặc bỏ cột trọng số nếu là tổng điều tra", "Give every row a weight, or drop the weight column for a census"),
    "survey-blank-age": _k(W, "Tuổi trống: không phân loại được trẻ này, bị loại khỏi các tỷ lệ (được đếm)", "blank age: the child cannot be classified and leaves the rates (counted as excluded)"),
    "survey-other-year": _k(I, "{count} dòng thuộc năm khác {year}; bỏ qua", "{count} rows of years other than {year}; left out"),
    "survey-no-psu": _k(I, "Không có cột PSU; mỗi trẻ được coi là một PSU trong tầng của mình", "no PSU column; each child is its own PSU within its stratum"),
    "survey-no-stratum": _k(I, "Không có cột strata; toàn bộ mẫu là một tầng", "no stratum column; the whole sample is one stratum"),
    "survey-blank-psu": _k(W, "{count} dòng để trống cột PSU; mỗi dòng đó là một PSU riêng", "{count} rows leave the PSU blank; each is taken as a PSU of its own"),
    "survey-blank-stratum": _k(W, "{count} dòng để trống cột strata; các dòng đó thành một tầng riêng", "{count} rows leave the stratum blank; together they form a stratum of their own"),
    "survey-absent-column": _k(I, "Không có cột '{column}'; coi là 0 cho mọi dòng", "no '{column}' column; taken as 0 for every row"),
    "survey-design": _k(I, "Thiết kế mẫu: {strata} tầng, {psus} PSU, bậc tự do {df}; sai số chuẩn tuyến tính hóa Taylor", "design: {strata} strata, {psus} PSUs, {df} degrees of freedom; Taylor-linearised standard errors"),
    "survey-no-rows": _k(E, "Không còn dòng điều tra nào dùng được", "no usable survey rows are left"),
    # --- completeness ---
    "report-late": _k(W, "{unit}: báo cáo {period} nộp {submitted}, hạn {due}", "{unit}: {period} report came {submitted}, due {due}"),
    "report-missing": _k(W, "{unit}: chưa có báo cáo {period} (hạn {due})", "{unit}: no {period} report (due {due})"),
    "plan-period-ended": _k(I, "Kỳ của kế hoạch ({start}-{end}) đã kết thúc; năm {year} không phải nộp báo cáo theo kế hoạch này", "the plan's period ({start}-{end}) has ended; no reports are expected for {year} under this plan"),
    "submitted-from-mtime": _k(W, "Ngày nộp của {count} tệp ({files}) lấy theo thời gian sửa tệp, không tin cậy (sao chép hay clone lại làm mọi báo cáo thành muộn)", "the submission dates of {count} files ({files}) are their modification times, which are unreliable (a copy or a fresh clone makes every report late)", "Dùng --submitted-from tệp.csv (cột file,submitted) hoặc đặt thư mục số liệu trong git", "Pass --submitted-from file.csv (columns file,submitted) or keep the data folder in git"),
}


def message(finding: Finding, lang: Lang = "en") -> str:
    """The finding's message in `lang`, filled from its args."""
    kind = CATALOGUE.get(finding.code)
    if kind is None:
        return finding.code
    template = kind.vi if lang == "vi" else kind.en
    given = {"column": finding.column, "header": finding.header, **finding.args}  # the location fills {column}, {header}
    args = {k: _arg(k, given[k], lang, given) for k in _fields(template) if k in given}
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template


@lru_cache(maxsize=1024)
def _fields(template: str) -> tuple[str, ...]:
    """The names a message template fills ('{name}', '{n:,}', '{a[0]}' -> 'name', 'n', 'a')."""
    from string import Formatter

    try:
        parsed = list(Formatter().parse(template))
    except ValueError:
        return ()
    return tuple(dict.fromkeys(re.split(r"[.\[]", field)[0] for _, field, _, _ in parsed if field))


def _arg(key: str, value: object, lang: Lang, given: dict[str, object]) -> object:
    """One message arg as shown: words given in both languages in `lang`, a date as `lang` writes it (i18n.date), an element code as its Vietnamese header
    (a clerk reads that, not the code), a word code in words, an English phrase (PHRASE_ARGS) in `lang` filled from the
    finding's other args, text with control characters escaped and cut (data cannot drive a terminal)."""
    if key in PHRASE_ARGS and isinstance(value, str):
        from cltrack.messages import said

        fields = {k: _arg(k, given[k], lang, given) for k in _fields(value) if k in given and k != key}
        fields = {k: said(v, lang) if isinstance(v, tuple) else v for k, v in fields.items()}  # choices: 'a, b or c'
        phrase = str(said(value, lang))
        try:
            value = phrase.format(**fields)
        except (KeyError, IndexError, ValueError):
            value = phrase
    if isinstance(value, Text):
        value = value.get(lang)
    if isinstance(value, dt.date):  # a date (due, submitted, a date cell): 15/11/2024 in Vietnamese
        return i18n.date(value, lang)
    if not isinstance(value, str):
        return value
    if lang == "vi" and key in ELEMENT_ARGS:
        value = header_vi(value)
    if key in WORD_ARGS:  # a word code said in the message's language (a code without a label stays as it is)
        words = label(WORD_ARGS[key] + value, lang)
        value = value if words == WORD_ARGS[key] + value else words
    return shown(value, MESSAGE_LIMIT)


ELEMENT_ARGS: frozenset[str] = frozenset({"part", "total", "element"})  # message args that hold an element code
# message args that hold a word code, said in the message's language by the i18n label of prefix + code
WORD_ARGS: dict[str, str] = {"period": "period.", "first_source": "year_source.", "second_source": "year_source.", "state": "sheet_state.",
                             "why": "survey.reason.", "reason": "survey.reason."}  # (why/reason: a survey estimate's, unreliable-estimate and survey-no-se)
# message args that hold a short English phrase (a plan file's 'expected ...', 'got ...'), said in the message's
# language by messages.VALUES_VI; its {fields} are filled from the finding's other args (data never goes in the phrase)
PHRASE_ARGS: frozenset[str] = frozenset({"expected", "got", "what"})


def header_vi(code: str) -> str:
    """The standard Vietnamese column header of a data-element code (the text itself when not a code)."""
    from cltrack.elements import ELEMENTS

    el = ELEMENTS.get(code)
    return el.header_vi if el is not None and el.header_vi else code


def hint(finding: Finding, lang: Lang = "en") -> str:
    """The fix hint for the finding's code in `lang` ('' when none)."""
    kind = CATALOGUE.get(finding.code)
    if kind is None:
        return ""
    return kind.hint_vi if lang == "vi" else kind.hint_en


def make(code: str, /, severity: str | None = None, **where_and_args: object) -> Finding:
    """Build a Finding: location keywords go to their fields, the rest become message args (`code=` too)."""
    kind = CATALOGUE[code]
    loc_keys = ("file", "sheet", "row", "column", "column_letter", "header", "last_row")
    loc = {k: where_and_args.pop(k) for k in loc_keys if k in where_and_args}
    return Finding(code=code, severity=severity or kind.severity, args=dict(where_and_args), **loc)  # type: ignore[arg-type]


def make_rows(code: str, file: str | None, sheet: str | None, rows: Sequence[int], **arg_columns: Sequence[object]) -> list[Finding]:
    """`make(code, file=, sheet=, row=r, **args)` for every row of `rows`, the args given column-wise (one value per row)."""
    severity = CATALOGUE[code].severity
    names = tuple(arg_columns)
    return [
        Finding(code=code, severity=severity, file=file, sheet=sheet, row=row, args=dict(zip(names, values, strict=True)))  # type: ignore[arg-type]
        for row, *values in zip(rows, *arg_columns.values(), strict=True)
    ]


def cell_ref(finding: Finding) -> str:
    """'F37'-style reference, or the row alone, or ''; a run as a range ('F37:F90', rows '37:90')."""
    if finding.row is None:
        return ""
    col = finding.column_letter or ""
    if finding.last_row is not None and finding.last_row > finding.row:
        return f"{col}{finding.row}:{col}{finding.last_row}"
    return f"{col}{finding.row}"


def runs(findings: Iterable[Finding]) -> list[Finding]:
    """Findings with a repeat on each following row (same code, place and message) folded into one run."""
    from dataclasses import replace

    out: list[Finding] = []
    open_runs: dict[tuple[object, ...], int] = {}
    for f in findings:
        if f.row is None:
            out.append(f)
            continue
        key = (f.code, f.severity, f.file, f.sheet, f.column, f.column_letter, f.header,
               tuple(sorted((k, repr(v)) for k, v in f.args.items())))
        at = open_runs.get(key)
        if at is not None:
            prev = out[at]
            end = prev.last_row if prev.last_row is not None else prev.row
            if end is not None and f.row == end + 1:
                out[at] = replace(prev, last_row=f.last_row if f.last_row is not None else f.row)
                continue
        open_runs[key] = len(out)
        out.append(f)
    return out


def location(finding: Finding, with_file: bool = True) -> str:
    """'file [sheet] F37 (header)' for one-line messages (without the file: '[sheet] F37 (header)')."""
    parts = [shown(finding.file or "")] if with_file else []
    if finding.sheet:
        parts.append(f"[{shown(finding.sheet, MESSAGE_LIMIT)}]")
    ref = cell_ref(finding)
    if ref:
        parts.append(ref)
    if finding.header or finding.column:
        parts.append(f"({shown(finding.header or finding.column or '', MESSAGE_LIMIT)})")
    return " ".join(p for p in parts if p)


def to_dict(finding: Finding, lang: Lang = "en") -> dict[str, object]:
    """The contract's JSON object for a finding (plus cell, column_letter, header, hint)."""
    return {
        "severity": finding.severity,
        "code": finding.code,
        "file": finding.file,
        "sheet": finding.sheet,
        "row": finding.row,
        "column": finding.column,
        "column_letter": finding.column_letter,
        "header": finding.header,
        "last_row": finding.last_row,
        "message": message(finding, lang),
        "hint": hint(finding, lang) or None,
    }


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    """{'error': n, 'warning': n, 'info': n}."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def one_line(finding: Finding, lang: Lang = "en") -> str:
    """'severity code: location: message' on one line."""
    where = location(finding)
    text = message(finding, lang)
    severity = label(f"severity.{finding.severity}", lang)
    return f"{severity} {finding.code}: {where}: {text}" if where else f"{severity} {finding.code}: {text}"
