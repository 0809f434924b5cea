"""Users as an admin manages them, the admin log, and the single sign-on mapping."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, POLLING_UNIT
from workflows.admin_log import recent
from workflows.db import Database
from workflows.engine import Engine
from workflows.errors import LenteraError, NotFound, RoleNotAllowed
from workflows.sso import SsoRefused, identities, link, unlink, user_for_claims
from workflows.users import (
    Grant,
    LoginFailed,
    add_user,
    all_users,
    authenticate,
    set_active,
    set_grants,
    set_password,
)

KASI = Grant("kasi_pengelolaan_opini_publik", POLLING_UNIT)


def test_all_users_lists_grants_and_inactive_users(
    db: Database, polling_users: dict[str, str]
) -> None:
    set_active(db, "kasi2", False, actor="admin")
    listed = {u.username: u for u in all_users(db)}
    assert sorted(listed) == sorted([*polling_users, "outsider", "admin"])
    assert listed["kasi"].grants == (KASI,) and listed["kasi"].active
    assert not listed["kasi2"].active
    assert listed["admin"].grants == (Grant("admin", "*"),)
    add_user(db, "tanpa.peran", "Tanpa Peran", PASSWORD, actor="admin")
    assert {u.username: u for u in all_users(db)}["tanpa.peran"].grants == ()


def test_every_user_change_is_logged_with_its_actor(
    db: Database, polling_users: dict[str, str]
) -> None:
    add_user(db, "baru", "Pegawai Baru", PASSWORD, (KASI,), actor="admin")
    set_grants(db, "baru", (Grant("kabid_pengelolaan_informasi_publik", POLLING_UNIT),),
               actor="admin")  # fmt: skip
    set_password(db, "baru", "kata-sandi-baru", actor="admin")
    set_active(db, "baru", False, actor="admin")
    set_active(db, "baru", True, actor="admin")
    log = recent(db, target="baru")
    assert [(a.actor, a.action) for a in log] == [
        ("admin", "user.activate"),
        ("admin", "user.deactivate"),
        ("admin", "user.password"),
        ("admin", "user.grants"),
        ("admin", "user.add"),
    ]
    assert log[3].detail == {
        "before": ["kasi_pengelolaan_opini_publik@cirebon-diskominfo"],
        "after": ["kabid_pengelolaan_informasi_publik@cirebon-diskominfo"],
    }
    assert "kata-sandi-baru" not in repr(log)
    assert log[0].occurred_at.tzinfo is not None
    assert len(recent(db, limit=2)) == 2


def test_refused_changes_write_no_log(db: Database, polling_users: dict[str, str]) -> None:
    before = len(recent(db, limit=1000))
    with pytest.raises(LenteraError, match="already exists"):
        add_user(db, "kasi", "Lagi", PASSWORD, actor="admin")
    with pytest.raises(LenteraError, match="unknown role"):
        set_grants(db, "kasi", (Grant("raja"),), actor="admin")
    with pytest.raises(LenteraError, match="at least 8 characters"):
        set_password(db, "kasi", "pendek", actor="admin")
    with pytest.raises(LenteraError, match="full name"):
        add_user(db, "tanpa.nama", "  ", PASSWORD, actor="admin")
    with pytest.raises(NotFound):
        set_active(db, "siapa", False, actor="admin")
    assert len(recent(db, limit=1000)) == before


def test_the_last_active_admin_stays(db: Database, polling_users: dict[str, str]) -> None:
    with pytest.raises(LenteraError, match="'admin' is the last active administrator"):
        set_active(db, "admin", False, actor="admin")
    with pytest.raises(LenteraError, match="last active administrator"):
        set_grants(db, "admin", (KASI,), actor="admin")
    add_user(db, "admin2", "Admin Dua", PASSWORD, (Grant("admin"),), actor="admin")
    set_active(db, "admin", False, actor="admin2")
    assert [u.active for u in all_users(db) if u.username == "admin"] == [False]


def test_reset_password_lifts_a_lockout(db: Database, polling_users: dict[str, str]) -> None:
    for _ in range(5):
        with pytest.raises(LoginFailed):
            authenticate(db, "kasi", "salah-salah")
    assert {u.username: u for u in all_users(db)}["kasi"].locked_until is not None
    set_password(db, "kasi", "sandi-baru-99", actor="admin")
    assert authenticate(db, "kasi", "sandi-baru-99").username == "kasi"
    assert {u.username: u for u in all_users(db)}["kasi"].locked_until is None


def test_deactivation_and_grant_changes_reach_a_running_engine(
    engine: Engine, db: Database, polling_users: dict[str, str]
) -> None:
    engine.start("pemantau", "cirebon-polling", "Polling admin")  # the engine caches the user
    set_grants(db, "pemantau", (KASI,), actor="admin")
    with pytest.raises(RoleNotAllowed):
        engine.start("pemantau", "cirebon-polling", "Tanpa peran pemantau")
    set_active(db, "pemantau", False, actor="admin")
    with pytest.raises(NotFound, match="no active user 'pemantau'"):
        engine.start("pemantau", "cirebon-polling", "Akun nonaktif")


def test_sso_claims_map_to_linked_users_only(db: Database, polling_users: dict[str, str]) -> None:
    link(db, "kasi", " Kasi@Cirebonkota.go.id ", actor="admin")
    user = user_for_claims(db, {"is_logged_in": True, "email": "kasi@cirebonkota.go.id"})
    assert user.username == "kasi" and user.grants == (KASI,)
    assert identities(db) == {"kasi": ("kasi@cirebonkota.go.id",)}
    refusals: list[tuple[dict[str, object], str]] = [
        ({"email": "orang@lain.go.id"}, "'orang@lain.go.id' is not linked to a Lentera user"),
        ({"is_logged_in": True}, "did not send the 'email' claim"),
        ({"email": "kasi@cirebonkota.go.id", "email_verified": False}, "has not verified"),
    ]
    for claims, message in refusals:
        with pytest.raises(SsoRefused, match=message):
            user_for_claims(db, claims)
    link(db, "kabid", "00u1abc", actor="admin")
    assert user_for_claims(db, {"sub": "00U1ABC"}, claim="sub").username == "kabid"
    set_active(db, "kasi", False, actor="admin")
    with pytest.raises(SsoRefused, match="is deactivated"):
        user_for_claims(db, {"email": "kasi@cirebonkota.go.id"})
    unlink(db, "KASI@cirebonkota.go.id", actor="admin")
    with pytest.raises(SsoRefused, match="not linked"):
        user_for_claims(db, {"email": "kasi@cirebonkota.go.id"})
    with pytest.raises(NotFound):
        unlink(db, "kasi@cirebonkota.go.id", actor="admin")
    with pytest.raises(NotFound):
        link(db, "siapa", "siapa@x.go.id", actor="admin")
    assert [a.action for a in recent(db, target="kasi")][:3] == [
        "user.sso_unlink",
        "user.deactivate",
        "user.sso_link",
    ]
