"""Anticipated progress to a deadline, and the verdict at the deadline once it has come.

Two methods, chosen with `--method` (docs/rollup.md cites each rule's source):

* `cagr` (default): Statistics Canada's progress measure (Open SDG docs/progress-methodology.md,
  after Eurostat's SDG monitoring method). With base x0 in t0, latest x1 in t1, target X at T and
  d = +1 (rise wanted) or -1 (fall wanted):
      CAGR_o = (x1/x0)^(1/(t1-t0)) - 1,  CAGR_r = (X/x0)^(1/(T-t0)) - 1,  R = s·d·CAGR_o / |CAGR_r|
  (s = -1 when x0 < 0); on_track R >= 0.95, moderate 0.6 <= R < 0.95, limited 0 <= R < 0.6,
  regressing R < 0. A target with a direction and no number is judged on s·d·CAGR_o with
  thresholds 0.015 / 0.005 / 0, scaled near a natural limit by Open SDG's coefficient (a = 4.44).
  The projection beside it compounds x1 at CAGR_o to T.
* `linear` (cltrack's own): the contract's straight line from the base to the target. Observed
  slope (x1-x0)/(t1-t0) against required slope (X-x0)/(T-t0): R = d·slope_o/|slope_r|; on_track
  R >= 1 (exactly when the straight-line projection reaches the target, and when `evaluate` says
  on_track), moderate 0.6 <= R < 1, limited 0 <= R < 0.6, regressing R < 0.

A growth rate is undefined from a base of 0 and cannot reach a target of 0; Statistics Canada's
substitution of 0.001 makes the verdict depend on the unit of measure. cltrack does not
substitute: the `cagr` method judges such a target by the `linear` rule, said in `fallback`.
Once the deadline has come (the last year asked for is the deadline or later) there is no
anticipated progress: the verdict is `met` or `not_met` with the value of the deadline year (else
the last value before it). Pure: no I/O, no pandas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypedDict

from cltrack.i18n import Lang, number
from cltrack.models import Baseline, Target, Text

METHODS: tuple[str, ...] = ("cagr", "linear")
TARGET_THRESHOLDS: tuple[float, float, float] = (0.95, 0.6, 0.0)  # Statistics Canada / Eurostat, R
LINEAR_THRESHOLDS: tuple[float, float, float] = (1.0, 0.6, 0.0)  # cltrack: on track = reaches the target
DIRECTION_THRESHOLDS: tuple[float, float, float] = (0.015, 0.005, 0.0)  # Statistics Canada, CAGR
LIMIT_EXPONENT: float = 4.44  # sdg-build SeriesProgress.get_progress_thresholds: a = 4.44
VERDICTS: tuple[str, ...] = ("achieved", "on_track", "moderate", "limited", "regressing", "met", "not_met",
                             "not_available")
INCREASING: frozenset[str] = frozenset({">=", ">"})
DECREASING: frozenset[str] = frozenset({"<=", "<"})


@dataclass(frozen=True)
class Progress:
    """The anticipated-progress assessment (or the verdict at the deadline) of one series."""

    verdict: str  # one of VERDICTS
    method: str  # "cagr", "linear", "direction", "deadline" or "none"
    direction: int  # +1 increase wanted, -1 decrease wanted, 0 unknown
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target_value: float | None = None
    deadline: int | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    slope_observed: float | None = None
    slope_required: float | None = None
    ratio: float | None = None  # R of the cagr or linear method; s·d·CAGR_o for the direction method
    thresholds: tuple[float, float, float] = TARGET_THRESHOLDS
    limit: float | None = None
    coefficient: float = 1.0
    projected: float | None = None  # value at the deadline at the current pace, by the same method
    fallback: str = ""  # why the cagr method was not used (a key of REASONS)
    reason: str = ""  # why `not_available`, as a key of REASONS
    explanation: Text = Text("", "")

    def to_dict(self, lang: Lang = "en") -> dict[str, object]:
        """The assessment as a JSON-ready dict, with the explanation in `lang`."""
        return {
            "verdict": self.verdict,
            "method": self.method,
            "direction": self.direction,
            "base_year": self.base_year,
            "base_value": self.base_value,
            "current_year": self.current_year,
            "current_value": self.current_value,
            "target_value": self.target_value,
            "deadline": self.deadline,
            "cagr_observed": self.cagr_observed,
            "cagr_required": self.cagr_required,
            "slope_observed": self.slope_observed,
            "slope_required": self.slope_required,
            "ratio": self.ratio,
            "thresholds": {"high": self.thresholds[0], "med": self.thresholds[1], "low": self.thresholds[2]},
            "limit": self.limit,
            "limit_coefficient": self.coefficient,
            "projected_at_deadline": self.projected,
            "fallback": self.fallback or None,
            "reason": self.reason or None,
            "explanation": self.explanation.get(lang),
        }


def growth(value: float, base: float, year: float, base_year: float) -> float:
    """Compound annual growth rate from `base` in `base_year` to `value` in `year`."""
    return (value / base) ** (1.0 / (year - base_year)) - 1.0


def limit_coefficient(base: float, limit: float, a: float = LIMIT_EXPONENT) -> float:
    """Open SDG's factor (0..1) that shrinks the direction thresholds as the base nears a limit."""
    b, lim = abs(base), abs(limit)
    if b >= 2 * lim:  # checked first so a base and limit of 0 give 1
        return 1.0
    if b <= lim:
        return 1.0 - (b / lim) ** a
    return 1.0 - ((2 * lim - b) / lim) ** a


class _Series(TypedDict):
    """The fields of Progress that every assessment of one series fills the same way."""

    direction: int
    base_year: int | None
    base_value: float | None
    current_year: int | None
    current_value: float | None
    target_value: float | None
    deadline: int

def classify(value: float, thresholds: tuple[float, float, float]) -> str:
    """on_track / moderate / limited / regressing for a progress value against (high, med, low)."""
    high, med, low = thresholds
    if value >= high:
        return "on_track"
    if value >= med:
        return "moderate"
    if value >= low:
        return "limited"
    return "regressing"


def direction_of(target: Target) -> int:
    """+1 when the target wants the value to rise, -1 when it wants it to fall, 0 when unknown."""
    if target.comparator in INCREASING:
        return 1
    if target.comparator in DECREASING:
        return -1
    if target.direction == "increase":
        return 1
    if target.direction == "decrease":
        return -1
    if target.comparator == "==" and target.baseline is not None and target.value is not None:
        return 1 if target.value >= target.baseline.value else -1
    return 0


def natural_limit(percent: bool, direction: int) -> float | None:
    """100 for a share that should rise, 0 for a rate that should fall, else None."""
    if not percent:
        return None
    return 100.0 if direction > 0 else 0.0 if direction < 0 else None


def is_met(value: float, target_value: float, comparator: str | None, direction: int) -> bool:
    """True when `value` satisfies the comparator (or the direction, without one)."""
    if comparator is not None:
        from cltrack.compute.attainment import holds

        return holds(value, comparator, target_value)
    return value >= target_value if direction >= 0 else value <= target_value


def _bounded(value: float, percent: bool) -> float:
    """A share kept within 0-100; a count kept at 0 or more."""
    return min(100.0, max(0.0, value)) if percent else max(0.0, value)


def project(current: float, cagr: float, current_year: int, deadline: int, percent: bool) -> float:
    """The value at the deadline if it keeps growing at `cagr` (a share kept within 0-100)."""
    years = max(0, deadline - current_year)
    value = current * (1.0 + cagr) ** years if cagr > -1.0 else (current if years == 0 else 0.0)
    return min(100.0, max(0.0, value)) if percent else value


def project_linear(current: float, slope: float, current_year: int, deadline: int, percent: bool) -> float:
    """The value at the deadline on a straight line of `slope` a year (a share kept within 0-100)."""
    return _bounded(current + slope * max(0, deadline - current_year), percent)


def anticipated_progress(
    *,
    base_year: int | None,
    base_value: float | None,
    current_year: int | None,
    current_value: float | None,
    target_value: float | None,
    deadline: int,
    direction: int,
    comparator: str | None = None,
    percent: bool = False,
    method: str = "cagr",
) -> Progress:
    """Assess progress from a base and a latest value toward a target (or a direction) by a deadline."""
    common: _Series = {"direction": direction, "base_year": base_year, "base_value": base_value,
              "current_year": current_year, "current_value": current_value,
              "target_value": target_value, "deadline": deadline}
    if current_value is not None and target_value is not None and is_met(current_value, target_value, comparator, direction):
        return _explained(Progress("achieved", method if target_value is not None else "direction", **common), percent)
    reason = _unavailable_reason(base_year, base_value, current_year, current_value, direction)
    if not reason and deadline <= (base_year or 0):
        reason = "deadline_before_base"
    if reason:
        return _explained(Progress("not_available", "none", reason=reason, **common), percent)
    assert base_value is not None and current_value is not None and base_year is not None and current_year is not None
    if target_value is None:
        if base_value == 0:
            return _explained(Progress("not_available", "none", reason="base_zero_direction", **common), percent)
        return _explained(_direction(base_value, current_value, base_year, current_year, deadline, direction, percent, common), percent)
    fallback = ""
    if method == "cagr":
        fallback = "base_zero" if base_value == 0 else "target_zero" if target_value == 0 else ""
    if method == "linear" or fallback:
        slope_o = (current_value - base_value) / (current_year - base_year)
        slope_r = (target_value - base_value) / (deadline - base_year)
        if slope_r == 0:
            return _explained(Progress("not_available", "none", reason="no_growth_required", **common), percent)
        ratio = direction * slope_o / abs(slope_r)
        p = Progress(classify(ratio, LINEAR_THRESHOLDS), "linear", slope_observed=slope_o, slope_required=slope_r,
                     ratio=ratio, thresholds=LINEAR_THRESHOLDS, fallback=fallback,
                     projected=project_linear(current_value, slope_o, current_year, deadline, percent), **common)
        return _explained(p, percent)
    sign = -1 if base_value < 0 else 1
    cagr_o = growth(current_value, base_value, current_year, base_year)
    cagr_r = growth(target_value, base_value, deadline, base_year)
    if cagr_r == 0:
        return _explained(Progress("not_available", "none", reason="no_growth_required", **common), percent)
    ratio = sign * direction * cagr_o / abs(cagr_r)
    p = Progress(classify(ratio, TARGET_THRESHOLDS), "cagr", cagr_observed=cagr_o, cagr_required=cagr_r,
                 ratio=ratio, projected=project(current_value, cagr_o, current_year, deadline, percent), **common)
    return _explained(p, percent)


def _direction(base_value: float, current_value: float, base_year: int, current_year: int, deadline: int,
               direction: int, percent: bool, common: _Series) -> Progress:
    """Statistics Canada's rule for a target with a direction and no number (CAGR against 1.5% / 0.5% / 0)."""
    sign = -1 if base_value < 0 else 1
    cagr_o = growth(current_value, base_value, current_year, base_year)
    limit = natural_limit(percent, direction)
    coeff = limit_coefficient(base_value, limit) if limit is not None else 1.0
    high, med, low = DIRECTION_THRESHOLDS
    thresholds = (high * coeff, med * coeff, low)  # thresholds above 0 only are scaled
    value = sign * direction * cagr_o
    verdict = "on_track" if coeff == 0 and value >= 0 else classify(value, thresholds)
    return Progress(verdict, "direction", cagr_observed=cagr_o, ratio=value, thresholds=thresholds,
                    limit=limit, coefficient=coeff,
                    projected=project(current_value, cagr_o, current_year, deadline, percent), **common)


def at_deadline(
    *,
    base_year: int | None,
    base_value: float | None,
    year: int | None,
    value: float | None,
    target_value: float | None,
    deadline: int,
    direction: int,
    comparator: str | None = None,
    percent: bool = False,
) -> Progress:
    """Met or not met at the deadline, with the value of the deadline year (else the last before it)."""
    common: _Series = {"direction": direction, "base_year": base_year, "base_value": base_value, "current_year": year,
              "current_value": value, "target_value": target_value, "deadline": deadline}
    if value is None or year is None:
        return _explained(Progress("not_available", "none", reason="no_value_by_deadline", **common), percent)
    if target_value is not None:
        verdict = "met" if is_met(value, target_value, comparator, direction) else "not_met"
    elif base_value is None or direction == 0 or base_year is None or base_year >= year:
        return _explained(Progress("not_available", "none", reason="one_year", **common), percent)
    else:
        verdict = "met" if direction * (value - base_value) > 0 else "not_met"
    return _explained(Progress(verdict, "deadline", **common), percent)


def _unavailable_reason(base_year: int | None, base_value: float | None, current_year: int | None,
                        current_value: float | None, direction: int) -> str:
    """Why progress cannot be measured ('' when it can)."""
    if current_value is None or current_year is None:
        return "no_data"
    if base_value is None or base_year is None or current_year - base_year < 1:
        return "one_year"
    if direction == 0:
        return "no_direction"
    if (base_value > 0 and current_value < 0) or (base_value < 0 and current_value > 0):
        return "sign_change"
    if any(math.isnan(v) for v in (base_value, current_value)):
        return "no_data"
    return ""


def measure(target: Target, series: Mapping[int, float | None], *, baseline: Baseline | None = None,
            method: str = "cagr", as_of_year: int | None = None) -> Progress:
    """Progress of a target from its yearly values: anticipated before the deadline, met/not met once
    `as_of_year` (default: the last year of `series`) has reached it. Base: the plan's baseline, else
    the first year with a value."""
    known = {y: v for y, v in series.items() if v is not None and not math.isnan(v)}
    direction = direction_of(target)
    base = baseline if baseline is not None else target.baseline
    closing = as_of_year if as_of_year is not None else max(series, default=None)
    deadline_come = closing is not None and closing >= target.deadline
    usable = {y: v for y, v in known.items() if y <= target.deadline} if deadline_come else known
    current_year = max(usable) if usable else None
    if base is not None and (current_year is None or base.year < current_year):
        base_year, base_value = base.year, base.value
    elif usable:
        base_year = min(usable)
        base_value = usable[base_year]
    else:
        base_year, base_value = None, None
    current_value = usable.get(current_year) if current_year is not None else None
    percent = target.unit == "percent"
    if deadline_come:
        return at_deadline(base_year=base_year, base_value=base_value, year=current_year, value=current_value,
                           target_value=target.value, deadline=target.deadline, direction=direction,
                           comparator=target.comparator, percent=percent)
    return anticipated_progress(
        base_year=base_year, base_value=base_value, current_year=current_year, current_value=current_value,
        target_value=target.value, deadline=target.deadline, direction=direction,
        comparator=target.comparator, percent=percent, method=method,
    )


REASONS: dict[str, Text] = {
    "no_data": Text("không có số liệu", "no data"),
    "one_year": Text("cần số liệu của ít nhất hai năm", "needs values for at least two years"),
    "no_direction": Text("mục tiêu không nêu chiều tăng hay giảm", "the target states no direction"),
    "sign_change": Text("giá trị gốc và hiện tại trái dấu", "base and latest values differ in sign"),
    "deadline_before_base": Text("năm hạn không sau năm gốc", "the deadline is not after the base year"),
    "no_growth_required": Text("mục tiêu bằng giá trị gốc", "the target equals the base value"),
    "base_zero": Text("tốc độ tăng trưởng không xác định khi giá trị gốc bằng 0, nên đánh giá theo đường thẳng",
                      "a growth rate is undefined from a base value of 0, so judged on the straight-line pace"),
    "target_zero": Text("tăng trưởng kép không bao giờ về 0, nên mục tiêu bằng 0 được đánh giá theo đường thẳng",
                        "compound growth never reaches 0, so a target of 0 is judged on the straight-line pace"),
    "base_zero_direction": Text("tốc độ tăng trưởng không xác định khi giá trị gốc bằng 0",
                                "a growth rate is undefined from a base value of 0"),
    "no_value_by_deadline": Text("không có số liệu đến năm hạn", "no value up to the deadline year"),
}

VERDICT_TEXT: dict[str, Text] = {
    "achieved": Text("đã đạt", "achieved"),
    "on_track": Text("đúng hướng để đạt", "on track"),
    "moderate": Text("tiến bộ vừa phải, cần đẩy nhanh", "moderate progress, needs acceleration"),
    "limited": Text("tiến bộ hạn chế", "limited progress"),
    "regressing": Text("đang đi lùi", "regressing"),
    "met": Text("đạt tại năm hạn", "met at the deadline"),
    "not_met": Text("không đạt tại năm hạn", "not met at the deadline"),
    "not_available": Text("không đánh giá được", "not available"),
}


def _pct(x: float, lang: Lang = "en") -> str:
    """A signed rate as a percentage with 2 decimals, as `lang` writes it (+1.50% / +1,50%)."""
    return ("-" if x < 0 else "+") + number(abs(100 * x), 2, lang) + "%"


def _signed(x: float, lang: Lang = "en") -> str:
    """A signed number with 2 decimals, as `lang` writes it."""
    return ("-" if x < 0 else "+") + number(abs(x), 2, lang)


def _fixed(x: float, decimals: int, lang: Lang = "vi") -> str:
    """A number with a fixed count of decimals, as `lang` writes it (R = 0,95)."""
    return number(x, decimals, lang)


def _num(x: float | None, percent: bool, lang: Lang = "en") -> str:
    """A figure of the sentence as `lang` writes it: 0.58% / 0,58%, 1,364 / 1.364; ? when missing."""
    if x is None:
        return "?"
    return number(x, 2, lang) + "%" if percent else number(x, 0 if float(x).is_integer() else 2, lang)


def _explained(p: Progress, percent: bool) -> Progress:
    """The same assessment with its explanation sentence in Vietnamese and English."""
    return replace(p, explanation=explain(p, percent))


def explain(p: Progress, percent: bool = False) -> Text:
    """One sentence per verdict saying which figures led to it (vi and en)."""
    n = lambda x: _num(x, percent)  # noqa: E731
    nv = lambda x: _num(x, percent, "vi")  # noqa: E731
    v = VERDICT_TEXT[p.verdict]
    if p.verdict == "achieved":
        return Text(f"Đã đạt: {nv(p.current_value)} năm {p.current_year} so với mục tiêu {nv(p.target_value)}.",
                    f"Achieved: {n(p.current_value)} in {p.current_year} against the target {n(p.target_value)}.")
    if p.verdict == "not_available":
        r = REASONS.get(p.reason, Text(p.reason, p.reason))
        return Text(f"Không đánh giá được: {r.vi}.", f"Not available: {r.en}.")
    if p.method == "deadline":
        goal_vi = f"mục tiêu {nv(p.target_value)}" if p.target_value is not None else f"năm gốc {p.base_year}: {nv(p.base_value)}"
        goal_en = f"the target {n(p.target_value)}" if p.target_value is not None else f"base {p.base_year}: {n(p.base_value)}"
        late_vi = "" if p.current_year == p.deadline else f" (không có số liệu năm {p.deadline})"
        late_en = "" if p.current_year == p.deadline else f" (no value for {p.deadline})"
        return Text(f"{v.vi.capitalize()} {p.deadline}: {nv(p.current_value)} năm {p.current_year}{late_vi} so với {goal_vi}.",
                    f"{v.en.capitalize()} {p.deadline}: {n(p.current_value)} in {p.current_year}{late_en} against {goal_en}.")
    head_vi = f"{nv(p.base_value)} ({p.base_year}) → {nv(p.current_value)} ({p.current_year})"
    head_en = f"{n(p.base_value)} ({p.base_year}) → {n(p.current_value)} ({p.current_year})"
    proj_vi = f"; với tốc độ này, năm {p.deadline} đạt {nv(p.projected)}"
    proj_en = f"; at this pace {n(p.projected)} by {p.deadline}"
    short = (p.verdict == "on_track" and p.projected is not None and p.target_value is not None
             and not is_met(p.projected, p.target_value, None, p.direction))
    if short:  # Statistics Canada's on-track band starts at R = 0.95, a little short of the target
        proj_vi += f", thấp hơn một chút so với mục tiêu (ngưỡng đúng hướng R ≥ {_fixed(p.thresholds[0], 2)})"
        proj_en += f", a little short of the target (on track from R ≥ {p.thresholds[0]:.2f})"
    assert p.ratio is not None
    if p.method == "linear":
        assert p.slope_observed is not None and p.slope_required is not None
        why = REASONS.get(p.fallback)
        why_vi, why_en = (f" ({why.vi})", f" ({why.en})") if why else ("", "")
        return Text(
            f"{v.vi.capitalize()}: {head_vi}, thay đổi {_signed(p.slope_observed, 'vi')}/năm, cần {_signed(p.slope_required, 'vi')}/năm "
            f"để đạt {nv(p.target_value)} năm {p.deadline}; R = {_fixed(p.ratio, 2)}{why_vi}{proj_vi}.",
            f"{v.en.capitalize()}: {head_en}, change {p.slope_observed:+.2f}/yr, {p.slope_required:+.2f}/yr needed "
            f"to reach {n(p.target_value)} by {p.deadline}; R = {p.ratio:.2f}{why_en}{proj_en}.",
        )
    if p.method == "cagr":
        assert p.cagr_observed is not None and p.cagr_required is not None
        return Text(
            f"{v.vi.capitalize()}: {head_vi}, tăng trưởng bình quân {_pct(p.cagr_observed, 'vi')}/năm, cần "
            f"{_pct(p.cagr_required, 'vi')}/năm để đạt {nv(p.target_value)} năm {p.deadline}; R = {_fixed(p.ratio, 2)}{proj_vi}.",
            f"{v.en.capitalize()}: {head_en}, observed growth {_pct(p.cagr_observed)}/yr, "
            f"{_pct(p.cagr_required)}/yr needed to reach {n(p.target_value)} by {p.deadline}; R = {p.ratio:.2f}{proj_en}.",
        )
    high, med, _ = p.thresholds
    lim_vi = f", ngưỡng nhân hệ số giới hạn {_fixed(p.coefficient, 3)}" if p.coefficient < 1 else ""
    lim_en = f", thresholds scaled by the limit coefficient {p.coefficient:.3f}" if p.coefficient < 1 else ""
    return Text(
        f"{v.vi.capitalize()}: {head_vi}, tăng trưởng theo chiều mong muốn {_pct(p.ratio, 'vi')}/năm "
        f"(ngưỡng {_pct(high, 'vi')} / {_pct(med, 'vi')} / 0{lim_vi}){proj_vi}.",
        f"{v.en.capitalize()}: {head_en}, growth in the wanted direction {_pct(p.ratio)}/yr "
        f"(thresholds {_pct(high)} / {_pct(med)} / 0{lim_en}){proj_en}.",
    )
