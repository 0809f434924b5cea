"""``DipClassifier`` and the agency-held-out evaluation, on the real shipped corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.dip.corpus import load_corpus
from analytics.dip.evaluate import (
    by_half,
    calibration_error,
    cold_start,
    half,
    queue_order,
    review_session,
)
from analytics.dip.model import COMBINERS, OUTPUT_COLUMNS, DipClassifier, _Fold
from analytics.dip.stacking import BATCH, INNER_FOLDS, TRUST_BINS, meta_features, review_states
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


def test_the_agencys_own_reviews_outweigh_other_agencies(corpus: pd.DataFrame) -> None:
    """BBSPJILM files its planning documents as berkala; Balikpapan's units as setiap saat.
    The product combination follows the agency's reviews at once (the learned combiner does
    not on this agency: see the next test and the README)."""
    own = corpus[corpus["agency"] == BBSPJILM]
    probe = own[own["text"] == "Rencana Strategis (RENSTRA)"].loc[:, ["text", "agency"]]
    reviewed = own[own["text"] != "Rencana Strategis (RENSTRA)"]
    others = corpus[corpus["agency"] != BBSPJILM]
    model = DipClassifier(combiner="product").fit(others)
    cold = model.category_proba(probe).iloc[0]
    warm_model = model.remember(reviewed)
    warm = warm_model.category_proba(probe).iloc[0]
    assert warm["berkala"] > cold["berkala"]
    assert warm_model.suggest(probe).iloc[0]["category"] == "berkala"
    refit = DipClassifier(combiner="product").fit(pd.concat([others, reviewed]))
    assert refit.suggest(probe).iloc[0]["category"] == "berkala"


@pytest.mark.parametrize("combiner", COMBINERS)
def test_half_of_an_agencys_dip_reviewed_improves_the_rest(
    corpus: pd.DataFrame, combiner: str
) -> None:
    """Diskominfo Balikpapan with every other item reviewed: the rest is suggested better
    than cold, by remembering the reviews and by a full refit."""
    others = corpus[corpus["agency"] != DISKOMINFO]
    own = corpus[corpus["agency"] == DISKOMINFO]
    reviewed, rest = own.iloc[::2], own.iloc[1::2]
    model = DipClassifier(combiner=combiner).fit(others)

    def accuracy(fitted: DipClassifier) -> float:
        suggested = fitted.suggest(rest.loc[:, ["text", "agency"]])["category"]
        return float((suggested == rest["category"]).mean())

    cold = accuracy(model)
    assert accuracy(model.remember(reviewed)) > cold
    assert accuracy(DipClassifier(combiner=combiner).fit(pd.concat([others, reviewed]))) > cold


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


def test_the_learned_combiner_is_trained_on_replayed_sessions(corpus: pd.DataFrame) -> None:
    """Inner models on two thirds of the agencies replay the other third: every item once cold,
    then the batches the queue would show (and a random order would), each item once."""
    sample = corpus[corpus["agency"].isin(corpus["agency"].value_counts().index[:9])]
    agencies = sample["agency"].to_numpy(dtype=object)
    truth = np.array([CATEGORIES.index(c) for c in sample["category"]])
    full = DipClassifier(combiner="product").fit(sample)
    encoded = full._encode(sample)
    seen: list[np.ndarray] = []

    def fold(rows: np.ndarray) -> _Fold:
        seen.append(rows)
        return _Fold(full._inner(encoded.take(rows)), encoded)

    features, labels, cold = review_states(agencies, fold, truth, steps=3)
    assert len(seen) == INNER_FOLDS
    assert cold.sum() == len(sample)  # every item once in its cold state
    sizes = sample.groupby("agency").size().clip(upper=3 * BATCH)
    # batches 2 and 3, once in the queue's order and once in a random order
    assert (~cold).sum() == 2 * (sizes - sizes.clip(upper=BATCH)).sum()
    assert features.shape == (len(labels), meta_features(full.evidence(sample.head(2))).shape[1])
    assert (
        np.bincount(labels[cold], minlength=4).tolist() == np.bincount(truth, minlength=4).tolist()
    )
    for rows in seen:  # no inner model saw the agencies it replays
        held = set(agencies) - set(agencies[rows])
        assert held and not held & set(agencies[rows])


def test_meta_features_band_the_agencys_reviews(
    corpus: pd.DataFrame, without_bbspjilm: DipClassifier
) -> None:
    own = corpus[corpus["agency"] == BBSPJILM]
    probe = own.head(3).loc[:, ["text", "agency"]]
    cold = without_bbspjilm.evidence(probe)
    assert (cold.own == 0).all() and (cold.nearest == -1).all()
    warm = without_bbspjilm.remember(own.iloc[3:28]).evidence(probe)
    assert (warm.own.sum(axis=1) == 25).all() and (warm.nearest >= 0).all()
    bands = len(TRUST_BINS)
    cold_bands = meta_features(cold)[:, -bands - 2 : -2]
    warm_bands = meta_features(warm)[:, -bands - 2 : -2]
    assert (cold_bands == 0).all()
    assert warm_bands.tolist() == [[0.0, 1.0, 0.0]] * 3  # 25 reviewed: the 20-39 band


def test_learned_and_product_combiners(corpus: pd.DataFrame) -> None:
    """Both give distributions; a corpus of two agencies is too small to learn a combiner
    from, so it falls back to the product."""
    train = corpus[corpus["agency"] != BBSPJILM]
    probe = corpus[corpus["agency"] == BBSPJILM].loc[:, ["text", "agency"]]
    learned = DipClassifier().fit(train)
    proba = learned.category_proba(probe)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    product = learned.evidence(probe).product
    assert not np.allclose(proba.to_numpy(), product)
    two = corpus[corpus["agency"].isin([BBSPJILM, DISKOMINFO])]
    small = DipClassifier().fit(two)
    np.testing.assert_allclose(
        small.category_proba(probe).to_numpy(), small.evidence(probe).product
    )
    with pytest.raises(ValueError, match="unknown combiner 'mean'"):
        DipClassifier(combiner="mean")


def test_halves_split_the_agencies_by_name_hash(corpus: pd.DataFrame) -> None:
    halves = corpus["agency"].map(half)
    assert halves.value_counts().to_dict() == {"tuning": 1043, "check": 353}
    session = review_session(corpus, folds=3, limit=10)
    rates = by_half(session.per_agency)
    assert list(rates.index) == ["tuning", "check"]
    assert rates["items"].sum() == session.items
    overall = (rates["model"] * rates["items"]).sum() / rates["items"].sum()
    assert overall == pytest.approx(session.model_correction_rate)
