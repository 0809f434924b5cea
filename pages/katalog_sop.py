"""Katalog SOP: the identity block and the step table of a stored SOP."""

from __future__ import annotations

import streamlit as st

from ui import tables
from ui.db import database
from ui.guard import require_login
from ui.i18n import t
from workflows.registry import list_sops, load_sop

require_login()
db = database()

st.title(t("page.catalog"))
sops = {sop_id: (version, title) for sop_id, version, title, _unit in list_sops(db)}
if not sops:
    st.info(t("catalog.none"))
    st.stop()

chosen = st.selectbox(
    t("catalog.pick"),
    list(sops),
    format_func=lambda sop_id: f"{sops[sop_id][1]} ({sop_id})",
    key="catalog_sop",
)
version = sops[chosen][0]
sop = load_sop(db, chosen, version)

st.subheader(t("catalog.identity"))
st.dataframe(
    tables.identity(sop, version),
    hide_index=True,
    height="content",
    column_config={t("catalog.field"): st.column_config.TextColumn(width="small")},
)
st.subheader(t("catalog.steps"))
st.dataframe(tables.steps(sop), hide_index=True, height="content")
