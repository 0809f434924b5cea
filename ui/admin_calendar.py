"""The Admin page's units tab: zone, weekly hours with breaks, the cuti bersama switch, day
overrides with a note, and the next 14 days as the engine will compute them."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import streamlit as st

from ui import admin_tables
from ui.feedback import attempt
from ui.i18n import lang, t
from workflows.calendar import ZONES, Window
from workflows.db import Database, utcnow
from workflows.fmt import format_date, zone_label
from workflows.units import (
    UnitInfo,
    format_windows,
    list_overrides,
    list_units,
    parse_windows,
    remove_override,
    set_calendar,
    set_override,
    upcoming_days,
)

NEXT_DAYS = 14


def render(db: Database, actor: str) -> None:
    """The whole tab for the logged-in admin ``actor`` (the shipped SOPs' units always exist)."""
    listed = list_units(db)
    st.dataframe(admin_tables.units(listed), hide_index=True)
    ids = [unit.id for unit in listed]
    names = {unit.id: unit.name for unit in listed}
    chosen = st.selectbox(
        t("admin.pick_unit"),
        ids,
        key="admin_unit",
        format_func=lambda unit_id: f"{names[unit_id]} ({unit_id})",
    )
    unit = listed[ids.index(chosen)] if chosen in ids else listed[0]
    st.subheader(t("admin.calendar"))
    _calendar_form(db, actor, unit)
    st.subheader(t("admin.overrides"))
    _overrides(db, actor, unit)
    st.subheader(t("admin.next_days"))
    today = utcnow().astimezone(ZoneInfo(unit.zone)).date()
    st.dataframe(admin_tables.days(upcoming_days(db, unit.id, today, NEXT_DAYS)), hide_index=True)


def _calendar_form(db: Database, actor: str, unit: UnitInfo) -> None:
    zones = list(ZONES)
    current = zone_label(unit.zone)
    with st.form(f"admin_calendar_{unit.id}"):
        zone = st.selectbox(
            t("admin.zone"),
            zones,
            key=f"admin_zone_{unit.id}",
            index=zones.index(current) if current in zones else 0,
            format_func=lambda short: f"{short} ({ZONES[short]})",
        )
        counted = st.checkbox(
            t("admin.cuti_switch"), value=unit.count_cuti_bersama, key=f"admin_cuti_{unit.id}"
        )
        st.caption(t("admin.weekly_help"))
        texts = {
            day: st.text_input(
                t(f"day.{day}"),
                format_windows(unit.weekly.get(day, ())),
                key=f"admin_week_{unit.id}_{day}",
            )
            for day in range(7)
        }
        if st.form_submit_button(t("admin.save_calendar"), type="primary"):
            attempt(
                lambda: set_calendar(
                    db,
                    unit.id,
                    zone=zone,
                    weekly={
                        day: parse_windows(text, t(f"day.{day}")) for day, text in texts.items()
                    },
                    count_cuti_bersama=counted,
                    actor=actor,
                ),
                f"{t('admin.calendar')} ({unit.id})",
            )


def _weekly(texts: dict[int, str]) -> dict[int, tuple[Window, ...]]:
    """The weekly windows typed in the form; a bad day is named in the session's language."""
    return {day: parse_windows(text, t(f"day.{day}")) for day, text in texts.items()}


def _overrides(db: Database, actor: str, unit: UnitInfo) -> None:
    found = list_overrides(db, unit.id)
    if found:
        st.dataframe(admin_tables.overrides(found), hide_index=True)
    else:
        st.info(t("admin.overrides_none"))
    with st.form(f"admin_override_{unit.id}", clear_on_submit=True):
        day = st.date_input(
            t("admin.override_day"), key=f"admin_override_day_{unit.id}", format="DD/MM/YYYY"
        )
        windows = st.text_input(t("admin.override_windows"), key=f"admin_override_win_{unit.id}")
        note = st.text_input(t("admin.override_note"), key=f"admin_override_note_{unit.id}")
        if st.form_submit_button(t("admin.override_add")) and isinstance(day, date):
            attempt(
                lambda: set_override(
                    db,
                    unit.id,
                    day,
                    parse_windows(windows, format_date(day, lang())),
                    note,
                    actor=actor,
                ),
                f"{t('action.unit.override')} ({format_date(day, lang())})",
            )
    if not found:
        return
    days = [override.day for override in found]
    gone = st.selectbox(
        t("admin.override_remove"),
        days,
        key=f"admin_override_pick_{unit.id}",
        format_func=lambda d: format_date(d, lang()),
    )
    if st.button(t("admin.override_remove"), key=f"admin_override_remove_{unit.id}"):
        attempt(
            lambda: remove_override(db, unit.id, gone, actor=actor),
            f"{t('action.unit.override_removed')} ({format_date(gone, lang())})",
        )
