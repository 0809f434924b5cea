"""Finding records: what a user may see, filtered by SOP, status, step, unit, dates and overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from workflows.db import Database, to_db
from workflows.fmt import DEFAULT_ZONE
from workflows.registry import list_sops, load_sop
from workflows.sop import Sop
from workflows.users import ALL_UNITS, User

STATUSES = ("berjalan", "selesai", "dibatalkan")
COLUMNS = (
    "id",
    "title",
    "sop_id",
    "sop_title",
    "unit",
    "zone",
    "status",
    "current_step",
    "activity",
    "assignee",
    "step_due_at",
    "overdue",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "version",
)


@dataclass(frozen=True)
class RecordFilter:
    """Search criteria; empty fields do not filter. Dates are days in ``zone``."""

    text: str = ""
    sop_id: str | None = None
    status: str | None = None
    step: str | None = None
    unit: str | None = None
    overdue: bool = False
    created_from: date | None = None
    created_to: date | None = None
    zone: str = DEFAULT_ZONE
    limit: int = 5000


def visible_units(user: User) -> set[str] | None:
    """The units whose records the user may see; ``None`` means every unit."""
    units = {grant.unit for grant in user.grants}
    return None if ALL_UNITS in units else units


def search(db: Database, user: User, criteria: RecordFilter, now: datetime) -> pd.DataFrame:
    """Records the user may see that match ``criteria``, newest first (columns: ``COLUMNS``).

    Instants are aware UTC timestamps; ``overdue`` means running past the current step's due time.
    """
    where, params = _conditions(user, criteria, now)
    if where is None:
        return pd.DataFrame({name: [] for name in COLUMNS})
    # ``where`` holds only placeholders and fixed column names (see _conditions).
    sql = (
        "SELECT r.id, r.title, r.sop_id, r.sop_version, r.unit, "  # noqa: S608
        "coalesce(u.zone, 'Asia/Jakarta') AS zone, r.status, r.current_step, r.assignee, "
        "r.step_due_at, r.status = 'berjalan' AND r.step_due_at < ? AS overdue, r.created_at, "
        "r.created_by, r.updated_at, r.updated_by, r.version "
        "FROM records r LEFT JOIN units u ON u.id = r.unit "
        f"WHERE {where} ORDER BY r.created_at DESC, r.id DESC LIMIT ?"
    )
    rows = db.query(sql, [to_db(now), *params, criteria.limit])
    frame = pd.DataFrame(
        rows,
        columns=pd.Index(
            [
                "id", "title", "sop_id", "sop_version", "unit", "zone", "status", "current_step",
                "assignee", "step_due_at", "overdue", "created_at", "created_by", "updated_at",
                "updated_by", "version",
            ]
        ),
    )  # fmt: skip
    sops = {key: load_sop(db, *key) for key in _versions(frame)}
    frame["sop_title"] = [
        sops[(s, int(v))].identity.nama
        for s, v in zip(frame.sop_id, frame.sop_version, strict=True)
    ]
    frame["activity"] = [
        _activity(sops[(s, int(v))], step)
        for s, v, step in zip(frame.sop_id, frame.sop_version, frame.current_step, strict=True)
    ]
    for column in ("step_due_at", "created_at", "updated_at"):
        frame[column] = pd.to_datetime(frame[column]).dt.tz_localize("UTC")
    frame["overdue"] = frame["overdue"].fillna(False).astype(bool)
    return frame.loc[:, list(COLUMNS)]


def _conditions(
    user: User, criteria: RecordFilter, now: datetime
) -> tuple[str | None, list[object]]:
    """The WHERE clause (only placeholders, never values) and its parameters."""
    clauses: list[str] = ["true"]
    params: list[object] = []
    units = visible_units(user)
    if units is not None:
        if not units:
            return None, []
        clauses.append(f"r.unit IN ({', '.join('?' for _ in units)})")
        params.extend(sorted(units))
    for column, value in (
        ("r.sop_id", criteria.sop_id),
        ("r.status", criteria.status),
        ("r.current_step", criteria.step),
        ("r.unit", criteria.unit),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if criteria.text.strip():
        clauses.append("(r.title ILIKE ? ESCAPE '\\' OR CAST(r.id AS TEXT) = ?)")
        params.extend([f"%{_like_escape(criteria.text.strip())}%", criteria.text.strip()])
    if criteria.overdue:
        clauses.append("r.status = 'berjalan' AND r.step_due_at < ?")
        params.append(to_db(now))
    zone = ZoneInfo(criteria.zone)
    if criteria.created_from is not None:
        clauses.append("r.created_at >= ?")
        params.append(to_db(datetime.combine(criteria.created_from, time(), zone)))
    if criteria.created_to is not None:
        clauses.append("r.created_at < ?")
        params.append(
            to_db(datetime.combine(criteria.created_to + timedelta(days=1), time(), zone))
        )
    return " AND ".join(clauses), params


def _like_escape(text: str) -> str:
    """``text`` for ``ILIKE ... ESCAPE '\\'`` with its wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _versions(frame: pd.DataFrame) -> set[tuple[str, int]]:
    return {(str(s), int(v)) for s, v in zip(frame.sop_id, frame.sop_version, strict=True)}


def _activity(sop: Sop, step: object) -> str:
    if not isinstance(step, str):
        return ""
    return sop.step(step).activity


@dataclass(frozen=True)
class Startable:
    """An SOP the user may start, in the units where they hold its first step's role."""

    sop_id: str
    version: int
    title: str
    units: tuple[str, ...]


def startable(db: Database, user: User) -> list[Startable]:
    """The SOPs (latest versions) whose first step the user may perform, by title."""
    found: list[Startable] = []
    for sop_id, version, title, unit in list_sops(db):
        role = load_sop(db, sop_id, version).first.role
        if role is None:
            continue
        units = sorted(
            {unit if g.unit == ALL_UNITS else g.unit for g in user.grants if g.role == role}
        )
        if units:
            found.append(Startable(sop_id, version, title, tuple(units)))
    return sorted(found, key=lambda s: s.title)


def may_see(user: User, unit: str) -> bool:
    """Whether the user may open records of ``unit``."""
    units = visible_units(user)
    return units is None or unit in units
