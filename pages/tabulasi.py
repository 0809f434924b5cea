"""Cross-tab explorer: a row and a column question, optional filters, weighted % (with 95% CIs
only for a declared probability design), the Rao–Scott test and the significant cells marked."""

from __future__ import annotations

import streamlit as st

from analytics.polling import Design
from analytics.polling.crosstab import Percent
from analytics.polling.explore import categorical_columns, explore
from ui import poll_tables
from ui.db import database
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import t
from ui.poll_pick import pick_poll, pick_wave, pick_weight
from workflows.errors import LenteraError
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.crosstab"))
poll = pick_poll(db, user)
wave_col, weight_col = st.columns(2)
frame, weight = pick_weight(poll, pick_wave(poll, wave_col), weight_col)
columns = categorical_columns(poll.codebook)
if len(columns) < 2:
    st.info(t("crosstab.too_few"))
    st.stop()
names = list(columns)
row_col, col_col, percent_col = st.columns(3)
# Keys keep the choices when a switch of language changes the labels.
row = row_col.selectbox(
    t("crosstab.row"), names, format_func=columns.__getitem__, key="crosstab_row"
)
col = col_col.selectbox(
    t("crosstab.col"), names, index=1, format_func=columns.__getitem__, key="crosstab_col"
)
percents: list[Percent] = ["column", "row"]
percent = percent_col.radio(
    t("crosstab.percent"),
    percents,
    format_func=lambda p: t(f"crosstab.percent_{p}"),
    key="crosstab_percent",
)
filters = {}
chosen = st.multiselect(
    t("crosstab.filters"), names, format_func=columns.__getitem__, key="crosstab_filters"
)
for name in chosen:
    values = frame[name].dropna().unique().tolist()
    filters[name] = st.multiselect(columns[name], values, default=values, key=f"filter_{name}")

st.info(t("topline.disclosure_probability" if poll.probability else "topline.disclosure_optin"))
if row == col:
    st.warning(t("crosstab.same"))
    st.stop()
try:
    tab = explore(Design(frame, weights=weight), row, col, filters=filters, percent=percent)
except LenteraError as exc:
    st.error(explain(exc))
    st.stop()
st.dataframe(poll_tables.crosstab_grid(tab), hide_index=True)
st.caption(poll_tables.rao_scott(tab, indicative=not poll.probability))
st.dataframe(poll_tables.crosstab_cells(tab, intervals=poll.probability), hide_index=True)
