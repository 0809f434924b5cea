"""Tables and forms shared by the DIP pages: the queue, model versions, the worksheet."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.dip.store import ConsequenceWorksheet
from analytics.dip.taxonomy import Taxonomy
from analytics.dip.versions import ModelVersion
from ui.i18n import lang, t
from workflows.fmt import format_date, format_number

_MESSAGE = "dip_message"


def done(message: str, selection_key: str = "dip_queue") -> None:
    """Rerun the page so every table shows the change, with ``message`` on top; the queue's
    row selection is dropped so the next item is not picked by accident."""
    st.session_state[_MESSAGE] = message
    st.session_state.pop(selection_key, None)
    st.rerun()


def show_message() -> None:
    """The message of the action that caused this rerun, if any."""
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        st.success(message)


def percent(value: float) -> str:
    """``87,5%`` in the user's language."""
    return f"{format_number(100 * value, 1, lang())}%"


def counts_text(counts: dict[str, int]) -> str:
    """``baru 9 · disarankan 3`` with numbers in the user's language."""
    return (
        " · ".join(
            f"{status} {format_number(n, 0, lang())}" for status, n in sorted(counts.items())
        )
        or "-"
    )


def topic_label(taxonomy: Taxonomy, topic_id: str) -> str:
    """A topic's label in the user's language."""
    topic = taxonomy.topic(topic_id)
    return topic.label_en if lang() == "en" else topic.label_id


def queue_table(items: pd.DataFrame) -> pd.DataFrame:
    """The queue as the reviewer reads it: labelled columns, confidences as percentages."""
    return pd.DataFrame(
        {
            t("dip.col_title"): items["title"],
            t("dip.col_agency"): items["agency"],
            t("dip.col_category"): items["suggested_category"],
            t("dip.col_category_conf"): items["category_confidence"].map(percent),
            t("dip.col_topic"): items["suggested_topic"],
            t("dip.col_topic_conf"): items["topic_confidence"].map(percent),
        }
    )


def versions_table(versions: list[ModelVersion]) -> pd.DataFrame:
    """One row per model version with its cold-start metrics."""
    return pd.DataFrame(
        {
            t("dip.col_version"): [v.version for v in versions],
            t("dip.col_created"): [format_date(v.created_at.date(), lang()) for v in versions],
            t("dip.col_by"): [v.created_by for v in versions],
            t("dip.col_reviewed"): [v.reviewed_items for v in versions],
            t("dip.col_accuracy"): [percent(v.metrics["category_accuracy"]) for v in versions],
            t("dip.col_f1"): [
                format_number(v.metrics["category_macro_f1"], 3, lang()) for v in versions
            ],
            t("dip.col_topic_f1"): [
                format_number(v.metrics["topic_macro_f1"], 3, lang()) for v in versions
            ],
        }
    )


def worksheet_form(key: str, title: str) -> ConsequenceWorksheet | None:
    """The Uji Konsekuensi worksheet; the filled worksheet once submitted, else ``None``."""
    with st.form(key):
        informasi = st.text_area(t("dip.ws_informasi"), value=title)
        dasar_hukum = st.text_input(t("dip.ws_dasar_hukum"))
        dibuka = st.text_area(t("dip.ws_dibuka"))
        ditutup = st.text_area(t("dip.ws_ditutup"))
        jangka = st.text_input(t("dip.ws_jangka"))
        if not st.form_submit_button(t("dip.ws_open")):
            return None
    return ConsequenceWorksheet(informasi, dasar_hukum, dibuka, ditutup, jangka)
