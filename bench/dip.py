"""DIP classifier speed: ``fit`` on 2,000 items and ``suggest`` on 1,000 (goals 5 s and 0,2 s).

The items are real: the shipped corpus (1,396 items) resampled with replacement to the sizes
needed, seeded. Each figure is the median of three runs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pandas as pd

from analytics.dip.corpus import load_corpus
from analytics.dip.model import DipClassifier
from workflows.fmt import format_number


def _median_seconds(action: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    """Print the fit and suggest times."""
    corpus = load_corpus()
    train = corpus.sample(n=2000, replace=True, random_state=1).reset_index(drop=True)
    new: pd.DataFrame = corpus.sample(n=1000, replace=True, random_state=2).loc[
        :, ["text", "agency"]
    ]
    fit = _median_seconds(lambda: DipClassifier().fit(train))
    model = DipClassifier().fit(train)
    model.suggest(new.iloc[:10])
    suggest = _median_seconds(lambda: model.suggest(new))
    print(f"dip fit, 2.000 items:      {format_number(fit, 2)} s (goal < 5 s)")
    print(f"dip suggest, 1.000 items:  {format_number(suggest, 3)} s (goal < 0,2 s)")


if __name__ == "__main__":
    main()
