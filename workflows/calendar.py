"""Per-unit working-time calendar: time zone, weekly windows, national holidays and overrides.

Plain Python with no database access: admin overrides are passed in as data. Every instant must be
timezone-aware; dates and windows are read in the calendar's local time, durations in real time.
A working day is always its windows, never 24 hours (DOMAIN.md section 3).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from workflows.standard_time import StandardTime

Window = tuple[time, time]
"""A working window ``[start, end)`` in local time."""

ZONES: dict[str, str] = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

_MON_THU: tuple[Window, ...] = ((time(7, 30), time(12, 0)), (time(13, 0), time(16, 0)))
_FRIDAY: tuple[Window, ...] = ((time(7, 30), time(11, 30)), (time(13, 0), time(16, 30)))
DEFAULT_WEEKLY: Mapping[int, tuple[Window, ...]] = MappingProxyType(
    {0: _MON_THU, 1: _MON_THU, 2: _MON_THU, 3: _MON_THU, 4: _FRIDAY, 5: (), 6: ()}
)
"""Perpres 21/2023 typical schedule (0 = Monday), 37.5 hours a week; read-only."""

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MAX_SCAN_DAYS = 3 * 366
_K = TypeVar("_K")


@functools.lru_cache(maxsize=256)
def _holidays(year: int, count_cuti_bersama: bool) -> Mapping[date, str]:
    """National holidays of a year (plus cuti bersama when counted), with Indonesian names."""
    categories = ("public", "government") if count_cuti_bersama else ("public",)
    found = holidays.country_holidays("ID", years=year, categories=categories, language="id")
    return MappingProxyType(dict(found))


def _zoneinfo(zone: str) -> ZoneInfo:
    """The ``ZoneInfo`` of an IANA name, or a ``ValueError`` naming the bad zone."""
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"unknown time zone '{zone}': use an IANA name or one of {', '.join(ZONES)}"
        ) from error


def _checked_windows(windows: tuple[Window, ...], label: str) -> tuple[Window, ...]:
    """Return ``windows`` if each starts before it ends, on whole minutes, sorted, no overlaps."""
    previous_end: time | None = None
    for start, end in windows:
        if any(t.tzinfo is not None or t.second or t.microsecond for t in (start, end)):
            raise ValueError(f"{label}: window times must be naive and on whole minutes")
        if start >= end:
            raise ValueError(f"{label}: window {start:%H:%M}–{end:%H:%M} must start before it ends")
        if previous_end is not None and start < previous_end:
            raise ValueError(
                f"{label}: windows must be sorted and must not overlap "
                f"({start:%H:%M} starts before the previous window ends at {previous_end:%H:%M})"
            )
        previous_end = end
    return windows


def _frozen(
    table: Mapping[_K, tuple[Window, ...]], label: dict[_K, str]
) -> Mapping[_K, tuple[Window, ...]]:
    """A read-only copy of a window table, each entry validated."""
    return MappingProxyType(
        {key: _checked_windows(tuple(windows), label[key]) for key, windows in table.items()}
    )


def _check_amount(value: float, name: str) -> None:
    """Reject negative, infinite and NaN amounts."""
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value}")


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    next_first = date(year + 1, 1, 1) if month0 == 11 else date(year, month0 + 2, 1)
    return date(year, month0 + 1, min(day.day, (next_first - timedelta(days=1)).day))


def _dates(first: date, last: date) -> Iterator[date]:
    """Every date from ``first`` to ``last`` inclusive."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def _minute_of_day(moment: time) -> int:
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class WorkCalendar:
    """Working windows of one unit: an override, else closed on a holiday, else the weekly windows.

    ``overrides`` maps a date to its exact windows (``()`` closes the day, even a weekday; windows
    open it, even on a weekend or holiday). ``zone`` also accepts ``WIB``, ``WITA`` and ``WIT``.
    """

    zone: str = "Asia/Jakarta"
    weekly: Mapping[int, tuple[Window, ...]] = field(default_factory=lambda: DEFAULT_WEEKLY)
    count_cuti_bersama: bool = True
    overrides: Mapping[date, tuple[Window, ...]] = field(default_factory=dict)
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        zone = ZONES.get(self.zone, self.zone)
        object.__setattr__(self, "zone", zone)
        object.__setattr__(self, "_tz", _zoneinfo(zone))
        if bad_days := [key for key in self.weekly if key not in range(7)]:
            raise ValueError(f"weekly keys must be 0 (Monday) to 6 (Sunday), got {bad_days}")
        if bad_dates := [key for key in self.overrides if isinstance(key, datetime)]:
            raise ValueError(f"override keys must be dates, not datetimes: {bad_dates}")
        weekday_labels = {key: _WEEKDAYS[key] for key in self.weekly}
        date_labels = {key: f"override {key.isoformat()}" for key in self.overrides}
        object.__setattr__(self, "weekly", _frozen(self.weekly, weekday_labels))
        object.__setattr__(self, "overrides", _frozen(self.overrides, date_labels))

    def __hash__(self) -> int:
        return hash(
            (
                self.zone,
                self.count_cuti_bersama,
                frozenset(self.weekly.items()),
                frozenset(self.overrides.items()),
            )
        )

    def holiday_name(self, day: date) -> str | None:
        """Indonesian name of the national holiday (or counted cuti bersama) on ``day``."""
        return _holidays(day.year, self.count_cuti_bersama).get(day)

    def windows_on(self, day: date) -> tuple[Window, ...]:
        """The day's working windows: override, else none on a holiday, else the weekly ones."""
        if day in self.overrides:
            return self.overrides[day]
        if self.holiday_name(day) is not None:
            return ()
        return self.weekly.get(day.weekday(), ())

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` has at least one working window."""
        return bool(self.windows_on(day))

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        for candidate in _dates(day, day + timedelta(days=_MAX_SCAN_DAYS)):
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(
            f"no working day within {_MAX_SCAN_DAYS} days from {day.isoformat()}: "
            "check the weekly windows and overrides"
        )

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant ``minutes`` working minutes after ``start`` (``start`` itself for 0)."""
        local = self._local(start, "start")
        _check_amount(minutes, "minutes")
        if minutes == 0:
            return local
        remaining, cursor, day = timedelta(minutes=minutes), local.astimezone(UTC), local.date()
        while True:
            for opening, closing in self._intervals(day):
                begin = max(opening, cursor)
                if begin >= closing:
                    continue
                if remaining <= closing - begin:
                    return (begin + remaining).astimezone(self._tz)
                remaining -= closing - begin
            day = self.next_working_day(day + timedelta(days=1))

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Close of the ``days``-th working day after ``start``'s date (0: close of the first
        working day on or after it); ``start``'s own date never counts."""
        day = self._local(start, "start").date()
        _check_amount(days, "days")
        if days == 0:
            return self._close(self.next_working_day(day))
        for _ in range(days):
            day = self.next_working_day(day + timedelta(days=1))
        return self._close(day)

    def add_period(self, start: datetime, *, months: int = 0, weeks: int = 0) -> datetime:
        """Close of the working day on or after the same date ``months`` and ``weeks`` later."""
        day = self._local(start, "start").date()
        _check_amount(months, "months")
        _check_amount(weeks, "weeks")
        target = _add_months(day, months) + timedelta(weeks=weeks)
        return self._close(self.next_working_day(target))

    def due(self, start: datetime, standard: StandardTime) -> datetime | None:
        """When a step started at ``start`` is due under ``standard``; ``None`` without one."""
        self._local(start, "start")
        if standard.basis == "working_minutes" and standard.minutes is not None:
            return self.add_working_minutes(start, standard.minutes)
        if standard.basis == "working_days" and standard.working_days is not None:
            return self.add_working_days(start, standard.working_days)
        if standard.basis == "calendar":
            return self.add_period(start, months=standard.months, weeks=standard.weeks)
        return None

    def working_minutes_between(self, start: datetime, end: datetime) -> float:
        """Working minutes in ``[start, end]`` (0 when ``end <= start``)."""
        first, last = self._local(start, "start"), self._local(end, "end")
        if last <= first:
            return 0.0
        first_utc, last_utc = first.astimezone(UTC), last.astimezone(UTC)
        total = timedelta()
        for day in _dates(first.date(), last.date()):
            for opening, closing in self._intervals(day):
                total += max(min(closing, last_utc) - max(opening, first_utc), timedelta())
        return total.total_seconds() / 60

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Working days after ``start``'s local date up to and including ``end``'s."""
        first, last = self._local(start, "start"), self._local(end, "end")
        if last <= first:
            return 0
        later = _dates(first.date() + timedelta(days=1), last.date())
        return sum(1 for day in later if self.is_working_day(day))

    def day_table(self, first: date, last: date) -> list[tuple[date, int, int]]:
        """One row per working window, ``first`` to ``last``: (day, start minute, end minute)."""
        return [
            (day, _minute_of_day(opening), _minute_of_day(closing))
            for day in _dates(first, last)
            for opening, closing in self.windows_on(day)
        ]

    def open_of(self, moment: datetime) -> datetime:
        """The opening of the first window on ``moment``'s local date, a working day."""
        day = self.next_working_day(self._local(moment, "moment").date())
        return datetime.combine(day, self.windows_on(day)[0][0], tzinfo=self._tz)

    def _local(self, moment: datetime, name: str) -> datetime:
        """``moment`` in the calendar's zone; naive datetimes are rejected."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
        return moment.astimezone(self._tz)

    def _intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The day's windows as UTC instants, so durations are real elapsed time."""
        return [
            (self._utc(day, opening), self._utc(day, closing))
            for opening, closing in self.windows_on(day)
        ]

    def _utc(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self._tz).astimezone(UTC)

    def _close(self, day: date) -> datetime:
        """The end of the last window of a working day, in the calendar's zone."""
        return datetime.combine(day, self.windows_on(day)[-1][1], tzinfo=self._tz)
