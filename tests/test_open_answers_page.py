"""The open-answers page through AppTest over a real DuckDB file: themes, the code frame, coding
answers, accepting suggestions, the coded question (also in the topline), the menu."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.polling.codebook import infer_codebook
from analytics.polling.coding import open_answers
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll
from tests.test_app import APP, log_in, seed_database
from tests.test_polling_import import GOOGLE_FORMS
from tests.test_polling_pages import topline_shares
from ui.db import DB_ENV
from workflows.db import Database

UNIT = "cirebon-diskominfo"
DIP = Path(__file__).resolve().parent.parent / "data" / "dip" / "dip_items.csv"


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def seed(path: Path, content: str, name: str) -> None:
    db = Database(path)
    try:
        file = read_responses(content.encode(), name)
        import_new_poll(db, file, infer_codebook(file), title="Saran layanan", unit=UNIT,
                        created_by="pemantau")  # fmt: skip
    finally:
        db.close()


def open_page(page: str = "pages/jawaban_terbuka.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    log_in(at, "pemantau")
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def edit(at: AppTest, key: str, edited: Mapping[int, Mapping[str, object]] | None = None,
         added: list[dict[str, object]] | None = None) -> None:  # fmt: skip
    at.session_state[key] = {
        "edited_rows": dict(edited or {}),
        "added_rows": added or [],
        "deleted_rows": [],
    }
    at.run()


def click(at: AppTest, label: str) -> None:
    (found,) = [b for b in at.button if b.label == label]
    found.click().run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]


def table(at: AppTest, first_column: str) -> pd.DataFrame:
    """The one table (dataframe or data editor) whose first column is ``first_column``."""
    (found,) = [f.value for f in at.dataframe if list(f.value.columns)[:1] == [first_column]]
    return found


def successes(at: AppTest) -> list[str]:
    return [s.value.replace("\\", "") for s in at.success]  # the flash is Markdown-escaped


def test_code_the_suggestions_question_and_see_it_in_the_topline(db_file: Path) -> None:
    seed(db_file, GOOGLE_FORMS, "Survei Layanan (Responses).csv")
    at = open_page()
    assert at.caption[0].value == "4 jawaban, 0 sudah dikode."
    themes = table(at, "Tema")
    assert list(themes.columns) == ["Tema", "Kata kunci", "Jawaban", "Contoh jawaban"]
    assert themes["Jawaban"].sum() == 4
    assert at.info[-1].value.startswith("Tambahkan kode")

    edit(at, "open_frame_1_saran", added=[{"code": "cepat", "label": "Kecepatan"},
                                          {"code": "info", "label": "Informasi"}])  # fmt: skip
    click(at, "Simpan kerangka kode")
    assert successes(at) == ["Perubahan disimpan: kerangka kode."]
    sheet = table(at, "Gelombang")
    assert list(sheet.columns) == [
        "Gelombang",
        "Responden ke-",
        "Jawaban",
        "Kecepatan",
        "Informasi",
    ]
    assert sheet["Responden ke-"].tolist() == [1, 3, 4, 5]

    edit(at, "open_coding_1_saran", {0: {"Kecepatan": True},
                                     1: {"Kecepatan": True, "Informasi": True}})  # fmt: skip
    click(at, "Simpan kode")
    assert at.caption[0].value == "4 jawaban, 2 sudah dikode."
    result = table(at, "Pilihan")
    assert result["Pilihan"].tolist() == ["Kecepatan", "Informasi"]
    assert result["%"].tolist() == ["100,0", "50,0"]

    topline = open_page("pages/topline.py")
    options = topline_shares(topline)
    assert options["Kecepatan"] == "100,0" and options["Informasi"] == "50,0"


def test_accept_suggestions_on_real_titles(db_file: Path) -> None:
    dip = pd.read_csv(DIP)
    items = dip[dip["topic"].isin(["anggaran_keuangan", "pengadaan_aset"])].head(30)
    content = pd.DataFrame(
        {"Badan publik": items["agency"], "Informasi yang dibutuhkan": items["text"]}
    ).to_csv(index=False)
    seed(db_file, content, "kebutuhan.csv")
    at = open_page()
    assert at.selectbox[1].options == ["Badan publik", "Informasi yang dibutuhkan"]
    at.selectbox[1].set_value("informasi_yang_dibutuhkan").run()
    edit(at, "open_frame_1_informasi_yang_dibutuhkan",
         added=[{"code": "anggaran", "label": "Anggaran"},
                {"code": "pengadaan", "label": "Pengadaan"}])  # fmt: skip
    click(at, "Simpan kerangka kode")
    assert [i.value[:15] for i in at.info[-2:]] == ["Belum ada saran", "Belum ada jawab"]
    labels = {"anggaran_keuangan": "Anggaran", "pengadaan_aset": "Pengadaan"}
    first = {i: {labels[topic]: True} for i, topic in enumerate(items["topic"].head(12))}
    edit(at, "open_coding_1_informasi_yang_dibutuhkan", first)
    click(at, "Simpan kode")
    proposed = table(at, "Jawaban")
    assert list(proposed.columns) == ["Jawaban", "Kode", "Keyakinan (%)", "Terima"]
    assert proposed["Terima"].all() and len(proposed) > 0
    click(at, "Terima saran yang dicentang")
    assert successes(at) == [f"Perubahan disimpan: {len(proposed)} saran kode diterima."]
    st.cache_resource.clear()
    db = Database(db_file)
    try:
        coded = open_answers(db, 1, "informasi_yang_dibutuhkan")
        stored = db.query("SELECT count(*) FROM poll_codings WHERE confidence IS NOT NULL")
    finally:
        db.close()
    assert stored == [(len(proposed),)]
    assert int(coded["codes"].map(bool).sum()) >= 12 + 1


def test_a_poll_without_open_questions(db_file: Path) -> None:
    skm = Path(__file__).resolve().parent.parent / "data" / "samples" / "skm_sekadau_2019_s1.csv"
    seed(db_file, skm.read_text(), skm.name)
    at = open_page()
    assert [i.value for i in at.info] == [
        "Polling ini tidak memiliki pertanyaan terbuka (jenis teks)."
    ]


def test_start_the_code_frame_from_the_themes(db_file: Path) -> None:
    seed(db_file, GOOGLE_FORMS, "Survei Layanan (Responses).csv")
    at = open_page()
    at.number_input[0].set_value(3).run()
    terms = table(at, "Tema")["Kata kunci"].tolist()
    click(at, "Mulai dengan satu kode per tema")
    frame = table(at, "code")
    assert frame["code"].tolist() == ["tema1", "tema2", "tema3"]
    assert frame["label"].tolist() == [", ".join(t.split(", ")[:2]) for t in terms]
    assert list(table(at, "Gelombang").columns)[3:] == frame["label"].tolist()
