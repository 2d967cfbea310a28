"""Write the small input files the docs' examples run on (deterministic; run again to remake them).

    .venv/bin/python docs/examples/make.py [OUT_DIR]

Every `$ cltrack ...` example in README.md and docs/*.md runs in tests/test_docs.py on these files,
on sample_data/ and on targets/, and its shown output is compared with what cltrack prints. This
script writes EVERY file under docs/examples (tests/test_docs.py checks that each shipped file is
what it writes, cell by cell, and that no other file is shipped there). Each file here is made for
one point of one page (named beside it below); the figures are few, chosen so a reader can redo the
arithmetic by hand, and worked by hand in the comments. The report layouts come from the test suite's
report writer (tests/report_factory.py: title lines, two-row headers, numbering, total and signature
rows, merged district cells, xlsb written record by record); workbooks are saved with fixed
timestamps as sample_data/generate.py saves its own, so a second run writes the same bytes.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "sample_data")]

from generate import new_workbook, save_workbook  # noqa: E402  (sample_data/generate.py)

from cltrack.elements import ELEMENTS  # noqa: E402
from report_factory import build_grid, commune_rows, write_csv, write_report, write_xlsb  # noqa: E402  (tests/report_factory.py)

PROV, DIST = "Tỉnh Thanh Hóa", "Huyện Triệu Sơn"
PARENTS, INFORMED = "Số cha mẹ, người chăm sóc trẻ em", "Số cha mẹ, người chăm sóc trẻ em được cung cấp thông tin"
HEAD = ["STT", "Huyện", "Xã", PARENTS, INFORMED]
Grid = list[list[Any]]


def xlsx(path: Path, sheets: dict[str, Grid], merges: dict[str, list[tuple[int, int, int, int]]] | None = None,
         hidden: dict[str, str] | None = None) -> None:
    """Sheets of cell grids to an xlsx file (merged ranges 0-based; `hidden`: sheet -> 'hidden' or 'veryHidden')."""
    wb = new_workbook()
    for name, grid in sheets.items():
        ws = wb.create_sheet(name)
        for r, line in enumerate(grid, start=1):
            for c, value in enumerate(line, start=1):
                if value not in ("", None):
                    ws.cell(row=r, column=c, value=value)
        for r0, c0, r1, c1 in (merges or {}).get(name, []):
            if (r0, c0) != (r1, c1):
                ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        ws.sheet_state = (hidden or {}).get(name, "visible")
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook(wb, path)


def fixed_dates(path: Path) -> None:
    """Rewrite a zip package with fixed member dates (the same bytes on every run)."""
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            dst.writestr(zipfile.ZipInfo(name, date_time=(2025, 12, 1, 8, 0, 0)), data, zipfile.ZIP_DEFLATED)


def text(path: Path, content: str | bytes) -> None:
    """A file of text (UTF-8) or bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)


def rows(*specs: tuple[str, Any, Any]) -> Grid:
    """Triệu Sơn commune rows numbered from 1: (commune, parents, parents informed)."""
    return [[n, DIST, commune, parents, informed] for n, (commune, parents, informed) in enumerate(specs, start=1)]


def office_form(path: Path, specs: list[tuple[str, Any, Any]]) -> None:
    """The printed district form: two title lines, two-row header, numbering, merged district, total, signatures."""
    data = [{"district": DIST, "commune": c, "parents": p, "parents_informed": i} for c, p, i in specs]
    grid, merges, _ = build_grid(data, title_lines=["UBND HUYỆN TRIỆU SƠN", "BIỂU TỔNG HỢP KẾT QUẢ PHÒNG NGỪA LAO ĐỘNG TRẺ EM"],
                                 two_row_header=True, numbering_row=True, total_row="bottom", signature=True,
                                 merge_district=True)
    xlsx(path, {"Báo cáo": grid}, {"Báo cáo": merges})


def evaluate_md(out: Path) -> None:
    """docs/evaluate.md: three Triệu Sơn communes' 2024 report (M2.1b, M2.2 by hand); a 200-child survey."""
    # M2.1b = (9 + 50) / (10 + 100) = 59 / 110 = 53.64% against >= 70%: gap 70 - 53.64 = 16.36 points,
    # 0.7 x 110 = 77 parents needed, 77 - 59 = 18 short; Dân Quyền's blank cells are not a report (2/32).
    # M2.2 = (36 + 44 + 40) / (40 + 60 + 50) = 120 / 150 = 80% (>= 70%, 3/32 communes: insufficient data).
    head = [*HEAD, "Số trẻ em", "Số trẻ em được cung cấp thông tin"]
    xlsx(out / "report-2024.xlsx", {"2024": [head, [1, DIST, "Xã Dân Lực", 10, 9, 40, 36], [2, DIST, "Xã Dân Lý", 100, 50, 60, 44],
                                              [3, DIST, "Xã Dân Quyền", "", "", 50, 40]]})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["province", "district", "year", "age", "sex", "hours_work", "weight"])
    # Child labour rate (M1.1, <= 1%) = 1 / 200 = 0.50%, every weight 1.
    for i in range(200):  # one child labourer (age 10, 12 hours of work a week) among 200 children aged 5-17
        w.writerow(["Tỉnh Hải Dương", "Huyện Gia Lộc", 2024, 5 + i % 13, "nam" if i % 2 else "nữ", 12 if i == 5 else 0, 1])
    text(out / "survey-2024.csv", buf.getvalue())


def survey_md(out: Path) -> None:
    """docs/survey.md: three districts of the Hải Dương sample survey, `hours_work` blanked in every twelfth row."""
    with open(REPO / "sample_data" / "hai-duong-survey" / "survey-2024.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, kept = list(reader.fieldnames or []), [r for r in reader]
    districts = list(dict.fromkeys(r["district"] for r in kept))[:3]
    kept = [r for r in kept if r["district"] in districts]
    for i in range(0, len(kept), 12):
        kept[i]["hours_work"] = ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fields, lineterminator="\n")
    w.writeheader()
    w.writerows(kept)
    text(out / "dieu-tra-2024.csv", buf.getvalue())


def survey_2022(out: Path) -> None:
    """docs/survey.md: a 2022 Hải Dương survey (the baseline year of a survey rate target): every eighth
    child of the 2024 sample survey, weights ×8, and every twentieth non-working child aged 5-12 given 3
    hours of work a week."""
    with open(REPO / "sample_data" / "hai-duong-survey" / "survey-2024.csv", encoding="utf-8", newline="") as fh:
        picked = list(csv.DictReader(fh))[::8]
    fields = ["province", "district", "commune", "year", "age", "sex", "hours_work", "hazardous_work", "weight", "stratum", "psu"]
    idle = 0
    for r in picked:
        r["year"], r["weight"] = "2022", repr(round(float(r["weight"]) * 8, 4))
        r["hazardous_work"] = str(r["hazardous_work"].lower() == "true")
        if int(r["age"]) <= 12 and r["hours_work"] != "" and float(r["hours_work"]) == 0:
            r["hours_work"] = "3" if idle % 20 == 0 else r["hours_work"]
            idle += 1
    buf = io.StringIO()
    w = csv.DictWriter(buf, fields, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(picked)
    text(out / "dieu-tra-2022.csv", buf.getvalue())


def plans_md(out: Path) -> None:
    """docs/plans.md: a plan file with six mistakes, each found by `cltrack lint`, and one that is not valid YAML."""
    text(out / "my-plan.yaml", """\
id: my-plan
name: {vi: Kế hoạch thử, en: Trial plan}
issuer: UBND huyện Triệu Sơn
level: town
area:
  province: Tỉnh Thanh Hóa
  province_code: 38
  district: Huyện Triệu Sơn
  district_code: "397"
period: [2021, 2030]
deadline_years: [2025]
reporting: [{period: annual, day: 15, month: 11, to: UBND huyện}]
targets:
  - {id: M1.1, objective: "1", kind: ratio, short: {vi: Cha mẹ được thông tin, en: Parents informed},
     numerator: [parents_informed], comparator: ">=", value: 90, unit: percent, deadline: 2025, level: district,
     text_vi: 90% cha mẹ được cung cấp thông tin, text_en: 90% of parents informed, section: I.2}
  - id: M1.2
    objective: "1"
    kind: ratio
    short: {vi: Cha mẹ được thông tin, en: Parents informed}
    numerator: [parent_informed]
    denominator: [parents]
    comparator: "=>"
    value: 90
    unit: percent
    deadline: 2035
    level: district
    text_vi: 90% cha mẹ được cung cấp thông tin
    text_en: 90% of parents informed
    section: I.2
""")
    text(out / "broken-plan.yaml", """\
id: broken-plan
name:
  vi: Kế hoạch thử
 en: Trial plan
""")



def reading_md(out: Path) -> None:
    """docs/reading.md: a folder of mixed files; hidden sheets; numbers no float holds; layouts."""
    demo = out / "demo"
    demo.mkdir(parents=True, exist_ok=True)
    write_xlsb(demo / "bc-2024.xlsb", {"2024": [HEAD, *rows(("Xã Dân Lực", 120, 100), ("Xã Dân Lý", 80, 60))]})
    fixed_dates(demo / "bc-2024.xlsb")
    xlsx(demo / "tho-binh-2024.xls", {"2024": [HEAD, *rows(("Xã Thọ Bình", 90, 75))]})  # an xlsx under an old suffix
    text(demo / "README.txt", "Báo cáo năm 2024 của các xã gửi Phòng LĐTBXH.\n")
    text(demo / "scan.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    text(demo / "tho-son-2024.xls", "<html><body><table><tr><td>Xã</td><td>Số trẻ em</td></tr>"
                                    "<tr><td>Xã Thọ Sơn</td><td>300</td></tr></table></body></html>\n")
    text(demo / "~$bc-2024.xlsx", b"\x0bNguyen Van An" + b" " * 40 + b"\x00" * 110)  # Excel's lock file of an open workbook
    r = out / "reading"
    xlsx(r / "hidden-sheets-2024.xlsx", {"Báo cáo": [HEAD, *rows(("Xã Dân Lực", 120, 100), ("Xã Dân Lý", 80, 60))],
                                         "Nháp": [HEAD, *rows(("Xã Dân Lực", 1, 1))], "Pivot": [["Xã", "Tổng"], ["Xã Dân Lực", 100]]},
         hidden={"Nháp": "hidden", "Pivot": "veryHidden"})
    xlsx(r / "numbers-2024.xlsx", {"2024": [HEAD, *rows(
        ("Xã Dân Lực", 120, 100), ("Xã Dân Lý", "inf", 60), ("Xã Dân Quyền", "∞", 50), ("Xã Thọ Sơn", "-inf", 40),
        ("Xã Thọ Bình", 12345678901234567890, 70), ("Xã Thọ Tân", "12.345.678.901.234.567.890", 30), ("Xã Thọ Thế", 90, "1e309"))]})
    plan = (REPO / "targets" / "trieu-son.yaml").read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(plan) if line.strip() == "value: 0.5")
    plan[at] = plan[at].replace("0.5", "9" * 5000)
    text(out / "huge" / "trieu-son.yaml", "\n".join(plan))  # the plan's own file name: only the value is wrong
    first = [HEAD, *rows(("Xã Dân Lực", 10, 9), ("Xã Dân Lý", 100, 50)), []]
    swapped = [["STT", "Huyện", "Xã", INFORMED, PARENTS], [3, DIST, "Xã Dân Quyền", 40, 80], [4, DIST, "Xã Thọ Sơn", 30, 60]]
    xlsx(r / "hai-bang-2024.xlsx", {"2024": first + swapped})  # M2.1b = (9 + 50 + 40 + 30) / (10 + 100 + 80 + 60)
    xlsx(r / "bang-la-2024.xlsx", {"2024": first + [["STT", "Huyện", "Xã", "Số hộ nghèo", "Số hộ cận nghèo"],
                                                    [3, DIST, "Xã Dân Quyền", 35, 52], [4, DIST, "Xã Thọ Sơn", 41, 60]]})
    xlsx(r / "huyen-2024.xlsx", {"2024": [HEAD, ["", DIST, "", 110, 70], *rows(("Xã Dân Lực", 10, 9), ("Xã Dân Lý", 100, 50))]})
    xlsx(r / "tieu-de-la-2024.xlsx", {"2024": [["STT", "Huyện", "Xã", "Số cha mẹ học sinh", "Số phụ huynh được tuyên truyền"],
                                               *rows(("Xã Dân Lực", 10, 9), ("Xã Dân Lý", 100, 50))]})
    xlsx(r / "trong-2024.xlsx", {"2024": [HEAD]})


def validate_md(out: Path) -> None:
    """docs/validate.md: a district's 2023 and 2024 forms (the 2024 one with four mistakes); a csv; an empty folder."""
    office_form(out / "reports" / "trieu-son-2023.xlsx", [("Xã Dân Lực", 1000, 900), ("Xã Thọ Sơn", 1500, 1400)])
    office_form(out / "reports" / "trieu-son-2024.xlsx", [
        ("Xã Dân Lực", 1100, 1150),  # informed more than parents: part-exceeds-total
        ("Xã Thọ Sơn", 150, 140),  # a tenth of 2023: year-jump
        ("Thọ Bìnhh", 300, 250),  # misspelt: unknown-unit
        ("Xã Dân Lực", 1100, 1000),  # the same commune again with other figures: duplicate-unit-year
    ])
    # validate.md's JSON example: ';'-separated, '1.200' is 1200 (dot thousands), 1300 informed of 1200
    # parents (part-exceeds-total), '-' for Thọ Sơn's informed is ambiguous (ambiguous-dash).
    text(out / "bc-2024.csv", "Huyện;Xã;parents;parents_informed\r\nHuyện Triệu Sơn;Xã Dân Lực;1.200;1.300\r\n"
                               "Huyện Triệu Sơn;Xã Thọ Sơn;900;-\r\n")
    text(out / "empty" / "README.md", "A folder without report files (`cltrack validate` fails on it: docs/validate.md).\n")


def rollup_md(out: Path) -> None:
    """docs/rollup.md: three communes' own 2024 reports and the dates they came (a manifest)."""
    # rollup.md's status --as-of 2024-11-25, reports due 15/11 (on time = came before the due day):
    # received 3 / 32 = 9.4%; on time Dân Lực (14/11) alone, 1 / 32 = 3.1%; late Dân Lý (15/11, the due
    # day itself) and Thọ Sơn (20/11); missing 32 - 3 = 29.
    folder = out / "received"
    for name, commune, parents, informed in (("dan-luc", "Xã Dân Lực", 120, 100), ("dan-ly", "Xã Dân Lý", 80, 60),
                                             ("tho-son", "Xã Thọ Sơn", 90, 70)):
        xlsx(folder / f"{name}-2024.xlsx", {"2024": [HEAD, *rows((commune, parents, informed))]})
    text(out / "manifest.csv", "file,submitted\ndan-luc-2024.xlsx,2024-11-14\ndan-ly-2024.xlsx,2024-11-15\n"
                                "tho-son-2024.xlsx,2024-11-20\n")


def csv_form(path: Path, year: int, specs: list[tuple[str, dict[str, Any]]], district: str | None = DIST) -> None:
    """A Thanh Hóa commune table as csv (Tỉnh, Huyện, Xã, Năm, one column per element; no Huyện when `district` is None)."""
    rows = [{"province": PROV, **({"district": district} if district else {}), "commune": commune, "year": year, **values}
            for commune, values in specs]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_report(path, rows)


def told(parents: Any, informed: Any) -> dict[str, Any]:
    """Parents and caregivers, and how many of them were informed (M2.1b's denominator and numerator)."""
    return {"parents": parents, "parents_informed": informed}


def staff(edu: int, edu_informed: int, care: int, care_informed: int) -> dict[str, int]:
    """School staff and child-care staff, and how many of each were informed (M2.1a's counts)."""
    return {"edu_staff": edu, "edu_staff_informed": edu_informed, "care_staff": care, "care_staff_informed": care_informed}


def checks_md(out: Path) -> None:
    """docs/validate.md (the checks of the one check path) and docs/evaluate.md (coverage, explain)."""
    # A form saved twice, the same figures: counted once. evaluate.md: M2.1b = (90 + 50) / (120 + 64)
    # = 140 / 184 = 76.09% (>= 70%), on 2 of Triệu Sơn's 32 communes = 6.25% (< 50%): insufficient data.
    form = [("Xã Dân Lực", told(120, 90)), ("Xã Dân Lý", told(64, 50))]
    csv_form(out / "saved-twice" / "bieu-tong-hop-2024.csv", 2024, form)
    csv_form(out / "saved-twice" / "bieu-tong-hop-2024 (1).csv", 2024, form)
    # Two versions of Dân Lực's form (125 and 120 parents): both rows out (duplicate-unit-year);
    # M2.1b on Dân Lý alone = 50 / 64 = 78.125%, attainment 78.125 / 70 = 111.61%.
    csv_form(out / "two-versions" / "dan-luc-2024.csv", 2024, [("Xã Dân Lực", told(125, 90))])
    csv_form(out / "two-versions" / "dan-luc-dan-ly-2024.csv", 2024, form)
    # Parts over totals: Dân Lực 2141 informed of 1991 parents; Dân Lý 60 of 40 school staff, so M2.1a's
    # numerator 60 + 5 = 65 exceeds its denominator 40 + 10 = 50. Dân Quyền's row alone is used.
    csv_form(out / "informed-over-total" / "mau-2024.csv", 2024, [
        ("Xã Dân Lực", {**told(1991, 2141), **staff(50, 45, 25, 20)}),
        ("Xã Dân Lý", {**told(64, 50), **staff(40, 60, 10, 5)}),
        ("Xã Dân Quyền", {**told(30, 24), **staff(20, 18, 8, 6)}),
    ])
    # The reform's year: the district still lists Dân Lực, Dân Lý (absorbed by the new Xã Triệu Sơn)
    # and Thọ Sơn (went into Xã Thọ Bình); the new Xã Triệu Sơn sends its own form (no district after
    # the reform). Dân Lực, Dân Lý and Xã Triệu Sơn overlap (reform-overlap); Thọ Sơn's row is used.
    csv_form(out / "reform-2025" / "huyen-trieu-son-2025.csv", 2025,
             [("Xã Dân Lực", told(120, 90)), ("Xã Dân Lý", told(64, 50)), ("Xã Thọ Sơn", told(30, 20))])
    csv_form(out / "reform-2025" / "xa-trieu-son-2025.csv", 2025, [("Xã Triệu Sơn", told(500, 400))], district=None)


def small_table_md(out: Path) -> None:
    """docs/reading.md: the report (M2.1b = (9 + 50) / (10 + 100)), a blank row, then a two-column table
    of the office's own (`Nội dung | Số lượng`) whose 30 and 40 are no one's parents: refused, counted."""
    path = out / "small-table" / "trieu-son-2024.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, [["Xã", PARENTS, INFORMED], ["Xã Dân Lực", 10, 9], ["Xã Dân Lý", 100, 50], [],
                     ["Nội dung", "Số lượng"], ["Xã Thọ Sơn", 30], ["Xã Bình Sơn", 40]])


def limited_md(out: Path) -> None:
    """docs/rollup.md: two Triệu Sơn communes' staff informed (M2.1a, >= 90% by 2025), 2021 and 2024.

    2021: 0 of 100 school staff (Thọ Sơn) + 0 of 50 care staff (Thọ Bình) = 0%. 2024: ("45" typed as text)
    45 + 15 = 60 of 150 = 40%. A base of 0 has no growth rate: judged on the straight line, observed
    (40 - 0) / 3 = +13.33 points a year, needed (90 - 0) / 4 = +22.50; R = 13.33 / 22.5 = 0.59 (limited);
    at this pace 40 + 13.33 = 53.33% by 2025."""
    for year, informed in ((2021, (0, 0)), (2024, ("45", 15))):
        rows = commune_rows([
            (PROV, DIST, "Xã Thọ Sơn", {"edu_staff": 100, "edu_staff_informed": informed[0], "care_staff": 0,
                                        "care_staff_informed": 0}),
            (PROV, DIST, "Xã Thọ Bình", {"edu_staff": 0, "edu_staff_informed": 0, "care_staff": 50,
                                         "care_staff_informed": informed[1]}),
        ], year=year)
        grid, merges, _ = build_grid(rows, title_lines=["UBND HUYỆN TRIỆU SƠN", f"BÁO CÁO NĂM {year}"],
                                     two_row_header=True, numbering_row=True, total_row="bottom")
        xlsx(out / "limited" / f"trieu-son-{year}.xlsx", {str(year): grid}, {str(year): merges})


def district_form_md(out: Path) -> None:
    """docs/reading.md "Example": Triệu Sơn's printed 2024 summary (tests/test_reading_district_form.py's
    form: four title lines, a two-row merged header, a numbering row, the district merged down four rows,
    numbers typed as text, a total row, a signature block) with three slips typed in: a dash in G11, a
    misspelt commune in C12 and a total of 5500 in F13."""
    # The rows sum to 2100 + 1050 + 1500 + 900 = 5550 parents (the total says 5500: total-row-mismatch);
    # '1.234' is 1234 and '1 980' is 1980 (thousands separators); Thọ Sơn's '-' is no number, and
    # 'Thọ Bìnhh' no commune of Triệu Sơn.
    head = ["STT", "Huyện", "Xã, phường, thị trấn", "Trẻ em từ 5 đến 17 tuổi", "", "Cha mẹ, người chăm sóc trẻ em", ""]
    grid: Grid = [
        ["UBND HUYỆN TRIỆU SƠN", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "", "", "", "Độc lập - Tự do - Hạnh phúc"],
        ["BIỂU TỔNG HỢP KẾT QUẢ PHÒNG NGỪA, GIẢM THIỂU LAO ĐỘNG TRẺ EM NĂM 2024"],
        ["(Kèm theo Báo cáo số 15/BC-LĐTBXH ngày 10 tháng 01 năm 2025 của Phòng LĐ-TB&XH)"],
        [],
        head,
        ["", "", "", ELEMENTS["children_5_17"].header_vi + " (người)", ELEMENTS["child_labourers_5_17"].header_vi,
         "Số cha mẹ, người chăm sóc\ntrẻ em", INFORMED],
        [f"({i})" for i in range(1, 8)],
        [1, DIST, "Thị trấn Triệu Sơn", "1.234", 12, 2100, "1 980"],
        [2, "", "Xã Dân Lực", 987, "7", "1.050", 1000],
        [3, "", "xã thọ sơn", "2.005", 0, 1500, "-"],
        [4, "", "Thọ Bìnhh", 760, "15", "900", 850],
        ["Tổng cộng", "", "", 4986, 34, 5500, 3830],
        [],
        ["", "", "", "", "Triệu Sơn, ngày 10 tháng 01 năm 2025"],
        ["NGƯỜI LẬP BIỂU", "", "", "", "TRƯỞNG PHÒNG"],
        ["(Ký, ghi rõ họ tên)", "", "", "", "(Ký tên, đóng dấu)"],
        [],
        ["Lê Văn Cường", "", "", "", "Phạm Thị Dung"],
    ]
    merges = [(2, 0, 2, 6), (3, 0, 3, 6), (5, 0, 6, 0), (5, 1, 6, 1), (5, 2, 6, 2), (5, 3, 5, 4), (5, 5, 5, 6),
              (8, 1, 11, 1), (12, 0, 12, 2)]
    xlsx(out / "form" / "bieu-01-trieu-son.xlsx", {"Biểu 01": grid}, {"Biểu 01": merges})


# Every folder make.py writes (emptied first, so a file it no longer writes does not linger).
FOLDERS = ("demo", "reading", "huge", "reports", "received", "empty", "saved-twice", "two-versions",
           "informed-over-total", "reform-2025", "small-table", "limited", "form")


def main(out: Path = HERE) -> None:
    """Remake every example input (in `out`: this folder unless another is given)."""
    for sub in FOLDERS:
        shutil.rmtree(out / sub, ignore_errors=True)
    evaluate_md(out)
    survey_md(out)
    survey_2022(out)
    plans_md(out)
    reading_md(out)
    validate_md(out)
    rollup_md(out)
    checks_md(out)
    small_table_md(out)
    limited_md(out)
    district_form_md(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
