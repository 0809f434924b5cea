"""The tables the compliance SQL joins against, derived from units, calendars and stored SOPs.

``work_days`` holds one row per unit and local day with its working windows and running totals
(working minutes before the day, working days up to it), so a working-time duration is the
difference of two lookups instead of a walk over days. ``work_minutes`` holds, for each distinct
set of windows (a day profile) and minute of the day, the working minutes before that minute.
``sop_steps`` and ``sop_totals`` hold each stored SOP version's steps and standards. All are
rebuilt only when their inputs change.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd

from workflows.calendar import WorkCalendar
from workflows.db import Database, to_db
from workflows.errors import LenteraError
from workflows.registry import load_sop, unit_calendar
from workflows.sop import Sop
from workflows.standard_time import StandardTime

DAYS_BEFORE = 2
"""Days kept before the first event (local dates may precede the UTC date)."""
DAYS_AFTER = 400
"""Days kept after the last event or ``now``: room for month-long standards and deadlines."""
_FINGERPRINT_KEY = "compliance_calendar"


def refresh(db: Database, now: datetime) -> None:
    """Bring ``work_days``, ``sop_steps`` and ``sop_totals`` up to date (cheap when unchanged)."""
    _refresh_steps(db)
    first, last = _day_range(db, now)
    fingerprint = _calendar_fingerprint(db, first, last)
    if db.setting(_FINGERPRINT_KEY) == fingerprint:
        return
    units = [str(row[0]) for row in db.query("SELECT id FROM units ORDER BY id")]
    frames = [_unit_days(unit, unit_calendar(db, unit), first, last) for unit in units]
    days = pd.concat(frames, ignore_index=True) if frames else _unit_days("", None, first, first)
    try:
        _store_days(db, days, fingerprint)
    except duckdb.TransactionException:
        # Another session rebuilt the tables at the same moment; theirs will do if it matches.
        if db.setting(_FINGERPRINT_KEY) != fingerprint:
            raise


def _store_days(db: Database, days: pd.DataFrame, fingerprint: str) -> None:
    """Replace ``work_days`` and ``work_minutes`` in one transaction."""
    with db.transaction() as tx:
        tx.execute("DELETE FROM work_days")
        tx.execute("DELETE FROM work_minutes")
        tx.register("compliance_days", days)
        tx.execute(
            "INSERT INTO work_days SELECT d.*, p.profile FROM compliance_days d JOIN ("
            "SELECT windows, CAST(row_number() OVER (ORDER BY windows) AS INTEGER) AS profile "
            "FROM (SELECT DISTINCT windows FROM compliance_days)) p USING (windows)"
        )
        tx.unregister("compliance_days")
        tx.execute(
            "INSERT INTO work_minutes SELECT p.profile * 1440 + m.minute, "
            "coalesce(list_sum(list_transform(p.windows, "
            "lambda w: greatest(0, least(m.minute, w.e) - w.s))), 0), "
            "coalesce(list_bool_or(list_transform(p.windows, "
            "lambda w: m.minute >= w.s AND m.minute < w.e)), false) "
            "FROM (SELECT DISTINCT profile, windows FROM work_days) p, range(0, 1440) m(minute)"
        )
        tx.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [_FINGERPRINT_KEY, fingerprint])


def _day_range(db: Database, now: datetime) -> tuple[date, date]:
    """Local dates to cover: a little before the first event to well after the last or ``now``,
    from the first of a month to the last day of a quarter."""
    low, high = db.query("SELECT min(occurred_at), max(occurred_at) FROM events")[0]
    moment = to_db(now)
    low = moment if low is None else min(low, moment)
    high = moment if high is None else max(high, moment)
    # Rounded out (first to its month, last to its quarter) so that new events change the
    # range, and so rebuild the tables, about once a quarter instead of every day.
    first = low.date() - timedelta(days=DAYS_BEFORE)
    last = high.date() + timedelta(days=DAYS_AFTER)
    quarter_end = date(last.year + (last.month > 9), (last.month + 2) // 3 * 3 % 12 + 1, 1)
    return first.replace(day=1), quarter_end - timedelta(days=1)


def _calendar_fingerprint(db: Database, first: date, last: date) -> str:
    """A digest of everything ``work_days`` is built from."""
    rows = db.query(
        "SELECT (SELECT string_agg(concat_ws('|', id, zone, weekly, count_cuti_bersama), ';' "
        "ORDER BY id) FROM units), (SELECT string_agg(concat_ws('|', unit, day, windows), ';' "
        "ORDER BY unit, day) FROM calendar_overrides)"
    )
    text = f"{first}|{last}|{rows[0][0]}|{rows[0][1]}"
    return hashlib.sha256(text.encode()).hexdigest()


def _unit_days(unit: str, calendar: WorkCalendar | None, first: date, last: date) -> pd.DataFrame:
    """The ``work_days`` rows of one unit, ``first`` to ``last`` (empty without a calendar)."""
    columns: dict[str, list[object]] = {
        name: []
        for name in (
            "unit", "day", "utc_offset_min", "windows", "minutes", "cum_minutes", "cum_days",
            "next_open", "next_close",
        )
    }  # fmt: skip
    if calendar is None:
        return pd.DataFrame(columns)
    zone = ZoneInfo(calendar.zone)
    cum_minutes = cum_days = 0
    offsets: set[int] = set()
    day = first
    while day <= last:
        offset = datetime.combine(day, time(12), tzinfo=zone).utcoffset() or timedelta()
        offset_min = int(offset.total_seconds() // 60)
        offsets.add(offset_min)
        windows, within = [], 0
        for opening, closing in calendar.windows_on(day):
            start, end = opening.hour * 60 + opening.minute, closing.hour * 60 + closing.minute
            windows.append({"s": start, "e": end, "c": within})
            within += end - start
        cum_days += within > 0
        for name, value in (
            ("unit", unit), ("day", day), ("utc_offset_min", offset_min),
            ("windows", windows), ("minutes", within), ("cum_minutes", cum_minutes),
            ("cum_days", cum_days),
        ):  # fmt: skip
            columns[name].append(value)
        cum_minutes += within
        day += timedelta(days=1)
    if len(offsets) > 1:
        raise LenteraError(
            f"unit {unit}: the time zone {calendar.zone} changes its UTC offset between "
            f"{first} and {last}; compliance measures need a fixed offset (WIB, WITA or WIT)"
        )
    columns["next_open"], columns["next_close"] = _next_working(columns, offsets.pop())
    return pd.DataFrame(columns)


def _next_working(
    columns: dict[str, list[object]], offset_min: int
) -> tuple[list[object], list[object]]:
    """For each day, the UTC opening and close of the first working day on or after it."""
    opens: list[object] = [None] * len(columns["day"])
    closes: list[object] = [None] * len(columns["day"])
    following: tuple[datetime, datetime] | None = None
    shift = timedelta(minutes=offset_min)
    for i in range(len(opens) - 1, -1, -1):
        windows = columns["windows"][i]
        assert isinstance(windows, list)
        day = columns["day"][i]
        assert isinstance(day, date)
        if windows:
            midnight = datetime.combine(day, time()) - shift
            following = (
                midnight + timedelta(minutes=windows[0]["s"]),
                midnight + timedelta(minutes=windows[-1]["e"]),
            )
        if following is not None:
            opens[i], closes[i] = following
    return opens, closes


def _refresh_steps(db: Database) -> None:
    """Add the steps and totals of every stored SOP version not yet described."""
    missing = db.query(
        "SELECT sop_id, version FROM sop_versions "
        "EXCEPT SELECT sop_id, version FROM sop_totals ORDER BY 1, 2"
    )
    for sop_id, version in missing:
        try:
            _store_steps(db, load_sop(db, sop_id, int(version)), int(version))
        except (duckdb.ConstraintException, duckdb.TransactionException):
            # Another session described this version at the same moment.
            if not db.query(
                "SELECT 1 FROM sop_totals WHERE sop_id = ? AND version = ?", [sop_id, version]
            ):
                raise


def _store_steps(db: Database, sop: Sop, version: int) -> None:
    """Describe one stored SOP version in ``sop_steps`` and ``sop_totals``."""
    sop_id = sop.id
    with db.transaction() as tx:
        rows = [
            [sop_id, version, step.no, position, step.kind, step.role, step.standard.raw,
             step.standard.basis, step.standard.minutes, step.standard.working_days,
             step.standard.months, step.standard.weeks, *_wait(sop, step.no, step.wait)]
            for position, step in enumerate(sop.steps, start=1)
        ]  # fmt: skip
        # One statement for all steps: executemany runs one statement per row.
        values = ", ".join(["(" + ", ".join(["?"] * len(rows[0])) + ")"] * len(rows))
        tx.execute(
            f"INSERT INTO sop_steps VALUES {values}",  # noqa: S608 - placeholders only
            [value for row in rows for value in row],
        )
        tx.execute(
            "INSERT INTO sop_totals VALUES (?, ?, ?, ?, ?, ?, ?)",
            [sop_id, version, *happy_path_total(sop)],
        )


def _wait(sop: Sop, step: str, wait: StandardTime | None) -> tuple[int, int]:
    """A waiting period as (months, weeks); only calendar periods are measurable in SQL."""
    if wait is None:
        return 0, 0
    if wait.basis != "calendar":
        raise LenteraError(
            f"SOP {sop.id} step {step}: the waiting period '{wait.raw}' is not a calendar "
            "period (minggu or bulan); compliance cannot measure it"
        )
    return wait.months, wait.weeks


def happy_path(sop: Sop) -> list[str]:
    """Step numbers from the first step, completing every step and answering every decision *Ya*."""
    path: list[str] = []
    current: str | None = sop.first.no
    while current is not None and current not in path:
        step = sop.step(current)
        if step.kind == "selesai":
            break
        path.append(current)
        current = step.on_yes if step.kind == "keputusan" else step.next
    return path


def happy_path_total(sop: Sop) -> tuple[int, int, int, int, bool]:
    """Total standard of the happy path: (working minutes, working days, months, weeks, judged).

    Calendar waits (``menunggu``) count as months/weeks; ``judged`` is whether any step has one.
    """
    minutes = days = months = weeks = 0
    judged = False
    for no in happy_path(sop):
        step = sop.step(no)
        minutes += step.standard.minutes or 0
        days += step.standard.working_days or 0
        months += step.standard.months + (step.wait.months if step.wait else 0)
        weeks += step.standard.weeks + (step.wait.weeks if step.wait else 0)
        judged = judged or step.standard.basis != "none"
    return minutes, days, months, weeks, judged
