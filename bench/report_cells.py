"""Goal 4 of issue 9 (issue 20's Excel row), in one process: the Excel report against writing the same cells bare.

    python bench/report_cells.py PLAN WORKBOOK [--level commune] [--runs 3]

Evaluates once (not timed), as `cltrack evaluate ... --output report.xlsx` does, then alternates
(a) `write_xlsx`, the report as cltrack writes it, and (b) the very same cell values of every
sheet, prepared beforehand, appended unstyled with openpyxl's write-only mode. Prints the medians,
the median ratio a/b, and the number of cells.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def same_cells(evaluation: object, lang: str) -> tuple[list[tuple[str, list[list[object]]]], int]:
    """Every sheet's rows of values, exactly as the report has them, and the number of cells."""
    from cltrack.export import report_sheets as sh
    from cltrack.export.report_style import Styles
    from cltrack.export.report_xlsx import new_workbook

    wb = new_workbook(OUT / "report-cells-scratch.xlsx")  # never closed: only the rows are taken
    st = Styles(wb, lang)
    units = evaluation.unit_results or evaluation.results
    sheets = [sh.summary(wb, evaluation, lang, st), sh.by_unit(wb, evaluation, units, lang, st),
              sh.shortfalls(wb, evaluation, lang, st), sh.findings(wb, evaluation, lang, st),
              sh.chart(wb, evaluation, lang, st), sh.provenance(wb, evaluation, lang, st)]
    rows = [(ws.name, [list(values) for values, _, _ in sheet_rows]) for ws, sheet_rows in sheets]
    return rows, sum(len(r) for _, sheet_rows in rows for r in sheet_rows)


def write_bare(rows: list[tuple[str, list[list[object]]]], path: Path) -> None:
    """The baseline: the same values, no styles, openpyxl write-only."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for title, sheet_rows in rows:
        ws = wb.create_sheet(title)
        for r in sheet_rows:
            ws.append(r)
    wb.save(path)


def main() -> None:
    """Evaluate once, then time the report and the bare write alternately."""
    from cltrack.export.evaluation import write_xlsx
    from cltrack.jobs import evaluate_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan")
    parser.add_argument("workbook")
    parser.add_argument("--level", default="commune")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    evaluation = evaluate_files(args.plan, [args.workbook], level=args.level, unit_level="commune")
    rows, cells = same_cells(evaluation, "vi")
    report, bare = [], []  # (wall, CPU) seconds of each run: CPU time is steadier on a shared machine
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        write_xlsx(evaluation, OUT / "report-inproc.xlsx", "vi", unit_results=evaluation.unit_results or None)
        report.append((time.perf_counter() - start, time.process_time() - cpu))
        start, cpu = time.perf_counter(), time.process_time()
        write_bare(rows, OUT / "report-bare.xlsx")
        bare.append((time.perf_counter() - start, time.process_time() - cpu))
    ratio = statistics.median(a[0] / b[0] for a, b in zip(report, bare, strict=True))
    cpu_ratio = statistics.median(a[1] / b[1] for a, b in zip(report, bare, strict=True))
    print(f"{'write_xlsx vs same cells bare (' + f'{cells:,}' + ' cells)':<44} {statistics.median(a for a, _ in report):8.3f}s  "
          f"base {statistics.median(b for b, _ in bare):8.3f}s  ratio {ratio:5.2f} (cpu {cpu_ratio:4.2f})", flush=True)


if __name__ == "__main__":
    main()
