"""The login form, with the demo accounts listed when the database is a demo."""

from __future__ import annotations

import streamlit as st

from ui import session
from ui.db import database
from ui.i18n import grant_label, lang, t
from workflows.demo import DEMO_PASSWORD
from workflows.fmt import format_datetime
from workflows.users import LoginFailed

FORM_KEY = "login_form"


def failure_message(exc: LoginFailed) -> str:
    """A sentence in the session's language for a failed login."""
    if exc.reason == "locked" and exc.locked_until is not None:
        return t("login.locked").format(until=format_datetime(exc.locked_until, lang=lang()))
    return t("login.wrong")


def render() -> None:
    """Show the login form; a successful login reruns the app as the user."""
    st.title(t("login.title"))
    if session.expired():
        st.info(t("login.expired"))
    with st.form(FORM_KEY):
        username = st.text_input(t("login.username"), autocomplete="username")
        password = st.text_input(
            t("login.password"), type="password", autocomplete="current-password"
        )
        submitted = st.form_submit_button(t("login.submit"), type="primary")
    if submitted:
        if not username.strip() or not password:
            st.error(t("login.missing"))
        else:
            try:
                session.login(username, password)
            except LoginFailed as exc:
                st.error(failure_message(exc))
            else:
                st.rerun()
    _demo_hint()


def _demo_hint() -> None:
    db = database()
    if not session.is_demo(db):
        return
    st.warning(t("login.demo_banner"), icon=":material/science:")
    st.text(f"{t('login.demo_hint')} '{DEMO_PASSWORD}'.")
    st.dataframe(
        [
            {
                t("login.demo_user"): name,
                t("login.demo_roles"): ", ".join(grant_label(grant) for grant in grants),
            }
            for name, grants in session.demo_accounts(db)
        ],
        hide_index=True,
    )
