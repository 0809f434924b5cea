"""Kotak Masuk: the records waiting on the user's roles, soonest due first, one click to open."""

from __future__ import annotations

import streamlit as st

from ui import tables
from ui.db import database, engine
from ui.guard import require_login
from ui.i18n import lang, t
from workflows.fmt import format_datetime
from workflows.inbox import waiting_on

user = require_login()
eng = engine()
items = waiting_on(database(), user, now=eng.clock(), calendar_of=eng.calendar)

st.title(t("page.inbox"))
if not items:
    st.info(t("inbox.empty"))
    st.stop()
st.caption(t("inbox.intro"))
for item in items:
    with st.container(border=True):
        link, about, due = st.columns([1, 4, 2])
        link.page_link(
            "pages/rekaman.py",
            label=f"{t('inbox.open')} #{item.record_id}",
            icon=":material/open_in_new:",
            query_params={"id": str(item.record_id)},
        )
        about.text(item.title)
        about.text(f"{item.sop_title} · {t('col.step')} {item.step_no}: {item.activity}")
        left = tables.time_left(item.minutes_left)
        if item.minutes_left is not None and item.minutes_left < 0:
            due.error(left, icon=":material/schedule:")
        else:
            due.text(left)
        if item.due_at is not None:
            due.caption(format_datetime(item.due_at, item.zone, lang()))
        if item.ready_at is not None:
            due.caption(
                f"{t('inbox.waiting_until')} {format_datetime(item.ready_at, item.zone, lang())}"
            )
