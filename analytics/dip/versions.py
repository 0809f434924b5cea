"""Model versions: retrain on the shipped corpus plus the agencies' reviewed items, store the
version with its metrics, and refresh the waiting suggestions.

A version row records when it was trained, by whom, on how many items, and its agency-held-out
metrics. The fitted model itself is not stored: it is rebuilt from the same data (the fit is
deterministic), so a database never holds executable objects.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from analytics.dip.corpus import load_corpus
from analytics.dip.evaluate import cold_start
from analytics.dip.model import DipClassifier
from analytics.dip.store import Clock
from analytics.dip.taxonomy import CATEGORIES
from workflows.db import Database, from_db, to_db, utcnow

METRIC_FOLDS = 3


@dataclass(frozen=True)
class ModelVersion:
    """One trained model version and its metrics."""

    version: int
    created_at: datetime
    created_by: str
    corpus_items: int
    reviewed_items: int
    metrics: dict[str, Any]


def reviewed_items(db: Database) -> pd.DataFrame:
    """The agencies' labelled items (imported with labels, reviewed, or under consequence
    test), in the columns the model trains on."""
    return (
        db.cursor()
        .execute(
            "SELECT title AS text, category, agency, coalesce(topic, '') AS topic FROM dip_items "
            "WHERE category IS NOT NULL AND status IN ('ditinjau', 'uji_konsekuensi') ORDER BY id"
        )
        .df()
    )


def training_items(db: Database, corpus: pd.DataFrame | None = None) -> pd.DataFrame:
    """The shipped corpus followed by the database's reviewed items."""
    corpus = load_corpus() if corpus is None else corpus
    columns = ["text", "category", "agency", "topic"]
    return pd.concat([corpus.loc[:, columns], reviewed_items(db)], ignore_index=True)


def retrain(
    db: Database, user: str, *, clock: Clock = utcnow, corpus: pd.DataFrame | None = None
) -> tuple[ModelVersion, DipClassifier]:
    """Fit a new version, measure it (GroupKFold on agency), store it, refresh suggestions."""
    corpus = load_corpus() if corpus is None else corpus
    items = training_items(db, corpus)
    model = DipClassifier().fit(items)
    cold, predicted = cold_start(items, folds=METRIC_FOLDS)
    confusion = pd.crosstab(items["category"], predicted["category"]).reindex(
        index=list(CATEGORIES), columns=list(CATEGORIES), fill_value=0
    )
    metrics = {"folds": METRIC_FOLDS, **asdict(cold), "confusion": confusion.to_numpy().tolist()}
    now = clock()
    with db.transaction() as tx:
        number = int(
            tx.execute("SELECT coalesce(max(version), 0) + 1 FROM dip_models").fetchall()[0][0]
        )
        tx.execute(
            "INSERT INTO dip_models VALUES (?, ?, ?, ?, ?, ?)",
            [number, to_db(now), user, len(corpus), len(items) - len(corpus), json.dumps(metrics)],
        )
    suggest_pending(db, model, number)
    version = ModelVersion(number, now, user, len(corpus), len(items) - len(corpus), metrics)
    return version, model


def suggest_pending(db: Database, model: DipClassifier, version: int) -> int:
    """Write the model's suggestions for every item not yet reviewed; return how many."""
    waiting = (
        db.cursor()
        .execute(
            "SELECT id, title AS text, agency FROM dip_items "
            "WHERE status IN ('baru', 'disarankan') ORDER BY id"
        )
        .df()
    )
    if waiting.empty:
        return 0
    suggestions = model.suggest(waiting).assign(id=waiting["id"], model_version=version)
    with db.transaction() as tx:
        tx.register("dip_suggestions", suggestions)
        tx.execute(
            "UPDATE dip_items SET suggested_topic = s.topic, suggested_category = s.category, "
            "topic_confidence = s.topic_confidence, category_confidence = s.category_confidence, "
            "explanation = s.explanation, model_version = s.model_version, status = 'disarankan' "
            "FROM dip_suggestions AS s WHERE dip_items.id = s.id "
            "AND dip_items.status IN ('baru', 'disarankan')"
        )
        tx.unregister("dip_suggestions")
    return len(suggestions)


def confusion_frame(version: ModelVersion) -> pd.DataFrame:
    """The version's cold-start confusion matrix: true category per row, suggested per column."""
    return pd.DataFrame(
        version.metrics["confusion"], index=list(CATEGORIES), columns=list(CATEGORIES)
    )


def model_versions(db: Database) -> list[ModelVersion]:
    """Every stored version, oldest first."""
    rows = db.query("SELECT * FROM dip_models ORDER BY version")
    return [
        ModelVersion(int(v), from_db(at) or at, str(by), int(c), int(r), json.loads(m))
        for v, at, by, c, r, m in rows
    ]
