"""Lentera: the Streamlit entry point. Builds the menu the logged-in user may see and runs a page.

Run with ``streamlit run app.py -- --db data/lentera.duckdb`` (or set ``LENTERA_DB``).
"""

from __future__ import annotations

import streamlit as st

from ui import login, session
from ui.i18n import LANGUAGES, lang, set_lang, t
from workflows.fmt import Lang, format_datetime
from workflows.users import User

BOOTED_KEY = "app_booted"
LANG_WIDGET_KEY = "app_lang_choice"


def pages_for(user: User | None) -> list[st.Page]:
    """The pages the user may open; an anonymous visitor gets only the login page."""
    if user is None:
        return [
            st.Page(login.render, title=t("page.login"), icon=":material/login:", url_path="masuk")
        ]
    return [
        st.Page(
            "pages/beranda.py",
            title=t("page.home"),
            icon=":material/home:",
            url_path="beranda",
            default=True,
        ),
        st.Page(
            "pages/katalog_sop.py",
            title=t("page.catalog"),
            icon=":material/menu_book:",
            url_path="katalog_sop",
        ),
    ]


def _on_lang_change() -> None:
    choice = st.session_state[LANG_WIDGET_KEY]
    set_lang("en" if choice == "en" else "id")


def sidebar(user: User | None, pages: list[st.Page]) -> None:
    """The menu, who is logged in, the language switch and the logout button."""
    with st.sidebar:
        st.markdown("**Lentera**")
        if user is not None:
            for page in pages:
                st.page_link(page)
            st.divider()
            st.text(f"{t('app.signed_in_as')}: {user.full_name} ({user.username})")
            started = session.login_time()
            if started is not None:
                st.caption(f"{t('app.session_started')}: {format_datetime(started, lang=lang())}")
        options: list[Lang] = list(LANGUAGES)
        st.radio(
            t("app.language"),
            options,
            index=options.index(lang()),
            format_func=LANGUAGES.__getitem__,
            key=LANG_WIDGET_KEY,
            on_change=_on_lang_change,
        )
        if user is not None:
            st.button(t("app.logout"), on_click=session.logout, icon=":material/logout:")


def main() -> None:
    """Run one script pass: first pass of a browser session reruns once (see STYLE.md)."""
    st.set_page_config(page_title="Lentera", page_icon=":material/lightbulb:", layout="wide")
    if BOOTED_KEY not in st.session_state:
        # With a pages/ folder, a fresh server starts in legacy multipage mode; one rerun per new
        # session makes this script's st.navigation the one in charge from the start.
        st.session_state[BOOTED_KEY] = True
        st.rerun()
    user = session.current_user()
    pages = pages_for(user)
    page = st.navigation(pages, position="hidden")
    sidebar(user, pages)
    page.run()


main()
