"""The record engine: start SOP records and move them step by step, writing the audit chain.

Every action runs in one transaction that checks the user's role in the record's unit, that the
action is a transition of the SOP version the record started on, and that the record is still at
the version the user saw. A failed check raises a typed error and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import astuple, dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

import duckdb

from workflows.audit import GENESIS, event_hash
from workflows.calendar import WorkCalendar
from workflows.db import Database, from_db, to_db, utcnow
from workflows.errors import (
    InvalidTransition,
    NotFound,
    RecordClosed,
    RoleNotAllowed,
    StaleVersion,
    StepNotReady,
)
from workflows.registry import latest_version, load_sop, unit_calendar
from workflows.sop import Sop, Step
from workflows.users import Grant, User, get_user

Status = Literal["berjalan", "selesai", "dibatalkan"]
Decision = Literal["ya", "tidak"]
ADMIN_ROLE = "admin"
_RECORD_COLUMNS = (
    "id, sop_id, sop_version, unit, title, status, current_step, assignee, step_started_at, "
    "step_ready_at, step_due_at, version, last_hash, created_at, created_by, updated_at, updated_by"
)
# The statements below splice in only the constant column list above: no user input.
_INSERT_RECORD = "INSERT INTO records ({}) VALUES ({})".format(  # noqa: S608
    _RECORD_COLUMNS, ", ".join("?" * len(_RECORD_COLUMNS.split(",")))
)
_SELECT_RECORD = f"SELECT {_RECORD_COLUMNS} FROM records WHERE id = ?"  # noqa: S608
_SELECT_RECORD_AND_USER = (
    f"SELECT {_RECORD_COLUMNS}, "  # noqa: S608
    "(SELECT full_name FROM users WHERE username = $user AND active), "
    "(SELECT list([role, unit]) FROM user_roles WHERE username = $user) "
    "FROM records WHERE id = $id"
)
_STORE_RECORD = (
    "UPDATE records SET status = ?, current_step = ?, assignee = ?, step_started_at = ?, "
    "step_ready_at = ?, step_due_at = ?, version = ?, last_hash = ?, updated_at = ?, "
    "updated_by = ? WHERE id = ? AND version = ?"
)
_CACHE_LIMIT = 50_000
"""Records and users an engine keeps in memory for its fast path."""


class _Changed(Exception):
    """The compare-and-set found a newer version than this engine's cached one."""


@dataclass(frozen=True)
class Record:
    """A record as stored; instants are aware UTC datetimes."""

    id: int
    sop_id: str
    sop_version: int
    unit: str
    title: str
    status: Status
    current_step: str | None
    assignee: str | None
    step_started_at: datetime | None
    step_ready_at: datetime | None
    step_due_at: datetime | None
    version: int
    last_hash: str
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Record:
        """Build from a row selected with ``_RECORD_COLUMNS``."""
        values = list(row)
        for i in (8, 9, 10, 13, 15):
            values[i] = from_db(values[i])
        return cls(*values)


@dataclass(frozen=True)
class Event:
    """One entry of a record's audit trail."""

    record_id: int
    seq: int
    occurred_at: datetime
    actor: str
    role: str | None
    action: str
    step_from: str | None
    step_to: str | None
    decision: str | None
    note: str
    payload: dict[str, Any]


@dataclass
class _Change:
    """What an action does to a record, before it is written."""

    action: str
    role: str | None
    note: str = ""
    decision: Decision | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    status: Status = "berjalan"
    step_to: str | None = None
    assignee: str | None = None
    enter_step: bool = False


class Engine:
    """Actions on records of one database. ``clock`` returns aware UTC instants."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.clock = clock
        self._calendars: dict[str, WorkCalendar] = {}
        self._calendars_generation = db.calendars_generation
        self._sops: dict[tuple[str, int], Sop] = {}
        self._records: dict[int, Record] = {}
        self._users: dict[str, tuple[int, User]] = {}

    def calendar(self, unit: str) -> WorkCalendar:
        """The unit's calendar, cached until a change through ``workflows.units`` (which bumps
        ``db.calendars_generation``) or :meth:`forget_calendars`."""
        if self._calendars_generation != self.db.calendars_generation:
            self.forget_calendars()
        if unit not in self._calendars:
            self._calendars[unit] = unit_calendar(self.db, unit)
        return self._calendars[unit]

    def forget_calendars(self) -> None:
        """Drop cached calendars so the next action reads them from the database."""
        self._calendars.clear()
        self._calendars_generation = self.db.calendars_generation

    def get(self, record_id: int) -> Record:
        """A record by id, as stored now."""
        record = _fetch(self.db.cursor(), record_id)
        self._remember(record)
        return record

    def sop(self, sop_id: str, version: int) -> Sop:
        """A stored SOP version (cached: stored versions never change)."""
        key = (sop_id, version)
        if key not in self._sops:
            self._sops[key] = load_sop(self.db, sop_id, version)
        return self._sops[key]

    def sop_of(self, record: Record) -> Sop:
        """The SOP version the record runs on."""
        return self.sop(record.sop_id, record.sop_version)

    def history(self, record_id: int) -> list[Event]:
        """The record's events in order."""
        rows = self.db.query(
            "SELECT record_id, seq, occurred_at, actor, role, action, step_from, step_to, "
            "decision, note, payload FROM events WHERE record_id = ? ORDER BY seq",
            [record_id],
        )
        return [
            Event(
                record_id=row[0],
                seq=row[1],
                occurred_at=row[2].replace(tzinfo=UTC),
                actor=row[3],
                role=row[4],
                action=row[5],
                step_from=row[6],
                step_to=row[7],
                decision=row[8],
                note=row[9],
                payload=json.loads(row[10]),
            )
            for row in rows
        ]

    def start(
        self,
        username: str,
        sop_id: str,
        title: str,
        *,
        unit: str | None = None,
        requirements: dict[str, str] | None = None,
        within: Callable[[duckdb.DuckDBPyConnection, Record], None] | None = None,
    ) -> Record:
        """Open a record on the latest version of ``sop_id`` at its first step.

        ``within`` runs in the same transaction once the record is written, for writes that
        belong with it (e.g. the DIP item a consequence test is about): if it raises, neither
        the record nor its writes are stored.
        """
        title = title.strip()
        if not title or len(title) > 200:
            raise InvalidTransition("a record needs a title of 1 to 200 characters")
        version = latest_version(self.db, sop_id)
        sop = self.sop(sop_id, version)
        unit = unit or sop.unit
        first = sop.first
        user = self._user(username)
        if user is None:
            generation = self.db.users_generation
            user = get_user(self.db, username)
            self._users[username] = (generation, user)
        if first.role is None or not user.holds(first.role, unit):
            raise RoleNotAllowed(
                f"starting '{sop.identity.nama}' needs the role {first.role} in unit {unit}"
            )
        now = self.clock()
        ready, due = self.timing(unit, first, now)
        change = _Change(
            action="start",
            role=first.role,
            step_to=first.no,
            payload={
                "sop_id": sop_id,
                "sop_version": version,
                "content_hash": sop.content_hash,
                "unit": unit,
                "title": title,
                "requirements": requirements or {},
            },
        )
        with self.db.transaction() as tx:
            record_id = int(tx.execute("SELECT nextval('record_ids')").fetchall()[0][0])
            record = Record(
                id=record_id, sop_id=sop_id, sop_version=version, unit=unit, title=title,
                status="berjalan", current_step=first.no, assignee=None, step_started_at=now,
                step_ready_at=ready, step_due_at=due, version=1, last_hash="", created_at=now,
                created_by=username, updated_at=now, updated_by=username,
            )  # fmt: skip
            record = replace(record, last_hash=_append(tx, record, GENESIS, change, None))
            values = [_opt_db(v) if isinstance(v, datetime) else v for v in astuple(record)]
            tx.execute(_INSERT_RECORD, values)
            if within is not None:
                within(tx, record)
        self._remember(record)
        return record

    def advance(
        self,
        username: str,
        record_id: int,
        version: int,
        *,
        decision: Decision | None = None,
        note: str = "",
    ) -> Record:
        """Complete the current step, or answer a decision (``tidak`` needs a note)."""

        def change(record: Record, sop: Sop, step: Step, user: User, now: datetime) -> _Change:
            role = _require_actor(record, step, user)
            if step.kind == "keputusan" and decision is None:
                raise InvalidTransition(f"step {step.no} is a decision: answer 'ya' or 'tidak'")
            if step.kind != "keputusan" and decision is not None:
                raise InvalidTransition(
                    f"step {step.no} is not a decision: it can only be completed"
                )
            if decision == "tidak" and not note.strip():
                raise InvalidTransition("answering 'tidak' needs a note saying what must change")
            if record.step_ready_at is not None and now < record.step_ready_at:
                raise StepNotReady(
                    f"step {step.no} can start only after its waiting period "
                    f"({step.wait.raw if step.wait else ''})",
                    record.step_ready_at,
                )
            target = step.transitions()[decision or "selesai"]
            finished = target is None or sop.step(target).kind == "selesai"
            return _Change(
                action="decide" if decision else "complete",
                role=role,
                note=note.strip(),
                decision=decision,
                status="selesai" if finished else "berjalan",
                step_to=target,
                enter_step=not finished,
            )

        return self._act(username, record_id, version, change)

    def attach(
        self, username: str, record_id: int, version: int, reference: dict[str, Any]
    ) -> Record:
        """Record an output reference (e.g. a stored file's hash and name) on the current step."""

        def change(record: Record, sop: Sop, step: Step, user: User, now: datetime) -> _Change:
            role = _require_actor(record, step, user)
            return _Change(
                action="attach",
                role=role,
                payload={"output": reference},
                step_to=step.no,
                assignee=record.assignee,
            )

        return self._act(username, record_id, version, change)

    def reassign(
        self, username: str, record_id: int, version: int, to_user: str, note: str = ""
    ) -> Record:
        """Hand the current step to another holder of its role in the record's unit."""

        def change(record: Record, sop: Sop, step: Step, user: User, now: datetime) -> _Change:
            role = _require_actor(record, step, user)
            target = get_user(self.db, to_user)
            if step.role is None or not target.holds(step.role, record.unit):
                raise RoleNotAllowed(
                    f"{to_user} does not hold the role {step.role} in unit {record.unit}"
                )
            return _Change(
                action="reassign",
                role=role,
                note=note.strip(),
                payload={"to": to_user},
                step_to=step.no,
                assignee=to_user,
            )

        return self._act(username, record_id, version, change)

    def cancel(self, username: str, record_id: int, version: int, note: str) -> Record:
        """Cancel a running record with a reason: its creator, the step's role or an admin."""

        def change(record: Record, sop: Sop, step: Step, user: User, now: datetime) -> _Change:
            if not note.strip():
                raise InvalidTransition("cancelling a record needs a reason")
            if user.holds(ADMIN_ROLE, record.unit):
                role: str | None = ADMIN_ROLE
            elif step.role is not None and user.holds(step.role, record.unit):
                role = step.role
            elif user.username == record.created_by:
                role = None
            else:
                raise RoleNotAllowed(
                    f"only the creator, a holder of {step.role} or an admin may cancel this record"
                )
            return _Change(action="cancel", role=role, note=note.strip(), status="dibatalkan")

        return self._act(username, record_id, version, change)

    def _act(
        self,
        username: str,
        record_id: int,
        version: int,
        decide: Callable[[Record, Sop, Step, User, datetime], _Change],
    ) -> Record:
        known, user = self._records.get(record_id), self._user(username)
        if known is not None and known.version == version and user is not None:
            # Fast path: a record version never changes and the user is current, so only the
            # compare-and-set can fail, and then the slow path says precisely why.
            try:
                return self._write(known, user, version, decide)
            except _Changed:
                self._records.pop(record_id, None)
        return self._write(None, None, version, decide, record_id=record_id, username=username)

    def _write(
        self,
        known: Record | None,
        user: User | None,
        version: int,
        decide: Callable[[Record, Sop, Step, User, datetime], _Change],
        *,
        record_id: int = 0,
        username: str = "",
    ) -> Record:
        """One transaction: read (unless given), decide, append the event, compare-and-set."""
        now = self.clock()
        cached = known is not None
        try:
            with self.db.transaction() as tx:
                if known is None or user is None:
                    generation = self.db.users_generation
                    known, user = _fetch_with_user(tx, record_id, username)
                    self._users[username] = (generation, user)
                record_id = known.id
                if known.status != "berjalan":
                    raise RecordClosed(f"record {record_id} is {known.status}: it cannot change")
                if known.version != version:
                    raise self._stale(record_id, version)
                sop = self.sop_of(known)
                step = sop.step(known.current_step or "")
                change = decide(known, sop, step, user, now)
                after = self._apply(known, sop, change, now, user.username)
                digest = _append(tx, after, known.last_hash, change, step.no)
                after = replace(after, last_hash=digest)
                if not _store(tx, after, version):
                    raise _Changed if cached else self._stale(record_id, version)
        except (duckdb.TransactionException, duckdb.ConstraintException):
            # Another transaction advanced the record first: its row or its next event won.
            raise self._stale(record_id, version) from None
        self._remember(after)
        return after

    def _user(self, username: str) -> User | None:
        """The cached user, if no user or grant has changed since it was read."""
        entry = self._users.get(username)
        if entry is None or entry[0] != self.db.users_generation:
            return None
        return entry[1]

    def _remember(self, record: Record) -> None:
        """Keep the newest version of a record this engine has seen (bounded)."""
        if len(self._records) >= _CACHE_LIMIT:
            self._records.clear()
        self._records[record.id] = record

    def _apply(
        self, record: Record, sop: Sop, change: _Change, now: datetime, username: str
    ) -> Record:
        """The record as it will be after ``change`` (``last_hash`` is set by the caller)."""
        if change.status != "berjalan":
            ready = due = None
            step_started_at: datetime | None = now
        elif change.enter_step and change.step_to is not None:
            ready, due = self.timing(record.unit, sop.step(change.step_to), now)
            step_started_at = now
        else:
            ready, due = record.step_ready_at, record.step_due_at
            step_started_at = record.step_started_at
        cancelled = change.status == "dibatalkan"
        return replace(
            record,
            status=change.status,
            current_step=record.current_step if cancelled else change.step_to,
            assignee=change.assignee,
            step_started_at=step_started_at,
            step_ready_at=ready,
            step_due_at=due,
            version=record.version + 1,
            updated_at=now,
            updated_by=username,
        )

    def _stale(self, record_id: int, seen: int) -> StaleVersion:
        rows = self.db.query(
            "SELECT r.version, e.actor, e.occurred_at FROM records r "
            "JOIN events e ON e.record_id = r.id AND e.seq = r.version WHERE r.id = ?",
            [record_id],
        )
        current, actor, at = rows[0] if rows else (seen, None, None)
        when = f" at {at:%Y-%m-%d %H:%M} UTC" if at else ""
        return StaleVersion(
            f"record {record_id} was changed by {actor}{when} after you opened it "
            f"(you saw version {seen}, it is now {current}): reload it and try again",
            record_id=record_id,
            seen=seen,
            current=int(current),
            changed_by=actor,
            changed_at=from_db(at),
        )

    def timing(
        self, unit: str, step: Step, start: datetime
    ) -> tuple[datetime | None, datetime | None]:
        """When the step may be acted on (after any waiting period) and when it is due."""
        calendar = self.calendar(unit)
        ready = calendar.open_of(calendar.due(start, step.wait) or start) if step.wait else None
        return ready, calendar.due(ready or start, step.standard)


def _append(
    tx: duckdb.DuckDBPyConnection,
    record: Record,
    prev_hash: str,
    change: _Change,
    step_from: str | None,
) -> str:
    """Append the event that takes ``record`` to its new version; return the event's hash."""
    stored_at = to_db(record.updated_at)
    digest = event_hash(
        record_id=record.id, seq=record.version, occurred_at=stored_at, actor=record.updated_by,
        role=change.role, action=change.action, step_from=step_from, step_to=change.step_to,
        decision=change.decision, note=change.note, payload=change.payload, prev_hash=prev_hash,
    )  # fmt: skip
    tx.execute(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            record.id, record.version, stored_at, record.updated_by, change.role, change.action,
            step_from, change.step_to, change.decision, change.note,
            json.dumps(change.payload, ensure_ascii=False, sort_keys=True), prev_hash, digest,
        ],
    )  # fmt: skip
    return digest


def _store(tx: duckdb.DuckDBPyConnection, record: Record, seen: int) -> bool:
    """Compare-and-set the record row; ``False`` when it is no longer at version ``seen``."""
    updated = tx.execute(
        _STORE_RECORD,
        [
            record.status,
            record.current_step,
            record.assignee,
            _opt_db(record.step_started_at),
            _opt_db(record.step_ready_at),
            _opt_db(record.step_due_at),
            record.version,
            record.last_hash,
            to_db(record.updated_at),
            record.updated_by,
            record.id,
            seen,
        ],
    ).fetchall()
    # DuckDB answers an UPDATE with the number of rows changed (cheaper than RETURNING).
    return bool(updated and updated[0][0])


def _require_actor(record: Record, step: Step, user: User) -> str:
    """The role the user acts in on ``step``; refuse anyone else."""
    if step.role is None or not user.holds(step.role, record.unit):
        raise RoleNotAllowed(
            f"step {step.no} of record {record.id} is for the role {step.role} in unit "
            f"{record.unit}; {user.username} does not hold it"
        )
    if record.assignee is not None and record.assignee != user.username:
        raise RoleNotAllowed(
            f"step {step.no} of record {record.id} is assigned to {record.assignee}"
        )
    return step.role


def _fetch_with_user(
    cur: duckdb.DuckDBPyConnection, record_id: int, username: str
) -> tuple[Record, User]:
    """The record and the acting user with their grants, in one query."""
    rows = cur.execute(_SELECT_RECORD_AND_USER, {"id": record_id, "user": username}).fetchall()
    if not rows:
        raise NotFound(f"there is no record {record_id}")
    *record_row, full_name, grants = rows[0]
    if full_name is None:
        raise NotFound(f"there is no active user '{username}'")
    user = User(username, full_name, tuple(Grant(role, unit) for role, unit in grants or []))
    return Record.from_row(tuple(record_row)), user


def _fetch(cur: duckdb.DuckDBPyConnection, record_id: int) -> Record:
    rows = cur.execute(_SELECT_RECORD, [record_id]).fetchall()
    if not rows:
        raise NotFound(f"there is no record {record_id}")
    return Record.from_row(rows[0])


def _opt_db(instant: datetime | None) -> datetime | None:
    return None if instant is None else to_db(instant)


def allowed_actions(sop: Sop, record: Record, user: User, now: datetime) -> frozenset[str]:
    """What ``user`` may do to ``record`` now: ``selesai``, ``ya``/``tidak``, ``attach``,
    ``reassign``, ``cancel`` (the engine checks again when the action is taken)."""
    if record.status != "berjalan" or record.current_step is None:
        return frozenset()
    step = sop.step(record.current_step)
    actions: set[str] = set()
    holds = step.role is not None and user.holds(step.role, record.unit)
    if holds and record.assignee in (None, user.username):
        actions.update({"attach", "reassign"})
        if record.step_ready_at is None or now >= record.step_ready_at:
            actions.update(step.transitions())
    if holds or user.holds(ADMIN_ROLE, record.unit) or user.username == record.created_by:
        actions.add("cancel")
    return frozenset(actions)
