"""Admin: users and roles, units and their working calendars, audit-chain verification and the
log of recent admin changes. For the ``admin`` role only."""

from __future__ import annotations

import streamlit as st

from ui import admin_calendar, admin_tables, admin_users
from ui.db import database
from ui.feedback import show_flash
from ui.guard import require_login
from ui.i18n import lang, t
from ui.safe import md_escape
from workflows.admin_log import recent
from workflows.audit import verify
from workflows.fmt import format_number
from workflows.users import ADMIN_ROLE

user = require_login({ADMIN_ROLE})
db = database()

st.title(t("page.admin"))
show_flash()
users_tab, units_tab, audit_tab, log_tab = st.tabs(
    [t("admin.tab_users"), t("admin.tab_units"), t("admin.tab_audit"), t("admin.tab_log")]
)
with users_tab:
    admin_users.render(db, user.username)
with units_tab:
    admin_calendar.render(db, user.username)
with audit_tab:
    st.caption(t("admin.verify_help"))
    if st.button(t("admin.verify"), key="admin_verify", icon=":material/verified:"):
        report = verify(db)
        counts = {
            "records": format_number(report.records, lang=lang()),
            "events": format_number(report.events, lang=lang()),
            "problems": format_number(len(report.problems), lang=lang()),
        }
        if report.ok:
            st.success(md_escape(t("admin.audit_ok").format(**counts)), icon=":material/verified:")
        else:
            st.error(md_escape(t("admin.audit_broken").format(**counts)), icon=":material/gpp_bad:")
            st.dataframe(admin_tables.problems(report.problems), hide_index=True)
with log_tab:
    changes = recent(db, limit=100)
    if changes:
        st.dataframe(admin_tables.log(changes), hide_index=True)
    else:
        st.info(t("admin.log_none"))
