"""Modules imported ahead of their use, in a second thread, while the main thread waits on a reader that
lets go of the GIL (calamine parsing a sheet, pyarrow reading a csv or Parquet file): on a machine with an
idle core the import and the read overlap; on a busy one nothing is lost."""

from __future__ import annotations

import sys
import threading

_STARTED: set[str] = set()  # modules whose import a thread has started, once per process


def _import(modules: tuple[str, ...]) -> None:
    """Import the modules in turn (a failure here is met again, and said, where they are used)."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - only a head start; the importer in the main thread reports
            continue


def warm(*modules: str) -> threading.Thread | None:
    """Start importing `modules` (in that order) in a second thread; None when all are imported or started."""
    todo = tuple(m for m in modules if m not in sys.modules and m not in _STARTED)
    if not todo:
        return None
    _STARTED.update(todo)
    thread = threading.Thread(target=_import, args=(todo,), name="cltrack-import")
    thread.start()
    return thread
