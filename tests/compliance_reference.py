"""A slow, obviously correct reference for the compliance SQL: walk each record's events in
Python and time every step with ``WorkCalendar`` (one call per step, no shortcuts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from workflows.calendar import WorkCalendar
from workflows.engine import Engine
from workflows.sop import Sop

_MOVES = ("start", "complete", "decide")


@dataclass(frozen=True)
class RefExecution:
    record_id: int
    seq: int
    step: str
    state: str
    ready_at: datetime
    stop_at: datetime
    working_minutes: float
    working_days: int
    due_at: datetime | None
    late: bool | None


def executions(engine: Engine, record_id: int, now: datetime) -> list[RefExecution]:
    """The record's step executions, measured like the SQL promises (open ones up to ``now``)."""
    record = engine.get(record_id)
    sop, calendar = engine.sop_of(record), engine.calendar(record.unit)
    events = engine.history(record_id)
    found: list[RefExecution] = []
    for i, event in enumerate(events):
        if event.action not in _MOVES or event.step_to is None:
            continue
        step = sop.step(event.step_to)
        if step.kind == "selesai":
            continue
        ending = next(
            (e for e in events[i + 1 :] if e.action in ("complete", "decide", "cancel")), None
        )
        state = (
            "berjalan"
            if ending is None
            else ("dibatalkan" if ending.action == "cancel" else "selesai")
        )
        ready = event.occurred_at
        if step.wait is not None:
            ready = calendar.open_of(calendar.due(event.occurred_at, step.wait) or ready)
        stop = max(ready, now if ending is None else ending.occurred_at)
        minutes = calendar.working_minutes_between(ready, stop)
        due = (
            None if step.standard.basis == "working_minutes" else calendar.due(ready, step.standard)
        )
        late: bool | None = None
        if step.standard.basis == "working_minutes":
            late = minutes > (step.standard.minutes or 0)
        elif due is not None:
            late = stop > due
        found.append(
            RefExecution(
                record_id, event.seq, step.no, state, ready, stop, minutes,
                calendar.working_days_between(ready, stop), due, late,
            )
        )  # fmt: skip
    return found


def total_due(calendar: WorkCalendar, sop: Sop, start: datetime, path: list[str]) -> datetime:
    """The happy path's total standard applied as documented: minutes, then days, then periods."""
    minutes = days = months = weeks = 0
    for no in path:
        step = sop.step(no)
        minutes += step.standard.minutes or 0
        days += step.standard.working_days or 0
        months += step.standard.months + (step.wait.months if step.wait else 0)
        weeks += step.standard.weeks + (step.wait.weeks if step.wait else 0)
    due = calendar.add_working_minutes(start, minutes) if minutes else start
    if days:
        due = calendar.add_working_days(due, days)
    if months or weeks:
        due = calendar.add_period(due, months=months, weeks=weeks)
    return due.astimezone(UTC)


def naive(instant: datetime) -> datetime:
    """An aware instant as the naive UTC value the SQL returns."""
    return instant.astimezone(UTC).replace(tzinfo=None)
