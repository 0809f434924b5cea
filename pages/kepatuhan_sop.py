"""Kepatuhan per SOP: the flowchart coloured by each step's compliance, the step table (n,
median, p90, standard, compliance), the records behind a step's figures, and the semester
monitoring table ("Tabel 7") as XLSX and PDF."""

from __future__ import annotations

from functools import partial

import streamlit as st

from analytics.compliance import Filters, slowest_steps
from analytics.compliance.monitoring import current_semester, semester
from analytics.export import (
    Block,
    Heading,
    Image,
    Paragraph,
    Table,
    chart_png,
    pdf_bytes,
    xlsx_bytes,
)
from ui import compliance as view
from ui.db import database
from ui.guard import require_login
from ui.i18n import lang, t
from ui.shell import LEADERS
from workflows.flowchart import render_flowchart
from workflows.registry import latest_version, list_sops, load_sop

user = require_login(set(LEADERS))
db = database()

st.title(t("page.compliance_sop"))
filters = view.filter_bar(user, key="per_sop")
titles: dict[str, str] = {
    s: title
    for s, _, title, unit in list_sops(db)
    if filters.units is None or unit in filters.units
}
sop_id = filters.sop_id or st.selectbox(
    t("list.sop"), list(titles), format_func=lambda s: titles[s], key="per_sop_pick"
)
if sop_id is None:
    st.stop()
scoped = Filters(filters.start, filters.end, filters.unit, sop_id, filters.units)
stamp, moment = view.data_stamp(db), view.now()
(steps,) = view.rates(db, stamp, (("sop_id", "step"),), scoped, moment)
sop = load_sop(db, sop_id, latest_version(db, sop_id))

st.subheader(t("cmp.steps"))
if steps.empty:
    st.info(t("cmp.none"))
else:
    st.dataframe(view.step_table(steps).drop(columns=[t("col.sop")]), hide_index=True)

fills, badges = view.heat(steps)
st.image(
    render_flowchart(sop, lang=lang(), step_fill=fills, step_badge=badges),
    caption=t("cmp.flowchart"),  # Markdown: only our own labels
)

if not steps.empty:
    st.subheader(t("cmp.drill"))
    pick_col, late_col = st.columns([3, 1])
    # The SOP's slowest step first: where a leader usually wants to look.
    slowest = slowest_steps(steps)["step"].tolist()
    options = steps["step"].tolist()
    step = pick_col.selectbox(
        t("cmp.drill_pick"), options, index=options.index(slowest[0]) if slowest else 0,
        key=f"drill_step_{sop_id}",  # per SOP, so each opens on its own slowest step
    )  # fmt: skip
    late_only = late_col.checkbox(t("cmp.drill_late"), key="drill_late")
    behind = view.behind(db, stamp, sop_id, str(step), scoped, moment)
    if late_only:
        behind = behind[behind["late"].fillna(False).astype(bool)]
    picked = st.dataframe(
        view.drill_table(behind), hide_index=True, on_select="rerun",
        selection_mode="single-row", key="drill_table",
    )  # fmt: skip
    rows = picked.selection.rows if picked is not None else []
    if rows:
        chosen = str(int(behind.iloc[rows[0]]["record_id"]))
        st.page_link(
            "pages/rekaman.py", label=f"{t('list.open')} #{chosen}", query_params={"id": chosen}
        )

st.subheader(t("cmp.monitoring"))
this_year, this_half = current_semester(moment.astimezone(view.WIB).date())
year_col, half_col, threshold_col = st.columns(3)
year = int(year_col.number_input(t("cmp.year"), 2000, 2100, this_year, key="mon_year"))
half = int(half_col.selectbox(t("cmp.half"), [1, 2], index=this_half - 1, key="mon_half"))
threshold = threshold_col.slider(t("cmp.threshold"), 0, 100, 80, key="mon_threshold")
start, end = semester(year, half)
period = Filters(start, end, filters.unit, None, filters.units)
table = view.monitoring(db, stamp, period, threshold / 100, lang(), moment)
st.caption(view.period_label(period))  # Markdown: only dates we format
st.dataframe(table, hide_index=True)
(monthly,) = view.rates(db, stamp, (("month",),), period, moment)
title = f"{t('cmp.monitoring')} — {view.period_label(period)}"
blocks: list[Block] = [
    Heading(t("cmp.monitoring")),
    Paragraph(view.period_label(period)),
    Table(table),
]
xlsx_col, pdf_col, png_col = st.columns(3)
# Files are built only when a button is clicked (deferred data); a download does not rerun.
xlsx_col.download_button(
    t("cmp.xlsx"),
    partial(xlsx_bytes, {"Tabel 7": table}),
    on_click="ignore",
    file_name="monitoring_sop.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
if monthly.dropna(subset=["compliance_rate"]).empty:
    pdf_col.download_button(
        t("cmp.pdf"),
        partial(pdf_bytes, title, blocks, wide=True),
        on_click="ignore",
        file_name="monitoring_sop.pdf",
        mime="application/pdf",
    )
else:
    chart = view.trend_chart(monthly)
    pdf_col.download_button(
        t("cmp.pdf"),
        lambda: pdf_bytes(title, [*blocks, Image(chart_png(chart), 16.0)], wide=True),
        on_click="ignore",
        file_name="monitoring_sop.pdf",
        mime="application/pdf",
    )
    png_col.download_button(
        t("cmp.png"),
        partial(chart_png, chart),
        on_click="ignore",
        file_name="kepatuhan_bulanan.png",
        mime="image/png",
    )
