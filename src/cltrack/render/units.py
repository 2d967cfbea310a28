"""Terminal tables for `cltrack units lookup` (what a unit was or became) and `cltrack units list`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cltrack.i18n import Lang, label
from cltrack.render import wide_console

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from cltrack.units.gazetteer import Unit
    from cltrack.units.lineage import Lineage

# The conversion table's notes (official Vietnamese text) in English; a note not listed is shown as written.
NOTE_EN: dict[str, str] = {
    "Nhập toàn bộ": "merged whole",
    "Nhập một phần": "merged in part",
    "Giữ nguyên": "unchanged",
    "Nhập một phần diện tích": "part of its area merged",
    "Nhập một phần diện tích, toàn bộ dân số": "part of its area and all its population merged",
    "Nhập một phần dân số": "part of its population merged",
    "Đổi tên": "renamed",
    "Đổi loại hình": "type changed",
}



def note_text(note: str, lang: str) -> str:
    """A conversion-table note as shown: the official words, after their English meaning in English."""
    return f"{NOTE_EN[note]} ({note})" if lang == "en" and note in NOTE_EN else note


LABELS: dict[str, tuple[str, str]] = {
    "col.code": ("Mã", "Code"),
    "col.name": ("Tên", "Name"),
    "col.type": ("Loại", "Type"),
    "col.in": ("Thuộc", "In"),
    "col.note": ("Ghi chú", "Note"),
    "list.2025-01": ("trước 01/07/2025", "before 1 July 2025"),
    "list.2025-07": ("từ 01/07/2025", "from 1 July 2025"),
    "became": ("nay thuộc", "became"),
    "came_from": ("hình thành từ", "formed from"),
    "none": ("(không có trong bảng chuyển đổi)", "(not in the conversion table)"),
    "count": ("{n} đơn vị", "{n} units"),
    "title.list": ("Danh mục ĐVHC {when}", "Administrative units {when}"),
}


def _l(key: str, lang: Lang) -> str:
    return label(key, lang, LABELS)


def render_lookup(found: Sequence[Lineage], lang: Lang, out: Console | None = None) -> None:
    """One block per unit found: the unit, where it lies, then what it became or came from."""
    from rich.table import Table

    con = out or wide_console()  # piped: a fixed wide layout, never a guessed width
    for i, lin in enumerate(found):
        u = lin.unit
        if i:
            con.print()
        where = f" · {lin.parents}" if lin.parents else ""
        con.print(f"{u.name} ({u.code}) · {label('level.' + u.level, lang)}{where} · {_l('list.' + u.list, lang)}")
        if not lin.links:
            con.print(f"  {_l(lin.direction, lang)}: {_l('none', lang)}")
            continue
        table = Table(title=None, show_edge=False, pad_edge=False, box=None, padding=(0, 2, 0, 0))
        for col in ("code", "name", "in", "note"):
            table.add_column(_l("col." + col, lang), overflow="fold")
        for link in lin.links:
            table.add_row(link.code, link.name, link.parents, note_text(link.note, lang))
        con.print(f"  {_l(lin.direction, lang)} ({_l('list.' + lin.links[0].list, lang)}):")
        con.print(table)


def render_list(units: Sequence[Unit], list_id: str, lang: Lang, out: Console | None = None) -> None:
    """The units as a table: code, name, type, parents."""
    from rich.table import Table

    from cltrack.units.lineage import parents_of

    con = out or wide_console()  # piped: a fixed wide layout, never a guessed width
    title = _l("title.list", lang).format(when=_l("list." + list_id, lang))
    table = Table(title=f"{title}: {_l('count', lang).format(n=len(units))}", title_justify="left", show_lines=False)
    for col in ("code", "name", "type", "in"):
        table.add_column(_l("col." + col, lang), overflow="fold")
    for u in units:
        table.add_row(u.code, u.name, u.type, parents_of(u))
    con.print(table)
