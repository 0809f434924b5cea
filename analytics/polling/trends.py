"""A question across the waves of a poll, with a design-based test of each change since the
previous wave: the share of each option of a closed question (:func:`trend`) or the mean of a
numeric one (:func:`mean_trend`).

Waves are independent samples, so they are the strata of one design: the share (or mean) in
wave w is a domain estimate whose linearised scores are zero outside wave w, hence estimates of
two waves have zero covariance. The change d = p_w − p_{w−1} is tested with the Wald statistic
t = d / √(se_w² + se_{w−1}²) on the design's degrees of freedom (respondents − waves), which is
what ``svyby(~q, ~wave, design, svymean)`` followed by ``svycontrast`` gives in R ``survey``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analytics.polling.crosstab import crosstab
from analytics.polling.design import Design
from analytics.polling.errors import DesignError
from analytics.polling.variance import Floats

TEST = "uji Wald beda proporsi antargelombang (SE linearisasi Taylor, gelombang sebagai strata)"
"""How a change is tested, for the page and the report."""


def trend(
    df: pd.DataFrame, question: str, *, weights: str | None = None, level: float = 0.95
) -> pd.DataFrame:
    """One row per wave and option: ``pct``, ``se``, ``ci_low``, ``ci_high`` (percentage
    points), ``n`` (answered in the wave), ``n_eff``; and against the previous wave ``change``
    (points), ``p`` and ``significant`` (p < 1 − level; false in the first wave)."""
    design = _by_wave(df, question, weights, level)
    answers, waves = design.df[question], design.df["wave"]
    table = crosstab(design.plan, design.weights, answers, waves, level=level).table
    table = table.drop(columns="n").rename(columns={"row": "option", "col": "wave", "n_base": "n"})
    # The table runs option by option, waves ascending within each: shift(1) is the last wave.
    out = _changes(table, "pct", design, by="option")
    columns = [
        "wave",
        "option",
        "pct",
        "se",
        "ci_low",
        "ci_high",
        "n",
        "n_eff",
        "change",
        "p",
        "significant",
    ]
    return out[columns].sort_values(["wave"], kind="stable").reset_index(drop=True)


def mean_trend(
    df: pd.DataFrame, question: str, *, weights: str | None = None, level: float = 0.95
) -> pd.DataFrame:
    """One row per wave of a numeric question: ``mean``, ``se``, ``ci_low``, ``ci_high`` (t on
    the design's df), ``n`` (answered in the wave), ``n_eff``; and against the previous wave
    ``change``, ``p`` and ``significant`` (p < 1 − level; false in the first wave). A wave where
    no one answered has a NaN mean and ``n`` 0, and is compared with nothing."""
    design = _by_wave(df, question, weights, level)
    table = design.mean(question, by="wave").frame("wave")
    table = table.rename(columns={"estimate": "mean"}).astype({"wave": "int64"})
    out = _changes(table, "mean", design)
    columns = ["wave", "mean", "se", "ci_low", "ci_high", "n", "n_eff", "change", "p"]
    return out[[*columns, "significant"]].reset_index(drop=True)


def _by_wave(df: pd.DataFrame, question: str, weights: str | None, level: float) -> Design:
    """The design with the waves (in order) as strata."""
    for column in ("wave", question):
        if column not in df.columns:
            raise DesignError(f"the variable {column!r} is not in the data")
    waves = sorted(int(w) for w in df["wave"].unique())
    if not waves:
        raise DesignError("the poll has no answers yet")
    frame = df.assign(wave=pd.Categorical(df["wave"].astype(int), categories=waves))
    return Design(frame, weights=weights, strata="wave", level=level)


def _changes(
    table: pd.DataFrame, value: str, design: Design, by: str | None = None
) -> pd.DataFrame:
    """``table`` (waves ascending, within each ``by`` group) with ``change`` from the previous
    row and its Wald test: ``p`` and ``significant``."""
    rows = table if by is None else table.groupby(by, sort=False, observed=True)
    before = rows[value].shift(1)
    before_se = rows["se"].shift(1)
    change = table[value] - before
    spread = table["se"].to_numpy(dtype=float) ** 2 + before_se.to_numpy(dtype=float) ** 2
    # No variance (an option no one chose, a wave without answers): NaN, not a warning.
    with np.errstate(invalid="ignore", divide="ignore"):
        wald: Floats = change.to_numpy(dtype=float) / np.sqrt(spread)
    p = pd.Series(2 * stats.t.sf(np.abs(wald), design.df_design), index=table.index)
    return table.assign(change=change, p=p, significant=(p < 1 - design.level).fillna(False))
