"""Agency-held-out evaluation: cold-start F1 and a simulated review session against a baseline.

Whole agencies are held out (``GroupKFold`` on ``agency``), because the category follows each
agency's habits: a model that has seen other items of the same agency would look better than it
is on a new agency's DIP.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from analytics.dip.model import DipClassifier

BATCH = 10
ORDERS = ("least", "most", "cold-most")


def queue_order(suggestion: pd.DataFrame, order: str, *, first: bool) -> pd.Index:
    """The review order of waiting items: ``least`` confident first (the queue's default),
    ``most`` confident first, or ``cold-most``: most confident first while the agency has no
    reviewed item (its first batch), least confident first afterwards."""
    if order not in ORDERS:
        raise ValueError(f"unknown queue order '{order}'; use one of {', '.join(ORDERS)}")
    ascending = order == "least" or (order == "cold-most" and not first)
    return suggestion.sort_values("category_confidence", ascending=ascending, kind="stable").index


@dataclass(frozen=True)
class ColdStart:
    """Macro-F1 and accuracy on agencies the model never saw."""

    category_macro_f1: float
    category_accuracy: float
    topic_macro_f1: float
    topic_accuracy: float
    calibration_error: float
    items: int


@dataclass(frozen=True)
class ReviewSession:
    """Share of items whose suggested category the reviewer had to correct."""

    model_correction_rate: float
    baseline_correction_rate: float
    items: int
    agencies: int
    per_agency: pd.DataFrame
    curve: pd.DataFrame
    """Learning curve: correction rate of model and baseline by how many of the agency's items
    were reviewed before the batch (index ``reviewed_before``; ``items`` in those batches)."""


def half(agency: str) -> str:
    """``tuning`` or ``check``: a fixed split of the agencies by a hash of the name (SHA-256,
    even or odd), so parameters chosen on one half can be checked on the other."""
    return ("tuning", "check")[int(hashlib.sha256(agency.encode()).hexdigest(), 16) % 2]


def by_half(per_agency: pd.DataFrame) -> pd.DataFrame:
    """Correction rates of model and baseline per half (index ``tuning``, ``check``)."""
    sums = per_agency.groupby(per_agency["agency"].map(half))[
        ["items", "model_wrong", "baseline_wrong"]
    ].sum()
    return pd.DataFrame(
        {
            "items": sums["items"],
            "model": sums["model_wrong"] / sums["items"],
            "baseline": sums["baseline_wrong"] / sums["items"],
        }
    ).reindex(["tuning", "check"])


def calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: the mean |accuracy - confidence| over equal-width bins,
    weighted by the share of items in each bin (0 is perfectly calibrated)."""
    edges = np.minimum((confidence * bins).astype(int), bins - 1)
    conf = np.bincount(edges, weights=confidence, minlength=bins)
    hits = np.bincount(edges, weights=correct.astype(float), minlength=bins)
    return float(np.abs(hits - conf).sum() / len(confidence))


def _folds(corpus: pd.DataFrame, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = GroupKFold(n_splits=folds)
    return list(splitter.split(corpus, groups=corpus["agency"]))


def cold_start(
    corpus: pd.DataFrame, folds: int = 5, make: Callable[[], DipClassifier] = DipClassifier
) -> tuple[ColdStart, pd.DataFrame]:
    """Fit on the other agencies, suggest for the held-out ones; also return every prediction."""
    predictions = []
    for train, test in _folds(corpus, folds):
        model = make().fit(corpus.iloc[train])
        predictions.append(model.suggest(corpus.iloc[test]))
    predicted = pd.concat(predictions).loc[corpus.index]
    result = ColdStart(
        category_macro_f1=float(
            f1_score(corpus["category"], predicted["category"], average="macro")
        ),
        category_accuracy=float((corpus["category"] == predicted["category"]).mean()),
        topic_macro_f1=float(f1_score(corpus["topic"], predicted["topic"], average="macro")),
        topic_accuracy=float((corpus["topic"] == predicted["topic"]).mean()),
        calibration_error=calibration_error(
            predicted["category_confidence"].to_numpy(),
            (predicted["category"] == corpus["category"]).to_numpy(),
        ),
        items=len(corpus),
    )
    return result, predicted


def review_session(
    corpus: pd.DataFrame,
    folds: int = 5,
    batch: int = BATCH,
    make: Callable[[], DipClassifier] = DipClassifier,
    limit: int | None = None,
    full_refit: bool = False,
    order: str = "least",
) -> ReviewSession:
    """Simulate a PPID reviewing each held-out agency in the queue's order, in batches.

    The queue shows the least confident category suggestions first; after each batch the
    reviewed items (with their true labels) join the training data and the model refits. The
    baseline suggests, for every item of a batch, the most common category among the agency's
    items reviewed so far (before the first batch: the most common category of the training
    data). ``limit`` caps the items reviewed per agency (for quick runs). The refit after a batch
    is :meth:`DipClassifier.remember` (agency habits, neighbours and topic prior) unless
    ``full_refit``, which refits the text models too (slower, as the app's retraining does).
    """
    rows = []
    batches: list[tuple[int, int, int, int]] = []
    for train, test in _folds(corpus, folds):
        others = corpus.iloc[train]
        fallback = str(others["category"].mode().iloc[0])
        base = make().fit(others)
        for agency, items in corpus.iloc[test].groupby("agency", sort=True):
            pending = items if limit is None else items.iloc[:limit]
            reviewed = pending.iloc[:0]
            model = base
            model_wrong = baseline_wrong = 0
            while len(pending):
                suggestion = model.suggest(pending)
                queue = queue_order(suggestion, order, first=reviewed.empty)
                now = pending.loc[queue[:batch]]
                habit = reviewed["category"].mode()
                baseline = str(habit.iloc[0]) if len(habit) else fallback
                wrong = int((suggestion.loc[now.index, "category"] != now["category"]).sum())
                wrong_baseline = int((now["category"] != baseline).sum())
                batches.append((len(reviewed), len(now), wrong, wrong_baseline))
                model_wrong += wrong
                baseline_wrong += wrong_baseline
                reviewed = pd.concat([reviewed, now])
                pending = pending.drop(now.index)
                if len(pending) and full_refit:
                    model = make().fit(pd.concat([others, reviewed]))
                elif len(pending):
                    model = base.remember(reviewed)
            rows.append((agency, len(reviewed), model_wrong, baseline_wrong))
    per_agency = pd.DataFrame(rows, columns=["agency", "items", "model_wrong", "baseline_wrong"])
    total = int(per_agency["items"].sum())
    steps = pd.DataFrame(batches, columns=["reviewed_before", "items", "model", "baseline"])
    curve = steps.groupby("reviewed_before").sum()
    curve[["model", "baseline"]] = curve[["model", "baseline"]].div(curve["items"], axis=0)
    return ReviewSession(
        model_correction_rate=float(per_agency["model_wrong"].sum() / total),
        baseline_correction_rate=float(per_agency["baseline_wrong"].sum() / total),
        items=total,
        agencies=len(per_agency),
        per_agency=per_agency,
        curve=curve,
    )
