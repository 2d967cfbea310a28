"""Commands: rollup_cmd (to be written)."""

from __future__ import annotations
