"""Model versions: retrain on the shipped corpus plus the agencies' reviewed items, store the
version with its metrics, and refresh the waiting suggestions.

A version row records when it was trained, by whom, on how many items, and its agency-held-out
metrics. The fitted model itself is not stored, so a database never holds executable objects:
the process that trains a version keeps it, and another process rebuilds it from the same data
(the shipped corpus plus the items reviewed up to the version's time; the fit is deterministic).
Imported items get the latest version's suggestions at once, without a retrain.
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


def reviewed_items(db: Database, until: datetime | None = None) -> pd.DataFrame:
    """The agencies' labelled items (imported with labels, reviewed, or under consequence
    test), in the columns the model trains on; ``until`` keeps those labelled by then."""
    return (
        db.cursor()
        .execute(
            "SELECT title AS text, category, agency, coalesce(topic, '') AS topic FROM dip_items "
            "WHERE category IS NOT NULL AND status IN ('ditinjau', 'uji_konsekuensi') "
            "AND (CAST(? AS TIMESTAMP) IS NULL OR coalesce(reviewed_at, imported_at) <= ?) "
            "ORDER BY id",
            [_at(until), _at(until)],
        )
        .df()
    )


def training_items(
    db: Database, corpus: pd.DataFrame | None = None, until: datetime | None = None
) -> pd.DataFrame:
    """The shipped corpus followed by the database's reviewed items (up to ``until``)."""
    corpus = load_corpus() if corpus is None else corpus
    columns = ["text", "category", "agency", "topic"]
    return pd.concat([corpus.loc[:, columns], reviewed_items(db, until)], ignore_index=True)


def _at(moment: datetime | None) -> datetime | None:
    return None if moment is None else to_db(moment)


def retrain(
    db: Database, user: str, *, clock: Clock = utcnow, corpus: pd.DataFrame | None = None
) -> tuple[ModelVersion, DipClassifier]:
    """Fit a new version, measure it (GroupKFold on agency), store it, refresh suggestions."""
    corpus = load_corpus() if corpus is None else corpus
    now = clock()  # the version's time: the items labelled by then are its training data
    items = training_items(db, corpus, now)
    model = DipClassifier().fit(items)
    cold, predicted = cold_start(items, folds=METRIC_FOLDS)
    confusion = pd.crosstab(items["category"], predicted["category"]).reindex(
        index=list(CATEGORIES), columns=list(CATEGORIES), fill_value=0
    )
    metrics = {"folds": METRIC_FOLDS, **asdict(cold), "confusion": confusion.to_numpy().tolist()}
    with db.transaction() as tx:
        number = int(
            tx.execute("SELECT coalesce(max(version), 0) + 1 FROM dip_models").fetchall()[0][0]
        )
        tx.execute(
            "INSERT INTO dip_models VALUES (?, ?, ?, ?, ?, ?)",
            [number, to_db(now), user, len(corpus), len(items) - len(corpus), json.dumps(metrics)],
        )
    version = ModelVersion(number, now, user, len(corpus), len(items) - len(corpus), metrics)
    _keep(db, version, model)
    suggest_pending(db, model, number)
    return version, model


_FITTED: dict[str, tuple[int, datetime, DipClassifier]] = {}
"""The last fitted model of this process per database file, with its version and time."""


def _keep(db: Database, version: ModelVersion, model: DipClassifier) -> DipClassifier:
    _FITTED[str(db.path)] = (version.version, version.created_at, model)
    return model


def fitted_model(
    db: Database, version: ModelVersion, corpus: pd.DataFrame | None = None
) -> DipClassifier:
    """The fitted model of a stored version: kept from its training in this process, or rebuilt
    from the corpus and the items labelled up to the version's time."""
    kept = _FITTED.get(str(db.path))
    if kept is not None and kept[:2] == (version.version, version.created_at):
        return kept[2]
    items = training_items(db, corpus, version.created_at)
    return _keep(db, version, DipClassifier().fit(items))


def suggest_new(db: Database, corpus: pd.DataFrame | None = None) -> int:
    """Suggestions of the latest version for the items that have none yet (e.g. just
    imported); 0 when no version has been trained."""
    versions = model_versions(db)
    if not versions:
        return 0
    latest = versions[-1]
    return suggest_pending(db, fitted_model(db, latest, corpus), latest.version, new_only=True)


def suggest_pending(
    db: Database, model: DipClassifier, version: int, *, new_only: bool = False
) -> int:
    """Write the model's suggestions for every item not yet reviewed (``new_only``: for the
    items without a suggestion); return how many."""
    waiting = (
        db.cursor()
        .execute(
            "SELECT id, title AS text, agency FROM dip_items "
            "WHERE status = 'baru' OR (status = 'disarankan' AND NOT ?) ORDER BY id",
            [new_only],
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
