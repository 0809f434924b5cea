"""Polling: the list of polls, and importing an export file with its codebook editor."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.polling.codebook import QUESTION_TYPES, Codebook, infer_codebook
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, import_wave, list_polls
from ui import poll_tables
from ui.db import database
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import t
from workflows.errors import LenteraError
from workflows.records import visible_units
from workflows.users import ADMIN_ROLE

ROLES = {"pemantau_opini_publik", ADMIN_ROLE}
user = require_login(ROLES)
db = database()
units = visible_units(user)

st.title(t("page.polls"))
polls = list_polls(db)
if units is not None:
    polls = polls[polls["unit"].isin(units)]
st.subheader(t("poll.list"))
if polls.empty:
    st.info(t("poll.none"))
else:
    st.dataframe(poll_tables.polls(polls), hide_index=True)

st.subheader(t("poll.import"))
upload = st.file_uploader(t("poll.file"), type=["csv", "tsv", "txt", "xlsx"])
choices: list[int | None] = [None, *polls["id"].astype(int)]
titles = dict(zip(polls["id"].astype(int), polls["title"], strict=True))
target = st.selectbox(
    t("poll.target"), choices, format_func=lambda p: t("poll.new") if p is None else titles[p]
)
if upload is None:
    st.stop()
try:
    file = read_responses(upload.getvalue(), upload.name)
except LenteraError as exc:
    st.error(explain(exc))
    st.stop()
number_format = t("poll.decimal_comma") if file.decimal_comma else t("poll.decimal_point")
separator = {None: "XLSX", ",": "','", ";": "';'", "\t": "tab"}[file.separator]
st.caption(
    f"{t('poll.detected')}: {file.platform}, {file.encoding}, {separator}, {number_format}, "
    f"{len(file.frame)} {t('poll.rows')}"
)

if target is None:
    title = st.text_input(t("poll.title"))
    unit_options = sorted(units) if units is not None else sorted(
        str(row[0]) for row in db.query("SELECT id FROM units ORDER BY id")
    )  # fmt: skip
    unit = st.selectbox(t("poll.unit"), unit_options)
    record = st.number_input(t("poll.record"), min_value=0, step=1, value=0)
    probability = st.checkbox(t("poll.probability"))
    st.markdown(f"**{t('poll.codebook')}**")
    edited = st.data_editor(
        infer_codebook(file).frame(),
        hide_index=True,
        disabled=["code", "columns", "separator"],
        column_config={"type": st.column_config.SelectboxColumn(options=list(QUESTION_TYPES))},
        key=f"codebook_{upload.name}",
    )
if st.button(t("poll.do_import"), type="primary"):
    try:
        if target is None:
            poll = import_new_poll(
                db,
                file,
                Codebook.from_frame(pd.DataFrame(edited)),
                title=title,
                unit=str(unit),
                created_by=user.username,
                record_id=int(record) or None,
                probability=probability,
            )
            wave = 1
        else:
            poll, wave = target, import_wave(db, target, file, imported_by=user.username)
    except LenteraError as exc:
        st.error(explain(exc))
    else:
        st.success(f"{t('poll.imported')} {poll}, {t('poll.wave')} {wave}.")
