"""Rebuild cltrack's compact gazetteer files from the GSO lists.

    python scripts/build_gazetteer.py [--source ../shared/data/gazetteer] [--out src/cltrack/data]

Inputs (GSO, UTF-8 CSV, unchanged): gso-communes-2025-01-04.csv (units before 1 July 2025) and
gso-conversion-2025-07.csv (the official conversion table of the 2025 reform). Outputs, gzip TSV:
units-2025-01.tsv.gz, units-2025-07.tsv.gz (level, code, name, type, province_code, district_code,
alt_names) and conversion-2025-07.tsv.gz (new commune <- old commune, with the note and a partial flag).
Codes stay strings with leading zeros. Output is deterministic (sorted, gzip mtime 0).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UNIT_COLUMNS = ("level", "code", "name", "type", "province_code", "district_code", "alt_names")
CONVERSION_COLUMNS = (
    "new_code", "new_name", "new_province_code", "old_code", "old_name",
    "old_district_code", "old_province_code", "note", "partial",
)
TYPE_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
CODED = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d+)\)\s*$")


def clean(text: str) -> str:
    """NFC, line breaks and runs of white space folded to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def unit_type(name: str) -> str:
    """The type prefix a name starts with ('Huyện', 'Thành phố' ...), or ''."""
    return next((p for p in TYPE_PREFIXES if name.startswith(p + " ")), "")


def split_coded(text: str) -> tuple[str, str]:
    """'Huyện Triệu Sơn (397)' -> ('Huyện Triệu Sơn', '397')."""
    m = CODED.match(clean(text))
    return (m.group("name"), m.group("code")) if m else (clean(text), "")


def is_partial(note: str) -> bool:
    """True when the note says only part of the old unit went into the new one."""
    n = clean(note).casefold().replace("nhâp", "nhập").replace("  ", " ")
    return "một phần" in n or "phần còn lại" in n


def read_pre(source: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Units before the reform: provinces, districts and communes keyed by (level, code)."""
    units: dict[tuple[str, str], dict[str, str]] = {}
    with open(source / "gso-communes-2025-01-04.csv", encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            prov, pcode = clean(r["Tỉnh Thành Phố"]), r["Mã TP"].strip().zfill(2)
            dist, dcode = clean(r["Quận Huyện"]), r["Mã QH"].strip().zfill(3)
            comm, ccode = clean(r["Phường Xã"]), r["Mã PX"].strip().zfill(5)
            units.setdefault(("province", pcode), _unit("province", pcode, prov, unit_type(prov), pcode, ""))
            units.setdefault(("district", dcode), _unit("district", dcode, dist, unit_type(dist), pcode, dcode))
            units[("commune", ccode)] = _unit("commune", ccode, comm, clean(r["Cấp"]) or unit_type(comm), pcode, dcode)
    return units


def _unit(level: str, code: str, name: str, type_: str, pcode: str, dcode: str) -> dict[str, str]:
    return {"level": level, "code": code, "name": name, "type": type_, "province_code": pcode,
            "district_code": dcode, "alt_names": ""}


def read_conversion(source: Path) -> list[dict[str, str]]:
    """The conversion table's data rows (banner and header rows dropped)."""
    rows = []
    with open(source / "gso-conversion-2025-07.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader), next(reader)
        for r in reader:
            if not r[2].strip():
                continue  # province banner row
            _, new_pcode = split_coded(r[0])
            _, old_dcode = split_coded(r[6])
            _, old_pcode = split_coded(r[7])
            old_code = r[4].strip()
            rows.append({
                "new_code": r[2].strip().zfill(5), "new_name": clean(r[1]), "new_province_code": new_pcode.zfill(2),
                "old_code": old_code.zfill(5) if old_code else "", "old_name": clean(r[3]),
                "old_district_code": old_dcode.zfill(3) if old_dcode else "",
                "old_province_code": old_pcode.zfill(2) if old_pcode else "",
                "note": clean(r[5]), "partial": "1" if is_partial(r[5]) else "0",
            })
    return rows


def post_units(conversion: list[dict[str, str]], source: Path) -> dict[tuple[str, str], dict[str, str]]:
    """Units after the reform: 34 provinces and their communes, from the conversion table."""
    units: dict[tuple[str, str], dict[str, str]] = {}
    with open(source / "gso-conversion-2025-07.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader), next(reader)
        for r in reader:
            if r[2].strip():
                name, pcode = split_coded(r[0])
                units.setdefault(("province", pcode.zfill(2)), _unit("province", pcode.zfill(2), name, unit_type(name), pcode.zfill(2), ""))
    for row in conversion:
        key = ("commune", row["new_code"])
        if key not in units:
            name = row["new_name"]
            units[key] = _unit("commune", row["new_code"], name, unit_type(name), row["new_province_code"], "")
    return units


def _add_alt(unit: dict[str, str] | None, name: str) -> None:
    """Record `name` as another spelling of `unit` when it differs by more than letter case."""
    if not unit or not name:
        return
    alts = list(filter(None, unit["alt_names"].split("|")))
    if name.casefold() not in {n.casefold() for n in (unit["name"], *alts)}:
        unit["alt_names"] = "|".join(sorted([*alts, name]))


def add_alt_names(pre: dict[tuple[str, str], dict[str, str]], conversion: list[dict[str, str]], source: Path) -> None:
    """Spellings of old communes and districts in the conversion table that differ from the commune list.

    Provinces are left alone: the table's province column has a slip (44 'Quảng Trị' for Quảng Bình).
    """
    for row in conversion:
        _add_alt(pre.get(("commune", row["old_code"])), row["old_name"])
    with open(source / "gso-conversion-2025-07.csv", encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader), next(reader)
        for r in reader:
            name, code = split_coded(r[6]) if r[2].strip() else ("", "")
            if code:
                _add_alt(pre.get(("district", code.zfill(3))), name)


def add_new_alt_names(post: dict[tuple[str, str], dict[str, str]], conversion: list[dict[str, str]]) -> None:
    """Other spellings of a new commune within the conversion table (05941 'Điềm Thuỵ' / 'Điềm Thụy')."""
    for row in conversion:
        _add_alt(post.get(("commune", row["new_code"])), row["new_name"])


def write_tsv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    """Write rows as gzip TSV with a fixed header and gzip mtime 0 (reproducible bytes)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([r[c] for c in columns] for r in rows)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue().encode("utf-8"))


def build(source: Path, out: Path) -> list[Path]:
    """Build the three files into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    conversion = read_conversion(source)
    pre = read_pre(source)
    add_alt_names(pre, conversion, source)
    post = post_units(conversion, source)
    add_new_alt_names(post, conversion)
    order = {"province": 0, "district": 1, "commune": 2}
    paths = [out / "units-2025-01.tsv.gz", out / "units-2025-07.tsv.gz", out / "conversion-2025-07.tsv.gz"]
    write_tsv(paths[0], UNIT_COLUMNS, sorted(pre.values(), key=lambda u: (order[u["level"]], u["code"])))
    write_tsv(paths[1], UNIT_COLUMNS, sorted(post.values(), key=lambda u: (order[u["level"]], u["code"])))
    write_tsv(paths[2], CONVERSION_COLUMNS, sorted(conversion, key=lambda r: (r["new_code"], r["old_code"], r["old_name"])))
    return paths


def main() -> None:
    """Command line: rebuild the files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data" / "gazetteer")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "cltrack" / "data")
    args = parser.parse_args()
    for path in build(args.source, args.out):
        print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
