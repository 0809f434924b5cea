"""A question across the waves of a poll, with a design-based test of each change since the
previous wave.

Waves are independent samples, so they are the strata of one design: the share of an option in
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
    for column in ("wave", question):
        if column not in df.columns:
            raise DesignError(f"the variable {column!r} is not in the data")
    waves = sorted(int(w) for w in df["wave"].unique())
    if not waves:
        raise DesignError("the poll has no answers yet")
    frame = df.assign(wave=pd.Categorical(df["wave"].astype(int), categories=waves))
    design = Design(frame, weights=weights, strata="wave", level=level)
    table = crosstab(design.plan, design.weights, frame[question], frame["wave"], level=level).table
    table = table.drop(columns="n").rename(columns={"row": "option", "col": "wave", "n_base": "n"})
    # The table runs option by option, waves ascending within each: shift(1) is the last wave.
    previous = table.groupby("option", sort=False, observed=True)
    before = previous["pct"].shift(1)
    before_se = previous["se"].shift(1)
    change = table["pct"] - before
    spread = table["se"].to_numpy(dtype=float) ** 2 + before_se.to_numpy(dtype=float) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):  # an option no one chose: se 0
        wald: Floats = change.to_numpy(dtype=float) / np.sqrt(spread)
    p = pd.Series(2 * stats.t.sf(np.abs(wald), design.df_design), index=table.index)
    out = table.assign(change=change, p=p, significant=(p < 1 - level).fillna(False))
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
