"""The polling pages through AppTest over a real DuckDB file: import with the codebook editor,
and the topline with its honest-reporting rule."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DownloadButton, PageLink

from analytics.export import csv_bytes, xlsx_bytes
from analytics.polling import Design
from analytics.polling.codebook import infer_codebook
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, responses
from analytics.polling.topline import likert_summary, topline
from tests.test_app import APP, log_in, seed_database
from tests.test_polling_import import GOOGLE_FORMS
from ui import poll_tables
from ui.db import DB_ENV
from ui.safe import md_escape
from workflows.db import Database

UNIT = "cirebon-diskominfo"
NAME = "Survei Layanan (Responses).csv"


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def seed_poll(path: Path, *, probability: bool) -> None:
    db = Database(path)
    try:
        file = read_responses(GOOGLE_FORMS.encode(), NAME)
        import_new_poll(db, file, infer_codebook(file), title="Kepuasan layanan", unit=UNIT,
                        created_by="pemantau", probability=probability)  # fmt: skip
    finally:
        db.close()


def open_as(username: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    log_in(at, username)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stored(path: Path) -> tuple[int, int]:
    st.cache_resource.clear()  # release the app's handle on the file
    db = Database(path)
    try:
        polls = int(db.query("SELECT count(*) FROM polls")[0][0])
        answers = int(db.query("SELECT count(*) FROM poll_answers")[0][0])
    finally:
        db.close()
    return polls, answers


def test_menu_shows_polling_pages_to_the_analyst_only(db_file: Path) -> None:
    at = open_as("pemantau", "pages/polling.py")
    links = [n.label for n in at.sidebar.get("page_link") if isinstance(n, PageLink)]
    ours = ["Polling", "Topline", "IKM", "Jawaban Terbuka"]
    assert [label for label in links if label in ours] == ours
    kasi = open_as("kasi", "pages/beranda.py")
    kasi_links = [n.label for n in kasi.sidebar.get("page_link") if isinstance(n, PageLink)]
    assert not set(ours) & set(kasi_links)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        kasi.switch_page("pages/polling.py")


def test_import_with_an_edited_codebook(db_file: Path) -> None:
    at = open_as("pemantau", "pages/polling.py")
    assert [i.value for i in at.info] == ["Belum ada polling. Impor berkas hasil ekspor di bawah."]
    at.file_uploader[0].set_value((NAME, GOOGLE_FORMS.encode("utf-8-sig"), "text/csv")).run()
    assert at.caption[0].value.startswith("Terbaca: google_forms, utf-8-sig, ',', desimal titik, 6")
    at.text_input[0].input("Kepuasan layanan November")
    at.session_state[f"codebook_{NAME}"] = {
        "edited_rows": {3: {"type": "likert", "options": "Harjamukti | Kejaksan | Lemahwungkuk"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    (found,) = [b for b in at.button if b.label == "Impor"]
    found.click().run()
    assert not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == ["Tersimpan: polling 1, gelombang 1."]
    assert stored(db_file)[0] == 1
    db = Database(db_file)
    try:
        frame = responses(db, 1)
        assert list(frame["kecamatan"].cat.categories) == ["Harjamukti", "Kejaksan", "Lemahwungkuk"]
        assert frame["kecamatan"].cat.ordered
    finally:
        db.close()


def test_a_bad_file_names_the_row_and_stores_nothing(db_file: Path) -> None:
    at = open_as("pemantau", "pages/polling.py")
    bad = GOOGLE_FORMS.replace("Media sosial,Bagus", "Media sosial,Bagus,ekstra").encode()
    name = "rusak_[lihat](x).csv"  # a file name is shown as text, never as a Markdown link
    at.file_uploader[0].set_value((name, bad, "text/csv")).run()
    detail = f"{name}, row 6: 8 fields but the header has 7 (a separator or quote inside a value?)"
    assert [e.value for e in at.error] == [f"Tindakan gagal: {md_escape(detail)}"]
    assert stored(db_file) == (0, 0)


def _tables(at: AppTest) -> list[list[str]]:
    return [list(frame.value.columns) for frame in at.dataframe]


def test_topline_of_an_opt_in_poll_shows_no_margin_of_error(db_file: Path) -> None:
    seed_poll(db_file, probability=False)
    at = open_as("pemantau", "pages/topline.py")
    assert at.info[0].value.startswith("Polling ini memakai sampel non-probabilitas (opt-in)")
    headers = _tables(at)
    assert ["Pilihan", "%", "n", "n efektif", "Efek desain"] in headers
    assert not any("IK 95%" in h for h in headers)
    by_option = topline_shares(at)
    assert by_option["Perempuan"] == "66,7" and by_option["Televisi"] == "66,7"
    likert = at.dataframe[0].value
    assert list(likert.columns)[:4] == ["Pertanyaan", "Bottom-2 (%)", "Top-2 (%)", "Selisih (poin)"]
    assert likert.iloc[0]["Top-2 (%)"] == "66,7"  # Puas 2 + Sangat puas 2 of 6
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["x"]["field"] == "value"
    assert spec["encoding"]["y"]["sort"] == list(likert["Pertanyaan"])


def test_topline_of_a_probability_poll_shows_intervals(db_file: Path) -> None:
    seed_poll(db_file, probability=True)
    at = open_as("pemantau", "pages/topline.py")
    assert at.info[0].value.startswith("Analis menyatakan desain sampel probabilitas")
    assert ["Pilihan", "%", "IK 95%", "n", "n efektif", "Efek desain"] in _tables(at)
    labels = [b.label for b in at.get("download_button") if isinstance(b, DownloadButton)]
    assert labels == ["Unduh CSV (tabel rapi)", "Unduh XLSX (satu lembar per pertanyaan)"]


@pytest.mark.parametrize("probability", [False, True])
def test_topline_exports(probability: bool) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), NAME)
    codebook = infer_codebook(file)
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "t.duckdb")
        poll = import_new_poll(db, file, codebook, title="T", unit=UNIT, created_by="a")
        table = topline(Design(responses(db, poll)), codebook)
        db.close()
    summary = likert_summary(table, codebook)
    tidy = pd.read_csv(io.BytesIO(csv_bytes(poll_tables.tidy(table, intervals=probability))))
    assert ("ci_low" in tidy.columns) is probability
    assert len(tidy) == len(table)
    book = load_workbook(
        io.BytesIO(xlsx_bytes(poll_tables.sheets(table, summary, intervals=probability)))
    )
    assert book.sheetnames[0] == "likert"
    assert "jenis_kelamin" in book.sheetnames
    header = [c.value for c in book["jenis_kelamin"][1]]
    assert ("IK 95%" in header) is probability


def topline_shares(at: AppTest) -> dict[str, str]:
    """Option -> shown % of every topline table on the page."""
    return {
        row["Pilihan"]: row["%"]
        for frame in at.dataframe
        for row in frame.value.to_dict("records")
        if "Pilihan" in row
    }
