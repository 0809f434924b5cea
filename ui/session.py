"""Who is logged in to this browser session, and for how long: login, logout and idle expiry."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

import streamlit as st

from ui.db import database
from workflows.db import Database, utcnow
from workflows.errors import NotFound
from workflows.users import Grant, User, authenticate, get_user, list_users

IDLE_TIMEOUT: Final = timedelta(minutes=30)
USER_KEY: Final = "auth_username"
LOGIN_AT_KEY: Final = "auth_login_at"
SEEN_KEY: Final = "auth_last_activity"
EXPIRED_KEY: Final = "auth_expired"


def login(username: str, password: str) -> User:
    """Check the password and start a session; raises ``LoginFailed`` with the reason."""
    return start(authenticate(database(), username.strip().lower(), password))


def start(user: User) -> User:
    """Start a session as ``user``, whose identity was just checked (password or SSO)."""
    now = utcnow()
    st.session_state[USER_KEY] = user.username
    st.session_state[LOGIN_AT_KEY] = now
    st.session_state[SEEN_KEY] = now
    st.session_state.pop(EXPIRED_KEY, None)
    return user


def logout() -> None:
    """End the session's login (the language choice stays), and the SSO login if any."""
    for key in (USER_KEY, LOGIN_AT_KEY, SEEN_KEY):
        st.session_state.pop(key, None)
    if st.user.get("is_logged_in"):
        st.logout()


def login_time() -> datetime | None:
    """When the current login started (aware UTC)."""
    value = st.session_state.get(LOGIN_AT_KEY)
    return value if isinstance(value, datetime) else None


def expired() -> bool:
    """Whether the last login ended because the session sat idle too long."""
    return bool(st.session_state.get(EXPIRED_KEY, False))


def current_user(now: datetime | None = None) -> User | None:
    """The logged-in user, read fresh from the database; counts as activity.

    A session idle for more than 30 minutes, or whose user was deactivated, is logged out.
    """
    username = st.session_state.get(USER_KEY)
    if not isinstance(username, str):
        return None
    moment = now or utcnow()
    seen = st.session_state.get(SEEN_KEY)
    if not isinstance(seen, datetime) or moment - seen > IDLE_TIMEOUT:
        logout()
        st.session_state[EXPIRED_KEY] = True
        return None
    try:
        user = get_user(database(), username)
    except NotFound:
        logout()
        return None
    st.session_state[SEEN_KEY] = moment
    return user


def is_demo(db: Database) -> bool:
    """Whether the database was seeded as a demo (setting ``demo`` is ``'true'``)."""
    return (db.setting("demo") or "").strip().lower() == "true"


def demo_accounts(db: Database) -> list[tuple[str, tuple[Grant, ...]]]:
    """(user name, grants) of every active user, for the demo login hint."""
    return list_users(db)
