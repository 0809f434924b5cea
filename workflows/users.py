"""Users, argon2 password hashes, role grants per unit, and login with lockout."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workflows.catalog import role_catalog
from workflows.db import Database, from_db, to_db, utcnow
from workflows.errors import LenteraError, NotFound

ALL_UNITS = "*"
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


def parse_grant(text: str) -> Grant:
    """Read ``role`` or ``role@unit`` as typed on the command line."""
    role, _, unit = text.partition("@")
    return Grant(role=role.strip(), unit=unit.strip() or ALL_UNITS)


def _check_grants(grants: tuple[Grant, ...]) -> None:
    unknown = sorted({g.role for g in grants} - set(role_catalog()))
    if unknown:
        raise LenteraError(f"unknown role(s): {', '.join(unknown)}")


def add_user(
    db: Database, username: str, full_name: str, password: str, grants: tuple[Grant, ...] = ()
) -> User:
    """Create a user with a hashed password and the given grants."""
    if not _USERNAME.match(username):
        raise LenteraError(
            f"user name '{username}' must be 2-32 characters: lower-case letters, digits, . _ -"
        )
    if len(password) < 8:
        raise LenteraError("a password needs at least 8 characters")
    _check_grants(grants)
    password_hash = _HASHER.hash(password)
    with db.transaction() as tx:
        if tx.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchall():
            raise LenteraError(f"user '{username}' already exists")
        tx.execute(
            "INSERT INTO users (username, full_name, password_hash, created_at) "
            "VALUES (?, ?, ?, ?)",
            [username, full_name, password_hash, to_db(utcnow())],
        )
        _write_grants(tx, username, grants)
    db.users_changed()
    return get_user(db, username)


def set_password(db: Database, username: str, password: str) -> None:
    """Replace a user's password and clear any lockout."""
    if len(password) < 8:
        raise LenteraError("a password needs at least 8 characters")
    get_user(db, username)
    db.cursor().execute(
        "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL "
        "WHERE username = ?",
        [_HASHER.hash(password), username],
    )


def set_grants(db: Database, username: str, grants: tuple[Grant, ...]) -> User:
    """Replace all of a user's role grants."""
    _check_grants(grants)
    get_user(db, username)
    with db.transaction() as tx:
        tx.execute("DELETE FROM user_roles WHERE username = ?", [username])
        _write_grants(tx, username, grants)
    db.users_changed()
    return get_user(db, username)


def set_active(db: Database, username: str, active: bool) -> None:
    """Deactivate a user (they can no longer log in or act) or activate them again."""
    if not db.query("SELECT 1 FROM users WHERE username = ?", [username]):
        raise NotFound(f"there is no user '{username}'")
    db.cursor().execute("UPDATE users SET active = ? WHERE username = ?", [active, username])
    db.users_changed()


def _write_grants(tx: object, username: str, grants: tuple[Grant, ...]) -> None:
    for grant in sorted(set(grants), key=lambda g: (g.role, g.unit)):
        tx.execute(  # type: ignore[attr-defined]
            "INSERT INTO user_roles VALUES (?, ?, ?)", [username, grant.role, grant.unit]
        )


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
