"""Tinjauan DIP: import a DIP, retrain, and review the suggestions, least confident first."""

from __future__ import annotations

import streamlit as st

from analytics.dip import publish, store
from analytics.dip.io import canonical, read_table
from analytics.dip.taxonomy import CATEGORIES, EXCEPTED, load_taxonomy
from analytics.dip.versions import retrain, suggest_new
from ui import dip
from ui.db import database, engine
from ui.guard import require_login
from ui.i18n import lang, t
from ui.safe import md_escape
from ui.shell import PPID_ROLES
from workflows.errors import LenteraError
from workflows.fmt import format_number

user = require_login(set(PPID_ROLES))
db = database()
clock = engine().clock
taxonomy = load_taxonomy()
st.title(t("page.dip_review"))
dip.show_message()

with st.expander(t("dip.import")):
    upload = st.file_uploader(t("dip.import"), type=["csv", "xlsx"], key="dip_upload")
    agency = st.text_input(t("dip.agency"), key="dip_import_agency")
    if st.button(t("dip.import_button"), key="dip_import") and upload is not None:
        try:
            frame = canonical(read_table(upload.getvalue(), upload.name), upload.name)
            count = store.import_items(
                db, frame, agency=agency, user=user.username, source=upload.name, clock=clock
            )
            with st.spinner(t("dip.suggested_now")):
                suggested = suggest_new(db)
            now = f"; {suggested} {t('dip.suggested_now')}" if suggested else ""
            dip.done(f"{count} {t('dip.imported')}{now}")
        except LenteraError as exc:
            st.error(str(exc))

if st.button(t("dip.retrain"), key="dip_retrain"):
    with st.spinner(t("dip.retrain")):
        version, _ = retrain(db, user.username, clock=clock)
    dip.done(f"{t('dip.retrained')} {version.version}")
status_counts = store.counts(db)
st.caption(f"{t('dip.counts')}: {dip.counts_text(status_counts)}")
if status_counts.get("baru"):
    st.info(f"{format_number(status_counts['baru'], 0, lang())} {t('dip.unsuggested')}")

left, unit_col, middle, right = st.columns(4)
all_ = t("dip.all")
agency_pick = left.selectbox(t("dip.filter_agency"), [all_, *store.agencies(db)], key="dip_f_a")
unit_pick = unit_col.selectbox(t("dip.filter_unit"), [all_, *store.units(db)], key="dip_f_u")
topic_pick = middle.selectbox(t("dip.filter_topic"), [all_, *taxonomy.ids], key="dip_f_t")
category_pick = right.selectbox(t("dip.filter_category"), [all_, *CATEGORIES], key="dip_f_c")
filters = {
    "agency": None if agency_pick == all_ else agency_pick,
    "unit": None if unit_pick == all_ else unit_pick,
    "suggested_topic": None if topic_pick == all_ else topic_pick,
    "suggested_category": None if category_pick == all_ else category_pick,
}

threshold = st.slider(t("dip.bulk"), 0.5, 1.0, 0.95, 0.01, key="dip_threshold")
if st.button(t("dip.bulk_button"), key="dip_bulk"):
    done = store.bulk_accept(db, user.username, threshold, agency=filters["agency"], clock=clock)
    dip.done(f"{done} {t('dip.bulk_done')}")

if filters["agency"]:
    xlsx_col, pdf_col = st.columns(2)
    xlsx_col.download_button(
        t("dip.export_xlsx"),
        publish.dip_xlsx(db, filters["agency"]),
        on_click="ignore",
        file_name="dip.xlsx",
        key="dip_xlsx",
    )
    pdf_col.download_button(
        t("dip.export_pdf"),
        publish.dip_pdf(db, filters["agency"]),
        on_click="ignore",
        file_name="dip.pdf",
        key="dip_pdf",
    )
else:
    st.caption(t("dip.export_hint"))

st.subheader(t("dip.queue"))
most_first = st.toggle(t("dip.most_first"), key="dip_most_first", help=t("dip.most_first_help"))
items = store.queue(db, limit=200, most_confident_first=most_first, **filters)
if items.empty:
    st.info(t("dip.queue_empty"))
    st.stop()
picked = st.dataframe(
    dip.queue_table(items), hide_index=True, on_select="rerun",
    selection_mode="single-row", key="dip_queue",
)  # fmt: skip
rows = picked.selection.rows if picked is not None else []
if not rows:
    st.caption(t("dip.pick"))
    st.stop()
item = items.iloc[rows[0]]
item_id = int(item["id"])
st.markdown(f"**{md_escape(str(item['title']))}**")
st.caption(f"{t('dip.explanation')}: {md_escape(str(item['explanation']))}")
topic = st.selectbox(t("dip.topic"), taxonomy.ids,
                     index=taxonomy.ids.index(item["suggested_topic"]),
                     format_func=lambda topic_id: dip.topic_label(taxonomy, topic_id),
                     key=f"dip_topic_{item_id}")  # fmt: skip
category = st.selectbox(t("dip.category"), CATEGORIES,
                        index=CATEGORIES.index(item["suggested_category"]),
                        key=f"dip_category_{item_id}")  # fmt: skip
try:
    if category == EXCEPTED:
        st.warning(t("dip.excepted"))
        worksheet = dip.worksheet_form(f"dip_ws_{item_id}", str(item["title"]))
        if worksheet is not None:
            record = store.confirm_excepted(db, engine(), item_id, user.username, worksheet,
                                            topic=topic)  # fmt: skip
            dip.done(f"{t('dip.ws_opened')} {record.id}")
    elif st.button(t("dip.accept"), key="dip_accept", disabled=(
        topic != item["suggested_topic"] or category != item["suggested_category"])):  # fmt: skip
        store.accept(db, item_id, user.username, clock=clock)
        dip.done(t("dip.saved"))
    elif st.button(t("dip.correct"), key="dip_correct"):
        store.correct(db, item_id, user.username, topic, category, clock=clock)
        dip.done(t("dip.saved"))
except LenteraError as exc:
    st.error(str(exc))
