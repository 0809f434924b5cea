"""``Design``: a survey design over a DataFrame (weights, strata, one-stage clusters, fpc) and its
estimates: means, totals, proportions, per domain, and cross-tabs.

Missing values of the analysed variable are treated as a domain (the row stays in the design with
a zero score), like ``na.rm = TRUE`` in R ``survey``. An empty domain gives an estimate of NaN with
``n = 0`` rather than an error, so tables keep every category.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import overload

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from analytics.polling.categories import codes, compact
from analytics.polling.crosstab import CrossTab, Percent, crosstab
from analytics.polling.errors import DesignError, shown
from analytics.polling.estimate import (
    CiMethod,
    Domains,
    Estimate,
    proportion_interval,
    t_interval,
)
from analytics.polling.variance import Floats, Ints, Lonely, Plan

_One = Callable[[NDArray[np.bool_]], Estimate]


class Design:
    """A survey design. Every argument but ``df`` is optional: without weights every row weighs 1;
    without strata there is one stratum; without ``psu`` every row is its own sampling unit.

    ``fpc`` names a column holding, per stratum, the population size (number of PSUs in the
    population when ``psu`` is given) or, when every value is at most 1, the sampling fraction.
    """

    def __init__(
        self,
        df: pd.DataFrame,
        weights: str | None = None,
        strata: str | None = None,
        psu: str | None = None,
        fpc: str | None = None,
        *,
        lonely_psu: Lonely = "adjust",
        level: float = 0.95,
    ) -> None:
        for column in (weights, strata, psu, fpc):
            if column is not None and column not in df.columns:
                raise DesignError(f"the design column {column!r} is not in the data")
        self.df = df
        self.level = level
        self.weights = self._weights(df, weights)
        self.plan = self._plan(df, strata, psu, fpc, lonely_psu)

    @staticmethod
    def _weights(df: pd.DataFrame, column: str | None) -> Floats:
        if column is None:
            return np.ones(len(df))
        values = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(~np.isfinite(values) | (values <= 0))
        if len(bad):
            row = bad[0]
            raise DesignError(
                f"weight column {column!r}: row {row + 1} has {shown(df[column].iloc[row])}; "
                "weights must be positive numbers"
            )
        return values

    @staticmethod
    def _plan(
        df: pd.DataFrame, strata: str | None, psu: str | None, fpc: str | None, lonely: Lonely
    ) -> Plan:
        n = len(df)
        if strata is None:
            stratum, labels = np.zeros(n, dtype=np.intp), ["(semua)"]
        else:
            stratum, found = codes(df[strata])
            if (stratum < 0).any():
                row = int(np.flatnonzero(stratum < 0)[0]) + 1
                raise DesignError(f"strata column {strata!r}: row {row} is empty")
            stratum, used = compact(stratum, len(found))
            labels = [str(found[i]) for i in used]
        h_count = len(labels)
        unit: Ints | None = None
        unit_stratum = np.zeros(0, dtype=np.intp)
        if psu is None:
            units = np.bincount(stratum, minlength=h_count).astype(float)
        else:
            # PSU ids are nested in strata: the same id in two strata is two PSUs.
            pairs = pd.MultiIndex.from_arrays([stratum, df[psu].to_numpy()])
            unit_codes, unique = pd.factorize(pairs)
            if (unit_codes < 0).any():
                row = int(np.flatnonzero(unit_codes < 0)[0]) + 1
                raise DesignError(f"psu column {psu!r}: row {row} is empty")
            unit = np.asarray(unit_codes, dtype=np.intp)
            unit_stratum = np.asarray(unique.get_level_values(0), dtype=np.intp)
            units = np.bincount(unit_stratum, minlength=h_count).astype(float)
        keep = np.ones(h_count)
        if fpc is not None:
            keep = Design._keep(df, fpc, stratum, units, labels)
        return Plan(stratum, unit, unit_stratum, units, keep, tuple(labels), lonely)

    @staticmethod
    def _keep(
        df: pd.DataFrame, fpc: str, stratum: Ints, units: Floats, labels: list[str]
    ) -> Floats:
        values = pd.to_numeric(df[fpc], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(values).all() or (values <= 0).any():
            row = int(np.flatnonzero(~np.isfinite(values) | (values <= 0))[0]) + 1
            raise DesignError(f"fpc column {fpc!r}: row {row} is not a positive number")
        low = np.full(len(units), np.inf)
        high = np.full(len(units), -np.inf)
        np.minimum.at(low, stratum, values)
        np.maximum.at(high, stratum, values)
        varying = np.flatnonzero(low != high)
        if len(varying):
            raise DesignError(
                f"fpc column {fpc!r} varies within stratum {labels[varying[0]]}; "
                "it must hold one population size (or fraction) per stratum"
            )
        if (low <= 1).all():
            return np.asarray(1.0 - low, dtype=float)
        too_small = np.flatnonzero(low < units)
        if len(too_small):
            h = too_small[0]
            raise DesignError(
                f"fpc column {fpc!r}: stratum {labels[h]} has population size {low[h]:g} "
                f"but {units[h]:g} sampled units"
            )
        return np.asarray(1.0 - units / low, dtype=float)

    @property
    def df_design(self) -> int:
        """Degrees of freedom of the design: number of PSUs minus number of strata."""
        return self.plan.df

    def numeric(self, variable: str) -> Floats:
        """A column as floats (NaN where missing or not a number)."""
        if variable not in self.df.columns:
            raise DesignError(f"the variable {variable!r} is not in the data")
        return pd.to_numeric(self.df[variable], errors="coerce").to_numpy(dtype=float)

    def _domains(self, by: str) -> tuple[Ints, list[Hashable]]:
        if by not in self.df.columns:
            raise DesignError(f"the domain variable {by!r} is not in the data")
        return codes(self.df[by])

    def _kish(self, mask: NDArray[np.bool_]) -> tuple[int, float, float]:
        w = self.weights[mask]
        n = len(w)
        if n == 0:
            return 0, 0.0, math.nan
        n_eff = float(w.sum() ** 2 / (w * w).sum())
        return n, n_eff, n / n_eff

    def _ratio(self, y: Floats, mask: NDArray[np.bool_]) -> tuple[float, float]:
        """The weighted mean of ``y`` over ``mask`` and its linearised standard error."""
        w = np.where(mask, self.weights, 0.0)
        total_w = w.sum()
        if total_w <= 0:
            return math.nan, math.nan
        yy = np.where(mask, y, 0.0)
        mean = float((w * yy).sum() / total_w)
        scores = (w * (yy - mean) / total_w)[:, None]
        return mean, float(math.sqrt(self.plan.var(scores)[0]))

    def _collect(self, by: str | None, mask: NDArray[np.bool_], one: _One) -> Estimate | Domains:
        """``one`` over ``mask``, or over each domain of ``by`` within it."""
        if by is None:
            return one(mask)
        domain, cats = self._domains(by)
        return Domains((cat, one(mask & (domain == i))) for i, cat in enumerate(cats))

    def _mean_in(self, y: Floats, mask: NDArray[np.bool_]) -> Estimate:
        value, se = self._ratio(y, mask)
        n, n_eff, deff = self._kish(mask)
        low, high = t_interval(value, se, self.level, self.plan.df)
        return Estimate(value, se, low, high, self.plan.df, n, n_eff, deff, self.level)

    def _total_in(self, y: Floats, mask: NDArray[np.bool_]) -> Estimate:
        n, n_eff, deff = self._kish(mask)
        if n == 0:
            nan = math.nan
            return Estimate(nan, nan, nan, nan, self.plan.df, 0, 0.0, deff, self.level)
        scores = np.where(mask, self.weights * y, 0.0)
        value = float(scores.sum())
        se = float(math.sqrt(self.plan.var(scores[:, None])[0]))
        low, high = t_interval(value, se, self.level, self.plan.df)
        return Estimate(value, se, low, high, self.plan.df, n, n_eff, deff, self.level)

    @overload
    def mean(self, variable: str, by: None = None) -> Estimate: ...
    @overload
    def mean(self, variable: str, by: str) -> Domains: ...
    def mean(self, variable: str, by: str | None = None) -> Estimate | Domains:
        """The weighted mean Σwy/Σw of a numeric variable (per domain with ``by``)."""
        y = self.numeric(variable)
        return self._collect(by, ~np.isnan(y), lambda m: self._mean_in(y, m))

    @overload
    def total(self, variable: str, by: None = None) -> Estimate: ...
    @overload
    def total(self, variable: str, by: str) -> Domains: ...
    def total(self, variable: str, by: str | None = None) -> Estimate | Domains:
        """The estimated population total Σwy (per domain with ``by``)."""
        y = self.numeric(variable)
        return self._collect(by, ~np.isnan(y), lambda m: self._total_in(y, m))

    @overload
    def proportion(
        self, variable: str, value: Hashable, ci: CiMethod = "logit", by: None = None
    ) -> Estimate: ...
    @overload
    def proportion(
        self, variable: str, value: Hashable, ci: CiMethod = "logit", *, by: str
    ) -> Domains: ...
    def proportion(
        self, variable: str, value: Hashable, ci: CiMethod = "logit", by: str | None = None
    ) -> Estimate | Domains:
        """The share of answered rows where ``variable == value``, with a ``logit`` (R's
        svyciprop default), ``wilson`` (on the design effective n) or ``beta``
        (Korn–Graubard) interval."""
        if variable not in self.df.columns:
            raise DesignError(f"the variable {variable!r} is not in the data")
        column = self.df[variable]
        answered = column.notna().to_numpy()
        y: Floats = np.asarray((column == value).fillna(False), dtype=float)

        def one(mask: NDArray[np.bool_]) -> Estimate:
            p, se = self._ratio(y, mask)
            n, n_eff, deff = self._kish(mask)
            low, high = proportion_interval(p, se, self.level, self.plan.df, n, n_eff, ci)
            return Estimate(p, se, low, high, self.plan.df, n, n_eff, deff, self.level)

        return self._collect(by, answered, one)

    def crosstab(self, row: str, col: str, percent: Percent = "column") -> CrossTab:
        """Weighted cross-tab of two categorical variables: percentages with logit CIs and the
        Rao–Scott second-order F test (R ``svychisq`` default)."""
        for variable in (row, col):
            if variable not in self.df.columns:
                raise DesignError(f"the variable {variable!r} is not in the data")
        return crosstab(
            self.plan, self.weights, self.df[row], self.df[col], percent=percent, level=self.level
        )
