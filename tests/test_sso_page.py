"""Single sign-on on the login page through AppTest: ``st.user`` faked, the mapping real."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, seed_database, shows_login_form
from ui import session
from ui.db import DB_ENV
from workflows.db import Database, utcnow
from workflows.sso import link

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "uji-saja-bukan-rahasia",
    "client_id": "lentera",
    "client_secret": "uji",
    "server_metadata_url": "https://login.example.go.id/.well-known/openid-configuration",
}


@pytest.fixture
def sso_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    db = Database(path)
    link(db, "kasi", "budi.kasi@cirebonkota.go.id", actor="admin")
    db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def run(user: dict[str, Any] | None = None, *, configured: bool = True) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if configured:
        at.secrets["auth"] = AUTH
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_auth_settings_there_is_no_sso_button(sso_db: Path) -> None:
    at = run(configured=False)
    assert shows_login_form(at)
    assert [b.label for b in at.button] == ["Masuk"]


def test_with_auth_settings_the_login_page_offers_sso(sso_db: Path) -> None:
    at = run({"is_logged_in": False})
    assert shows_login_form(at)
    assert [b.label for b in at.button] == ["Masuk", "Masuk dengan SSO"]


def test_a_linked_identity_logs_in_as_its_user(sso_db: Path) -> None:
    at = run({"is_logged_in": True, "email": "Budi.Kasi@cirebonkota.go.id"})
    assert [t.value for t in at.title] == ["Beranda"]
    assert any("Budi Kasi" in t.value for t in at.sidebar.text)


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"email": "orang.lain@gmail.com"}, "'orang.lain@gmail.com' is not linked"),
        ({"sub": "123"}, "did not send the 'email' claim"),
        ({"email": "budi.kasi@cirebonkota.go.id", "email_verified": False}, "has not verified"),
    ],
)
def test_unknown_identities_are_refused_with_a_sentence(
    sso_db: Path, claims: dict[str, Any], reason: str
) -> None:
    at = run({"is_logged_in": True, **claims})
    assert shows_login_form(at)
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert error.startswith("Masuk dengan SSO ditolak: ") and reason in error
    assert "Keluar dari akun SSO" in [b.label for b in at.button]
    assert not at.sidebar.button  # nobody is logged in to Lentera


def test_logout_and_idle_expiry_end_the_sso_login(sso_db: Path) -> None:
    at = run({"is_logged_in": True, "email": "budi.kasi@cirebonkota.go.id"})
    at.sidebar.button[0].click().run()  # Keluar
    assert shows_login_form(at)
    assert at.user == {"is_logged_in": False}
    assert "Masuk dengan SSO" in [b.label for b in at.button]

    at.user = {"is_logged_in": True, "email": "budi.kasi@cirebonkota.go.id"}
    at.run()
    assert [t.value for t in at.title] == ["Beranda"]
    at.session_state[session.SEEN_KEY] = utcnow() - session.IDLE_TIMEOUT - timedelta(minutes=1)
    at.run()
    assert shows_login_form(at)
    assert at.user == {"is_logged_in": False}
