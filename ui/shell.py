"""The app's frame: page config, the menu the user may see, the sidebar, and running the page.

``app.py`` calls :func:`main`. So does the page guard when a page runs without it (Streamlit's
legacy ``pages/`` mode, see :func:`ui.guard.require_login`), so every page gets the same frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import streamlit as st

from ui import session
from ui.i18n import LANGUAGES, lang, set_lang, t
from workflows.fmt import Lang, format_datetime
from workflows.users import ADMIN_ROLE, User

BOOTED_KEY: Final = "shell_booted"
"""Set on the first run of each browser session."""
ENTERED_KEY: Final = "shell_entered"
"""Set by :func:`main` just before it runs a page; the page's guard takes it."""
LANG_WIDGET_KEY: Final = "shell_lang_choice"


@dataclass(frozen=True)
class PageSpec:
    """A page of the menu; ``roles`` limits it to holders of one of them (``None``: everyone)."""

    path: str
    label: str
    icon: str
    url: str
    roles: frozenset[str] | None = None


_ANALYSTS: Final = frozenset({"pemantau_opini_publik", ADMIN_ROLE})
"""Roles that analyse polls (the polling SOP's Pemantau Opini Publik) and the administrator."""
PPID_ROLES: Final = frozenset({"ppid_pembantu", "ppid_utama", ADMIN_ROLE})
"""Who may review the DIP and see its model (the PPID roles of roles.yaml, and admin)."""
LEADERS: Final = frozenset(
    {ADMIN_ROLE, "kepala_opd", "kabid_pengelolaan_informasi_publik", "ka_biro", "ppid_utama"}
)
"""Roles that see the compliance pages (roles.yaml): heads of office, division and bureau."""

PAGES: Final = (
    PageSpec("pages/beranda.py", "page.home", ":material/home:", "beranda"),
    PageSpec("pages/kotak_masuk.py", "page.inbox", ":material/inbox:", "kotak_masuk"),
    PageSpec("pages/daftar_rekaman.py", "page.records", ":material/list:", "daftar_rekaman"),
    PageSpec("pages/rekaman_baru.py", "page.new_record", ":material/add_box:", "rekaman_baru"),
    PageSpec("pages/rekaman.py", "page.record", ":material/description:", "rekaman"),
    PageSpec("pages/katalog_sop.py", "page.catalog", ":material/menu_book:", "katalog_sop"),
    PageSpec("pages/polling.py", "page.polls", ":material/ballot:", "polling", _ANALYSTS),
    PageSpec("pages/topline.py", "page.topline", ":material/bar_chart:", "topline", _ANALYSTS),
    PageSpec("pages/tabulasi.py", "page.crosstab", ":material/table_chart:", "tabulasi", _ANALYSTS),
    PageSpec(
        "pages/pembobotan.py", "page.weighting", ":material/balance:", "pembobotan", _ANALYSTS
    ),
    PageSpec("pages/tren.py", "page.trends", ":material/trending_up:", "tren", _ANALYSTS),
    PageSpec(
        "pages/laporan_polling.py",
        "page.poll_report",
        ":material/summarize:",
        "laporan_polling",
        _ANALYSTS,
    ),
    PageSpec("pages/ikm.py", "page.ikm", ":material/sentiment_satisfied:", "ikm", _ANALYSTS),
    PageSpec(
        "pages/jawaban_terbuka.py",
        "page.open_answers",
        ":material/forum:",
        "jawaban_terbuka",
        _ANALYSTS,
    ),
    PageSpec(
        "pages/dip_tinjau.py", "page.dip_review", ":material/fact_check:", "dip_tinjau", PPID_ROLES
    ),
    PageSpec(
        "pages/dip_model.py", "page.dip_model", ":material/model_training:", "dip_model", PPID_ROLES
    ),
    PageSpec(
        "pages/kepatuhan_ringkasan.py",
        "page.compliance",
        ":material/monitoring:",
        "kepatuhan_ringkasan",
        LEADERS,
    ),
    PageSpec(
        "pages/kepatuhan_sop.py", "page.compliance_sop", ":material/rule:", "kepatuhan_sop", LEADERS
    ),
    PageSpec(
        "pages/admin.py",
        "page.admin",
        ":material/admin_panel_settings:",
        "admin",
        frozenset({ADMIN_ROLE}),
    ),
)


def pages_for(user: User | None) -> list[st.Page]:
    """The pages the user may open; an anonymous visitor gets only the login page."""
    if user is None:
        return [
            st.Page(
                "pages/masuk.py", title=t("page.login"), icon=":material/login:", url_path="masuk"
            )
        ]
    held = {grant.role for grant in user.grants}
    return [
        st.Page(spec.path, title=t(spec.label), icon=spec.icon, url_path=spec.url, default=i == 0)
        for i, spec in enumerate(PAGES)
        if spec.roles is None or held & spec.roles
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
    """One script run: the first run of a browser session reruns once (see STYLE.md)."""
    st.set_page_config(page_title="Lentera", page_icon=":material/lightbulb:", layout="wide")
    if BOOTED_KEY not in st.session_state:
        # With a pages/ folder a fresh server starts in legacy multipage mode; one rerun per new
        # session puts st.navigation in charge before the session's first widget event.
        st.session_state[BOOTED_KEY] = True
        st.rerun()
    user = session.current_user()
    pages = pages_for(user)
    page = st.navigation(pages, position="hidden")
    sidebar(user, pages)
    st.session_state[ENTERED_KEY] = True
    page.run()
