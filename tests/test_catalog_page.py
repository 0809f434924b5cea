"""The SOP catalog page through AppTest: what each role sees, and what an upload writes."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Image

from tests.test_app import fresh_caches, log_in, run_app, seed_database
from tests.test_sop_upload import revised_polling
from ui.db import DB_ENV
from workflows.db import Database
from workflows.users import Grant, add_user

__all__ = ["fresh_caches"]  # the autouse fixture that closes the cached database between tests

PAGE = "pages/katalog_sop.py"
PASSWORD = "lentera-demo"
POLLING = "cirebon-polling"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The AppTest database (two Cirebon users, one running polling record) plus an admin."""
    path = tmp_path / "lentera.duckdb"
    seed_database(path, demo=True)
    db = Database(path)
    try:
        add_user(db, "admin", "Ani Admin", PASSWORD, (Grant("admin"),))
    finally:
        db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def open_catalog(username: str, sop_id: str = POLLING) -> AppTest:
    at = log_in(run_app(), username)
    at.switch_page(PAGE).run()
    at.selectbox(key="catalog_sop").select(sop_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def stored(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """(SOP versions, records' versions) read from the file after the app let go of it."""
    st.cache_resource.clear()  # closes the app's connection
    db = Database(path)
    try:
        versions = db.query("SELECT sop_id, version, created_by FROM sop_versions ORDER BY ALL")
        records = db.query("SELECT title, sop_version FROM records ORDER BY id")
        return versions, records
    finally:
        db.close()


def flowchart(at: AppTest) -> ET.Element:
    (image,) = at.get("image")
    assert isinstance(image, Image)
    (url,) = image.value
    prefix = "data:image/svg+xml;base64,"
    assert url.startswith(prefix)
    return ET.fromstring(base64.b64decode(url.removeprefix(prefix)))


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="catalog_upload_file").set_value((name, data, "application/x-yaml"))
    at.main.button[0].click().run()  # the page's only button: Daftarkan
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_role_holder_sees_the_form_the_flowchart_and_the_versions(db_file: Path) -> None:
    at = open_catalog("pemantau")
    identity, form, versions = (df.value for df in at.dataframe)
    assert "Pengumpulan Pendapat Umum (Polling)" in list(identity.iloc[:, 1])
    assert list(form["Pemantau Opini Publik"][:3]) == ["▭", "▭", ""]
    assert form["Keterangan"][3] == "Tidak → dikembalikan kepada Kasi untuk diperbaiki"
    assert list(versions.columns) == [
        "Versi",
        "Didaftarkan",
        "Oleh",
        "Rekaman berjalan",
        "Sidik SHA-256",
    ]
    assert list(versions["Versi"]) == [1]
    assert list(versions["Oleh"]) == ["system"]
    assert list(versions["Rekaman berjalan"]) == [1]
    assert versions["Didaftarkan"][0].endswith(" WIB")
    svg = flowchart(at)
    lanes = [g.get("data-role") for g in svg.iter(f"{SVG}g") if g.get("class") == "lane"]
    assert lanes == [
        "pemantau_opini_publik",
        "kasi_pengelolaan_opini_publik",
        "kabid_pengelolaan_informasi_publik",
    ]
    (image,) = at.get("image")
    assert isinstance(image, Image)
    assert image.proto.imgs[0].alt == "Diagram alir SOP Pengumpulan Pendapat Umum (Polling)"
    assert not at.file_uploader
    assert not at.main.button  # no upload for a role holder who does not manage SOPs


def test_every_shipped_sop_shows_its_flowchart(db_file: Path) -> None:
    at = open_catalog("kasi")
    for sop_id in at.selectbox(key="catalog_sop").options:
        at.selectbox(key="catalog_sop").select(sop_id).run()
        assert not at.exception
        steps = [g for g in flowchart(at).iter(f"{SVG}g") if g.get("class") == "step"]
        assert len(steps) == len(at.dataframe[1].value)


def test_admin_uploads_a_revision_and_running_records_keep_their_version(db_file: Path) -> None:
    at = open_catalog("admin")
    at = upload(at, "polling-revisi.yaml", revised_polling().encode())
    assert [s.value for s in at.success] == ["SOP cirebon-polling didaftarkan sebagai versi 2."]
    assert at.selectbox(key="catalog_version_cirebon-polling").value == 2
    identity, form, versions = (df.value for df in at.dataframe)
    assert list(form["No"]) == ["1", "3", "4", "5", "6", "7", "8", "9"]
    assert list(versions["Versi"]) == [2, 1]
    assert list(versions["Oleh"]) == ["admin", "system"]
    assert list(versions["Rekaman berjalan"]) == [0, 1]
    assert "20 Nov 2026" in list(identity.iloc[:, 1])  # tanggal revisi, Indonesian date

    # The old version stays viewable.
    at.selectbox(key="catalog_version_cirebon-polling").select(1).run()
    assert len(at.dataframe[1].value) == 9

    sop_rows, records = stored(db_file)
    assert (POLLING, 2, "admin") in sop_rows
    assert records == [("Polling tema layanan publik Oktober", 1)]


def test_uploading_the_same_text_again_adds_no_version(db_file: Path) -> None:
    at = upload(open_catalog("admin"), "polling.yaml", revised_polling().encode())
    at = upload(at, "polling-lagi.yaml", revised_polling().encode())
    assert [s.value for s in at.success] == [
        "Teks ini sudah tersimpan sebagai versi 2 SOP cirebon-polling; tidak ada versi baru."
    ]
    sop_rows, _ = stored(db_file)
    assert [row for row in sop_rows if row[0] == POLLING] == [
        (POLLING, 1, "system"),
        (POLLING, 2, "admin"),
    ]


def test_an_invalid_upload_lists_its_problems_by_line_and_writes_nothing(db_file: Path) -> None:
    before = stored(db_file)
    broken = (
        revised_polling()
        .replace("    ya: 5\n", "    ya: 55\n")
        .replace("waktu: 5 menit", "waktu: lima", 1)
    )
    at = upload(open_catalog("admin"), "rusak.yaml", broken.encode())
    assert [e.value for e in at.error] == [
        "Berkas tidak valid: 2 masalah. Tidak ada yang disimpan."
    ]
    problems = at.dataframe[-1].value
    assert list(problems.columns) == ["Baris", "Masalah"]
    lines = broken.splitlines()
    assert [lines[n - 1].strip() for n in problems["Baris"]] == ["waktu: lima", "ya: 55"]
    assert not at.success
    assert stored(db_file) == before


def test_a_file_that_is_not_utf8_is_refused_with_its_line(db_file: Path) -> None:
    text = revised_polling()
    latin1 = text.encode().replace(b"hasil rapat penentuan", b"hasil rapat \xe9 penentuan")
    at = upload(open_catalog("admin"), "latin1.yaml", latin1)
    problems = at.dataframe[-1].value
    expected = 1 + text[: text.index("hasil rapat penentuan")].count("\n")
    assert list(problems["Baris"]) == [expected]
    assert "is not UTF-8" in problems["Masalah"][0]


def test_register_without_a_file_asks_for_one(db_file: Path) -> None:
    at = open_catalog("admin")
    at.main.button[0].click().run()
    assert [e.value for e in at.error] == ["Pilih berkas YAML terlebih dahulu."]


def test_the_upload_section_in_english(db_file: Path) -> None:
    at = run_app()
    at.sidebar.radio[0].set_value("en").run()
    at = log_in(at, "admin")
    at.switch_page(PAGE).run()
    assert [s.value for s in at.subheader][-1] == "Upload a new SOP or a revision"
    assert [b.label for b in at.main.button] == ["Register"]
    assert at.file_uploader(key="catalog_upload_file").allowed_type == [".yaml", ".yml"]
