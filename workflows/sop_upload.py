"""The SOP catalog's write side: who may register SOPs, uploads of new SOPs and revisions, and
the list of stored versions.

A registered version is immutable: a revision becomes the next version of its id, and records
already running stay on the version they started on (the engine loads that version).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from workflows.catalog import Role, role_catalog
from workflows.db import Database
from workflows.errors import NotFound, RoleNotAllowed
from workflows.registry import register_sop
from workflows.sop import Sop
from workflows.sop_file import SopIssue, SopValidationError, parse_sop
from workflows.users import ALL_UNITS, User

MAX_UPLOAD_BYTES = 256 * 1024


@dataclass(frozen=True)
class SopVersion:
    """One stored version of an SOP: when and by whom it was registered, and its use."""

    sop_id: str
    version: int
    title: str
    content_hash: str
    created_at: datetime
    created_by: str
    running: int
    """Records still running on this version."""


@dataclass(frozen=True)
class Uploaded:
    """The outcome of an upload: the SOP, its version, and whether that version is new."""

    sop: Sop
    version: int
    created: bool


def manager_units(user: User, roles: Mapping[str, Role] | None = None) -> set[str]:
    """The units where ``user`` may register SOPs (``{"*"}`` means every unit)."""
    catalog = role_catalog() if roles is None else roles
    return {
        grant.unit
        for grant in user.grants
        if grant.role in catalog and catalog[grant.role].manages_sops
    }


def may_manage_sops(
    user: User, unit: str | None = None, roles: Mapping[str, Role] | None = None
) -> bool:
    """Whether ``user`` may register SOPs for ``unit`` (for some unit when ``unit`` is None)."""
    units = manager_units(user, roles)
    if unit is None:
        return bool(units)
    return ALL_UNITS in units or unit in units


def decode_upload(data: bytes, file: str) -> str:
    """The text of an uploaded file: UTF-8 (a byte-order mark is allowed), size-limited.

    Raises :class:`SopValidationError` naming the line of the first byte that is not UTF-8.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // 1024
        raise SopValidationError([SopIssue(file, 1, f"the file is larger than {limit} KB")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        message = f"column {column} is not UTF-8 text; save the file as UTF-8"
        raise SopValidationError([SopIssue(file, line, message)]) from exc


def upload_sop(
    db: Database,
    user: User,
    data: bytes,
    file: str,
    roles: Mapping[str, Role] | None = None,
) -> Uploaded:
    """Validate an uploaded SOP file and register it as the next version of its id.

    Raises :class:`SopValidationError` (every problem with its line), :class:`RoleNotAllowed`
    when the user may not manage SOPs of the SOP's unit (or of the unit of the stored SOP it
    revises), and :class:`NotFound` for a unit that does not exist. Nothing is written unless
    the whole file is valid and allowed; an identical text returns its stored version.
    """
    sop = parse_sop(decode_upload(data, file), file=file, known_roles=role_catalog())
    stored = db.query(
        "SELECT arg_max(unit, version) FROM sop_versions WHERE sop_id = ? HAVING count(*) > 0",
        [sop.id],
    )
    for unit in {sop.unit, *(row[0] for row in stored)}:
        if not may_manage_sops(user, unit, roles):
            raise RoleNotAllowed(f"{user.username} may not register SOPs of unit '{unit}'")
    if not db.query("SELECT 1 FROM units WHERE id = ?", [sop.unit]):
        raise NotFound(f"there is no unit '{sop.unit}'; an administrator must create it first")
    existing = db.query(
        "SELECT version FROM sop_versions WHERE sop_id = ? AND content_hash = ?",
        [sop.id, sop.content_hash],
    )
    version = register_sop(db, sop, created_by=user.username)
    return Uploaded(sop=sop, version=version, created=not existing)


def sop_versions(db: Database, sop_id: str) -> list[SopVersion]:
    """Every stored version of an SOP, newest first, with its running records counted."""
    rows = db.query(
        "SELECT v.version, v.title, v.content_hash, v.created_at, v.created_by, "
        "count(r.id) FILTER (WHERE r.status = 'berjalan') "
        "FROM sop_versions v "
        "LEFT JOIN records r ON r.sop_id = v.sop_id AND r.sop_version = v.version "
        "WHERE v.sop_id = ? "
        "GROUP BY ALL ORDER BY v.version DESC",
        [sop_id],
    )
    return [
        SopVersion(sop_id, int(version), title, digest, created_at.replace(tzinfo=UTC), by, int(n))
        for version, title, digest, created_at, by, n in rows
    ]
