"""Units and their working calendars as an administrator edits them.

Zone, weekly windows (with breaks), the cuti bersama switch and single-day overrides. Every change
is validated through :class:`~workflows.calendar.WorkCalendar`, written with its ``admin_log`` row
in one transaction, and bumps ``db.calendars_generation`` so engines drop cached calendars.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any, NamedTuple

from workflows import admin_log
from workflows.calendar import ZONES, Window, WorkCalendar
from workflows.db import Database
from workflows.errors import LenteraError, NotFound
from workflows.registry import unit_calendar, weekly_json, windows_from_spec, windows_spec

_WINDOW = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class UnitInfo:
    """A unit with its calendar settings; ``zone`` is the IANA name (``fmt.zone_label``)."""

    id: str
    name: str
    zone: str
    weekly: Mapping[int, tuple[Window, ...]]
    count_cuti_bersama: bool
    overrides: int


@dataclass(frozen=True)
class Override:
    """A single day whose windows replace the usual ones (``()``: closed)."""

    day: date
    windows: tuple[Window, ...]
    note: str


class _Change(NamedTuple):
    """One validated statement on a unit and the log entry that describes it."""

    action: str
    detail: dict[str, Any]
    sql: str
    params: list[Any]


@dataclass(frozen=True)
class DayPlan:
    """One computed day of a unit's calendar: its windows, working minutes and why."""

    day: date
    windows: tuple[Window, ...]
    minutes: int
    override_note: str | None
    holiday: str | None


def parse_windows(text: str, label: str = "windows") -> tuple[Window, ...]:
    """Read ``07:30-12:00, 13:00-16:00`` (a break between windows); empty or ``-`` is closed.

    Checks every time is a time of day; order and overlaps are checked by the calendar.
    """
    stripped = text.strip()
    if stripped in ("", "-"):
        return ()
    windows: list[Window] = []
    for part in stripped.split(","):
        match = _WINDOW.match(part.strip())
        if match is None:
            raise LenteraError(f"{label}: '{part.strip()}' is not a window such as 07:30-12:00")
        h1, m1, h2, m2 = (int(value) for value in match.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise LenteraError(f"{label}: '{part.strip()}' is not inside the day (00:00 to 23:59)")
        windows.append((time(h1, m1), time(h2, m2)))
    return _checked(tuple(windows), label)


def format_windows(windows: tuple[Window, ...]) -> str:
    """``07:30-12:00, 13:00-16:00``, the text :func:`parse_windows` reads; ``-`` when closed."""
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in windows) or "-"


def list_units(db: Database) -> list[UnitInfo]:
    """Every unit with its zone, weekly windows, cuti bersama switch and override count."""
    rows = db.query(
        "SELECT u.id, u.name, u.zone, u.weekly, u.count_cuti_bersama, count(o.day) "
        "FROM units u LEFT JOIN calendar_overrides o ON o.unit = u.id "
        "GROUP BY ALL ORDER BY u.id"
    )
    return [
        UnitInfo(
            unit_id,
            name,
            zone,
            {int(day): windows_from_spec(spec) for day, spec in json.loads(weekly).items()},
            bool(count_cuti),
            int(overrides),
        )
        for unit_id, name, zone, weekly, count_cuti, overrides in rows
    ]


def set_zone(db: Database, unit_id: str, zone: str, *, actor: str) -> None:
    """Set a unit's zone: ``WIB``, ``WITA``, ``WIT`` or their IANA names."""
    _apply(db, unit_id, actor, [_zone_change(unit_id, zone)])


def set_weekly(
    db: Database, unit_id: str, weekly: Mapping[int, tuple[Window, ...]], *, actor: str
) -> None:
    """Replace a unit's weekly windows (0 = Monday; a missing day is closed)."""
    _apply(db, unit_id, actor, [_weekly_change(unit_id, weekly)])


def set_cuti_bersama(db: Database, unit_id: str, counted: bool, *, actor: str) -> None:
    """Whether cuti bersama days are days off in this unit (the default) or working days."""
    _apply(db, unit_id, actor, [_cuti_change(unit_id, counted)])


def set_calendar(
    db: Database,
    unit_id: str,
    *,
    zone: str,
    weekly: Mapping[int, tuple[Window, ...]],
    count_cuti_bersama: bool,
    actor: str,
) -> list[str]:
    """Save the calendar form: validate all three settings, then write those that changed in
    one transaction. Returns the actions logged (empty when nothing changed)."""
    changes = [
        _zone_change(unit_id, zone),
        _weekly_change(unit_id, weekly),
        _cuti_change(unit_id, count_cuti_bersama),
    ]
    current = next((unit for unit in list_units(db) if unit.id == unit_id), None)
    if current is None:
        raise NotFound(f"there is no unit '{unit_id}'")
    before = {
        "unit.zone": current.zone,
        "unit.weekly": weekly_json({day: current.weekly.get(day, ()) for day in range(7)}),
        "unit.cuti_bersama": current.count_cuti_bersama,
    }
    changed = [change for change in changes if before[change.action] != change.params[0]]
    _apply(db, unit_id, actor, changed)
    return [change.action for change in changed]


def list_overrides(db: Database, unit_id: str) -> list[Override]:
    """A unit's single-day overrides, by date."""
    _require_unit(db, unit_id)
    return [
        Override(day, windows_from_spec(json.loads(spec)), note)
        for day, spec, note in db.query(
            "SELECT day, windows, note FROM calendar_overrides WHERE unit = ? ORDER BY day",
            [unit_id],
        )
    ]


def set_override(
    db: Database,
    unit_id: str,
    day: date,
    windows: tuple[Window, ...],
    note: str = "",
    *,
    actor: str,
) -> None:
    """Override one day of a unit's calendar (``()`` closes it, windows open it)."""
    spec = windows_spec(_checked(windows, f"override {day.isoformat()}"))
    detail = {"day": day.isoformat(), "windows": spec, "note": note.strip()}
    sql = "INSERT OR REPLACE INTO calendar_overrides VALUES (?, ?, ?, ?)"
    params = [unit_id, day, json.dumps(spec), note.strip()]
    _apply(db, unit_id, actor, [_Change("unit.override", detail, sql, params)])


def remove_override(db: Database, unit_id: str, day: date, *, actor: str) -> None:
    """Drop a day's override; the day follows the weekly windows and holidays again."""
    found = db.query("SELECT 1 FROM calendar_overrides WHERE unit = ? AND day = ?", [unit_id, day])
    if not found:
        raise NotFound(f"unit '{unit_id}' has no override on {day.isoformat()}")
    sql = "DELETE FROM calendar_overrides WHERE unit = ? AND day = ?"
    change = _Change("unit.override_removed", {"day": day.isoformat()}, sql, [unit_id, day])
    _apply(db, unit_id, actor, [change])


def upcoming_days(db: Database, unit_id: str, first: date, days: int = 14) -> list[DayPlan]:
    """The unit's next ``days`` calendar days from ``first`` as the engine computes them."""
    calendar = unit_calendar(db, unit_id)
    last = first + timedelta(days=days - 1)
    notes = dict(
        db.query(
            "SELECT day, note FROM calendar_overrides WHERE unit = ? AND day BETWEEN ? AND ?",
            [unit_id, first, last],
        )
    )
    plans = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        windows = calendar.windows_on(day)
        minutes = sum(_minutes(end) - _minutes(start) for start, end in windows)
        plans.append(DayPlan(day, windows, minutes, notes.get(day), calendar.holiday_name(day)))
    return plans


_DAY_LABELS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _checked(windows: tuple[Window, ...], label: str) -> tuple[Window, ...]:
    """The windows, validated by the calendar; its ``ValueError`` becomes a user sentence."""
    try:
        WorkCalendar(overrides={date(2000, 1, 1): windows})
    except ValueError as exc:
        raise LenteraError(str(exc).replace("override 2000-01-01", label)) from None
    return windows


def _require_unit(db: Database, unit_id: str) -> None:
    if not db.query("SELECT 1 FROM units WHERE id = ?", [unit_id]):
        raise NotFound(f"there is no unit '{unit_id}'")


def _zone_change(unit_id: str, zone: str) -> _Change:
    iana = ZONES.get(zone, zone)
    if iana not in ZONES.values():
        raise LenteraError(
            f"unknown zone '{zone}': use WIB (Asia/Jakarta), WITA (Asia/Makassar) "
            "or WIT (Asia/Jayapura)"
        )
    sql = "UPDATE units SET zone = ? WHERE id = ?"
    return _Change("unit.zone", {"zone": iana}, sql, [iana, unit_id])


def _weekly_change(unit_id: str, weekly: Mapping[int, tuple[Window, ...]]) -> _Change:
    if bad := sorted(set(weekly) - set(range(7))):
        raise LenteraError(f"weekdays are 0 (Monday) to 6 (Sunday), not {bad}")
    full = {day: _checked(tuple(weekly.get(day, ())), _DAY_LABELS[day]) for day in range(7)}
    if not any(full.values()):
        raise LenteraError("a week needs at least one working window")
    detail = {str(day): windows_spec(windows) for day, windows in full.items()}
    sql = "UPDATE units SET weekly = ? WHERE id = ?"
    return _Change("unit.weekly", detail, sql, [weekly_json(full), unit_id])


def _cuti_change(unit_id: str, counted: bool) -> _Change:
    sql = "UPDATE units SET count_cuti_bersama = ? WHERE id = ?"
    return _Change("unit.cuti_bersama", {"counted": counted}, sql, [counted, unit_id])


def _apply(db: Database, unit_id: str, actor: str, changes: list[_Change]) -> None:
    """Run calendar changes and their log rows in one transaction; engines then forget
    their cached calendars (``db.calendars_generation``)."""
    _require_unit(db, unit_id)
    if not changes:
        return
    with db.transaction() as tx:
        for change in changes:
            tx.execute(change.sql, change.params)
            admin_log.write(tx, actor, change.action, unit_id, change.detail)
    db.calendars_changed()
