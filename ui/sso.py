"""Optional single sign-on through ``st.login`` (OIDC), on only when ``.streamlit/secrets.toml``
has an ``[auth]`` section. The identity in ``st.user`` is mapped to a Lentera user by
``workflows.sso``; an identity nobody linked is refused with a sentence."""

from __future__ import annotations

from typing import Final

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from ui import session
from ui.db import database
from ui.i18n import t
from ui.safe import md_escape
from workflows.sso import DEFAULT_CLAIM, SsoRefused, user_for_claims

SETTINGS: Final = "lentera"
"""The secrets section with ``sso_claim`` (default ``email``) and ``sso_provider`` (optional)."""


def configured() -> bool:
    """Whether ``[auth]`` is configured in the secrets."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return False


def _setting(name: str) -> str | None:
    try:
        section = st.secrets.get(SETTINGS, {})
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return None
    value = section.get(name) if hasattr(section, "get") else None
    return str(value) if value else None


def render() -> None:
    """The login page's SSO part: a button, or the outcome of coming back from the provider.

    Logging out of Lentera, and an idle expiry, end the provider's login too
    (:func:`ui.session.logout`), so a provider login is never taken over silently.
    """
    if not configured():
        return
    st.divider()
    if not st.user.get("is_logged_in"):
        if st.button(t("login.sso"), key="sso_login", icon=":material/key:"):
            st.login(_setting("sso_provider"))
        return
    try:
        user = user_for_claims(
            database(), st.user.to_dict(), _setting("sso_claim") or DEFAULT_CLAIM
        )
    except SsoRefused as exc:
        st.error(md_escape(f"{t('login.sso_refused')} {exc}"), icon=":material/block:")
        st.button(t("login.sso_logout"), key="sso_logout", on_click=st.logout)
        return
    session.start(user)
    st.rerun()
