"""Beranda: a greeting, the records waiting on the user, and running records per SOP."""

from __future__ import annotations

import streamlit as st

from ui import tables
from ui.db import database
from ui.guard import require_login
from ui.i18n import t
from workflows.inbox import running_counts, waiting_on

user = require_login()
db = database()

st.title(t("page.home"))
st.text(f"{t('home.greeting')} {user.full_name}")

st.subheader(t("home.waiting"))
waiting = waiting_on(db, user)
if waiting:
    st.dataframe(tables.waiting(waiting), hide_index=True)
else:
    st.info(t("home.waiting_none"))

st.subheader(t("home.running"))
counts = running_counts(db)
if counts:
    st.dataframe(tables.running(counts), hide_index=True)
else:
    st.info(t("home.running_none"))
