"""Unit calendars as an admin edits them, on real DuckDB files and the real holiday calendar."""

from __future__ import annotations

from datetime import date, time

import pytest

from tests.conftest import POLLING_UNIT, Clock
from workflows.admin_log import recent
from workflows.db import Database
from workflows.engine import Engine
from workflows.errors import LenteraError, NotFound
from workflows.fmt import zone_label
from workflows.registry import unit_calendar
from workflows.units import (
    format_windows,
    list_overrides,
    list_units,
    parse_windows,
    remove_override,
    set_cuti_bersama,
    set_override,
    set_weekly,
    set_zone,
    upcoming_days,
)

MORNING = (time(8, 0), time(12, 0))
AFTERNOON = (time(13, 0), time(15, 0))


def test_units_are_listed_with_their_calendar(db: Database) -> None:
    units = {unit.id: unit for unit in list_units(db)}
    assert len(units) == 5
    polling = units[POLLING_UNIT]
    assert zone_label(polling.zone) == "WIB"
    assert polling.count_cuti_bersama and polling.overrides == 0
    assert format_windows(polling.weekly[0]) == "07:30-12:00, 13:00-16:00"
    assert format_windows(polling.weekly[4]) == "07:30-11:30, 13:00-16:30"
    assert polling.weekly[6] == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30-12:00, 13:00-16:00", ((time(7, 30), time(12)), (time(13), time(16)))),
        ("8.00 – 12.00", ((time(8), time(12)),)),
        ("", ()),
        (" - ", ()),
    ],
)
def test_parse_windows(text: str, expected: tuple[tuple[time, time], ...]) -> None:
    assert parse_windows(text) == expected
    assert parse_windows(format_windows(expected)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("07:30-12:00, 11:00-16:00", "Senin: windows must be sorted and must not overlap"),
        ("13:00-16:00, 07:30-12:00", "Senin: windows must be sorted and must not overlap"),
        ("12:00-07:30", "Senin: window 12:00–07:30 must start before it ends"),
        ("07:30-24:00", "Senin: '07:30-24:00' is not inside the day"),
        ("07:30-12:61", "Senin: '07:30-12:61' is not inside the day"),
        ("pagi", "Senin: 'pagi' is not a window such as 07:30-12:00"),
        ("07:30-12:00; 13:00-16:00", "is not a window such as 07:30-12:00"),
    ],
)
def test_bad_windows_are_refused_with_a_sentence(text: str, message: str) -> None:
    with pytest.raises(LenteraError) as caught:
        parse_windows(text, "Senin")
    assert message in str(caught.value)


def test_set_zone_accepts_the_three_zones_only(db: Database) -> None:
    set_zone(db, POLLING_UNIT, "WITA", actor="admin")
    assert unit_calendar(db, POLLING_UNIT).zone == "Asia/Makassar"
    set_zone(db, POLLING_UNIT, "Asia/Jayapura", actor="admin")
    assert zone_label(unit_calendar(db, POLLING_UNIT).zone) == "WIT"
    for bad in ("Europe/Berlin", "WITB", "UTC"):
        with pytest.raises(LenteraError, match="unknown zone"):
            set_zone(db, POLLING_UNIT, bad, actor="admin")
    with pytest.raises(NotFound, match="there is no unit 'nowhere'"):
        set_zone(db, "nowhere", "WIB", actor="admin")
    assert [a.detail for a in recent(db, target=POLLING_UNIT)] == [
        {"zone": "Asia/Jayapura"},
        {"zone": "Asia/Makassar"},
    ]


def test_set_weekly_replaces_the_week_and_validates_it(db: Database) -> None:
    set_weekly(db, POLLING_UNIT, {0: (MORNING, AFTERNOON), 5: (MORNING,)}, actor="admin")
    calendar = unit_calendar(db, POLLING_UNIT)
    assert calendar.weekly[0] == (MORNING, AFTERNOON)
    assert calendar.weekly[1] == ()  # a day left out is closed
    assert calendar.weekly[5] == (MORNING,)
    before = unit_calendar(db, POLLING_UNIT)
    with pytest.raises(LenteraError, match="Tuesday: windows must be sorted"):
        set_weekly(db, POLLING_UNIT, {1: (AFTERNOON, MORNING)}, actor="admin")
    with pytest.raises(LenteraError, match="at least one working window"):
        set_weekly(db, POLLING_UNIT, {}, actor="admin")
    with pytest.raises(LenteraError, match="not \\[7\\]"):
        set_weekly(db, POLLING_UNIT, {7: (MORNING,)}, actor="admin")
    assert unit_calendar(db, POLLING_UNIT) == before  # refused changes write nothing
    assert [a.action for a in recent(db, target=POLLING_UNIT)] == ["unit.weekly"]


def test_cuti_bersama_switch_changes_working_days(db: Database) -> None:
    # Monday 7 April 2025 is cuti bersama for Idul Fitri; Tuesday 8 April is a normal day.
    plan = upcoming_days(db, POLLING_UNIT, date(2025, 4, 7), 2)
    assert [(p.minutes, p.holiday) for p in plan] == [
        (0, "Cuti Bersama Hari Raya Idul Fitri"),
        (450, None),
    ]
    set_cuti_bersama(db, POLLING_UNIT, False, actor="admin")
    plan = upcoming_days(db, POLLING_UNIT, date(2025, 4, 7), 2)
    assert [(p.minutes, p.holiday) for p in plan] == [(450, None), (450, None)]


def test_overrides_add_list_and_remove(db: Database) -> None:
    saturday, monday = date(2025, 3, 29), date(2025, 3, 24)
    set_override(db, POLLING_UNIT, saturday, (MORNING,), "Pelayanan Sabtu", actor="admin")
    set_override(db, POLLING_UNIT, monday, (), "Hari jadi kota", actor="admin")
    assert [(o.day, o.windows, o.note) for o in list_overrides(db, POLLING_UNIT)] == [
        (monday, (), "Hari jadi kota"),
        (saturday, (MORNING,), "Pelayanan Sabtu"),
    ]
    plans = upcoming_days(db, POLLING_UNIT, monday, 14)
    assert len(plans) == 14
    by_day = {p.day: p for p in plans}
    assert (by_day[monday].minutes, by_day[monday].override_note) == (0, "Hari jadi kota")
    assert (by_day[saturday].minutes, by_day[saturday].windows) == (240, (MORNING,))
    assert by_day[date(2025, 3, 27)].minutes == 450  # Thursday: 4.5 h + 3 h
    assert (by_day[date(2025, 3, 28)].minutes, by_day[date(2025, 3, 28)].holiday) == (
        0,
        "Cuti Bersama Hari Suci Nyepi",
    )
    assert by_day[date(2025, 4, 4)].minutes == 0  # Friday, cuti bersama Idul Fitri
    assert by_day[date(2025, 3, 31)].holiday is not None  # Idul Fitri
    remove_override(db, POLLING_UNIT, monday, actor="admin")
    assert [o.day for o in list_overrides(db, POLLING_UNIT)] == [saturday]
    with pytest.raises(NotFound, match="no override on 2025-03-24"):
        remove_override(db, POLLING_UNIT, monday, actor="admin")
    with pytest.raises(LenteraError, match="override 2025-03-30: window 12:00–08:00"):
        set_override(db, POLLING_UNIT, date(2025, 3, 30), ((time(12), time(8)),), actor="admin")
    assert [a.action for a in recent(db, target=POLLING_UNIT)] == [
        "unit.override_removed",
        "unit.override",
        "unit.override",
    ]
    assert list_units(db)[[u.id for u in list_units(db)].index(POLLING_UNIT)].overrides == 1


def test_calendar_changes_reach_a_running_engine(
    db: Database, engine: Engine, clock: Clock, polling_users: dict[str, str]
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "Polling kalender")
    first_due = record.step_due_at
    assert engine.calendar(POLLING_UNIT).zone == "Asia/Jakarta"  # now cached
    set_zone(db, POLLING_UNIT, "WIT", actor="admin")
    assert engine.calendar(POLLING_UNIT).zone == "Asia/Jayapura"
    set_override(db, POLLING_UNIT, clock.now.date(), (), "Kantor tutup", actor="admin")
    later = engine.start("pemantau", "cirebon-polling", "Polling sesudah perubahan")
    assert first_due is not None and later.step_due_at is not None
    assert later.step_due_at.date() > first_due.date()  # today is closed now
