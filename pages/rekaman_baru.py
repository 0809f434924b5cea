"""Rekaman Baru: start a record of an SOP whose first step the user performs."""

from __future__ import annotations

import streamlit as st

from ui.db import engine
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import t
from ui.safe import md_escape
from workflows.errors import LenteraError
from workflows.records import startable

user = require_login()
eng = engine()
options = {item.sop_id: item for item in startable(eng.db, user)}

st.title(t("page.new_record"))
if not options:
    st.info(t("new.none"))
    st.stop()

sop_id = st.selectbox(t("new.sop"), list(options), format_func=lambda s: options[s].title)
choice = options[sop_id]
first = eng.sop(choice.sop_id, choice.version).first
with st.form("new_record"):
    unit = st.selectbox(t("new.unit"), choice.units)
    title = st.text_input(t("new.title"), max_chars=200)
    if first.requirements:
        st.text(t("new.requirements"))
    answers = {
        item: st.text_input(md_escape(item), key=f"new_req_{sop_id}_{i}")
        for i, item in enumerate(first.requirements)
    }
    submitted = st.form_submit_button(t("new.submit"), type="primary")

if submitted:
    if not title.strip():
        st.error(t("new.title_missing"))
        st.stop()
    try:
        record = eng.start(
            user.username,
            choice.sop_id,
            title,
            unit=unit,
            requirements={k: v.strip() for k, v in answers.items() if v.strip()},
        )
    except LenteraError as error:
        st.error(explain(error))
        st.stop()
    st.success(t("new.created").format(id=record.id))
    st.page_link(
        "pages/rekaman.py",
        label=f"{t('inbox.open')} #{record.id}",
        icon=":material/open_in_new:",
        query_params={"id": str(record.id)},
    )
