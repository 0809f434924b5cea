"""Raking (iterative proportional fitting) of weights to population margins.

The iterations run on the table of cells (one row per combination of the margin variables present
in the data, with the sum of base weights): every respondent of a cell gets the same adjustment,
so this gives the weights raking each respondent would, at the cost of the number of cells.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analytics.polling.categories import codes, sums
from analytics.polling.errors import RakeError, shown
from analytics.polling.variance import Floats, Ints

Targets = Mapping[str, Mapping[Any, float]]
"""{variable: {category: population count or share}}."""


@dataclass(frozen=True)
class Trim:
    """Cap weights at ``cap`` times the mean weight, or at the ``percentile`` (0-100) of the raked
    weights; the capped weights are raked again, alternating until the cap holds (to the raking
    tolerance) or ``rounds`` is reached. A cap the margins cannot meet is reported, not hidden."""

    cap: float | None = None
    percentile: float | None = None
    rounds: int = 500

    def limit(self, weights: Floats) -> float:
        """The largest weight allowed, from the first raked weights."""
        if (self.cap is None) == (self.percentile is None):
            raise RakeError("trimming needs exactly one of cap= or percentile=")
        if self.cap is not None:
            if self.cap <= 1:
                raise RakeError("the trimming cap is a multiple of the mean weight: it must be > 1")
            return float(self.cap * weights.mean())
        assert self.percentile is not None
        if not 0 < self.percentile < 100:
            raise RakeError("the trimming percentile must be between 0 and 100")
        return float(np.percentile(weights, self.percentile))


@dataclass(frozen=True)
class RakeResult:
    """Raked weights aligned with the rows of the input, and the diagnostics."""

    weights: pd.Series
    iterations: int
    converged: bool
    max_margin_error: float
    """Largest |achieved − target| / target over all margin categories."""
    n_eff: float
    deff: float
    min_weight: float
    max_weight: float
    min_adjustment: float
    max_adjustment: float
    """Raked weight / base weight, smallest and largest."""
    trim_limit: float | None
    trim_rounds: int
    trim_met: bool
    """No weight exceeds the trimming limit (True without trimming)."""
    margins: pd.DataFrame
    """variable, category, target, before (base weights), after (raked weights)."""


@dataclass(frozen=True)
class _Table:
    cell_of_row: Ints
    cell_codes: list[Ints]
    targets: list[Floats]


def rake(
    df: pd.DataFrame,
    targets: Targets,
    weights: str | None = None,
    *,
    tol: float = 1e-6,
    max_iter: int = 100,
    trim: Trim | float | None = None,
) -> RakeResult:
    """Rake ``df`` to ``targets`` ({variable: {category: population count or share}}).

    Margins given as shares (each summing to 1) are scaled to the total base weight. Refuses a
    target category without respondents, respondents in a category without a target, missing
    values, and margins whose totals disagree.
    """
    if not targets:
        raise RakeError("give at least one margin to rake to")
    base = _base(df, weights)
    table = _table(df, targets, base.sum())
    cell_base = sums(table.cell_of_row, base)
    factor, iterations, error = _ipf(cell_base, table, tol, max_iter)
    raked = base * factor[table.cell_of_row]
    spec = Trim(cap=trim) if isinstance(trim, float | int) else trim
    limit: float | None = None
    rounds = 0
    if spec is not None:
        limit = spec.limit(raked)
        while rounds < spec.rounds and raked.max() > limit * (1 + tol):
            rounds += 1
            capped = np.minimum(raked, limit)
            cell_factor, more, error = _ipf(sums(table.cell_of_row, capped), table, tol, max_iter)
            iterations += more
            raked = capped * cell_factor[table.cell_of_row]
    adjustment = raked / base
    n_eff = float(raked.sum() ** 2 / (raked * raked).sum())
    return RakeResult(
        weights=pd.Series(raked, index=df.index, name="weight"),
        iterations=iterations,
        converged=error < tol,
        max_margin_error=error,
        n_eff=n_eff,
        deff=len(raked) / n_eff,
        min_weight=float(raked.min()),
        max_weight=float(raked.max()),
        min_adjustment=float(adjustment.min()),
        max_adjustment=float(adjustment.max()),
        trim_limit=limit,
        trim_rounds=rounds,
        trim_met=limit is None or bool(raked.max() <= limit * (1 + tol)),
        margins=_margins(df, targets, table, base, raked),
    )


def _base(df: pd.DataFrame, column: str | None) -> Floats:
    if len(df) == 0:
        raise RakeError("there are no respondents to rake")
    if column is None:
        return np.ones(len(df))
    if column not in df.columns:
        raise RakeError(f"the weight column {column!r} is not in the data")
    values = pd.to_numeric(df[column], errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(values) | (values <= 0))
    if len(bad):
        raise RakeError(
            f"weight column {column!r}: row {bad[0] + 1} has {shown(df[column].iloc[bad[0]])}; "
            "base weights must be positive numbers"
        )
    return values


def _table(df: pd.DataFrame, targets: Targets, base_total: float) -> _Table:
    """Validate the margins and build the cell table (one GROUP BY over the margin variables)."""
    totals = {name: float(sum(margin.values())) for name, margin in targets.items()}
    as_shares = all(math.isclose(total, 1.0, rel_tol=1e-9) for total in totals.values())
    first = next(iter(totals.values()))
    if not all(math.isclose(total, first, rel_tol=1e-6) for total in totals.values()):
        listed = ", ".join(f"{name} = {total:g}" for name, total in totals.items())
        raise RakeError(f"the margins must have the same total, but: {listed}")
    scale = base_total if as_shares else 1.0
    key = np.zeros(len(df), dtype=np.int64)
    row_codes: list[Ints] = []
    wanted: list[Floats] = []
    for name, margin in targets.items():
        row_code, target = _margin_codes(df, name, margin)
        key = key * len(target) + row_code
        row_codes.append(row_code)
        wanted.append(target * scale)
    unique, cell_of_row = np.unique(key, return_inverse=True)
    first_rows = np.zeros(len(unique), dtype=np.intp)
    first_rows[cell_of_row[::-1]] = np.arange(len(df))[::-1]
    cell_codes = [code[first_rows] for code in row_codes]
    return _Table(np.asarray(cell_of_row, dtype=np.intp), cell_codes, wanted)


def _margin_codes(
    df: pd.DataFrame, name: str, margin: Mapping[Hashable, float]
) -> tuple[Ints, Floats]:
    if name not in df.columns:
        raise RakeError(f"the margin variable {name!r} is not in the data")
    categories = list(margin)
    target = np.array([float(margin[c]) for c in categories])
    if (~np.isfinite(target) | (target <= 0)).any():
        bad = categories[int(np.flatnonzero(~np.isfinite(target) | (target <= 0))[0])]
        raise RakeError(f"{name} = {bad!r}: targets must be positive numbers")
    row_code, found = codes(df[name])
    if (row_code < 0).any():
        raise RakeError(f"{name}: row {int(np.flatnonzero(row_code < 0)[0]) + 1} has no value")
    position = {category: i for i, category in enumerate(categories)}
    lookup = np.array([position.get(value, -1) for value in found], dtype=np.intp)
    missing = np.flatnonzero(lookup < 0)
    if len(missing):
        value = found[missing[0]]
        row = int(np.flatnonzero(row_code == missing[0])[0]) + 1
        raise RakeError(f"{name}: row {row} has {shown(value)}, a category without a target")
    mapped = lookup[row_code]
    present = sums(mapped, None, len(categories))
    if (present == 0).any():
        empty = [repr(categories[i]) for i in np.flatnonzero(present == 0)]
        raise RakeError(
            f"{name}: no respondent in {', '.join(empty)}; merge it with a neighbouring category "
            "or drop its target"
        )
    return mapped, target


def _ipf(cell_base: Floats, table: _Table, tol: float, max_iter: int) -> tuple[Floats, int, float]:
    """Per-cell adjustment factors, iterations used and the final max relative margin error."""
    factor = np.ones(len(cell_base))
    error = math.inf
    for iteration in range(1, max_iter + 1):
        for code, target in zip(table.cell_codes, table.targets, strict=True):
            achieved = sums(code, cell_base * factor, len(target))
            factor *= (target / achieved)[code]
        error = max(
            float(np.max(np.abs(sums(code, cell_base * factor, len(target)) - target) / target))
            for code, target in zip(table.cell_codes, table.targets, strict=True)
        )
        if error < tol:
            return factor, iteration, error
    return factor, max_iter, error


def _margins(
    df: pd.DataFrame, targets: Targets, table: _Table, base: Floats, raked: Floats
) -> pd.DataFrame:
    frames = []
    for (name, margin), code, target in zip(
        targets.items(), table.cell_codes, table.targets, strict=True
    ):
        row_code = code[table.cell_of_row]
        frames.append(
            pd.DataFrame(
                {
                    "variable": name,
                    "category": list(margin),
                    "target": target,
                    "before": sums(row_code, base, len(target)),
                    "after": sums(row_code, raked, len(target)),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
