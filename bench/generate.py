"""Seeded benchmark inputs built from the real pre-2025 gazetteer (written once into bench/out/).

Inputs: one province workbook (Đắk Lắk, every commune, 2021-2025), a national workbook (every
commune of the country, 2021-2025, every data element), survey microdata (csv and Parquet), and
a national plan of 40 targets, and the baseline script that writes every commune x 40 numbers
with openpyxl's write-only mode.
"""

from __future__ import annotations

import csv
from pathlib import Path

YEARS = range(2021, 2026)
SEED = 20261122
REPO = Path(__file__).resolve().parent.parent
GSO = REPO.parent / "shared" / "data" / "gazetteer" / "gso-communes-2025-01-04.csv"


def communes(province_code: str | None = None) -> list[tuple[str, str, str]]:
    """(province, district, commune) names from the GSO list, optionally of one province."""
    rows = []
    with open(GSO, encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            if province_code is None or r["Mã TP"] == province_code:
                rows.append((r["Tỉnh Thành Phố"].strip(), r["Quận Huyện"].strip(), r["Phường Xã"].strip()))
    return rows


def _values(n: int, seed: int) -> dict[str, object]:
    """Plausible whole-number counts for every commune-level element (part <= whole holds)."""
    import numpy as np

    from cltrack.elements import ELEMENTS, PART_WHOLE

    rng = np.random.default_rng(seed)
    counts = [c for c, e in ELEMENTS.items() if e.kind == "count"]
    parts = dict(PART_WHOLE)
    out: dict[str, object] = {}
    for code in counts:
        if code not in parts:
            out[code] = rng.integers(200, 6000, n)
    for code in counts:
        if code in parts:
            whole = parts[code]
            base = out.get(whole)
            if base is None:
                base = rng.integers(200, 6000, n)
                out[whole] = base
            out[code] = (np.asarray(base) * rng.uniform(0.5, 1.0, n)).astype("int64")
    # chains: hazardous <= child labourers <= children
    out["child_labourers_5_17"] = (np.asarray(out["children_5_17"]) * rng.uniform(0.002, 0.02, n)).astype("int64")
    out["hazardous_5_17"] = (np.asarray(out["child_labourers_5_17"]) * rng.uniform(0.0, 0.5, n)).astype("int64")
    return out


def _write_workbook(path: Path, units: list[tuple[str, str, str]], years: range = YEARS) -> Path:
    """Write one sheet: Tỉnh, Huyện, Xã, Năm and every commune-level element, one row per unit-year."""
    from openpyxl import Workbook

    from cltrack.elements import ELEMENTS

    codes = [c for c, e in ELEMENTS.items() if e.kind == "count"]
    import numpy as np

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(["Tỉnh", "Huyện", "Xã", "Năm", *(ELEMENTS[c].header_vi for c in codes)])
    base = _values(len(units), SEED)
    drift = np.ones(len(units))
    rng = np.random.default_rng(SEED + 1)
    for year in years:
        # a commune's figures move from year to year (within 10%), as real reports do; one factor per
        # commune and year keeps every part below its whole
        columns = [(np.asarray(base[c]) * drift).astype("int64") for c in codes]
        for i, (prov, dist, comm) in enumerate(units):
            ws.append([prov, dist, comm, year, *(int(col[i]) for col in columns)])
        drift = drift * rng.uniform(0.9, 1.1, len(units))
    wb.save(path)
    return path


def province_workbook(out: Path) -> Path:
    """Đắk Lắk (66): every commune, 2021-2025."""
    path = out / "province-dak-lak.xlsx"
    return path if path.exists() else _write_workbook(path, communes("66"))


def national_workbook(out: Path) -> Path:
    """Every commune of the pre-2025 gazetteer, 2021-2025."""
    path = out / "national.xlsx"
    return path if path.exists() else _write_workbook(path, communes())


def national_one_year(out: Path) -> Path:
    """Every commune of the pre-2025 gazetteer, 2024 only: one sheet (issue 20's single-sheet case)."""
    path = out / "national-2024.xlsx"
    return path if path.exists() else _write_workbook(path, communes(), range(2024, 2025))


def national_plan(out: Path, n_targets: int = 40) -> Path:
    """A national plan (no area) of `n_targets` targets over the workbook's elements (written each run).

    No plan document covers the whole country; this one exists for the benchmark only. It holds the
    child-labour rate, one ratio per part/whole pair of the data standard (each part over its whole
    with a threshold of 90%), and count targets on the remaining counts, all at commune level.
    """
    import yaml

    from cltrack.elements import ELEMENTS, PART_WHOLE

    def target(i: int, kind: str, num: list[str], den: list[str] | None, comparator: str, value: float) -> dict:
        short = f"{kind} {' + '.join(num)}"
        t = {"id": f"M1.{i}", "objective": "1", "kind": kind, "short": {"vi": short, "en": short}, "numerator": num}
        if den:
            t["denominator"] = den
        return {**t, "comparator": comparator, "value": value, "unit": "count" if kind == "count" else "percent",
                "deadline": 2025, "level": "commune", "section": "bench", "text_vi": short, "text_en": short}

    specs = [("rate", ["child_labourers_5_17"], ["children_5_17"], "<=", 0.5)]
    specs += [("ratio", [part], [whole], ">=", 90) for part, whole in PART_WHOLE]
    in_pairs = {c for pair in PART_WHOLE for c in pair} | {"child_labourers_5_17", "children_5_17"}
    specs += [("count", [c], None, ">=", 1) for c, e in ELEMENTS.items() if e.kind == "count" and c not in in_pairs]
    specs = (specs * (n_targets // len(specs) + 1))[:n_targets]
    plan = {
        "id": "national-bench", "name": {"vi": "Kế hoạch toàn quốc (benchmark)", "en": "National plan (benchmark)"},
        "issuer": "benchmark", "level": "national", "period": [2021, 2025], "deadline_years": [2025],
        "reporting": [{"period": "annual", "day": 20, "month": 11, "to": "benchmark"}],
        "targets": [target(i + 1, *spec) for i, spec in enumerate(specs)],
    }
    path = out / "national-bench.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def report_cells_baseline(out: Path, n_targets: int = 40) -> str:
    """Python code writing every commune x `n_targets` numbers with openpyxl's write-only mode."""
    target = out / "baseline-cells.xlsx"
    n_units = len(communes())
    return (
        "from openpyxl import Workbook\n"
        "wb = Workbook(write_only=True); ws = wb.create_sheet('By unit')\n"
        f"ws.append(['unit'] + [f'T{{j}}' for j in range({n_targets})])\n"
        f"for i in range({n_units}): ws.append([f'unit {{i}}'] + [i * 0.01 + j for j in range({n_targets})])\n"
        f"wb.save({str(target)!r})\n"
    )


def survey_files(out: Path, n_rows: int) -> tuple[Path, Path]:
    """Survey microdata of `n_rows` children (csv and Parquet), strata = districts, PSUs = communes."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    csv_path, parquet_path = out / f"survey-{n_rows}.csv", out / f"survey-{n_rows}.parquet"
    if csv_path.exists() and parquet_path.exists():
        return csv_path, parquet_path
    units = communes()
    rng = np.random.default_rng(SEED)
    pick = rng.integers(0, len(units), n_rows)
    prov = np.array([u[0] for u in units], dtype=object)[pick]
    dist = np.array([u[1] for u in units], dtype=object)[pick]
    comm = np.array([u[2] for u in units], dtype=object)[pick]
    age = rng.integers(5, 18, n_rows)
    working = rng.random(n_rows) < 0.1
    hours = np.where(working, rng.integers(1, 60, n_rows), 0)
    table = pa.table({
        "province": prov, "district": dist, "commune": comm,
        "year": np.full(n_rows, 2024),
        "age": age,
        "sex": np.where(rng.random(n_rows) < 0.5, "nam", "nữ"),
        "hours_work": hours,
        "hours_chores": rng.integers(0, 30, n_rows),
        "hazardous_work": rng.random(n_rows) < 0.01,
        "in_school": rng.random(n_rows) < 0.93,
        "weight": rng.uniform(50, 150, n_rows).round(3),
        "stratum": dist,
        "psu": comm,
    })
    pacsv.write_csv(table, csv_path)
    pq.write_table(table, parquet_path)
    return csv_path, parquet_path

