"""Classify surveyed children by a rule set, and estimate rates with design-based standard errors.

Rules come from `cltrack/data/survey_rules.yaml` (or a user's copy); no threshold is written here.
The rate is the weighted ratio 100 x sum(w * counted) / sum(w); its variance is the Taylor
linearisation of the ratio with strata and PSUs (PSUs nested in strata, drawn with replacement):

    z_i = w_i (y_i - R x_i) / X,   var = sum_h n_h / (n_h - 1) * sum_i (z_hi - mean_h z)^2

where z_hi is the total of z over PSU i of stratum h. A domain (a district, an age group ...) is a
subpopulation of the full design: y and x are zero outside it, and every PSU of the design, with or
without members of the domain, enters the variance (no subsetting of the design). A stratum with a
single PSU is handled as the rules file says ("centre" or "certainty") and reported. The 95%
interval uses Student's t with df = PSUs - strata (or the normal distribution, per the rules).
The variance is written here with numpy rather than taken from samplics or svy, which would add
polars, statsmodels or scipy and a Rust extension; it is tested against samplics' and Stata's
published NHANES II result (tests/test_survey_estimate.py).
"""

from __future__ import annotations

import copy
import math
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cltrack.errors import CltrackError
from cltrack.findings import make
from cltrack.models import Finding, Text
from cltrack.reading.model import SourceTotals

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from cltrack.reading.survey import SurveyData

RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "survey_rules.yaml"
OPS: dict[str, Callable[[Any, Any], Any]] = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
UNIT_LEVELS: tuple[str, ...] = ("province", "district", "commune")
RULE_COLUMNS: frozenset[str] = frozenset({"hours_work", "hours_chores", "hazardous_work", "permitted_work", "in_school", "age"})
UNIT_BY: tuple[str, ...] = ("province", "district", "commune")
BY_CHOICES: tuple[str, ...] = ("province", "district", "commune", "age_group", "sex", "in_school", "year")
MEASURES: tuple[str, ...] = ("child_labour", "hazardous_work", "working")
SINGLE_PSU: tuple[str, ...] = ("centre", "certainty")
RESULT_COLUMNS: tuple[str, ...] = ("numerator", "denominator", "rate", "se", "ci_low", "ci_high", "n_unweighted", "reliable", "rse", "n_counted")
GLOBAL_KEYS: tuple[str, ...] = ("valid", "reliability", "estimation", "working_min_hours")


@dataclass(frozen=True)
class Condition:
    """One test on a column: column op value (e.g. hours_work > 20)."""

    column: str
    op: str
    value: float | bool


@dataclass(frozen=True)
class Band:
    """Children aged lo..hi count when any condition holds and no `unless` condition does."""

    lo: int
    hi: int
    any: tuple[Condition, ...]
    unless: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    """A rule set with its selected series, validity limits and estimation settings."""

    name: str
    label: Text
    source: str
    series: str
    series_names: tuple[str, ...]
    bands: tuple[Band, ...]
    age_groups: tuple[tuple[int, int], ...]
    age_range: tuple[int, int]
    max_hours: float
    min_n: int
    max_rse: float
    confidence: float
    ci: str
    single_psu: str
    working_min_hours: float
    origin: str

    def age_group_labels(self) -> list[str]:
        """'5-12', '13-14', '15-17' ..."""
        return [f"{lo}-{hi}" for lo, hi in self.age_groups]


# --------------------------------------------------------------------------- rules


@lru_cache(maxsize=1)
def shipped_rules() -> dict[str, Any]:
    """The shipped rules file as a dict (cached; callers must not modify it)."""
    return _load_yaml(RULES_FILE)


def _load_yaml(path: Path) -> dict[str, Any]:
    """A YAML mapping from a file, or CltrackError."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CltrackError(f"{path}: cannot read the rules file ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise CltrackError(f"{path}: YAML syntax error in the rules file: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise CltrackError(f"{path}: a rules file must be a mapping")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of `base` with `extra` merged in (mappings merged, other values replaced)."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def rule_set_names() -> tuple[str, ...]:
    """Names of the shipped rule sets."""
    return tuple(shipped_rules()["rule_sets"])


def load_rules(name_or_path: str = "vn_law", overrides: dict[str, Any] | None = None, *, series: str | None = None) -> RuleSet:
    """A rule set by name (vn_law, ilo_sdg) or from a YAML file, with optional overrides and series."""
    shipped = shipped_rules()
    globals_ = {k: shipped[k] for k in GLOBAL_KEYS if k in shipped}
    origin = str(RULES_FILE)
    if name_or_path in shipped["rule_sets"]:
        name, body = name_or_path, shipped["rule_sets"][name_or_path]
    elif Path(name_or_path).suffix.lower() in (".yaml", ".yml") or Path(name_or_path).is_file():
        path = Path(name_or_path)
        if not path.is_file():
            raise CltrackError(f"{path}: rules file not found")
        data = _load_yaml(path)
        origin = str(path)
        globals_ = _merge(globals_, {k: data[k] for k in GLOBAL_KEYS if k in data})
        if "rule_sets" in data:
            sets = data["rule_sets"]
            if not isinstance(sets, dict) or not sets:
                raise CltrackError(f"{path}: 'rule_sets' must name at least one rule set")
            name = str(data.get("default", next(iter(sets))))
            if name not in sets:
                raise CltrackError(f"{path}: default rule set '{name}' is not under rule_sets")
            base = shipped["rule_sets"].get(name, {})
            body = _merge(base, sets[name]) if base else sets[name]
        else:
            name, body = path.stem, {k: v for k, v in data.items() if k not in GLOBAL_KEYS}
    else:
        raise CltrackError(f"unknown rule set '{name_or_path}' (known: {', '.join(shipped['rule_sets'])}, or a .yaml file)")
    overrides = dict(overrides or {})
    if isinstance(overrides.get("series"), str):
        series = series or overrides.pop("series")
    globals_ = _merge(globals_, {k: overrides.pop(k) for k in GLOBAL_KEYS if k in overrides})
    body = _merge(body, overrides)
    return _build(name, body, globals_, series, origin)


def _need(mapping: Any, key: str, where: str) -> Any:
    """mapping[key], or CltrackError naming the place."""
    if not isinstance(mapping, dict) or key not in mapping:
        raise CltrackError(f"{where}: missing '{key}'")
    return mapping[key]


def _pair(value: Any, where: str) -> tuple[int, int]:
    """[lo, hi] as a pair of whole numbers."""
    if not (isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        raise CltrackError(f"{where}: expected [from, to] in whole years, got {value!r}")
    lo, hi = int(value[0]), int(value[1])
    if lo > hi:
        raise CltrackError(f"{where}: {lo} is above {hi}")
    return lo, hi


def _condition(item: Any, where: str) -> Condition:
    """[column, op, value] as a Condition."""
    if not (isinstance(item, (list, tuple)) and len(item) == 3):
        raise CltrackError(f"{where}: a condition is [column, operator, value], got {item!r}")
    column, op, value = item
    if column not in RULE_COLUMNS:
        raise CltrackError(f"{where}: unknown column '{column}' (known: {', '.join(sorted(RULE_COLUMNS))})")
    if op not in OPS:
        raise CltrackError(f"{where}: unknown operator '{op}' (known: {', '.join(OPS)})")
    if not isinstance(value, (int, float, bool)):
        raise CltrackError(f"{where}: the value of a condition must be a number or true/false, got {value!r}")
    return Condition(str(column), str(op), value)


def _bands(items: Any, where: str) -> tuple[Band, ...]:
    """A clause list of the YAML as Bands."""
    if not isinstance(items, list) or not items:
        raise CltrackError(f"{where}: expected a list of age bands")
    out = []
    for i, item in enumerate(items):
        at = f"{where}[{i}]"
        lo, hi = _pair(_need(item, "ages", at), f"{at}.ages")
        any_ = tuple(_condition(c, f"{at}.any") for c in _need(item, "any", at))
        unless = tuple(_condition(c, f"{at}.unless") for c in item.get("unless", []) or [])
        out.append(Band(lo, hi, any_, unless))
    return tuple(out)


def _build(name: str, body: dict[str, Any], g: dict[str, Any], series: str | None, origin: str) -> RuleSet:
    """Validate a rule set's YAML and build the RuleSet."""
    where = f"{origin}: rule set '{name}'"
    clauses = _need(body, "clauses", where)
    all_series = _need(body, "series", where)
    if not isinstance(clauses, dict) or not isinstance(all_series, dict) or not all_series:
        raise CltrackError(f"{where}: 'clauses' and 'series' must be mappings")
    chosen = series or str(body.get("default_series") or next(iter(all_series)))
    if chosen not in all_series:
        raise CltrackError(f"{where}: unknown series '{chosen}' (known: {', '.join(all_series)})")
    bands: list[Band] = []
    for clause in all_series[chosen]:
        if clause not in clauses:
            raise CltrackError(f"{where}: series '{chosen}' names unknown clauses '{clause}'")
        bands.extend(_bands(clauses[clause], f"{where}.clauses.{clause}"))
    label = body.get("name") or {}
    valid, rel, est = g.get("valid", {}), g.get("reliability", {}), g.get("estimation", {})
    age_range = _pair(valid.get("age", [5, 17]), f"{origin}: valid.age")
    groups = tuple(_pair(p, f"{where}.age_groups") for p in body.get("age_groups") or [list(age_range)])
    ci = str(est.get("ci", "t"))
    single = str(est.get("single_psu", "centre"))
    if ci not in ("t", "normal"):
        raise CltrackError(f"{origin}: estimation.ci must be t or normal, got '{ci}'")
    if single not in SINGLE_PSU:
        raise CltrackError(f"{origin}: estimation.single_psu must be one of {', '.join(SINGLE_PSU)}, got '{single}'")
    confidence = float(est.get("confidence", 0.95))
    if not 0 < confidence < 1:
        raise CltrackError(f"{origin}: estimation.confidence must lie between 0 and 1")
    return RuleSet(
        name=name, label=Text(str(label.get("vi", name)), str(label.get("en", name))), source=str(body.get("source", "")),
        series=chosen, series_names=tuple(all_series), bands=tuple(bands), age_groups=groups, age_range=age_range,
        max_hours=float(valid.get("max_hours", 168)), min_n=int(rel.get("min_n", 30)), max_rse=float(rel.get("max_rse", 0.30)),
        confidence=confidence, ci=ci, single_psu=single, working_min_hours=float(g.get("working_min_hours", 1)), origin=origin,
    )


# --------------------------------------------------------------------------- classification


def _column(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A rule column as numbers (0 / False when the column is absent or blank)."""
    import numpy as np

    if column not in frame.columns:
        return np.zeros(len(frame), dtype="float64")
    col = frame[column]
    if col.dtype == bool:
        return col.to_numpy()
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "iuf":  # numpy numbers: one copy, not two
        values = col.to_numpy(dtype="float64", copy=True)
        values[np.isnan(values)] = 0.0
        return values
    return col.astype("float64").fillna(0).to_numpy()


def _test(values: np.ndarray, cond: Condition) -> np.ndarray:
    """The rows where a condition holds, given the values of its column."""
    return OPS[cond.op](values, float(cond.value)) if not isinstance(cond.value, bool) else OPS[cond.op](values.astype(bool), cond.value)


def classify(frame: pd.DataFrame, rules: RuleSet) -> pd.Series:
    """True for each child the rule set counts as a child labourer (vectorised over the frame)."""
    import numpy as np
    import pandas as pd

    age = frame["age"].to_numpy()
    conditions = [c for band in rules.bands for c in (*band.any, *band.unless)]
    columns = {c.column: _column(frame, c.column) for c in conditions}  # each column converted once
    counted = np.zeros(len(frame), dtype=bool)
    for band in rules.bands:
        hit = np.zeros(len(frame), dtype=bool)
        for cond in band.any:
            hit |= _test(columns[cond.column], cond)
        for cond in band.unless:
            hit &= ~_test(columns[cond.column], cond)
        counted |= (age >= band.lo) & (age <= band.hi) & hit
    return pd.Series(counted, index=frame.index, name="child_labour")


def measure_values(frame: pd.DataFrame, rules: RuleSet, measure: str = "child_labour") -> np.ndarray:
    """0/1 per row for a measure: child_labour (the rules), hazardous_work, or working (any economic activity)."""
    if measure == "child_labour":
        return classify(frame, rules).to_numpy().astype("float64")
    if measure == "hazardous_work":
        return _column(frame, "hazardous_work").astype(bool).astype("float64")
    if measure == "working":
        return (_column(frame, "hours_work") >= rules.working_min_hours).astype("float64")
    raise CltrackError(f"unknown survey measure '{measure}' (known: {', '.join(MEASURES)})")


def age_groups(age: np.ndarray, rules: RuleSet) -> pd.Categorical:
    """The rule set's age group label of each age (NaN outside every group)."""
    import numpy as np
    import pandas as pd

    labels = rules.age_group_labels()
    codes = np.full(len(age), -1, dtype="int64")
    for i, (lo, hi) in enumerate(rules.age_groups):
        codes[(age >= lo) & (age <= hi)] = i
    return pd.Categorical.from_codes(codes, categories=labels)


# --------------------------------------------------------------------------- variance


@dataclass
class Design:
    """Stratum and PSU codes per row, PSUs per stratum, and what was assumed."""

    stratum: np.ndarray  # int64 code per row
    psu: np.ndarray  # int64 PSU id per row (unique over the whole design)
    psu_stratum: np.ndarray  # stratum code of each PSU
    n_h: np.ndarray  # PSUs per stratum
    stratum_labels: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return len(self.n_h)

    @property
    def n_psu(self) -> int:
        """Number of PSUs."""
        return len(self.psu_stratum)

    @property
    def df(self) -> int:
        """Design degrees of freedom: PSUs - strata."""
        return self.n_psu - self.n_strata


def _codes(values: Any) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Integer codes of a label column, its labels, and the blank mask."""
    import numpy as np
    import pandas as pd

    series = pd.Series(values)
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy().astype("int64"), list(series.cat.categories)
        used = np.bincount(codes[codes >= 0], minlength=len(uniques)) > 0
        if not used.all():  # categories with no rows (left-out rows) are not strata
            remap = np.cumsum(used) - 1
            codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
            uniques = [u for u, keep in zip(uniques, used, strict=True) if keep]
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        codes = codes.astype("int64")
    return codes, [str(u) for u in uniques], codes < 0


def design(frame: pd.DataFrame, *, has_weight: bool = True) -> Design:
    """The sampling design of the frame: strata and nested PSUs; rows as PSUs when there is no PSU column."""
    import numpy as np
    import pandas as pd

    n = len(frame)
    findings: list[Finding] = []
    if not has_weight:
        findings.append(make("missing-weight"))
    has_s = "stratum" in frame.columns and frame["stratum"].notna().any()
    has_p = "psu" in frame.columns and frame["psu"].notna().any()
    if not has_s and not has_p:
        findings.append(make("srs-assumed"))
    elif not has_p:
        findings.append(make("survey-no-psu"))
    elif not has_s:
        findings.append(make("survey-no-stratum"))
    if has_s:
        s_codes, s_labels, s_blank = _codes(frame["stratum"])
        if s_blank.any():
            findings.append(make("survey-blank-stratum", column="stratum", count=int(s_blank.sum())))
            s_codes[s_blank] = len(s_labels)
            s_labels.append("")
    else:
        s_codes, s_labels = np.zeros(n, dtype="int64"), [""]
    if has_p:
        p_raw, _, p_blank = _codes(frame["psu"])
        if p_blank.any():
            findings.append(make("survey-blank-psu", column="psu", count=int(p_blank.sum())))
            p_raw[p_blank] = p_raw.max(initial=-1) + 1 + np.arange(int(p_blank.sum()))
        # PSUs are nested in strata: the same label in two strata is two PSUs
        psu = pd.factorize(s_codes * (int(p_raw.max(initial=0)) + 1) + p_raw)[0].astype("int64")
    else:
        psu = np.arange(n, dtype="int64")
    n_psu = int(psu.max()) + 1 if n else 0
    psu_stratum = np.zeros(n_psu, dtype="int64")
    psu_stratum[psu] = s_codes
    n_h = np.bincount(psu_stratum, minlength=len(s_labels)) if n else np.zeros(len(s_labels), dtype="int64")
    keep = n_h > 0  # a stratum label with no rows (cannot happen after factorize, but be safe)
    if not keep.all():  # pragma: no cover
        n_h = n_h[keep]
    return Design(s_codes, psu, psu_stratum, n_h, s_labels, findings)


def linearised_ratio(
    y: np.ndarray, x: np.ndarray, w: np.ndarray, des: Design, domain: np.ndarray | None = None,
    n_domains: int = 1, single_psu: str = "centre",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted totals Y, X and the with-replacement Taylor variance of R = Y / X, per domain."""
    import numpy as np
    import pandas as pd

    n = len(y)
    dom = np.zeros(n, dtype="int64") if domain is None else np.asarray(domain, dtype="int64")
    Y = np.bincount(dom, weights=w * y, minlength=n_domains)
    X = np.bincount(dom, weights=w * x, minlength=n_domains)
    with np.errstate(divide="ignore", invalid="ignore"):
        R = Y / X
        if domain is None:  # the same arithmetic with the one domain's R and X as scalars: no per-row lookups
            z = w * (y - R[0] * x) / X[0]
        else:
            z = w * (y - R[dom] * x) / X[dom]
    z = np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)
    if not n or des.n_psu == 0:
        return Y, X, np.full(n_domains, np.nan)
    # z totals per (domain, PSU), then per (domain, stratum): sum and sum of squares
    if domain is None:  # PSU ids are already numbered by first appearance, as factorize would number them
        inv, uk = des.psu, np.arange(des.n_psu, dtype="int64")
    else:
        inv, uk = pd.factorize(dom * des.n_psu + des.psu)  # hashing, not sorting: one pass over the rows
    zt = np.bincount(inv, weights=z)
    d_of, p_of = uk // des.n_psu, uk % des.n_psu
    h_of = des.psu_stratum[p_of]
    key2 = d_of * des.n_strata + h_of
    inv2, uk2 = pd.factorize(key2)
    s1 = np.bincount(inv2, weights=zt)
    s2 = np.bincount(inv2, weights=zt * zt)
    d2, h2 = uk2 // des.n_strata, uk2 % des.n_strata
    nh = des.n_h[h2].astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        many = nh / (nh - 1) * np.maximum(s2 - s1 * s1 / nh, 0.0)
    if single_psu == "centre":
        zbar = np.bincount(dom, weights=z, minlength=n_domains) / des.n_psu  # average PSU total of the domain
        lonely = (s1 - zbar[d2]) ** 2
    else:
        lonely = np.zeros(len(s1))
    var_h = np.where(nh > 1, many, lonely)
    var = np.bincount(d2, weights=var_h, minlength=n_domains)
    var[X == 0] = np.nan
    return Y, X, var


# --------------------------------------------------------------------------- t distribution


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(lbeta) * _betacf(a, b, x) / a
    return 1.0 - math.exp(lbeta) * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def quantile(p: float, df: float | None) -> float:
    """The p-quantile of Student's t (normal when df is None or infinite), p in (0.5, 1)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(p)
    if df is None or math.isinf(df) or df > 1e7:
        return z
    lo, hi = 0.0, max(2 * z, 1.0)
    while t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return (lo + hi) / 2.0


# --------------------------------------------------------------------------- estimation


def _frame_of(data: SurveyData | pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The rows and whether a weight column was read."""
    frame = getattr(data, "frame", None)
    if frame is None:  # a plain DataFrame
        return data, "weight" in data.columns  # type: ignore[union-attr]
    return frame, "weight" in (data.columns or frame.columns)  # type: ignore[union-attr]


def group_ids(columns: Sequence[Any]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Group number per row over several columns (sorted by their values, blanks last) and each group's values."""
    import numpy as np

    n = len(columns[0]) if len(columns) else 0
    parts = [_sorted_codes(col) for col in columns]
    sizes = [len(uniques) + 1 for _, uniques in parts]
    if math.prod(sizes) >= 1 << 62:  # too many combinations for one int64 key: only the values used
        parts = [_sorted_codes(col, used_only=True) for col in columns]
        sizes = [len(uniques) + 1 for _, uniques in parts]
    key = np.zeros(n, dtype="int64")
    for (codes, _), size in zip(parts, sizes, strict=True):
        key *= size
        key += codes
    ids, found = _dense_ids(key, math.prod(sizes))
    values: list[np.ndarray] = []
    rest = found
    for (_, uniques), size in zip(reversed(parts), reversed(sizes), strict=True):
        code = rest % size
        rest = rest // size
        values.insert(0, np.array([uniques[c] if c < len(uniques) else None for c in code], dtype=object))
    return ids, values


def _sorted_codes(col: Any, used_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """int64 codes of a column in sorted order of its values (a categorical's category order), blanks
    coded after the last value, and the values; unless `used_only`, a categorical keeps its unused categories
    and small whole numbers the gaps in their range (group_ids drops values no row has)."""
    import numpy as np
    import pandas as pd

    if isinstance(getattr(col, "dtype", None), pd.CategoricalDtype) and not used_only:
        cat = col.array if isinstance(col, pd.Series) else col
        codes = cat.codes.astype("int64")
        uniques = np.asarray(cat.categories, dtype=object)
    elif not used_only and isinstance(col, np.ndarray) and col.dtype.kind in "iu" and len(col) and int(col.max()) - int(col.min()) < 1 << 16:
        lo = int(col.min())  # small whole numbers (years): their offsets are sorted codes, without hashing
        codes = col.astype("int64") - lo
        uniques = np.arange(lo, int(col.max()) + 1).astype(object)
    else:
        codes, found = pd.factorize(col, sort=True, use_na_sentinel=True)
        codes, uniques = codes.astype("int64"), np.asarray(found, dtype=object)
    codes[codes < 0] = len(uniques)
    return codes, uniques


def _dense_ids(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Numbers 0..k-1 for the distinct keys in sorted order, and those keys (counting when the key range is small)."""
    import numpy as np
    import pandas as pd

    if size <= 2 * len(key) + (1 << 20):
        present = np.bincount(key, minlength=size) > 0
        found = np.flatnonzero(present)
        number = np.cumsum(present) - 1
        return number[key], found.astype("int64")
    ids, found = pd.factorize(key, sort=True)
    return ids.astype("int64"), np.asarray(found, dtype="int64")


def _group_columns(frame: pd.DataFrame, by: Sequence[str], rules: RuleSet) -> tuple[pd.DataFrame, list[str]]:
    """The grouping columns (age_group computed; unit codes grouped with their names)."""
    import pandas as pd

    cols: dict[str, Any] = {}
    for b in by:
        if b not in BY_CHOICES:
            raise CltrackError(f"cannot group by '{b}' (choose from {', '.join(BY_CHOICES)})")
        if b == "age_group":
            cols[b] = age_groups(frame["age"].to_numpy(), rules)
            continue
        if b not in frame.columns or (b != "year" and frame[b].isna().all()):
            raise CltrackError(f"the survey data has no '{b}' column to group by")
        if b in UNIT_BY and f"{b}_code" in frame.columns and frame[f"{b}_code"].notna().any():
            cols[f"{b}_code"] = frame[f"{b}_code"]
        cols[b] = frame[b]
    return pd.DataFrame(cols, index=frame.index), list(cols)


@dataclass
class _Sample:
    """What every estimate of one call shares: the rows in scope, the design, 0/1 per row and the weights."""

    frame: pd.DataFrame
    des: Design
    y: np.ndarray
    w: np.ndarray


def _sample(data: SurveyData | pd.DataFrame, rules: RuleSet, measure: str, year: int | None) -> _Sample:
    """The rows in the rule set's ages (and `year`), their design, measure values and weights."""
    import numpy as np

    frame, has_weight = _frame_of(data)
    lo, hi = rules.age_range
    scope = (frame["age"] >= lo) & (frame["age"] <= hi)
    if year is not None and "year" in frame.columns:
        scope &= frame["year"].isna() | (frame["year"] == year)
    scope = scope.fillna(False).to_numpy(dtype=bool)
    frame = frame.loc[scope] if not scope.all() else frame
    n = len(frame)
    des = design(frame, has_weight=has_weight)
    y = measure_values(frame, rules, measure)
    w = frame["weight"].to_numpy(dtype="float64") if "weight" in frame.columns else np.ones(n)
    return _Sample(frame, des, y, w)


def estimate(data: SurveyData | pd.DataFrame, rules: RuleSet, by: Sequence[str] | None = (), *,
             measure: str = "child_labour", year: int | None = None) -> pd.DataFrame:
    """Weighted rate (percent) with SE, 95% CI, n and reliability, overall or per `by` group.

    Columns: *by (a unit's `<level>_code` before its name), numerator, denominator (weighted sums),
    rate, se, ci_low, ci_high (percent), n_unweighted, reliable, rse, n_counted. The design findings
    (SRS assumed, single-PSU strata, missing weights) are in `result.attrs["findings"]` and the
    design summary (strata, psus, df, method) in `result.attrs["design"]`.
    """
    return _estimate(_sample(data, rules, measure, year), rules, list(by or ()))


def _estimate(sample: _Sample, rules: RuleSet, by: list[str]) -> pd.DataFrame:
    """`estimate` on a prepared sample."""
    import numpy as np
    import pandas as pd

    frame, des = sample.frame, sample.des
    n = len(frame)
    findings = list(des.findings)
    y = sample.y
    x = np.ones(n, dtype="float64")
    if by:
        keys, key_cols = _group_columns(frame, by, rules)
        dom, values = group_ids([keys[c] for c in key_cols])
        n_dom = len(values[0])
        groups = pd.DataFrame(dict(zip(key_cols, values, strict=True)))
        Y, X, var = linearised_ratio(y, x, sample.w, des, dom, n_dom, rules.single_psu)
    else:
        dom, n_dom, groups = np.zeros(n, dtype="int64"), 1, pd.DataFrame(index=range(1))
        Y, X, var = linearised_ratio(y, x, sample.w, des, None, 1, rules.single_psu)
    n_unw = np.bincount(dom, minlength=n_dom) if n else np.zeros(n_dom, dtype="int64")
    n_cnt = np.bincount(dom, weights=y, minlength=n_dom).round().astype("int64") if n else np.zeros(n_dom, dtype="int64")
    out = _intervals(Y, X, var, n_unw, des.df if rules.ci == "t" else None, rules)
    out["n_counted"] = n_cnt
    result = pd.concat([groups.reset_index(drop=True), out], axis=1)
    lonely = [des.stratum_labels[h] for h in np.flatnonzero(des.n_h == 1)]
    findings.extend(make("single-psu-stratum", stratum=s, method=rules.single_psu) for s in lonely)
    findings.append(make("survey-design", strata=des.n_strata, psus=des.n_psu, df=des.df))
    for row in result.loc[~result["reliable"] & (result["n_unweighted"] > 0)].itertuples(index=False):  # one per flagged group
        group = ", ".join(str(getattr(row, c)) for c in by if c in result.columns) or "total"
        rse = "" if pd.isna(row.rse) else f"{row.rse:.0%}"
        findings.append(make("unreliable-estimate", group=group, n=int(row.n_unweighted), rse=rse))
    result.attrs["findings"] = findings
    result.attrs["design"] = {"strata": des.n_strata, "psus": des.n_psu, "df": des.df, "single_psu": rules.single_psu,
                              "lonely_strata": lonely, "ci": rules.ci, "confidence": rules.confidence}
    return result


def _intervals(Y: np.ndarray, X: np.ndarray, var: np.ndarray, n: np.ndarray, df: int | None, rules: RuleSet) -> pd.DataFrame:
    """Rate, SE, CI (clipped to 0-100; exact binomial bound when no or every child is counted), RSE, reliability."""
    import numpy as np
    import pandas as pd

    alpha = 1.0 - rules.confidence
    q = quantile(1.0 - alpha / 2.0, max(df, 1) if df is not None else None)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = 100.0 * Y / X
        se = 100.0 * np.sqrt(var)
        rse = np.where(rate > 0, se / rate, np.nan)
        low = np.clip(rate - q * se, 0.0, 100.0)
        high = np.clip(rate + q * se, 0.0, 100.0)
        n_f = np.maximum(n, 1).astype("float64")
        none, every = (Y == 0) & (X > 0), (Y == X) & (X > 0)
        high = np.where(none, 100.0 * (1.0 - (alpha / 2.0) ** (1.0 / n_f)), high)
        low = np.where(every, 100.0 * (alpha / 2.0) ** (1.0 / n_f), low)
    reliable = (n >= rules.min_n) & ~(rse > rules.max_rse)
    return pd.DataFrame({
        "numerator": Y, "denominator": X, "rate": rate, "se": se, "ci_low": low, "ci_high": high,
        "n_unweighted": n.astype("int64"), "reliable": reliable, "rse": rse,
    })


# --------------------------------------------------------------------------- one call for the CLI


@dataclass
class SurveyReport(SourceTotals):
    """What `cltrack survey` shows: the overall estimate, the estimates by group, rules and findings."""

    rules: RuleSet
    measure: str
    by: list[str]
    overall: pd.DataFrame
    groups: pd.DataFrame | None
    findings: list[Finding]
    sources: list[Any]
    design: dict[str, Any]
    year: int | None = None


def parse_by(text: str | None) -> list[str]:
    """'district,age_group' -> ['district', 'age_group'], checked against the choices."""
    items = [t.strip() for t in (text or "").split(",") if t.strip()]
    bad = [t for t in items if t not in BY_CHOICES]
    if bad:
        raise CltrackError(f"--by: unknown grouping '{bad[0]}' (choose from {', '.join(BY_CHOICES)})")
    return list(dict.fromkeys(items))


def needed_columns(by: Sequence[str]) -> frozenset[str]:
    """The columns an estimate by `by` reads: classification inputs, weight, design, year and the
    unit columns the groups need (a district is named within its province)."""
    units = {"province": ("province",), "district": ("province", "district"), "commune": UNIT_LEVELS}
    cols = set(RULE_COLUMNS) | {"weight", "stratum", "psu", "year"}
    for b in by:
        cols.update(units.get(b, () if b == "age_group" else (b,)))
    return frozenset(cols)


def survey_report(paths: Sequence[str | Path], *, rules: str = "vn_law", series: str | None = None,
                  by: Sequence[str] = (), year: int | None = None, measure: str = "child_labour") -> SurveyReport:
    """Read microdata, classify and estimate overall and by group: the whole of `cltrack survey`."""
    from cltrack.reading.survey import read_microdata

    rule_set = load_rules(rules, series=series)
    data = read_microdata(paths, year=year, only=needed_columns(by))
    unreadable = [f for f in data.findings if f.code in ("file-not-found", "file-unreadable", "unsupported-format", "survey-missing-column")]
    if not len(data.frame):
        from cltrack.findings import one_line

        first = unreadable[0] if unreadable else make("survey-no-rows")
        raise CltrackError(one_line(first, "en"))
    sample = _sample(data, rule_set, measure, year)  # read, scoped and classified once for every estimate
    overall = _estimate(sample, rule_set, [])
    findings = list(data.findings) + list(overall.attrs.get("findings", []))
    groups = None
    if by:
        groups = _estimate(sample, rule_set, list(by))
        findings += [f for f in groups.attrs.get("findings", []) if f.code == "unreliable-estimate"]
    return SurveyReport(rule_set, measure, list(by), overall, groups, findings, list(data.sources),
                        dict(overall.attrs.get("design", {})), year)
