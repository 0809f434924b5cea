"""The learned combiner of category evidence (stacking).

The hand-built product in ``DipClassifier`` multiplies the evidence with fixed weights. The
combiner learns them instead: a multinomial logistic regression over meta-features of each item
(the log of every piece of evidence per category, the agency's own evidence again per band of
how many of its items are reviewed, the similarity of the nearest reviewed item, the
personal-data rule). It is trained on *simulated review states*: the training agencies are split
into folds; a model fitted on the other folds replays each held-out agency's review in batches
of 10 (least confident first, as the queue shows them, and once more in a random order) and
records the evidence of every batch before it is reviewed, with the true category. So it learns
from agencies it has not seen how far to trust an agency's own history as it grows. Cold states
weigh rare categories up (``BALANCE``) for the cold-start macro-F1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from analytics.dip.taxonomy import CATEGORIES

Matrix = NDArray[np.float64]
BATCH = 10
STEPS = 10
TRUST_BINS = (1, 20, 40)
STRENGTH = 0.01
BALANCE = 0.5
INNER_FOLDS = 3
_FLOOR = 1e-4


@dataclass(frozen=True)
class Evidence:
    """Category evidence per item (rows) and category (columns ``CATEGORIES``)."""

    product: Matrix
    """The hand-built combination of the pieces below (rows sum to 1)."""
    text: Matrix
    """The class-balanced text model."""
    topic: Matrix
    """P(category | topic), averaged over the item's topic distribution."""
    family: Matrix
    """The habits of agencies with similar names."""
    own: Matrix
    """Counts of the agency's own reviewed items per category."""
    habit: Matrix
    """The agency's habit for the item's topic (smoothed towards its family)."""
    neighbour: Matrix
    """Smoothed votes of the agency's most similar reviewed items."""
    similarity: NDArray[np.float64]
    """Squared cosine similarity of the most similar reviewed item (0 when none)."""
    nearest: NDArray[np.int_]
    """Training row of that item (-1 when none)."""
    personal: NDArray[np.bool_]
    """The title names personal data."""


class FoldModel(Protocol):
    """An inner model of a simulated session; ``rows`` index the training items."""

    def evidence(self, rows: NDArray[np.int_]) -> Evidence: ...

    def remember(self, rows: NDArray[np.int_]) -> FoldModel: ...


def meta_features(evidence: Evidence) -> Matrix:
    """One row per item: logs of every piece of evidence; the agency's own pieces (overall
    share, habit for the topic, nearest neighbours) again once per band of reviewed items
    (``TRUST_BINS``: 1-19, 20-39, 40 or more), so each band gets its own weights; the band
    indicators, the nearest similarity and the rule. The simulated sessions review in batches
    of ``BATCH``, so every band starts at a batch boundary and has training rows."""
    reviewed = evidence.own.sum(axis=1)
    own = (evidence.own + 0.5) / (reviewed[:, None] + 0.5 * len(CATEGORIES))
    general = [evidence.product, evidence.text, evidence.topic, evidence.family]
    agency = [_log(p) for p in (own, evidence.habit, evidence.neighbour)]
    band = np.searchsorted(TRUST_BINS, reviewed, side="right")
    bands = (band[:, None] == np.arange(1, len(TRUST_BINS) + 1)[None, :]).astype(float)
    columns = [_log(p) for p in general]
    columns += [p * bands[:, [b]] for b in range(len(TRUST_BINS)) for p in agency]
    columns += [bands, evidence.similarity[:, None], evidence.personal[:, None].astype(float)]
    return np.hstack(columns)


def _log(p: Matrix) -> Matrix:
    result: Matrix = np.log(np.maximum(p, _FLOOR))
    return result


class Combiner:
    """P(category | evidence) learned from simulated review states."""

    def __init__(self, model: Pipeline) -> None:
        self._model = model
        self._columns = np.asarray(model.classes_, dtype=int)

    def predict_proba(self, evidence: Evidence) -> Matrix:
        """Category probabilities (columns ``CATEGORIES``)."""
        raw = self._model.predict_proba(meta_features(evidence))
        proba = np.zeros((raw.shape[0], len(CATEGORIES)))
        proba[:, self._columns] = raw
        return proba


def review_states(
    agencies: NDArray[np.object_],
    fold: Callable[[NDArray[np.int_]], FoldModel],
    truth: NDArray[np.int_],
    *,
    folds: int = INNER_FOLDS,
    batch: int = BATCH,
    steps: int = STEPS,
) -> tuple[Matrix, NDArray[np.int_], NDArray[np.bool_]]:
    """Meta-features, true category indices and the cold flag of simulated review states.

    ``fold(rows)`` fits an inner model on those training rows. Its held-out agencies are
    replayed side by side: every item is recorded once cold (nothing reviewed yet: the
    cold-start state); then each agency's next ``batch`` items are recorded and reviewed, for
    at most ``steps`` batches, twice: in the queue's order (least confident first) and in a
    seeded random order (as when a PPID picks items by unit or accepts them in bulk).
    """
    rows: list[Matrix] = []
    labels: list[NDArray[np.int_]] = []
    cold: list[NDArray[np.bool_]] = []
    random = np.random.default_rng(0)
    splitter = GroupKFold(n_splits=min(folds, len(set(agencies))))
    for train, held in splitter.split(agencies, groups=agencies):
        base = fold(train)
        for shuffled in (False, True):
            model, waiting = base, np.ones(len(held), dtype=bool)
            for step in range(steps):
                evidence = model.evidence(held[waiting])
                key = evidence.product.max(axis=1)
                if shuffled:
                    key = random.random(len(key))
                rank = pd.Series(key).groupby(agencies[held[waiting]]).rank(method="first")
                now = rank.to_numpy() <= batch
                if step == 0 and not shuffled:
                    keep = np.ones_like(now)
                elif step > 0:
                    keep = now
                else:
                    keep = np.zeros_like(now)  # the cold state is recorded once
                rows.append(meta_features(evidence)[keep])
                labels.append(truth[held[waiting]][keep])
                cold.append(np.full(int(keep.sum()), step == 0))
                waiting[np.flatnonzero(waiting)[now]] = False
                if not waiting.any():
                    break
                model = base.remember(held[~waiting])
    return np.vstack(rows), np.concatenate(labels), np.concatenate(cold)


def train_combiner(
    agencies: NDArray[np.object_],
    fold: Callable[[NDArray[np.int_]], FoldModel],
    truth: NDArray[np.int_],
    *,
    strength: float = STRENGTH,
    balance: float = BALANCE,
    folds: int = INNER_FOLDS,
    batch: int = BATCH,
    steps: int = STEPS,
) -> Combiner:
    """Fit the combiner on review states. ``strength`` is the inverse L2 penalty; cold states
    weigh each category by (share of the category)^-``balance`` (1: class-balanced, as the
    cold-start macro-F1 wants; 0: as observed, as accuracy wants)."""
    features, labels, cold = review_states(
        agencies, fold, truth, folds=folds, batch=batch, steps=steps
    )
    share = np.bincount(labels[cold], minlength=len(CATEGORIES)) / max(int(cold.sum()), 1)
    weight = np.where(cold, np.maximum(share, _FLOOR)[labels] ** -balance, 1.0)
    weight[cold] *= cold.sum() / weight[cold].sum()
    model = make_pipeline(StandardScaler(), LogisticRegression(C=strength, max_iter=2000, tol=1e-4))
    model.fit(features, labels, logisticregression__sample_weight=weight)
    return Combiner(model)
