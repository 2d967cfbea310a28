"""Real-world spreadsheets (the public test files of calamine, python-calamine, fastexcel, frictionless-py,
openpyxl and xlrd; tests/corpus/README.md lists them): validate and evaluate keep the contract on each.

The files are not in this repository: they are looked for in $CLTRACK_CORPUS, else ../shared/corpus
beside the checkout. .ci/run runs the whole corpus (tests/corpus/run_corpus.py, one summary line);
this test runs two files of each format, so that the suite stays fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DRIVER = REPO / "tests" / "corpus" / "run_corpus.py"


def corpus_dir() -> Path | None:
    """Where the corpus is, if anywhere."""
    for candidate in (os.environ.get("CLTRACK_CORPUS"), REPO.parent / "shared" / "corpus"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def test_two_files_of_each_format_keep_the_contract(tmp_path: Path) -> None:
    root = corpus_dir()
    if root is None:
        pytest.skip("no corpus: set CLTRACK_CORPUS or put the files of tests/corpus/README.md in ../shared/corpus")
    picked: dict[str, list[Path]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and len(picked.setdefault(path.suffix.lower(), [])) < 2:
            picked[path.suffix.lower()].append(path)
    sample = tmp_path / "sample"
    sample.mkdir()
    for k, path in enumerate(p for paths in picked.values() for p in paths):
        (sample / f"{k:02d}-{path.name}").symlink_to(path)
    run = subprocess.run([sys.executable, str(DRIVER), str(sample)], capture_output=True, text=True, timeout=300, check=False)
    lines = run.stdout.strip().splitlines()
    assert run.returncode == 0, "\n".join(ln for ln in lines if ln.startswith("FAIL")) or run.stderr[-2000:]
    assert lines[-1].startswith("corpus: ") and " 0 broke the contract" in lines[-1]
