"""IKM: the SKM dashboard of a poll per service unit and unsur (Permenpan RB 14/2017 or Kepmenpan
25/2004, exact or rounded weight), a chart per unit, and the Krejcie–Morgan sample each unit needs.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.polling.errors import IkmError
from analytics.polling.frames import poll_frame
from analytics.polling.ikm import MethodName, WeightName
from analytics.polling.skm import dashboard, sample_sizes, unsur_chart, unsur_columns
from analytics.polling.store import poll_codebook
from ui import poll_tables
from ui.db import database
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import lang, t
from ui.poll_pick import choose_poll
from ui.safe import md_escape
from workflows.fmt import format_number
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.ikm"))
poll = choose_poll(db, user)
codebook = poll_codebook(db, poll)
frame, _ = poll_frame(db, poll)  # cached until the poll's data changes
scored = [q.code for q in codebook.questions if q.type in {"likert", "single", "numeric"}]
grouping = [q.code for q in codebook.questions if q.type == "single"]

method_col, weight_col, unit_col = st.columns(3)
methods: list[MethodName] = ["2017", "2004"]
method = method_col.radio(t("ikm.method"), methods, format_func=lambda m: t(f"ikm.method_{m}"))
weights: list[WeightName] = ["exact", "rounded"]
weight = weight_col.radio(t("ikm.weight"), weights, format_func=lambda w: t(f"ikm.weight_{w}"))
unit_options: list[str | None] = [None, *grouping]
unit = unit_col.selectbox(
    t("ikm.unit_column"), unit_options, format_func=lambda c: t("ikm.no_unit") if c is None else c
)
chosen = st.multiselect(
    t("ikm.unsur"), scored, default=unsur_columns(scored, method), key=f"ikm_unsur_{method}"
)
try:
    board = dashboard(frame, chosen, unit, method, weight)
except IkmError as exc:
    st.error(explain(exc))
    st.stop()

st.caption(
    t(f"ikm.weight_used_{weight}").format(
        unsur=len(chosen), weight=format_number(board.weight, 3, lang())
    )
)
st.subheader(t("ikm.units"))
st.dataframe(poll_tables.ikm_units(board.units), hide_index=True)
for name in board.units["unit"]:
    st.markdown(f"**{md_escape(t('col.unit') + ': ' + name)}**")
    st.altair_chart(unsur_chart(board, name, lang()))
    st.dataframe(poll_tables.ikm_unsur(board.unsur[board.unsur["unit"] == name]), hide_index=True)

st.subheader(t("ikm.sample"))
edited = st.data_editor(
    pd.DataFrame(
        {"unit": board.units["unit"], "population": pd.array([None] * len(board.units), "Int64")}
    ),
    hide_index=True,
    disabled=["unit"],
    column_config={
        "unit": st.column_config.TextColumn(t("col.unit")),
        "population": st.column_config.NumberColumn(t("ikm.population"), min_value=1, step=1),
    },
    key=f"ikm_population_{poll}_{unit}",
)
given = pd.DataFrame(edited).dropna(subset=["population"])
populations = dict(zip(given["unit"].astype(str), given["population"].astype(int), strict=True))
st.dataframe(poll_tables.ikm_sample(sample_sizes(board.units, populations)), hide_index=True)
