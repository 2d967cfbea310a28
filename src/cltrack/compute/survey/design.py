"""The sampling design (strata, nested PSUs) and the Taylor-linearised variance of a ratio, per domain.

The rate is the weighted ratio R = Y / X; its variance is the Taylor linearisation of the ratio with
strata and PSUs (PSUs nested in strata, drawn with replacement):

    z_i = w_i (y_i - R x_i) / X,   var = sum_h n_h / (n_h - 1) * sum_i (z_hi - mean_h z)^2

where z_hi is the total of z over PSU i of stratum h. A domain (a district, an age group ...) is a
subpopulation of the full design: y and x are zero outside it, and every PSU of the design, with or
without members of the domain, enters the variance (no subsetting of the design). A stratum with a
single PSU is handled as the rules file says ("centre" or "certainty") and reported.
The variance is written here with numpy rather than taken from samplics or svy, which would add
polars, statsmodels and a Rust extension; it is tested against published results (R survey's api
examples, Stata's and samplics' NHANES II) in tests/test_survey_estimate.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cltrack.findings import make
from cltrack.models import Finding

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


@dataclass
class Design:
    """Stratum and PSU codes per row, PSUs per stratum, and what was assumed."""

    stratum: np.ndarray  # int64 code per row
    psu: np.ndarray  # int64 PSU id per row (unique over the whole design), numbered in order of first appearance
    psu_stratum: np.ndarray  # stratum code of each PSU
    n_h: np.ndarray  # PSUs per stratum
    stratum_labels: list[str]
    findings: list[Finding] = field(default_factory=list)
    fpc: np.ndarray | None = None  # per stratum: 1 - n_h / N_h (the finite population correction); None: with replacement

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
        codes, found = pd.factorize(series, use_na_sentinel=True)
        codes, uniques = codes.astype("int64"), list(found)
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
    fpc = _fpc(frame, s_codes, n_h, s_labels, findings) if "fpc" in frame.columns and frame["fpc"].notna().any() else None
    return Design(s_codes, psu, psu_stratum, n_h, s_labels, findings, fpc)


def _fpc(frame: pd.DataFrame, s_codes: np.ndarray, n_h: np.ndarray, labels: list[str], findings: list[Finding]) -> np.ndarray:
    """1 - n_h / N_h per stratum from a population-size column (PSUs in the stratum's population), as R
    survey's svydesign(fpc=) reads it; values all at most 1 are sampling fractions f_h (1 - f_h)."""
    import numpy as np

    values = frame["fpc"].to_numpy(dtype="float64", na_value=np.nan)
    size = np.full(len(n_h), np.nan)
    np.fmax.at(size, s_codes, values)  # the stratum's value (the largest where rows differ)
    if np.nanmax(size) <= 1:
        return np.where(np.isnan(size), 1.0, 1.0 - size)
    below = size < n_h
    for h in np.flatnonzero(below):
        findings.append(make("survey-fpc-below-sample", stratum=labels[h], fpc=f"{size[h]:g}", n=int(n_h[h])))
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = 1.0 - n_h / size
    return np.where(np.isnan(size) | below, 1.0, factor)


def linearised_ratio(
    y: np.ndarray, x: np.ndarray, w: np.ndarray, des: Design, domain: np.ndarray | None = None,
    n_domains: int = 1, single_psu: str = "centre", domain_of_psu: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted totals Y, X and the with-replacement Taylor variance of R = Y / X, per domain
    (`domain_of_psu`: `psu_domains(des, domain)` when the caller has it already)."""
    import numpy as np
    import pandas as pd

    n = len(y)
    dom = np.zeros(n, dtype="int64") if domain is None else np.asarray(domain, dtype="int64")
    Y = np.bincount(dom, weights=w * y, minlength=n_domains)
    X = np.bincount(dom, weights=w * x, minlength=n_domains)
    with np.errstate(divide="ignore", invalid="ignore"):
        R = Y / X
        # z = w (y - R x) / X, step by step in one array (the same operations in the same order, fewer copies);
        # with no domain R and X are the one domain's scalars: no per-row lookups
        z = R[0] * x if domain is None else R[dom]
        if domain is not None:
            z *= x
        np.subtract(y, z, out=z)
        z *= w
        z /= X[0] if domain is None else X[dom]
    np.nan_to_num(z, copy=False, nan=0.0, posinf=0.0, neginf=0.0)
    if not n or des.n_psu == 0:
        return Y, X, np.full(n_domains, np.nan)
    # z totals per (domain, PSU), then per (domain, stratum): sum and sum of squares
    dom_of = domain_of_psu if domain_of_psu is not None else psu_domains(des, dom)
    if dom_of is not None:  # each PSU in one domain: the (domain, PSU) pairs are the PSUs, in the same order
        zt = np.bincount(des.psu, weights=z, minlength=des.n_psu)
        d_of, p_of = dom_of, np.arange(des.n_psu, dtype="int64")
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
    if des.fpc is not None:
        many = many * des.fpc[h2]
    if single_psu == "centre":
        zbar = np.bincount(dom, weights=z, minlength=n_domains) / des.n_psu  # average PSU total of the domain
        lonely = (s1 - zbar[d2]) ** 2
    else:
        lonely = np.zeros(len(s1))
    var_h = np.where(nh > 1, many, lonely)
    var = np.bincount(d2, weights=var_h, minlength=n_domains)
    var[X == 0] = np.nan
    return Y, X, var



def psu_domains(des: Design, dom: np.ndarray) -> np.ndarray | None:
    """The domain of each PSU when every PSU lies in one domain (a district of its communes, the whole
    sample), else None. Then the (domain, PSU) pairs are the PSUs, in their order of first appearance (the
    order `pd.factorize` gives the pairs), so the sums over them are the same without hashing every row."""
    import numpy as np

    if len(dom) != len(des.psu) or not len(dom):
        return None
    dom_of = np.zeros(des.n_psu, dtype="int64")
    if not np.count_nonzero(dom):  # one domain (the whole sample)
        return dom_of
    dom_of[des.psu] = dom
    return dom_of if bool((dom_of[des.psu] == dom).all()) else None
