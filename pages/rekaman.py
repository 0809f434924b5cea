"""Rekaman: one record with its current step, the actions allowed to the user, steps and audit."""

from __future__ import annotations

import functools

import streamlit as st

from ui import actions, tables
from ui.db import database, engine
from ui.guard import require_login
from ui.i18n import lang, role_label, t
from ui.safe import md_escape
from workflows import attachments
from workflows.engine import allowed_actions
from workflows.errors import NotFound
from workflows.flowchart import render_flowchart
from workflows.fmt import format_datetime
from workflows.records import may_see
from workflows.registry import unit_zone
from workflows.timeline import STATE_COLOURS, latest_states, step_runs
from workflows.users import holders

user = require_login()
db, eng = database(), engine()

st.title(t("page.record"))
asked = st.query_params.get("id", "")
record_id = st.number_input(
    t("record.pick"), min_value=1, step=1, value=int(asked) if asked.isdigit() else None
)
if record_id is None:
    st.info(t("record.pick_hint"))
    st.stop()
st.query_params["id"] = str(record_id)
try:
    record = eng.get(int(record_id))
except NotFound:
    st.error(t("record.not_found"))
    st.stop()
if not may_see(user, record.unit):
    st.error(t("record.forbidden"))
    st.stop()

sop, zone, now = eng.sop_of(record), unit_zone(db, record.unit), eng.clock()
actions.show(record)
step = sop.step(record.current_step) if record.current_step else None

st.subheader(f"#{record.id}")
st.text(record.title)
st.text(f"{sop.identity.nomor} · {sop.identity.nama}")
facts = (
    (t("record.status"), t(f"status.{record.status}")),
    (t("record.current"), step.no if step and record.status == "berjalan" else "-"),
    (
        t("record.due"),
        format_datetime(record.step_due_at, zone, lang()) if record.step_due_at else "-",
    ),
    (t("record.unit"), record.unit),
)
for column, (label, value) in zip(st.columns(len(facts)), facts, strict=True):
    column.caption(label)
    column.text(value)
if step is not None and record.status == "berjalan":
    st.text(f"{step.no}. {step.activity} ({role_label(step.role)})")
if record.assignee:
    st.text(f"{t('record.assignee')}: {record.assignee}")

result = actions.take_result()
if result is not None:
    kind, message = result
    (st.success if kind == "success" else st.error)(message)

tab_actions, tab_flow, tab_steps, tab_history = st.tabs(
    [t("record.tab_actions"), t("record.tab_flow"), t("record.tab_steps"), t("record.tab_history")]
)
allowed = allowed_actions(sop, record, user, now)
name = user.username
with tab_actions:
    if record.status != "berjalan":
        st.info(t("record.closed"))
    elif not allowed - {"cancel"}:
        st.info(t("record.no_actions"))
    if record.step_ready_at is not None and now < record.step_ready_at:
        st.warning(f"{t('record.not_ready')} {format_datetime(record.step_ready_at, zone, lang())}")
    if "selesai" in allowed:
        st.text_area(t("record.note"), key=actions.field_key("note", record.id))
        st.button(
            t("record.complete"),
            type="primary",
            on_click=actions.complete,
            args=(name, record.id, zone),
        )
    if "ya" in allowed:
        st.text_area(t("record.no_reason"), key=actions.field_key("reason", record.id))
        yes, no = st.columns(2)
        yes.button(
            t("record.yes"), type="primary", on_click=actions.decide,
            args=(name, record.id, zone, "ya"),
        )  # fmt: skip
        no.button(t("record.no"), on_click=actions.decide, args=(name, record.id, zone, "tidak"))
    if "attach" in allowed:
        with st.expander(t("record.attach")):
            st.file_uploader(t("record.attach_file"), key=actions.field_key("file", record.id))
            st.button(t("record.attach"), on_click=actions.attach, args=(name, record.id, zone))
    if "reassign" in allowed and step is not None and step.role is not None:
        others = [h for h in holders(db, step.role, record.unit) if h[0] != name]
        with st.expander(t("record.reassign")):
            if others:
                st.selectbox(
                    t("record.reassign"),
                    [h[0] for h in others],
                    format_func=dict(others).__getitem__,
                    key=actions.field_key("assignee", record.id),
                )
                st.button(
                    t("record.reassign_submit"), on_click=actions.reassign,
                    args=(name, record.id, zone),
                )  # fmt: skip
            else:
                st.info(t("record.reassign_none"))
    if "cancel" in allowed:
        with st.expander(t("record.cancel_submit")):
            st.text_input(t("record.cancel_reason"), key=actions.field_key("cancel", record.id))
            st.button(
                t("record.cancel_submit"), on_click=actions.cancel, args=(name, record.id, zone)
            )

events = eng.history(record.id)
runs = step_runs(eng, record, events)
with tab_flow:
    st.image(
        render_flowchart(
            sop,
            lang=lang(),
            highlight=record.current_step if record.status == "berjalan" else None,
            step_fill={no: STATE_COLOURS[state] for no, state in latest_states(runs, now).items()},
        ),
        caption=tables.state_legend(),  # Markdown: only our own labels
    )
with tab_steps:
    st.dataframe(tables.runs(runs, sop, zone, now), hide_index=True)
    st.dataframe(tables.steps(sop), hide_index=True)
with tab_history:
    st.dataframe(tables.history(events, zone), hide_index=True)
    files = [e.payload["output"] for e in events if isinstance(e.payload.get("output"), dict)]
    if files:
        st.text(t("record.attachments"))
    for i, reference in enumerate(files):
        try:
            attachments.verify(db.path.parent, reference)
        except (OSError, attachments.AttachmentRefused) as error:
            altered = isinstance(error, attachments.AttachmentRefused)
            message = t("record.file_altered" if altered else "record.file_missing")
            st.error(message.format(name=md_escape(str(reference.get("name")))))
            continue
        st.download_button(
            f"{t('record.download')} {md_escape(str(reference['name']))}",
            functools.partial(attachments.load, db.path.parent, reference),  # read on click
            on_click="ignore",  # a download changes nothing: no rerun
            file_name=str(reference["name"]),
            mime=str(reference.get("type", "application/octet-stream")),
            key=f"download_{record.id}_{i}",
        )
