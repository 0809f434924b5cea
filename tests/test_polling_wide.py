"""The DuckDB pivot of stored answers (``responses``) against the pandas pivot it replaced, on a
poll with every question type, missing answers, blank respondents and two kinds of multiple
choice, over two waves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.polling.codebook import Codebook, Question
from analytics.polling.reader import read_responses
from analytics.polling.store import (
    create_poll,
    import_new_poll,
    import_wave,
    poll_codebook,
    responses,
)
from tests.conftest import POLLING_UNIT
from workflows.db import Database

HEADER = "Timestamp,Kelamin,Puas,Media,Q2[SQ001],Q2[SQ002],Umur,Bobot,Tanggal,Saran\n"
WAVE_1 = HEADER + (
    '01/11/2026 08:15,Perempuan,Puas,"Koran, Televisi",Y,,34,"1,2",01/11/2026,Lebih cepat\n'
    '01/11/2026 09:01,Laki-laki,Sangat puas,Televisi,,Y,"51,5","0,8",02/11/2026,\n'
    '01/11/2026 09:30,,,,,,,"1,0",,\n'
    '02/11/2026 10:12,Perempuan,,Radio,Y,Y,22,"1,1",,"Situs lambat, tolong"\n'
    '02/11/2026 13:40,Laki-laki,Tidak puas,,,,,"0,9",03/11/2026,Kurang lengkap\n'
)
WAVE_2 = HEADER + (
    '01/12/2026 08:00,,Cukup puas,"Radio, Koran, Televisi",,,40,"1,0",01/12/2026,Bagus\n'
    '01/12/2026 08:30,Perempuan,Puas,Koran,Y,,,"1,3",,\n'
    '01/12/2026 09:00,,,,,,,"0,7",,\n'
)
LIKERT = ("Tidak puas", "Cukup puas", "Puas", "Sangat puas")
CODEBOOK = Codebook(
    (
        Question("ts", "Timestamp", "meta", (), ("Timestamp",)),
        Question("kelamin", "Jenis kelamin", "single", ("Laki-laki", "Perempuan"), ("Kelamin",)),
        Question("puas", "Kepuasan", "likert", LIKERT, ("Puas",)),
        Question("media", "Media", "multiple", ("Koran", "Televisi", "Radio"), ("Media",), ","),
        Question("q2", "Kanal", "multiple", ("Loket", "Daring"), ("Q2[SQ001]", "Q2[SQ002]")),
        Question("umur", "Umur", "numeric", (), ("Umur",)),
        Question("bobot", "Bobot", "weight", (), ("Bobot",)),
        Question("tanggal", "Tanggal", "date", (), ("Tanggal",)),
        Question("saran", "Saran", "text", (), ("Saran",)),
    )
)


def pandas_pivot(db: Database, poll_id: int, wave: int | None = None) -> pd.DataFrame:
    """The pandas pivot ``responses`` used before the DuckDB one (kept here as the reference)."""
    codebook = poll_codebook(db, poll_id)
    waves = db.query(
        "SELECT wave, respondents FROM poll_waves WHERE poll_id = ? AND (? IS NULL OR wave = ?) "
        "ORDER BY wave",
        [poll_id, wave, wave],
    )
    index = pd.MultiIndex.from_tuples(
        [(w, r) for w, count in waves for r in range(count)], names=["wave", "respondent"]
    )
    answers = (
        db.cursor()
        .execute(
            "SELECT wave, respondent, question, value FROM poll_answers "
            "WHERE poll_id = ? AND (? IS NULL OR wave = ?)",
            [poll_id, wave, wave],
        )
        .df()
    )
    by_question = dict(tuple(answers.groupby("question")))
    columns: dict[str, pd.Series] = {}
    for question in codebook.questions:
        if question.type == "meta":
            continue
        values = by_question[question.code].set_index(["wave", "respondent"])["value"]
        if question.type == "multiple":
            answered = index.isin(values.index.unique())
            for option in question.options:
                chosen = index.isin(values[values == option].index)
                columns[f"{question.code}[{option}]"] = pd.Series(
                    pd.array(np.where(answered, chosen, False), dtype="boolean"), index=index
                ).mask(~answered)
            continue
        series = values.reindex(index)
        if question.type in {"single", "likert"}:
            columns[question.code] = pd.Series(
                pd.Categorical(
                    series, categories=list(question.options), ordered=question.type == "likert"
                ),
                index=index,
            )
        elif question.type in {"numeric", "weight"}:
            columns[question.code] = pd.to_numeric(series, errors="coerce")
        elif question.type == "date":
            columns[question.code] = pd.to_datetime(series, errors="coerce")
        else:
            columns[question.code] = series.astype(object)
    return pd.DataFrame(columns, index=index).reset_index()


@pytest.fixture
def poll(db: Database) -> int:
    first = read_responses(WAVE_1.encode(), "gelombang-1.csv")
    poll_id = import_new_poll(
        db, first, CODEBOOK, title="Campuran", unit=POLLING_UNIT, created_by="pemantau"
    )
    import_wave(db, poll_id, read_responses(WAVE_2.encode(), "gelombang-2.csv"), imported_by="x")
    return poll_id


@pytest.mark.parametrize("wave", [None, 1, 2])
def test_the_duckdb_pivot_equals_the_pandas_one(db: Database, poll: int, wave: int | None) -> None:
    pd.testing.assert_frame_equal(responses(db, poll, wave), pandas_pivot(db, poll, wave))


def test_the_pivot_types_and_missing_answers(db: Database, poll: int) -> None:
    frame = responses(db, poll)
    assert len(frame) == 8
    assert list(frame.columns[:2]) == ["wave", "respondent"]
    assert frame["puas"].cat.ordered and list(frame["puas"].cat.categories) == list(LIKERT)
    blank = frame.iloc[2]  # wave 1, respondent 3 answered nothing but the weight
    assert pd.isna(blank["kelamin"]) and pd.isna(blank["media[Koran]"]) and blank["bobot"] == 1.0
    assert frame["media[Radio]"].tolist()[:5] == [False, False, pd.NA, True, pd.NA]
    assert frame["q2[Daring]"].tolist()[:2] == [False, True]
    assert frame["umur"].iloc[1] == 51.5
    assert frame["tanggal"].iloc[0] == pd.Timestamp("2026-11-01")
    assert frame["saran"].iloc[3] == "Situs lambat, tolong"


def test_a_poll_without_waves_gives_an_empty_table(db: Database) -> None:
    """The pandas pivot failed here (a MultiIndex from no tuples)."""
    poll_id = create_poll(db, "Belum ada jawaban", POLLING_UNIT, created_by="pemantau")
    frame = responses(db, poll_id)
    assert frame.empty and list(frame.columns) == ["wave", "respondent"]
