"""Katalog SOP: each SOP as on the Permenpan RB 35/2012 form, its flowchart and its versions;
SOP managers upload new SOPs and revisions here.

The flowchart is an SVG image (``st.image`` sends it as a data URI inside ``<img>``, where no
script runs); user text never goes through Markdown or ``unsafe_allow_html``.
"""

from __future__ import annotations

import streamlit as st

from ui import tables
from ui.db import database
from ui.guard import require_login
from ui.i18n import lang, role_label, t
from workflows.errors import LenteraError
from workflows.flowchart import render_flowchart
from workflows.registry import list_sops, load_sop, unit_calendar
from workflows.sop_file import SopValidationError
from workflows.sop_upload import may_manage_sops, sop_versions, upload_sop
from workflows.users import User

PICK_KEY = "catalog_sop"
UPLOAD_KEY = "catalog_upload_file"
RESULT_KEY = "catalog_upload_result"


def version_key(sop_id: str) -> str:
    """The key of the version picker of one SOP (each SOP keeps its own choice)."""
    return f"catalog_version_{sop_id}"


def register_upload(user: User) -> None:
    """Button callback: validate and register the chosen file; the next run shows the result."""
    upload = st.session_state.get(UPLOAD_KEY)
    if upload is None:
        st.session_state[RESULT_KEY] = ("error", t("catalog.upload_missing"), [])
        return
    try:
        done = upload_sop(database(), user, upload.getvalue(), upload.name)
    except SopValidationError as exc:
        message = t("catalog.upload_invalid").format(count=len(exc.issues))
        st.session_state[RESULT_KEY] = ("error", message, exc.issues)
        return
    except LenteraError as exc:
        st.session_state[RESULT_KEY] = ("error", f"{t('catalog.upload_refused')} {exc}", [])
        return
    key = "catalog.upload_created" if done.created else "catalog.upload_same"
    message = t(key).format(sop_id=done.sop.id, version=done.version)
    st.session_state[RESULT_KEY] = ("success", message, [])
    st.session_state[PICK_KEY] = done.sop.id
    st.session_state[version_key(done.sop.id)] = done.version


def upload_section(user: User) -> None:
    """The upload form and the outcome of the last upload."""
    st.subheader(t("catalog.upload"))
    st.caption(t("catalog.upload_hint"))
    st.file_uploader(t("catalog.upload_file"), type=["yaml", "yml"], key=UPLOAD_KEY)
    st.button(t("catalog.upload_submit"), on_click=register_upload, args=(user,), type="primary")
    result = st.session_state.pop(RESULT_KEY, None)
    if result is not None:
        kind, message, issues = result
        (st.success if kind == "success" else st.error)(message)
        if issues:
            st.dataframe(tables.issues(issues), hide_index=True, key="catalog_upload_issues")


user = require_login()
db = database()

st.title(t("page.catalog"))
sops = {sop_id: title for sop_id, _version, title, _unit in list_sops(db)}
if not sops:
    st.info(t("catalog.none"))
    st.stop()

chosen = st.selectbox(
    t("catalog.pick"),
    list(sops),
    format_func=lambda sop_id: f"{sops[sop_id]} ({sop_id})",
    key=PICK_KEY,
)
versions = sop_versions(db, chosen)
version = st.selectbox(
    t("catalog.version_pick"), [item.version for item in versions], key=version_key(chosen)
)
sop = load_sop(db, chosen, version)

st.subheader(t("catalog.identity"))
st.dataframe(
    tables.identity(sop, version),
    hide_index=True,
    height="content",
    column_config={t("catalog.field"): st.column_config.TextColumn(width="small")},
)
st.subheader(t("catalog.form"))
st.caption(t("catalog.lanes_help"))
lane = st.column_config.TextColumn(alignment="center", help=t("step.role"))
standard = st.column_config.TextColumn(help=t("step.standard"))
st.dataframe(
    tables.sop_form(sop),
    hide_index=True,
    height="content",
    column_config={role_label(role): lane for role in sop.roles}
    | {t(key): standard for key in ("step.requirements", "step.time", "step.output")},
)
st.subheader(t("catalog.flowchart"))
st.image(
    render_flowchart(sop, lang=lang()),
    caption=t("catalog.flowchart_caption").format(version=version),  # Markdown: no user text
    alt=t("catalog.flowchart_alt").format(name=sop.identity.nama),
)
st.subheader(t("catalog.versions"))
zone = unit_calendar(db, sop.unit).zone
st.dataframe(tables.versions(versions, zone), hide_index=True, height="content")

if may_manage_sops(user):
    upload_section(user)
