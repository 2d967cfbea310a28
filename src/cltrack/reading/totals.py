"""A report sheet's figures checked: each bad cell named, each total and subtotal row compared with its sum."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cltrack.reading.cells import display
from cltrack.reading.layout import STT, Layout
from cltrack.reading.rowkinds import is_total_label
from cltrack.reading.sheetstate import SheetState

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


def report_cells(
    st: SheetState, layout: Layout, start: int, codes: list[str], idx: list[int], kind: np.ndarray,
    problems: dict[str, tuple[np.ndarray, list[str]]],
) -> None:
    """A finding per bad cell (in used rows and total rows), naming row, column and header."""
    grid_cells = st.raw.cells
    for j, code in enumerate(codes):
        if code not in problems:
            continue
        rows, bad_codes = problems[code]
        c = idx[j]
        header = layout.headers.get(c)
        for r, bad in zip(rows.tolist(), bad_codes, strict=True):
            if kind[r] not in ("data", "total-row", "subtotal"):
                continue
            raw = grid_cells[start + r][c] if c < len(grid_cells[start + r]) else ""
            st.add(bad, start + r, c, column=code, header=header, value=display(raw))


def check_totals(
    st: SheetState, layout: Layout, start: int, codes: list[str], idx: list[int], kind: np.ndarray,
    values: np.ndarray, first_col: np.ndarray, text: dict[str, np.ndarray],
    problems: dict[str, tuple[np.ndarray, list[str]]],
) -> None:
    """Compare each total row with the sum of the rows it totals (above it, else below it)."""
    import numpy as np

    totals = np.flatnonzero(kind == "total-row")
    data = kind == "data"
    bad_rows = {code: set(rows.tolist()) for code, (rows, _) in problems.items()}
    for t_pos, t in enumerate(totals.tolist()):
        prev_t = totals[t_pos - 1] if t_pos else -1
        next_t = totals[t_pos + 1] if t_pos + 1 < len(totals) else len(kind)
        block = np.flatnonzero(data[prev_t + 1 : t]) + prev_t + 1
        if len(block) == 0:
            block = np.flatnonzero(data[t + 1 : next_t]) + t + 1
        candidates = [block]
        all_above = np.flatnonzero(data[:t])
        if len(all_above) and len(all_above) != len(block):
            candidates.append(all_above)
        label = next((x for x in (first_col[t], *(text[c][t] for c in (STT, "province", "district", "commune"))) if x and is_total_label(x)), "")
        st.add("total-row", start + t, label=label or "Σ")
        if len(block) == 0:
            continue
        for j, code in enumerate(codes):
            printed = values[t, j]
            if np.isnan(printed) or t in bad_rows.get(code, ()):
                continue
            if any(r in bad_rows.get(code, ()) for cand in candidates for r in cand.tolist()):
                continue
            sums = [float(np.nansum(values[cand, j])) for cand in candidates]
            if any(abs(s - printed) < 1e-6 for s in sums):
                continue
            computed = min(sums, key=lambda s: abs(s - printed))
            st.add(
                "total-row-mismatch", start + t, idx[j], column=code, header=layout.headers.get(idx[j]),
                element=code, printed=_num(printed), computed=_num(computed),
            )


def check_subtotals(
    st: SheetState, layout: Layout, start: int, codes: list[str], idx: list[int], subtotals: dict[int, np.ndarray],
    kind: np.ndarray, values: np.ndarray, dist: np.ndarray, prov: np.ndarray,
    problems: dict[str, tuple[np.ndarray, list[str]]],
) -> None:
    """Each district (province) row beside its communes (districts): compared, in the columns they both
    fill, with their sum like a total row; left out when it holds nothing of its own."""
    import numpy as np

    bad_rows = {code: set(rows.tolist()) for code, (rows, _) in problems.items()}
    for t, members in subtotals.items():
        if kind[t] == "subtotal":
            st.add("total-row", start + t, label=dist[t] or prov[t])
        for j, code in enumerate(codes):
            printed = values[t, j]
            bad = bad_rows.get(code, set())
            if np.isnan(printed) or t in bad or bad & set(members.tolist()) or np.isnan(values[members, j]).all():
                continue
            computed = float(np.nansum(values[members, j]))
            if abs(computed - printed) >= 1e-6:
                st.add(
                    "total-row-mismatch", start + t, idx[j], column=code, header=layout.headers.get(idx[j]),
                    element=code, printed=_num(printed), computed=_num(computed),
                )


def _num(value: float) -> str:
    """A number as a clerk writes it."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"

