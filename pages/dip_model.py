"""Model DIP: the stored model versions, their agency-held-out metrics and confusion matrix."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from analytics.dip.versions import confusion_frame, model_versions
from ui import dip
from ui.db import database
from ui.guard import require_login
from ui.i18n import t
from ui.shell import PPID_ROLES

require_login(set(PPID_ROLES))
db = database()
st.title(t("page.dip_model"))
st.caption(t("dip.method"))

versions = model_versions(db)
if not versions:
    st.info(t("dip.no_versions"))
    st.stop()
st.subheader(t("dip.versions"))
st.dataframe(dip.versions_table(versions), hide_index=True)

st.subheader(t("dip.confusion"))
st.dataframe(confusion_frame(versions[-1]))

st.subheader(t("dip.curve"))
curve = pd.DataFrame(
    {
        "reviewed": [v.reviewed_items for v in versions],
        "macro_f1": [v.metrics["category_macro_f1"] for v in versions],
        "version": [v.version for v in versions],
    }
)
chart = (
    alt.Chart(curve)
    .mark_line(point=True)
    .encode(
        x=alt.X("reviewed:Q", title=t("dip.col_reviewed")),
        y=alt.Y("macro_f1:Q", title=t("dip.col_f1"), scale=alt.Scale(domain=[0, 1])),
        tooltip=["version:O", "reviewed:Q", "macro_f1:Q"],
    )
)
st.altair_chart(chart)
