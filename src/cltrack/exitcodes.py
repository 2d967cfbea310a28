"""The contract's exit codes, decided in one place from a report's content."""

from __future__ import annotations

from collections.abc import Iterable

from cltrack.models import FLAGGED_STATUSES, Finding

OK, FLAGGED, UNUSABLE = 0, 1, 2
FAIL_ON: tuple[str, ...] = ("flagged", "shortfall", "never")


def for_results(statuses: Iterable[str], fail_on: str) -> int:
    """1 when a status matches --fail-on (flagged: off_track or shortfall; shortfall only), else 0."""
    wanted = {"flagged": FLAGGED_STATUSES, "shortfall": frozenset({"shortfall"})}.get(fail_on, frozenset())
    return FLAGGED if any(s in wanted for s in statuses) else OK


def for_findings(findings: Iterable[Finding], strict: bool = False) -> int:
    """1 when any finding is an error (or a warning with --strict), else 0."""
    failing = {"error", "warning"} if strict else {"error"}
    return FLAGGED if any(f.severity in failing for f in findings) else OK
