"""Run every file of a corpus folder through `cltrack validate` and `cltrack evaluate`, in one process.

    python tests/corpus/run_corpus.py CORPUS_DIR

Prints `start PATH` before each file (a file that takes over PER_FILE seconds stops the run there,
so the last `start` line names it), then one line per file:
`ok PATH validate=N evaluate=N` or `FAIL PATH reason`, and a summary line `corpus: N files, ...`.
Exit code 0 when every file behaved by the contract, else 1.
"""

from __future__ import annotations

import faulthandler
import json
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from cltrack.cli import app

SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv")
PER_FILE = 60  # seconds a file may take (both commands) before the run is stopped as hung on it
ENV = {"NO_COLOR": "1", "COLUMNS": "120"}


def check(runner: CliRunner, args: list[str], allowed: tuple[int, ...]) -> tuple[int, str]:
    """Run one command; its exit code and what is wrong with it ('' when it kept the contract)."""
    result = runner.invoke(app, args, env=ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        return -1, f"{type(result.exception).__name__}: {result.exception}"
    out = result.output
    if "Traceback" in out:
        return result.exit_code, "traceback in the output"
    if result.exit_code not in allowed:
        return result.exit_code, f"exit code {result.exit_code}"
    if result.exit_code == 2:
        if len(out.strip().splitlines()) != 1:
            return 2, "exit 2 without a one-line reason"
        return 2, ""
    try:
        json.loads(result.stdout)
    except ValueError:
        return result.exit_code, "output is not whole JSON"
    return result.exit_code, ""


def main(root: Path) -> int:
    """Every corpus file through validate and evaluate; one line each and a summary."""
    runner = CliRunner()
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    bad = 0
    codes: dict[str, dict[int, int]] = {"validate": {}, "evaluate": {}}
    start = time.perf_counter()
    for path in files:
        print(f"start {path}", flush=True)
        faulthandler.dump_traceback_later(PER_FILE, exit=True)  # a hang (even inside calamine) ends the run here
        v, v_bad = check(runner, ["validate", str(path), "--format", "json", "--lang", "en"], (0, 1))
        e, e_bad = check(runner, ["evaluate", "trieu-son", str(path), "--year", "2024", "--format", "json", "--lang", "en"], (0, 1, 2))
        faulthandler.cancel_dump_traceback_later()
        codes["validate"][v] = codes["validate"].get(v, 0) + 1
        codes["evaluate"][e] = codes["evaluate"].get(e, 0) + 1
        if v_bad or e_bad:
            bad += 1
            print(f"FAIL {path} validate: {v_bad or 'ok'}; evaluate: {e_bad or 'ok'}", flush=True)
        else:
            print(f"ok {path} validate={v} evaluate={e}", flush=True)
    took = time.perf_counter() - start
    print(f"corpus: {len(files)} files, {bad} broke the contract, validate exits {dict(sorted(codes['validate'].items()))}, "
          f"evaluate exits {dict(sorted(codes['evaluate'].items()))}, {took:.1f}s", flush=True)
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
