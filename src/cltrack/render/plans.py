"""Terminal views of the plan catalogue: `cltrack plans` and `cltrack targets` (rich tables)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from cltrack.i18n import LANGS, Lang, date, label

if TYPE_CHECKING:  # pragma: no cover - `targets` from the cache makes no dataclass at all (start-up time)
    from cltrack.models import Plan, Target

LABELS: dict[str, tuple[str, str]] = {
    "plans.id": ("Mã", "ID"),
    "plans.name": ("Tên kế hoạch", "Plan"),
    "plans.level": ("Cấp", "Level"),
    "plans.period": ("Giai đoạn", "Period"),
    "plans.targets": ("Số mục tiêu", "Targets"),
    "plans.next": ("Hạn báo cáo tiếp theo", "Next report due"),
    "plans.source": ("Nguồn", "Source"),
    "plans.shipped": ("có sẵn", "shipped"),
    "plans.user": ("người dùng", "user"),
    "plans.override": ("người dùng (thay thế bản có sẵn)", "user (overrides shipped)"),
    "plans.ended": ("hết giai đoạn", "period over"),
    "plans.title": ("Các kế hoạch", "Plans"),
    "targets.id": ("Mã", "ID"),
    "targets.short": ("Mục tiêu", "Target"),
    "targets.rule": ("Chỉ tiêu", "Rule"),
    "targets.deadline": ("Năm hạn", "Due"),
    "targets.formula": ("Cách tính", "Computed as"),
    "targets.sentence": ("Nội dung trong văn bản", "Text of the plan"),
    "targets.objective": ("Nhóm mục tiêu", "Objective"),
    "targets.section": ("Mục trong văn bản", "Section"),
    "targets.none": ("Văn bản này không đặt mục tiêu định lượng nào.", "This document sets no numeric target."),
    "targets.issuer": ("Cơ quan ban hành", "Issued by"),
    "targets.period": ("Giai đoạn", "Period"),
    "targets.reporting": ("Báo cáo", "Reporting"),
    "targets.before": ("trước ngày", "before"),
    "targets.to": ("gửi", "to"),
    "dir.increase": ("↑ tăng (không nêu số)", "↑ increase (no number)"),
    "dir.decrease": ("↓ giảm (không nêu số)", "↓ decrease (no number)"),
    "share.district": ("% số huyện có", "% of districts with"),
    "share.commune": ("% số xã có", "% of communes with"),
    "formula.survey": ("hoặc điều tra, quy tắc", "or survey, rules"),
    "formula.sum": ("tổng", "sum of"),
}
SYMBOL: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def _l(key: str, lang: Lang) -> str:
    """A label from this module's table (or the shared one)."""
    return label(key, lang, LABELS)


def number(value: float, lang: Lang) -> str:
    """A number as people write it: no '.0', decimal comma in Vietnamese."""
    text = f"{value:g}" if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "vi" else text


def rule_text(target: Target, lang: Lang) -> str:
    """'≥ 90%', '< 1%', '≥ 1', or the direction of a qualitative target."""
    if target.comparator is None or target.value is None:
        return _l(f"dir.{target.direction or 'decrease'}", lang)
    unit = "%" if target.unit == "percent" else ""
    return f"{SYMBOL.get(target.comparator, target.comparator)} {number(target.value, lang)}{unit}"


def _sum(codes: Sequence[str]) -> str:
    """'a' or '(a + b)'."""
    return codes[0] if len(codes) == 1 else "(" + " + ".join(codes) + ")"


def formula_text(target: Target, lang: Lang) -> str:
    """How the actual value is computed from data-element codes."""
    share = target.unit_share
    if share is not None:
        return f"{_l('share.' + share.unit_level, lang)} {_sum(share.elements)} {SYMBOL.get(share.comparator, share.comparator)} {number(share.threshold, lang)}"
    if target.kind == "count":
        return _sum(target.numerator) if len(target.numerator) == 1 else f"{_l('formula.sum', lang)} {' + '.join(target.numerator)}"
    text = f"{_sum(target.numerator)} / {_sum(target.denominator)}"
    if target.kind == "rate":
        text += f" ({_l('formula.survey', lang)} {target.survey_rules})"
    return text


PLAN_COLUMNS: tuple[str, ...] = ("plans.id", "plans.name", "plans.level", "plans.period", "plans.targets", "plans.next")
TARGET_COLUMNS: tuple[str, ...] = ("targets.id", "targets.short", "targets.rule", "targets.deadline", "targets.formula", "targets.sentence")


def plan_rows(rows: Sequence[dict[str, object]], lang: Lang) -> tuple[list[str], list[list[str]]]:
    """Header and cells of the plan catalogue (a source column only when a user plan is listed)."""
    with_source = any(not r["shipped"] for r in rows)
    header = [_l(key, lang) for key in PLAN_COLUMNS] + ([_l("plans.source", lang)] if with_source else [])
    cells = []
    for r in rows:
        start, end = cast("tuple[int, int]", r["period"])
        due = _l("plans.ended", lang)
        if r["next_deadline"]:
            due = f"{date(str(r['next_deadline']), lang)} ({label('period.' + str(r['next_deadline_period']), lang)})"
        row = [str(r["id"]), str(r["name_vi" if lang == "vi" else "name_en"]), label(f"level.{r['level']}", lang),
               str(start) if start == end else f"{start}-{end}", str(r["targets"]), due]
        if with_source:
            row.append(_l("plans.override" if r["overrides"] else ("plans.shipped" if r["shipped"] else "plans.user"), lang))
        cells.append(row)
    return header, cells


def print_plans(rows: Sequence[dict[str, object]], lang: Lang) -> None:
    """The table of `cltrack plans`: drawn on a terminal, tab-separated when piped."""
    from cltrack.render import console, is_terminal, write_tsv

    header, cells = plan_rows(rows, lang)
    if not is_terminal():
        write_tsv(header, cells)
        return
    from rich.table import Table

    table = Table(title=_l("plans.title", lang), show_lines=False)
    keys = (*PLAN_COLUMNS, "plans.source")[: len(header)]
    for key, title in zip(keys, header, strict=True):
        table.add_column(title, justify="right" if key == "plans.targets" else "left")
    for row in cells:
        table.add_row(*row)
    console().print(table)


def plan_heading(plan: Plan, lang: Lang) -> list[str]:
    """The lines above a plan's targets: id and name, issuer and period, each reporting deadline."""
    start, end = plan.period
    lines = [f"{plan.id}: {plan.name.get(lang)}",
             f"{_l('targets.issuer', lang)}: {plan.issuer} · {_l('targets.period', lang)}: "
             f"{start if start == end else f'{start}-{end}'} · {label('level.' + plan.level, lang)}"]
    lines += [f"{_l('targets.reporting', lang)} {label('period.' + r.period, lang)}: {_l('targets.before', lang)} "
              f"{r.day:02d}/{r.month:02d}, {_l('targets.to', lang)} {r.to}" for r in plan.reporting]
    return lines if plan.targets else [*lines, _l("targets.none", lang)]


def target_cells(target: Target, lang: Lang) -> list[str]:
    """One target's cells: id, short name, rule, deadline year, formula, the plan's sentence."""
    return [target.id, target.short.get(lang), rule_text(target, lang), str(target.deadline), formula_text(target, lang),
            target.text_vi if lang == "vi" else target.text_en]




def targets_view(plan: Plan, lang: Lang) -> dict[str, Any]:
    """What `cltrack targets` shows of a plan in `lang`, as plain data: the heading lines, the rows
    (objective, cells, section) in plan order with each row's objective, and the objectives in the plan's order."""
    return {
        "heading": plan_heading(plan, lang),
        "rows": [[label(f"objective.{t.objective}", lang), *target_cells(t, lang), t.section] for t in plan.targets],
        "row_objectives": [t.objective for t in plan.targets],
        "objectives": [[o, label(f"objective.{o}", lang)] for o in plan.objectives],
    }


def targets_of(plan_ref: str, targets_dir: str | None) -> dict[str, Any]:
    """The targets of a plan (id or path) as JSON rows and as the view in each language, kept in the
    plan cache: an unchanged plan file costs neither a parse nor the building of a single `Plan`."""
    from cltrack.plans import cache, catalogue

    def build() -> dict[str, Any]:
        plan = catalogue.load_plan(plan_ref, targets_dir=targets_dir)
        return {"json": catalogue.targets_json(plan), **{lang: targets_view(plan, lang) for lang in LANGS}}

    return cache.cached("targets", catalogue.find(plan_ref, targets_dir).path, build, plain=True)


def print_targets(view: dict[str, Any], lang: Lang) -> None:
    """The targets of one plan (`targets_view`), one table per objective, each with the plan's own sentence.

    Piped, the heading lines start with '# ' and the targets are tab-separated lines with the
    objective and the section of the plan as extra columns.
    """
    from cltrack.render import console, is_terminal, write_tsv

    rows: list[list[str]] = view["rows"]
    if not is_terminal():
        print("\n".join(f"# {line}" for line in view["heading"]))
        if rows:
            header = [_l("targets.objective", lang), *(_l(k, lang) for k in TARGET_COLUMNS), _l("targets.section", lang)]
            write_tsv(header, rows)
        return
    from rich.table import Table
    from rich.text import Text

    out = console()
    for i, line in enumerate(view["heading"]):
        out.print(Text(line, style="bold" if i == 0 else ""))
    if not rows:
        return
    for objective, title in view["objectives"]:
        table = Table(title=title, title_justify="left", show_lines=True, expand=True)
        table.add_column(_l("targets.id", lang), no_wrap=True)
        table.add_column(_l("targets.short", lang), ratio=2)
        table.add_column(_l("targets.rule", lang), no_wrap=True)
        table.add_column(_l("targets.deadline", lang), no_wrap=True)
        table.add_column(_l("targets.formula", lang), ratio=3, overflow="fold")
        table.add_column(_l("targets.sentence", lang), ratio=4)
        for _, *texts, section in (r for r, o in zip(rows, view["row_objectives"], strict=True) if o == objective):
            cells: list[str | Text] = list(texts)
            cells[-1] = Text.assemble(texts[-1], (f" ({section})", "dim"))
            table.add_row(*cells)
        out.print(table)
