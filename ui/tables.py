"""Data frames shown by the pages, with labels in the session's language.

Text from the database goes into data frames or ``st.text`` only: ``st.markdown`` and
``st.table`` would interpret Markdown in it (links, images).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from ui.i18n import lang, role_label, t
from workflows.engine import Event
from workflows.fmt import format_date, format_datetime, format_working_minutes
from workflows.inbox import RunningCount, Waiting
from workflows.sop import IDENTITY_DATE_FIELDS, IDENTITY_LIST_FIELDS, Sop, Step
from workflows.sop_file import SopIssue
from workflows.sop_upload import SopVersion
from workflows.timeline import StepRun

SYMBOLS = {"proses": "▭", "keputusan": "◇", "selesai": "◯"}
"""The flowchart symbol of each step kind, as marked in the lane columns of the SOP form."""


def waiting(items: Sequence[Waiting]) -> pd.DataFrame:
    """The records waiting on the user, due times in each unit's zone (WIB by default)."""
    return pd.DataFrame(
        {
            t("col.record"): [item.record_id for item in items],
            t("col.title"): [item.title for item in items],
            t("col.step"): [f"{item.step_no}. {item.activity}" for item in items],
            t("col.due"): [_instant(item.due_at, item.zone) for item in items],
            t("col.role"): [role_label(item.role) for item in items],
            t("col.sop"): [item.sop_title for item in items],
            t("col.ready"): [_instant(item.ready_at, item.zone) for item in items],
        }
    )


def running(counts: Sequence[RunningCount]) -> pd.DataFrame:
    """Running records per SOP."""
    return pd.DataFrame(
        {
            t("col.sop"): [count.title for count in counts],
            t("col.count"): [count.count for count in counts],
        }
    )


def identity(sop: Sop, version: int) -> pd.DataFrame:
    """The SOP's identity block as (field, value) rows; list fields get one row per item."""
    ident = sop.identity
    rows: list[tuple[str, str]] = [
        (t("id.nomor"), ident.nomor),
        (t("id.nama"), ident.nama),
        (t("catalog.version"), str(version)),
        (t("id.instansi"), ident.instansi),
        (t("id.unit"), ident.unit),
    ]
    for name in IDENTITY_DATE_FIELDS:
        day: date | None = getattr(ident, name)
        rows.append((t(f"id.{name}"), format_date(day, lang()) if day else ""))
    rows.append((t("id.disahkan_oleh"), ident.disahkan_oleh))
    for name in IDENTITY_LIST_FIELDS:
        items: tuple[str, ...] = getattr(ident, name)
        rows.extend((t(f"id.{name}") if i == 0 else "", item) for i, item in enumerate(items))
    shown = [(label, value) for label, value in rows if value]
    return pd.DataFrame(shown, columns=pd.Index([t("catalog.field"), t("catalog.value")]))


def steps(sop: Sop) -> pd.DataFrame:
    """The SOP table: No, Kegiatan, Pelaksana, Kelengkapan, Waktu (as written), Output."""
    return pd.DataFrame(
        {
            t("step.no"): [step.no for step in sop.steps],
            t("step.activity"): [step.activity for step in sop.steps],
            t("step.role"): [role_label(step.role) for step in sop.steps],
            t("step.requirements"): ["; ".join(step.requirements) for step in sop.steps],
            t("step.time"): [step.standard.raw for step in sop.steps],
            t("step.output"): [step.output for step in sop.steps],
        }
    )


def sop_form(sop: Sop) -> pd.DataFrame:
    """The SOP table as on the Permenpan RB 35/2012 form: No, Kegiatan, one column per lane
    (the step's symbol in its role's lane), then Mutu Baku (Kelengkapan, Waktu, Output) and
    Keterangan."""
    columns: dict[str, list[str]] = {
        t("step.no"): [step.no for step in sop.steps],
        t("step.activity"): [step.activity for step in sop.steps],
    }
    for role in sop.roles:
        columns[role_label(role)] = [_lane_mark(step, role) for step in sop.steps]
    columns[t("step.requirements")] = ["; ".join(step.requirements) for step in sop.steps]
    columns[t("step.time")] = [step.standard.raw for step in sop.steps]
    columns[t("step.output")] = [step.output for step in sop.steps]
    columns[t("step.note")] = [step.note for step in sop.steps]
    return pd.DataFrame(columns)


def versions(items: Sequence[SopVersion], zone: str) -> pd.DataFrame:
    """Stored versions of an SOP: number, when and by whom registered, running records."""
    return pd.DataFrame(
        {
            t("col.version"): [item.version for item in items],
            t("col.registered_at"): [_instant(item.created_at, zone) for item in items],
            t("col.registered_by"): [item.created_by for item in items],
            t("col.running"): [item.running for item in items],
            t("col.hash"): [item.content_hash[:12] for item in items],
        }
    )


def issues(items: Sequence[SopIssue]) -> pd.DataFrame:
    """Problems of an uploaded SOP file, one row per problem with its line."""
    return pd.DataFrame(
        {
            t("col.line"): [item.line for item in items],
            t("col.problem"): [item.message for item in items],
        }
    )


def _lane_mark(step: Step, role: str) -> str:
    return SYMBOLS[step.kind] if step.role == role else ""


def time_left(minutes: float | None) -> str:
    """``sisa 2 hk 3 jam`` or ``terlambat 1 hk`` in working time."""
    if minutes is None:
        return t("inbox.no_due")
    label = t("inbox.left") if minutes >= 0 else t("inbox.overdue")
    return f"{label} {format_working_minutes(abs(minutes), lang())}"


def state_legend() -> str:
    """The flowchart colours in words (our labels only: captions are Markdown)."""
    names = (
        ("hijau", "merah", "kuning", "jingga")
        if lang() == "id"
        else ("green", "red", "yellow", "orange")
    )
    states = ("selesai_tepat", "selesai_terlambat", "berjalan_tepat", "berjalan_terlambat")
    return " · ".join(f"{n}: {t(f'state.{s}')}" for n, s in zip(names, states, strict=True))


def history(events: Sequence[Event], zone: str) -> pd.DataFrame:
    """The audit trail, oldest first, times in the unit's zone."""
    return pd.DataFrame(
        {
            "#": [e.seq for e in events],
            t("hist.when"): [_instant(e.occurred_at, zone) for e in events],
            t("hist.actor"): [e.actor for e in events],
            t("hist.role"): [role_label(e.role) for e in events],
            t("hist.action"): [_action(e) for e in events],
            t("hist.from"): [e.step_from or "" for e in events],
            t("hist.to"): [e.step_to or "" for e in events],
            t("hist.note"): [_event_note(e) for e in events],
        }
    )


def runs(items: Sequence[StepRun], sop: Sop, zone: str, now: datetime) -> pd.DataFrame:
    """Each step execution: start, due, finish, outcome and whether it was on time."""
    return pd.DataFrame(
        {
            t("step.no"): [r.step_no for r in items],
            t("step.activity"): [sop.step(r.step_no).activity for r in items],
            t("runs.entered"): [_instant(r.entered_at, zone) for r in items],
            t("runs.due"): [_instant(r.due_at, zone) for r in items],
            t("runs.left"): [_instant(r.left_at, zone) for r in items],
            t("hist.actor"): [r.actor or "" for r in items],
            t("runs.outcome"): [_outcome(r.outcome) for r in items],
            t("runs.state"): [t(f"state.{r.state(now) or 'none'}") for r in items],
        }
    )


def records(frame: pd.DataFrame) -> pd.DataFrame:
    """The record list for people (also what the CSV and XLSX exports contain)."""
    zones = frame["zone"].tolist()
    return pd.DataFrame(
        {
            t("col.record"): frame["id"].astype(int).tolist(),
            t("col.title"): frame["title"].tolist(),
            t("col.sop"): frame["sop_title"].tolist(),
            t("col.unit"): frame["unit"].tolist(),
            t("col.status"): [t(f"status.{s}") for s in frame["status"]],
            t("col.step"): [
                f"{no}. {activity}" if isinstance(no, str) else ""
                for no, activity in zip(frame["current_step"], frame["activity"], strict=True)
            ],
            t("col.due"): _instants(frame["step_due_at"], zones),
            t("col.overdue"): frame["overdue"].astype(bool).tolist(),
            t("col.created"): _instants(frame["created_at"], zones),
            t("col.created_by"): frame["created_by"].tolist(),
            t("col.updated"): _instants(frame["updated_at"], zones),
        }
    )


def _instants(values: pd.Series[pd.Timestamp], zones: list[str]) -> list[str]:
    return [
        _instant(None if pd.isna(v) else v.to_pydatetime(), zone)
        for v, zone in zip(values, zones, strict=True)
    ]


def _action(event: Event) -> str:
    label = t(f"action.{event.action}")
    if event.decision:
        return f"{label}: {t('record.yes') if event.decision == 'ya' else t('record.no')}"
    return label


def _outcome(outcome: str | None) -> str:
    if outcome is None:
        return ""
    if outcome in ("ya", "tidak"):
        return t("record.yes") if outcome == "ya" else t("record.no")
    return t(f"action.{outcome}")


def _event_note(event: Event) -> str:
    parts = [event.note] if event.note else []
    output = event.payload.get("output")
    if isinstance(output, dict):
        parts.append(f"{output.get('name', '')} ({output.get('size', 0)} B)")
    if "to" in event.payload:
        parts.append(f"-> {event.payload['to']}")
    return "; ".join(parts)


def _instant(instant: datetime | None, zone: str) -> str:
    return format_datetime(instant, zone, lang()) if instant else ""
