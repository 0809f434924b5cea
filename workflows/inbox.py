"""What is running and what waits on a user: the reads behind the home page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from workflows.db import Database, from_db
from workflows.registry import load_sop
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


def waiting_on(db: Database, user: User) -> list[Waiting]:
    """Running records at a step whose role the user holds in the record's unit, and not
    assigned to someone else; soonest due first."""
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
            )
        )
    return found
