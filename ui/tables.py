"""Data frames shown by the pages, with labels in the session's language.

Text from the database goes into data frames or ``st.text`` only: ``st.markdown`` and
``st.table`` would interpret Markdown in it (links, images).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pandas as pd

from ui.i18n import lang, role_label, t
from workflows.fmt import format_date, format_datetime
from workflows.inbox import RunningCount, Waiting
from workflows.sop import IDENTITY_DATE_FIELDS, IDENTITY_LIST_FIELDS, Sop


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


def _instant(instant: datetime | None, zone: str) -> str:
    return format_datetime(instant, zone, lang()) if instant else ""
