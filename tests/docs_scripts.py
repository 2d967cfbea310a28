"""The docs' generator scripts (docs/examples/make.py, docs/img/make.py) loaded as modules for the tests."""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


@functools.cache
def script(relative: str) -> ModuleType:
    """The script at `relative` (to the repository) loaded as a module, once."""
    spec = importlib.util.spec_from_file_location(relative.replace("/", "_").removesuffix(".py"), REPO / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
