"""The DIP pages through AppTest: who sees them, the queue, a review, the consequence test."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from analytics.dip.corpus import load_corpus
from analytics.dip.io import canonical, read_table
from analytics.dip.store import import_items
from analytics.dip.versions import retrain
from tests.test_app import PASSWORD, log_in, run_app, seed_database
from ui.db import DB_ENV
from workflows.db import Database
from workflows.users import Grant, add_user

AGENCY = "Dinas Ketenagakerjaan Kota Balikpapan"
REVIEW = "pages/dip_tinjau.py"
MODEL = "pages/dip_model.py"


@pytest.fixture(scope="module")
def items() -> pd.DataFrame:
    corpus = load_corpus()
    return corpus[corpus["agency"] == AGENCY]


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: pd.DataFrame) -> Path:
    """Seeded app database, a PPID Pembantu of Serang, the agency's DIP (10 labelled), model v1."""
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    db = Database(path)
    try:
        add_user(db, "ppid", "Putri PPID", PASSWORD, (Grant("ppid_pembantu", "serang-ppid"),))
        table = pd.DataFrame(
            {
                "Judul": items["text"].to_numpy(),
                "Klasifikasi": [c if i < 10 else "" for i, c in enumerate(items["category"])],
            }
        )
        frame = canonical(read_table(table.to_csv(index=False).encode(), "dip.csv"), "dip.csv")
        import_items(db, frame, agency=AGENCY, user="ppid", source="dip.csv")
        corpus = load_corpus()
        retrain(db, "ppid", corpus=corpus[corpus["agency"] != AGENCY].iloc[::4])
    finally:
        db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def open_page(username: str, page: str) -> AppTest:
    at = log_in(run_app(), username)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def menu(at: AppTest) -> list[str]:
    return [node.label for node in at.sidebar.get("page_link") if isinstance(node, PageLink)]


def test_only_ppid_roles_see_the_dip_pages(db_file: Path) -> None:
    assert menu(log_in(run_app(), "ppid"))[-2:] == ["Tinjauan DIP", "Model DIP"]
    pemantau = log_in(run_app(), "pemantau")
    assert "Tinjauan DIP" not in menu(pemantau) and "Model DIP" not in menu(pemantau)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        pemantau.switch_page(REVIEW)


def test_the_queue_lists_least_confident_first_and_a_review_is_saved(db_file: Path) -> None:
    at = open_page("ppid", REVIEW)
    assert [t.value for t in at.title] == ["Tinjauan DIP"]
    queue = at.dataframe[0].value
    assert len(queue) == 19
    confidence = queue["Keyakinan kategori"].str.rstrip("%").str.replace(",", ".").astype(float)
    assert confidence.is_monotonic_increasing
    at.toggle(key="dip_most_first").set_value(True).run()
    ordered = at.dataframe[0].value["Keyakinan kategori"].str.rstrip("%").str.replace(",", ".")
    assert ordered.astype(float).is_monotonic_decreasing
    at.toggle(key="dip_most_first").set_value(False).run()
    first = queue.iloc[0]["Judul"]
    select(at, 0)
    at.button(key="dip_accept").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == ["Tersimpan."]
    assert first not in set(at.dataframe[0].value["Judul"])
    assert stored(db_file, first) == ("ditinjau", "ppid", "terima")


def test_an_exception_goes_through_the_consequence_worksheet(db_file: Path) -> None:
    at = open_page("ppid", REVIEW)
    title = at.dataframe[0].value.iloc[1]["Judul"]
    select(at, 1)
    at.selectbox(
        key=next(k for k in at.session_state if str(k).startswith("dip_category_"))
    ).select("dikecualikan").run()
    assert "Uji Konsekuensi" in at.warning[0].value
    assert not [b for b in at.button if b.key == "dip_accept"]
    form = at.text_area
    form[1].input("Membuka data ini mengungkap rahasia pribadi pencari kerja")
    form[2].input("Hak pencari kerja atas data pribadinya terlindungi")
    inputs = [w for w in at.text_input if w.label.startswith(("Dasar hukum", "Jangka waktu"))]
    inputs[0].input("UU 14/2008 Pasal 17 huruf h")
    inputs[1].input("5 tahun")
    at.button[[b.label for b in at.button].index("Buka Uji Konsekuensi")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value.startswith("Uji Konsekuensi dibuka, rekaman nomor")
    assert stored(db_file, title) == ("uji_konsekuensi", "ppid", "uji_konsekuensi")


def test_bulk_accept_and_the_model_page(db_file: Path) -> None:
    at = open_page("ppid", REVIEW)
    before = len(at.dataframe[0].value)
    at.slider(key="dip_threshold").set_value(0.6).run()
    at.button(key="dip_bulk").click().run()
    accepted = int(at.success[0].value.split()[0])
    assert accepted > 0 and len(at.dataframe[0].value) == before - accepted
    at.selectbox(key="dip_f_a").select(AGENCY).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [w.proto.label for w in at.get("download_button")]
    assert labels == ["Unduh DIP resmi (XLSX)", "Unduh DIP resmi (PDF)"]
    model = open_page("ppid", MODEL)
    versions = model.dataframe[0].value
    assert list(versions["Versi"]) == [1] and list(versions["Item ditinjau"]) == [10]
    confusion = model.dataframe[1].value
    assert list(confusion.columns) == ["berkala", "serta_merta", "setiap_saat", "dikecualikan"]
    (chart,) = model.get("vega_lite_chart")
    assert "macro_f1" in chart.proto.spec


def select(at: AppTest, row: int) -> None:
    at.session_state["dip_queue"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def stored(path: Path, title: str) -> tuple[object, ...]:
    """(status, reviewer, last review action) of an item, read after the app let go of the file."""
    st.cache_resource.clear()
    db = Database(path)
    try:
        return db.query(
            "SELECT i.status, i.reviewed_by, r.action FROM dip_items i "
            "JOIN dip_reviews r ON r.item_id = i.id WHERE i.title = ?",
            [title],
        )[0]
    finally:
        db.close()
