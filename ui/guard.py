"""The check at the top of every page: a login, and optionally one of a set of roles."""

from __future__ import annotations

import streamlit as st

from ui import login, session, shell
from ui.i18n import role_label, t
from workflows.users import User


def holds_any(user: User, roles: set[str]) -> bool:
    """Whether the user holds at least one of ``roles`` in some unit."""
    return any(grant.role in roles for grant in user.grants)


def require_login(roles: set[str] | None = None) -> User:
    """The logged-in user; otherwise show the login form (or a refusal) and stop the page.

    Call it in the first lines of every page: a page opened by its URL runs without ``app.py``
    on a freshly started server (Streamlit's legacy ``pages/`` mode), so this is the only check
    that always runs. AppTest starts every run in that mode too.
    """
    if not st.session_state.pop(shell.ENTERED_KEY, False):
        # Run without app.py: on a freshly started server Streamlit's legacy pages/ mode runs a
        # deep-linked page file on its own. Run the frame instead; it runs this page again
        # inside st.navigation (same url path), with the menu, and stops this outer run.
        shell.main()
        st.stop()
    user = session.current_user()
    if user is None:
        login.render()
        st.stop()
    if roles is not None and not holds_any(user, roles):
        needed = ", ".join(sorted(role_label(role) for role in roles))
        st.error(f"{t('guard.forbidden')} {needed}.")
        st.stop()
    return user
