"""Test-wide settings: plan results are cached in a temporary folder, never in the user's cache."""

from __future__ import annotations

import os
import tempfile

os.environ["CLTRACK_CACHE_DIR"] = tempfile.mkdtemp(prefix="cltrack-cache-")
