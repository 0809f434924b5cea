"""The Admin page through AppTest, against real DuckDB files: what each action writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from tests.test_app import PASSWORD, UNIT, log_in, run_app, seed_database
from ui import session, shell
from ui.db import DB_ENV, database
from workflows.admin_log import recent
from workflows.db import Database, utcnow
from workflows.fmt import format_date
from workflows.units import list_overrides, list_units
from workflows.users import Grant, add_user, all_users, authenticate

ADMIN = "admin.sistem"
ROOT = Path(__file__).resolve().parent.parent
KASI = Grant("kasi_pengelolaan_opini_publik", UNIT)


@pytest.fixture
def admin_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    db = Database(path)
    add_user(db, ADMIN, "Admin Sistem", PASSWORD, (Grant("admin"),))
    db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def admin_page(username: str = ADMIN) -> AppTest:
    at = log_in(run_app(), username)
    at.switch_page("pages/admin.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def button(at: AppTest, label: str) -> None:
    """Click the (form submit) button with this label and run the script."""
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, [b.label for b in at.button]
    found[0].click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def shown(elements: Iterable[Any]) -> list[str]:
    """Messages as the user reads them: the page escapes Markdown in them with backslashes."""
    return [str(element.value).replace("\\", "") for element in elements]


def frame(at: AppTest, column: str) -> pd.DataFrame:
    """The one data frame on the page with this column (every tab renders on each run)."""
    found = [df.value for df in at.dataframe if column in df.value.columns]
    assert len(found) == 1, [list(df.value.columns) for df in at.dataframe]
    return found[0]


def opened() -> Database:
    """The app's cached connection: AppTest runs in this process, and DuckDB lets one
    connection per process hold the file."""
    return database()


def test_non_admins_neither_see_nor_open_the_admin_page(admin_db: Path) -> None:
    at = log_in(run_app(), "pemantau")
    links = [node.label for node in at.sidebar.get("page_link") if isinstance(node, PageLink)]
    assert "Beranda" in links and "Admin" not in links
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/admin.py")
    # The page file itself, run as app.py would run it for a logged-in Pemantau.
    page = AppTest.from_file(ROOT / "pages" / "admin.py", default_timeout=30)
    page.session_state[shell.ENTERED_KEY] = True
    page.session_state[session.USER_KEY] = "pemantau"
    page.session_state[session.SEEN_KEY] = utcnow()
    page.run()
    assert [e.value for e in page.error] == [
        "Halaman ini hanya untuk pemegang peran berikut: Administrator Sistem."
    ]
    assert not page.tabs and not page.dataframe and not page.button


def test_admin_sees_the_page_in_the_menu_with_four_tabs(admin_db: Path) -> None:
    at = log_in(run_app(), ADMIN)
    links = [node.label for node in at.sidebar.get("page_link") if isinstance(node, PageLink)]
    assert links[0] == "Beranda" and links[-1] == "Admin"
    at = admin_page()
    assert [t.value for t in at.title] == ["Admin"]
    assert [tab.label for tab in at.tabs] == [
        "Pengguna dan peran",
        "Unit dan kalender kerja",
        "Rantai audit",
        "Riwayat perubahan",
    ]
    users = frame(at, "Nama pengguna")
    assert list(users["Nama pengguna"]) == [ADMIN, "kasi", "pemantau"]
    assert list(users["Aktif"]) == ["Ya", "Ya", "Ya"]
    assert users["Peran"][1] == "Kasi Pengelolaan Opini Publik (cirebon-diskominfo)"


def test_admin_adds_a_user_changes_grants_deactivates_and_resets(admin_db: Path) -> None:
    at = admin_page()
    at.text_input(key="admin_add_username").input("Staf.Baru")
    at.text_input(key="admin_add_name").input("Staf Baru")
    at.text_input(key="admin_add_password").input("pendek")
    at.multiselect(key="admin_add_grants").select(KASI)
    button(at, "Tambah pengguna")
    assert shown(at.error) == ["Tindakan gagal: a password needs at least 8 characters"]
    db = opened()
    assert "staf.baru" not in {u.username for u in all_users(db)}

    at.text_input(key="admin_add_password").input("sandi-staf-baru")
    button(at, "Tambah pengguna")
    assert not at.error
    assert shown(at.success) == ["Perubahan disimpan: pengguna ditambahkan (staf.baru)"]
    users = frame(at, "Nama pengguna")
    assert "staf.baru" in list(users["Nama pengguna"])
    staf = {u.username: u for u in all_users(db)}["staf.baru"]
    assert staf.grants == (KASI,) and staf.full_name == "Staf Baru"

    at.selectbox(key="admin_user").select("staf.baru").run()
    grants = at.multiselect(key="admin_grants_staf.baru")
    assert grants.value == [KASI]
    grants.unselect(KASI).select(Grant("kabid_pengelolaan_informasi_publik", UNIT))
    grants.select(Grant("ppid_utama", "*")).run()
    button(at, "Simpan peran")
    staf = {u.username: u for u in all_users(db)}["staf.baru"]
    assert staf.grants == (
        Grant("kabid_pengelolaan_informasi_publik", UNIT),
        Grant("ppid_utama", "*"),
    )

    button(at, "Nonaktifkan pengguna")
    assert not {u.username: u for u in all_users(db)}["staf.baru"].active
    row = list(frame(at, "Nama pengguna")["Nama pengguna"]).index("staf.baru")
    assert frame(at, "Nama pengguna")["Aktif"][row] == "Tidak"
    button(at, "Aktifkan kembali")
    assert {u.username: u for u in all_users(db)}["staf.baru"].active

    at.text_input(key="admin_new_password").input("sandi-pengganti-1")
    button(at, "Atur ulang kata sandi")
    assert authenticate(db, "staf.baru", "sandi-pengganti-1").username == "staf.baru"

    actions = [(a.actor, a.action) for a in recent(db, target="staf.baru")]
    assert actions == [
        (ADMIN, "user.password"),
        (ADMIN, "user.activate"),
        (ADMIN, "user.deactivate"),
        (ADMIN, "user.grants"),
        (ADMIN, "user.add"),
    ]
    log = frame(at, "Tindakan")
    assert list(log["Tindakan"])[:2] == ["kata sandi diatur ulang", "pengguna diaktifkan"]
    assert list(log["Oleh"])[:1] == [ADMIN]


def test_the_last_admin_cannot_lock_themselves_out(admin_db: Path) -> None:
    at = admin_page()
    at.selectbox(key="admin_user").select(ADMIN).run()
    button(at, "Nonaktifkan pengguna")
    assert shown(at.error) == [
        "Tindakan gagal: 'admin.sistem' is the last active administrator: make another user an "
        "administrator first"
    ]
    assert [t.value for t in at.title] == ["Admin"]


def test_sso_identity_is_linked_from_the_page(admin_db: Path) -> None:
    at = admin_page()
    at.selectbox(key="admin_user").select("kasi").run()
    at.text_input(key="admin_sso_identity").input("Budi.Kasi@cirebonkota.go.id")
    button(at, "Tautkan identitas SSO")
    row = list(frame(at, "Nama pengguna")["Nama pengguna"]).index("kasi")
    assert frame(at, "Nama pengguna")["Identitas SSO"][row] == "budi.kasi@cirebonkota.go.id"
    button(at, "Lepas identitas SSO")
    assert frame(at, "Nama pengguna")["Identitas SSO"][row] == ""


def _days(at: AppTest) -> dict[str, tuple[str, str, str]]:
    table = frame(at, "Jumlah jam")
    assert list(table.columns) == ["Tanggal", "Hari", "Jam kerja", "Jumlah jam", "Keterangan"]
    return {
        row["Tanggal"]: (row["Jam kerja"], row["Jumlah jam"], row["Keterangan"])
        for _, row in table.iterrows()
    }


def test_admin_edits_a_calendar_and_sees_the_next_days_change(admin_db: Path) -> None:
    at = admin_page()
    at.selectbox(key="admin_unit").select(UNIT).run()
    today = utcnow().astimezone(ZoneInfo("Asia/Jakarta")).date()
    before = _days(at)
    assert len(before) == 14
    mondays = [today + timedelta(days=n) for n in range(14) if (today.weekday() + n) % 7 == 0]
    monday = next(day for day in mondays if before[format_date(day, "id")][2] == "")  # no holiday
    key = format_date(monday, "id")
    assert before[key][:2] == ("07:30-12:00, 13:00-16:00", "7,5")

    # Monday's hours with a longer break, and WITA.
    at.text_input(key=f"admin_week_{UNIT}_0").input("08:00-11:00, 13:00-15:30")
    at.selectbox(key=f"admin_zone_{UNIT}").select("WITA")
    button(at, "Simpan kalender")
    assert not at.error
    assert _days(at)[key][:2] == ("08:00-11:00, 13:00-15:30", "5,5")
    unit = {u.id: u for u in list_units(opened())}[UNIT]
    assert unit.zone == "Asia/Makassar"

    # A bad window is refused with the day named, and nothing is written.
    at.text_input(key=f"admin_week_{UNIT}_1").input("13:00-16:00, 07:30-12:00")
    button(at, "Simpan kalender")
    assert shown(at.error) == [
        "Tindakan gagal: Selasa: windows must be sorted and must not overlap (07:30 starts "
        "before the previous window ends at 16:00)"
    ]
    unit = {u.id: u for u in list_units(opened())}[UNIT]
    assert unit.weekly[1] != ()  # Tuesday unchanged

    # Close the Monday with a note: the 14-day table shows it.
    at.date_input(key=f"admin_override_day_{UNIT}").set_value(monday)
    at.text_input(key=f"admin_override_note_{UNIT}").input("Hari jadi kota")
    button(at, "Simpan hari khusus")
    assert _days(at)[key] == ("-", "0,0", "Hari jadi kota")
    [override] = list_overrides(opened(), UNIT)
    assert (override.day, override.windows, override.note) == (monday, (), "Hari jadi kota")

    at.selectbox(key=f"admin_override_pick_{UNIT}").select(monday)
    button(at, "Hapus hari khusus")
    assert not list_overrides(opened(), UNIT)
    assert _days(at)[key][2] != "Hari jadi kota"


def test_audit_verification_shows_ok_then_each_problem(admin_db: Path) -> None:
    at = admin_page()
    button(at, "Periksa rantai audit")
    assert shown(at.success) == ["Rantai audit utuh: 1 rekaman dan 1 peristiwa diperiksa."]
    db = opened()
    cur = db.cursor()
    cur.execute("DROP TRIGGER events_no_update ON events")
    cur.execute("UPDATE events SET note = 'diubah diam-diam' WHERE record_id = 1 AND seq = 1")
    button(at, "Periksa rantai audit")
    assert shown(at.error) == ["Rantai audit rusak: 1 masalah pada 1 rekaman dan 1 peristiwa."]
    problems = frame(at, "Masalah")
    assert list(problems["Masalah"]) == ["record 1: event 1 was altered (hash mismatch)"]


def test_the_admin_page_in_english(admin_db: Path) -> None:
    at = log_in(run_app(), ADMIN)
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [
        "Users and roles",
        "Units and working calendars",
        "Audit chain",
        "Recent changes",
    ]
    assert list(frame(at, "Hours").columns) == ["Date", "Day", "Working hours", "Hours", "Note"]
    assert list(frame(at, "Action")["Action"]) == ["user added"] * 3
