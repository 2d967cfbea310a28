"""What the system or a library said when it failed, in Vietnamese and English: never their English alone.

An `OSError` is said by its errno from `ERRNO` (every errno a file read or write can plausibly give);
an errno not in the table is named by its symbol ('ESTALE') in a Vietnamese sentence, the system's own
words after a Vietnamese label. A `csv.Error` is said by its known phrases. A reader's failure whose
words cannot be foreseen (calamine, pyarrow, pandas) is a Vietnamese sentence with the library's text
after the label "chi tiết từ thư viện". No heavy imports: outputs and the CLI use this at start-up.
"""

from __future__ import annotations

import errno as _errno
import re

from cltrack.models import Text

#: errno symbol -> (Vietnamese, English as glibc's strerror says it)
ERRNO: dict[str, tuple[str, str]] = {
    "ENOENT": ("không có tệp hay thư mục này", "No such file or directory"),
    "EACCES": ("không có quyền truy cập", "Permission denied"),
    "EPERM": ("thao tác không được phép", "Operation not permitted"),
    "EISDIR": ("đây là một thư mục", "Is a directory"),
    "ENOTDIR": ("một phần của đường dẫn không phải thư mục", "Not a directory"),
    "ENOSPC": ("đĩa đã đầy", "No space left on device"),
    "EDQUOT": ("đã vượt hạn mức dung lượng đĩa", "Disk quota exceeded"),
    "EROFS": ("hệ thống tệp chỉ cho phép đọc", "Read-only file system"),
    "EIO": ("lỗi đọc/ghi của thiết bị lưu trữ", "Input/output error"),
    "ENAMETOOLONG": ("tên tệp quá dài", "File name too long"),
    "ELOOP": ("liên kết tượng trưng lồng quá nhiều tầng hoặc vòng lại chính nó", "Too many levels of symbolic links"),
    "EMFILE": ("chương trình đang mở quá nhiều tệp", "Too many open files"),
    "ENFILE": ("hệ thống đang mở quá nhiều tệp", "Too many open files in system"),
    "EFBIG": ("tệp quá lớn", "File too large"),
    "ETXTBSY": ("tệp đang được chạy nên không ghi được", "Text file busy"),
    "EBUSY": ("thiết bị hoặc tài nguyên đang bận", "Device or resource busy"),
    "EXDEV": ("không chuyển được tệp sang ổ đĩa khác", "Invalid cross-device link"),
    "EINVAL": ("tham số không hợp lệ", "Invalid argument"),
    "ENOMEM": ("không đủ bộ nhớ", "Cannot allocate memory"),
    "EAGAIN": ("tài nguyên tạm thời không sẵn sàng, hãy thử lại", "Resource temporarily unavailable"),
    "ESPIPE": ("không di chuyển được vị trí đọc (đây là đường ống hoặc luồng, không phải tệp)", "Illegal seek"),
    "EPIPE": ("đường ống đã bị đóng ở đầu bên kia", "Broken pipe"),
    "EEXIST": ("tệp đã tồn tại", "File exists"),
    "ENOTEMPTY": ("thư mục không trống", "Directory not empty"),
    "ENXIO": ("không có thiết bị hay địa chỉ này", "No such device or address"),
    "ENODEV": ("không có thiết bị này", "No such device"),
    "EBADF": ("bộ mô tả tệp không hợp lệ", "Bad file descriptor"),
    "EINTR": ("lời gọi hệ thống bị ngắt", "Interrupted system call"),
    "EOVERFLOW": ("giá trị quá lớn so với kiểu dữ liệu", "Value too large for defined data type"),
    "EOPNOTSUPP": ("thao tác không được hỗ trợ", "Operation not supported"),
    "ENOSYS": ("hệ thống không có chức năng này", "Function not implemented"),
    "EMLINK": ("quá nhiều liên kết", "Too many links"),
    "ESTALE": ("tham chiếu tới tệp đã hết hiệu lực (ổ mạng)", "Stale file handle"),
    "ETIMEDOUT": ("hết thời gian chờ kết nối", "Connection timed out"),
    "ENOLCK": ("không còn khóa tệp nào", "No locks available"),
    "ENOBUFS": ("không còn bộ đệm", "No buffer space available"),
    "EILSEQ": ("chuỗi ký tự đa byte không hợp lệ", "Invalid or incomplete multibyte or wide character"),
    "ENOMEDIUM": ("không có phương tiện lưu trữ trong ổ", "No medium found"),
    "ECONNRESET": ("kết nối bị đầu bên kia ngắt", "Connection reset by peer"),
    "ENOTCONN": ("chưa có kết nối", "Transport endpoint is not connected"),
    "EREMOTEIO": ("lỗi đọc/ghi ở máy ở xa", "Remote I/O error"),
}
#: the label before words that come in English from elsewhere
FROM_SYSTEM, FROM_LIBRARY = "chi tiết từ hệ điều hành", "chi tiết từ thư viện"
DETAIL_LIMIT = 200
UNKNOWN_ENCODING = Text("không rõ bảng mã văn bản", "unknown text encoding")
EMPTY_FILE = Text("tệp rỗng", "the file is empty")


def os_error(exc: OSError) -> Text:
    """An OSError's reason in vi and en, by its errno (the symbol named, never English alone, for one not in ERRNO)."""
    code = exc.errno
    symbol = _errno.errorcode.get(code) if isinstance(code, int) else None
    if symbol == "ENOTSUP":  # the same number as EOPNOTSUPP on Linux
        symbol = "EOPNOTSUPP"
    if symbol in ERRNO:
        vi, en = ERRNO[symbol]
        return Text(vi, en)
    words = short(exc.strerror or (exc.args[0] if exc.args else "") or type(exc).__name__)
    if symbol is not None:
        return Text(f"lỗi hệ điều hành {symbol} ({FROM_SYSTEM}: {words})", f"{words} ({symbol})")
    return Text(f"lỗi vào/ra ({FROM_SYSTEM}: {words})", words)


#: the csv module's own phrases (its C reader's messages) -> a Vietnamese template of the same fields
CSV_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"field larger than field limit \((?P<limit>\d+)\)"), "một ô dài hơn giới hạn {limit} ký tự"),
    (re.compile(r"line contains NUL"), "dòng có ký tự NUL"),
    (re.compile(r"new-line character seen in unquoted field"), "xuống dòng bên trong một ô không nằm trong ngoặc kép"),
    (re.compile(r"unexpected end of data"), "tệp kết thúc giữa chừng một ô"),
    (re.compile(r"'(?P<a>.)' expected after '(?P<b>.)'"), "cần '{a}' sau '{b}'"),
)


def csv_error(exc: Exception) -> Text:
    """A csv.Error in vi and en: its known phrases translated, any other behind the library label."""
    text = short(str(exc))
    for pattern, vi in CSV_PHRASES:
        m = pattern.search(text)
        if m:
            return Text(vi.format(**m.groupdict()), text)
    return Text(f"không đọc được dạng csv ({FROM_LIBRARY}: {text})", text)


#: a pyarrow csv reader's phrase for a ragged row, the one parse error a survey csv commonly has
_ARROW_COLUMNS = re.compile(r"(?:Row #(?P<row>\d+): )?Expected (?P<expected>\d+) columns, got (?P<got>\d+): ?(?P<text>.*)", re.S)


def reader_failure(exc: BaseException, what: Text) -> Text:
    """A reader's exception as a file-unreadable reason: an OSError by its errno, pyarrow's ragged row in words,
    else `what` (which reader failed, in both languages) with the library's own text behind a Vietnamese label."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return os_error(exc)
    text = short(str(exc))
    m = _ARROW_COLUMNS.search(text)
    if m:
        row = f"dòng {m['row']}: " if m["row"] else ""
        row_en = f"row {m['row']}: " if m["row"] else ""
        return Text(f"{row}một dòng có {m['got']} ô trong khi tiêu đề có {m['expected']} cột: {m['text']}",
                    f"{row_en}a row has {m['got']} fields where the header has {m['expected']} columns: {m['text']}")
    named = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return Text(f"{what.vi} ({FROM_LIBRARY}: {named})", f"{what.en} ({named})")


def short(text: object) -> str:
    """The first line of a message, cut at DETAIL_LIMIT characters."""
    lines = str(text).strip().splitlines()
    first = lines[0] if lines else ""
    return first if len(first) <= DETAIL_LIMIT else first[: DETAIL_LIMIT - 1] + "…"
