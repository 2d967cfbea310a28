"""Which units and rows a plan covers: its area, levels, the --unit scope and the year chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cltrack.elements import ELEMENTS
from cltrack.errors import CltrackError
from cltrack.models import COUNTRY, Finding, Plan, Target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cltrack.reading.model import ReportData

LEVEL_ORDER: dict[str, int] = {"commune": 0, "district": 1, "province": 2, "plan": 3}
GROUP_COLUMN: dict[str, str] = {"commune": "commune_code", "district": "district_code", "province": "province_code"}
NAME_COLUMN: dict[str, str] = {"commune": "commune", "district": "district", "province": "province"}


def default_level(plan: Plan) -> str:
    """The plan's own level: district for a district plan, else province (each province for a national plan)."""
    return "district" if plan.level == "district" else "province"


def target_unit_level(target: Target) -> str:
    """Which units a target expects reports from: the unit-share level, district for district-only counts, else commune."""
    if target.unit_share is not None:
        return target.unit_share.unit_level
    codes = target.elements
    if codes and all(ELEMENTS.get(c) is not None and ELEMENTS[c].kind == "district" for c in codes):
        return "district"
    return "commune"


def area_units(plan: Plan) -> pd.DataFrame:
    """Every commune of the plan's area (pre-reform gazetteer) with its district and province."""
    import pandas as pd

    from cltrack.units import gazetteer

    gaz = gazetteer.load("2025-01")
    area = plan.area
    communes = gaz.children(area.code, "commune")
    if not communes:
        parent_level = "district" if area.district_code else "province"
        raise CltrackError("plan {plan_id}: the gazetteer has no communes under {parent_level} code {area_code}", plan_id=plan.id, parent_level=parent_level, area_code=area.code)
    names = {
        (level, code): (u.name if (u := gaz.by_code(code, level)) else code)
        for level, code in {(lv, getattr(c, f"{lv}_code")) for c in communes for lv in ("district", "province")}
        if code
    }
    return pd.DataFrame(
        {
            "commune_code": [u.code for u in communes],
            "commune": [u.name for u in communes],
            "district_code": [u.district_code for u in communes],
            "district": [names.get(("district", u.district_code or ""), "") for u in communes],
            "province_code": [u.province_code for u in communes],
            "province": [names.get(("province", u.province_code or ""), area.province or "") for u in communes],
        },
        dtype=object,  # plain text: filtered and matched as it is (no Arrow strings to convert back)
    )


def area_name(plan: Plan) -> tuple[str, str]:
    """(name, code) of the whole plan area: its district or province, or the country."""
    a = plan.area
    return (a.name, a.code) if a.code else COUNTRY


def resolve_unit(plan: Plan, name: str) -> tuple[str, str, str]:
    """(level, code, name) of a unit of the plan's area named by the user; CltrackError when unknown."""
    from cltrack.units import gazetteer

    gaz = gazetteer.load("2025-01")
    area = area_units(plan)
    candidates = [u for u in gaz.match(name) if u.code in set(area[GROUP_COLUMN.get(u.level, "commune_code")])]
    if not candidates:
        sugg = gaz.suggest(name, within=plan.area.code)
        extra = f"; did you mean {', '.join(sugg)}?" if sugg else ""
        raise CltrackError("{option} '{name}': no such unit in the area of plan {plan_id}{extra}", option="unit", name=name, plan_id=plan.id, extra=extra)
    if len({(u.level, u.code) for u in candidates}) > 1:
        exact_name = [u for u in candidates if u.name.casefold() == " ".join(name.split()).casefold()]
        candidates = exact_name or candidates
    if len({(u.level, u.code) for u in candidates}) > 1:
        names = ", ".join(f"{u.name} ({u.level} {u.code})" for u in candidates)
        raise CltrackError("{option} '{name}' is ambiguous: {names}", option="unit", name=name, names=names)
    u = candidates[0]
    return u.level, u.code, u.name


def prepare_rows(plan: Plan, data: ReportData | None, weights: Any = None) -> tuple[pd.DataFrame, list[Finding]]:
    """Report rows in the plan's area on the pre-reform map (post-reform rows attributed back)."""
    import pandas as pd

    findings: list[Finding] = []
    if data is None or data.rows is None or len(data.rows) == 0:
        return pd.DataFrame(columns=["_file", "_sheet", "_row", "year", "level", "province_code", "district_code", "commune_code", "unit", "approximate"]), findings
    rows = data.rows
    if "gazetteer" in rows.columns and (rows["gazetteer"] == "2025-07").any():
        from cltrack.units import reform

        rows, extra = reform.attribute_to_old(rows, weights)
        findings.extend(extra)
    area = plan.area
    inside = rows["province_code"].notna() if area.province_code is None else rows["province_code"] == area.province_code
    if area.district_code:
        inside &= rows["district_code"] == area.district_code
    rows = rows[inside].reset_index(drop=True) if not inside.all() else rows.reset_index(drop=True)  # a new frame either way
    approximate = rows["approximate"].fillna(False).astype(bool) if "approximate" in rows.columns else False
    return rows.assign(approximate=approximate), findings


# Columns of the report rows that evaluation reads besides the targets' data elements.
EVALUATION_COLUMNS: tuple[str, ...] = (
    "_file", "_sheet", "_row", "year", "level", "province_code", "district_code", "commune_code", "from_code",
    "approximate", "share",
)


def needed_columns(rows: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The rows with only the columns evaluation reads (every per-target filter then copies less)."""
    codes = {c for t in plan.targets for c in t.elements} | {c for c in rows.columns if c in ELEMENTS and ELEMENTS[c].kind == "count"}
    keep = [c for c in rows.columns if c in EVALUATION_COLUMNS or c in codes]
    return rows[keep] if len(keep) < len(rows.columns) else rows


def plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its text columns as plain object columns (same values; cheaper to filter and match)."""
    text = [c for c, dtype in frame.dtypes.items() if dtype == "str"]
    return frame.astype(dict.fromkeys(text, object)) if text else frame


def survey_years(survey: Any) -> set[int] | None:
    """The years present in survey microdata; None when it names no year (it then fits any year)."""
    srows = getattr(survey, "rows", getattr(survey, "frame", None))
    if srows is None or "year" not in getattr(srows, "columns", []):
        return None
    if len(srows) and not srows["year"].notna().any():  # a year column left blank
        return None
    return {int(y) for y in srows["year"].dropna().unique()}


def pick_year(year: int | None, rows: pd.DataFrame, survey: Any) -> int:
    """--year, else the latest year in the report rows or the survey."""
    if year is not None:
        return int(year)
    years: list[int] = []
    if len(rows):
        years.append(int(rows["year"].max()))
    srows = getattr(survey, "rows", None)
    if srows is not None and "year" in getattr(srows, "columns", []) and len(srows) and srows["year"].notna().any():
        years.append(int(srows["year"].max()))
    if not years:
        raise CltrackError("no data rows to evaluate and no --year given")
    return max(years)


def result_groups(plan: Plan, area: pd.DataFrame, level: str, unit_name: str | None) -> pd.DataFrame:
    """The units results are given for at `level`: index = group key, columns name and code."""
    import pandas as pd

    if level == "plan":
        name, code = area_name(plan)
        return pd.DataFrame({"name": [name], "code": [code]}, index=pd.Index(["plan"], name="_group"))
    col = GROUP_COLUMN[level]
    g = area[[col, NAME_COLUMN[level]]].drop_duplicates(col)
    return pd.DataFrame({"name": g[NAME_COLUMN[level]].to_numpy(), "code": g[col].to_numpy()}, index=pd.Index(g[col].to_numpy(), name="_group"))
