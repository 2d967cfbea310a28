"""The data-entry form a reporting unit fills in: what goes in it (the writer is export/template.py).

A form holds title lines, the identifying columns (Tỉnh, Huyện, Xã, Mã ĐVHC, Năm), one column per
data element the plan uses (Vietnamese header, with the element code in a hidden row below it so
the form reads back exactly), one pre-filled row per unit expected to report (from the gazetteer),
and the part <= whole pairs that the workbook checks with data validation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from cltrack.compute import completeness
from cltrack.compute.completeness import ExpectedUnit
from cltrack.elements import ELEMENTS, PART_WHOLE
from cltrack.errors import CltrackError
from cltrack.i18n import date
from cltrack.models import Plan

TEMPLATE_LEVELS: tuple[str, ...] = ("commune", "district")


@dataclass(frozen=True)
class Column:
    """One column of the form: element code, Vietnamese header, kind (id or count)."""

    code: str
    header_vi: str
    kind: str


@dataclass(frozen=True)
class FormRow:
    """One pre-filled unit row: names as the gazetteer spells them, code and year."""

    province: str
    district: str
    commune: str | None
    unit_code: str
    year: int


@dataclass
class TemplateSpec:
    """Everything a form holds, independent of the file format."""

    plan: Plan
    year: int
    level: str
    title: list[str]
    columns: list[Column]
    rows: list[FormRow]
    checks: list[tuple[str, str]]  # (part, whole) element codes both on the form
    instructions: list[str] = field(default_factory=list)

    @property
    def element_codes(self) -> list[str]:
        """The data-element columns (counts) in order."""
        return [c.code for c in self.columns if c.kind != "id"]


def plan_elements(plan: Plan, level: str) -> list[Column]:
    """The plan's count elements (its `elements` list, then any its targets read), for `level` forms."""
    refs = {r.code: r for r in plan.elements}
    codes = list(dict.fromkeys([r.code for r in plan.elements] + [c for t in plan.targets for c in t.elements]))
    out: list[Column] = []
    for code in codes:
        std = ELEMENTS.get(code)
        if std is not None and std.kind == "id":
            continue
        kind = std.kind if std is not None else "count"
        if level == "commune" and kind == "district":
            continue  # district-office counts (articles, courses) are not filled in by communes
        header = (refs[code].header_vi if code in refs and refs[code].header_vi else None) or (std.header_vi if std else code)
        out.append(Column(code, header, kind))
    return out


def id_columns(level: str) -> list[Column]:
    """Tỉnh, Huyện, (Xã,) Mã ĐVHC, Năm."""
    codes = ["province", "district"] + (["commune"] if level == "commune" else []) + ["unit_code", "year"]
    return [Column(c, ELEMENTS[c].header_vi, "id") for c in codes]


def select_units(plan: Plan, level: str, unit: str | None, units: Sequence[ExpectedUnit] | None) -> list[ExpectedUnit]:
    """The units of the form: all of `level` in the plan's area, or those in/of the named unit."""
    pool = list(units) if units is not None else completeness.expected_units(plan, level)
    if not unit:
        return pool
    from cltrack.units.gazetteer import name_key

    key = name_key(unit)
    chosen = [u for u in pool if name_key(u.name) == key or (u.district and name_key(u.district) == key) or u.code == unit]
    if not chosen:
        names = sorted({u.district for u in pool if u.district} | {u.name for u in pool})
        raise CltrackError("no {level} or district named '{unit}' in plan '{plan_id}' (e.g. {items})", level=level, unit=unit, plan_id=plan.id, items=', '.join(names[:5]))
    return chosen


def title_lines(plan: Plan, year: int, level: str, unit: str | None) -> list[str]:
    """The form's title lines in Vietnamese."""
    level_vi = {"commune": "cấp xã", "district": "cấp huyện"}[level]
    area = plan.area.name
    due = "; ".join(f"trước ngày {date(dt.date(year, r.month, r.day), 'vi')}" for r in plan.reporting)
    lines = [
        f"BIỂU MẪU BÁO CÁO SỐ LIỆU NĂM {year}",
        plan.name.vi,
        f"Địa bàn: {unit or area} ({level_vi})",
    ]
    if due:
        lines.append(f"Hạn gửi báo cáo: {due}")
    return lines


GUIDE: tuple[str, ...] = (
    "HƯỚNG DẪN ĐIỀN BIỂU MẪU",
    "1. Mỗi dòng là một đơn vị hành chính; tên và mã đơn vị (Mã ĐVHC) đã được điền sẵn theo danh mục của Tổng cục Thống kê, không sửa.",
    "2. Mỗi xã chỉ điền dòng của xã mình; để nguyên các dòng khác (dòng không có số liệu nào không được tính là báo cáo).",
    "3. Ghi số lượng là số nguyên không âm (0, 1, 2, ...). Không ghi chữ, dấu gạch ngang, dấu phần trăm hay số thập phân.",
    "4. Để trống ô nếu đơn vị không có số liệu (chưa báo cáo); ghi 0 nếu số liệu bằng không. Ô trống không được tính là 0.",
    "5. Số người \"được cung cấp thông tin\", \"được tập huấn\" không được lớn hơn tổng số tương ứng ở cột trước; Excel sẽ báo lỗi nếu nhập sai.",
    "6. Không thêm, xóa hay đổi tên cột; không thêm dòng tổng cộng. Dòng tiêu đề và các cột tên đơn vị được khóa.",
    "7. Lưu tệp ở định dạng .xlsx và gửi về cơ quan tổng hợp đúng hạn ghi ở đầu biểu.",
)


def plan_ref(plan: Plan) -> str:
    """How a command names the plan: its id when cltrack ships it, else the path of its file."""
    from pathlib import Path

    from cltrack.plans.catalogue import shipped_dir

    source = Path(plan.source) if plan.source else None
    if source is None or source.parent.resolve() == shipped_dir().resolve():
        return plan.id
    return str(source.resolve())


def instructions(plan: Plan, year: int, file_name: str) -> list[str]:
    """The instruction sheet's lines: how to fill the form, and the commands that check it, as typed."""
    from shlex import quote

    ref, folder = quote(plan_ref(plan)), f"bao-cao-{year}"
    return [
        *GUIDE,
        "8. Kiểm tra biểu trước khi gửi (trên máy có cài cltrack, trong thư mục chứa tệp):",
        f"cltrack validate {quote(file_name)} --plan {ref}",
        f"9. Cơ quan tổng hợp đặt các biểu nhận về vào thư mục {folder}, rồi kiểm tra và tính kết quả:",
        f"cltrack validate {folder} --plan {ref}",
        f"cltrack evaluate {ref} {folder} --year {year} --output ket-qua-{year}.xlsx",
    ]


def template_spec(
    plan: Plan,
    year: int,
    level: str,
    *,
    unit: str | None = None,
    units: Sequence[ExpectedUnit] | None = None,
    file_name: str = "bieu-mau.xlsx",
) -> TemplateSpec:
    """The form for `plan`, `year` and `level` (commune or district), optionally for one unit, to be saved as `file_name`."""
    if level not in TEMPLATE_LEVELS:
        raise CltrackError("{option} must be {listed}, got '{value}'", option="level", listed=('commune', 'district'), value=level)
    start, end = plan.period
    if not start - 1 <= year <= max(end, 2030):
        raise CltrackError("year {year} is outside plan '{plan_id}' ({start}-{end})", year=year, plan_id=plan.id, start=start, end=end)
    elements = plan_elements(plan, level)
    if not elements:
        raise CltrackError("plan '{plan_id}' uses no data elements to put on a form", plan_id=plan.id)
    chosen = select_units(plan, level, unit, units)
    province = plan.area.province
    rows = [
        FormRow(
            province=u.province or province or "",
            district=(u.district or plan.area.district or "") if level == "commune" else u.name,
            commune=u.name if level == "commune" else None,
            unit_code=u.code,
            year=year,
        )
        for u in chosen
    ]
    codes = {c.code for c in elements}
    checks = [(p, w) for p, w in PART_WHOLE if p in codes and w in codes]
    return TemplateSpec(plan, year, level, title_lines(plan, year, level, unit), id_columns(level) + elements,
                        rows, checks, instructions(plan, year, file_name))
