"""Benchmark: raking 1,000,000 respondents and a weighted 20 × 20 cross-tab with Rao–Scott.

Raking: sex (2) × age (5) × region (10) to a max relative margin error of 1e-6, Lentera's
``rake`` (on the table of cells) against weightipy's RIM raking (respondent level) on the same
data in the same run; both results are checked against the targets. Cross-tab: a stratified
design with weights, column percentages with CIs and the Rao–Scott F. Each figure is the median
of three runs. Run with ``make bench``.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
import weightipy as wp

from analytics.polling import Design, rake
from analytics.polling.explore import explore
from analytics.polling.rake import Targets

T = TypeVar("T")
ROWS = 1_000_000
TOL = 1e-6
REPEATS = 3
SEX = {"L": 0.49, "P": 0.51}
AGE = {"17-24": 0.18, "25-34": 0.22, "35-44": 0.21, "45-54": 0.19, "55+": 0.20}
REGIONS = {f"kec{i:02d}": float(share) for i, share in enumerate(np.linspace(0.06, 0.14, 10))}


def respondents(rng: np.random.Generator) -> pd.DataFrame:
    """An opt-in sample skewed away from the population on every margin, with age depending on
    sex and region on age (so raking needs several sweeps)."""
    sex = rng.choice(2, ROWS, p=[0.62, 0.38])
    age_p = np.array([[0.40, 0.30, 0.15, 0.10, 0.05], [0.20, 0.25, 0.25, 0.15, 0.15]])
    age = (rng.random(ROWS)[:, None] > np.cumsum(age_p[sex], axis=1)).sum(axis=1)
    region = np.minimum(9, rng.integers(0, 8, ROWS) + age // 2)
    return pd.DataFrame(
        {
            "sex": _categorical(sex, list(SEX)),
            "age": _categorical(np.minimum(age, 4), list(AGE)),
            "region": _categorical(region, list(REGIONS)),
        }
    )


def _categorical(found: np.ndarray, labels: list[str]) -> pd.Categorical:
    return pd.Categorical(np.asarray(labels, dtype=object)[found], categories=labels)


def margin_error(df: pd.DataFrame, weights: np.ndarray, targets: Targets) -> float:
    """Largest relative gap between weighted shares and target shares."""
    total = weights.sum()
    worst = 0.0
    for name, margin in targets.items():
        shares = pd.Series(weights).groupby(df[name].to_numpy()).sum() / total
        for category, target in margin.items():
            worst = max(worst, abs(shares[category] - target) / target)
    return worst


def timed(run: Callable[[], T]) -> tuple[float, T]:
    """Median seconds of ``REPEATS`` runs and the last result."""
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def main() -> None:
    rng = np.random.default_rng(2026)
    total = sum(REGIONS.values())
    targets: Targets = {
        "sex": SEX,
        "age": AGE,
        "region": {name: share / total for name, share in REGIONS.items()},
    }
    df = respondents(rng)

    ours_time, ours = timed(lambda: rake(df, targets, tol=TOL))
    ours_weights = ours.weights.to_numpy()

    def peer(convcrit: float) -> Callable[[], pd.Series]:
        scheme = wp.scheme_from_dict(
            {name: {k: 100 * v for k, v in margin.items()} for name, margin in targets.items()},
            rim_params={"convcrit": convcrit, "max_iterations": 1000},
        )

        def run() -> pd.Series:
            with contextlib.redirect_stdout(io.StringIO()):
                weights: pd.Series = wp.weight(df, scheme)
            return weights

        return run

    peers = {crit: timed(peer(crit)) for crit in (0.01, 1e-9)}

    rows = 1_000_000
    design_df = pd.DataFrame(
        {
            "q1": pd.Categorical(rng.integers(0, 20, rows)),
            "q2": pd.Categorical(rng.integers(0, 20, rows)),
            "w": rng.uniform(0.3, 3.0, rows),
            "stratum": pd.Categorical(rng.integers(0, 10, rows)),
        }
    )
    tab_time, tab = timed(
        lambda: Design(design_df, weights="w", strata="stratum").crosstab("q1", "q2")
    )

    kept = list(range(0, 10, 2))
    explore_time, explored = timed(
        lambda: explore(
            Design(design_df, weights="w", strata="stratum"),
            "q1",
            "q2",
            filters={"stratum": kept},
        )
    )

    print(f"rake {ROWS:,} respondents, sex(2) x age(5) x region(10), tol {TOL:g}:")
    print(
        f"  lentera rake (cell table): {ours_time:.3f} s, {ours.iterations} iterations, "
        f"max margin error {margin_error(df, ours_weights, targets):.1e}  (target <= 0.5 s)"
    )
    for crit, (peer_time, peer_weights) in peers.items():
        peer_array = np.asarray(peer_weights, dtype=float)
        gap = np.max(np.abs(ours_weights / ours_weights.mean() - peer_array / peer_array.mean()))
        print(
            f"  weightipy 0.4 RIM, convcrit {crit:g}: {peer_time:.3f} s "
            f"({peer_time / ours_time:.1f}x lentera), "
            f"max margin error {margin_error(df, peer_array, targets):.1e}, "
            f"largest weight difference to lentera {gap:.1e}"
        )
    print(f"weighted 20 x 20 cross-tab with Rao-Scott, {rows:,} rows, 10 strata:")
    print(
        f"  lentera crosstab: {tab_time:.3f} s (design + table + test; target <= 1 s), "
        f"F = {tab.f:.3f}, ndf = {tab.ndf:.2f}, ddf = {tab.ddf:.0f}"
    )
    print(
        f"  lentera explorer, filter keeping 5 of 10 strata as a domain: {explore_time:.3f} s "
        f"(target <= 1 s), n = {explored.n:,}, F = {explored.f:.3f}"
    )
    print("(2 shared cores, other engineers' jobs running: figures are under contention)")


if __name__ == "__main__":
    main()
