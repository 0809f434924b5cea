"""What is running and what waits on a user: the reads behind the home page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from workflows.calendar import WorkCalendar
from workflows.db import Database, from_db, utcnow
from workflows.registry import load_sop, unit_calendar
from workflows.sop import Sop
from workflows.users import ALL_UNITS, User

RUNNING = "berjalan"


@dataclass(frozen=True)
class RunningCount:
    """How many records of one SOP are running."""

    sop_id: str
    title: str
    count: int


@dataclass(frozen=True)
class Waiting:
    """A running record whose current step the user may act on. Instants are aware UTC."""

    record_id: int
    version: int
    sop_id: str
    sop_title: str
    title: str
    unit: str
    zone: str
    step_no: str
    activity: str
    role: str
    ready_at: datetime | None
    due_at: datetime | None
    minutes_left: float | None
    """Working minutes until the due time; negative when overdue; ``None`` without a due time."""


def working_minutes_left(
    calendar: WorkCalendar, due: datetime | None, now: datetime
) -> float | None:
    """Working minutes from ``now`` to ``due`` in the unit's calendar, negative when overdue."""
    if due is None:
        return None
    if due >= now:
        return calendar.working_minutes_between(now, due)
    return -calendar.working_minutes_between(due, now)


def running_counts(db: Database) -> list[RunningCount]:
    """Running records per SOP (titled by the SOP's latest version), most first."""
    rows = db.query(
        "SELECT r.sop_id, v.title, count(*) AS n FROM records r JOIN ("
        "SELECT sop_id, arg_max(title, version) AS title FROM sop_versions GROUP BY sop_id"
        ") v ON v.sop_id = r.sop_id WHERE r.status = ? "
        "GROUP BY r.sop_id, v.title ORDER BY n DESC, r.sop_id",
        [RUNNING],
    )
    return [RunningCount(str(sop_id), str(title), int(n)) for sop_id, title, n in rows]


def waiting_on(
    db: Database,
    user: User,
    *,
    now: datetime | None = None,
    calendar_of: Callable[[str], WorkCalendar] | None = None,
) -> list[Waiting]:
    """Running records at a step whose role the user holds in the record's unit, and not
    assigned to someone else; soonest due first, with the working time left (or overdue by).

    ``calendar_of`` gives a unit's calendar (e.g. the engine's cached ``Engine.calendar``).
    """
    moment = now or utcnow()
    calendars: dict[str, WorkCalendar] = {}

    def calendar(unit: str) -> WorkCalendar:
        if unit not in calendars:
            calendars[unit] = calendar_of(unit) if calendar_of else unit_calendar(db, unit)
        return calendars[unit]

    units = {grant.unit for grant in user.grants}
    if not units:
        return []
    sql = (
        "SELECT r.id, r.version, r.sop_id, r.sop_version, r.title, r.unit, "
        "coalesce(u.zone, 'Asia/Jakarta'), r.current_step, r.assignee, r.step_ready_at, "
        "r.step_due_at FROM records r LEFT JOIN units u ON u.id = r.unit WHERE r.status = ?"
    )
    params: list[object] = [RUNNING]
    if ALL_UNITS not in units:
        sql += f" AND r.unit IN ({', '.join('?' for _ in units)})"
        params.extend(sorted(units))
    sops: dict[tuple[str, int], Sop] = {}
    found: list[Waiting] = []
    for (
        rid,
        version,
        sop_id,
        sop_version,
        title,
        unit,
        zone,
        step_no,
        assignee,
        ready,
        due,
    ) in db.query(sql + " ORDER BY r.step_due_at NULLS LAST, r.id", params):
        if step_no is None or assignee not in (None, user.username):
            continue
        key = (str(sop_id), int(sop_version))
        if key not in sops:
            sops[key] = load_sop(db, *key)
        step = sops[key].step(str(step_no))
        if step.role is None or not user.holds(step.role, str(unit)):
            continue
        found.append(
            Waiting(
                record_id=int(rid),
                version=int(version),
                sop_id=key[0],
                sop_title=sops[key].identity.nama,
                title=str(title),
                unit=str(unit),
                zone=str(zone),
                step_no=step.no,
                activity=step.activity,
                role=step.role,
                ready_at=from_db(ready),
                due_at=from_db(due),
                minutes_left=working_minutes_left(calendar(str(unit)), from_db(due), moment),
            )
        )
    return found
