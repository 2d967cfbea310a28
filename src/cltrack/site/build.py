"""The `site` job: plans and their data in, one evaluated `PlanSite` per plan out, then the folder written.

Each plan is evaluated exactly as `cltrack evaluate PLAN DATA...` does (latest year, the plan's own
level): that `Evaluation` is what the plan page shows and what its JSON, CSV and Excel downloads
are. Each year of the data is evaluated the same way for the path over the years
(`compute.rollup.build_rows` and the anticipated-progress measure), and the latest year once more
per district and per commune for the drill-down tables (counts pooled at every level, never
averaged percentages). The folder is built beside the output and moved into place when complete.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.errors import CltrackError
from cltrack.models import Text
from cltrack.outputs import check_output_folder, exchange
from cltrack.site.model import PlanSite, Site

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.completeness import Completeness
    from cltrack.models import Plan, ReadProgress

MARKER = ".cltrack-site"  # a folder holding this file was built by cltrack and may be replaced
PLAN_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")


def split_args(args: Sequence[str], targets_dir: str | None = None) -> list[tuple[str, list[str]]]:
    """Plans with their data: each PLAN takes the DATA paths after it up to the next PLAN.

    The first argument is a plan; later, an existing file or folder is data (a .yaml/.yml file is a
    plan), anything else must be a plan id.
    """
    from cltrack.plans import catalogue

    if not args:
        raise CltrackError("give at least one PLAN (then its DATA files or folders)")
    known = {ref.id for ref in catalogue.available(targets_dir)}
    groups: list[tuple[str, list[str]]] = []
    for i, arg in enumerate(args):
        path = Path(arg)
        is_plan = i == 0 or path.suffix.lower() in PLAN_SUFFIXES or not path.exists()
        if is_plan:
            if path.suffix.lower() not in PLAN_SUFFIXES and arg not in known:
                raise CltrackError("'{arg}' is neither a plan ({known}) nor an existing file or folder", arg=arg, known=', '.join(sorted(known)))
            groups.append((arg, []))
        else:
            groups[-1][1].append(arg)
    return groups


def check_output(output: Path, inputs: Sequence[str]) -> None:
    """Refuse an output folder that is an input, lies inside one, holds one, or is a folder cltrack did not build."""
    out = output.resolve()
    for given in inputs:
        p = Path(given).resolve()
        if p == out or out in p.parents or p in out.parents and p.is_dir():
            raise CltrackError("{option} {output}: the output folder and the input '{given}' overlap; choose a folder apart from the data", option="output", output=output, given=given)
    if output.exists() and not output.is_dir():
        raise CltrackError("{option} {output}: exists and is not a folder", option="output", output=output)
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise CltrackError("{option} {output}: the folder is not empty and was not built by `cltrack site`; choose a new or empty folder", option="output", output=output)
    check_output_folder(output)


def district_map(plan: Plan) -> dict[str, str]:
    """Commune code -> district code for every commune of the plan's area (pre-reform gazetteer)."""
    from cltrack.units import gazetteer

    gaz = gazetteer.load("2025-01")
    return {u.code: u.district_code or "" for u in gaz.children(plan.area.code, "commune")} if plan.area.code else {}


def collect(plan: Plan, paths: Sequence[str], *, as_of: dt.date | None = None,
            manifest: dict[str, dt.date] | None = None, include_hidden: bool = False,
            progress: ReadProgress | None = None) -> PlanSite:
    """Evaluate one plan for its latest year, every year of its data, and per district and commune."""
    from cltrack.compute.evaluate import LEVEL_ORDER, evaluate
    from cltrack.compute.rollup import Rollup, build_rows, data_years, unique_findings
    from cltrack.compute.screen import screen

    site = PlanSite(plan, list(paths))
    if not paths:
        return site
    from cltrack.jobs import for_plan, read_inputs

    data, survey = read_inputs(plan, paths, include_hidden=include_hidden,  # as `cltrack evaluate` routes them
                               progress=for_plan(progress, plan.id))
    data = screen(data, plan) if data is not None else None  # once for every evaluation below
    memo: dict[Any, Any] = {}  # they share the rows in scope and each target's sums per year and level
    latest = evaluate(plan, data, survey=survey, memo=memo)  # `cltrack evaluate PLAN DATA...`
    years = sorted(set(data_years(data)) | {latest.year})
    by_year = [latest if y == latest.year else evaluate(plan, data, year=y, survey=survey, memo=memo) for y in years]
    finer = {lv: evaluate(plan, data, year=latest.year, level=lv, survey=survey, memo=memo).results
             for lv in ("district", "commune") if LEVEL_ORDER[lv] < LEVEL_ORDER[latest.level]}
    latest.unit_results = finer.get("commune", [])  # the Excel report's "By unit" sheet, as `evaluate --output x.xlsx`
    site.latest, site.by_year = latest, by_year
    site.districts, site.communes = finer.get("district", []), finer.get("commune", [])
    site.district_of = district_map(plan)
    site.path = Rollup(plan=plan, years=years, level=latest.level, rows=build_rows(plan, years, by_year),
                       findings=unique_findings([f for ev in by_year for f in ev.findings]), sources=list(latest.sources))
    site.status, site.status_error = reporting_status(plan, data, latest.year, as_of, manifest)
    return site


def reporting_status(plan: Plan, data: Any, year: int, as_of: dt.date | None,
                     manifest: dict[str, dt.date] | None) -> tuple[Completeness | None, Text | None]:
    """`cltrack status` for the year shown, or why there is none (a plan without reporting deadlines)."""
    from cltrack.compute.completeness import completeness

    try:
        return completeness(plan, data, as_of=as_of, years=[year], manifest=manifest), None
    except CltrackError as exc:
        return None, Text(exc.text("vi"), exc.text("en"))


def build_time() -> str:
    """Time of the build, UTC; SOURCE_DATE_EPOCH (reproducible builds) wins when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit() else dt.datetime.now(dt.UTC)
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build_site(args: Sequence[str], output: str | Path, *, targets_dir: str | None = None,
               as_of: dt.date | None = None, submitted_from: str | Path | None = None,
               include_hidden: bool = False, progress: ReadProgress | None = None) -> list[Path]:
    """Build the site for PLAN DATA... groups into `output`; returns the files written."""
    from cltrack.plans import catalogue
    from cltrack.site.pages import SiteWriter

    groups = split_args(args, targets_dir)
    out = Path(output)
    check_output(out, [p for _, paths in groups for p in paths])
    manifest = None
    if submitted_from is not None:
        from cltrack.compute.submissions import read_manifest

        manifest = read_manifest(submitted_from)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    writer: SiteWriter | None = None
    try:
        writer = SiteWriter(tmp, build_time())
        plans: list[PlanSite] = []
        for ref, paths in groups:  # each plan's charts render while the next plan is evaluated
            plan = catalogue.load_plan(ref, targets_dir=targets_dir)
            if plan.id in {p.plan.id for p in plans}:
                raise CltrackError("plan {plan_id} is named twice", plan_id=plan.id)
            plans.append(collect(plan, paths, as_of=as_of, manifest=manifest, include_hidden=include_hidden, progress=progress))
            writer.add(plans[-1])
        written = writer.finish(Site(plans, writer.writers[0].built_at))
        (tmp / MARKER).write_text("built by cltrack site; this folder is replaced whole on the next build\n", encoding="utf-8")
        replace_dir(tmp, out)
    except BaseException:
        if writer is not None:
            writer.charts.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / p.relative_to(tmp) for p in written]


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished folder `new` at `target` so that `target` exists at every moment.

    On Linux the two folders are swapped in one step (renameat2 with RENAME_EXCHANGE) and the old one,
    now at `new`'s place, is removed. Elsewhere the old folder is moved aside, the new one moved in
    (the old one put back if that fails) and only then removed: a moment without `target` remains there.
    """
    if target.exists() and exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
