"""``DipClassifier``: topic and legal-category suggestions for DIP items, with explanations.

The topic comes from a logistic regression on word and character n-grams of the normalised title.
The legal category combines pieces of evidence (:class:`~analytics.dip.stacking.Evidence`):

* what all agencies do: a class-balanced text model of the category, and the topic-to-category
  prior (each topic's categories, smoothed towards the taxonomy's default category);
* what the agency's *family* does: agencies with similar names (the units of one government share
  the PPID Utama that sets their DIP), as ``family_strength`` pseudo-items;
* what *this* agency does: its own reviewed items, overall, by topic (how it files each topic)
  and by nearest neighbours (similar titles it already filed). Each level is smoothed towards
  the one above with ``agency_strength`` pseudo-items;
* a rule: a title naming personal data (NIK, rekening, rekam medis, ...) is *dikecualikan*.

``combiner="product"`` multiplies them by hand; ``"learned"`` (the default) feeds them to a
combiner trained on simulated review sessions (:mod:`analytics.dip.stacking`)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from analytics.dip.stacking import (
    BALANCE,
    INNER_FOLDS,
    STRENGTH,
    Combiner,
    Evidence,
    train_combiner,
)
from analytics.dip.taxonomy import CATEGORIES, EXCEPTED, Taxonomy, load_taxonomy
from analytics.dip.text import normalise_all

Matrix = NDArray[np.float64]
OUTPUT_COLUMNS = ("category", "category_confidence", "topic", "topic_confidence", "explanation")
_RULE_CONFIDENCE = 0.95
_MEMORY_COLUMNS = ("text", "category", "agency")
COMBINERS = ("learned", "product")


@dataclass(frozen=True)
class _Features:
    words: sparse.csr_matrix
    all: sparse.csr_matrix


@dataclass(frozen=True)
class _Encoded:
    """Labelled items with their features, training topics and personal-data flags."""

    items: pd.DataFrame
    features: sparse.csr_matrix
    topics: NDArray[np.object_]
    personal: NDArray[np.bool_]

    def take(self, rows: NDArray[np.int_]) -> _Encoded:
        return _Encoded(
            self.items.iloc[rows], self.features[rows], self.topics[rows], self.personal[rows]
        )


@dataclass(frozen=True)
class _Fold:
    """An inner model of the combiner's training and the training items it indexes."""

    model: DipClassifier
    encoded: _Encoded

    def evidence(self, rows: NDArray[np.int_]) -> Evidence:
        return self.model._evidence_encoded(self.encoded.take(rows))

    def remember(self, rows: NDArray[np.int_]) -> _Fold:
        return _Fold(self.model._remember_encoded(self.encoded.take(rows)), self.encoded)


class DipClassifier:
    """Suggest a topic and a legal category for DIP items; learn each agency's habits."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        *,
        agency_strength: float = 2.0,
        prior_strength: float = 2.0,
        prior_power: float = 0.5,
        neighbours: int = 5,
        neighbour_smoothing: float = 0.5,
        family_strength: float = 10.0,
        combiner: str = "learned",
        combiner_strength: float = STRENGTH,
        combiner_balance: float = BALANCE,
    ) -> None:
        if combiner not in COMBINERS:
            raise ValueError(f"unknown combiner '{combiner}'; use one of {', '.join(COMBINERS)}")
        self.taxonomy = taxonomy or load_taxonomy()
        self.agency_strength = agency_strength
        self.prior_strength = prior_strength
        self.neighbours = neighbours
        self.prior_power = prior_power
        self.neighbour_smoothing = neighbour_smoothing
        self.family_strength = family_strength
        self.combiner = combiner
        self.combiner_strength = combiner_strength
        self.combiner_balance = combiner_balance
        self._combiner: Combiner | None = None
        self._fitted = False

    def fit(self, items: pd.DataFrame) -> DipClassifier:
        """Learn from labelled items: ``text``, ``category``, ``agency`` and optional ``topic``.

        Items without a topic get the taxonomy's keyword-rule topic (or none, and then they
        train only the category models). Every item is a reviewed item of its agency. With the
        ``learned`` combiner (the default, when there are at least three agencies) the
        combiner is trained on simulated review sessions of the items' agencies.
        """
        _check(items, self.taxonomy)
        docs = normalise_all(items["text"].astype(str))
        self._word_vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        self._char_vec = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2
        )
        words = self._word_vec.fit_transform(docs)
        chars = self._char_vec.fit_transform(docs)
        self._word_terms = self._word_vec.get_feature_names_out()
        encoded = _Encoded(
            items=items.loc[:, list(_MEMORY_COLUMNS)],
            features=sparse.hstack([words, chars], format="csr"),
            topics=self._training_topics(items),
            personal=self._personal(docs),
        )
        with threadpool_limits(limits=1, user_api="blas"):
            self._fit_models(encoded)
            self._combiner = None
            if self.combiner == "learned" and items["agency"].nunique() >= INNER_FOLDS:
                self._combiner = train_combiner(
                    items["agency"].astype(str).to_numpy(),
                    lambda rows: _Fold(self._inner(encoded.take(rows)), encoded),
                    self._train_category,
                    strength=self.combiner_strength,
                    balance=self.combiner_balance,
                )
        return self

    def _fit_models(self, encoded: _Encoded) -> None:
        """The topic and category text models, then the agencies' habits."""
        known = encoded.topics != ""
        self._topic_model = LogisticRegression(
            C=10.0, solver="saga", tol=1e-2, max_iter=1000, random_state=0
        )
        self._topic_model.fit(encoded.features[known], encoded.topics[known])
        self.topics_: tuple[str, ...] = tuple(str(t) for t in self._topic_model.classes_)

        self._category_model = LogisticRegression(
            C=3.0, tol=1e-3, max_iter=1000, class_weight="balanced"
        )
        self._category_model.fit(encoded.features, encoded.items["category"].to_numpy(dtype=object))
        self._text_columns = [
            list(self._category_model.classes_).index(c) if c in self._category_model.classes_
            else -1
            for c in CATEGORIES
        ]  # fmt: skip
        self._fitted = True
        self._remember(encoded.items, encoded.features, encoded.topics)

    def _inner(self, encoded: _Encoded) -> DipClassifier:
        """A product-combination copy trained on some of the training items (the vectorisers
        are shared: they never saw a label), for the combiner's simulated sessions."""
        inner = copy.copy(self)
        inner._combiner = None
        inner._fit_models(encoded)
        return inner

    def remember(self, reviewed: pd.DataFrame) -> DipClassifier:
        """A copy that also knows these reviewed items, without refitting the text models.

        Refits only what is cheap: the topic-to-category prior and each agency's habits and
        nearest neighbours. Use it between full :meth:`fit` runs, e.g. after each review batch.
        """
        if not self._fitted:
            raise RuntimeError("call fit() before remember()")
        _check(reviewed, self.taxonomy)
        return self._remember_encoded(self._encode(reviewed))

    def _encode(self, items: pd.DataFrame) -> _Encoded:
        docs = normalise_all(items["text"].astype(str))
        return _Encoded(
            items=items.loc[:, list(_MEMORY_COLUMNS)],
            features=self._features(docs).all,
            topics=self._training_topics(items),
            personal=self._personal(docs),
        )

    def _remember_encoded(self, encoded: _Encoded) -> DipClassifier:
        clone = copy.copy(self)
        clone._remember(
            pd.concat([self._memory, encoded.items]),
            sparse.vstack([self._train_features, encoded.features], format="csr"),
            np.concatenate([self._train_topics, encoded.topics]),
        )
        return clone

    def _personal(self, docs: list[str]) -> NDArray[np.bool_]:
        return np.array([bool(self.taxonomy.personal_data_in(d)) for d in docs], dtype=bool)

    def _remember(
        self, items: pd.DataFrame, features: sparse.csr_matrix, topics: NDArray[np.object_]
    ) -> None:
        topic_index = {t: i for i, t in enumerate(self.topics_)}
        t_idx = np.array([topic_index.get(str(t), -1) for t in topics])
        c_idx = np.array([CATEGORIES.index(c) for c in items["category"]])
        self._prior = self._topic_prior(t_idx, c_idx)
        self._frequency = (np.bincount(c_idx, minlength=len(CATEGORIES)) + 1.0) / (
            len(c_idx) + len(CATEGORIES)
        )
        agencies = items["agency"].astype(str).to_numpy(dtype=object)
        self._agencies: dict[str, int] = {a: i for i, a in enumerate(dict.fromkeys(agencies))}
        a_idx = np.array([self._agencies[a] for a in agencies])
        counts = np.zeros((len(self._agencies), len(self.topics_) + 1, len(CATEGORIES)))
        np.add.at(counts, (a_idx, np.where(t_idx < 0, len(self.topics_), t_idx), c_idx), 1.0)
        self._agency_counts = counts
        sizes = counts.sum(axis=(1, 2))
        self._agency_share = counts / sizes[:, None, None]
        self._agency_reliability = sizes / (sizes + self.agency_strength)
        self._agency_vec, self._agency_names = _name_vectors(tuple(self._agencies))
        self._memory = items.loc[:, list(_MEMORY_COLUMNS)]
        self._train_features = features
        self._train_topics = topics
        self._train_agency = a_idx
        self._train_category = c_idx
        self._train_text = items["text"].astype(str).to_numpy(dtype=object)

    def _training_topics(self, items: pd.DataFrame) -> NDArray[np.object_]:
        given = (
            items["topic"].fillna("").astype(str)
            if "topic" in items
            else pd.Series("", index=items.index)
        )
        unknown = sorted(set(given) - set(self.taxonomy.ids) - {""})
        if unknown:
            raise ValueError(
                f"unknown topics {unknown}; the taxonomy has {list(self.taxonomy.ids)}"
            )
        rules = [
            topic or (self.taxonomy.rule_topic(text) or "")
            for topic, text in zip(given, items["text"].astype(str), strict=True)
        ]
        return np.array(rules, dtype=object)

    def _topic_prior(self, t_idx: NDArray[np.int_], c_idx: NDArray[np.int_]) -> Matrix:
        """P(category | topic): observed counts plus ``prior_strength`` pseudo-items at the
        taxonomy default (rows follow ``topics_``)."""
        counts = np.zeros((len(self.topics_), len(CATEGORIES)))
        known = t_idx >= 0
        np.add.at(counts, (t_idx[known], c_idx[known]), 1.0)
        for i, topic in enumerate(self.topics_):
            default = self.taxonomy.topic(topic).default_category
            counts[i, CATEGORIES.index(default)] += self.prior_strength
        result: Matrix = counts / counts.sum(axis=1, keepdims=True)
        return result

    def suggest(self, new_items: pd.DataFrame) -> pd.DataFrame:
        """Suggestions for items with ``text`` and ``agency``: same index, ``OUTPUT_COLUMNS``."""
        if not self._fitted:
            raise RuntimeError("call fit() before suggest()")
        _require(new_items, ("text", "agency"))
        if new_items.empty:
            return pd.DataFrame(columns=list(OUTPUT_COLUMNS), index=new_items.index)
        texts = new_items["text"].astype(str).tolist()
        docs = normalise_all(texts)
        features = self._features(docs)
        topic_p: Matrix = self._topic_model.predict_proba(features.all)
        rule_terms = [self.taxonomy.personal_data_in(doc) for doc in docs]
        evidence = self._evidence(
            features.all,
            topic_p,
            new_items["agency"].astype(str).tolist(),
            np.array([bool(terms) for terms in rule_terms]),
        )
        category_p = self._combine(evidence)
        for row, terms in enumerate(rule_terms):
            if terms and category_p[row].argmax() != CATEGORIES.index(EXCEPTED):
                category_p[row] *= (1.0 - _RULE_CONFIDENCE) / category_p[row].sum()
                category_p[row, CATEGORIES.index(EXCEPTED)] = _RULE_CONFIDENCE
        topic_best = topic_p.argmax(axis=1)
        cat_best = category_p.argmax(axis=1)
        explanations = self._explain(
            features.words, topic_best, evidence.own.sum(axis=1), evidence.nearest, rule_terms
        )
        return pd.DataFrame(
            {
                "category": [CATEGORIES[i] for i in cat_best],
                "category_confidence": category_p[np.arange(len(texts)), cat_best],
                "topic": [self.topics_[i] for i in topic_best],
                "topic_confidence": topic_p[np.arange(len(texts)), topic_best],
                "explanation": explanations,
            },
            index=new_items.index,
        )

    def category_proba(self, new_items: pd.DataFrame) -> pd.DataFrame:
        """The full category distribution per item (columns ``CATEGORIES``), before the rule
        overrides it (the combiner sees the rule as one of its inputs)."""
        proba = self._combine(self.evidence(new_items))
        return pd.DataFrame(proba, columns=list(CATEGORIES), index=new_items.index)

    def evidence(self, new_items: pd.DataFrame) -> Evidence:
        """Every piece of category evidence for items with ``text`` and ``agency``."""
        if not self._fitted:
            raise RuntimeError("call fit() before evidence()")
        _require(new_items, ("text", "agency"))
        docs = normalise_all(new_items["text"].astype(str))
        features = self._features(docs).all
        topic_p = self._topic_model.predict_proba(features)
        personal = np.array([bool(self.taxonomy.personal_data_in(d)) for d in docs], dtype=bool)
        return self._evidence(features, topic_p, new_items["agency"].astype(str).tolist(), personal)

    def _evidence_encoded(self, encoded: _Encoded) -> Evidence:
        topic_p = self._topic_model.predict_proba(encoded.features)
        agencies = encoded.items["agency"].astype(str).tolist()
        return self._evidence(encoded.features, topic_p, agencies, encoded.personal)

    def _features(self, docs: list[str]) -> _Features:
        words = self._word_vec.transform(docs)
        chars = self._char_vec.transform(docs)
        return _Features(words=words, all=sparse.hstack([words, chars], format="csr"))

    def _evidence(
        self,
        features: sparse.csr_matrix,
        topic_p: Matrix,
        agencies: list[str],
        personal: NDArray[np.bool_],
    ) -> Evidence:
        """What all agencies do (class-balanced text model, topic prior), what the agency's
        family does, what the agency itself did (overall, per topic, nearest reviewed items),
        and the personal-data rule. Without reviewed items of the agency its own evidence is
        flat, so a new agency gets class-balanced suggestions from the product."""
        raw = self._category_model.predict_proba(features)
        text = np.full((features.shape[0], len(CATEGORIES)), 1e-6)
        for j, column in enumerate(self._text_columns):
            if column >= 0:
                text[:, j] = raw[:, column]

        a_idx = np.array([self._agencies.get(a, -1) for a in agencies])
        counts = np.where(
            (a_idx >= 0)[:, None, None], self._agency_counts[np.maximum(a_idx, 0)], 0.0
        )
        family = self._family(agencies)
        flat = np.full(len(CATEGORIES), 1.0 / len(CATEGORIES))
        family_all = _smooth(family.sum(axis=1), flat, self.agency_strength)
        family_topic = _smooth(family[:, :-1, :], family_all[:, None, :], self.agency_strength)
        own_all = _smooth(counts.sum(axis=1), family_all, self.agency_strength)
        target = 0.5 * (own_all[:, None, :] + family_topic)
        per_topic = _smooth(counts[:, :-1, :], target, self.agency_strength)

        top, weights = self._neighbours(features, a_idx)
        votes = np.zeros_like(text)
        np.add.at(votes, (np.arange(len(a_idx))[:, None], self._train_category[top]), weights)
        neighbour = (votes + self.neighbour_smoothing) / (
            weights.sum(axis=1) + len(CATEGORIES) * self.neighbour_smoothing
        )[:, None]
        has_neighbour = weights.max(axis=1) > 0
        topic = topic_p @ self._prior
        habit = np.einsum("it,itc->ic", topic_p, per_topic)
        return Evidence(
            product=self._product(text, topic, habit, neighbour),
            text=text,
            topic=topic,
            family=family_all,
            own=counts.sum(axis=1),
            habit=habit,
            neighbour=neighbour,
            similarity=weights.max(axis=1),
            nearest=np.where(has_neighbour, top[np.arange(len(a_idx)), weights.argmax(axis=1)], -1),
            personal=personal,
        )

    def _product(self, text: Matrix, topic: Matrix, habit: Matrix, neighbour: Matrix) -> Matrix:
        """The hand-built combination: text model × (topic prior ÷ training frequency) to
        ``prior_power`` × the agency's habit for the topic × its nearest reviewed items."""
        proba: Matrix = text * (topic / self._frequency) ** self.prior_power * habit * neighbour
        result: Matrix = proba / proba.sum(axis=1, keepdims=True)
        return result

    def _combine(self, evidence: Evidence) -> Matrix:
        """P(category | title, agency): the learned combiner when there is one, else the
        product of evidence."""
        if self._combiner is None:
            return evidence.product.copy()
        return self._combiner.predict_proba(evidence)

    def _neighbours(
        self, features: sparse.csr_matrix, a_idx: NDArray[np.int_]
    ) -> tuple[NDArray[np.int_], Matrix]:
        """The ``neighbours`` most similar reviewed items of each item's own agency (training
        row numbers) and their weights, the squared cosine similarity (0 where there are none)."""
        k = self.neighbours
        top = np.zeros((len(a_idx), k), dtype=int)
        weights = np.zeros((len(a_idx), k))
        for agency in np.unique(a_idx[a_idx >= 0]):
            rows = np.flatnonzero(a_idx == agency)
            own = np.flatnonzero(self._train_agency == agency)
            similarity = (features[rows] @ self._train_features[own].T).toarray()
            width = min(k, len(own))
            best = np.argpartition(-similarity, width - 1, axis=1)[:, :width]
            top[rows, :width] = own[best]
            weights[rows, :width] = np.take_along_axis(similarity, best, axis=1) ** 2
        return top, weights

    def _family(self, agencies: list[str]) -> Matrix:
        """Pseudo-counts (items, topics + 1, categories) from agencies with similar names.

        Units of one government (the OPDs of a city, the UPTs of a ministry) share the PPID
        Utama that sets their DIP, so their habits are the best guess for a unit with few
        reviews. Weight: squared cosine similarity of the names, times each agency's size
        reliability; the total weight is ``family_strength`` pseudo-items.
        """
        names = list(dict.fromkeys(agencies))
        similarity = (self._agency_vec.transform(names) @ self._agency_names.T).toarray()
        for row, name in enumerate(names):
            own = self._agencies.get(name)
            if own is not None:
                similarity[row, own] = 0.0
        weights = similarity**2 * self._agency_reliability[None, :]
        total = weights.sum(axis=1, keepdims=True)
        weights = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
        by_name = self.family_strength * np.einsum("qa,atc->qtc", weights, self._agency_share)
        index = {name: row for row, name in enumerate(names)}
        result: Matrix = by_name[[index[a] for a in agencies]]
        return result

    def _explain(
        self,
        words: sparse.csr_matrix,
        topic_best: NDArray[np.int_],
        agency_n: NDArray[np.float64],
        similar: NDArray[np.int_],
        rule_terms: list[list[str]],
    ) -> list[str]:
        n_words = len(self._word_terms)
        coef = self._topic_model.coef_[:, :n_words]
        out: list[str] = []
        for row in range(words.shape[0]):
            start, end = words.indptr[row], words.indptr[row + 1]
            cols = words.indices[start:end]
            contrib = words.data[start:end] * coef[topic_best[row], cols]
            order = np.argsort(-contrib)[:3]
            terms = [str(self._word_terms[cols[i]]) for i in order if contrib[i] > 0]
            parts = [f"istilah: {', '.join(terms) if terms else '-'}"]
            if agency_n[row] > 0:
                parts.append(f"{int(agency_n[row])} item instansi ini sudah ditinjau")
            if similar[row] >= 0:
                parts.append(f"mirip: {str(self._train_text[similar[row]])[:80]}")
            if rule_terms[row]:
                parts.append(f"data pribadi: {', '.join(rule_terms[row])}")
            out.append("; ".join(parts))
        return out


@lru_cache(maxsize=16)
def _name_vectors(names: tuple[str, ...]) -> tuple[TfidfVectorizer, sparse.csr_matrix]:
    """A word TF-IDF of the agency names and the names' vectors (cached: the simulated review
    sessions remember the same agencies many times)."""
    vectoriser = TfidfVectorizer(sublinear_tf=True).fit(names)
    return vectoriser, vectoriser.transform(names)


def _smooth(counts: Matrix, target: Matrix, strength: float) -> Matrix:
    """(counts + strength · target) / (n + strength), along the last axis."""
    total = counts.sum(axis=-1, keepdims=True)
    result: Matrix = (counts + strength * target) / (total + strength)
    return result


def _check(items: pd.DataFrame, taxonomy: Taxonomy) -> None:
    _require(items, ("text", "category", "agency"))
    unknown = sorted(set(items["category"]) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}; expected one of {list(CATEGORIES)}")


def _require(items: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in items.columns]
    if missing:
        raise ValueError(f"missing columns {missing}; the items have {list(items.columns)}")
