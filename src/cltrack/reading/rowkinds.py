"""What a sheet row is, by its text: total and note rows, repeated headers, the unit names carried down
over group rows (vectorised over a sheet's grid)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from cltrack.reading.cells import parse_text
from cltrack.reading.layout import cell_text, normalise
from cltrack.reading.tables import map_distinct

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

TOTAL_EXACT = frozenset({"tổng cộng", "cộng", "tổng số", "tổng", "toàn huyện", "toàn tỉnh", "toàn xã", "cộng chung"})
TOTAL_PREFIXES: tuple[str, ...] = ("tổng cộng ", "toàn huyện ", "toàn tỉnh ", "cộng huyện ", "cộng tỉnh ", "cộng:", "tổng số:")
_NOTE = re.compile(
    r"^(ghi chú|chú thích|người lập|người lập biểu|lập biểu|thủ trưởng|nơi nhận|tm\.|tm |t/m|kt\.|kt |"
    r"chủ tịch|phó chủ tịch|giám đốc|trưởng phòng|phó trưởng phòng|\(ký|ký tên|\(đã ký|xác nhận|lưu:|- lưu|"
    r"nguồn:|\*|- như trên|người báo cáo|cán bộ|kế toán)"
    r"|ngày\s*\d*\s*tháng\s*\d*\s*năm|,\s*ngày\s"
)


def _grid(cells: list[list[object]], start: int, end: int | None = None) -> np.ndarray:
    """Rows from `start` (to `end`) as a rectangular object array ('' where a row is short), stored column by
    column: every later step works on columns (a column's cells side by side: 3x faster to type)."""
    import numpy as np

    rows = cells[start:end]
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [list(r) + [""] * (width - len(r)) for r in rows]
    arr = np.empty((len(rows), width), dtype=object, order="F")
    if rows and width:
        arr[:, :] = rows
    return arr


def _texts(col: np.ndarray) -> np.ndarray:
    """A column of raw cells as stripped text."""
    return map_distinct(col, cell_text)


def is_total_label(text: str) -> bool:
    """True for printed total labels: Tổng cộng, Cộng, Tổng số, Tổng, Toàn huyện, Toàn tỉnh ..."""
    if not text or text[0] not in "TtCcĐđ" and not text[0].isdigit() and text[0] not in "IVX":
        return False
    folded = unicodedata.normalize("NFC", text).casefold()
    if "tổng" not in folded and "cộng" not in folded and "toàn" not in folded:  # in every total label
        return False
    s = normalise(text)
    s = re.sub(r"^[ivx\d]+[.)]\s*", "", s)
    return s in TOTAL_EXACT or s.startswith(TOTAL_PREFIXES)



def is_note_text(text: str) -> bool:
    """True for note and signature wording (Ghi chú, Người lập biểu, Thủ trưởng, ngày ... tháng ...)."""
    return bool(text) and bool(_NOTE.search(" ".join(unicodedata.normalize("NFC", text).casefold().split())))


def _mark_repeated_headers(kind: np.ndarray, text: dict[str, np.ndarray], header_norm: dict[str, str]) -> None:
    """Rows that repeat the header (a second printed page) are header rows."""

    for code, norm in header_norm.items():
        if not norm:
            continue
        col = text[code]
        hit = map_distinct(col, lambda t, norm=norm: bool(t) and normalise(t) == norm, bool)
        kind[hit & (kind == "data")] = "header-row"


def _mark_notes(kind: np.ndarray, grid: np.ndarray, has_values: np.ndarray, has_unit: np.ndarray, noted: np.ndarray) -> None:
    """Note and signature rows: note wording, words without a unit or figures, or names below a note."""
    import numpy as np

    candidates = (kind == "data") & (~has_values | ~has_unit | noted)
    first_note = np.flatnonzero(noted & (kind == "data"))
    before = np.ones(len(kind), dtype=bool)
    if len(first_note):
        candidates[int(first_note[0]) :] |= kind[int(first_note[0]) :] == "data"
        before[int(first_note[0]) :] = False
    with_values = np.flatnonzero((kind == "data") & has_values & has_unit & before)
    last_values = int(with_values[-1]) if len(with_values) else -1
    seen_note = False
    for i in np.flatnonzero(candidates).tolist():
        row = [v for v in grid[i] if cell_text(v)]
        words_only = all(isinstance(v, str) and parse_text(v)[1] == "not-a-number" for v in row)
        if has_values[i] and not words_only:
            continue
        joined = " ".join(cell_text(v) for v in row)
        if is_note_text(joined) or not has_unit[i] or (seen_note and i > last_values):
            kind[i] = "note-row"
            seen_note = seen_note or i > last_values


def _ffill(values: np.ndarray) -> np.ndarray:
    """Forward-fill '' with the last non-empty value above."""
    import numpy as np

    pos = np.where(values != "", np.arange(len(values)), 0)
    np.maximum.accumulate(pos, out=pos)
    return values[pos] if len(values) else values


def _carry_down(kind: np.ndarray, text: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Province and district written once or merged down a block: carried to the rows they cover."""
    import numpy as np

    rows = kind == "data"
    prov = text["province"].copy()
    dist = text["district"].copy()
    comm = text["commune"]
    if rows.any():
        sel = np.flatnonzero(rows)
        p, d, c = prov[sel], dist[sel], comm[sel]
        if (p == "").any():
            below = (c != "") | (d != "")
            prov[sel] = np.where((p == "") & below, _ffill(p), p)
        if (d == "").any():
            dist[sel] = np.where((d == "") & (c != ""), _ffill(d), d)
    return prov, dist, comm


def _next_data_has_commune(kind: np.ndarray, comm: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """For each candidate row: does the next data row carry a commune name?"""
    import numpy as np

    data = np.flatnonzero(kind == "data")
    out = np.zeros(len(kind), dtype=bool)
    for i in np.flatnonzero(candidates).tolist():
        pos = int(np.searchsorted(data, i, side="right"))
        out[i] = pos < len(data) and comm[data[pos]] != ""
    return out
