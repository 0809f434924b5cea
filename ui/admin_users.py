"""The Admin page's users tab: the table, add a user, edit grants, (de)activate, reset a password,
link single sign-on identities. Every action goes through ``workflows.users`` / ``workflows.sso``.
"""

from __future__ import annotations

import streamlit as st

from ui import admin_tables
from ui.feedback import attempt
from ui.i18n import grant_label, t
from workflows.catalog import role_catalog
from workflows.db import Database
from workflows.sso import identities, link, unlink
from workflows.units import list_units
from workflows.users import (
    ALL_UNITS,
    Grant,
    UserInfo,
    add_user,
    all_users,
    set_active,
    set_grants,
    set_password,
)


def grant_options(db: Database, held: tuple[Grant, ...] = ()) -> list[Grant]:
    """Every role in every unit and in all units, plus whatever ``held`` already contains."""
    units = [ALL_UNITS, *(unit.id for unit in list_units(db))]
    options = [Grant(role, unit) for role in role_catalog() for unit in units]
    return options + [grant for grant in held if grant not in options]


def render(db: Database, actor: str) -> None:
    """The whole tab for the logged-in admin ``actor`` (who is listed, so the list is not empty)."""
    listed = all_users(db)
    linked = identities(db)
    st.dataframe(admin_tables.users(listed, linked), hide_index=True)
    _add_form(db, actor)
    st.subheader(t("admin.pick_user"))
    names = [user.username for user in listed]
    chosen = st.selectbox(
        t("admin.pick_user"), names, key="admin_user", label_visibility="collapsed"
    )
    user = listed[names.index(chosen)] if chosen in names else listed[0]
    _grants(db, actor, user)
    _activation(db, actor, user)
    _password(db, actor, user)
    _sso(db, actor, user, linked.get(user.username, ()))


def _add_form(db: Database, actor: str) -> None:
    with st.expander(t("admin.add_user"), icon=":material/person_add:"), st.form("admin_add"):
        username = st.text_input(t("admin.username"), key="admin_add_username")
        full_name = st.text_input(t("admin.full_name"), key="admin_add_name")
        password = st.text_input(
            t("admin.initial_password"), type="password", key="admin_add_password"
        )
        grants = st.multiselect(
            t("admin.grants"), grant_options(db), format_func=grant_label, key="admin_add_grants"
        )
        if st.form_submit_button(t("admin.add_submit"), type="primary"):
            name = username.strip().lower()
            attempt(
                lambda: add_user(db, name, full_name, password, tuple(grants), actor=actor),
                f"{t('action.user.add')} ({name})",
            )


def _grants(db: Database, actor: str, user: UserInfo) -> None:
    chosen = st.multiselect(
        t("admin.grants"),
        grant_options(db, user.grants),
        default=list(user.grants),
        format_func=grant_label,
        key=f"admin_grants_{user.username}",
    )
    if st.button(t("admin.save_grants"), key="admin_save_grants"):
        attempt(
            lambda: set_grants(db, user.username, tuple(chosen), actor=actor),
            f"{t('action.user.grants')} ({user.username})",
        )


def _activation(db: Database, actor: str, user: UserInfo) -> None:
    label, action = ("admin.deactivate", "user.deactivate")
    if not user.active:
        label, action = ("admin.activate", "user.activate")
    if st.button(t(label), key="admin_toggle_active"):
        attempt(
            lambda: set_active(db, user.username, not user.active, actor=actor),
            f"{t(f'action.{action}')} ({user.username})",
        )


def _password(db: Database, actor: str, user: UserInfo) -> None:
    with st.form("admin_password", clear_on_submit=True):
        password = st.text_input(t("admin.new_password"), type="password", key="admin_new_password")
        if st.form_submit_button(t("admin.reset_password")):
            attempt(
                lambda: set_password(db, user.username, password, actor=actor),
                f"{t('action.user.password')} ({user.username})",
            )


def _sso(db: Database, actor: str, user: UserInfo, linked: tuple[str, ...]) -> None:
    left, right = st.columns(2)
    with left:
        identity = st.text_input(t("admin.sso_identity"), key="admin_sso_identity")
        if st.button(t("admin.sso_link"), key="admin_sso_link"):
            attempt(
                lambda: link(db, user.username, identity, actor=actor),
                f"{t('action.user.sso_link')} ({user.username})",
            )
    if not linked:
        return
    with right:
        chosen = st.selectbox(t("col.sso"), linked, key=f"admin_sso_linked_{user.username}")
        if st.button(t("admin.sso_unlink"), key="admin_sso_unlink"):
            attempt(
                lambda: unlink(db, chosen, actor=actor),
                f"{t('action.user.sso_unlink')} ({user.username})",
            )
