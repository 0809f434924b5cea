"""Ringkasan Kepatuhan: compliance KPIs, the monthly trend, the worst steps, the slowest step of
each SOP and the open records that have waited longest, for a period, unit and SOP."""

from __future__ import annotations

import streamlit as st

from analytics import compliance as cmp
from ui import compliance as view
from ui.db import database
from ui.guard import require_login
from ui.i18n import t
from ui.shell import LEADERS

user = require_login(set(LEADERS))
db = database()

st.title(t("page.compliance"))
filters = view.filter_bar(user, key="overview")
stamp, moment = view.data_stamp(db), view.now()
monthly, steps = view.rates(db, stamp, (("month",), ("sop_id", "step")), filters, moment)
waiting = view.waiting(db, stamp, filters, moment)
ftr = view.first_time_right(db, stamp, moment)
if filters.sop_id is not None:
    ftr = ftr[ftr["sop_id"] == filters.sop_id]

judged = int(steps["judged"].sum()) if not steps.empty else 0
within = int(steps["within"].sum()) if not steps.empty else 0
completed = int(ftr["completed"].sum())
rate_col, judged_col, overdue_col, ftr_col = st.columns(4)
rate_col.metric(t("cmp.rate"), view.percent(within / judged if judged else None))
judged_col.metric(t("cmp.judged"), judged)
overdue_col.metric(t("cmp.overdue_now"), int(waiting["overdue"].sum()))
ftr_col.metric(
    t("cmp.ftr"),
    view.percent(
        (ftr["first_time_right"] * ftr["completed"]).sum() / completed if completed else None
    ),
)

if steps.empty:
    st.info(t("cmp.none"))
else:
    st.subheader(t("cmp.trend"))
    st.altair_chart(view.trend_chart(monthly), width="stretch")
    st.subheader(t("cmp.worst"))
    worst = steps[steps["judged"] > 0].sort_values(["compliance_rate", "judged"],
                                                   ascending=[True, False]).head(10)  # fmt: skip
    st.dataframe(view.step_table(worst), hide_index=True)
    st.subheader(t("cmp.slowest"))
    st.caption(t("cmp.slowest_help"))
    st.dataframe(view.step_table(cmp.slowest_steps(steps)), hide_index=True)

st.subheader(t("cmp.waiting"))
if waiting.empty:
    st.info(t("cmp.none_open"))
else:
    st.dataframe(view.open_table(waiting.head(15)), hide_index=True)
