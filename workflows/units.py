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
from typing import Any

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
    iana = ZONES.get(zone, zone)
    if iana not in ZONES.values():
        raise LenteraError(
            f"unknown zone '{zone}': use WIB (Asia/Jakarta), WITA (Asia/Makassar) "
            "or WIT (Asia/Jayapura)"
        )
    _change(
        db,
        unit_id,
        actor,
        "unit.zone",
        {"zone": iana},
        "UPDATE units SET zone = ? WHERE id = ?",
        [iana, unit_id],
    )


def set_weekly(
    db: Database, unit_id: str, weekly: Mapping[int, tuple[Window, ...]], *, actor: str
) -> None:
    """Replace a unit's weekly windows (0 = Monday; a missing day is closed)."""
    if bad := sorted(set(weekly) - set(range(7))):
        raise LenteraError(f"weekdays are 0 (Monday) to 6 (Sunday), not {bad}")
    full = {day: _checked(tuple(weekly.get(day, ())), _DAY_LABELS[day]) for day in range(7)}
    if not any(full.values()):
        raise LenteraError("a week needs at least one working window")
    _change(
        db,
        unit_id,
        actor,
        "unit.weekly",
        {str(day): windows_spec(windows) for day, windows in full.items()},
        "UPDATE units SET weekly = ? WHERE id = ?",
        [weekly_json(full), unit_id],
    )


def set_cuti_bersama(db: Database, unit_id: str, counted: bool, *, actor: str) -> None:
    """Whether cuti bersama days are days off in this unit (the default) or working days."""
    _change(
        db,
        unit_id,
        actor,
        "unit.cuti_bersama",
        {"counted": counted},
        "UPDATE units SET count_cuti_bersama = ? WHERE id = ?",
        [counted, unit_id],
    )


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
    checked = _checked(windows, f"override {day.isoformat()}")
    spec = windows_spec(checked)
    _change(
        db,
        unit_id,
        actor,
        "unit.override",
        {"day": day.isoformat(), "windows": spec, "note": note},
        "INSERT OR REPLACE INTO calendar_overrides VALUES (?, ?, ?, ?)",
        [unit_id, day, json.dumps(spec), note.strip()],
    )


def remove_override(db: Database, unit_id: str, day: date, *, actor: str) -> None:
    """Drop a day's override; the day follows the weekly windows and holidays again."""
    found = db.query("SELECT 1 FROM calendar_overrides WHERE unit = ? AND day = ?", [unit_id, day])
    if not found:
        raise NotFound(f"unit '{unit_id}' has no override on {day.isoformat()}")
    _change(
        db,
        unit_id,
        actor,
        "unit.override_removed",
        {"day": day.isoformat()},
        "DELETE FROM calendar_overrides WHERE unit = ? AND day = ?",
        [unit_id, day],
    )


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


def _change(
    db: Database,
    unit_id: str,
    actor: str,
    action: str,
    detail: dict[str, Any],
    sql: str,
    params: list[Any],
) -> None:
    """Run one calendar change and its log row in a transaction; engines then forget calendars."""
    _require_unit(db, unit_id)
    with db.transaction() as tx:
        tx.execute(sql, params)
        admin_log.write(tx, actor, action, unit_id, detail)
    db.calendars_changed()
