"""Text from data made safe to show: control characters escaped, very long text shortened.

A cell, a header, a sheet or a file name can hold ANSI or OSC escapes (which recolour a terminal,
retitle it or write a hyperlink), a carriage return (which overwrites what was printed), a newline
followed by `::error file=...` (which a GitHub Actions log runs as a workflow command), or Unicode
direction overrides. `shown` writes every such character as a visible escape (`\\x1b`, `\\n`,
`\\u202e`), so what is printed is what the cell holds and nothing more. No imports beyond `re`.
"""

from __future__ import annotations

import re

MESSAGE_LIMIT = 120  # characters of one data value inside a message

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    """One control character as its visible escape."""
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def shown(value: object, limit: int | None = None) -> str:
    """`value` as text with control characters escaped, and cut to `limit` characters (with '…') when given."""
    text = value if isinstance(value, str) else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def has_control(text: str) -> bool:
    """True when `text` holds a character `shown` would escape."""
    return _CONTROL.search(text) is not None
