"""DIP speed: ``fit`` on 2,000 items and ``suggest`` on 1,000 (goals 5 s and 0,2 s) with each
combiner (the hand-built product, then the learned default), and a
50,000-item DIP file: check, import, suggest, and one page of the review queue.

The items are real: the shipped corpus (1,396 items) resampled with replacement to the sizes
needed, seeded; in the 50,000-item file each title gets a serial number so titles stay unique.
Fit and suggest figures are the median of three runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from analytics.dip.corpus import load_corpus
from analytics.dip.io import canonical, read_table
from analytics.dip.model import COMBINERS, DipClassifier
from analytics.dip.store import import_items, queue
from analytics.dip.versions import suggest_pending
from workflows.db import Database
from workflows.fmt import format_number

LARGE = 50_000


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
    for combiner in reversed(COMBINERS):  # the product first, the default (learned) last
        model = _fit_and_suggest(combiner, train, new)
    _large_file(corpus, model)


def _fit_and_suggest(combiner: str, train: pd.DataFrame, new: pd.DataFrame) -> DipClassifier:
    """Print the median fit and suggest times with this combiner; return the fitted model."""
    fit = _median_seconds(lambda: DipClassifier(combiner=combiner).fit(train))
    model = DipClassifier(combiner=combiner).fit(train)
    model.suggest(new.iloc[:10])
    suggest = _median_seconds(lambda: model.suggest(new))
    print(f"dip fit, 2.000 items, {combiner}:     {format_number(fit, 2)} s (goal < 5 s)")
    print(f"dip suggest, 1.000 items, {combiner}: {format_number(suggest, 3)} s (goal < 0,2 s)")
    return model


def _large_file(corpus: pd.DataFrame, model: DipClassifier) -> None:
    rows = corpus.sample(n=LARGE, replace=True, random_state=3).reset_index(drop=True)
    table = pd.DataFrame(
        {
            "No": range(1, LARGE + 1),
            "Judul": [f"{t} ({n})" for n, t in enumerate(rows["text"], start=1)],
            "Ringkasan Isi Informasi": rows["ringkasan"],
            "Jangka Waktu Penyimpanan": rows["retensi"],
        }
    )
    data = table.to_csv(index=False, sep=";").encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "dip.duckdb")
        started = time.perf_counter()
        frame = canonical(read_table(data, "besar.csv"), "besar.csv")
        checked = time.perf_counter()
        import_items(db, frame, agency="Instansi Uji", user="bench", source="besar.csv")
        imported = time.perf_counter()
        suggest_pending(db, model, 1)
        suggested = time.perf_counter()
        page = queue(db, limit=50, agency="Instansi Uji")
        shown = time.perf_counter()
        db.close()
    figures = (
        f"read and check {format_number(checked - started, 2)} s",
        f"import {format_number(imported - checked, 2)} s",
        f"suggest {format_number(suggested - imported, 2)} s",
        f"queue page of {len(page)} {format_number(1000 * (shown - suggested), 0)} ms",
    )
    print(f"dip file of {format_number(LARGE)} items: {', '.join(figures)}")


if __name__ == "__main__":
    main()
