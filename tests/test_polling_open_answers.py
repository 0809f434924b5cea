"""Open answers on real Indonesian text: the titles of 1,396 published DIP items (data/dip), asked
as "which information do you need?", with their reviewed topics as the analyst's codes. Themes,
code suggestions, the code frame and codings in DuckDB, and the coded question in the topline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.polling import Design
from analytics.polling.codebook import infer_codebook
from analytics.polling.coding import (
    Code,
    accept_suggestions,
    code_answers,
    code_frame,
    open_answers,
    save_code_frame,
    suggestions,
    with_coded,
)
from analytics.polling.errors import OpenAnswerError
from analytics.polling.open_answers import stopwords, suggest, themes, vectorizer
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, poll_codebook, responses
from analytics.polling.topline import topline
from tests.test_polling_import import GOOGLE_FORMS
from workflows.db import Database

DIP = Path(__file__).resolve().parent.parent / "data" / "dip" / "dip_items.csv"
QUESTION = "Informasi publik apa yang Anda butuhkan?"
NOW = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def dip() -> pd.DataFrame:
    return pd.read_csv(DIP)


def dip_poll(db: Database, items: pd.DataFrame) -> int:
    """A poll whose open question is answered by the DIP titles (through the real importer)."""
    content = pd.DataFrame({"Badan publik": items["agency"], QUESTION: items["text"]}).to_csv(
        index=False
    )
    file = read_responses(content.encode(), "kebutuhan.csv")
    codebook = infer_codebook(file)
    assert codebook.questions[1].type == "text"
    return import_new_poll(db, file, codebook, title="Kebutuhan informasi", unit="u",
                           created_by="pemantau")  # fmt: skip


def test_stop_words_come_from_the_data_file() -> None:
    words = stopwords()
    assert {"yang", "dan", "di", "untuk", "yg"} <= words
    assert "tidak" not in words  # negation carries meaning in answers
    terms = set(vectorizer().fit(["Pelayanan yang lambat dan tidak ramah"]).vocabulary_)
    assert terms == {"pelayanan", "lambat", "tidak", "ramah", "pelayanan lambat",
                     "lambat tidak", "tidak ramah"}  # fmt: skip


def test_themes_of_real_titles_are_deterministic_and_readable(dip: pd.DataFrame) -> None:
    texts = dip["text"].tolist()
    first = themes(texts, 8, seed=0)
    again = themes(texts, 8, seed=0)
    pd.testing.assert_frame_equal(first.terms, again.terms)
    pd.testing.assert_frame_equal(first.answers, again.answers)
    assert sorted(first.terms["theme"].unique()) == list(range(8))
    assert len(first.answers) == len(texts)
    leads = {tuple(first.top_terms(k)[:3]) for k in range(8)}
    organisation = next(k for k in range(8) if "struktur organisasi" in first.top_terms(k))
    assert any("pengadaan" in terms for terms in leads)
    for position in first.examples(organisation, 3):
        assert "organisasi" in texts[position].lower().replace("orgnisasi", "organisasi")
    assert first.answers["share"].between(0, 1).all()


def test_themes_refuse_what_they_cannot_do() -> None:
    with pytest.raises(OpenAnswerError, match="3 themes need at least 3 non-empty answers; there"):
        themes(["Surat masuk", "", "  "], 3)
    with pytest.raises(OpenAnswerError, match="no words besides stop words"):
        themes(["yang dan", "di ke dari"], 1)


def test_suggestions_learnt_from_a_third_of_the_titles(dip: pd.DataFrame) -> None:
    coded = np.random.default_rng(0).random(len(dip)) < 0.3
    codes = [[topic] if known else [] for topic, known in zip(dip["topic"], coded, strict=True)]
    found = suggest(dip["text"].tolist(), codes)
    assert not coded[found["answer"]].any()
    assert found["confidence"].between(0.5, 1).all()
    best = found.drop_duplicates("answer")
    precision = float((best["code"].to_numpy() == dip["topic"].to_numpy()[best["answer"]]).mean())
    coverage = len(best) / int((~coded).sum())
    # Measured 0.78 precision at 0.72 coverage (18 topics, 419 coded titles, 5 neighbours).
    assert precision > 0.7 and coverage > 0.6


def test_suggestions_carry_several_codes_and_need_coded_answers() -> None:
    texts = [
        "Situs web lambat dan informasi kurang lengkap",
        "Situs web sering lambat",
        "Informasi kurang lengkap",
        "Situs lambat, informasi tidak lengkap",
        "Petugas ramah",
    ]
    codes = [["lambat", "lengkap"], ["lambat"], ["lengkap"], [], []]
    found = suggest(texts, codes, neighbours=3, min_confidence=0.4)
    assert sorted(found[found["answer"] == 3]["code"]) == ["lambat", "lengkap"]
    assert 4 not in set(found["answer"])  # shares no word with a coded answer
    assert suggest(texts, [[] for _ in texts]).empty
    with pytest.raises(OpenAnswerError, match="every answer needs its list of codes"):
        suggest(texts, codes[:2])


FRAME = [
    Code("anggaran", "Anggaran & keuangan"),
    Code("organisasi", "Profil & organisasi"),
    Code("pengadaan", "Pengadaan & aset"),
]


def test_code_frame_and_codings_round_trip(db: Database, dip: pd.DataFrame) -> None:
    items = dip[dip["agency"] == dip["agency"].value_counts().index[0]].head(40)
    poll = dip_poll(db, items)
    question = poll_codebook(db, poll).questions[1].code
    save_code_frame(db, poll, question, FRAME)
    assert code_frame(db, poll, question) == FRAME
    answers = open_answers(db, poll, question)
    assert len(answers) == 40 and answers["codes"].map(len).sum() == 0
    code_answers(db, poll, question, {(1, 0): ["organisasi", "anggaran"], (1, 1): ["pengadaan"]},
                 coded_by="pemantau", clock=lambda: NOW)  # fmt: skip
    answers = open_answers(db, poll, question)
    assert answers["codes"].head(3).tolist() == [["anggaran", "organisasi"], ["pengadaan"], []]
    code_answers(db, poll, question, {(1, 1): []}, coded_by="pemantau")
    assert open_answers(db, poll, question)["codes"].iloc[1] == []
    stored = db.query("SELECT coded_by, coded_at, confidence FROM poll_codings ORDER BY code")
    assert stored[0] == ("pemantau", NOW.replace(tzinfo=None), None)


def test_bad_codings_store_nothing(db: Database, dip: pd.DataFrame) -> None:
    poll = dip_poll(db, dip.head(10))
    question = poll_codebook(db, poll).questions[1].code
    save_code_frame(db, poll, question, FRAME)
    with pytest.raises(OpenAnswerError, match="the code 'cuaca' is not in the code frame"):
        code_answers(db, poll, question, {(1, 0): ["anggaran"], (1, 1): ["cuaca"]}, coded_by="a")
    with pytest.raises(OpenAnswerError, match="wave 1, respondent 11 has no answer to"):
        code_answers(db, poll, question, {(1, 0): ["anggaran"], (1, 10): ["anggaran"]},
                     coded_by="a")  # fmt: skip
    assert db.query("SELECT count(*) FROM poll_codings") == [(0,)]
    for frame, message in [
        ([*FRAME, Code("anggaran", "Lagi")], "the code 'anggaran' is used twice"),
        ([Code("a", "Sama"), Code("b", "Sama")], "the label 'Sama' is used twice"),
        ([Code("dua kata", "x")], "row 1: the code 'dua kata' must be letters, digits"),
        ([Code("x", " ")], r"row 1 \(x\): the label is empty"),
    ]:
        with pytest.raises(OpenAnswerError, match=message):
            save_code_frame(db, poll, question, frame)
    code_answers(db, poll, question, {(1, 0): ["anggaran"]}, coded_by="a")
    with pytest.raises(OpenAnswerError, match="'anggaran' is on 1 answers: recode them"):
        save_code_frame(db, poll, question, FRAME[1:])
    assert code_frame(db, poll, question) == FRAME
    with pytest.raises(OpenAnswerError, match=f"poll {poll} has no question 'saran'"):
        save_code_frame(db, poll, "saran", FRAME)


def test_accepted_suggestions_keep_their_confidence(db: Database, dip: pd.DataFrame) -> None:
    items = dip[dip["topic"].isin(["anggaran_keuangan", "pengadaan_aset"])].head(60)
    poll = dip_poll(db, items)
    question = poll_codebook(db, poll).questions[1].code
    save_code_frame(db, poll, question, [Code("anggaran_keuangan", "Anggaran"),
                                         Code("pengadaan_aset", "Pengadaan")])  # fmt: skip
    first = {(1, i): [topic] for i, topic in enumerate(items["topic"].head(20))}
    code_answers(db, poll, question, first, coded_by="pemantau")
    proposed = suggestions(open_answers(db, poll, question))
    assert set(proposed["respondent"]) <= set(range(20, 60))
    assert list(proposed.columns) == ["wave", "respondent", "text", "code", "confidence"]
    accept_suggestions(db, poll, question, proposed, coded_by="pemantau")
    stored = (
        db.cursor()
        .execute(
            "SELECT respondent, code, confidence FROM poll_codings WHERE confidence IS NOT NULL "
            "ORDER BY respondent, code"
        )
        .df()
    )
    assert len(stored) == len(proposed)
    assert stored["confidence"].tolist() == pytest.approx(
        proposed.sort_values(["respondent", "code"])["confidence"].tolist()
    )


def test_coded_answers_become_a_multiple_choice_question(db: Database) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), "Survei Layanan (Responses).csv")
    poll = import_new_poll(db, file, infer_codebook(file), title="T", unit="u", created_by="a")
    frame, codebook = responses(db, poll), poll_codebook(db, poll)
    unchanged, same = with_coded(db, poll, frame, codebook)  # no code frame yet
    assert unchanged is frame and same is codebook
    with pytest.raises(OpenAnswerError, match="'jenis_kelamin' is single, not an open"):
        save_code_frame(db, poll, "jenis_kelamin", FRAME)
    save_code_frame(db, poll, "saran", [Code("cepat", "Kecepatan"), Code("info", "Informasi"),
                                        Code("puji", "Pujian")])  # fmt: skip
    # Answers: respondents 1 "Lebih cepat lagi", 3 "Situs sering lambat...", 4 "Informasi kurang
    # lengkap", 5 "Bagus"; respondents 2 and 6 left it empty.
    code_answers(db, poll, "saran", {(1, 0): ["cepat"], (1, 2): ["cepat", "info"],
                                     (1, 3): ["info"]}, coded_by="a")  # fmt: skip
    wide, extended = with_coded(db, poll, frame, codebook)
    derived = extended["saran_kode"]
    assert (derived.type, derived.options) == ("multiple", ("Kecepatan", "Informasi", "Pujian"))
    assert wide["saran_kode[Kecepatan]"].tolist() == [True, pd.NA, True, False, pd.NA, pd.NA]
    table = topline(Design(wide), extended)
    coded = table[table["code"] == "saran_kode"].set_index("option")
    assert coded["pct"].round(1).to_dict() == {"Kecepatan": 66.7, "Informasi": 66.7, "Pujian": 0.0}
    assert set(coded["n"]) == {3}
