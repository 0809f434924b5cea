"""What every analysis page asks first: which poll (of the user's units), which wave and which
weight (a weight question of the codebook, or the raked weights stored with the poll).

The widgets have keys, and the wave and weight remember their raw choice, so a switch of language
(which changes labels and the shown text of "every wave" and "raked weights") keeps the choices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analytics.polling.codebook import Codebook
from analytics.polling.frames import poll_frame
from analytics.polling.store import list_polls
from analytics.polling.weighting import RAKED
from ui.i18n import lang, t
from workflows.db import Database
from workflows.records import visible_units
from workflows.users import User

Choice = TypeVar("Choice", int, str)
ALL_WAVES = 0
"""The wave choice meaning every wave (waves count from 1). Choices are never ``None``: a
selectbox whose state holds ``None`` shows its placeholder instead of the option's text."""
UNWEIGHTED = ""
"""The weight choice meaning no weight (a weight is a column name)."""


@dataclass(frozen=True)
class PickedPoll:
    """The chosen poll with its codebook and typed responses (every wave), coded open answers
    included."""

    id: int
    title: str
    probability: bool
    record_id: int | None
    codebook: Codebook
    frame: pd.DataFrame


def choose_poll(db: Database, user: User) -> int:
    """A poll selectbox over the polls of the user's units; stops the page when there is none."""
    polls = list_polls(db)
    units = visible_units(user)
    if units is not None:
        polls = polls[polls["unit"].isin(units)]
    if polls.empty:
        st.info(t("poll.none"))
        st.stop()
    titles = dict(zip(polls["id"].astype(int), polls["title"], strict=True))
    return int(
        st.selectbox(
            t("topline.pick"), list(titles), format_func=titles.__getitem__, key="poll_pick"
        )
    )


def pick_poll(db: Database, user: User) -> PickedPoll:
    """:func:`choose_poll`, then the poll's answers with coded open answers and raked weights."""
    poll = choose_poll(db, user)
    row = list_polls(db).set_index("id").loc[poll]
    record = row["record_id"]
    # Coded open answers become multiple-choice questions usable in every table; the table is
    # cached per process until the poll's data changes.
    frame, codebook = poll_frame(db, poll)
    return PickedPoll(
        id=poll,
        title=str(row["title"]),
        probability=bool(row["probability"]),
        record_id=None if pd.isna(record) else int(record),
        codebook=codebook,
        frame=frame,
    )


def pick_wave(poll: PickedPoll, column: DeltaGenerator) -> pd.DataFrame:
    """A wave selectbox (or every wave); the rows of the chosen wave."""
    waves = [ALL_WAVES, *sorted(int(w) for w in poll.frame["wave"].unique())]
    every = t("topline.all_waves")  # looked up now: the widget may format outside a run
    wave = _sticky_selectbox(
        column, t("topline.wave"), waves, lambda w: every if w == ALL_WAVES else str(w), "poll_wave"
    )
    frame = poll.frame
    return frame if wave == ALL_WAVES else frame[frame["wave"] == wave].reset_index(drop=True)


def pick_weight(
    poll: PickedPoll, frame: pd.DataFrame, column: DeltaGenerator
) -> tuple[pd.DataFrame, str | None]:
    """A weight selectbox: none, the codebook's weight questions, or the stored raked weights
    (offered once a wave has them). Rows without the chosen weight are left out."""
    choices = [UNWEIGHTED, *(q.code for q in poll.codebook.questions if q.type == "weight")]
    if frame[RAKED].notna().any():
        choices.append(RAKED)
    labels = {UNWEIGHTED: t("topline.unweighted"), RAKED: t("weighting.raked")}
    weight = _sticky_selectbox(
        column, t("topline.weight"), choices, lambda w: labels.get(w, str(w)), "poll_weight"
    )
    if weight == UNWEIGHTED:
        return frame, None
    return frame[frame[weight].notna()].reset_index(drop=True), weight


def _sticky_selectbox(
    column: DeltaGenerator,
    label: str,
    options: Sequence[Choice],
    format_func: Callable[[Choice], str],
    key: str,
) -> Choice:
    """A selectbox whose choice survives a switch of language. Streamlit keeps a selectbox's
    value as its shown text, which the switch changes (and the browser may go on showing the old
    text), so each language gets its own widget, opened on the raw choice remembered beside it."""
    remembered = st.session_state.get(f"{key}_choice")
    index = options.index(remembered) if remembered in options else 0
    chosen: Choice = column.selectbox(
        label, options, index=index, format_func=format_func, key=f"{key}_{lang()}"
    )
    st.session_state[f"{key}_choice"] = chosen
    return chosen
