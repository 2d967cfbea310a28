"""The one exception type for input that cannot be used at all (exit code 2, one line)."""

from __future__ import annotations


class CltrackError(Exception):
    """Input that cannot be read at all: missing file, unknown plan, invalid plan file.

    The CLI prints `cltrack: error: <message>` on one line and exits with `exit_code`.
    The message names the file (and sheet, row, column when known).
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
