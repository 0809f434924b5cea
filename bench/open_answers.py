"""Benchmark: themes (TF-IDF + NMF) and code suggestions (nearest neighbours) on open answers.

The answers are the 1,396 real DIP titles of ``data/dip/dip_items.csv`` (the size of a large
poll's open question), and the same titles repeated 10 times with the agency name appended
(13,960 answers, a very large one). Suggestions learn from a random 30% coded by topic. Each
figure is the median of three runs; the machine may be shared, so read them as indicative.
Run with ``make bench``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.polling.open_answers import suggest, themes

DIP = Path(__file__).resolve().parent.parent / "data" / "dip" / "dip_items.csv"
REPEATS = 3


def median_seconds(run: Callable[[], object]) -> float:
    """The median wall time of ``REPEATS`` runs."""
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the timings for the two corpus sizes."""
    items = pd.read_csv(DIP)
    large = pd.concat([items] * 10, ignore_index=True)
    corpora = {
        "1,396 titles": (items["text"].tolist(), items["topic"].tolist()),
        "13,960 answers": (
            (large["text"] + " " + large["agency"]).tolist(),
            large["topic"].tolist(),
        ),
    }
    rng = np.random.default_rng(0)
    for name, (texts, topics) in corpora.items():
        coded = rng.random(len(texts)) < 0.3
        codes = [[t] if known else [] for t, known in zip(topics, coded, strict=True)]
        theme_s = median_seconds(partial(themes, texts, 8))
        suggest_s = median_seconds(partial(suggest, texts, codes))
        print(f"{name}: themes (8, NMF) {theme_s:.2f} s; suggestions {suggest_s:.2f} s")


if __name__ == "__main__":
    main()
