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
