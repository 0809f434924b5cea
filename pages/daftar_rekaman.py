"""Daftar Rekaman: search and filter the records the user may see; export as CSV or XLSX."""

from __future__ import annotations

from functools import partial

import streamlit as st

from analytics.export import csv_bytes, xlsx_bytes
from ui import tables
from ui.db import database, engine
from ui.guard import require_login
from ui.i18n import t
from workflows.records import STATUSES, RecordFilter, search, visible_units
from workflows.registry import list_sops

user = require_login()
db = database()
sops = {sop_id: title for sop_id, _, title, _ in list_sops(db)}
units = visible_units(user)
unit_options = (
    sorted(units)
    if units is not None
    else sorted({str(row[0]) for row in db.query("SELECT DISTINCT unit FROM records")})
)

st.title(t("page.records"))
text_col, sop_col, status_col = st.columns([2, 2, 1])
text = text_col.text_input(t("list.search"))
sop_id = sop_col.selectbox(
    t("list.sop"), [None, *sops], format_func=lambda s: t("list.all") if s is None else sops[s]
)
status = status_col.selectbox(
    t("list.status"), [None, *STATUSES],
    format_func=lambda s: t("list.all") if s is None else t(f"status.{s}"),
)  # fmt: skip
step_col, unit_col, from_col, to_col = st.columns(4)
step = step_col.text_input(t("list.step"))
unit = unit_col.selectbox(
    t("list.unit"), [None, *unit_options], format_func=lambda u: t("list.all") if u is None else u
)
created_from = from_col.date_input(t("list.from"), value=None, format="DD/MM/YYYY")
created_to = to_col.date_input(t("list.to"), value=None, format="DD/MM/YYYY")
overdue = st.checkbox(t("list.overdue"))

criteria = RecordFilter(
    text=text,
    sop_id=sop_id,
    status=status,
    step=step.strip() or None,
    unit=unit,
    overdue=overdue,
    created_from=created_from,
    created_to=created_to,
)
found = search(db, user, criteria, engine().clock())
if found.empty:
    st.info(t("list.none"))
    st.stop()

shown = tables.records(found)
st.text(f"{len(shown)} {t('list.count')}")
picked = st.dataframe(
    shown, hide_index=True, on_select="rerun", selection_mode="single-row", key="records_table"
)
rows = picked.selection.rows if picked is not None else []
if rows:
    chosen = str(int(found.iloc[rows[0]]["id"]))
    st.page_link(
        "pages/rekaman.py", label=f"{t('list.open')} #{chosen}", query_params={"id": chosen}
    )
csv_col, xlsx_col = st.columns(2)
# The files are built only when a button is clicked (deferred data).
csv_col.download_button(
    t("list.csv"),
    partial(csv_bytes, shown),
    on_click="ignore",
    file_name="rekaman.csv",
    mime="text/csv",
)
xlsx_col.download_button(
    t("list.xlsx"),
    partial(xlsx_bytes, {t("page.records"): shown}),
    on_click="ignore",
    file_name="rekaman.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
