"""The hostile-input corpus (tests/hostile_corpus.py): every case handled, with a one-line summary in the CI log."""

from __future__ import annotations

import time
from pathlib import Path

import hostile_corpus


def test_every_hostile_input_is_handled_without_a_crash_or_a_harmed_file(tmp_path: Path, capsys) -> None:
    start = time.perf_counter()
    outcomes = hostile_corpus.run(tmp_path)
    with capsys.disabled():
        print("\n" + hostile_corpus.summary(outcomes, time.perf_counter() - start))
    failed = [f"{o.name}: {o.seen!r}" for o in outcomes if not o.ok]
    assert not failed, "\n".join(failed)
    assert len(outcomes) >= 18
