"""The contract's exit codes, decided in one function from a report's content and `--fail-on`."""

from __future__ import annotations

from collections.abc import Iterable

from cltrack.models import FLAGGED_STATUSES, Finding

OK, FLAGGED, UNUSABLE = 0, 1, 2
FAIL_ON: tuple[str, ...] = ("error", "flagged", "shortfall", "never")  # evaluate, explain, rollup
STATUS_FAIL_ON: tuple[str, ...] = ("error", "missing", "late", "never")  # status
VALIDATE_FAIL_ON: tuple[str, ...] = ("error", "warning")  # validate (warning: --strict)

# What each --fail-on value fails on: finding severities, result statuses, report states (status).
_RULES: dict[str, tuple[frozenset[str], frozenset[str], frozenset[str]]] = {
    "error": (frozenset({"error"}), frozenset(), frozenset()),
    "warning": (frozenset({"error", "warning"}), frozenset(), frozenset()),
    "flagged": (frozenset(), FLAGGED_STATUSES, frozenset()),
    "shortfall": (frozenset(), frozenset({"shortfall"}), frozenset()),
    "missing": (frozenset(), frozenset(), frozenset({"missing"})),
    "late": (frozenset(), frozenset(), frozenset({"missing", "late"})),
    "never": (frozenset(), frozenset(), frozenset()),
}


def exit_code(fail_on: str, findings: Iterable[Finding] = (), statuses: Iterable[str] = (), states: Iterable[str] = ()) -> int:
    """1 when the report holds what `fail_on` asks to fail on (an error finding; a warning too; a
    flagged or shortfall result; a missing or late report), else 0."""
    severities, bad_statuses, bad_states = _RULES[fail_on]
    failed = (
        any(f.severity in severities for f in findings) if severities else False
    ) or any(s in bad_statuses for s in statuses) or any(s in bad_states for s in states)
    return FLAGGED if failed else OK


def for_findings(findings: Iterable[Finding], strict: bool = False) -> int:
    """`validate`'s exit code: errors fail (warnings too with --strict)."""
    return exit_code("warning" if strict else "error", findings)
