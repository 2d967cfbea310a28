"""Test-wide settings: plan results are cached in a temporary folder, never in the user's cache."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ["CLTRACK_CACHE_DIR"] = tempfile.mkdtemp(prefix="cltrack-cache-")
atexit.register(shutil.rmtree, os.environ["CLTRACK_CACHE_DIR"], ignore_errors=True)
