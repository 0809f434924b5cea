"""Estimate objects and confidence intervals (t on design df, logit, Wilson, Korn–Graubard)."""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Literal

import pandas as pd
from scipy import stats

CiMethod = Literal["logit", "wilson", "beta"]


@dataclass(frozen=True)
class Estimate:
    """A design-based estimate. ``n_eff`` and ``deff`` are Kish's, from the weights of the rows
    used (``n·Σw²/(Σw)²``): what weighting costs, whatever the variable."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    df: int
    n: int
    n_eff: float
    deff: float
    level: float = 0.95

    def as_dict(self) -> dict[str, float]:
        """The fields as a plain dict (for tables)."""
        return {key: float(value) for key, value in asdict(self).items()}


class Domains(dict[Hashable, Estimate]):
    """Estimates per domain (the categories of ``by=``), in category order."""

    def frame(self, name: str = "domain") -> pd.DataFrame:
        """One row per domain with every field of its estimate."""
        rows = [{name: key, **est.as_dict()} for key, est in self.items()]
        frame = pd.DataFrame(rows)
        return frame.astype({"n": "int64", "df": "int64"}) if rows else frame


@lru_cache(maxsize=256)
def quantile(level: float, df: int) -> float:
    """The two-sided t quantile for ``level`` on ``df`` degrees of freedom (NaN if df < 1)."""
    if df < 1:
        return math.nan
    return float(stats.t.ppf(0.5 + level / 2.0, df))


def t_interval(value: float, se: float, level: float, df: int) -> tuple[float, float]:
    """``value ± t·se``."""
    half = quantile(level, df) * se
    return value - half, value + half


def proportion_interval(
    p: float, se: float, level: float, df: int, n: int, kish_n_eff: float, method: CiMethod
) -> tuple[float, float]:
    """A CI for a proportion. At p = 0 or 1 (no variance) every method falls back to the
    Clopper–Pearson interval on Kish's effective n, since logit and Wilson are undefined there."""
    if math.isnan(p) or math.isnan(se):
        return math.nan, math.nan
    if p <= 0.0 or p >= 1.0 or se <= 0.0:
        return _beta(p, kish_n_eff, level)
    if method == "logit":
        centre = math.log(p / (1.0 - p))
        half = quantile(level, df) * se / (p * (1.0 - p))
        return _expit(centre - half), _expit(centre + half)
    design_n_eff = p * (1.0 - p) / se**2
    if method == "wilson":
        z = quantile(level, df)
        denom = 1.0 + z * z / design_n_eff
        centre = (p + z * z / (2.0 * design_n_eff)) / denom
        half = z * math.sqrt(p * (1 - p) / design_n_eff + z * z / (4 * design_n_eff**2)) / denom
        return centre - half, centre + half
    # Korn–Graubard, as R svyciprop(method = "beta"): n_eff rescaled by the t quantiles.
    ratio = quantile(level, n - 1) / quantile(level, df)
    return _beta(p, design_n_eff * ratio**2, level)


def _beta(p: float, n_eff: float, level: float) -> tuple[float, float]:
    alpha = 1.0 - level
    x = n_eff * p
    low = 0.0 if x <= 0 else float(stats.beta.ppf(alpha / 2, x, n_eff - x + 1))
    high = 1.0 if x >= n_eff else float(stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x))
    return low, high


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
