"""Stored SOP versions (immutable, keyed by content hash), roles and units with their calendars."""

from __future__ import annotations

import json
from datetime import date, time
from functools import lru_cache

from workflows.calendar import DEFAULT_WEEKLY, Window, WorkCalendar
from workflows.catalog import role_catalog, shipped_sops
from workflows.db import Database, to_db, utcnow
from workflows.errors import LenteraError, NotFound
from workflows.sop import Sop
from workflows.sop_file import parse_sop

SYSTEM = "system"


def register_sop(db: Database, sop: Sop, created_by: str = SYSTEM) -> int:
    """Store ``sop`` as the next version of its id; an identical text returns its version."""
    with db.transaction() as tx:
        found = tx.execute(
            "SELECT sop_id, version FROM sop_versions WHERE content_hash = ?", [sop.content_hash]
        ).fetchall()
        if found:
            if found[0][0] != sop.id:
                raise LenteraError(
                    f"this text is already stored as SOP '{found[0][0]}'; change its id or content"
                )
            return int(found[0][1])
        version = int(
            tx.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM sop_versions WHERE sop_id = ?", [sop.id]
            ).fetchall()[0][0]
        )
        tx.execute(
            "INSERT INTO sop_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                sop.id,
                version,
                sop.content_hash,
                sop.identity.nama,
                sop.unit,
                sop.source,
                to_db(utcnow()),
                created_by,
            ],
        )
    return version


def latest_version(db: Database, sop_id: str) -> int:
    """The newest stored version of an SOP."""
    rows = db.query("SELECT max(version) FROM sop_versions WHERE sop_id = ?", [sop_id])
    if rows[0][0] is None:
        raise NotFound(f"there is no SOP '{sop_id}'")
    return int(rows[0][0])


def load_sop(db: Database, sop_id: str, version: int) -> Sop:
    """A stored SOP version, parsed from its exact stored text."""
    rows = db.query(
        "SELECT source, content_hash FROM sop_versions WHERE sop_id = ? AND version = ?",
        [sop_id, version],
    )
    if not rows:
        raise NotFound(f"there is no version {version} of SOP '{sop_id}'")
    return _parse_stored(sop_id, version, rows[0][0], rows[0][1])


@lru_cache(maxsize=256)
def _parse_stored(sop_id: str, version: int, source: str, content_hash: str) -> Sop:
    # Keyed by content hash too, so a cache entry can never outlive the text it was parsed from.
    return parse_sop(source, file=f"{sop_id} v{version}", known_roles=role_catalog())


def list_sops(db: Database) -> list[tuple[str, int, str, str]]:
    """(id, latest version, title, unit) of every stored SOP, by id."""
    return [
        (sop_id, int(version), title, unit)
        for sop_id, version, title, unit in db.query(
            "SELECT sop_id, max(version), arg_max(title, version), arg_max(unit, version) "
            "FROM sop_versions GROUP BY sop_id ORDER BY sop_id"
        )
    ]


def ensure_unit(db: Database, unit_id: str, name: str, zone: str = "Asia/Jakarta") -> None:
    """Create a unit with the default Perpres 21/2023 calendar unless it exists."""
    WorkCalendar(zone=zone)  # validates the zone
    db.cursor().execute(
        "INSERT INTO units (id, name, zone, weekly) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [unit_id, name, zone, _weekly_json(DEFAULT_WEEKLY)],
    )


def set_override(
    db: Database, unit_id: str, day: date, windows: tuple[Window, ...], note: str = ""
) -> None:
    """Override one day of a unit's calendar (``()`` closes it)."""
    unit_calendar(db, unit_id)
    WorkCalendar(overrides={day: windows})  # validates the windows
    db.cursor().execute(
        "INSERT OR REPLACE INTO calendar_overrides VALUES (?, ?, ?, ?)",
        [
            unit_id,
            day,
            json.dumps([[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in windows]),
            note,
        ],
    )


def unit_zone(db: Database, unit_id: str) -> str:
    """The unit's time zone (WIB, Asia/Jakarta, for a unit not configured)."""
    rows = db.query("SELECT zone FROM units WHERE id = ?", [unit_id])
    return str(rows[0][0]) if rows else "Asia/Jakarta"


def unit_calendar(db: Database, unit_id: str) -> WorkCalendar:
    """The working calendar of a unit, with its overrides."""
    rows = db.query("SELECT zone, weekly, count_cuti_bersama FROM units WHERE id = ?", [unit_id])
    if not rows:
        raise NotFound(f"there is no unit '{unit_id}'")
    zone, weekly, count_cuti = rows[0]
    overrides = {
        day: _windows(json.loads(spec))
        for day, spec in db.query(
            "SELECT day, windows FROM calendar_overrides WHERE unit = ?", [unit_id]
        )
    }
    weekly_windows = {int(k): _windows(v) for k, v in json.loads(weekly).items()}
    return WorkCalendar(
        zone=zone, weekly=weekly_windows, count_cuti_bersama=bool(count_cuti), overrides=overrides
    )


def sync_shipped(db: Database) -> None:
    """Store the role catalog, the shipped SOPs and their units (idempotent; run at start-up)."""
    for role in role_catalog().values():
        db.cursor().execute(
            "INSERT OR REPLACE INTO roles VALUES (?, ?, ?)", [role.id, role.label_id, role.label_en]
        )
    for sop in shipped_sops():
        ensure_unit(db, sop.unit, sop.identity.unit or sop.unit)
        register_sop(db, sop)


def _weekly_json(weekly: object) -> str:
    return json.dumps(
        {
            str(day): [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in windows]
            for day, windows in dict(weekly).items()  # type: ignore[call-overload]
        }
    )


def _windows(spec: list[list[str]]) -> tuple[Window, ...]:
    return tuple((time.fromisoformat(a), time.fromisoformat(b)) for a, b in spec)
