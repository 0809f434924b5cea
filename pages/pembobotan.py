"""Weighting: population margins typed in or uploaded (e.g. BPS counts by sex, age group,
kecamatan), raking of one wave, margins before and after with the diagnostics, and storing the
weights with the wave so that the topline, cross-tab, trends and report can use them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.polling import Trim, rake
from analytics.polling.weighting import (
    margins_frame,
    margins_from_frame,
    read_margins,
    save_weights,
)
from ui import poll_tables
from ui.db import database
from ui.errors import explain
from ui.guard import require_login
from ui.i18n import t
from ui.poll_pick import pick_poll
from workflows.errors import LenteraError
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.weighting"))
poll = pick_poll(db, user)
waves = sorted(int(w) for w in poll.frame["wave"].unique())
wave = st.selectbox(t("topline.wave"), waves)
frame = poll.frame[poll.frame["wave"] == wave].reset_index(drop=True)
questions = {q.code: q for q in poll.codebook.questions if q.type in {"single", "likert"}}
st.caption(t("weighting.help"))
upload = st.file_uploader(t("weighting.file"), type=["csv", "txt", "xlsx"])
try:
    if upload is not None:
        targets = read_margins(upload.getvalue(), upload.name)
        st.dataframe(margins_frame(targets), hide_index=True)
    else:
        chosen = st.multiselect(
            t("weighting.variables"), list(questions), format_func=lambda c: questions[c].label
        )
        blank = pd.DataFrame(
            [(c, o, "") for c in chosen for o in questions[c].options],
            columns=["variabel", "kategori", "target"],
        )
        edited = st.data_editor(
            blank, hide_index=True, num_rows="dynamic", key=f"margins_{poll.id}_{wave}"
        )
        if not chosen:
            st.stop()
        if pd.DataFrame(edited)["target"].astype(str).str.strip().eq("").all():
            st.info(t("weighting.fill_targets"))
            st.stop()
        targets = margins_from_frame(pd.DataFrame(edited))
    cap = st.number_input(t("weighting.cap"), min_value=0.0, value=0.0, step=0.5)
    result = rake(frame, targets, trim=Trim(cap=cap) if cap > 0 else None)
except LenteraError as exc:
    st.error(explain(exc))
    st.stop()

(st.success if result.converged else st.warning)(
    t("weighting.done" if result.converged else "weighting.not_converged")
)
margin_col, diag_col = st.columns([3, 2])
margin_col.dataframe(poll_tables.margins(result.margins), hide_index=True)
diag_col.dataframe(poll_tables.diagnostics(result), hide_index=True)
if st.button(t("weighting.save"), type="primary", disabled=not result.converged):
    save_weights(db, poll.id, wave, frame["respondent"], result, targets, created_by=user.username)
    st.success(t("weighting.saved").format(wave=wave))
