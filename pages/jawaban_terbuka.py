"""Open answers: explore themes (TF-IDF + NMF), edit the code frame, code answers (one or several
codes each, or accept the model's suggestions) and see the coded answers as a question.
Answer text is user input: it is shown only through st.dataframe / st.data_editor.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.polling import Design
from analytics.polling.codebook import Codebook
from analytics.polling.coding import (
    CODED_SUFFIX,
    Code,
    accept_suggestions,
    code_answers,
    code_frame,
    codes_from_themes,
    open_answers,
    save_code_frame,
    suggestions,
    text_questions,
)
from analytics.polling.frames import poll_frame
from analytics.polling.open_answers import Themes, themes
from analytics.polling.store import list_polls, poll_codebook
from analytics.polling.topline import topline
from ui import open_tables, poll_tables
from ui.db import database
from ui.errors import explain
from ui.feedback import attempt, show_flash
from ui.guard import require_login
from ui.i18n import t
from ui.poll_pick import choose_poll
from workflows.errors import LenteraError
from workflows.users import ADMIN_ROLE

user = require_login({"pemantau_opini_publik", ADMIN_ROLE})
db = database()

st.title(t("page.open_answers"))
show_flash()
poll = choose_poll(db, user)
codebook = poll_codebook(db, poll)
questions = {q.code: q.label for q in text_questions(codebook)}
if not questions:
    st.info(t("open.no_text"))
    st.stop()
question = st.selectbox(t("open.question"), list(questions), format_func=questions.__getitem__)
answers = open_answers(db, poll, question)
coded = int(answers["codes"].map(bool).sum())
st.caption(t("open.counts").format(answers=len(answers), coded=coded))
if answers.empty:
    st.stop()

st.subheader(t("open.themes"))
count = st.number_input(
    t("open.theme_count"),
    min_value=1,
    max_value=max(1, min(12, len(answers))),
    value=min(5, max(1, len(answers) // 2)),
)
found: Themes | None = None
try:
    found = themes(answers["text"].tolist(), int(count))
except LenteraError as exc:
    st.error(explain(exc))
else:
    st.dataframe(open_tables.themes(found, answers["text"]), hide_index=True)
    if not found.converged:
        st.caption(t("open.not_converged"))

st.subheader(t("open.frame"))
frame = code_frame(db, poll, question)
edited_frame = st.data_editor(
    pd.DataFrame({"code": [c.code for c in frame], "label": [c.label for c in frame]}, dtype=str),
    num_rows="dynamic",
    hide_index=True,
    column_config={
        "code": st.column_config.TextColumn(t("open.code")),
        "label": st.column_config.TextColumn(t("open.label")),
    },
    key=f"open_frame_{poll}_{question}",
)
if st.button(t("open.save_frame")):
    rows = pd.DataFrame(edited_frame).fillna("")
    entries = [Code(str(c), str(lbl)) for c, lbl in zip(rows["code"], rows["label"], strict=True)]
    attempt(lambda: save_code_frame(db, poll, question, entries), t("open.frame_saved"))
if not frame:
    st.info(t("open.no_frame"))
    if found is not None and st.button(t("open.frame_from_themes")):
        starting = codes_from_themes(found)
        attempt(lambda: save_code_frame(db, poll, question, starting), t("open.frame_saved"))
    st.stop()

st.subheader(t("open.coding"))
sheet = open_tables.coding_sheet(answers, frame)
edited = st.data_editor(
    sheet,
    hide_index=True,
    disabled=list(sheet.columns[:3]),
    key=f"open_coding_{poll}_{question}",
)
if st.button(t("open.save_codes"), type="primary"):
    assignments = open_tables.assignments(pd.DataFrame(edited), answers, frame)
    attempt(
        lambda: code_answers(db, poll, question, assignments, coded_by=user.username),
        t("open.codes_saved"),
    )

st.subheader(t("open.suggestions"))
proposed = suggestions(answers)
if proposed.empty:
    st.info(t("open.no_suggestions"))
else:
    picked = st.data_editor(
        open_tables.suggestion_sheet(proposed, frame),
        hide_index=True,
        disabled=[t("col.answer"), t("open.code"), t("open.confidence")],
        key=f"open_suggest_{poll}_{question}_{coded}",
    )
    if st.button(t("open.accept")):
        chosen = proposed[pd.DataFrame(picked)[t("open.accept_col")].to_numpy(dtype=bool)]
        attempt(
            lambda: accept_suggestions(db, poll, question, chosen, coded_by=user.username),
            t("open.accepted").format(count=len(chosen)),
        )

st.subheader(t("open.result"))
wide, extended = poll_frame(db, poll)  # with the codes just saved: the cache sees the change
derived = extended[f"{question}{CODED_SUFFIX}"]
if coded == 0:
    st.info(t("open.none_coded"))
else:
    probability = bool(list_polls(db).set_index("id").loc[poll, "probability"])
    table = topline(Design(wide), Codebook((derived,)))
    st.caption(t("open.result_hint").format(code=derived.code))
    st.dataframe(poll_tables.topline(table, intervals=probability), hide_index=True)
