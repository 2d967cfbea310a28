"""Figures carried across the 1 July 2025 reform, by the official conversion table (`conversion.py`).

Attribution counts people, so a piece noted `Nhập một phần diện tích, toàn bộ dân số` carries the
whole population of its old commune, and that commune's other, area-only pieces carry none.

- `attribute_to_old`: post-reform rows onto pre-reform units. A new commune whose people all come from
  one old district gives an exact figure for that district (an old commune that went whole, and
  alone, into a new commune keeps commune level). A new commune whose people come from several old
  districts is divided among them by shares (equal over its old communes unless a weights table
  says otherwise); such rows are `approximate`.
- `attribute_to_new`: pre-reform rows onto new communes and new provinces; a split old commune is
  shared equally among the new communes that received its people, and marked `approximate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cltrack import findings as _findings
from cltrack.errors import CltrackError
from cltrack.units import gazetteer
from cltrack.units.conversion import load, unit_text
from cltrack.units.gazetteer import POST, PRE

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.models import Finding

ID_COLUMNS: tuple[str, ...] = (
    "_file", "_sheet", "_row", "year", "level", "gazetteer", "province", "district", "commune",
    "province_code", "district_code", "commune_code", "unit_code", "unit",
)
EXTRA_COLUMNS: tuple[str, ...] = ("approximate", "share", "from_code")
WEIGHT_COLUMNS: tuple[str, ...] = ("new_commune_code", "old_commune_code", "share")


def _weights_table(weights: pd.DataFrame | None, people: pd.DataFrame) -> pd.DataFrame | None:
    """A user weights table checked and normalised: new_code, old_code, w (summing to 1 per new commune)."""
    if weights is None:
        return None
    missing = [c for c in WEIGHT_COLUMNS if c not in weights.columns]
    if missing:
        raise CltrackError("weights: missing column(s) {missing} (expected {weight_columns})", missing=', '.join(missing), weight_columns=', '.join(WEIGHT_COLUMNS))
    import pandas as pd

    w = pd.DataFrame({
        "new_code": weights["new_commune_code"].map(_code5),
        "old_code": weights["old_commune_code"].map(_code5),
        "w": pd.to_numeric(weights["share"].astype(str).str.replace(",", ".", regex=False).str.rstrip("%"), errors="coerce"),
    })
    if w["w"].isna().any() or (w["w"] < 0).any():
        bad = w.loc[w["w"].isna() | (w["w"] < 0)].iloc[0]
        raise CltrackError("weights: share for {new} <- {old} is not a number >= 0", new=bad['new_code'], old=bad['old_code'])
    known = w.merge(people[["new_code", "old_code"]], how="left", indicator=True)
    unknown = known[known["_merge"] == "left_only"]
    if len(unknown):
        u = unknown.iloc[0]
        raise CltrackError("weights: old commune {old} did not go into new commune {new} in the conversion table", old=u['old_code'], new=u['new_code'])
    total = w.groupby("new_code")["w"].transform("sum")
    scale = total.where((total - 100).abs() > 1e-6, 100.0).where(lambda s: s == 100.0, 1.0)
    w["w"] = w["w"] / scale
    sums = w.groupby("new_code")["w"].sum()
    off = sums[(sums - 1).abs() > 1e-6]
    if len(off):
        raise CltrackError("weights: shares of new commune {new} add up to {total:g}, not 1 (or 100)", new=off.index[0], total=off.iloc[0])
    return w


def _code5(value: object) -> str:
    """A commune code as written (15715, '15715', 15715.0) to 5 digits."""
    text = str(value).strip()
    text = text[:-2] if text.endswith(".0") else text
    return text.zfill(5) if text.isdigit() else text


def to_old_map(weights: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per new commune, the old unit(s) its figures go to: level, code, share, approximate."""
    people = load().frame()
    w = _weights_table(weights, people)
    f = people.copy()
    f["w"] = 1.0 / f.groupby("new_code")["old_code"].transform("size")
    f["weighted"] = False
    if w is not None:
        f = f.merge(w.rename(columns={"w": "uw"}), on=["new_code", "old_code"], how="left")
        listed = f["new_code"].isin(w["new_code"])
        f.loc[listed, "w"] = f.loc[listed, "uw"].fillna(0.0)
        f.loc[listed, "weighted"] = True
        f = f.drop(columns="uw")
    g = f.groupby("new_code")
    n_pieces = g["old_code"].transform("size")
    n_districts = g["old_district_code"].transform("nunique")
    one_to_one = (n_pieces == 1) & (f["old_level"] == "commune") & ~f["split"]
    f["level"] = "district"
    f.loc[one_to_one, "level"] = "commune"
    f["commune_code"] = f["old_code"].where(one_to_one, None)
    f["district_code"] = f["old_district_code"]
    f["province_code"] = f["old_province_code"]
    f["approximate"] = (n_districts > 1) & ~f["weighted"]
    out = (
        f.groupby(["new_code", "level", "district_code", "province_code", "approximate"], dropna=False)
        .agg(share=("w", "sum"), commune_code=("commune_code", "first"), pieces=("old_code", "size"))
        .reset_index()
    )
    single = out.groupby("new_code")["share"].transform("size") == 1
    out.loc[single, "share"] = 1.0  # one old district takes all of it
    out.loc[single, "approximate"] = False
    return out[out["share"] > 0].reset_index(drop=True)


def province_map(direction: str) -> pd.DataFrame:
    """New province <-> old provinces: to_old gives shares by number of old communes; to_new is 1:1."""
    people = load().frame()
    pairs = people.groupby(["new_province_code", "old_province_code"]).size().rename("n").reset_index()
    if direction == "to_new":
        best = pairs.sort_values("n", ascending=False).drop_duplicates("old_province_code")
        return best.assign(share=1.0, approximate=False)[["old_province_code", "new_province_code", "share", "approximate"]]
    pairs["share"] = pairs["n"] / pairs.groupby("new_province_code")["n"].transform("sum")
    pairs["approximate"] = pairs.groupby("new_province_code")["n"].transform("size") > 1
    return pairs[["new_province_code", "old_province_code", "share", "approximate"]]


def to_new_map() -> pd.DataFrame:
    """Per old commune (or district without communes), the new communes its figures go to, with shares."""
    f = load().frame().copy()
    n = f.groupby(["old_level", "old_code"])["new_code"].transform("size")
    f["share"] = 1.0 / n
    f["approximate"] = f["split"] & (n > 1)
    return f[["old_level", "old_code", "new_code", "new_province_code", "share", "approximate"]]


# --------------------------------------------------------------------------- attribution of rows


def element_columns(rows: pd.DataFrame) -> list[str]:
    """The data-element columns of a rows frame (everything but the ids and the extra columns)."""
    return [c for c in rows.columns if c not in ID_COLUMNS and c not in EXTRA_COLUMNS]


def _with_extras(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows with approximate (False), share (1.0) and from_code (None) when absent."""
    out = rows.copy()
    if "approximate" not in out.columns:
        out["approximate"] = False
    out["approximate"] = out["approximate"].fillna(False).astype(bool)
    if "share" not in out.columns:
        out["share"] = 1.0
    if "from_code" not in out.columns:
        out["from_code"] = None
    return out


def _names(codes: pd.Series, level: str, list_id: str) -> pd.Series:
    """Canonical names for a column of codes (None where unknown), looked up once per distinct code."""
    gz = gazetteer.load(list_id)
    lookup = {}
    for code in codes.dropna().unique():
        unit = gz.by_code(str(code), level)
        lookup[code] = unit.name if unit else None
    return codes.map(lookup).astype(object).where(codes.notna(), None)


def _spread(rows: pd.DataFrame, mapping: pd.DataFrame, left_on: str, right_on: str) -> pd.DataFrame:
    """Rows joined to their targets (one row per target), element figures times the target's share.

    `_split` marks rows divided by this mapping (for the finding); `approximate` and `share` compound
    with what the rows already carried.
    """
    elements = element_columns(rows)
    drop = ("level", "province", "district", "commune", "province_code", "district_code", "commune_code", "unit_code", "unit")
    base = rows[[c for c in rows.columns if c not in drop]].assign(_key=rows[left_on].to_numpy())
    m = mapping.rename(columns={right_on: "_key", "share": "_share", "approximate": "_split"})
    out = base.merge(m, on="_key", how="inner")
    out["_share"] = out["_share"].astype(float)
    out[elements] = out[elements].astype(float).mul(out["_share"], axis=0)
    out["share"] = out["share"].astype(float) * out["_share"]
    out["_split"] = out["_split"].astype(bool)
    out["approximate"] = out["approximate"].astype(bool) | out["_split"]
    out["from_code"] = out.pop("_key")
    return out


def _finish(frame: pd.DataFrame, list_id: str) -> pd.DataFrame:
    """Fill names, unit_code/unit and the list id of attributed rows."""
    level = frame["level"]
    for col in ("province_code", "district_code", "commune_code"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame["province"] = _names(frame["province_code"], "province", list_id)
    frame["district"] = _names(frame["district_code"], "district", list_id) if list_id == PRE else None
    frame["commune"] = _names(frame["commune_code"], "commune", list_id)
    frame["unit_code"] = frame["commune_code"].where(level == "commune", frame["district_code"].where(level == "district", frame["province_code"]))
    frame["unit"] = frame["commune"].where(level == "commune", frame["district"].where(level == "district", frame["province"]))
    frame["gazetteer"] = list_id
    return frame


def _order(rows: pd.DataFrame) -> list[str]:
    """Output column order: ids, elements, then the extra columns."""
    return [c for c in ID_COLUMNS if c in rows.columns] + element_columns(rows) + list(EXTRA_COLUMNS)


def attribute_to_old(rows: pd.DataFrame, weights: pd.DataFrame | None = None) -> tuple[pd.DataFrame, list[Finding]]:
    """Post-reform rows attributed to pre-reform units (exact by old district where possible); other rows kept."""
    rows = _with_extras(rows)
    columns = _order(rows)
    post = rows["gazetteer"] == POST
    communes = rows[post & (rows["level"] == "commune")]
    provinces = rows[post & (rows["level"] == "province")]
    kept = rows[~(post & rows["level"].isin(["commune", "province"]))]
    cmap = to_old_map(weights)
    c = _spread(communes, cmap[["new_code", "level", "commune_code", "district_code", "province_code", "share", "approximate"]], "commune_code", "new_code")
    pmap = province_map("to_old").rename(columns={"old_province_code": "province_code"})
    p = _spread(provinces, pmap.assign(level="province", district_code=None, commune_code=None), "province_code", "new_province_code")
    unmatched = communes[~communes["commune_code"].isin(cmap["new_code"])]
    parts = [_finish(x, PRE) for x in (c, p) if len(x)]
    return _combine([kept, unmatched, *parts], columns), _split_findings(parts, PRE)


def attribute_to_new(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    """Pre-reform rows re-aggregated onto new communes (split communes shared equally) and new provinces."""
    rows = _with_extras(rows)
    columns = _order(rows)
    pre = rows["gazetteer"] == PRE
    nmap = to_new_map()
    old_commune = nmap[nmap["old_level"] == "commune"]
    old_district = nmap[nmap["old_level"] == "district"]
    is_commune = pre & (rows["level"] == "commune") & rows["commune_code"].isin(old_commune["old_code"])
    is_zone = pre & (rows["level"] == "district") & rows["district_code"].isin(old_district["old_code"])
    to_province = pre & ~is_commune & ~is_zone
    mapped_cols = ["old_code", "new_code", "new_province_code", "share", "approximate"]
    new_level = {"new_code": "commune_code", "new_province_code": "province_code"}
    c = _spread(rows[is_commune], old_commune[mapped_cols].rename(columns=new_level), "commune_code", "old_code")
    z = _spread(rows[is_zone], old_district[mapped_cols].rename(columns=new_level), "district_code", "old_code")
    pmap = province_map("to_new").rename(columns={"new_province_code": "province_code"})
    p = _spread(rows[to_province], pmap, "province_code", "old_province_code")
    for frame, level in ((c, "commune"), (z, "commune"), (p, "province")):
        frame["level"] = level
        frame["district_code"] = None
        if level == "province":
            frame["commune_code"] = None
    parts = [_finish(x, POST) for x in (c, z, p) if len(x)]
    return _combine([rows[~pre], *parts], columns), _split_findings(parts, POST)


def _combine(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Frames in one, in the output column order, sorted by where each row came from."""
    import pandas as pd

    out = pd.concat([f[columns] for f in frames], ignore_index=True)
    out["approximate"] = out["approximate"].astype(bool)
    out["share"] = out["share"].astype(float)
    return out.sort_values(["_file", "_sheet", "_row"], kind="stable", na_position="first").reset_index(drop=True)


def _split_findings(frames: list[pd.DataFrame], list_id: str) -> list[Finding]:
    """One split-unit finding per file: which units' figures were divided, and how."""
    import pandas as pd

    approx = [f[f["_split"]] for f in frames if f["_split"].any()]
    if not approx:
        return []
    a = pd.concat(approx, ignore_index=True)
    src_list = POST if list_id == PRE else PRE
    from_text = {code: unit_text(code, src_list) for code in a["from_code"].unique()}
    a["_to"] = a["unit"].fillna("?") + " " + (a["_share"] * 100).round(1).map(lambda v: f"{v:g}%")
    a["_from"] = a["from_code"].map(from_text)
    per_unit = a.drop_duplicates(["_file", "from_code", "unit_code"]).groupby(["_file", "_from"], dropna=False, sort=True)["_to"].agg(", ".join).reset_index()
    per_unit["_text"] = per_unit["_from"] + " → " + per_unit["_to"]
    out = []
    for file, group in per_unit.groupby("_file", dropna=False, sort=True):
        out.append(_findings.make("split-unit", file=None if pd.isna(file) else str(file), units="; ".join(group["_text"])))
    return out


# --------------------------------------------------------------------------- weights file


def read_weights(path: str | Path) -> pd.DataFrame:
    """A user weights csv (new_commune_code, old_commune_code, share) as a DataFrame of strings; CltrackError naming
    the file (and line) when it cannot be read as one (cltrack's own words, never a parser's English)."""
    import pandas as pd

    from cltrack.syserrors import EMPTY_FILE
    from cltrack.textfile import csv_records, read_text

    p = Path(path)
    text = read_text(p, "weights file")  # the same encoding detection and delimiter as every csv
    records = csv_records(text, p, "weights file")
    if not records:
        raise CltrackError("{path}: cannot read the {what}: {reason}", path=p, what="weights file", reason=EMPTY_FILE)
    header = [str(c).strip() for c in records[0][1]]
    long = next(((line, len(r)) for line, r in records[1:] if len(r) > len(header)), None)
    if long is not None:
        raise CltrackError("{p}, line {line}: {count} values, but the header names {width} columns", p=p, line=long[0], count=long[1], width=len(header))
    rows = [r + [""] * (len(header) - len(r)) for _, r in records[1:]]
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    _weights_table(frame, load().frame())
    return frame
