"""Command-line interface: a thin typer layer over the cltrack library.

Each module registers its commands on the shared app; none imports pandas or openpyxl at
module level (start-up stays near the cost of importing typer and rich).
"""

from __future__ import annotations

from cltrack.cli import (  # noqa: F401  (modules register their commands)
    evaluate_cmd,
    plans_cmd,
    rollup_cmd,
    survey_cmd,
    units_cmd,
    validate_cmd,
)
from cltrack.cli._app import app


def main() -> None:
    """Entry point of the `cltrack` console script."""
    app()


__all__ = ["app", "main"]
