"""The yearly pack: for every plan (or the plans named) and a year, the evaluation, the rollup and the status of reports.

Files in, reports out, as jobs.py does for one command: the data is read once per plan, then
evaluated for the year (with the finer results the Excel report's By unit sheet shows), rolled up
over the years up to it, and checked for completeness. export/pack.py writes the folder and its
index. The exit code follows the commands it runs: 1 when `evaluate --fail-on` or `status
--fail-on` would exit 1 for a plan, 2 when a plan that was named cannot be evaluated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cltrack.errors import CltrackError
from cltrack.models import ReadProgress, Text
from cltrack.outputs import check_output_folder

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.completeness import Completeness
    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.rollup import Rollup
    from cltrack.models import Plan


@dataclass
class PackEntry:
    """One plan's part of the pack: its reports, or why there are none, and its exit code."""

    plan: Plan
    evaluation: Evaluation | None = None
    rollup: Rollup | None = None
    status: Completeness | None = None
    problem: str | None = None  # why the plan has no reports: no-targets, no-rows, no-rows-in-year or input-error
    problem_args: dict[str, str | Text] = field(default_factory=dict)  # words of an input error in vi and en
    exit_code: int = 0


@dataclass
class Pack:
    """Every plan's entry for one year."""

    year: int
    entries: list[PackEntry]
    as_of: dt.date
    generated_at: str = field(default_factory=lambda: dt.datetime.now().astimezone().isoformat(timespec="seconds"))

    @property
    def exit_code(self) -> int:
        """The largest exit code of the plans' commands (2 when no plan has reports at all)."""
        if not any(e.evaluation is not None for e in self.entries):
            return 2
        return max((e.exit_code for e in self.entries), default=0)


def split_arguments(args: Sequence[str], targets_dir: str | None = None) -> tuple[list[str], list[Path]]:
    """PLAN... DATA...: leading arguments that name a plan (an id, or a .yaml file) are plans, the rest data."""
    from cltrack.plans.catalogue import available

    ids = {r.id for r in available(targets_dir)}
    plans: list[str] = []
    for i, arg in enumerate(args):
        is_plan = (arg in ids and not Path(arg).exists()) or arg.lower().endswith((".yaml", ".yml"))
        if not is_plan:
            return plans, [Path(a) for a in args[i:]]
        plans.append(arg)
    return plans, []


def check_folder(output: Path, inputs: Sequence[Path]) -> Path:
    """The pack's folder: refused when it is, or lies inside, an input folder (next year's pack would read it)."""
    out = output.resolve()
    for given in inputs:
        src = Path(given).resolve()
        if out == src or (src.is_dir() and src in out.parents):
            raise CltrackError("{option} '{output}' lies inside the input '{given}'; write the pack elsewhere", option="output", output=output, given=given)
        if src.is_file() and (src == out or out in src.parents):
            raise CltrackError("{option} '{output}' holds the input file '{given}'; write the pack elsewhere", option="output", output=output, given=given)
    if output.exists() and not output.is_dir():
        raise CltrackError("{option} '{output}' is a file; give a folder", option="output", output=output)
    return check_output_folder(output)


def build_pack(
    plan_refs: Sequence[str],
    paths: Sequence[Path],
    *,
    year: int,
    as_of: dt.date | None = None,
    fail_on: str = "never",
    fail_on_status: str = "never",
    targets_dir: str | None = None,
    include_hidden: bool = False,
    progress: ReadProgress | None = None,
) -> Pack:
    """Evaluate, roll up and check completeness for each plan named (every plan when none is)."""
    from cltrack.plans import catalogue

    if not paths:
        raise CltrackError("no data files or folders given (cltrack pack [PLAN...] DATA... --year Y --output DIR)")
    named = bool(plan_refs)
    refs = list(plan_refs) or [r.path for r in catalogue.available(targets_dir)]
    day = as_of or dt.date.today()
    entries = [_entry(catalogue.load_plan(ref, targets_dir=targets_dir), paths, year, day, fail_on, fail_on_status, named,
                      include_hidden, progress)
               for ref in refs]
    return Pack(year, entries, day)


def _entry(plan: Plan, paths: Sequence[Path], year: int, as_of: dt.date, fail_on: str, fail_on_status: str, named: bool,
           include_hidden: bool = False, progress: ReadProgress | None = None) -> PackEntry:
    """One plan: read its data once, then the three reports; a plan without data for the year says why."""
    from cltrack.compute.completeness import completeness
    from cltrack.compute.rollup import rollup
    from cltrack.exitcodes import exit_code
    from cltrack.jobs import evaluate_data, for_plan, read_inputs

    entry = PackEntry(plan)
    if not plan.targets:
        entry.problem = "no-targets"
        return entry
    try:
        data, survey = read_inputs(plan, paths, include_hidden=include_hidden,  # as `cltrack evaluate` routes them
                                   progress=for_plan(progress, plan.id))
        years = sorted({int(y) for y in data.rows["year"].unique()} if data is not None and len(data.rows) else set())
        if year not in years:
            entry.problem, entry.problem_args = ("no-rows-in-year", {"year": str(year), "years": ", ".join(map(str, years))}) if years else ("no-rows", {})
            entry.exit_code = 2 if named else 0  # as evaluate: a selection with no row is exit 2
            return entry
        entry.evaluation = evaluate_data(plan, data, survey, year=year, unit_level="commune")
        entry.rollup = rollup(plan, data, years=[y for y in years if y <= year])
        entry.status = completeness(plan, data, as_of=as_of, years=[year])
    except CltrackError as exc:
        entry.problem, entry.problem_args = "input-error", {"message": Text(exc.text("vi"), exc.text("en"))}
        entry.exit_code = exc.exit_code if named else 0
        entry.evaluation = entry.rollup = entry.status = None
        return entry
    entry.exit_code = max(exit_code(fail_on, entry.evaluation.findings, [r.status for r in entry.evaluation.results]),
                          exit_code(fail_on_status, entry.status.findings, states=[r.state for r in entry.status.reports]))
    return entry


def summary(entry: PackEntry) -> dict[str, Any]:
    """The figures an index shows for a plan: results, flagged and insufficient_data beside them, reporting rate of the year."""
    e, s = entry.evaluation, entry.status
    if e is None:
        return {}
    statuses: dict[str, int] = {}
    for r in e.results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    levels = cast("list[dict[str, Any]]", s.to_dict("en").get("levels", [])) if s is not None else []
    return {"results": len(e.results), "flagged": len(e.flagged), "insufficient_data": len(e.insufficient), "statuses": statuses,
            "units_reporting": e.units_reporting, "units_expected": e.units_expected,
            "reporting": [{k: lv.get(k) for k in ("level", "expected", "received", "on_time", "late", "missing")} for lv in levels]}
