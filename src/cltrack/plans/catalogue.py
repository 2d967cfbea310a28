"""The plan catalogue: find plan files, load them as `Plan`s, and the views `plans`/`targets` print.

Shipped plans live in the package (`cltrack/targets/` in the wheel, the repository's `targets/`
in an editable install); a user folder (`--targets-dir` or `CLTRACK_TARGETS`) adds plans and
overrides shipped ones with the same id. `lint(path)` collects every problem of a file as
`Finding`s (row = line, args `col` = column); `load_plan` raises `CltrackError` with the first one
as `FILE:LINE:COL: message`. Reading and checking a file is `cltrack.plans.planfile`'s job; its result is
cached per file content (`cltrack.plans.cache`), so an unchanged plan costs neither PyYAML nor a parse.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.errors import CltrackError
from cltrack.i18n import LANGS, Lang
from cltrack.plans import cache

if TYPE_CHECKING:  # pragma: no cover - `targets` from the cache makes no dataclass at all (start-up time)
    from cltrack.models import Finding, Plan, ReportingDeadline, Target

ENV_VAR = "CLTRACK_TARGETS"
SUFFIXES: tuple[str, ...] = (".yaml", ".yml")


class PlanRef:
    """Where a plan file is: its id, path, whether it is shipped, and whether it overrides a shipped one.

    A plain class: defining a `typing.NamedTuple` costs 0.13 ms of every start-up."""

    __slots__ = ("id", "path", "shipped", "overrides")

    def __init__(self, id: str, path: str, shipped: bool, overrides: bool = False) -> None:
        self.id, self.path, self.shipped, self.overrides = id, path, shipped, overrides

    def __repr__(self) -> str:
        return f"PlanRef({self.id!r}, {self.path!r}, shipped={self.shipped}, overrides={self.overrides})"


# --------------------------------------------------------------------------- finding plan files


@lru_cache(maxsize=1)
def shipped_dir() -> Path:
    """The shipped plans: `cltrack/targets` inside the installed package, else the repository's `targets/` (found once)."""
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "targets"
    return packaged if packaged.is_dir() else here.parents[3] / "targets"


def user_dir(targets_dir: str | None = None) -> Path | None:
    """The user's plan folder from the argument or CLTRACK_TARGETS (None when neither is set)."""
    raw = targets_dir if targets_dir else os.environ.get(ENV_VAR)
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise CltrackError("{raw}: the plan folder (--targets-dir / {env_var}) does not exist", raw=raw, env_var=ENV_VAR)
    return path


def _plan_files(folder: Path) -> list[Path]:
    """The plan files of a folder, sorted by name (one directory read; a file's kind from the listing where it can)."""
    with os.scandir(folder) as entries:
        return sorted(Path(e.path) for e in entries if os.path.splitext(e.name)[1] in SUFFIXES and e.is_file())


def available(targets_dir: str | None = None) -> list[PlanRef]:
    """Every plan that can be loaded by id: shipped ones, then user ones (a user plan replaces a shipped one)."""
    where = shipped_dir()
    shipped = {p.stem: p for p in _plan_files(where)} if where.is_dir() else {}
    refs = {pid: PlanRef(pid, str(p), shipped=True) for pid, p in shipped.items()}
    folder = user_dir(targets_dir)
    if folder is not None:
        for p in _plan_files(folder):
            refs[p.stem] = PlanRef(p.stem, str(p), shipped=False, overrides=p.stem in shipped)
    return sorted(refs.values(), key=lambda r: (not r.shipped and not r.overrides, r.id))


def overriding(targets_dir: str | None = None) -> list[Finding]:
    """An info finding for every user plan that replaces a shipped plan (the CLI prints them on stderr)."""
    if user_dir(targets_dir) is None:  # no user plans: nothing to list (start-up time)
        return []
    refs = [r for r in available(targets_dir) if r.overrides]
    if not refs:
        return []
    from cltrack import findings

    return [findings.make("plan-overrides-shipped", file=r.path, plan=r.id) for r in refs]


def _is_path(ref: str) -> bool:
    """True when `ref` names a file rather than a plan id."""
    return ref.endswith(SUFFIXES) or os.sep in ref or "/" in ref


def find(ref: str, targets_dir: str | None = None) -> PlanRef:
    """The plan file for a plan id or a path to a YAML file."""
    if _is_path(ref):
        path = Path(ref)
        if not path.is_file():
            raise CltrackError("{ref}: plan file not found", ref=ref)
        return PlanRef(path.stem, str(path), shipped=False)
    refs = available(targets_dir)
    match = next((r for r in refs if r.id == ref), None)
    if match is None:
        ids = ", ".join(r.id for r in refs) or "none"
        raise CltrackError("unknown plan '{ref}' (available: {ids}; or give the path of a .yaml file)", ref=ref, ids=ids)
    return match


def load_plan(ref: str, targets_dir: str | None = None) -> Plan:
    """The plan with this id (or in this YAML file); an invalid file raises CltrackError 'FILE:LINE:COL: message'."""
    pref = find(ref, targets_dir)
    plan, found = check(pref.path)
    errors = [f for f in found if f.severity == "error"]
    if plan is None or errors:
        first = errors[0]
        if len(errors) > 1:
            raise CltrackError("{finding} (and {more} more; run `cltrack lint {path}`)", finding=first, more=len(errors) - 1, path=pref.path)
        raise CltrackError.of(first)
    return plan


def load_all(targets_dir: str | None = None) -> list[tuple[PlanRef, Plan]]:
    """Every available plan, loaded (the first invalid one raises CltrackError)."""
    return [(r, load_plan(r.path)) for r in available(targets_dir)]


# --------------------------------------------------------------------------- checking


def lint(path: str | Path) -> list[Finding]:
    """Every problem of a plan file, as findings with the line (row) and column (args['col'])."""
    return check(path)[1]


def lint_line(finding: Finding, lang: Lang = "en") -> str:
    """'file:line:col: code: message' for one lint finding."""
    from cltrack import findings

    where = ":".join(str(x) for x in (finding.file, finding.row, finding.args.get("col")) if x is not None)
    return f"{where}: {finding.code}: {findings.message(finding, lang)}"


def check(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """Read and check a plan file (see `cltrack.plans.planfile.check`), from the cache when the file is unchanged."""

    def parse() -> tuple[Plan | None, list[Finding]]:
        from cltrack.plans import planfile

        return planfile.check(path)

    return cache.cached("plan", path, parse)


def next_deadline(plan: Plan, today: dt.date) -> tuple[dt.date, ReportingDeadline] | None:
    """The first reporting deadline on or after `today` within the plan's period (None when none is left)."""
    found = _next_due(plan.period, [(r.month, r.day) for r in plan.reporting], today)
    return None if found is None else (found[0], plan.reporting[found[1]])


def _next_due(period: tuple[int, int], days: list[tuple[int, int]], today: dt.date) -> tuple[dt.date, int] | None:
    """The first (month, day) of `days` falling on or after `today` within `period`: its date and its place in `days`."""
    start, end = period
    due = [(dt.date(year, month, day), i) for year in range(max(start, today.year), end + 1) for i, (month, day) in enumerate(days)]
    upcoming = [d for d in due if d[0] >= today]
    return min(upcoming, key=lambda d: d[0]) if upcoming else None


def summary_data(plan: Plan) -> dict[str, Any]:
    """What a row of `cltrack plans` takes from a plan, as plain data (the plan cache keeps it: no `Plan` is built)."""
    return {
        "id": plan.id, "name_vi": plan.name.vi, "name_en": plan.name.en, "issuer": plan.issuer, "level": plan.level,
        "period": list(plan.period), "targets": len(plan.targets),
        "reporting": [(r.month, r.day, r.period, r.to) for r in plan.reporting],
    }


def plan_summary(ref: PlanRef, data: dict[str, Any], today: dt.date) -> dict[str, object]:
    """One row of `cltrack plans` from a plan's `summary_data`: id, names, level, period, number of targets, next deadline."""
    reporting = data["reporting"]
    nxt = _next_due(tuple(data["period"]), [(m, d) for m, d, _, _ in reporting], today)
    return {
        **{k: data[k] for k in ("id", "name_vi", "name_en", "issuer", "level", "period", "targets")},
        "next_deadline": nxt[0].isoformat() if nxt else None,
        "next_deadline_period": reporting[nxt[1]][2] if nxt else None,
        "next_deadline_to": reporting[nxt[1]][3] if nxt else None,
        "shipped": ref.shipped,
        "overrides": ref.overrides,
        "path": ref.path,
    }


def summaries(targets_dir: str | None = None, today: dt.date | None = None) -> list[dict[str, object]]:
    """The rows of `cltrack plans` for every available plan (the first invalid one raises CltrackError)."""
    day = today or dt.date.today()
    return [plan_summary(ref, cache.cached("summary", ref.path, lambda ref=ref: summary_data(load_plan(ref.path)), plain=True), day)  # type: ignore[misc]
            for ref in available(targets_dir)]


def plan_files_in(paths: Sequence[str | Path]) -> list[Path]:
    """The plan files named, and those inside the folders named (recursively, sorted)."""
    return [q for p in map(Path, paths) for q in (sorted(p.rglob("*.y*ml")) if p.is_dir() else [p])]


def lint_view(path: str | Path) -> dict[str, Any]:
    """`cltrack lint`'s output for one plan file as plain data, kept in the plan cache: its exit code, and in each
    language its lines and its JSON objects (an unchanged file costs no parse and no `Finding`)."""

    def build() -> dict[str, Any]:
        from cltrack import findings
        from cltrack.exitcodes import exit_code

        found = lint(path)
        return {
            "exit": exit_code("error", found),
            "ok": not any(f.severity == "error" for f in found),
            "lines": {lang: [lint_line(f, lang) for f in found] for lang in LANGS},
            "json": {lang: [{**findings.to_dict(f, lang), "line": f.row, "col": f.args.get("col")} for f in found] for lang in LANGS},
        }

    return cache.cached("lint", path, build, plain=True)


def target_dict(target: Target) -> dict[str, object]:
    """A target as the contract's JSON object (plus formula, level, short names, baseline, note)."""
    share = target.unit_share
    return {
        "id": target.id,
        "objective": target.objective,
        "kind": target.kind,
        "comparator": target.comparator,
        "value": target.value,
        "unit": target.unit,
        "deadline": target.deadline,
        "level": target.level,
        "direction": target.direction,
        "numerator": list(target.numerator),
        "denominator": list(target.denominator),
        "unit_share": None if share is None else {
            "elements": list(share.elements), "comparator": share.comparator,
            "threshold": share.threshold, "unit_level": share.unit_level,
        },
        "survey_rules": target.survey_rules,
        "baseline": None if target.baseline is None else {"year": target.baseline.year, "value": target.baseline.value},
        "short_vi": target.short.vi,
        "short_en": target.short.en,
        "text_vi": target.text_vi,
        "text_en": target.text_en,
        "section": target.section,
        "note": target.note,
    }


def targets_json(plan: Plan) -> list[dict[str, object]]:
    """Every target of the plan as JSON-ready dicts, in plan order."""
    return [target_dict(t) for t in plan.targets]
