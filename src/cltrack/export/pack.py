"""Write the yearly pack: per plan the evaluation report, the rollup and the status of reports; an index.

DIR/index.md (for people) and DIR/index.json (for scripts) list every plan with its files, its
headline figures and its exit code, or why it has no reports. Every file is written whole or not at
all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack import __version__
from cltrack.i18n import Lang, date, label
from cltrack.models import Text

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.pack import Pack, PackEntry

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Bộ báo cáo năm {year}", "Yearly pack {year}"),
    "made": ("Lập lúc {time} bằng cltrack {version}; tình hình gửi báo cáo tính đến ngày {as_of}.",
             "Made {time} with cltrack {version}; reporting status as of {as_of}."),
    "plan": ("Kế hoạch", "Plan"),
    "results": ("Kết quả", "Results"),
    "flagged": ("Cần chú ý", "Flagged"),
    "insufficient": ("Chưa đủ số liệu", "Insufficient data"),
    "reporting": ("Đơn vị báo cáo", "Units reporting"),
    "files": ("Tệp", "Files"),
    "exit": ("Mã thoát", "Exit code"),
    "evaluation": ("đánh giá", "evaluation"),
    "rollup": ("diễn biến", "rollup"),
    "status": ("tình hình gửi báo cáo", "reporting status"),
    "none": ("không có báo cáo: {why}", "no reports: {why}"),
    "no-targets": ("kế hoạch không có chỉ tiêu định lượng", "the plan has no numeric targets"),
    "no-rows": ("không có dòng số liệu nào trong địa bàn kế hoạch", "no report rows in the plan's area"),
    "no-rows-in-year": ("không có dòng số liệu năm {year} trong địa bàn kế hoạch (có các năm: {years})",
                        "no report rows of {year} in the plan's area (years found: {years})"),
    "input-error": ("{message}", "{message}"),
    "overall": ("Mã thoát chung: {code}", "Overall exit code: {code}"),
}


def _l(key: str, lang: Lang, **args: object) -> str:
    """The pack's label `key` in `lang`, filled from `args` (words given in both languages said in `lang`)."""
    return label(key, lang, LABELS).format(**{k: v.get(lang) if isinstance(v, Text) else v for k, v in args.items()})


def write_pack(pack: Pack, folder: Path, lang: Lang = "vi") -> dict[str, Any]:
    """Write every plan's reports and the index into `folder`; return the index as data."""
    from cltrack.outputs import write_text

    folder.mkdir(parents=True, exist_ok=True)
    plans = [_write_entry(entry, pack.year, folder, lang) for entry in pack.entries]
    index = {"year": pack.year, "as_of": pack.as_of.isoformat(), "generated_at": pack.generated_at,
             "cltrack_version": __version__, "exit_code": pack.exit_code, "plans": plans}
    write_text(folder / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n")
    write_text(folder / "index.md", index_markdown(index, lang))
    return index


def _write_entry(entry: PackEntry, year: int, folder: Path, lang: Lang) -> dict[str, Any]:
    """One plan's files (in a folder named by its id) and its line of the index."""
    from cltrack.export.evaluation import to_json, write_xlsx
    from cltrack.export.rollup import rollup_json, rollup_xlsx
    from cltrack.outputs import write_text
    from cltrack.pack import summary

    pid = entry.plan.id
    problem = _l(entry.problem, lang, **entry.problem_args) if entry.problem else None
    item: dict[str, Any] = {"plan": pid, "name": entry.plan.name.get(lang), "exit_code": entry.exit_code, "problem": problem,
                            "problem_code": entry.problem, "files": {}, **summary(entry)}
    if entry.evaluation is None or entry.rollup is None or entry.status is None:
        return item
    sub = folder / pid
    sub.mkdir(exist_ok=True)
    files = {
        "evaluation_xlsx": f"{pid}/{pid}-{year}.xlsx", "evaluation_json": f"{pid}/{pid}-{year}.json",
        "rollup_xlsx": f"{pid}/{pid}-rollup-{year}.xlsx", "rollup_json": f"{pid}/{pid}-rollup-{year}.json",
        "status_json": f"{pid}/{pid}-status-{year}.json",
    }
    e = entry.evaluation
    write_xlsx(e, folder / files["evaluation_xlsx"], lang, unit_results=e.unit_results or None)
    write_text(folder / files["evaluation_json"], to_json(e, lang))
    rollup_xlsx(entry.rollup, folder / files["rollup_xlsx"], lang)
    write_text(folder / files["rollup_json"], rollup_json(entry.rollup, lang))
    write_text(folder / files["status_json"], json.dumps(entry.status.to_dict(lang), ensure_ascii=False, indent=2))
    item["files"] = files
    return item


def index_markdown(index: dict[str, Any], lang: Lang) -> str:
    """The index as a Markdown page: a table of plans, their figures, files and exit codes."""
    lines = [f"# {_l('title', lang, year=index['year'])}", "",
             _l("made", lang, time=date(index["generated_at"], lang), version=index["cltrack_version"], as_of=date(index["as_of"], lang)), "",
             f"| {_l('plan', lang)} | {_l('results', lang)} | {_l('flagged', lang)} | {_l('insufficient', lang)} | {_l('reporting', lang)} | {_l('files', lang)} | {_l('exit', lang)} |",
             "|---|---:|---:|---:|---:|---|---:|"]
    for p in index["plans"]:
        name = f"**{p['plan']}** {p['name']}"
        if not p["files"]:
            lines.append(f"| {name} | | | | | {_l('none', lang, why=p['problem'])} | {p['exit_code']} |")
            continue
        f = p["files"]
        links = " · ".join([
            f"{_l('evaluation', lang)} [xlsx]({f['evaluation_xlsx']}) [json]({f['evaluation_json']})",
            f"{_l('rollup', lang)} [xlsx]({f['rollup_xlsx']}) [json]({f['rollup_json']})",
            f"{_l('status', lang)} [json]({f['status_json']})",
        ])
        lines.append(f"| {name} | {p['results']} | {p['flagged']} | {p['insufficient_data']} | {p['units_reporting']}/{p['units_expected']} | {links} | {p['exit_code']} |")
    lines += ["", _l("overall", lang, code=index["exit_code"]), ""]
    return "\n".join(lines)
