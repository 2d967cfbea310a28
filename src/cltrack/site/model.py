"""The types of the progress site: one plan and everything its pages show (`PlanSite`), and the site (`Site`).

Built by `build.py`, read by the page modules (`pages.py`, `target_page.py`, `parts.py`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cltrack.compute.completeness import Completeness
    from cltrack.compute.evaluate import Evaluation
    from cltrack.compute.rollup import Rollup
    from cltrack.models import Plan, Result, Text


@dataclass
class PlanSite:
    """One plan and everything its pages show; `latest` is None when no data was given for it."""

    plan: Plan
    data_paths: list[str]
    latest: Evaluation | None = None
    by_year: list[Evaluation] = field(default_factory=list)
    path: Rollup | None = None
    districts: list[Result] = field(default_factory=list)
    communes: list[Result] = field(default_factory=list)
    district_of: dict[str, str] = field(default_factory=dict)  # commune code -> district code
    status: Completeness | None = None
    status_error: Text | None = None  # why there is no reporting status, in both languages

    @functools.cached_property
    def inputs(self) -> list[tuple[str, str]]:
        """(path, SHA-256) of the plan file and of every input file, for the footer."""
        from cltrack.export import sha256_of

        src = self.plan.source
        out = [(src, sha256_of(src))] if src and Path(src).is_file() else []
        e = self.latest
        return out + [(s.path, s.sha256) for s in ((list(e.sources) + list(e.survey_sources)) if e else [])]


@dataclass
class Site:
    """Every plan of the site and when it was built."""

    plans: list[PlanSite]
    built_at: str

