"""The survey rules file (YAML): the shipped one and a user's copy, read as a mapping; no thresholds here.

Both the survey reader (validity limits) and the rule sets of compute/survey read it through here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from cltrack.errors import CltrackError

RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "survey_rules.yaml"


@lru_cache(maxsize=1)
def shipped_rules() -> dict[str, Any]:
    """The shipped rules file as a dict (cached; callers must not modify it)."""
    return load_yaml(RULES_FILE)


def load_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping from a file, or CltrackError."""
    import yaml

    from cltrack.plans.yamlcheck import syntax_error
    from cltrack.syserrors import os_error

    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise CltrackError("{path}: cannot read the rules file ({detail})", path=path, detail=os_error(exc)) from None
    except yaml.YAMLError as exc:
        line, col, detail = syntax_error(exc, text)
        raise CltrackError("{path}:{line}:{col}: YAML syntax error in the rules file: {detail}", path=path, line=line, col=col,
                           detail=detail) from None
    if not isinstance(data, dict):
        raise CltrackError("{path}: a rules file must be a mapping", path=path)
    return data

