"""The shipped DIP corpus (``data/dip/dip_items.csv``) and how its topic labels are made.

The raw items are 1,396 published DIP/DIK entries of 41 agencies, each with its ``source_url``.
Topics come from the taxonomy's keyword rules, then a reviewed pass: ``topic_reviews.csv`` lists
every row whose rule topic a person corrected (row number, topic, and the title as a check).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analytics.dip.taxonomy import CATEGORIES, Taxonomy, load_taxonomy

DATA = Path(__file__).resolve().parents[2] / "data" / "dip"
CORPUS = DATA / "dip_items.csv"
REVIEWS = DATA / "topic_reviews.csv"
RAW_COLUMNS = (
    "text", "ringkasan", "category", "agency", "pejabat_unit", "retensi", "dasar_hukum",
    "source_url",
)  # fmt: skip


def load_corpus(path: Path = CORPUS) -> pd.DataFrame:
    """The labelled corpus: the raw columns plus ``topic`` and ``topic_source`` (rule/reviewed)."""
    frame = pd.read_csv(path, keep_default_na=False, dtype=str, encoding="utf-8")
    unknown = set(frame["category"]) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"{path}: unknown categories {sorted(unknown)}")
    return frame


def label_corpus(
    raw: pd.DataFrame, taxonomy: Taxonomy | None = None, reviews: Path = REVIEWS
) -> pd.DataFrame:
    """Rule topics for every row, replaced by the reviewed topic where a reviewer corrected it."""
    taxonomy = taxonomy or load_taxonomy()
    out = raw.loc[:, list(RAW_COLUMNS)].copy()
    out["topic"] = [taxonomy.rule_topic(text) or "" for text in out["text"]]
    out["topic_source"] = "rule"
    reviewed = pd.read_csv(reviews, keep_default_na=False, dtype={"row": int, "topic": str})
    for row, topic, text in reviewed.itertuples(index=False, name=None):
        if out.at[row, "text"] != text:
            raise ValueError(f"{reviews}: row {row} is '{out.at[row, 'text']!s}', not '{text!s}'")
        if topic not in taxonomy.ids:
            raise ValueError(f"{reviews}: row {row}: unknown topic '{topic}'")
        out.loc[row, ["topic", "topic_source"]] = [topic, "reviewed"]
    unlabelled = out.index[out["topic"] == ""].tolist()
    if unlabelled:
        raise ValueError(f"rows without a topic (add them to {reviews.name}): {unlabelled}")
    return out
