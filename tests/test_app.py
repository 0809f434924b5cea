"""The Streamlit app through AppTest, against real DuckDB files built with the core API."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from ui import session, shell
from ui.db import DB_ENV
from ui.db import db_path as resolve_db_path
from workflows.db import Database, utcnow
from workflows.engine import Engine
from workflows.inbox import running_counts, waiting_on
from workflows.registry import sync_shipped
from workflows.users import Grant, add_user, get_user

APP = Path(__file__).resolve().parent.parent / "app.py"
PASSWORD = "lentera-demo"
UNIT = "cirebon-diskominfo"
RECORD_TITLE = "Polling tema layanan publik Oktober"


def seed_database(path: Path, *, demo: bool = False) -> None:
    """A closed database file with the shipped SOPs, two Cirebon users and one running record."""
    db = Database(path)
    try:
        sync_shipped(db)
        add_user(db, "pemantau", "Rina Pemantau", PASSWORD, (Grant("pemantau_opini_publik", UNIT),))
        add_user(db, "kasi", "Budi Kasi", PASSWORD, (Grant("kasi_pengelolaan_opini_publik", UNIT),))
        Engine(db).start("pemantau", "cirebon-polling", RECORD_TITLE)
        if demo:
            db.set_setting("demo", "true")
    finally:
        db.close()


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path, demo=True)
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def log_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shows_login_form(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Masuk ke Lentera"] and len(at.text_input) == 2


def test_anonymous_sees_only_the_login_form(db_file: Path) -> None:
    at = run_app()
    assert shows_login_form(at)
    assert [b.label for b in at.button] == ["Masuk"]
    assert not at.sidebar.button  # no logout, no menu for anonymous visitors
    assert RECORD_TITLE not in repr([df.value for df in at.dataframe])


def test_every_run_gets_the_frame_and_keeps_its_page(db_file: Path) -> None:
    """AppTest starts each run like a fresh server in legacy pages/ mode: the page file runs
    without app.py. The guard must hand over to the shell, which keeps the page and its menu."""
    at = log_in(run_app(), "pemantau")
    at.run()
    assert [t.value for t in at.title] == ["Beranda"]
    assert [b.label for b in at.sidebar.button] == ["Keluar"]
    at.switch_page("pages/katalog_sop.py").run()
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Katalog SOP"]
    assert [b.label for b in at.sidebar.button] == ["Keluar"]
    links = [node for node in at.sidebar.get("page_link") if isinstance(node, PageLink)]
    assert [link.label for link in links] == [
        "Beranda",
        "Kotak Masuk",
        "Daftar Rekaman",
        "Rekaman Baru",
        "Rekaman",
        "Katalog SOP",
        "Polling",
        "Topline",
        "Tabulasi silang",
        "Pembobotan",
        "Tren",
        "Laporan polling",
        "IKM",
        "Jawaban Terbuka",
    ]


def test_demo_mode_lists_the_demo_accounts(db_file: Path) -> None:
    at = run_app()
    assert [w.value for w in at.warning] == ["Mode demo"]
    accounts = at.dataframe[0].value
    assert list(accounts["Nama pengguna"]) == ["kasi", "pemantau"]
    assert list(accounts["Peran"]) == [
        "Kasi Pengelolaan Opini Publik (cirebon-diskominfo)",
        "Pemantau Opini Publik (cirebon-diskominfo)",
    ]
    assert any(PASSWORD in t.value for t in at.text)


def test_no_demo_banner_without_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plain.duckdb"
    seed_database(path, demo=False)
    monkeypatch.setenv(DB_ENV, str(path))
    at = run_app()
    assert shows_login_form(at)
    assert not at.warning
    assert not at.dataframe


def test_wrong_password_shows_a_sentence(db_file: Path) -> None:
    at = log_in(run_app(), "pemantau", "not-the-password")
    assert [e.value for e in at.error] == ["Nama pengguna atau kata sandi salah."]
    assert shows_login_form(at)


def test_a_locked_account_says_until_when(db_file: Path) -> None:
    at = run_app()
    for _ in range(5):
        at = log_in(at, "pemantau", "not-the-password")
    at = log_in(at, "pemantau")
    (message,) = [e.value for e in at.error]
    assert message.startswith("Terlalu banyak percobaan gagal: akun dikunci sampai ")
    assert message.endswith(" WIB.")


def test_empty_fields_are_refused_before_checking(db_file: Path) -> None:
    at = log_in(run_app(), "", "")
    assert [e.value for e in at.error] == ["Isi nama pengguna dan kata sandi."]


def test_user_sees_home_with_waiting_records(db_file: Path) -> None:
    at = log_in(run_app(), "pemantau")
    assert [t.value for t in at.title] == ["Beranda"]
    assert any("Rina Pemantau" in t.value for t in at.text)
    waiting, running = (df.value for df in at.dataframe)
    assert list(waiting["Judul"]) == [RECORD_TITLE]
    assert list(waiting["Langkah"]) == ["1. Menerima hasil rapat penentuan rencana tema polling"]
    assert list(waiting["Peran"]) == ["Pemantau Opini Publik"]
    assert str(waiting["Tenggat"][0]).endswith(" WIB")
    assert list(running["SOP"]) == ["Pengumpulan Pendapat Umum (Polling)"]
    assert list(running["Jumlah"]) == [1]
    assert [b.label for b in at.sidebar.button] == ["Keluar"]


def test_other_role_has_nothing_waiting(db_file: Path) -> None:
    at = log_in(run_app(), "kasi")
    assert [t.value for t in at.title] == ["Beranda"]
    assert [i.value for i in at.info] == ["Tidak ada rekaman yang menunggu tindakan Anda."]


def test_catalog_shows_the_cirebon_step_table(db_file: Path) -> None:
    at = log_in(run_app(), "pemantau")
    at.switch_page("pages/katalog_sop.py").run()
    assert [t.value for t in at.title] == ["Katalog SOP"]
    at.selectbox(key="catalog_sop").select("cirebon-polling").run()
    identity, steps, _versions = (df.value for df in at.dataframe)
    assert "026/SOP-PIP/2018" in list(identity.iloc[:, 1])
    assert list(steps.columns) == [
        "No",
        "Kegiatan",
        "Pemantau Opini Publik",
        "Kasi Pengelolaan Opini Publik",
        "Kabid Pengelolaan Informasi Publik",
        "Kelengkapan",
        "Waktu",
        "Output",
        "Keterangan",
    ]
    assert len(steps) == 9
    assert list(steps["No"]) == [str(n) for n in range(1, 10)]
    assert steps["Kabid Pengelolaan Informasi Publik"][3] == "◇"  # step 4 decides in that lane
    assert steps["Waktu"][3] == "5menit"  # as written in the SOP


def test_language_switch_to_english(db_file: Path) -> None:
    at = run_app()
    at.sidebar.radio[0].set_value("en").run()
    assert [t.value for t in at.title] == ["Log in to Lentera"]
    at = log_in(at, "pemantau")
    assert [t.value for t in at.title] == ["Home"]
    assert [b.label for b in at.sidebar.button] == ["Log out"]
    waiting = at.dataframe[0].value
    assert list(waiting["Role"]) == ["Public opinion monitor"]
    at.switch_page("pages/katalog_sop.py").run()
    assert [t.value for t in at.title] == ["SOP catalog"]
    assert "Remarks" in at.dataframe[1].value.columns


def test_logout_returns_to_the_login_form(db_file: Path) -> None:
    at = log_in(run_app(), "pemantau")
    at.sidebar.button[0].click().run()
    assert shows_login_form(at)


def test_idle_session_expires(db_file: Path) -> None:
    at = log_in(run_app(), "pemantau")
    at.session_state[session.SEEN_KEY] = utcnow() - session.IDLE_TIMEOUT - timedelta(minutes=1)
    at.run()
    assert shows_login_form(at)
    assert next(i.value for i in at.info).startswith("Sesi Anda berakhir")


def test_guard_refuses_a_user_without_the_role(db_file: Path) -> None:
    def admin_page() -> None:

        from ui.guard import require_login

        require_login({"admin"})
        st.text("secret")

    at = AppTest.from_function(admin_page, default_timeout=30)
    at.session_state[shell.ENTERED_KEY] = True  # as if app.py ran it
    at.session_state[session.USER_KEY] = "pemantau"
    at.session_state[session.SEEN_KEY] = utcnow()
    at.run()
    assert [e.value for e in at.error] == [
        "Halaman ini hanya untuk pemegang peran berikut: Administrator Sistem."
    ]
    assert "secret" not in [t.value for t in at.text]


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["app.py", "--db", "a.duckdb"], "b.duckdb", "a.duckdb"),
        (["app.py"], "b.duckdb", "b.duckdb"),
        (["app.py", "--dbx", "c.duckdb"], "b.duckdb", "b.duckdb"),
    ],
)
def test_db_path_prefers_the_argument_then_the_environment(
    argv: list[str], env: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DB_ENV, env)
    assert resolve_db_path(argv[1:]) == tmp_path / expected


def test_db_path_defaults_to_the_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_ENV, raising=False)
    assert resolve_db_path([]).name == "lentera.duckdb"


def test_is_demo_reads_the_demo_setting(tmp_path: Path) -> None:
    db = Database(tmp_path / "bare.duckdb")
    try:
        assert session.is_demo(db) is False
        db.set_setting("demo", "true")
        assert session.is_demo(db) is True
    finally:
        db.close()


def test_waiting_on_follows_role_unit_and_assignee(db_file: Path) -> None:
    db = Database(db_file)
    try:
        pemantau, kasi = get_user(db, "pemantau"), get_user(db, "kasi")
        add_user(db, "lain", "Unit Lain", PASSWORD, (Grant("pemantau_opini_publik", "lain"),))
        assert [w.title for w in waiting_on(db, pemantau)] == [RECORD_TITLE]
        assert waiting_on(db, kasi) == []
        assert waiting_on(db, get_user(db, "lain")) == []
        (item,) = waiting_on(db, pemantau)
        record = Engine(db).advance("pemantau", item.record_id, item.version)
        assert record.current_step == "2"
        assert [w.step_no for w in waiting_on(db, pemantau)] == ["2"]
        assert [(c.sop_id, c.count) for c in running_counts(db)] == [("cirebon-polling", 1)]
    finally:
        db.close()
