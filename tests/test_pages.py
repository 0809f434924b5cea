"""The daily pages through AppTest: inbox, record actions, records list and new record.

Each test drives the real app over a real DuckDB file and then checks what was written.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Image

from tests.test_app import APP, PASSWORD, RECORD_TITLE, log_in, seed_database
from ui.db import DB_ENV
from workflows import attachments
from workflows.db import Database
from workflows.engine import Engine
from workflows.users import Grant, add_user

UNIT = "cirebon-diskominfo"


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pemantau and Kasi of Cirebon, one running polling record, plus a Kabid."""
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    db = Database(path)
    try:
        add_user(db, "kabid", "Sari Kabid", PASSWORD,
                 (Grant("kabid_pengelolaan_informasi_publik", UNIT),))  # fmt: skip
        add_user(db, "kasi2", "Dodi Kasi", PASSWORD,
                 (Grant("kasi_pengelolaan_opini_publik", UNIT),))  # fmt: skip
    finally:
        db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def as_user(username: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    return log_in(at, username)


def open_page(at: AppTest, page: str, **params: str) -> AppTest:
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def events(path: Path, record_id: int = 1) -> list[tuple[str, str | None, str | None, str]]:
    """(action, decision, step_to, note) of the record's events, read after the app ran."""
    st.cache_resource.clear()  # release the app's handle on the file
    db = Database(path)
    try:
        rows = db.query(
            "SELECT action, decision, step_to, note FROM events WHERE record_id = ? ORDER BY seq",
            [record_id],
        )
    finally:
        db.close()
    return [(str(a), d, s, str(n)) for a, d, s, n in rows]


def button(at: AppTest, label: str) -> None:
    (found,) = [b for b in at.button if b.label == label]
    found.click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def texts(at: AppTest) -> list[str]:
    return [str(t.value) for t in at.text]


def test_inbox_lists_the_waiting_record_with_working_time_left(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/kotak_masuk.py")
    assert RECORD_TITLE in texts(at)
    links = [p for p in at.get("page_link") if "#1" in p.proto.label]
    assert links
    assert any(text.startswith(("sisa", "terlambat")) for text in texts(at))


def test_inbox_of_a_role_with_nothing_waiting_explains_itself(db_file: Path) -> None:
    at = open_page(as_user("kabid"), "pages/kotak_masuk.py")
    assert [i.value for i in at.info] and "Tidak ada rekaman" in at.info[0].value


def test_completing_a_step_writes_one_event(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman.py", id="1")
    at.text_area[0].input("Tema disepakati")
    button(at, "Selesaikan langkah")
    assert [s.value for s in at.success] == ["Tersimpan."]
    assert at.text_area[0].value == ""
    assert events(db_file)[-1] == ("complete", None, "2", "Tema disepakati")


def test_a_role_without_the_step_sees_no_actions(db_file: Path) -> None:
    at = open_page(as_user("kasi"), "pages/rekaman.py", id="1")
    assert "Tidak ada tindakan untuk Anda pada langkah ini." in [i.value for i in at.info]
    assert not [b for b in at.button if b.label == "Selesaikan langkah"]


def _to_decision(path: Path) -> None:
    """Take record 1 to the Kabid's decision (step 4)."""
    st.cache_resource.clear()
    db = Database(path)
    try:
        engine = Engine(db)
        record = engine.get(1)
        for actor in ("pemantau", "pemantau", "kasi"):
            record = engine.advance(actor, record.id, record.version)
    finally:
        db.close()


def test_tidak_needs_a_reason_and_returns_the_record_to_the_kasi(db_file: Path) -> None:
    _to_decision(db_file)
    at = open_page(as_user("kabid"), "pages/rekaman.py", id="1")
    button(at, "Tidak")
    assert [e.value for e in at.error] == [
        "Jawaban Tidak memerlukan alasan: tuliskan apa yang harus diperbaiki."
    ]
    at.text_area[0].input("Pertanyaan 3 bias")
    button(at, "Tidak")
    assert [s.value for s in at.success] == ["Tersimpan."]
    assert events(db_file)[-1] == ("decide", "tidak", "3", "Pertanyaan 3 bias")
    inbox = open_page(as_user("kasi"), "pages/kotak_masuk.py")
    assert RECORD_TITLE in texts(inbox)


def test_a_stale_version_names_who_changed_it_and_keeps_the_note(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman.py", id="1")
    at.text_area[0].input("Catatan saya")
    # Someone else completes the step in between (another session of the same process).
    from ui.db import engine as app_engine

    app_engine().advance("pemantau", 1, 1)
    button(at, "Selesaikan langkah")
    (message,) = [e.value for e in at.error]
    assert message.startswith("Rekaman ini telah diubah oleh pemantau pada ")
    assert "WIB" in message
    assert at.text_area[0].value == "Catatan saya"
    assert [e[0] for e in events(db_file)] == ["start", "complete"]


def test_reassign_and_cancel(db_file: Path) -> None:
    _to_decision(db_file)
    st.cache_resource.clear()
    db = Database(db_file)
    try:
        engine = Engine(db)
        record = engine.get(1)
        engine.advance("kabid", record.id, record.version, decision="tidak", note="ulang")
    finally:
        db.close()
    at = open_page(as_user("kasi"), "pages/rekaman.py", id="1")
    at.selectbox[0].select("kasi2")
    button(at, "Alihkan tugas")
    assert events(db_file)[-1][0] == "reassign"
    at = open_page(as_user("kasi2"), "pages/rekaman.py", id="1")
    button(at, "Batalkan rekaman")
    assert [e.value for e in at.error] == ["Pembatalan memerlukan alasan."]
    at.text_input[0].input("Polling digabung")
    button(at, "Batalkan rekaman")
    assert events(db_file)[-1] == ("cancel", None, None, "Polling digabung")


def test_attaching_an_output_file_stores_it_by_hash(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman.py", id="1")
    content = b"%PDF-1.7 kuesioner"
    at.file_uploader[0].set_value(("kuesioner.pdf", content, "application/pdf")).run()
    button(at, "Lampirkan output")
    assert [s.value for s in at.success] == ["Tersimpan."]
    assert events(db_file)[-1][0] == "attach"
    digest = hashlib.sha256(content).hexdigest()
    stored = attachments.path_of(db_file.parent, digest)
    assert stored.read_bytes() == content
    (download,) = at.get("download_button")
    assert download.proto.label == r"Unduh kuesioner\.pdf"  # Markdown-escaped file name
    stored.write_bytes(b"%PDF-1.7 palsu")
    at.run()
    assert not at.get("download_button")
    assert [e.value for e in at.error] == [
        r"kuesioner\.pdf: salinan tersimpan telah berubah sejak dilampirkan; unduhan ditahan."
    ]
    stored.unlink()
    at.run()
    assert [e.value for e in at.error] == [
        r"kuesioner\.pdf: berkas tidak ditemukan di penyimpanan."
    ]


def test_a_refused_file_writes_nothing(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman.py", id="1")
    at.file_uploader[0].set_value(("virus.exe", b"MZ", "application/octet-stream")).run()
    button(at, "Lampirkan output")
    (message,) = [e.value for e in at.error]
    assert message.startswith("Berkas ditolak: virus\\.exe")  # Markdown-escaped file name
    assert [e[0] for e in events(db_file)] == ["start"]


def test_an_unknown_record_number_says_so(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman.py", id="99")
    assert [e.value for e in at.error] == ["Rekaman dengan nomor itu tidak ada."]


def test_records_of_other_units_are_not_shown(db_file: Path) -> None:
    st.cache_resource.clear()
    db = Database(db_file)
    try:
        add_user(db, "cianjur", "Admin Medcen", PASSWORD, (Grant("admin_medcen", "kpu-cianjur"),))
    finally:
        db.close()
    at = open_page(as_user("cianjur"), "pages/rekaman.py", id="1")
    assert [e.value for e in at.error] == ["Rekaman ini milik unit yang tidak termasuk peran Anda."]
    at = open_page(at, "pages/daftar_rekaman.py")
    assert "Tidak ada rekaman yang cocok" in at.info[0].value


def test_records_list_filters_and_exports_neutralised_files(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/daftar_rekaman.py")
    frame = at.dataframe[0].value
    assert frame["Judul"].tolist() == [RECORD_TITLE]
    at.text_input[0].input("tidak ada judul seperti ini").run()
    assert "Tidak ada rekaman yang cocok" in at.info[0].value
    at.text_input[0].input("").run()
    downloads = at.get("download_button")
    assert len(downloads) == 2


def test_new_record_starts_on_the_chosen_sop(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman_baru.py")
    assert at.selectbox[0].options  # the polling SOP
    at.text_input[0].input("=HYPERLINK(1)  Polling Desember")
    at.button[0].click()
    at.run()
    assert [s.value for s in at.success] == ["Rekaman #2 dibuat."]
    assert events(db_file, 2)[0][0] == "start"


def test_new_record_is_refused_to_a_role_that_starts_nothing(db_file: Path) -> None:
    at = open_page(as_user("kasi"), "pages/rekaman_baru.py")
    assert "tidak dapat memulai SOP" in at.info[0].value


def test_the_record_page_draws_the_sop_with_the_current_step(db_file: Path) -> None:
    at = open_page(as_user("pemantau"), "pages/rekaman.py", id="1")
    (image,) = at.get("image")
    assert isinstance(image, Image)
    assert image.proto.imgs[0].caption.startswith("hijau: tepat waktu")
    (url,) = image.value
    svg = base64.b64decode(url.removeprefix("data:image/svg+xml;base64,")).decode()
    assert 'fill="#fff3bf"' in svg  # step 1 is running and on time
