"""Weighted cross-tabs from per-cell sums of w and w² (per stratum, or per PSU), with logit CIs
and the Rao–Scott second-order F test as computed by R ``svychisq(statistic = "F")``.

Nothing here loops over rows: one ``bincount`` per sum, then small matrices (cells × cells).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats
from threadpoolctl import threadpool_limits

from analytics.polling.categories import codes, sums
from analytics.polling.estimate import proportion_interval
from analytics.polling.variance import Floats, Ints, Moments, Plan

Percent = Literal["column", "row", "cell"]


@dataclass(frozen=True)
class CrossTab:
    """A weighted cross-tab. ``table`` has one row per cell: ``n``, ``weighted`` (Σw), ``pct``
    with ``se``, ``ci_low``, ``ci_high`` (percentage points), Kish ``n_eff`` of the base, and
    ``differs``: the CI excludes the overall share (the row's share of all for column %)."""

    table: pd.DataFrame
    percent: Percent
    chisq: float
    """Pearson X² of the weighted table scaled to n."""
    f: float
    """Rao–Scott second-order F statistic."""
    ndf: float
    ddf: float
    p: float
    n: int
    level: float

    def wide(self, value: str = "pct") -> pd.DataFrame:
        """One column of the table as a rows × columns grid."""
        return self.table.pivot(index="row", columns="col", values=value)


@dataclass(frozen=True)
class _Cells:
    """Per-unit cell sums: ``sw``/``sw2`` are (units, K) where units are strata (no PSU) or
    PSUs; ``n`` and ``w2`` are per cell."""

    sw: Floats
    sw2: Floats | None
    n: Ints
    w2: Floats


def crosstab(
    plan: Plan,
    weights: Floats,
    row: pd.Series,
    col: pd.Series,
    *,
    percent: Percent = "column",
    level: float = 0.95,
) -> CrossTab:
    """The cross-tab of ``row`` by ``col`` under ``plan`` (rows with a missing answer in either
    variable are out of the domain, not out of the design)."""
    rc, row_cats = codes(row)
    cc, col_cats = codes(col)
    shape = (len(row_cats), len(col_cats))
    cells = _sum_cells(plan, weights, rc, cc, shape)
    # Small matrices from here on: BLAS threads only contend on a busy machine (a 361 x 361
    # solve took 0.2-1.5 s with two threads on two shared cores, 0.01 s with one).
    with threadpool_limits(limits=1, user_api="blas"):
        share, se, base = _percentages(plan, cells, shape, percent)
        chisq, f, ndf, ddf, p = _rao_scott(plan, cells, shape)
    n_base = _base_sums(cells.n.astype(float), shape, percent)
    w_base = _base_sums(cells.sw.sum(axis=0), shape, percent)
    w2_base = _base_sums(cells.w2, shape, percent)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = w_base**2 / w2_base
    intervals = [
        proportion_interval(p, s, level, plan.df, int(k), e, "logit")
        for p, s, k, e in zip(share, se, n_base, n_eff, strict=True)
    ]
    low, high = (np.array(side, dtype=float) for side in zip(*intervals, strict=True))
    table = pd.DataFrame(
        {
            "row": np.repeat(np.array(row_cats, dtype=object), shape[1]),
            "col": np.tile(np.array(col_cats, dtype=object), shape[0]),
            "n": cells.n,
            "weighted": cells.sw.sum(axis=0),
            "pct": 100 * share,
            "se": 100 * se,
            "ci_low": 100 * low,
            "ci_high": 100 * high,
            "n_base": n_base.astype(np.int64),
            "n_eff": n_eff,
            "differs": (base < low) | (base > high),
        }
    )
    n = int(cells.n.sum())
    return CrossTab(table, percent, chisq, f, ndf, ddf, p, n, level)


def _sum_cells(plan: Plan, weights: Floats, rc: Ints, cc: Ints, shape: tuple[int, int]) -> _Cells:
    k = shape[0] * shape[1]
    valid = (rc >= 0) & (cc >= 0)
    cell = (rc * shape[1] + cc)[valid]
    w = weights[valid]
    units = plan.stratum if plan.unit is None else plan.unit
    n_units = plan.strata if plan.unit is None else len(plan.unit_stratum)
    key = units[valid] * k + cell
    sw = sums(key, w, n_units * k).reshape(n_units, k)
    sw2 = None
    if plan.unit is None:
        sw2 = sums(key, w * w, n_units * k).reshape(n_units, k)
    counts = np.bincount(cell, minlength=k).astype(np.intp)
    return _Cells(sw, sw2, counts, sums(cell, w * w, k))


def _base_index(shape: tuple[int, int], percent: Percent) -> Ints:
    """For each cell, the index of its percentage base (its column, its row, or the total)."""
    rows, cols = np.indices(shape)
    base = {"column": cols, "row": rows, "cell": np.zeros(shape, dtype=np.intp)}[percent]
    return np.asarray(base.ravel(), dtype=np.intp)


def _base_sums(per_cell: Floats, shape: tuple[int, int], percent: Percent) -> Floats:
    """Each cell's base total of a per-cell quantity."""
    index = _base_index(shape, percent)
    return sums(index, per_cell)[index]


def _percentages(
    plan: Plan, cells: _Cells, shape: tuple[int, int], percent: Percent
) -> tuple[Floats, Floats, Floats]:
    """Shares, their standard errors (domain ratio linearisation) and the overall shares."""
    index = _base_index(shape, percent)
    to_base = np.zeros((len(index), int(index.max()) + 1))
    to_base[np.arange(len(index)), index] = 1.0
    sw_base = cells.sw @ to_base  # per unit: the sum over each cell's base
    total_base = sw_base.sum(axis=0)[index]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = cells.sw.sum(axis=0) / total_base
    p = np.nan_to_num(share)
    sum_t = (cells.sw - p * sw_base[:, index]) / np.where(total_base > 0, total_base, 1.0)
    if cells.sw2 is None:
        moments = plan.moments(sum_t, diagonal=True)
    else:
        sw2_base = cells.sw2 @ to_base
        sum_tt = (cells.sw2 * (1 - 2 * p) + p * p * sw2_base[:, index]) / np.where(
            total_base > 0, total_base, 1.0
        ) ** 2
        moments = Moments(sum_t, sum_tt)
    var = np.where(total_base > 0, plan.combine(moments), np.nan)
    se = np.sqrt(np.maximum(var, 0.0))
    overall = _overall(cells.sw.sum(axis=0), shape, percent)
    return share, se, overall


def _overall(sw: Floats, shape: tuple[int, int], percent: Percent) -> Floats:
    """The share each cell is compared with: its row's share of all (column %), its column's
    share of all (row %); NaN for cell % (nothing to compare)."""
    grid = sw.reshape(shape)
    total = grid.sum()
    if percent == "column":
        return np.repeat(grid.sum(axis=1) / total, shape[1])
    if percent == "row":
        return np.tile(grid.sum(axis=0) / total, shape[0])
    return np.full(grid.size, np.nan)


def _cell_cov(plan: Plan, cells: _Cells, p: Floats, total: float) -> Floats:
    """Covariance of the cell proportions Σw_cell/Σw (all K cells)."""
    if cells.sw2 is None:
        units = (cells.sw - cells.sw.sum(axis=1, keepdims=True) * p) / total
        return plan.combine(plan.moments(units))
    sw, sw2 = cells.sw, cells.sw2
    sum_t = (sw - sw.sum(axis=1, keepdims=True) * p) / total
    outer_p = np.outer(p, p)
    sum_tt = np.stack(
        [np.diag(s2) - np.outer(s2, p) - np.outer(p, s2) + s2.sum() * outer_p for s2 in sw2]
    ) / (total * total)
    return plan.combine(Moments(sum_t, sum_tt))


def _rao_scott(
    plan: Plan, cells: _Cells, shape: tuple[int, int]
) -> tuple[float, float, float, float, float]:
    """Pearson X², Rao–Scott F, ndf, ddf and p over the observed categories."""
    sw = cells.sw.sum(axis=0)
    grid = sw.reshape(shape)
    rows = np.flatnonzero(grid.sum(axis=1) > 0)
    cols = np.flatnonzero(grid.sum(axis=0) > 0)
    n = float(cells.n.sum())
    if len(rows) < 2 or len(cols) < 2:
        return (math.nan,) * 5
    total = float(sw.sum())
    cov = _cell_cov(plan, cells, sw / total, total)
    keep = (rows[:, None] * shape[1] + cols[None, :]).ravel()
    p = sw[keep] / total
    v = cov[np.ix_(keep, keep)]
    nr, nc = len(rows), len(cols)
    r_idx, c_idx = np.divmod(np.arange(nr * nc), nc)
    main = np.column_stack([np.ones(nr * nc), np.eye(nr)[r_idx][:, 1:], np.eye(nc)[c_idx][:, 1:]])
    basis, _, _ = np.linalg.svd(main, full_matrices=True)
    contrast = basis[:, nr + nc - 1 :]
    inv_p = np.where(p > 0, 1.0 / np.where(p > 0, p, 1.0), 0.0)
    denom = contrast.T @ (contrast * (inv_p / n)[:, None])
    scaled = contrast * inv_p[:, None]
    try:
        delta = np.linalg.solve(denom, scaled.T @ v @ scaled)
    except np.linalg.LinAlgError:  # empty interior cells: a generalised inverse over the rest
        delta = np.linalg.pinv(denom) @ (scaled.T @ v @ scaled)
    trace = float(np.trace(delta))
    d0 = trace**2 / float(np.trace(delta @ delta))
    observed = (p * n).reshape(nr, nc)
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    chisq = float(((observed - expected) ** 2 / expected).sum())
    f = chisq / trace
    ddf = d0 * plan.df
    return chisq, f, d0, ddf, float(stats.f.sf(f, d0, ddf))
