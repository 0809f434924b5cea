"""Taylor-linearised variance for stratified one-stage (cluster) designs, as R ``survey`` does.

A statistic's linearised scores ``z_i`` are summed per sampling unit (the PSU, or the row when
there are no PSUs). Its variance is
``v = Σ_h (1 − f_h) · n_h/(n_h − 1) · Σ_j (z_hj − z̄_h)(z_hj − z̄_h)ᵀ``.
Everything here works on per-stratum moments of the unit totals (count, Σ t, Σ t tᵀ), so callers
can build the moments from aggregated cells instead of one score per row.

Single-PSU ("lonely") strata follow one declared rule: ``"adjust"`` (default) centres the lone
unit on the grand mean of all unit totals, like ``options(survey.lonely.psu = "adjust")`` in R;
``"remove"`` lets such strata contribute nothing; ``"fail"`` refuses the design.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from analytics.polling.errors import DesignError

Lonely = Literal["adjust", "remove", "fail"]
Floats = NDArray[np.float64]
Ints = NDArray[np.intp]


@dataclass(frozen=True)
class Moments:
    """Per-stratum moments of unit totals: ``sum_t`` is (H, k); ``sum_tt`` is (H, k, k), or
    (H, k) when only the variances (the diagonal) are wanted."""

    sum_t: Floats
    sum_tt: Floats

    @property
    def diagonal(self) -> bool:
        """Whether only variances (no covariances) are held."""
        return self.sum_tt.ndim == 2


@dataclass(frozen=True)
class Plan:
    """The sampling structure of a design: the stratum and sampling unit of every row."""

    stratum: Ints
    """Stratum code (0..H-1) of each row."""
    unit: Ints | None
    """PSU code (0..M-1) of each row; ``None`` when every row is its own unit."""
    unit_stratum: Ints
    """Stratum code of each PSU (empty without PSUs)."""
    units: Floats
    """Number of sampled units n_h per stratum."""
    keep: Floats
    """1 − f_h per stratum (1 without a finite population correction)."""
    labels: tuple[str, ...]
    """Stratum labels, for messages."""
    lonely: Lonely

    @property
    def strata(self) -> int:
        """Number of strata H."""
        return len(self.units)

    @property
    def df(self) -> int:
        """Design degrees of freedom: number of units minus number of strata."""
        return int(self.units.sum()) - self.strata

    def unit_strata(self) -> Ints:
        """Stratum code of each sampling unit (PSU or row)."""
        return self.stratum if self.unit is None else self.unit_stratum

    def totals(self, scores: Floats) -> Floats:
        """Row scores (n, k) summed to unit totals (M, k)."""
        if self.unit is None:
            return scores
        out = np.zeros((len(self.unit_stratum), scores.shape[1]))
        np.add.at(out, self.unit, scores)
        return out

    def moments(self, totals: Floats, *, diagonal: bool = False) -> Moments:
        """Per-stratum moments of unit totals (M, k)."""
        strata = self.unit_strata()
        k = totals.shape[1]
        sum_t = np.zeros((self.strata, k))
        np.add.at(sum_t, strata, totals)
        if diagonal:
            sum_tt = np.zeros((self.strata, k))
            np.add.at(sum_tt, strata, totals * totals)
            return Moments(sum_t, sum_tt)
        order = np.argsort(strata, kind="stable")
        bounds = np.searchsorted(strata[order], np.arange(self.strata + 1))
        sum_tt = np.zeros((self.strata, k, k))
        for h in range(self.strata):
            block = totals[order[bounds[h] : bounds[h + 1]]]
            sum_tt[h] = block.T @ block
        return Moments(sum_t, sum_tt)

    def var(self, scores: Floats) -> Floats:
        """Variances (k,) of statistics with row scores (n, k)."""
        return self.combine(self.moments(self.totals(scores), diagonal=True))

    def combine(self, moments: Moments) -> Floats:
        """The variance (diagonal) or covariance matrix from per-stratum moments."""
        sum_t, sum_tt = moments.sum_t, moments.sum_tt

        def outer(a: Floats, b: Floats) -> Floats:
            if moments.diagonal:
                return a * b
            return a[..., :, None] * b[..., None, :]

        n_h = self.units
        shape = (-1,) + (1,) * (sum_tt.ndim - 1)
        lonely = n_h == 1
        if lonely.any() and self.lonely == "fail":
            names = ", ".join(self.labels[h] for h in np.flatnonzero(lonely))
            raise DesignError(
                f"stratum {names} has a single PSU, so its variance cannot be estimated; "
                "choose lonely_psu='adjust' or 'remove', or merge the stratum with another"
            )
        safe = np.where(lonely, 2.0, n_h)
        centred = sum_tt - outer(sum_t, sum_t) / safe.reshape(shape)
        scale = self.keep * safe / (safe - 1.0)
        total = (np.where(lonely, 0.0, scale).reshape(shape) * centred).sum(axis=0)
        if lonely.any() and self.lonely == "adjust":
            grand = sum_t.sum(axis=0) / n_h.sum()
            lone = np.flatnonzero(lonely)
            t = sum_t[lone]
            g = np.broadcast_to(grand, t.shape)
            dev = sum_tt[lone] - outer(t, g) - outer(g, t) + outer(g, g)
            total = total + (self.keep[lone].reshape(shape) * dev).sum(axis=0)
        result: Floats = total
        return result
