"""The poll's analysis report in one click: XLSX (one sheet per table, banner cross-tabs), a PDF
with charts and a tidy CSV; the PDF can be attached to the current step of the linked polling SOP
record when the user holds that step's role."""

from __future__ import annotations

import streamlit as st

from analytics.polling import Design
from analytics.polling.explore import categorical_columns
from analytics.polling.report import (
    attach_report,
    build_report,
    report_csv,
    report_pdf,
    report_xlsx,
)
from ui.db import database, engine
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import lang, t
from ui.poll_pick import pick_poll, pick_wave, pick_weight
from workflows.engine import allowed_actions
from workflows.errors import LenteraError
from workflows.users import ADMIN_ROLE

REPORT_KEY = "poll_report"
user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.poll_report"))
poll = pick_poll(db, user)
wave_col, weight_col = st.columns(2)
frame, weight = pick_weight(poll, pick_wave(poll, wave_col), weight_col)
columns = categorical_columns(poll.codebook)
banner = st.multiselect(
    t("report.banner"), list(columns), format_func=columns.__getitem__, key="report_banner"
)
name = f"laporan-polling-{poll.id}"
# A built report is offered only for the choices (and the language) it was built with.
choice = (poll.id, tuple(sorted(frame["wave"].unique().tolist())), weight, tuple(banner), lang())
if st.button(t("report.build"), type="primary"):
    try:
        report = build_report(
            Design(frame, weights=weight),
            poll.codebook,
            title=poll.title,
            banner=banner,
            probability=poll.probability,
            lang=lang(),
        )
    except LenteraError as exc:
        st.error(explain(exc))
        st.stop()
    st.session_state[REPORT_KEY] = (
        choice,
        report_xlsx(report),
        report_pdf(report),
        report_csv(report),
    )
built = st.session_state.get(REPORT_KEY)
if built is None or built[0] != choice:
    st.stop()
_, xlsx, pdf, csv = built
xlsx_col, pdf_col, csv_col = st.columns(3)
xlsx_col.download_button(
    t("report.xlsx"),
    xlsx,
    on_click="ignore",
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
pdf_col.download_button(
    t("report.pdf"), pdf, on_click="ignore", file_name=f"{name}.pdf", mime="application/pdf"
)
csv_col.download_button(
    t("report.csv"), csv, on_click="ignore", file_name=f"{name}.csv", mime="text/csv"
)

if poll.record_id is None:
    st.caption(t("report.no_record"))
    st.stop()
records = engine()
record = records.get(poll.record_id)
sop = records.sop(record.sop_id, record.sop_version)
if "attach" not in allowed_actions(sop, record, user, records.clock()):
    st.caption(t("report.not_your_step").format(record=record.id))
    st.stop()
if st.button(t("report.attach").format(record=record.id)):
    try:
        attach_report(records, db.path.parent, user.username, record.id, pdf, f"{name}.pdf")
    except LenteraError as exc:
        st.error(explain(exc))
    else:
        st.success(t("report.attached").format(record=record.id))
