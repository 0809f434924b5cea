"""Trends: one question across the waves of a poll (the share of each option, or the mean of a
numeric question), with the change since the previous wave and a marker where a design-based
test finds it significant."""

from __future__ import annotations

import altair as alt
import streamlit as st

from analytics.polling.explore import categorical_columns
from analytics.polling.trends import mean_trend, trend
from ui import poll_tables
from ui.db import database
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import t
from ui.poll_pick import pick_poll, pick_weight
from workflows.errors import LenteraError
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.trends"))
poll = pick_poll(db, user)
numeric = {q.code: q.label for q in poll.codebook.questions if q.type == "numeric"}
columns = {**categorical_columns(poll.codebook), **numeric}
if not columns:
    st.info(t("topline.none"))
    st.stop()
question_col, weight_col = st.columns(2)
question = question_col.selectbox(
    t("trend.question"), list(columns), format_func=columns.__getitem__
)
frame, weight = pick_weight(poll, poll.frame, weight_col)
st.info(t("topline.disclosure_probability" if poll.probability else "topline.disclosure_optin"))
if frame["wave"].nunique() < 2:
    st.info(t("trend.one_wave"))
try:
    if question in numeric:
        table = mean_trend(frame, question, weights=weight)
    else:
        table = trend(frame, question, weights=weight)
except LenteraError as exc:
    st.error(explain(exc))
    st.stop()
if question in numeric:
    line = alt.Chart(table).encode(
        x=alt.X("wave:O", title=t("trend.wave")),
        y=alt.Y("mean:Q", title=t("trend.mean"), scale=alt.Scale(zero=False)),
        tooltip=["wave:O", alt.Tooltip("mean:Q", format=".2f"), "n:Q"],
    )
    chart = line.mark_line(point=True)
    if poll.probability:  # intervals only for a declared probability design
        chart = line.mark_area(opacity=0.2).encode(y="ci_low:Q", y2="ci_high:Q") + chart
    st.altair_chart(chart)
    st.dataframe(poll_tables.mean_trend(table, intervals=poll.probability), hide_index=True)
    st.caption(t("trend.method_mean"))
    st.stop()
chart = (
    alt.Chart(table.assign(option=table["option"].astype(str)))
    .mark_line(point=True)
    .encode(
        x=alt.X("wave:O", title=t("trend.wave")),
        y=alt.Y("pct:Q", title="%"),
        color=alt.Color("option:N", title=None),
        tooltip=["wave:O", "option:N", alt.Tooltip("pct:Q", format=".1f")],
    )
)
st.altair_chart(chart)
st.dataframe(poll_tables.trend(table, intervals=poll.probability), hide_index=True)
st.caption(t("trend.method"))
