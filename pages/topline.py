"""Topline: every closed question of a poll with weighted %, n and effective n; Likert questions
as diverging bars sorted by net agreement. Margins of error only for declared probability designs.
"""

from __future__ import annotations

import streamlit as st

from analytics.export import csv_bytes, xlsx_bytes
from analytics.polling import Design
from analytics.polling.topline import diverging_chart, likert_summary, topline
from ui import poll_tables
from ui.db import database
from ui.guard import require_login
from ui.i18n import t
from ui.poll_pick import pick_poll, pick_wave, pick_weight
from ui.safe import md_escape
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.topline"))
picked = pick_poll(db, user)
poll, probability, codebook = picked.id, picked.probability, picked.codebook
wave_col, weight_col = st.columns(2)
frame, weight = pick_weight(picked, pick_wave(picked, wave_col), weight_col)

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
    st.markdown(f"**{md_escape(str(rows['question'].iloc[0]))}**")
    st.dataframe(poll_tables.topline(rows, intervals=probability), hide_index=True)

csv_col, xlsx_col = st.columns(2)
csv_col.download_button(
    t("topline.csv"),
    csv_bytes(poll_tables.tidy(table, intervals=probability)),
    on_click="ignore",
    file_name=f"topline-{poll}.csv",
    mime="text/csv",
)
xlsx_col.download_button(
    t("topline.xlsx"),
    xlsx_bytes(poll_tables.sheets(table, summary, intervals=probability)),
    on_click="ignore",
    file_name=f"topline-{poll}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
