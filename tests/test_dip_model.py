"""``DipClassifier`` and the agency-held-out evaluation, on the real shipped corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.dip.corpus import load_corpus
from analytics.dip.evaluate import calibration_error, cold_start, queue_order, review_session
from analytics.dip.model import OUTPUT_COLUMNS, DipClassifier
from analytics.dip.taxonomy import CATEGORIES, load_taxonomy

BBSPJILM = "BBSPJILM (Balai Besar Logam dan Mesin), Kementerian Perindustrian"
DISKOMINFO = "Dinas Komunikasi dan Informatika Kota Balikpapan"


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus()


@pytest.fixture(scope="module")
def without_bbspjilm(corpus: pd.DataFrame) -> DipClassifier:
    return DipClassifier().fit(corpus[corpus["agency"] != BBSPJILM])


def test_suggest_keeps_the_index_and_gives_every_column(
    corpus: pd.DataFrame, without_bbspjilm: DipClassifier
) -> None:
    new = corpus[corpus["agency"] == BBSPJILM].loc[:, ["text", "agency"]]
    new.index = new.index + 10_000
    out = without_bbspjilm.suggest(new)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert out.index.equals(new.index)
    assert set(out["category"]) <= set(CATEGORIES)
    assert set(out["topic"]) <= set(load_taxonomy().ids)
    for column in ("category_confidence", "topic_confidence"):
        assert out[column].between(0, 1).all()
    proba = without_bbspjilm.category_proba(new)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_explanation_names_the_terms_behind_the_topic(without_bbspjilm: DipClassifier) -> None:
    new = pd.DataFrame({"text": ["Rencana Strategis Dinas Sosial"], "agency": [DISKOMINFO]})
    out = without_bbspjilm.suggest(new).iloc[0]
    assert out["topic"] == "perencanaan_program"
    assert "rencana strategis" in out["explanation"]
    assert "item instansi ini sudah ditinjau" in out["explanation"]


def test_personal_data_is_always_excepted(without_bbspjilm: DipClassifier) -> None:
    new = pd.DataFrame(
        {"text": ["Daftar NIK dan nomor rekening penerima bantuan"], "agency": [DISKOMINFO]}
    )
    out = without_bbspjilm.suggest(new).iloc[0]
    assert out["category"] == "dikecualikan"
    assert out["category_confidence"] == pytest.approx(0.95)
    assert "data pribadi: nik" in out["explanation"]


def test_the_agencys_own_reviews_outweigh_other_agencies(
    corpus: pd.DataFrame, without_bbspjilm: DipClassifier
) -> None:
    """BBSPJILM files its planning documents as berkala; Balikpapan's units as setiap saat."""
    own = corpus[corpus["agency"] == BBSPJILM]
    probe = own[own["text"] == "Rencana Strategis (RENSTRA)"].loc[:, ["text", "agency"]]
    cold = without_bbspjilm.category_proba(probe).iloc[0]
    reviewed = own[own["text"] != "Rencana Strategis (RENSTRA)"]
    warm_model = without_bbspjilm.remember(reviewed)
    warm = warm_model.category_proba(probe).iloc[0]
    assert warm["berkala"] > cold["berkala"]
    assert warm_model.suggest(probe).iloc[0]["category"] == "berkala"
    refit = DipClassifier().fit(pd.concat([corpus[corpus["agency"] != BBSPJILM], reviewed]))
    assert refit.suggest(probe).iloc[0]["category"] == "berkala"


def test_bad_training_data_is_refused_with_the_reason(corpus: pd.DataFrame) -> None:
    bad = corpus.head(30).copy()
    bad.loc[bad.index[3], "category"] = "rahasia"
    with pytest.raises(ValueError, match=r"unknown categories \['rahasia'\]"):
        DipClassifier().fit(bad)
    with pytest.raises(ValueError, match=r"missing columns \['agency'\]"):
        DipClassifier().fit(corpus.head(30).drop(columns=["agency"]))
    with pytest.raises(RuntimeError, match="fit"):
        DipClassifier().suggest(corpus.head(3))


def test_no_items_no_suggestions(without_bbspjilm: DipClassifier) -> None:
    out = without_bbspjilm.suggest(pd.DataFrame({"text": [], "agency": []}))
    assert out.empty and list(out.columns) == list(OUTPUT_COLUMNS)


def test_calibration_error() -> None:
    assert calibration_error(np.array([0.8] * 10), np.array([True] * 8 + [False] * 2)) == (
        pytest.approx(0.0)
    )
    assert calibration_error(np.array([0.95, 0.95]), np.array([False, False])) == (
        pytest.approx(0.95)
    )


def test_cold_start_beats_the_majority_class(corpus: pd.DataFrame) -> None:
    result, predicted = cold_start(corpus, folds=3)
    majority_f1 = 2 * 0.768 / (1 + 0.768) / len(CATEGORIES)  # all setiap_saat: about 0,22
    assert result.category_macro_f1 > majority_f1 + 0.2
    assert result.topic_macro_f1 > 0.5
    assert predicted.index.equals(corpus.index)
    assert result.calibration_error < 0.15


def test_review_session_counts_every_reviewed_item(corpus: pd.DataFrame) -> None:
    session = review_session(corpus, folds=3, limit=12)
    sizes = corpus.groupby("agency").size().clip(upper=12)
    assert session.items == sizes.sum() and session.agencies == len(sizes)
    per_agency = session.per_agency.set_index("agency")
    assert (per_agency["model_wrong"] <= per_agency["items"]).all()
    assert session.model_correction_rate < session.baseline_correction_rate
    assert list(session.curve.index) == [0, 10] and session.curve["items"].sum() == session.items
    assert session.curve["model"].between(0, 1).all()


def test_queue_orders() -> None:
    suggestion = pd.DataFrame({"category_confidence": [0.7, 0.4, 0.9]}, index=[10, 11, 12])
    assert list(queue_order(suggestion, "least", first=True)) == [11, 10, 12]
    assert list(queue_order(suggestion, "most", first=False)) == [12, 10, 11]
    assert list(queue_order(suggestion, "cold-most", first=True)) == [12, 10, 11]
    assert list(queue_order(suggestion, "cold-most", first=False)) == [11, 10, 12]
    with pytest.raises(ValueError, match="unknown queue order 'random'"):
        queue_order(suggestion, "random", first=True)
