"""Who changed which user, grant or calendar, and when: the ``admin_log`` table.

Each change writes its log row in the same transaction as the change itself, so a change that
fails leaves no row and a logged change always happened.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from workflows.db import Database, to_db, utcnow

SYSTEM = "system"
"""The actor of changes made by start-up code and the demo seeder."""


@dataclass(frozen=True)
class AdminAction:
    """One logged change: ``action`` (e.g. ``user.add``) on ``target`` (a user or unit)."""

    occurred_at: datetime
    actor: str
    action: str
    target: str
    detail: dict[str, Any]


def write(
    tx: duckdb.DuckDBPyConnection, actor: str, action: str, target: str, detail: dict[str, Any]
) -> None:
    """Append one row inside the caller's transaction ``tx``."""
    tx.execute(
        "INSERT INTO admin_log (occurred_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
        [to_db(utcnow()), actor, action, target, json.dumps(detail, ensure_ascii=False)],
    )


def recent(db: Database, limit: int = 50, target: str | None = None) -> list[AdminAction]:
    """The newest ``limit`` changes first, optionally only those on one ``target``."""
    rows = db.query(
        "SELECT occurred_at, actor, action, target, detail FROM admin_log "
        "WHERE ? IS NULL OR target = ? ORDER BY id DESC LIMIT ?",
        [target, target, limit],
    )
    return [
        AdminAction(at.replace(tzinfo=UTC), actor, action, name, json.loads(detail))
        for at, actor, action, name, detail in rows
    ]
