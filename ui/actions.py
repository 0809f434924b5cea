"""Record actions as widget callbacks: they act on the version the user saw, never a newer one.

A callback runs before the rerun that the click starts, with the session state of the page the
user was looking at. It keeps the form's entries when an action fails (e.g. the record changed in
the meantime) and clears them when it succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import streamlit as st

from ui.db import database, engine
from ui.errors import explain
from ui.i18n import t
from workflows import attachments
from workflows.engine import Decision, Record
from workflows.errors import LenteraError

RESULT_KEY: Final = "record_result"


def seen_key(record_id: int) -> str:
    """Session key of the record version on the user's screen."""
    return f"seen_version_{record_id}"


def field_key(name: str, record_id: int) -> str:
    """Session key of one of the record page's inputs."""
    if name == "file":  # an uploader cannot be cleared: a new key gives an empty one
        return f"record_file_{record_id}_{st.session_state.get(_nonce_key(record_id), 0)}"
    return f"record_{name}_{record_id}"


def _nonce_key(record_id: int) -> str:
    return f"record_upload_nonce_{record_id}"


def show(record: Record) -> None:
    """Note the version now on screen (call after reading the record, before drawing actions)."""
    st.session_state[seen_key(record.id)] = record.version


def take_result() -> tuple[str, str] | None:
    """The outcome of the last action (``success`` or ``error``, message), once."""
    result = st.session_state.pop(RESULT_KEY, None)
    return result if isinstance(result, tuple) else None


def _run(record_id: int, zone: str, act: Callable[[int], object], clear: tuple[str, ...]) -> None:
    seen = st.session_state.get(seen_key(record_id))
    if not isinstance(seen, int):
        return
    try:
        act(seen)
    except LenteraError as error:
        st.session_state[RESULT_KEY] = ("error", explain(error, zone))
        return
    for name in clear:
        if name == "file":
            key = _nonce_key(record_id)
            st.session_state[key] = int(st.session_state.get(key, 0)) + 1
        else:
            st.session_state[field_key(name, record_id)] = ""
    st.session_state[RESULT_KEY] = ("success", t("record.done"))


def _refuse(message: str) -> None:
    st.session_state[RESULT_KEY] = ("error", message)


def complete(username: str, record_id: int, zone: str) -> None:
    """Complete a process step with the optional note."""
    note = str(st.session_state.get(field_key("note", record_id)) or "")
    _run(record_id, zone, lambda v: engine().advance(username, record_id, v, note=note), ("note",))


def decide(username: str, record_id: int, zone: str, decision: Decision) -> None:
    """Answer a decision step; Tidak needs the reason."""
    note = str(st.session_state.get(field_key("reason", record_id)) or "").strip()
    if decision == "tidak" and not note:
        _refuse(t("record.no_reason_missing"))
        return
    _run(
        record_id,
        zone,
        lambda v: engine().advance(username, record_id, v, decision=decision, note=note),
        ("reason",),
    )


def attach(username: str, record_id: int, zone: str) -> None:
    """Store the uploaded output file by content hash and reference it on the step."""
    upload = st.session_state.get(field_key("file", record_id))
    if upload is None:
        _refuse(t("record.attach_missing"))
        return
    folder = database().path.parent

    def act(version: int) -> None:
        stored = attachments.store(folder, upload.name, upload.getvalue())
        engine().attach(username, record_id, version, stored.reference())

    _run(record_id, zone, act, ("file",))


def reassign(username: str, record_id: int, zone: str) -> None:
    """Hand the step to the chosen holder of its role."""
    target = st.session_state.get(field_key("assignee", record_id))
    if not isinstance(target, str):
        return
    _run(record_id, zone, lambda v: engine().reassign(username, record_id, v, target), ())


def cancel(username: str, record_id: int, zone: str) -> None:
    """Cancel the record with the reason given."""
    reason = str(st.session_state.get(field_key("cancel", record_id)) or "").strip()
    if not reason:
        _refuse(t("record.cancel_missing"))
        return
    _run(record_id, zone, lambda v: engine().cancel(username, record_id, v, reason), ("cancel",))
