"""Password checks: wrong passwords, the five-failure lockout with its end time, inactive users."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PASSWORD
from workflows.db import Database
from workflows.users import (
    LOCKOUT,
    MAX_FAILED_LOGINS,
    LoginFailed,
    authenticate,
    set_active,
    set_password,
)

pytestmark = pytest.mark.usefixtures("polling_users")
NOW = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)


def _fail(db: Database, times: int, now: datetime = NOW) -> LoginFailed:
    caught = LoginFailed("")
    for _ in range(times):
        with pytest.raises(LoginFailed) as info:
            authenticate(db, "kasi", "salah-sandi", now)
        caught = info.value
    return caught


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(db: Database) -> None:
    error = _fail(db, 1)
    assert (error.reason, error.locked_until) == ("wrong", None)
    with pytest.raises(LoginFailed) as unknown:
        authenticate(db, "nobody", PASSWORD, NOW)
    assert (unknown.value.reason, str(unknown.value)) == ("wrong", str(error))


def test_five_failures_lock_the_account_until_a_given_time(db: Database) -> None:
    assert _fail(db, MAX_FAILED_LOGINS).reason == "wrong"
    with pytest.raises(LoginFailed) as locked:
        authenticate(db, "kasi", PASSWORD, NOW + timedelta(minutes=1))
    assert locked.value.reason == "locked"
    assert locked.value.locked_until == NOW + LOCKOUT
    assert authenticate(db, "kasi", PASSWORD, NOW + LOCKOUT + timedelta(seconds=1)).username == (
        "kasi"
    )


def test_a_new_password_lifts_the_lock(db: Database) -> None:
    _fail(db, MAX_FAILED_LOGINS)
    set_password(db, "kasi", "sandi-baru-123")
    assert authenticate(db, "kasi", "sandi-baru-123", NOW).username == "kasi"


def test_an_inactive_user_cannot_log_in(db: Database) -> None:
    set_active(db, "kasi", active=False)
    with pytest.raises(LoginFailed):
        authenticate(db, "kasi", PASSWORD, NOW)
