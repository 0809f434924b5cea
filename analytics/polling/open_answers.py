"""Open answers: themes found by TF-IDF + NMF, and code suggestions learnt from the answers the
analyst has already coded (nearest neighbours on TF-IDF, cosine similarity).

Both are deterministic: NMF starts from NNDSVD (plus ``seed`` for its tie-breaking), and the
neighbour search has no randomness. Indonesian function words come from ``stopwords_id.txt``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import MultiLabelBinarizer

from analytics.polling.errors import OpenAnswerError

STOPWORDS_FILE = Path(__file__).with_name("stopwords_id.txt")
_TOKEN = r"(?u)\b[^\W\d_][^\W\d_]+\b"
"""Words of two letters or more (numbers dropped)."""
_BLOCK = 2048
"""Uncoded answers compared at once (bounds the dense similarity block's memory)."""


@cache
def stopwords() -> frozenset[str]:
    """The Indonesian stop words (lines of the data file, ``#`` comments skipped)."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def vectorizer(min_df: int = 1) -> TfidfVectorizer:
    """TF-IDF over words and word pairs, lower-cased, Indonesian stop words removed."""
    return TfidfVectorizer(
        lowercase=True,
        token_pattern=_TOKEN,
        stop_words=sorted(stopwords()),
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=min_df,
    )


@dataclass(frozen=True)
class Themes:
    """``terms``: per theme its top terms (theme, rank, term, weight); ``answers``: per answer
    (its position in the input) the dominant theme, its loading and its share of the answer's
    loadings (theme −1, loading and share 0 for an answer with no known word)."""

    terms: pd.DataFrame
    answers: pd.DataFrame
    converged: bool = True
    """False when NMF stopped at its iteration limit (the themes are then approximate)."""

    def top_terms(self, theme: int) -> list[str]:
        """The theme's terms, strongest first."""
        return self.terms.loc[self.terms["theme"] == theme, "term"].tolist()

    def examples(self, theme: int, count: int = 3) -> list[int]:
        """Positions of the answers that belong most clearly to the theme."""
        rows = self.answers[self.answers["theme"] == theme]
        ranked = rows.sort_values(["loading", "answer"], ascending=[False, True])
        return ranked["answer"].tolist()[:count]


def themes(texts: Sequence[str], count: int, *, seed: int = 0, top: int = 8) -> Themes:
    """``count`` themes of the answers by NMF on their TF-IDF matrix."""
    docs = [str(text) for text in texts]
    filled = sum(bool(doc.strip()) for doc in docs)
    if count < 1 or filled < count:
        raise OpenAnswerError(
            f"{count} themes need at least {max(count, 1)} non-empty answers; there are {filled}"
        )
    vec = vectorizer()
    try:
        matrix = vec.fit_transform(docs)
    except ValueError:
        raise OpenAnswerError("the answers contain no words besides stop words") from None
    if matrix.shape[1] < count:
        raise OpenAnswerError(f"{count} themes need at least {count} distinct words")
    model = NMF(n_components=count, init="nndsvd", random_state=seed, max_iter=1000)
    with np.errstate(invalid="ignore"), warnings.catch_warnings(record=True) as caught:
        # An exact fit (as many themes as distinct answers) makes sklearn take the square root
        # of a reconstruction error that rounding left slightly below 0; the factors are fine.
        warnings.simplefilter("always", ConvergenceWarning)
        loadings = model.fit_transform(matrix)
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    words = vec.get_feature_names_out()
    order = np.argsort(-model.components_, axis=1, kind="stable")[:, :top]
    terms = pd.DataFrame(
        {
            "theme": np.repeat(np.arange(count), order.shape[1]),
            "rank": np.tile(np.arange(1, order.shape[1] + 1), count),
            "term": words[order].ravel(),
            "weight": np.take_along_axis(model.components_, order, axis=1).ravel(),
        }
    )
    terms = terms[terms["weight"] > 0].reset_index(drop=True)
    totals = loadings.sum(axis=1)
    best = loadings.argmax(axis=1)
    strongest = loadings[np.arange(len(docs)), best]
    answers = pd.DataFrame(
        {
            "answer": np.arange(len(docs)),
            "theme": np.where(totals > 0, best, -1),
            "loading": strongest,
            "share": np.divide(strongest, totals, out=np.zeros(len(docs)), where=totals > 0),
        }
    )
    return Themes(terms, answers, converged)


def suggest(
    texts: Sequence[str],
    codes: Sequence[Sequence[str]],
    *,
    neighbours: int = 5,
    min_confidence: float = 0.5,
) -> pd.DataFrame:
    """Codes for the uncoded answers (an empty code list) from the coded ones: each answer's
    ``neighbours`` most similar coded answers vote with their cosine similarity; a code's
    confidence is its share of the votes. Returns (answer, code, confidence) for every code with
    confidence ≥ ``min_confidence``, strongest first per answer."""
    if len(texts) != len(codes):
        raise OpenAnswerError("every answer needs its list of codes (possibly empty)")
    columns = ["answer", "code", "confidence"]
    coded = np.array([bool(c) for c in codes])
    if not coded.any() or coded.all():
        return pd.DataFrame({c: [] for c in columns}).astype({"answer": int, "confidence": float})
    try:
        matrix = vectorizer().fit_transform([str(t) for t in texts])
    except ValueError:
        raise OpenAnswerError("the answers contain no words besides stop words") from None
    binarizer = MultiLabelBinarizer()
    member = np.asarray(binarizer.fit_transform([c for c in codes if c]), dtype=float)
    labels = [str(code) for code in binarizer.classes_]
    uncoded, known = matrix[~coded], matrix[coded].T.tocsc()
    confidence = np.vstack(
        [
            _confidence(
                _top_k((uncoded[start : start + _BLOCK] @ known).toarray(), neighbours), member
            )
            for start in range(0, uncoded.shape[0], _BLOCK)
        ]
    )
    confidence = np.minimum(confidence, 1.0)  # shares of a sum: 1 up to rounding
    rows, cols = np.nonzero(confidence >= min_confidence)
    found = pd.DataFrame(
        {
            "answer": np.flatnonzero(~coded)[rows],
            "code": np.array(labels, dtype=object)[cols],
            "confidence": confidence[rows, cols],
        }
    )
    return found.sort_values(["answer", "confidence", "code"], ascending=[True, False, True],
                             ignore_index=True)  # fmt: skip


def _confidence(votes: NDArray[np.float64], member: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each code's share of the similarity votes (0 where no neighbour shares a word)."""
    total = votes.sum(axis=1, keepdims=True)
    shares = np.divide(votes @ member, total, out=np.zeros((len(votes), member.shape[1])),
                       where=total > 0)  # fmt: skip
    return np.asarray(shares, dtype=float)


def _top_k(similarity: NDArray[np.float64], k: int) -> NDArray[np.float64]:
    """The similarity matrix with all but each row's ``k`` largest entries set to 0 (entries tied
    with the k-th are kept, so the result does not depend on column order)."""
    if similarity.shape[1] <= k:
        return similarity
    cut = np.partition(similarity, -k, axis=1)[:, -k][:, None]
    kept = np.where(similarity >= cut, similarity, 0.0)
    return np.asarray(kept, dtype=float)
