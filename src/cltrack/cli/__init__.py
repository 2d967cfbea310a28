"""Command-line interface: a thin typer layer over the cltrack library.

`_app.COMMANDS` names every command and the module that defines it; a module is imported only when
its command runs, so `cltrack --help` and the plan commands start at about the cost of importing
typer. No module here imports pandas or openpyxl at module level.
"""

from __future__ import annotations

from cltrack.cli._app import app


def main() -> None:
    """Entry point of the `cltrack` console script."""
    app()


__all__ = ["app", "main"]
