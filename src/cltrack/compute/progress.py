"""Anticipated progress to a deadline: the growth-rate method national statistics offices use.

The method is Statistics Canada's and Eurostat's SDG progress assessment, as implemented in Open
SDG's sdg-build (`sdg/ProgressMeasure.py`, classes `IndicatorProgress` / `SeriesProgress`); UN
ESCAP's anticipated-progress index is the same idea. With base value x0 in year t0, latest value x1
in year t1, target X at deadline T and d = +1 (increase wanted) or -1 (decrease wanted):

    CAGR_o = (x1 / x0) ** (1 / (t1 - t0)) - 1          observed compound annual growth
    CAGR_r = (X  / x0) ** (1 / (T  - t0)) - 1          growth required to reach X by T
    R      = s * d * CAGR_o / |CAGR_r|                 s = -1 when x0 < 0, else +1

Verdicts: achieved (the comparator already holds), on_track (R >= 0.95), moderate
(0.6 <= R < 0.95), limited (0 <= R < 0.6), regressing (R < 0). A qualitative target (a direction,
no number) is judged on s * d * CAGR_o alone, thresholds 0.015 / 0.005 / 0, scaled down near a
natural limit (100 for a share that should rise, 0 for a rate that should fall) by Open SDG's
coefficient. A base value of 0 (or a target of 0) is replaced by 0.001 as sdg-build does, since
the growth rate is undefined at 0. Pure: no I/O, no pandas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from cltrack.models import Baseline, Target, Text

TARGET_THRESHOLDS: tuple[float, float, float] = (0.95, 0.6, 0.0)
DIRECTION_THRESHOLDS: tuple[float, float, float] = (0.015, 0.005, 0.0)
LIMIT_EXPONENT: float = 4.44  # Open SDG's shape parameter for the limit coefficient
ZERO_SUBSTITUTE: float = 0.001  # sdg-build: a base value or target of 0 is computed as 0.001
VERDICTS: tuple[str, ...] = ("achieved", "on_track", "moderate", "limited", "regressing", "not_available")
INCREASING: frozenset[str] = frozenset({">=", ">"})
DECREASING: frozenset[str] = frozenset({"<=", "<"})


@dataclass(frozen=True)
class Progress:
    """The anticipated-progress assessment of one target (or unit) series."""

    verdict: str  # one of VERDICTS
    method: str  # "target" (CAGR ratio), "direction" (CAGR alone) or "none"
    direction: int  # +1 increase wanted, -1 decrease wanted, 0 unknown
    base_year: int | None = None
    base_value: float | None = None
    current_year: int | None = None
    current_value: float | None = None
    target_value: float | None = None
    deadline: int | None = None
    cagr_observed: float | None = None
    cagr_required: float | None = None
    ratio: float | None = None  # R for the target method; s·d·CAGR_o for the direction method
    thresholds: tuple[float, float, float] = TARGET_THRESHOLDS
    limit: float | None = None
    coefficient: float = 1.0
    projected: float | None = None  # value at the deadline at the current pace
    base_substituted: bool = False  # the base value 0 was computed as 0.001
    reason: str = ""  # why `not_available`, as a key of REASONS
    explanation: Text = Text("", "")

    def to_dict(self, lang: str = "en") -> dict[str, object]:
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
            "ratio": self.ratio,
            "thresholds": {"high": self.thresholds[0], "med": self.thresholds[1], "low": self.thresholds[2]},
            "limit": self.limit,
            "limit_coefficient": self.coefficient,
            "projected_at_deadline": self.projected,
            "base_substituted": self.base_substituted,
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


def project(current: float, cagr: float, current_year: int, deadline: int, percent: bool) -> float:
    """The value at the deadline if it keeps growing at `cagr` (a share kept within 0-100)."""
    years = max(0, deadline - current_year)
    value = current * (1.0 + cagr) ** years if cagr > -1.0 else (current if years == 0 else 0.0)
    return min(100.0, max(0.0, value)) if percent else value


def project_linear(current: float, slope: float, current_year: int, deadline: int, percent: bool) -> float:
    """The value at the deadline on a straight line of `slope` a year (a share kept within 0-100)."""
    value = current + slope * max(0, deadline - current_year)
    return min(100.0, max(0.0, value)) if percent else max(0.0, value)


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
) -> Progress:
    """Assess progress from a base and a latest value toward a target (or a direction) by a deadline."""
    common = {"direction": direction, "base_year": base_year, "base_value": base_value,
              "current_year": current_year, "current_value": current_value,
              "target_value": target_value, "deadline": deadline}
    method = "direction" if target_value is None else "target"
    if current_value is not None and target_value is not None and is_met(current_value, target_value, comparator, direction):
        p = Progress("achieved", method, **common)  # type: ignore[arg-type]
        return _explained(p, percent)
    reason = _unavailable_reason(base_year, base_value, current_year, current_value, direction)
    if reason:
        return _explained(Progress("not_available", "none", reason=reason, **common), percent)  # type: ignore[arg-type]
    assert base_value is not None and current_value is not None and base_year is not None and current_year is not None
    substituted = base_value == 0
    x0 = ZERO_SUBSTITUTE if substituted else base_value
    sign = -1 if x0 < 0 else 1
    cagr_o = growth(current_value, x0, current_year, base_year)
    if substituted:  # compound growth from 0.001 means nothing: project the straight line instead
        slope = (current_value - base_value) / (current_year - base_year)
        projected = project_linear(current_value, slope, current_year, deadline, percent)
    else:
        projected = project(current_value, cagr_o, current_year, deadline, percent)
    if target_value is None:
        limit = natural_limit(percent, direction)
        coeff = limit_coefficient(x0, limit) if limit is not None else 1.0
        thresholds = tuple(t * coeff for t in DIRECTION_THRESHOLDS)
        value = sign * direction * cagr_o
        p = Progress(classify(value, thresholds), "direction", cagr_observed=cagr_o, ratio=value,  # type: ignore[arg-type]
                     thresholds=thresholds, limit=limit, coefficient=coeff, projected=projected,
                     base_substituted=substituted, **common)
        return _explained(p, percent)
    if deadline <= base_year:
        return _explained(Progress("not_available", "none", reason="deadline_before_base", **common), percent)  # type: ignore[arg-type]
    x_target = ZERO_SUBSTITUTE if target_value == 0 else target_value
    cagr_r = growth(x_target, x0, deadline, base_year)
    if cagr_r == 0:
        return _explained(Progress("not_available", "none", reason="no_growth_required", **common), percent)  # type: ignore[arg-type]
    ratio = sign * direction * cagr_o / abs(cagr_r)
    p = Progress(classify(ratio, TARGET_THRESHOLDS), "target", cagr_observed=cagr_o, cagr_required=cagr_r,  # type: ignore[arg-type]
                 ratio=ratio, projected=projected, base_substituted=substituted, **common)
    return _explained(p, percent)


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


def measure(target: Target, series: Mapping[int, float | None], *, baseline: Baseline | None = None) -> Progress:
    """Anticipated progress of a target from its yearly values (base: the plan's baseline, else the first year)."""
    known = {y: v for y, v in series.items() if v is not None and not math.isnan(v)}
    direction = direction_of(target)
    base = baseline if baseline is not None else target.baseline
    current_year = max(known) if known else None
    if base is not None and (current_year is None or base.year < current_year):
        base_year, base_value = base.year, base.value
    elif known:
        base_year = min(known)
        base_value = known[base_year]
    else:
        base_year, base_value = None, None
    return anticipated_progress(
        base_year=base_year,
        base_value=base_value,
        current_year=current_year,
        current_value=known.get(current_year) if current_year is not None else None,
        target_value=target.value,
        deadline=target.deadline,
        direction=direction,
        comparator=target.comparator,
        percent=target.unit == "percent",
    )


REASONS: dict[str, Text] = {
    "no_data": Text("không có số liệu", "no data"),
    "one_year": Text("cần số liệu của ít nhất hai năm", "needs values for at least two years"),
    "no_direction": Text("mục tiêu không nêu chiều tăng hay giảm", "the target states no direction"),
    "sign_change": Text("giá trị gốc và hiện tại trái dấu", "base and latest values differ in sign"),
    "deadline_before_base": Text("năm hạn không sau năm gốc", "the deadline is not after the base year"),
    "no_growth_required": Text("mục tiêu bằng giá trị gốc", "the target equals the base value"),
}

VERDICT_TEXT: dict[str, Text] = {
    "achieved": Text("đã đạt", "achieved"),
    "on_track": Text("đúng hướng để đạt", "on track"),
    "moderate": Text("tiến bộ vừa phải, cần đẩy nhanh", "moderate progress, needs acceleration"),
    "limited": Text("tiến bộ hạn chế", "limited progress"),
    "regressing": Text("đang đi lùi", "regressing"),
    "not_available": Text("không đánh giá được", "not available"),
}


def _pct(x: float) -> str:
    return f"{100 * x:+.2f}%"


def _num(x: float | None, percent: bool) -> str:
    if x is None:
        return "?"
    return f"{x:.2f}%" if percent else f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _explained(p: Progress, percent: bool) -> Progress:
    """The same assessment with its explanation sentence in Vietnamese and English."""
    from dataclasses import replace

    return replace(p, explanation=explain(p, percent))


def explain(p: Progress, percent: bool = False) -> Text:
    """One sentence per verdict saying which figures led to it (vi and en)."""
    n = lambda x: _num(x, percent)  # noqa: E731
    if p.verdict == "achieved":
        return Text(
            f"Đã đạt: {n(p.current_value)} năm {p.current_year} so với mục tiêu {n(p.target_value)}.",
            f"Achieved: {n(p.current_value)} in {p.current_year} against the target {n(p.target_value)}.",
        )
    if p.verdict == "not_available":
        r = REASONS.get(p.reason, Text(p.reason, p.reason))
        return Text(f"Không đánh giá được: {r.vi}.", f"Not available: {r.en}.")
    v = VERDICT_TEXT[p.verdict]
    sub_vi = " (giá trị gốc 0 được tính là 0,001)" if p.base_substituted else ""
    sub_en = " (base value 0 computed as 0.001)" if p.base_substituted else ""
    head_vi = f"{n(p.base_value)} ({p.base_year}) → {n(p.current_value)} ({p.current_year}){sub_vi}"
    head_en = f"{n(p.base_value)} ({p.base_year}) → {n(p.current_value)} ({p.current_year}){sub_en}"
    proj_vi = f"; với tốc độ này, năm {p.deadline} đạt {n(p.projected)}"
    proj_en = f"; at this pace {n(p.projected)} by {p.deadline}"
    assert p.cagr_observed is not None and p.ratio is not None
    if p.method == "target":
        assert p.cagr_required is not None
        return Text(
            f"{v.vi.capitalize()}: {head_vi}, tăng trưởng bình quân {_pct(p.cagr_observed)}/năm, cần "
            f"{_pct(p.cagr_required)}/năm để đạt {n(p.target_value)} năm {p.deadline}; R = {p.ratio:.2f}"
            f"{proj_vi}.",
            f"{v.en.capitalize()}: {head_en}, observed growth {_pct(p.cagr_observed)}/yr, "
            f"{_pct(p.cagr_required)}/yr needed to reach {n(p.target_value)} by {p.deadline}; R = {p.ratio:.2f}"
            f"{proj_en}.",
        )
    high, med, _ = p.thresholds
    lim_vi = f", ngưỡng nhân hệ số giới hạn {p.coefficient:.3f}" if p.coefficient < 1 else ""
    lim_en = f", thresholds scaled by the limit coefficient {p.coefficient:.3f}" if p.coefficient < 1 else ""
    return Text(
        f"{v.vi.capitalize()}: {head_vi}, tăng trưởng theo chiều mong muốn {_pct(p.ratio)}/năm "
        f"(ngưỡng {_pct(high)} / {_pct(med)} / 0{lim_vi}){proj_vi}.",
        f"{v.en.capitalize()}: {head_en}, growth in the wanted direction {_pct(p.ratio)}/yr "
        f"(thresholds {_pct(high)} / {_pct(med)} / 0{lim_en}){proj_en}.",
    )
