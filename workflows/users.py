"""Users, argon2 password hashes, role grants per unit, and login with lockout."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workflows import admin_log
from workflows.admin_log import SYSTEM
from workflows.catalog import role_catalog
from workflows.db import Database, from_db, to_db, utcnow
from workflows.errors import LenteraError, NotFound

ALL_UNITS = "*"
ADMIN_ROLE = "admin"
ADMIN_USER_ENV = "LENTERA_ADMIN_USER"
ADMIN_PASSWORD_ENV = "LENTERA_ADMIN_PASSWORD"
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
_HASHER = PasswordHasher()


class LoginFailed(LenteraError):
    """Wrong user name or password (``reason="wrong"``), or a locked account (``"locked"``,
    with ``locked_until`` in UTC). An inactive account reads as a wrong user name."""

    def __init__(
        self, message: str, *, reason: str = "wrong", locked_until: datetime | None = None
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.locked_until = locked_until


@dataclass(frozen=True)
class Grant:
    """A role held in one unit, or in every unit (``unit == "*"``)."""

    role: str
    unit: str = ALL_UNITS


@dataclass(frozen=True)
class User:
    """A user and the roles they hold."""

    username: str
    full_name: str
    grants: tuple[Grant, ...]

    def holds(self, role: str, unit: str) -> bool:
        """Whether the user may act as ``role`` in ``unit``."""
        return any(g.role == role and g.unit in (unit, ALL_UNITS) for g in self.grants)


@dataclass(frozen=True)
class UserInfo:
    """A user as the admin sees them: grants, active flag and lockout, active or not."""

    username: str
    full_name: str
    active: bool
    grants: tuple[Grant, ...]
    locked_until: datetime | None


def parse_grant(text: str) -> Grant:
    """Read ``role`` or ``role@unit`` as typed on the command line."""
    role, _, unit = text.partition("@")
    return Grant(role=role.strip(), unit=unit.strip() or ALL_UNITS)


def _check_grants(grants: tuple[Grant, ...]) -> None:
    unknown = sorted({g.role for g in grants} - set(role_catalog()))
    if unknown:
        raise LenteraError(f"unknown role(s): {', '.join(unknown)}")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise LenteraError("a password needs at least 8 characters")


def _grant_texts(grants: tuple[Grant, ...]) -> list[str]:
    return sorted(f"{g.role}@{g.unit}" for g in set(grants))


def _keeps_an_admin(tx: duckdb.DuckDBPyConnection, username: str) -> None:
    """Refuse a change that leaves ``username`` without admin rights if no other admin is left."""
    others = tx.execute(
        "SELECT count(DISTINCT u.username) FROM users u JOIN user_roles r USING (username) "
        "WHERE u.active AND r.role = ? AND u.username <> ?",
        [ADMIN_ROLE, username],
    ).fetchall()[0][0]
    is_admin = tx.execute(
        "SELECT count(*) FROM users u JOIN user_roles r USING (username) "
        "WHERE u.active AND r.role = ? AND u.username = ?",
        [ADMIN_ROLE, username],
    ).fetchall()[0][0]
    if is_admin and not others:
        raise LenteraError(
            f"'{username}' is the last active administrator: make another user an administrator "
            "first"
        )


def add_user(
    db: Database,
    username: str,
    full_name: str,
    password: str,
    grants: tuple[Grant, ...] = (),
    *,
    actor: str = SYSTEM,
) -> User:
    """Create a user with a hashed password and the given grants (logged as ``actor``'s)."""
    if not _USERNAME.match(username):
        raise LenteraError(
            f"user name '{username}' must be 2-32 characters: lower-case letters, digits, . _ -"
        )
    if not full_name.strip():
        raise LenteraError("a user needs a full name")
    _check_password(password)
    _check_grants(grants)
    password_hash = _HASHER.hash(password)
    with db.transaction() as tx:
        if tx.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchall():
            raise LenteraError(f"user '{username}' already exists")
        tx.execute(
            "INSERT INTO users (username, full_name, password_hash, created_at) "
            "VALUES (?, ?, ?, ?)",
            [username, full_name.strip(), password_hash, to_db(utcnow())],
        )
        _write_grants(tx, username, grants)
        admin_log.write(tx, actor, "user.add", username, {"grants": _grant_texts(grants)})
    db.users_changed()
    return get_user(db, username)


def set_password(db: Database, username: str, password: str, *, actor: str = SYSTEM) -> None:
    """Replace a user's password and clear any lockout (the password is never logged)."""
    _check_password(password)
    get_user(db, username)
    password_hash = _HASHER.hash(password)
    with db.transaction() as tx:
        tx.execute(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL "
            "WHERE username = ?",
            [password_hash, username],
        )
        admin_log.write(tx, actor, "user.password", username, {})


def set_grants(
    db: Database, username: str, grants: tuple[Grant, ...], *, actor: str = SYSTEM
) -> User:
    """Replace all of a user's role grants; the last active admin keeps the admin role."""
    _check_grants(grants)
    get_user(db, username)
    with db.transaction() as tx:
        if not any(g.role == ADMIN_ROLE for g in grants):
            _keeps_an_admin(tx, username)
        before = tx.execute(
            "SELECT role, unit FROM user_roles WHERE username = ?", [username]
        ).fetchall()
        tx.execute("DELETE FROM user_roles WHERE username = ?", [username])
        _write_grants(tx, username, grants)
        admin_log.write(tx, actor, "user.grants", username, {
            "before": _grant_texts(tuple(Grant(role, unit) for role, unit in before)),
            "after": _grant_texts(grants),
        })  # fmt: skip
    db.users_changed()
    return get_user(db, username)


def set_active(db: Database, username: str, active: bool, *, actor: str = SYSTEM) -> None:
    """Deactivate a user (they can no longer log in or act) or activate them again.

    The last active administrator cannot be deactivated.
    """
    if not db.query("SELECT 1 FROM users WHERE username = ?", [username]):
        raise NotFound(f"there is no user '{username}'")
    with db.transaction() as tx:
        if not active:
            _keeps_an_admin(tx, username)
        tx.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])
        action = "user.activate" if active else "user.deactivate"
        admin_log.write(tx, actor, action, username, {})
    db.users_changed()


def _write_grants(tx: duckdb.DuckDBPyConnection, username: str, grants: tuple[Grant, ...]) -> None:
    for grant in sorted(set(grants), key=lambda g: (g.role, g.unit)):
        tx.execute("INSERT INTO user_roles VALUES (?, ?, ?)", [username, grant.role, grant.unit])


def get_user(db: Database, username: str) -> User:
    """A user with their grants; :class:`NotFound` if there is none."""
    rows = db.query("SELECT full_name FROM users WHERE username = ? AND active", [username])
    if not rows:
        raise NotFound(f"there is no active user '{username}'")
    grants = db.query(
        "SELECT role, unit FROM user_roles WHERE username = ? ORDER BY role, unit", [username]
    )
    return User(username, rows[0][0], tuple(Grant(role, unit) for role, unit in grants))


def list_users(db: Database) -> list[tuple[str, tuple[Grant, ...]]]:
    """(user name, grants) of every active user, by user name."""
    grants: dict[str, list[Grant]] = {}
    for username, role, unit in db.query(
        "SELECT u.username, r.role, r.unit FROM users u "
        "LEFT JOIN user_roles r ON r.username = u.username "
        "WHERE u.active ORDER BY u.username, r.role, r.unit"
    ):
        held = grants.setdefault(str(username), [])
        if role is not None:
            held.append(Grant(str(role), str(unit)))
    return [(username, tuple(held)) for username, held in grants.items()]


def first_admin_from_env(db: Database, environ: Mapping[str, str]) -> User | None:
    """On a database with no users, create the admin named by ``LENTERA_ADMIN_USER`` (default
    ``admin``) with ``LENTERA_ADMIN_PASSWORD``; ``None`` when there are users or no password."""
    if db.query("SELECT 1 FROM users LIMIT 1"):
        return None
    password = environ.get(ADMIN_PASSWORD_ENV, "")
    if not password:
        if environ.get(ADMIN_USER_ENV):
            raise LenteraError(f"{ADMIN_USER_ENV} is set but {ADMIN_PASSWORD_ENV} is not")
        return None
    username = environ.get(ADMIN_USER_ENV, "").strip() or ADMIN_ROLE
    return add_user(db, username, "Administrator", password, (Grant(ADMIN_ROLE),),
                    actor=f"env:{ADMIN_USER_ENV}")  # fmt: skip


def all_users(db: Database) -> list[UserInfo]:
    """Every user, active or not, with their grants, by user name (one query)."""
    rows = db.query(
        "SELECT u.username, u.full_name, u.active, u.locked_until, "
        "list(struct_pack(role := r.role, unit := r.unit) ORDER BY r.role, r.unit) "
        "FILTER (WHERE r.role IS NOT NULL) "
        "FROM users u LEFT JOIN user_roles r ON r.username = u.username "
        "GROUP BY ALL ORDER BY u.username"
    )
    return [
        UserInfo(
            username,
            full_name,
            bool(active),
            tuple(Grant(g["role"], g["unit"]) for g in grants or ()),
            from_db(locked),
        )
        for username, full_name, active, locked, grants in rows
    ]


def authenticate(db: Database, username: str, password: str, now: datetime | None = None) -> User:
    """Check a password; five failures lock the account for 15 minutes."""
    moment = now or utcnow()
    rows = db.query(
        "SELECT password_hash, failed_logins, locked_until FROM users "
        "WHERE username = ? AND active",
        [username],
    )
    if not rows:
        _HASHER.hash(password)  # same cost as a real check: user names are not revealed by timing
        raise LoginFailed("wrong user name or password")
    password_hash, failed, locked_until = rows[0]
    locked = from_db(locked_until)
    if locked is not None and locked > moment:
        raise LoginFailed(
            f"too many failed attempts: the account is locked until {locked:%H:%M} UTC",
            reason="locked",
            locked_until=locked,
        )
    try:
        _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        failed += 1
        lock = to_db(moment + LOCKOUT) if failed >= MAX_FAILED_LOGINS else None
        db.cursor().execute(
            "UPDATE users SET failed_logins = ?, locked_until = ? WHERE username = ?",
            [0 if lock else failed, lock, username],
        )
        raise LoginFailed("wrong user name or password") from None
    db.cursor().execute(
        "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = ?", [username]
    )
    return get_user(db, username)


def holders(db: Database, role: str, unit: str) -> list[tuple[str, str]]:
    """(user name, full name) of active users who may act as ``role`` in ``unit``."""
    rows = db.query(
        "SELECT DISTINCT u.username, u.full_name FROM users u JOIN user_roles g "
        "ON g.username = u.username WHERE u.active AND g.role = ? AND g.unit IN (?, ?) "
        "ORDER BY u.username",
        [role, unit, ALL_UNITS],
    )
    return [(str(name), str(full)) for name, full in rows]
