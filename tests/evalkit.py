"""Helpers for the evaluate/explain/export tests: in-memory plans, areas and ReportData.

Unit names and codes are the real GSO ones (gso-communes-2025-01-04.csv).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from cltrack.models import Area, Baseline, Plan, Target, Text, UnitShareRule
from cltrack.reading.model import ReportData, SourceFile

TS_AREA = Area("Tỉnh Thanh Hóa", "38", "Huyện Triệu Sơn", "397")
DL_AREA = Area("Tỉnh Đắk Lắk", "66")
HD_AREA = Area("Tỉnh Hải Dương", "30")

# (commune, commune_code, district, district_code, province, province_code)
TS_COMMUNES = [
    ("Xã Dân Lực", "15700"),
    ("Xã Dân Lý", "15703"),
    ("Xã Dân Quyền", "15706"),
    ("Xã An Nông", "15709"),
]
DL_COMMUNES = [  # two communes in each of three districts
    ("Phường Tân Lập", "24118", "Thành phố Buôn Ma Thuột", "643"),
    ("Phường Tân Hòa", "24121", "Thành phố Buôn Ma Thuột", "643"),
    ("Phường An Lạc", "24305", "Thị Xã Buôn Hồ", "644"),
    ("Phường An Bình", "24308", "Thị Xã Buôn Hồ", "644"),
    ("Xã Krông Na", "24235", "Huyện Buôn Đôn", "647"),
    ("Xã Ea Huar", "24238", "Huyện Buôn Đôn", "647"),
]


def ts_area_frame() -> pd.DataFrame:
    """Four communes of Triệu Sơn as evaluate.area_units returns them."""
    return pd.DataFrame(
        {
            "commune_code": [c for _, c in TS_COMMUNES],
            "commune": [n for n, _ in TS_COMMUNES],
            "district_code": "397",
            "district": "Huyện Triệu Sơn",
            "province_code": "38",
            "province": "Tỉnh Thanh Hóa",
        }
    )


def dl_area_frame() -> pd.DataFrame:
    """Six communes in three districts of Đắk Lắk."""
    return pd.DataFrame(
        {
            "commune_code": [c[1] for c in DL_COMMUNES],
            "commune": [c[0] for c in DL_COMMUNES],
            "district_code": [c[3] for c in DL_COMMUNES],
            "district": [c[2] for c in DL_COMMUNES],
            "province_code": "66",
            "province": "Tỉnh Đắk Lắk",
        }
    )


def target(
    tid: str,
    kind: str = "ratio",
    comparator: str | None = ">=",
    value: float | None = 90.0,
    *,
    numerator: tuple[str, ...] = (),
    denominator: tuple[str, ...] = (),
    unit: str = "percent",
    deadline: int = 2025,
    objective: str = "1",
    unit_share: UnitShareRule | None = None,
    baseline: tuple[float, int] | None = None,
    direction: str | None = None,
    text_vi: str = "Câu mục tiêu",
) -> Target:
    """A Target with defaults for the fields a test does not care about."""
    return Target(
        id=tid, objective=objective, kind=kind, comparator=comparator, value=value, unit=unit,
        deadline=deadline, level="district", text_vi=text_vi, text_en="Target sentence",
        section="II.1", short=Text(f"{tid} ngắn", f"{tid} short"), numerator=numerator,
        denominator=denominator, unit_share=unit_share,
        baseline=Baseline(baseline[1], baseline[0]) if baseline else None, direction=direction,
    )


def plan(targets: list[Target], *, pid: str = "trieu-son", area: Area = TS_AREA, level: str = "district") -> Plan:
    """A Plan holding `targets`."""
    return Plan(
        id=pid, name=Text("Kế hoạch thử", "Test plan"), issuer="UBND", level=level, area=area,
        period=(2021, 2025), deadline_years=(2025,), reporting=(), elements=(), targets=tuple(targets),
        source=f"targets/{pid}.yaml",
    )


def report(records: list[dict[str, Any]], area: pd.DataFrame, *, file: str = "r.xlsx", sheet: str = "2024") -> ReportData:
    """ReportData from records naming a `commune` or (for district rows) a `district`, plus counts."""
    out = []
    by_commune = area.set_index("commune")
    by_district = area.drop_duplicates("district").set_index("district")
    for i, rec in enumerate(records):
        rec = dict(rec)
        row: dict[str, Any] = {"_file": file, "_sheet": sheet, "_row": rec.pop("_row", 5 + i), "year": rec.pop("year", 2024), "gazetteer": "2025-01"}
        if "commune" in rec:
            name = rec.pop("commune")
            a = by_commune.loc[name]
            row.update(level="commune", province=a.province, district=a.district, commune=name,
                       province_code=a.province_code, district_code=a.district_code, commune_code=a.commune_code,
                       unit_code=a.commune_code, unit=name)
        else:
            name = rec.pop("district")
            a = by_district.loc[name]
            row.update(level="district", province=a.province, district=name, commune=None,
                       province_code=a.province_code, district_code=a.district_code, commune_code=None,
                       unit_code=a.district_code, unit=name)
        row.update({k: (float("nan") if v is None else float(v)) for k, v in rec.items()})
        out.append(row)
    rows = pd.DataFrame(out)
    src = SourceFile(path=file, sha256="0" * 64, sheets=[sheet], rows_read=len(rows) + 2, rows_used=len(rows), rows_left_out=2)
    return ReportData(rows=rows, findings=[], left_out=[], sources=[src])
