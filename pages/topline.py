"""Topline: every closed question of a poll with weighted %, n and effective n; Likert questions
as diverging bars sorted by net agreement. Margins of error only for declared probability designs.
"""

from __future__ import annotations

import streamlit as st

from analytics.export import csv_bytes, xlsx_bytes
from analytics.polling import Design
from analytics.polling.coding import with_coded
from analytics.polling.store import list_polls, poll_codebook, responses
from analytics.polling.topline import diverging_chart, likert_summary, topline
from ui import poll_tables
from ui.db import database
from ui.guard import require_login
from ui.i18n import t
from workflows.records import visible_units
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()
units = visible_units(user)

st.title(t("page.topline"))
polls = list_polls(db)
if units is not None:
    polls = polls[polls["unit"].isin(units)]
if polls.empty:
    st.info(t("poll.none"))
    st.stop()
titles = dict(zip(polls["id"].astype(int), polls["title"], strict=True))
poll = st.selectbox(t("topline.pick"), list(titles), format_func=titles.__getitem__)
probability = bool(polls.set_index("id").loc[poll, "probability"])
frame, codebook = with_coded(db, poll, responses(db, poll), poll_codebook(db, poll))
waves: list[int | None] = [None, *sorted(frame["wave"].unique().tolist())]
wave_col, weight_col = st.columns(2)
wave = wave_col.selectbox(
    t("topline.wave"), waves, format_func=lambda w: t("topline.all_waves") if w is None else str(w)
)
weights: list[str | None] = [None, *(q.code for q in codebook.questions if q.type == "weight")]
weight = weight_col.selectbox(
    t("topline.weight"), weights, format_func=lambda w: t("topline.unweighted") if w is None else w
)
if wave is not None:
    frame = frame[frame["wave"] == wave].reset_index(drop=True)
if weight is not None:
    frame = frame[frame[weight].notna()].reset_index(drop=True)

st.info(t("topline.disclosure_probability" if probability else "topline.disclosure_optin"))
table = topline(Design(frame, weights=weight), codebook)
if table.empty:
    st.info(t("topline.none"))
    st.stop()

summary = likert_summary(table, codebook)
if not summary.empty:
    st.subheader(t("topline.likert"))
    st.altair_chart(diverging_chart(table, codebook, summary))
    st.dataframe(poll_tables.likert(summary), hide_index=True)

for _, rows in table.groupby("code", sort=False):
    st.markdown(f"**{rows['question'].iloc[0]}**")
    st.dataframe(poll_tables.topline(rows, intervals=probability), hide_index=True)

csv_col, xlsx_col = st.columns(2)
csv_col.download_button(
    t("topline.csv"),
    csv_bytes(poll_tables.tidy(table, intervals=probability)),
    file_name=f"topline-{poll}.csv",
    mime="text/csv",
)
xlsx_col.download_button(
    t("topline.xlsx"),
    xlsx_bytes(poll_tables.sheets(table, summary, intervals=probability)),
    file_name=f"topline-{poll}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
