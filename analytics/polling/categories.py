"""Categorical columns as integer codes, in a stable order, and sums per code."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd

from analytics.polling.variance import Floats, Ints


def codes(values: pd.Series) -> tuple[Ints, list[Hashable]]:
    """Integer codes (−1 for missing) and the categories: the declared order of a categorical
    column (so empty categories stay), else the sorted distinct values."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.cat
        return np.asarray(cat.codes, dtype=np.intp), list(cat.categories)
    found, uniques = pd.factorize(values, sort=True)
    return np.asarray(found, dtype=np.intp), list(uniques)


def sums(index: Ints, values: Floats | None = None, size: int = 0) -> Floats:
    """Per-category sums of ``values`` (counts without values) over ``size`` categories."""
    return np.asarray(np.bincount(index, values, minlength=size), dtype=float)


def compact(found: Ints, size: int) -> tuple[Ints, Ints]:
    """Codes (all >= 0) renumbered over the categories that occur, and those categories."""
    used = np.flatnonzero(np.bincount(found, minlength=size))
    renumber = np.zeros(size, dtype=np.intp)
    renumber[used] = np.arange(len(used))
    return renumber[found], used
