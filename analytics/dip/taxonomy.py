"""The topic taxonomy (a YAML file, editable per agency) and its keyword rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from analytics.dip.text import normalise, tokens

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "dip" / "taxonomy.yaml"
CATEGORIES: tuple[str, ...] = ("berkala", "serta_merta", "setiap_saat", "dikecualikan")
EXCEPTED = "dikecualikan"


@dataclass(frozen=True)
class Topic:
    """One topic: id, labels, the category it suggests by default, its bootstrap keywords."""

    id: str
    label_id: str
    label_en: str
    default_category: str
    keywords: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Taxonomy:
    """Topics in rule order, and the keywords that mark an item as personal data."""

    topics: tuple[Topic, ...]
    personal_data: tuple[tuple[str, ...], ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """Topic ids in file order."""
        return tuple(topic.id for topic in self.topics)

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id (``KeyError`` if unknown)."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def rule_topic(self, text: str) -> str | None:
        """The first topic whose keyword occurs in the normalised title, or ``None``."""
        words = normalise(text).split()
        for topic in self.topics:
            if any(_contains(words, keyword) for keyword in topic.keywords):
                return topic.id
        return None

    def personal_data_terms(self, text: str) -> list[str]:
        """The personal-data keywords found in the title (empty when none)."""
        return self.personal_data_in(normalise(text))

    def personal_data_in(self, normalised: str) -> list[str]:
        """:meth:`personal_data_terms` of an already normalised title (one regex screen first,
        so the common case, no personal data, costs one search)."""
        if not self._personal_screen.search(normalised):
            return []
        words = normalised.split()
        return [" ".join(kw) for kw in self.personal_data if _contains(words, kw)]

    @cached_property
    def _personal_screen(self) -> re.Pattern[str]:
        phrases = "|".join(re.escape(" ".join(kw)) for kw in self.personal_data)
        return re.compile(f"(?:^| )(?:{phrases})(?= |$)")


def _contains(words: list[str], keyword: tuple[str, ...]) -> bool:
    size = len(keyword)
    return any(tuple(words[i : i + size]) == keyword for i in range(len(words) - size + 1))


def _keywords(values: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(values, list) or not values:
        raise ValueError(f"{where}: 'keywords' must be a non-empty list")
    return tuple(tuple(tokens(str(value))) for value in values)


def load_taxonomy(path: Path = SHIPPED) -> Taxonomy:
    """Read and check a taxonomy file; a mistake raises ``ValueError`` naming the topic."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("topics"), dict):
        raise ValueError(f"{path}: expected a mapping with 'topics'")
    topics: list[Topic] = []
    for topic_id, spec in doc["topics"].items():
        where = f"{path}: topic '{topic_id}'"
        if not isinstance(spec, dict):
            raise ValueError(f"{where} must be a mapping")
        category = spec.get("default_category")
        if category not in CATEGORIES:
            raise ValueError(f"{where}: default_category must be one of {', '.join(CATEGORIES)}")
        topics.append(
            Topic(
                id=str(topic_id),
                label_id=str(spec.get("label_id", topic_id)),
                label_en=str(spec.get("label_en", topic_id)),
                default_category=str(category),
                keywords=_keywords(spec.get("keywords"), where),
            )
        )
    personal = doc.get("personal_data", {})
    return Taxonomy(
        topics=tuple(topics),
        personal_data=_keywords(personal.get("keywords"), f"{path}: personal_data"),
    )
