"""Vietnamese words for what the CLI says outside findings: error messages and usage errors.

`VI` maps each English message template of a `CltrackError` (its key, as gettext uses the msgid)
to the Vietnamese template with the same named fields; a test checks that every template raised
anywhere in the package is here. `USAGE_VI` does the same for the command-line parser's messages.
"""

from __future__ import annotations

import re
from functools import lru_cache

VI: dict[str, str] = {
    # options
    "{option} must be {listed}, got '{value}'": "{option} phải là {listed}, nhận được '{value}'",
    "--format xlsx needs --output FILE.xlsx": "--format xlsx cần --output TỆP.xlsx",
    "--output needs --format json, csv or xlsx (the table is printed, not written)":
        "--output cần --format json, csv hoặc xlsx (bảng được in ra màn hình, không ghi ra tệp)",
    "--fail-on must be one of {choices}, got '{value}'": "--fail-on phải là một trong {choices}, nhận được '{value}'",
    "{option} must be one of {methods}, got '{method}'": "{option} phải là một trong {methods}, nhận được '{method}'",
    "{option} '{text}': the range ends before it starts": "{option} '{text}': khoảng năm kết thúc trước khi bắt đầu",
    "{option} '{text}' is not a year, a list or a range such as 2021-2025":
        "{option} '{text}' không phải một năm, một danh sách hay một khoảng năm như 2021-2025",
    "{option} '{name}': no such unit in the area of plan {plan_id}{extra}":
        "{option} '{name}': không có đơn vị này trong địa bàn của kế hoạch {plan_id}{extra}",
    "{option} '{name}' is ambiguous: {names}": "{option} '{name}' chưa rõ là đơn vị nào: {names}",
    "{option}: unknown grouping '{bad}' (choose from {by_choices})": "{option}: không có cách phân nhóm '{bad}' (chọn trong {by_choices})",
    "{option} '{text}' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)":
        "{option} '{text}' không phải ngày tháng (cần dạng YYYY-MM-DD, YYYY-MM hoặc YYYY)",
    # plans
    "plan '{plan_id}' has no reporting deadlines ('reporting' in its YAML)":
        "kế hoạch '{plan_id}' không có hạn báo cáo (mục 'reporting' trong tệp YAML)",
    "plan {plan_id} has no target '{target_id}' (targets: {ids})": "kế hoạch {plan_id} không có chỉ tiêu '{target_id}' (các chỉ tiêu: {ids})",
    "target {target_id} has no value at {evaluation_level} level": "chỉ tiêu {target_id} không có giá trị ở cấp {evaluation_level}",
    "plan {plan_id}: the gazetteer has no communes under {parent_level} code {area_code}":
        "kế hoạch {plan_id}: danh mục đơn vị hành chính không có xã nào thuộc {parent_level} mã {area_code}",
    "no {level} or district named '{unit}' in plan '{plan_id}' (e.g. {items})":
        "không có {level} hay huyện nào tên '{unit}' trong kế hoạch '{plan_id}' (ví dụ {items})",
    "year {year} is outside plan '{plan_id}' ({start}-{end})": "năm {year} nằm ngoài thời kỳ của kế hoạch '{plan_id}' ({start}-{end})",
    "plan '{plan_id}' uses no data elements to put on a form": "kế hoạch '{plan_id}' không dùng chỉ số nào để đưa vào biểu mẫu",
    "{raw}: the plan folder (--targets-dir / {env_var}) does not exist": "{raw}: thư mục kế hoạch (--targets-dir / {env_var}) không tồn tại",
    "unknown plan '{ref}' (available: {ids}; or give the path of a .yaml file)":
        "không có kế hoạch '{ref}' (hiện có: {ids}; hoặc ghi đường dẫn tới một tệp .yaml)",
    "{ref}: plan file not found": "{ref}: không tìm thấy tệp kế hoạch",
    "{finding} (and {more} more; run `cltrack lint {path}`)": "{finding} (và {more} lỗi khác; chạy `cltrack lint {path}`)",
    "a plan is named twice: {items}": "một kế hoạch được nêu hai lần: {items}",
    "plan {plan_id} is named twice": "kế hoạch {plan_id} được nêu hai lần",
    "{option} '{output}' lies inside the input '{given}'; write the pack elsewhere":
        "{option} '{output}' nằm trong đầu vào '{given}'; hãy ghi bộ báo cáo ra chỗ khác",
    "{option} '{output}' holds the input file '{given}'; write the pack elsewhere":
        "{option} '{output}' chứa tệp đầu vào '{given}'; hãy ghi bộ báo cáo ra chỗ khác",
    "{option} '{output}' is a file; give a folder": "{option} '{output}' là một tệp; hãy ghi một thư mục",
    "no data files or folders given (cltrack pack [PLAN...] DATA... --year Y --output DIR)":
        "chưa có tệp hay thư mục số liệu nào (cltrack pack [KẾ_HOẠCH...] SỐ_LIỆU... --year NĂM --output THƯ_MỤC)",
    "{path}: cannot read the {what}: {reason}": "{path}: không đọc được {what}: {reason}",
    "{path}: cannot read the {what}: unknown text encoding": "{path}: không đọc được {what}: không rõ bảng mã văn bản",
    # data
    "no reporting year found in the data; pass --years (e.g. 2021-2025)":
        "không tìm thấy năm báo cáo nào trong số liệu; hãy ghi --years (ví dụ 2021-2025)",
    "no data rows to evaluate and no --year given": "không có dòng số liệu nào để đánh giá và chưa ghi --year",
    "no data files given": "chưa có tệp số liệu nào",
    "no data files in {paths}": "không có tệp số liệu nào trong {paths}",
    "no report row for plan {plan_id} ({area}), year {year}, unit {unit} in {given}; the files hold years {years}; areas {areas}; rows left out: {left}":
        "không có dòng báo cáo nào cho kế hoạch {plan_id} ({area}), năm {year}, đơn vị {unit} trong {given}; các tệp có số liệu các năm {years}; địa bàn {areas}; dòng bỏ qua: {left}",
    "{p}: file not found": "{p}: không tìm thấy tệp",
    "no survey files given": "chưa có tệp điều tra nào",
    "give at least one PLAN (then its DATA files or folders)": "hãy ghi ít nhất một KẾ HOẠCH (rồi các tệp hoặc thư mục SỐ LIỆU của nó)",
    "'{arg}' is neither a plan ({known}) nor an existing file or folder": "'{arg}' không phải kế hoạch ({known}) cũng không phải tệp hay thư mục có sẵn",
    # submission dates
    "{p}: manifest not found": "{p}: không tìm thấy tệp danh sách nộp báo cáo",
    "'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)": "'{text}' không phải ngày tháng (dùng YYYY-MM-DD hoặc DD/MM/YYYY)",
    "'{text}' is not a valid date: there is no year {year}": "'{text}' không phải ngày hợp lệ: không có năm {year}",
    "'{text}' is not a valid date: there is no month {month}": "'{text}' không phải ngày hợp lệ: không có tháng {month}",
    "'{text}' is not a valid date: {month}/{year} has no day {day}": "'{text}' không phải ngày hợp lệ: tháng {month}/{year} không có ngày {day}",
    "{p}: the manifest needs the columns 'file' and 'submitted' (found: {fields})":
        "{p}: tệp danh sách cần các cột 'file' và 'submitted' (đang có: {fields})",
    "{p}, line {line}: {exc}": "{p}, dòng {line}: {exc}",
    # survey and its rules
    "unknown survey measure '{measure}' (known: {measures})": "không có thước đo điều tra '{measure}' (hiện có: {measures})",
    "cannot group by '{b}' (choose from {by_choices})": "không thể phân nhóm theo '{b}' (chọn trong {by_choices})",
    "the survey data has no '{b}' column to group by": "số liệu điều tra không có cột '{b}' để phân nhóm",
    "{where}: missing '{key}'": "{where}: thiếu '{key}'",
    "{where}: expected [from, to] in whole years, got {value!r}": "{where}: cần [từ, đến] bằng số năm tròn, nhận được {value!r}",
    "{where}: {lo} is above {hi}": "{where}: {lo} lớn hơn {hi}",
    "{where}: a condition is [column, operator, value], got {item!r}": "{where}: một điều kiện có dạng [cột, phép so sánh, giá trị], nhận được {item!r}",
    "{where}: unknown column '{column}' (known: {rule_columns})": "{where}: không có cột '{column}' (hiện có: {rule_columns})",
    "{where}: unknown operator '{op}' (known: {ops})": "{where}: không có phép so sánh '{op}' (hiện có: {ops})",
    "{where}: the value of a condition must be a number or true/false, got {value!r}":
        "{where}: giá trị của điều kiện phải là số hoặc true/false, nhận được {value!r}",
    "{where}: expected a list of age bands": "{where}: cần một danh sách các nhóm tuổi",
    "{where}: 'clauses' and 'series' must be mappings": "{where}: 'clauses' và 'series' phải là ánh xạ (mapping)",
    "{where}: unknown series '{chosen}' (known: {all_series})": "{where}: không có chuỗi '{chosen}' (hiện có: {all_series})",
    "{where}: series '{chosen}' names unknown clauses '{clause}'": "{where}: chuỗi '{chosen}' nêu mệnh đề không có '{clause}'",
    "{origin}: estimation.ci must be t or normal, got '{ci}'": "{origin}: estimation.ci phải là t hoặc normal, nhận được '{ci}'",
    "{origin}: estimation.single_psu must be one of {single_psu}, got '{single}'":
        "{origin}: estimation.single_psu phải là một trong {single_psu}, nhận được '{single}'",
    "{origin}: reliability.rule must be one of {reliability_rules}, got '{rule}'":
        "{origin}: reliability.rule phải là một trong {reliability_rules}, nhận được '{rule}'",
    "{origin}: estimation.confidence must lie between 0 and 1": "{origin}: estimation.confidence phải nằm giữa 0 và 1",
    "unknown rule set '{name_or_path}' (known: {items}, or a .yaml file)": "không có bộ quy tắc '{name_or_path}' (hiện có: {items}, hoặc một tệp .yaml)",
    "{path}: rules file not found": "{path}: không tìm thấy tệp quy tắc",
    "{path}: 'rule_sets' must name at least one rule set": "{path}: 'rule_sets' phải có ít nhất một bộ quy tắc",
    "{path}: default rule set '{name}' is not under rule_sets": "{path}: bộ quy tắc mặc định '{name}' không có trong rule_sets",
    "{path}: a rules file must be a mapping": "{path}: tệp quy tắc phải là một ánh xạ (mapping)",
    "{path}: cannot read the rules file ({detail})": "{path}: không đọc được tệp quy tắc ({detail})",
    "{path}:{line}:{col}: YAML syntax error in the rules file: {detail}": "{path}:{line}:{col}: lỗi cú pháp YAML trong tệp quy tắc: {detail}",
    # outputs
    "{option} '{out}' is a folder; give a file name": "{option} '{out}' là một thư mục; hãy ghi tên tệp",
    "{option} '{out}': cltrack writes {suffixes} here, not '{suffix}'": "{option} '{out}': ở đây cltrack ghi {suffixes}, không ghi '{suffix}'",
    "{option} '{out}': the folder '{parent}' does not exist": "{option} '{out}': thư mục '{parent}' không tồn tại",
    "{option} '{out}': '{parent}' is not a folder": "{option} '{out}': '{parent}' không phải thư mục",
    "{option} '{out}': the folder '{parent}' is read-only": "{option} '{out}': thư mục '{parent}' chỉ cho phép đọc",
    "{option} '{out}' is a read-only file": "{option} '{out}' là tệp chỉ cho phép đọc",
    "cannot write '{out}': {reason}": "không ghi được '{out}': {reason}",
    "'{path}': {reason}": "'{path}': {reason}",
    "cannot write to standard output: {reason}": "không ghi được ra đầu ra chuẩn: {reason}",
    "{option} '{out}' is inside the input folder '{src}' and would be read as an input next time":
        "{option} '{out}' nằm trong thư mục đầu vào '{src}' và lần sau sẽ bị đọc như một tệp đầu vào",
    "{option} '{out}' is the same file as one in the input folder '{src}'": "{option} '{out}' chính là một tệp trong thư mục đầu vào '{src}'",
    "{option} '{out}' is the input file '{src}'; cltrack never overwrites an input":
        "{option} '{out}' là tệp đầu vào '{src}'; cltrack không bao giờ ghi đè tệp đầu vào",
    "{option} {output}: exists and is not a folder": "{option} {output}: đã có và không phải thư mục",
    "{option} {output}: the folder is not empty and was not built by `cltrack site`; choose a new or empty folder":
        "{option} {output}: thư mục không trống và không do `cltrack site` tạo ra; hãy chọn thư mục mới hoặc trống",
    "{option} {output}: the output folder and the input '{given}' overlap; choose a folder apart from the data":
        "{option} {output}: thư mục đầu ra trùng với đầu vào '{given}'; hãy chọn thư mục nằm ngoài số liệu",
    # units and the 2025 reform
    "no {level} '{text}' in the {gz_list} list{hint}": "không có {level} '{text}' trong danh mục {gz_list}{hint}",
    "'{text}' names several units of level {level}: {names}": "'{text}' ứng với nhiều đơn vị cấp {level}: {names}",
    "there are no districts after 1 July 2025; use --province, or --as-of 2025-06-30":
        "từ ngày 01/07/2025 không còn cấp huyện; hãy dùng --province, hoặc --as-of 2025-06-30",
    "there are no districts after 1 July 2025": "từ ngày 01/07/2025 không còn cấp huyện",
    "weights: missing column(s) {missing} (expected {weight_columns})": "tệp trọng số: thiếu cột {missing} (cần {weight_columns})",
    "weights: share for {new} <- {old} is not a number >= 0": "tệp trọng số: tỷ lệ của {new} <- {old} không phải số >= 0",
    "weights: old commune {old} did not go into new commune {new} in the conversion table":
        "tệp trọng số: theo bảng chuyển đổi, xã cũ {old} không nhập vào xã mới {new}",
    "weights: shares of new commune {new} add up to {total:g}, not 1 (or 100)": "tệp trọng số: tổng tỷ lệ của xã mới {new} là {total:g}, không phải 1 (hoặc 100)",
    "{p}: weights file not found": "{p}: không tìm thấy tệp trọng số",
    "give a unit name or code": "hãy ghi tên hoặc mã đơn vị",
    "unknown unit '{text}'{hint}": "không có đơn vị '{text}'{hint}",
    "{p}, line {line}: {count} values, but the header names {width} columns": "{p}, dòng {line}: có {count} giá trị, nhưng dòng tiêu đề chỉ có {width} cột",
    "{path}, line {line}: cannot read the {what}: {reason}": "{path}, dòng {line}: không đọc được {what}: {reason}",
}

#: short English words that fill a template's field (what kind of file, why it cannot be read), in Vietnamese
VALUES_VI: dict[str, str] = {
    "manifest": "tệp danh sách nộp báo cáo",
    "weights file": "tệp trọng số",
    "file": "tệp",
    "is a folder": "đây là một thư mục",
    "not found": "không tìm thấy",
    "permission denied": "không có quyền đọc",
    "a symbolic link that loops back on itself": "liên kết tượng trưng trỏ vòng về chính nó",
    "a symbolic link to nothing": "liên kết tượng trưng không trỏ tới đâu",
    "(no suffix)": "(không có đuôi tệp)",
    # a plan file's 'expected ...' and 'got ...' (findings.PHRASE_ARGS): {fields} are the finding's other args
    "nothing": "không có gì",
    "nothing (null)": "không có gì (null)",
    "a mapping": "một bảng khóa: giá trị",
    "a list": "một danh sách",
    "text '{got_value}'": "văn bản '{got_value}'",
    "whole number '{got_value}'": "số nguyên '{got_value}'",
    "number '{got_value}'": "số '{got_value}'",
    "true/false '{got_value}'": "đúng/sai '{got_value}'",
    "date '{got_value}'": "ngày tháng '{got_value}'",
    "value '{got_value}'": "giá trị '{got_value}'",
    "an empty file": "một tệp rỗng",
    "an area": "một vùng (area)",
    "a unit-share rule": "một quy tắc tỷ lệ đơn vị (unit_share)",
    "a numerator": "một tử số (numerator)",
    "a denominator": "một mẫu số (denominator)",
    "{count} items": "{count} mục",
    "a mapping with keys {keys}": "một bảng với các khóa {keys}",
    "a mapping of plan keys (id, name, ...)": "một bảng các khóa của kế hoạch (id, name, ...)",
    "a text": "một văn bản",
    "a non-empty text": "một văn bản không rỗng",
    "a whole number": "một số nguyên",
    "a number": "một số",
    "a finite number": "một số hữu hạn",
    "a number of at most 15 significant digits": "một số có tối đa 15 chữ số có nghĩa",
    "a number >= 0": "một số >= 0",
    "a percentage from 0 to 100": "một tỷ lệ phần trăm từ 0 đến 100",
    "one of {choices}": "một trong {choices}",
    "a list of {what}": "một danh sách {what}",
    "data-element codes": "mã chỉ tiêu dữ liệu",
    "targets": "mục tiêu",
    "two years": "hai năm",
    "years": "năm",
    "texts": "văn bản",
    "deadlines {{period, day, month, to}}": "hạn báo cáo {{period, day, month, to}}",
    "data elements {{code, aliases}}": "chỉ tiêu dữ liệu {{code, aliases}}",
    "{what} as quoted text, e.g. \"{example}\"": "{what} ghi dạng văn bản trong ngoặc kép, ví dụ \"{example}\"",
    "a 2-digit GSO province code": "mã tỉnh 2 chữ số theo danh mục GSO",
    "a 3-digit GSO district code": "mã huyện 3 chữ số theo danh mục GSO",
    "at least one data-element code": "ít nhất một mã chỉ tiêu dữ liệu",
    "a count data element, not an identifying column": "một chỉ tiêu đếm, không phải cột định danh",
    "a count, not an identifying column": "một chỉ tiêu đếm, không phải cột định danh",
    "'{wanted}' for target {target}": "'{wanted}' cho mục tiêu {target}",
    "no unit_share for a {kind} target (kind: unit_share counts units)":
        "không có unit_share ở mục tiêu kind: {kind} (kind: unit_share mới đếm đơn vị)",
    "no denominator for a count target (use kind: ratio)": "không có mẫu số ở mục tiêu kind: count (hãy dùng kind: ratio)",
    "no numerator or denominator for a unit_share target (the rule is under unit_share)":
        "không có tử số hay mẫu số ở mục tiêu kind: unit_share (quy tắc ghi trong unit_share)",
    "only on a rate target": "chỉ ghi ở mục tiêu kind: rate",
    "'{unit}' for a {kind} target": "'{unit}' cho mục tiêu kind: {kind}",
    "a year before the deadline {deadline}": "một năm trước năm hạn {deadline}",
    "an objective number, O2030 or R": "số thứ tự mục tiêu, O2030 hoặc R",
    "lower-case letters, digits and '-'": "chữ thường, chữ số và '-'",
    "no area: a national plan covers the whole country": "không có area: kế hoạch quốc gia bao trùm cả nước",
    "two years [first, last]": "hai năm [năm đầu, năm cuối]",
    "[first, last] years with first <= last": "[năm đầu, năm cuối] với năm đầu <= năm cuối",
    "a real day and month": "một ngày và tháng có thật",
    "each element listed once": "mỗi chỉ tiêu chỉ ghi một lần",
    "nothing: '{standard}' is a standard element (use aliases for other headers)":
        "không ghi gì: '{standard}' là chỉ tiêu chuẩn (tiêu đề khác thì ghi vào aliases)",
    "a snake_case code": "một mã dạng snake_case",
}


def said(value: object, lang: str) -> object:
    """A value as said inside a message in `lang`: a tuple of choices as 'a, b or c' / 'a, b hoặc c', a short
    English word of VALUES_VI in Vietnamese, words given in both languages (a `Text`) in `lang`; anything else as it is."""
    from cltrack.models import Text

    if isinstance(value, Text):
        return value.vi if lang == "vi" else value.en
    if isinstance(value, tuple):
        words = [str(said(v, lang)) for v in value]
        last = " hoặc " if lang == "vi" else " or "
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + last + words[-1]
    if lang == "vi" and isinstance(value, str):
        return VALUES_VI.get(value, value)
    return value

#: the command-line parser's own messages (typer's click), matched by their English start
USAGE_VI: dict[str, str] = {
    "No such option": "Không có tùy chọn",
    "No such command": "Không có lệnh",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Invalid value for": "Giá trị không hợp lệ cho",
    "Invalid value": "Giá trị không hợp lệ",
    "Got unexpected extra argument": "Có tham số thừa",
    "Got unexpected extra arguments": "Có các tham số thừa",
    "Got unexpected extra argument(s)": "Có tham số thừa",  # typer's own click says it this way
    "Option '{name}' requires an argument.": "Tùy chọn '{name}' cần một giá trị.",
    "is not a valid integer": "không phải số nguyên",
    "is not a valid int": "không phải số nguyên",
    "is not a valid float": "không phải số",
    "is not a valid boolean": "không phải đúng/sai",
    "is not one of": "không phải một trong",
    "Possible options": "Các tùy chọn có thể",
    "Did you mean": "Có phải ý bạn là",
}

#: PyYAML's words for a syntax error in a plan or rules file (the `problem` and `context` of a MarkedYAMLError,
#: the `reason` of a ReaderError), in Vietnamese: every phrase of its pure-Python scanner, parser, composer and
#: reader and of libyaml's (the C loader cltrack uses when PyYAML has it). {found} is the character or token PyYAML
#: quotes, said by `yaml_found`; {count} a number. Emitter phrases (writing YAML) are left out: cltrack only reads it.
YAML_VI: dict[str, str] = {
    # the problem: what is wrong at the line and column shown
    "mapping values are not allowed here": "không được ghi giá trị của khóa ở đây (văn bản có ': ' phải đặt trong ngoặc kép)",
    "mapping values are not allowed in this context": "không được ghi giá trị của khóa ở đây (văn bản có ': ' phải đặt trong ngoặc kép)",
    "mapping keys are not allowed here": "không được ghi khóa ở đây",
    "mapping keys are not allowed in this context": "không được ghi khóa ở đây",
    "sequence entries are not allowed here": "không được ghi mục danh sách ('-') ở đây",
    "block sequence entries are not allowed in this context": "không được ghi mục danh sách ('-') ở đây",
    "could not find expected ':'": "không tìm thấy dấu ':' sau khóa",
    "could not find expected directive name": "không tìm thấy tên chỉ thị sau dấu '%'",
    "did not find expected key": "không tìm thấy khóa ở chỗ cần có (thụt lề không khớp dòng trên?)",
    "did not find expected '-' indicator": "không tìm thấy dấu '-' của mục danh sách (thụt lề không khớp dòng trên?)",
    "did not find expected node content": "không tìm thấy giá trị ở chỗ cần có",
    "did not find expected ',' or ']'": "không tìm thấy ',' hoặc ']' ở chỗ cần có (chưa đóng ngoặc vuông?)",
    "did not find expected ',' or '}'": "không tìm thấy ',' hoặc '}' ở chỗ cần có (chưa đóng ngoặc nhọn?)",
    "did not find expected <document start>": "không tìm thấy dấu mở đầu tài liệu '---'",
    "did not find expected <stream-start>": "không tìm thấy phần mở đầu của tệp",
    "did not find expected '!'": "không tìm thấy dấu '!' ở chỗ cần có",
    "did not find expected alphabetic or numeric character": "không tìm thấy chữ cái hoặc chữ số ở chỗ cần có",
    "did not find expected comment or line break": "không tìm thấy chú thích ('#') hoặc chỗ xuống dòng ở chỗ cần có",
    "did not find expected digit or '.' character": "không tìm thấy chữ số hoặc dấu '.' ở chỗ cần có",
    "did not find expected hexdecimal number": "không tìm thấy chữ số hệ mười sáu ở chỗ cần có",
    "did not find expected tag URI": "không tìm thấy địa chỉ của thẻ ('!') ở chỗ cần có",
    "did not find expected version number": "không tìm thấy số phiên bản ở chỗ cần có",
    "did not find expected whitespace": "không tìm thấy dấu cách ở chỗ cần có",
    "did not find expected whitespace or line break": "không tìm thấy dấu cách hoặc chỗ xuống dòng ở chỗ cần có",
    "did not find the expected '>'": "không tìm thấy dấu '>' ở chỗ cần có",
    "did not find URI escaped octet": "không tìm thấy mã byte sau dấu '%' trong địa chỉ",
    "found character {found} that cannot start any token": "gặp {found}, ký tự không thể mở đầu một thành phần YAML",
    "found character that cannot start any token": "gặp ký tự không thể mở đầu một thành phần YAML (dấu tab, '@' hay '`'?)",
    "found a tab character that violates indentation": "gặp dấu tab làm sai thụt lề (YAML chỉ thụt lề bằng dấu cách)",
    "found a tab character where an indentation space is expected": "gặp dấu tab ở chỗ cần dấu cách thụt lề (YAML chỉ thụt lề bằng dấu cách)",
    "found unexpected end of stream": "tệp hết khi giá trị chưa kết thúc (thiếu dấu ngoặc kép đóng?)",
    "found unexpected document separator": "gặp dấu phân cách tài liệu ('---' hoặc '...') khi giá trị chưa kết thúc",
    "found unexpected document indicator": "gặp dấu phân cách tài liệu ('---' hoặc '...') khi giá trị chưa kết thúc",
    "found unexpected ':'": "gặp dấu ':' không đúng chỗ",
    "found unexpected non-alphabetical character": "gặp ký tự không phải chữ cái",
    "found unknown escape character {found}": "ký tự thoát {found} không hợp lệ sau '\\' (viết '\\\\' hoặc dùng ngoặc đơn)",
    "found unknown escape character": "ký tự thoát không hợp lệ sau '\\' (viết '\\\\' hoặc dùng ngoặc đơn)",
    "found invalid Unicode character escape code": "gặp mã ký tự Unicode không hợp lệ sau dấu thoát",
    "found an indentation indicator equal to 0": "số chỉ thụt lề của khối văn bản bằng 0 (phải từ 1 đến 9)",
    "expected indentation indicator in the range 1-9, but found 0": "số chỉ thụt lề của khối văn bản bằng 0 (phải từ 1 đến 9)",
    "found undefined alias {found}": "gặp tham chiếu {found} tới một nhãn neo ('&') chưa đặt",
    "found undefined alias": "gặp tham chiếu ('*') tới một nhãn neo ('&') chưa đặt",
    "second occurrence": "nhãn neo ('&') được đặt lần thứ hai ở đây",
    "but found another document": "nhưng gặp thêm một tài liệu (dấu '---')",
    "found undefined tag handle {found}": "gặp tên rút gọn {found} của thẻ chưa khai báo",
    "found undefined tag handle": "gặp tên rút gọn của thẻ chưa khai báo",
    "duplicate tag handle {found}": "tên rút gọn {found} của thẻ được khai báo hai lần",
    "found duplicate %TAG directive": "chỉ thị %TAG được khai báo hai lần",
    "found duplicate %YAML directive": "chỉ thị %YAML được khai báo hai lần",
    "found duplicate YAML directive": "chỉ thị %YAML được khai báo hai lần",
    "found unknown directive name": "gặp chỉ thị không rõ (chỉ có %YAML và %TAG)",
    "found extremely long version number": "số phiên bản quá dài",
    "found incompatible YAML document": "tài liệu YAML không tương thích (cần phiên bản 1.*)",
    "found incompatible YAML document (version 1.* is required)": "tài liệu YAML không tương thích (cần phiên bản 1.*)",
    "expected <block end>, but found {found}": "thụt lề không khớp: gặp {found} khi khối trên chưa kết thúc",
    "expected the node content, but found {found}": "cần một giá trị, nhưng gặp {found}",
    "expected '<document start>', but found {found}": "cần dấu mở đầu tài liệu '---', nhưng gặp {found}",
    "expected ',' or ']', but got {found}": "cần ',' hoặc ']', nhưng gặp {found} (chưa đóng ngoặc vuông?)",
    "expected ',' or '}', but got {found}": "cần ',' hoặc '}', nhưng gặp {found} (chưa đóng ngoặc nhọn?)",
    "expected alphabetic or numeric character, but found {found}": "cần chữ cái hoặc chữ số, nhưng gặp {found}",
    "expected a digit or '.', but found {found}": "cần chữ số hoặc dấu '.', nhưng gặp {found}",
    "expected a digit or ' ', but found {found}": "cần chữ số hoặc dấu cách, nhưng gặp {found}",
    "expected a digit, but found {found}": "cần chữ số, nhưng gặp {found}",
    "expected ' ', but found {found}": "cần dấu cách, nhưng gặp {found}",
    "expected a comment or a line break, but found {found}": "cần chú thích ('#') hoặc xuống dòng, nhưng gặp {found}",
    "expected chomping or indentation indicators, but found {found}": "cần dấu '+', '-' hoặc số chỉ thụt lề sau '|' hay '>', nhưng gặp {found}",
    "expected escape sequence of {count} hexadecimal numbers, but found {found}": "cần {count} chữ số hệ mười sáu sau dấu thoát, nhưng gặp {found}",
    "expected '!', but found {found}": "cần dấu '!', nhưng gặp {found}",
    "expected '>', but found {found}": "cần dấu '>', nhưng gặp {found}",
    "expected URI, but found {found}": "cần địa chỉ của thẻ, nhưng gặp {found}",
    "expected URI escape sequence of 2 hexadecimal numbers, but found {found}": "cần 2 chữ số hệ mười sáu sau dấu '%' trong địa chỉ, nhưng gặp {found}",
    "exceeded maximum nesting depth": "lồng nhau quá sâu",
    # a ReaderError's reason (a character YAML does not allow anywhere in the file)
    "control characters are not allowed": "không được có ký tự điều khiển",
    "special characters are not allowed": "không được có ký tự đặc biệt",
    "invalid Unicode character": "ký tự Unicode không hợp lệ",
    "found an incorrect leading UTF-8 octet": "byte đầu của ký tự UTF-8 không hợp lệ",
    "found an incorrect trailing UTF-8 octet": "byte sau của ký tự UTF-8 không hợp lệ",
    "invalid leading UTF-8 octet": "byte đầu của ký tự UTF-8 không hợp lệ",
    "invalid trailing UTF-8 octet": "byte sau của ký tự UTF-8 không hợp lệ",
    "incomplete UTF-8 octet sequence": "ký tự UTF-8 bị cắt cụt",
    "invalid length of a UTF-8 sequence": "độ dài ký tự UTF-8 không hợp lệ",
    "incomplete UTF-16 character": "ký tự UTF-16 bị cắt cụt",
    "incomplete UTF-16 surrogate pair": "cặp ký tự UTF-16 bị cắt cụt",
    "unexpected low surrogate area": "ký tự UTF-16 không hợp lệ",
    "input is too long": "tệp quá dài",
    # the context: what PyYAML was reading when it met the problem
    "while scanning a simple key": "khi đọc một khóa",
    "while scanning a plain scalar": "khi đọc một giá trị",
    "while scanning a quoted scalar": "khi đọc một giá trị trong ngoặc",
    "while scanning a double-quoted scalar": "khi đọc một giá trị trong ngoặc kép",
    "while parsing a quoted scalar": "khi đọc một giá trị trong ngoặc",
    "while scanning a block scalar": "khi đọc một khối văn bản ('|' hoặc '>')",
    "while scanning for the next token": "khi tìm thành phần tiếp theo",
    "while scanning an anchor": "khi đọc một nhãn neo ('&')",
    "while scanning an alias": "khi đọc một tham chiếu ('*')",
    "while scanning a tag": "khi đọc một thẻ ('!')",
    "while parsing a tag": "khi đọc một thẻ ('!')",
    "while scanning a directive": "khi đọc một chỉ thị ('%')",
    "while parsing a directive": "khi đọc một chỉ thị ('%')",
    "while scanning a %YAML directive": "khi đọc chỉ thị %YAML",
    "while scanning a %TAG directive": "khi đọc chỉ thị %TAG",
    "while parsing a %TAG directive": "khi đọc chỉ thị %TAG",
    "while scanning a tag directive": "khi đọc chỉ thị %TAG",
    "while parsing a tag directive": "khi đọc chỉ thị %TAG",
    "while parsing a node": "khi đọc một giá trị",
    "while parsing a block node": "khi đọc một giá trị",
    "while parsing a flow node": "khi đọc một giá trị trong ngoặc",
    "while parsing a block collection": "khi đọc một danh sách các dòng '-'",
    "while parsing a block mapping": "khi đọc các dòng 'khóa: giá trị'",
    "while parsing a flow sequence": "khi đọc một danh sách trong '[ ]'",
    "while parsing a flow mapping": "khi đọc một bảng trong '{ }'",
    "while increasing block level": "khi tăng mức thụt lề",
    "while increasing flow level": "khi tăng mức lồng ngoặc",
    "expected a single document in the stream": "tệp chỉ được có một tài liệu",
    "found duplicate anchor {found}; first occurrence": "nhãn neo {found} đã đặt lần đầu ở trên",
    "found duplicate anchor; first occurrence": "nhãn neo đã đặt lần đầu ở trên",
}
#: what PyYAML names as {found}: a character, said in words, or a token
YAML_FOUND_VI: dict[str, str] = {
    "'\\t'": "dấu tab", "' '": "dấu cách", "'\\n'": "chỗ xuống dòng", "'\\r'": "chỗ xuống dòng", "'\\x00'": "cuối tệp",
    "'\\0'": "cuối tệp", "'<block end>'": "chỗ kết thúc khối", "'<block mapping start>'": "một khóa mới",
    "'<block sequence start>'": "một danh sách mới", "'<scalar>'": "một giá trị", "'<stream end>'": "cuối tệp",
    "'<stream start>'": "đầu tệp", "'<document start>'": "dấu '---'", "'<document end>'": "dấu '...'",
    "'<directive>'": "một chỉ thị ('%')", "'<alias>'": "một tham chiếu ('*')", "'<anchor>'": "một nhãn neo ('&')",
    "'<tag>'": "một thẻ ('!')", "'<block entry>'": "một mục danh sách ('-')",
}


def yaml_found(found: str) -> str:
    """A character or token PyYAML quotes ('\\t', '<block mapping start>'), in Vietnamese words (a plain one as it is)."""
    return YAML_FOUND_VI.get(found, found)


def _yaml_pattern(english: str) -> re.Pattern[str]:
    """A YAML_VI key as a regular expression whose {fields} are named groups."""
    return re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.+)", re.escape(english)))


@lru_cache(maxsize=1)
def _yaml_patterns() -> list[tuple[re.Pattern[str], str]]:
    """The YAML_VI keys with {fields}, as patterns (compiled when a syntax error is first said)."""
    return [(_yaml_pattern(en), vi) for en, vi in YAML_VI.items() if re.search(r"\{\w+\}", en)]


def yaml_vi(phrase: str) -> str | None:
    """One PyYAML phrase (a problem, context or reason) in Vietnamese; None when YAML_VI does not know it."""
    if phrase in YAML_VI:
        return YAML_VI[phrase]
    for pattern, vi in _yaml_patterns():
        m = pattern.fullmatch(phrase)
        if m:
            for name, value in m.groupdict().items():  # (not str.format: the phrases quote '{' and '}')
                vi = vi.replace("{" + name + "}", yaml_found(value) if name == "found" else value)
            return vi
    return None


def yaml_error_vi(problem: str | None, context: str | None = None) -> str:
    """A YAML syntax error in Vietnamese: the problem, then what PyYAML was reading in brackets; a phrase YAML_VI does
    not know is given as PyYAML wrote it, in quotes, after a Vietnamese sentence (never a bare English sentence)."""
    said = [yaml_vi(p) for p in (problem, context) if p]
    known = [s for s in said if s is not None]
    if len(known) < len(said) or not known:
        english = " ".join(p for p in (context, problem) if p)
        return f'tệp không đúng cú pháp YAML (PyYAML báo: "{english}")' if english else "tệp không đúng cú pháp YAML"
    return f"{known[0]} ({known[1]})" if len(known) == 2 else known[0]
