"""What every analysis page asks first: which poll (of the user's units), which wave and which
weight (a weight question of the codebook, or the raked weights stored with the poll)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from analytics.polling.codebook import Codebook
from analytics.polling.frames import poll_frame
from analytics.polling.store import list_polls
from analytics.polling.weighting import RAKED
from ui.i18n import t
from workflows.db import Database
from workflows.records import visible_units
from workflows.users import User


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
    return int(st.selectbox(t("topline.pick"), list(titles), format_func=titles.__getitem__))


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
    waves: list[int | None] = [None, *sorted(int(w) for w in poll.frame["wave"].unique())]
    wave = column.selectbox(
        t("topline.wave"),
        waves,
        format_func=lambda w: t("topline.all_waves") if w is None else str(w),
    )
    frame = poll.frame
    return frame if wave is None else frame[frame["wave"] == wave].reset_index(drop=True)


def pick_weight(
    poll: PickedPoll, frame: pd.DataFrame, column: DeltaGenerator
) -> tuple[pd.DataFrame, str | None]:
    """A weight selectbox: none, the codebook's weight questions, or the stored raked weights
    (offered once a wave has them). Rows without the chosen weight are left out."""
    choices: list[str | None] = [
        None,
        *(q.code for q in poll.codebook.questions if q.type == "weight"),
    ]
    if frame[RAKED].notna().any():
        choices.append(RAKED)
    labels = {None: t("topline.unweighted"), RAKED: t("weighting.raked")}
    weight = column.selectbox(
        t("topline.weight"), choices, format_func=lambda w: labels.get(w, str(w))
    )
    if weight is None:
        return frame, None
    return frame[frame[weight].notna()].reset_index(drop=True), weight
