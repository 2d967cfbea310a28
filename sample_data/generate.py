"""Generate the sample report data in `sample_data/` (seeded, deterministic).

    .venv/bin/python sample_data/generate.py [OUT_DIR]

Needs the cltrack package installed (its gazetteers before and after the 2025 reform, the official
conversion table and the data standard's element list, all built from the GSO lists in
`../shared/data/gazetteer/` by `scripts/build_gazetteer.py`) and openpyxl. Writes, for the three
shipped plans, one report per year 2021-2025 with the real unit names of the area (list "2025-01"):
every commune-level count element of the data standard on commune rows (so any plan target has
data), and one row per district (commune blank) for the district elements (`articles_published`,
`training_courses`, `collaborator_trainings`).

- `trieu-son/trieu-son-YYYY.xlsx`: the 32 communes of Huyện Triệu Sơn plus the district row;
  2024 is `trieu-son/bieu-tong-hop-2024.xlsx` only, laid out as the printed district form (office
  and national motto, title lines, merged two-row header with group headers, numbering row, STT
  column, merged district column, some numbers typed as text "1.234", a matching "Tổng cộng" row,
  a signature block).
- `hai-duong/hai-duong-YYYY.xlsx`: the 207 communes and 12 districts of Tỉnh Hải Dương; 2022 is a
  csv with code headers and a `year` column.
- `dak-lak/dak-lak-YYYY.xlsx`: the 180 communes and 15 districts of Tỉnh Đắk Lắk; two communes
  sent nothing in 2024.
- `hai-duong-survey/survey-2024.csv`: child-level survey microdata for Hải Dương, strata = the
  districts (code), 3-5 communes per district as PSUs (code), weights = inverse selection
  probabilities. (A folder of its own, so that passing `sample_data/hai-duong` gives only reports.)
- `trieu-son-2026/trieu-son-2026.xlsx`: a post-reform (list "2025-07") report on the 8 new communes
  that the 32 old ones went into whole, each the sum of its old communes' simulated 2026 figures.

The story: informed and trained shares rise from about 55-75% in 2021 to 85-100% in 2025, about one
commune in twelve lags, the child-labour rate falls (Triệu Sơn 1.4% to 0.6%), a few cells are blank
(never written as 0), every part is at most its whole, no count moves more than 3x from one year to
the next, all counts are whole numbers. Running the script twice gives byte-identical files (fixed
seed, fixed workbook properties and zip timestamps). It does not delete files: remove a file whose
name changed by hand (tests/test_sample_data.py notices a stale one).
"""

from __future__ import annotations

import csv
import io
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20210415
YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025)
FIXED_TIME = datetime(2025, 12, 1, 8, 0, 0)
JUMP = 3  # the validator's year-jump factor: no count moves more than this from year to year

# whole -> (part, mean size per commune, spread, share of communes where the whole is 0)
PAIRS: dict[str, tuple[str | None, float, float, float]] = {
    "children_5_17": (None, 1900, 0.35, 0.0),
    "edu_staff": ("edu_staff_informed", 95, 0.35, 0.0),
    "care_staff": ("care_staff_informed", 7, 0.4, 0.15),
    "parents": ("parents_informed", 2100, 0.35, 0.0),
    "grassroots_officials": ("grassroots_officials_informed", 24, 0.2, 0.0),
    "employers": ("employers_informed", 45, 0.5, 0.0),
    "pupils_primary": ("pupils_primary_informed", 720, 0.35, 0.0),
    "pupils_lower_secondary": ("pupils_lower_secondary_informed", 540, 0.35, 0.0),
    "pupils_upper_secondary": ("pupils_upper_secondary_informed", 380, 0.45, 0.0),
    "children": ("children_informed", 2300, 0.35, 0.0),
    "residents_cl_villages": ("residents_cl_villages_informed", 850, 0.5, 0.0),
    "businesses": ("businesses_informed", 160, 0.5, 0.0),
    "child_workers": ("child_workers_trained", 6, 0.25, 0.0),
    "high_risk_establishments": ("high_risk_establishments_trained", 28, 0.6, 0.0),
    "enterprises": ("enterprises_trained", 14, 0.6, 0.0),
    "craft_households": ("craft_households_trained", 70, 0.6, 0.4),
    "edu_sector_employees": ("edu_sector_employees_trained", 105, 0.3, 0.0),
    "collaborators": ("collaborators_informed_of_plan", 9, 0.3, 0.0),
}
CL_BLOCK = ("children_5_17", "child_labourers_5_17", "hazardous_5_17", "cl_identified", "cl_supported",
            "cl_and_at_risk", "cl_in_education")
DISTRICT_ELEMENTS = ("articles_published", "training_courses", "collaborator_trainings")


@dataclass(frozen=True)
class Area:
    """One sample area: folder, plan, the units it reports on and its story's settings."""

    key: str
    province_code: str
    district_code: str | None
    rate_start: float  # child-labour rate (%) in 2021
    rate_end: float  # ... and in 2025
    district_rows: bool


AREAS: tuple[Area, ...] = (
    Area("trieu-son", "38", "397", 1.5, 0.6, True),
    Area("hai-duong", "30", None, 1.3, 0.8, True),
    Area("dak-lak", "66", None, 2.2, 1.1, True),
)


# --------------------------------------------------------------------------- the numbers


def commune_elements() -> list[str]:
    """Every commune-level count element of the data standard, in its order (so any plan target has data)."""
    from cltrack.elements import ELEMENTS

    return [c for c, e in ELEMENTS.items() if e.kind == "count"]


def clamp_jump(prev: int | None, cur: int, upper: int | None = None) -> int:
    """Keep `cur` within a factor JUMP of a positive `prev` (and at most `upper`)."""
    if prev is not None and prev > 0 and cur > 0:
        cur = min(max(cur, math.ceil(prev / JUMP)), prev * JUMP)
    if upper is not None:
        cur = min(cur, upper)
    return cur


# Elements whose informed/trained share grows faster (+) or slower (-) than the rest, per area.
PACE: dict[str, dict[str, float]] = {
    "trieu-son": {"parents": 0.03, "craft_households": -0.04, "cl_in_education": 0.0},
    "hai-duong": {"edu_staff": 0.07, "edu_sector_employees": 0.07, "children": 0.05, "parents": -0.02},
    "dak-lak": {"pupils_primary": 0.04, "edu_staff": 0.04, "employers": -0.04, "residents_cl_villages": -0.03},
}
# Small staff groups that a commune often trains or informs in full once it gets going.
FULL_COVERAGE: frozenset[str] = frozenset({"child_workers", "care_staff", "collaborators", "grassroots_officials"})


def share_path(rng: random.Random, lagging: bool, years: int, pace: float = 0.0, full: bool = False) -> list[float]:
    """Informed/trained share per year: 55-75% at first, 85-100% at the end (65-78% if lagging);
    `pace` shifts the path, `full` reaches 100% from the fourth year on."""
    start = rng.uniform(0.55, 0.75) + pace
    end = rng.uniform(0.65, 0.78) if lagging else rng.choice([rng.uniform(0.85, 0.99), 1.0]) + pace
    out = []
    for t in range(years):
        frac = min(1.0, t / 4)
        s = start + (end - start) * frac + (rng.uniform(-0.03, 0.03) if 0 < t < 4 else 0.0)
        if full and not lagging and t >= 3:
            s = 1.0
        out.append(min(1.0, max(0.3, s)))
    return out


def simulate_unit(rng: random.Random, area: Area, n_years: int, lagging: bool) -> list[dict[str, int]]:
    """Counts of one commune for `n_years` consecutive years (2021 onwards)."""
    sizes = {w: (0 if rng.random() < zero else max(1, round(mean * math.exp(rng.gauss(0, spread)))))
             for w, (_, mean, spread, zero) in PAIRS.items()}
    growth = rng.uniform(-0.01, 0.02)
    rate_mult = math.exp(rng.gauss(0, 0.35)) * (1.6 if lagging else 1.0) / 1.12  # 1.12: mean of the rest
    ident_level = rng.uniform(0.6, 5.0)
    risk_level = rng.uniform(2.0, 14.0)
    haz_start = rng.uniform(0.3, 0.5)
    pace = PACE.get(area.key, {})
    shares = {w: share_path(rng, lagging and rng.random() < 0.7, n_years, pace.get(w, 0.0),
                            w in FULL_COVERAGE and rng.random() < 0.6) for w in PAIRS}
    edu_share = share_path(rng, lagging, n_years)
    years: list[dict[str, int]] = []
    prev: dict[str, int] = {}
    for t in range(n_years):
        row: dict[str, int] = {}
        for whole, (part, *_rest) in PAIRS.items():
            base = sizes[whole]
            w = round(base * (1 + growth) ** t * (1 + rng.uniform(-0.015, 0.015))) if base else 0
            w = clamp_jump(prev.get(whole), w)
            row[whole] = w
            if part:
                p = round(w * shares[whole][t])
                row[part] = clamp_jump(prev.get(part), p, upper=w)
        frac = min(1.0, t / 4)
        rate = (area.rate_start + (area.rate_end - area.rate_start) * frac * (0.5 if lagging else 1.0))
        rate *= rate_mult * (1 + rng.uniform(-0.08, 0.08))
        cl = round(row["children_5_17"] * rate / 100)
        row["child_labourers_5_17"] = clamp_jump(prev.get("child_labourers_5_17"), cl, upper=row["children_5_17"])
        haz = round(row["child_labourers_5_17"] * (haz_start - 0.04 * t))
        row["hazardous_5_17"] = clamp_jump(prev.get("hazardous_5_17"), max(0, haz),
                                           upper=row["child_labourers_5_17"])
        ident = max(1, round(ident_level * (1 - 0.08 * t) * (1 + rng.uniform(-0.3, 0.3))))
        row["cl_identified"] = clamp_jump(prev.get("cl_identified"), ident)
        missed = 1 if rng.random() < (0.25 - 0.05 * t) * (2 if lagging else 1) else 0
        row["cl_supported"] = clamp_jump(prev.get("cl_supported"), row["cl_identified"] - missed,
                                         upper=row["cl_identified"])
        risk = max(1, round(risk_level * (1 - 0.07 * t) * (1 + rng.uniform(-0.2, 0.2))))
        row["cl_and_at_risk"] = clamp_jump(prev.get("cl_and_at_risk"), risk)
        edu = round(row["cl_and_at_risk"] * min(1.0, 0.8 + 0.2 * edu_share[t] ** 2))
        row["cl_in_education"] = clamp_jump(prev.get("cl_in_education"), edu, upper=row["cl_and_at_risk"])
        years.append(row)
        prev = row
    return years


def simulate_district(rng: random.Random, n_years: int, lagging: bool) -> list[dict[str, int]]:
    """District-level counts (articles, training courses) for `n_years` years."""
    art = rng.uniform(2, 9)
    courses = rng.uniform(2, 6)
    out: list[dict[str, int]] = []
    prev: dict[str, int] = {}
    for t in range(n_years):
        a = 0 if lagging and t in (0, 3) else max(1, round(art * (1 + 0.1 * t) * rng.uniform(0.8, 1.2)))
        c = max(1, round(courses * (1 + 0.08 * t) * rng.uniform(0.8, 1.2)))
        c = clamp_jump(prev.get("training_courses"), c)
        k = 0 if lagging and t in (1, 3) else max(1, round(c * rng.uniform(0.3, 0.6)))
        row = {"articles_published": clamp_jump(prev.get("articles_published"), a),
               "training_courses": c,
               "collaborator_trainings": clamp_jump(prev.get("collaborator_trainings"), k, upper=c)}
        out.append(row)
        prev = row
    return out


def blank_some(rng: random.Random, rows: list[dict[str, Any]], elements: Sequence[str], share: float) -> None:
    """Blank (None) a few numerators, and more rarely a whole pair: not reported, never 0."""
    parts = [p for w, (p, *_r) in PAIRS.items() if p and p in elements and w in elements]
    for row in rows:
        if row.get("commune") is None:
            continue
        for p in parts:
            if rng.random() < share:
                row[p] = None
                if rng.random() < 0.3:
                    whole = next(w for w, (q, *_r) in PAIRS.items() if q == p)
                    row[whole] = None


@dataclass
class AreaData:
    """Rows per year for one area (dicts keyed by column code; None = blank)."""

    area: Area
    elements: list[str]
    years: dict[int, list[dict[str, Any]]]


def build_area(area: Area, extra_years: int = 0) -> AreaData:
    """Simulate every commune (and district) of an area for 2021-2025 (+ extra_years)."""
    from cltrack.units import gazetteer

    g = gazetteer.load("2025-01")
    rng = random.Random(f"{SEED}-{area.key}")
    elements = commune_elements()
    if area.district_rows:
        elements += list(DISTRICT_ELEMENTS)
    top = area.district_code or area.province_code
    districts = [g.by_code(area.district_code)] if area.district_code else g.children(area.province_code, "district")
    communes = g.children(top, "commune")
    province = g.by_code(area.province_code)
    n_years = len(YEARS) + extra_years
    lag_communes = set(rng.sample([c.code for c in communes], max(2, len(communes) // 12)))
    lag_districts = set(rng.sample([d.code for d in districts], max(1, len(districts) // 7))) if len(districts) > 1 else set()
    series = {c.code: simulate_unit(rng, area, n_years, c.code in lag_communes) for c in communes}
    dseries = {d.code: simulate_district(rng, n_years, d.code in lag_districts) for d in districts}
    dist_name = {d.code: d.name for d in districts}
    years: dict[int, list[dict[str, Any]]] = {}
    for t in range(n_years):
        year = YEARS[0] + t
        rows: list[dict[str, Any]] = []
        for c in communes:
            values = series[c.code][t]
            rows.append({"province": province.name, "district": dist_name[c.district_code], "commune": c.name,
                         "unit_code": c.code, **{e: values.get(e) for e in elements if e not in DISTRICT_ELEMENTS}})
        if area.district_rows:
            for d in districts:
                values = dseries[d.code][t]
                rows.append({"province": province.name, "district": d.name, "commune": None, "unit_code": d.code,
                             **{e: values[e] for e in DISTRICT_ELEMENTS}})
        if year <= YEARS[-1]:
            blank_some(rng, rows, elements, 0.006)
        years[year] = rows
    return AreaData(area, elements, years)


# --------------------------------------------------------------------------- writing


def header_vi(code: str) -> str:
    """The standard's Vietnamese header of a column code."""
    from cltrack.elements import ELEMENTS

    return ELEMENTS[code].header_vi


def new_workbook() -> Any:
    """An empty openpyxl workbook with fixed document properties (identical files on re-run)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "cltrack sample_data/generate.py"
    wb.properties.lastModifiedBy = "cltrack sample_data/generate.py"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def save_workbook(wb: Any, path: Path) -> None:
    """Save with fixed timestamps (openpyxl stamps `modified` at save time) and fixed zip dates."""
    import zipfile

    buf = io.BytesIO()
    wb.properties.modified = FIXED_TIME
    wb.save(buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = fix_core_times(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 12, 1, 8, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def fix_core_times(xml: bytes) -> bytes:
    """Replace the save-time stamp openpyxl writes into docProps/core.xml by FIXED_TIME."""
    import re

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def id_columns() -> list[str]:
    """Identifying columns of the plain layout."""
    return ["province", "district", "commune", "unit_code"]


def write_plain_xlsx(path: Path, year: int, rows: list[dict[str, Any]], elements: list[str]) -> None:
    """A plain report: one header row of Vietnamese headers, a sheet named by the year."""
    from openpyxl.styles import Alignment, Font

    wb = new_workbook()
    ws = wb.create_sheet(str(year))
    cols = id_columns() + elements
    heads = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã", "unit_code": "Mã ĐVHC"}
    for j, code in enumerate(cols, start=1):
        cell = ws.cell(row=1, column=j, value=heads.get(code) or header_vi(code))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, row in enumerate(rows, start=2):
        for j, code in enumerate(cols, start=1):
            v = row.get(code)
            if v is not None:
                ws.cell(row=i, column=j, value=v)
    ws.freeze_panes = "E2"
    save_workbook(wb, path)


def write_csv(path: Path, year: int, rows: list[dict[str, Any]], elements: list[str]) -> None:
    """A csv report with code headers (and a year column)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = id_columns() + ["year"] + elements
    w.writerow(cols)
    for row in rows:
        w.writerow(["" if (v := ({**row, "year": year}).get(c)) is None else v for c in cols])
    path.write_text(buf.getvalue(), encoding="utf-8")


TRAINED = ("child_workers", "high_risk_establishments", "enterprises", "craft_households", "edu_sector_employees")
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("I. Trẻ em lao động", ("children_5_17", "child_labourers_5_17", "hazardous_5_17")),
    ("II. Phát hiện, hỗ trợ, can thiệp", ("cl_identified", "cl_supported", "cl_and_at_risk", "cl_in_education")),
    ("III. Truyền thông, cung cấp thông tin",
     tuple(c for w, (p, *_r) in PAIRS.items() if p and w not in TRAINED for c in (w, p))),
    ("IV. Tập huấn, nâng cao năng lực", tuple(c for w in TRAINED for c in (w, PAIRS[w][0] or w))),
    ("V. Cấp huyện", DISTRICT_ELEMENTS),
)
# The printed form adds the unit after some headers, as offices do (the reader ignores it).
HEADER_UNITS: dict[str, str] = {"children_5_17": "người", "child_labourers_5_17": "người",
                                "articles_published": "tin, bài", "training_courses": "lớp"}


def as_text(value: int) -> str:
    """A count typed as text with a dot as thousands separator: 1234 -> '1.234'."""
    return f"{value:,}".replace(",", ".")


def write_printed_form(path: Path, year: int, rows: list[dict[str, Any]], elements: list[str]) -> None:
    """The printed district form: title lines, merged two-row grouped header, numbering row, STT,
    merged district column, text-typed numbers, a matching 'Tổng cộng' row and a signature block."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = new_workbook()
    ws = wb.create_sheet(str(year))
    data_cols = [c for _, group in GROUPS for c in group if c in elements]
    assert sorted(data_cols) == sorted(elements), "every element must be in a group of the printed form"
    cols = ["stt", "district", "commune"] + data_cols
    width = len(cols)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    # the issuing office top left, the national motto top right, then the form's title lines
    corner = (("UBND HUYỆN TRIỆU SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
              ("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Độc lập - Tự do - Hạnh phúc"))
    for r, (left, right) in enumerate(corner, start=1):
        for col, end, text in ((1, 5, left), (width - 9, width, right)):
            ws.cell(row=r, column=col, value=text).font = bold
            ws.cell(row=r, column=col).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=end)
    titles = [
        f"BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH PHÒNG NGỪA, GIẢM THIỂU TRẺ EM LAO ĐỘNG TRÁI QUY ĐỊNH "
        f"CỦA PHÁP LUẬT NĂM {year}",
        f"(Kèm theo Báo cáo số 215/BC-UBND ngày 15/11/{year} của UBND huyện Triệu Sơn)",
    ]
    for r, text in enumerate(titles, start=len(corner) + 2):
        ws.cell(row=r, column=1, value=text).font = bold if "BIỂU" in text else Font(italic=True)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    top = len(corner) + len(titles) + 3  # blank lines around the title
    heads = {"stt": "STT", "district": "Huyện", "commune": "Xã"}
    for j, code in enumerate(cols, start=1):
        if code in heads:
            ws.cell(row=top, column=j, value=heads[code])
            ws.merge_cells(start_row=top, start_column=j, end_row=top + 1, end_column=j)
        else:
            unit = f" ({HEADER_UNITS[code]})" if code in HEADER_UNITS else ""
            ws.cell(row=top + 1, column=j, value=header_vi(code) + unit)
    for label, group in GROUPS:
        present = [cols.index(c) + 1 for c in group if c in cols]
        if present:
            ws.cell(row=top, column=present[0], value=label)
            if len(present) > 1:
                ws.merge_cells(start_row=top, start_column=present[0], end_row=top, end_column=present[-1])
    numbering = top + 2
    for j in range(1, width + 1):
        ws.cell(row=numbering, column=j, value=f"({j})")
    first = numbering + 1
    district_rows = [r for r in rows if r.get("commune") is None]
    commune_rows = [r for r in rows if r.get("commune") is not None]
    ordered = district_rows + commune_rows
    text_cols = {"children_5_17", "parents", "parents_informed", "children", "children_informed"}
    for i, row in enumerate(ordered):
        r = first + i
        if row.get("commune") is not None:
            ws.cell(row=r, column=1, value=i + 1 - len(district_rows))
            ws.cell(row=r, column=3, value=row["commune"])
        if i == 0:
            ws.cell(row=r, column=2, value=row["district"])
        for j, code in enumerate(data_cols, start=4):
            v = row.get(code)
            if v is None:
                continue
            # the clerk typed the big numbers of some columns as text with a thousands dot
            ws.cell(row=r, column=j, value=as_text(v) if code in text_cols and v >= 1000 and i % 3 == 0 else v)
    last = first + len(ordered) - 1
    ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    ws.cell(row=first, column=2).alignment = Alignment(vertical="center", wrap_text=True)
    total = last + 1
    ws.cell(row=total, column=1, value="Tổng cộng").font = bold
    ws.merge_cells(start_row=total, start_column=1, end_row=total, end_column=3)
    for j, code in enumerate(data_cols, start=4):
        vals = [row.get(code) for row in ordered if row.get(code) is not None]
        ws.cell(row=total, column=j, value=sum(vals)).font = bold
    for r in range(top, total + 1):
        for j in range(1, width + 1):
            c = ws.cell(row=r, column=j)
            c.border = box
            if r < first:
                c.font = bold
                c.alignment = centre
    sig = total + 2
    ws.cell(row=sig, column=1, value=f"Ghi chú: số liệu tính đến ngày 31/10/{year}").font = Font(italic=True)
    ws.cell(row=sig + 1, column=2, value="NGƯỜI LẬP BIỂU").font = bold
    ws.cell(row=sig + 1, column=width - 3, value="KT. CHỦ TỊCH").font = bold
    ws.cell(row=sig + 2, column=width - 3, value="PHÓ CHỦ TỊCH").font = bold
    ws.cell(row=sig + 3, column=2, value="(Ký, ghi rõ họ tên)").font = Font(italic=True)
    ws.cell(row=sig + 3, column=width - 3, value="(Ký tên, đóng dấu)").font = Font(italic=True)
    ws.cell(row=sig + 7, column=2, value="Lê Thị Hương").font = bold
    ws.cell(row=sig + 7, column=width - 3, value="Nguyễn Văn Thành").font = bold
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 16
    ws.column_dimensions["C"].width = 20
    for j in range(4, width + 1):
        ws.column_dimensions[get_column_letter(j)].width = 11
    ws.row_dimensions[top + 1].height = 160
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{top}:{numbering}"
    save_workbook(wb, path)


def write_post_reform(path: Path, data: AreaData) -> None:
    """Triệu Sơn 2026 on the 8 new communes: each the sum of the old communes it took in."""
    from cltrack.units import gazetteer, reform

    new = gazetteer.load("2025-07")
    conv = reform.load()
    rows = [r for r in data.years[2026] if r.get("commune") is not None]
    count_cols = [e for e in data.elements if e not in DISTRICT_ELEMENTS]
    sums: dict[str, dict[str, int]] = {}
    for r in rows:
        (succ,) = conv.successors(r["unit_code"])  # every Triệu Sơn commune merged whole into one
        acc = sums.setdefault(succ.code, dict.fromkeys(count_cols, 0))
        for c in count_cols:
            acc[c] += r[c]
    out = []
    for code in sorted(sums):
        unit = new.by_code(code)
        province = new.by_code(unit.province_code)
        out.append({"province": province.name, "district": None, "commune": unit.name, "unit_code": code,
                    **sums[code]})
    write_plain_xlsx(path, 2026, out, count_cols)


# --------------------------------------------------------------------------- survey


def write_survey(path: Path, data: AreaData, year: int = 2024) -> int:
    """Hải Dương survey microdata: strata = districts, 3-5 communes per stratum (PSUs, equal
    probability), 100-190 children per commune (equal probability); weight = 1 / P(selection)."""
    from cltrack.units import gazetteer

    g = gazetteer.load("2025-01")
    rng = random.Random(f"{SEED}-survey")
    rows = [r for r in data.years[year] if r.get("commune") is not None]
    by_district: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_district.setdefault(r["district"], []).append(r)
    out: list[list[Any]] = []
    codes = {name: g.match(name, "district", within=data.area.province_code)[0].code for name in by_district}
    for d_name in sorted(by_district, key=codes.__getitem__):
        members = by_district[d_name]
        n = rng.randint(3, 5)
        chosen = sorted(rng.sample(members, n), key=lambda r: r["unit_code"])
        for c in chosen:
            pop = c["children_5_17"] or 1800
            m = rng.randint(100, 160)
            weight = round((len(members) / n) * (pop / m), 4)
            risk = 1.0 + rng.uniform(-0.4, 0.6)
            for _ in range(m):
                out.append(survey_child(rng, c, year, weight, risk, codes[d_name]))
    cols = ["province", "district", "commune", "year", "age", "sex", "hours_work", "hours_chores",
            "hazardous_work", "in_school", "weight", "stratum", "psu"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    w.writerows(out)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return len(out)


def survey_child(rng: random.Random, c: dict[str, Any], year: int, weight: float, risk: float,
                 stratum: str) -> list[Any]:
    """One surveyed child; about 1.2% are child labourers under the vn_law rules."""
    age = rng.randint(5, 17)
    sex = rng.choice(["nam", "nữ"])
    hours_work = 0
    hazardous = False
    u = rng.random()
    if u < 0.012 * risk:  # a child labourer under vn_law
        if age <= 12:
            hours_work = rng.randint(2, 18)
        elif age <= 14:
            hours_work, hazardous = (rng.randint(21, 35), False) if rng.random() < 0.6 else (rng.randint(4, 20), True)
        else:
            hours_work, hazardous = (rng.randint(41, 56), False) if rng.random() < 0.5 else (rng.randint(10, 40), True)
    elif age >= 13 and u < 0.012 * risk + 0.10:  # lawful light or part-time work
        hours_work = rng.randint(2, 20) if age <= 14 else rng.randint(4, 40)
    chores = rng.choice([0, 2, 3, 5, 7, 10, 14])
    in_school = not (hours_work > 30 and age >= 15 and rng.random() < 0.6)
    return [c["province"], c["district"], c["commune"], year, age, sex, hours_work, chores,
            "true" if hazardous else "false", "true" if in_school else "false", weight,
            stratum, c["unit_code"]]


# --------------------------------------------------------------------------- main


def generate(out: Path = HERE) -> list[Path]:
    """Write every sample file under `out`; return their paths."""
    written: list[Path] = []
    for area in AREAS:
        data = build_area(area, extra_years=1 if area.key == "trieu-son" else 0)
        folder = out / area.key
        folder.mkdir(parents=True, exist_ok=True)
        for year in YEARS:
            rows = data.years[year]
            if area.key == "hai-duong" and year == 2022:
                path = folder / f"{area.key}-{year}.csv"
                write_csv(path, year, rows, data.elements)
            elif area.key == "trieu-son" and year == 2024:
                path = folder / f"bieu-tong-hop-{year}.xlsx"  # the printed form is that year's only file
                write_printed_form(path, year, rows, data.elements)
            else:
                path = folder / f"{area.key}-{year}.xlsx"
                if area.key == "dak-lak" and year == 2024:  # two communes sent nothing this year
                    rows = [r for r in rows if r["unit_code"] not in dak_lak_silent(rows)]
                write_plain_xlsx(path, year, rows, data.elements)
            written.append(path)
        if area.key == "trieu-son":
            (out / "trieu-son-2026").mkdir(exist_ok=True)
            path = out / "trieu-son-2026" / "trieu-son-2026.xlsx"
            write_post_reform(path, data)
            written.append(path)
        if area.key == "hai-duong":
            (out / "hai-duong-survey").mkdir(exist_ok=True)
            path = out / "hai-duong-survey" / "survey-2024.csv"
            write_survey(path, data)
            written.append(path)
    return written


def dak_lak_silent(rows: list[dict[str, Any]]) -> set[str]:
    """The two Đắk Lắk communes whose 2024 report never arrived (the 7th and 101st commune)."""
    communes = [r["unit_code"] for r in rows if r.get("commune") is not None]
    return {communes[6], communes[100]}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for p in generate(target):
        print(p)
