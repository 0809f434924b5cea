"""The cached analysis table of a poll (``poll_frame``): reused while nothing changes, rebuilt
after every kind of change (a new wave, a codebook edit, a code frame and coded answers, stored
raked weights), in the core and on the next rerun of the cross-tab page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from analytics.polling import rake
from analytics.polling.codebook import Codebook, infer_codebook
from analytics.polling.coding import Code, code_answers, save_code_frame
from analytics.polling.frames import poll_frame
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, import_wave, poll_codebook, save_codebook
from analytics.polling.weighting import RAKED, save_weights
from tests.test_polling_analysis_pages import WAVE_2, db_file, select
from tests.test_polling_import import GOOGLE_FORMS
from tests.test_polling_pages import UNIT, open_as
from workflows.db import Database

__all__ = ["db_file"]  # the fixture, shared with the other page tests

AREA = "kecamatan"


def new_poll(db: Database) -> int:
    file = read_responses(GOOGLE_FORMS.encode(), "survei.csv")
    return import_new_poll(
        db, file, infer_codebook(file), title="Kepuasan", unit=UNIT, created_by="pemantau"
    )


def add_wave(db: Database, poll: int) -> None:
    import_wave(db, poll, read_responses(WAVE_2.encode(), "survei-2.csv"), imported_by="x")


def relabel(db: Database, poll: int, label: str) -> None:
    """Rename the area question and reverse its options."""
    codebook = poll_codebook(db, poll)
    area = codebook[AREA]
    edited = replace(area, label=label, options=area.options[::-1])
    save_codebook(db, poll, Codebook(tuple(edited if q is area else q for q in codebook.questions)))


def code_first_answer(db: Database, poll: int) -> None:
    save_code_frame(db, poll, "saran", [Code("cepat", "Kecepatan"), Code("info", "Informasi")])
    code_answers(db, poll, "saran", {(1, 0): ["cepat"]}, coded_by="pemantau")


def rake_first_wave(db: Database, poll: int) -> None:
    frame = poll_frame(db, poll)[0].query("wave == 1")
    targets = {"jenis_kelamin": {"Perempuan": 0.5, "Laki-laki": 0.5}}
    result = rake(frame, targets)
    save_weights(db, poll, 1, frame["respondent"], result, targets, created_by="pemantau")


def test_an_unchanged_poll_is_read_from_the_cache(db: Database) -> None:
    poll = new_poll(db)
    first, _ = poll_frame(db, poll)
    again, _ = poll_frame(db, poll)
    assert np.shares_memory(first["usia"].to_numpy(), again["usia"].to_numpy())
    first["usia"] = 0.0  # the caller's copy only
    assert poll_frame(db, poll)[0]["usia"].iloc[0] == 34


def test_every_change_rebuilds_the_table(db: Database) -> None:
    poll = new_poll(db)
    assert len(poll_frame(db, poll)[0]) == 6
    add_wave(db, poll)
    assert poll_frame(db, poll)[0]["wave"].tolist() == [1] * 6 + [2] * 6
    relabel(db, poll, "Wilayah")
    frame, codebook = poll_frame(db, poll)
    assert codebook[AREA].label == "Wilayah"
    assert list(frame[AREA].cat.categories) == ["Lemahwungkuk", "Kejaksan", "Harjamukti"]
    code_first_answer(db, poll)
    frame, codebook = poll_frame(db, poll)
    assert codebook["saran_kode"].options == ("Kecepatan", "Informasi")
    assert frame["saran_kode[Kecepatan]"].iloc[0]
    assert frame[RAKED].isna().all()
    rake_first_wave(db, poll)
    raked = poll_frame(db, poll)[0][RAKED]
    assert raked.iloc[:6].notna().all() and raked.iloc[6:].isna().all()


def test_a_write_outside_the_polling_functions_is_seen_too(db: Database) -> None:
    poll = new_poll(db)
    assert poll_frame(db, poll)[0][AREA].iloc[0] == "Kejaksan"
    db.cursor().execute(
        "UPDATE poll_answers SET value = 'Harjamukti' WHERE poll_id = ? AND question = ? "
        "AND respondent = 0",
        [poll, AREA],
    )
    assert poll_frame(db, poll)[0][AREA].iloc[0] == "Harjamukti"
    db.cursor().execute("DELETE FROM poll_answers WHERE poll_id = ? AND respondent = 0", [poll])
    assert poll_frame(db, poll)[0].iloc[0].drop(["wave", "respondent"]).isna().all()


def test_a_change_through_another_connection_is_seen(db_path: Path) -> None:
    reader = Database(db_path)
    writer = Database(db_path)
    try:
        poll = new_poll(writer)
        assert len(poll_frame(reader, poll)[0]) == 6
        add_wave(writer, poll)
        assert len(poll_frame(reader, poll)[0]) == 12
    finally:
        writer.close()
        reader.close()


@pytest.mark.parametrize("change", ["wave", "codebook", "coding", "raking"])
def test_the_next_rerun_of_the_crosstab_page_shows_the_change(db_file: Path, change: str) -> None:
    db = Database(db_file)
    try:
        poll = new_poll(db)
        at = open_as("pemantau", "pages/tabulasi.py")
        before = at.dataframe[1].value  # the cells, with their n
        match change:
            case "wave":
                add_wave(db, poll)
            case "codebook":
                relabel(db, poll, "Wilayah")
            case "coding":
                code_first_answer(db, poll)
            case "raking":
                rake_first_wave(db, poll)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if change == "wave":
            assert select(at, "Gelombang").options == ["Semua gelombang", "1", "2"]
            assert not at.dataframe[1].value.equals(before)
        elif change == "codebook":
            assert "Wilayah" in select(at, "Baris").options
        elif change == "coding":
            assert "Saran (kode): Kecepatan" in select(at, "Baris").options
        else:
            assert "Bobot raking (tersimpan)" in select(at, "Bobot").options
    finally:
        db.close()
