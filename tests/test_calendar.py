"""Tests for the working-time calendar, with real ``holidays`` data (no mocks)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflows.calendar import DEFAULT_WEEKLY, ZONES, Window, WorkCalendar
from workflows.standard_time import parse_standard_time

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
DEFAULT = WorkCalendar()
NO_CUTI = WorkCalendar(count_cuti_bersama=False)
MORNING: tuple[Window, ...] = ((time(8, 0), time(12, 0)),)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


# --- schedule, holidays and overrides ---------------------------------------------------------


def test_default_weekly_is_37_and_a_half_hours() -> None:
    minutes = sum(
        (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        for windows in DEFAULT_WEEKLY.values()
        for start, end in windows
    )
    assert minutes == 37.5 * 60
    assert DEFAULT_WEEKLY[5] == DEFAULT_WEEKLY[6] == ()


def test_holiday_names_are_indonesian_and_close_the_office() -> None:
    idul_fitri = date(2025, 3, 31)
    assert DEFAULT.holiday_name(idul_fitri) == "Hari Raya Idul Fitri"
    assert not DEFAULT.is_working_day(idul_fitri)
    assert DEFAULT.holiday_name(date(2025, 3, 25)) is None


def test_cuti_bersama_switch() -> None:
    cuti = date(2025, 4, 2)
    assert DEFAULT.holiday_name(cuti) == "Cuti Bersama Hari Raya Idul Fitri"
    assert not DEFAULT.is_working_day(cuti)
    assert NO_CUTI.holiday_name(cuti) is None
    assert NO_CUTI.is_working_day(cuti)
    assert NO_CUTI.windows_on(cuti) == DEFAULT_WEEKLY[2]


def test_override_opens_a_saturday_and_closes_a_weekday() -> None:
    saturday, monday = date(2025, 3, 22), date(2025, 3, 24)
    calendar = WorkCalendar(overrides={saturday: MORNING, monday: ()})
    assert calendar.windows_on(saturday) == MORNING
    assert not calendar.is_working_day(monday)
    assert calendar.add_working_minutes(wib(2025, 3, 21, 16, 28), 5) == wib(2025, 3, 22, 8, 3)
    assert calendar.add_working_days(wib(2025, 3, 21, 9), 2) == wib(2025, 3, 25, 16)


def test_override_opens_a_holiday() -> None:
    calendar = WorkCalendar(overrides={date(2025, 3, 31): MORNING})
    assert calendar.is_working_day(date(2025, 3, 31))
    assert calendar.holiday_name(date(2025, 3, 31)) == "Hari Raya Idul Fitri"
    assert calendar.add_working_minutes(wib(2025, 3, 31, 7), 60) == wib(2025, 3, 31, 9)


def test_day_table_rows_are_local_minutes_per_window() -> None:
    assert DEFAULT.day_table(date(2025, 3, 27), date(2025, 3, 31)) == [
        (date(2025, 3, 27), 450, 720),
        (date(2025, 3, 27), 780, 960),
    ]
    assert DEFAULT.day_table(date(2025, 3, 2), date(2025, 3, 1)) == []


def test_calendars_compare_and_hash_by_value() -> None:
    assert WorkCalendar(zone="WIB") == DEFAULT
    assert hash(WorkCalendar(zone="WIB")) == hash(DEFAULT)
    assert WorkCalendar(zone="WITA").zone == ZONES["WITA"]
    assert len({DEFAULT, WorkCalendar(), NO_CUTI}) == 2


def test_weekly_is_copied_read_only() -> None:
    weekly = {0: MORNING}
    calendar = WorkCalendar(weekly=weekly)
    weekly[1] = MORNING
    assert calendar.windows_on(date(2025, 3, 25)) == ()


# --- working minutes --------------------------------------------------------------------------


def test_friday_afternoon_runs_into_monday() -> None:
    assert DEFAULT.add_working_minutes(wib(2025, 3, 21, 16, 28), 5) == wib(2025, 3, 24, 7, 33)


def test_lunch_break_is_skipped() -> None:
    assert DEFAULT.add_working_minutes(wib(2025, 3, 24, 11, 58), 5) == wib(2025, 3, 24, 13, 3)


def test_weekend_start_begins_at_monday_opening() -> None:
    assert DEFAULT.add_working_minutes(wib(2025, 3, 22, 10), 30) == wib(2025, 3, 24, 8)


def test_holiday_start_skips_idul_fitri_and_cuti_bersama() -> None:
    start = wib(2025, 3, 31, 9)
    assert DEFAULT.add_working_minutes(start, 60) == wib(2025, 4, 8, 8, 30)
    assert NO_CUTI.add_working_minutes(start, 60) == wib(2025, 4, 2, 8, 30)


def test_ending_exactly_at_a_window_end_returns_that_end() -> None:
    assert DEFAULT.add_working_minutes(wib(2025, 3, 24, 11), 60) == wib(2025, 3, 24, 12)
    assert DEFAULT.add_working_minutes(wib(2025, 3, 24, 12), 5) == wib(2025, 3, 24, 13, 5)


def test_zero_and_fractional_minutes() -> None:
    outside = wib(2025, 3, 22, 10, 17)
    assert DEFAULT.add_working_minutes(outside, 0) == outside
    assert DEFAULT.add_working_minutes(wib(2025, 3, 24, 8), 1.5) == wib(2025, 3, 24, 8) + timedelta(
        seconds=90
    )


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("WIB", datetime(2025, 3, 24, 15, 30, tzinfo=WIB)),
        ("WITA", datetime(2025, 3, 25, 8, 0, tzinfo=WITA)),
        ("WIT", datetime(2025, 3, 25, 8, 30, tzinfo=WIT)),
    ],
)
def test_utc_instant_is_read_in_the_calendar_zone(zone: str, expected: datetime) -> None:
    calendar = WorkCalendar(zone=zone)
    result = calendar.add_working_minutes(datetime(2025, 3, 24, 7, 30, tzinfo=UTC), 60)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()
    assert str(result.tzinfo) == ZONES[zone]


def test_working_minutes_between() -> None:
    assert DEFAULT.working_minutes_between(wib(2025, 3, 21, 16), wib(2025, 3, 24, 8)) == 60
    assert DEFAULT.working_minutes_between(wib(2025, 3, 24, 8), wib(2025, 3, 21, 16)) == 0


# --- working days and calendar periods --------------------------------------------------------


def test_domain_known_cases_for_information_requests() -> None:
    start = wib(2025, 3, 24, 8)
    due = DEFAULT.add_working_days(start, 10)
    assert due == wib(2025, 4, 16, 16)
    assert due.weekday() == 2
    assert NO_CUTI.add_working_days(start, 10) == wib(2025, 4, 9, 16)
    assert DEFAULT.add_working_days(due, 7) == wib(2025, 4, 28, 16)


def test_own_day_never_counts_whatever_the_time() -> None:
    assert DEFAULT.add_working_days(wib(2025, 3, 24, 0, 1), 1) == wib(2025, 3, 25, 16)
    assert DEFAULT.add_working_days(wib(2025, 3, 24, 23, 59), 1) == wib(2025, 3, 25, 16)


def test_zero_working_days_is_close_of_the_next_working_day() -> None:
    assert DEFAULT.add_working_days(wib(2025, 3, 24, 9), 0) == wib(2025, 3, 24, 16)
    assert DEFAULT.add_working_days(wib(2025, 3, 22, 9), 0) == wib(2025, 3, 24, 16)


def test_working_days_between() -> None:
    assert DEFAULT.working_days_between(wib(2025, 3, 24, 8), wib(2025, 4, 16, 16)) == 10
    assert DEFAULT.working_days_between(wib(2025, 3, 24, 8), wib(2025, 3, 24, 15)) == 0
    assert DEFAULT.working_days_between(wib(2025, 4, 16), wib(2025, 3, 24)) == 0


@pytest.mark.parametrize(
    ("start", "months", "weeks", "expected"),
    [
        (wib(2025, 1, 31, 9), 1, 0, wib(2025, 2, 28, 16, 30)),
        (wib(2024, 1, 31, 9), 1, 0, wib(2024, 2, 29, 16)),
        (wib(2025, 3, 3, 9), 1, 0, wib(2025, 4, 8, 16)),
        (wib(2025, 3, 24, 9), 0, 2, wib(2025, 4, 8, 16)),
        (wib(2025, 11, 30, 9), 2, 1, wib(2026, 2, 6, 16, 30)),
    ],
)
def test_add_period_clamps_and_rolls_to_a_working_day(
    start: datetime, months: int, weeks: int, expected: datetime
) -> None:
    assert DEFAULT.add_period(start, months=months, weeks=weeks) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("5 menit", wib(2025, 3, 24, 8, 5)),
        ("2 jam", wib(2025, 3, 24, 10)),
        ("10 (sepuluh) hari kerja", wib(2025, 4, 16, 16)),
        ("1 bulan", wib(2025, 4, 24, 16)),
        ("1 minggu", wib(2025, 4, 8, 16)),
        ("-", None),
    ],
)
def test_due_dispatches_on_the_standard_basis(cell: str, expected: datetime | None) -> None:
    assert DEFAULT.due(wib(2025, 3, 24, 8), parse_standard_time(cell)) == expected


# --- errors -----------------------------------------------------------------------------------


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2025, 3, 24, 8)
    with pytest.raises(ValueError, match="must be timezone-aware"):
        DEFAULT.add_working_minutes(naive, 5)
    with pytest.raises(ValueError, match="must be timezone-aware"):
        DEFAULT.working_days_between(wib(2025, 3, 24), naive)
    with pytest.raises(ValueError, match="must be timezone-aware"):
        DEFAULT.due(naive, parse_standard_time("-"))


def test_negative_amounts_are_rejected() -> None:
    start = wib(2025, 3, 24, 8)
    with pytest.raises(ValueError, match="minutes must be a non-negative"):
        DEFAULT.add_working_minutes(start, -1)
    with pytest.raises(ValueError, match="minutes must be a non-negative"):
        DEFAULT.add_working_minutes(start, float("nan"))
    with pytest.raises(ValueError, match="days must be a non-negative"):
        DEFAULT.add_working_days(start, -1)
    with pytest.raises(ValueError, match="months must be a non-negative"):
        DEFAULT.add_period(start, months=-1)
    with pytest.raises(ValueError, match="weeks must be a non-negative"):
        DEFAULT.add_period(start, weeks=-1)


@pytest.mark.parametrize(
    ("weekly", "message"),
    [
        ({0: ((time(12), time(8)),)}, "Monday: window 12:00–08:00 must start before it ends"),
        ({1: ((time(8), time(8)),)}, "must start before it ends"),
        ({2: ((time(8), time(12)), (time(11), time(14)))}, "Wednesday: .* must not overlap"),
        ({3: ((time(13), time(16)), (time(8), time(12)))}, "must be sorted"),
        ({4: ((time(8, 0, 30), time(12)),)}, "whole minutes"),
        ({7: MORNING}, "weekly keys must be 0"),
    ],
)
def test_invalid_weekly_windows_are_rejected(
    weekly: dict[int, tuple[Window, ...]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        WorkCalendar(weekly=weekly)


def test_invalid_overrides_and_zone_are_rejected() -> None:
    with pytest.raises(ValueError, match="override 2025-03-22: window"):
        WorkCalendar(overrides={date(2025, 3, 22): ((time(12), time(8)),)})
    with pytest.raises(ValueError, match="not datetimes"):
        WorkCalendar(overrides={datetime(2025, 3, 22, 0, 0): MORNING})
    with pytest.raises(ValueError, match="unknown time zone 'Asia/Bandung'"):
        WorkCalendar(zone="Asia/Bandung")


def test_calendar_without_working_days_fails_instead_of_looping() -> None:
    closed = WorkCalendar(weekly={})
    with pytest.raises(ValueError, match="no working day within"):
        closed.next_working_day(date(2025, 1, 1))
    with pytest.raises(ValueError, match="no working day within"):
        closed.add_working_minutes(wib(2025, 1, 1), 5)


# --- properties -------------------------------------------------------------------------------

CALENDARS = [
    DEFAULT,
    NO_CUTI,
    WorkCalendar(zone="WIT"),
    WorkCalendar(
        zone="WITA",
        overrides={date(2025, 3, 22): MORNING, date(2025, 3, 25): (), date(2026, 1, 1): MORNING},
    ),
]
calendars = st.sampled_from(CALENDARS)
offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
instants = st.datetimes(datetime(2024, 1, 1), datetime(2027, 12, 31), timezones=offsets)
gaps = st.timedeltas(timedelta(0), timedelta(days=20))
minutes = st.integers(0, 100_000)
days = st.integers(0, 300)
positive_days = st.integers(1, 300)
modest = settings(max_examples=200, deadline=None)


def local(calendar: WorkCalendar, moment: datetime) -> datetime:
    return moment.astimezone(ZoneInfo(calendar.zone))


def closes_a_working_day(calendar: WorkCalendar, moment: datetime) -> bool:
    here = local(calendar, moment)
    windows = calendar.windows_on(here.date())
    return bool(windows) and here.time() == windows[-1][1]


@modest
@given(calendars, instants, minutes, minutes)
def test_minutes_are_additive(calendar: WorkCalendar, start: datetime, a: int, b: int) -> None:
    after_a = calendar.add_working_minutes(start, a)
    assert calendar.add_working_minutes(after_a, b) == calendar.add_working_minutes(start, a + b)


@modest
@given(calendars, instants, positive_days, positive_days)
def test_days_are_additive(calendar: WorkCalendar, start: datetime, a: int, b: int) -> None:
    after_a = calendar.add_working_days(start, a)
    assert calendar.add_working_days(after_a, b) == calendar.add_working_days(start, a + b)


@modest
@given(calendars, instants, gaps, minutes, st.integers(0, 5_000))
def test_minutes_are_monotonic(
    calendar: WorkCalendar, start: datetime, gap: timedelta, n: int, more: int
) -> None:
    result = calendar.add_working_minutes(start, n)
    assert result <= calendar.add_working_minutes(start + gap, n)
    assert result <= calendar.add_working_minutes(start, n + more)


@modest
@given(calendars, instants, gaps, days, st.integers(0, 30))
def test_days_are_monotonic(
    calendar: WorkCalendar, start: datetime, gap: timedelta, n: int, more: int
) -> None:
    result = calendar.add_working_days(start, n)
    assert result <= calendar.add_working_days(start + gap, n)
    assert result <= calendar.add_working_days(start, n + more)


@modest
@given(calendars, instants, days, st.integers(0, 24), st.integers(0, 8))
def test_days_and_periods_land_on_the_close_of_a_working_day(
    calendar: WorkCalendar, start: datetime, n: int, months: int, weeks: int
) -> None:
    assert closes_a_working_day(calendar, calendar.add_working_days(start, n))
    assert closes_a_working_day(calendar, calendar.add_period(start, months=months, weeks=weeks))


@modest
@given(calendars, instants, st.floats(0, 100_000, allow_nan=False))
def test_minutes_between_inverts_add(calendar: WorkCalendar, start: datetime, n: float) -> None:
    end = calendar.add_working_minutes(start, n)
    assert calendar.working_minutes_between(start, end) == pytest.approx(n, abs=1e-6)


@modest
@given(calendars, instants, positive_days)
def test_days_between_inverts_add(calendar: WorkCalendar, start: datetime, n: int) -> None:
    assert calendar.working_days_between(start, calendar.add_working_days(start, n)) == n


@modest
@given(calendars, instants, st.integers(1, 100_000))
def test_added_minutes_end_inside_or_at_the_end_of_a_window(
    calendar: WorkCalendar, start: datetime, n: int
) -> None:
    here = local(calendar, calendar.add_working_minutes(start, n))
    assert any(begin < here.time() <= end for begin, end in calendar.windows_on(here.date()))
