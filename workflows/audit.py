"""The SHA-256 hash chain of the event log: how each event's hash is made, and verification.

Each record has its own chain: an event's hash covers its content and the previous event's hash,
the first event links to ``GENESIS``, and the record row keeps the last hash and sequence number,
so an edited, reordered, inserted or missing event breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from workflows.db import Database

GENESIS = "0" * 64


def event_hash(
    *,
    record_id: int,
    seq: int,
    occurred_at: datetime,
    actor: str,
    role: str | None,
    action: str,
    step_from: str | None,
    step_to: str | None,
    decision: str | None,
    note: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> str:
    """The hash of one event; ``occurred_at`` is the stored naive UTC value."""
    content = {
        "record": record_id,
        "seq": seq,
        "at": occurred_at.isoformat(timespec="microseconds"),
        "actor": actor,
        "role": role,
        "action": action,
        "from": step_from,
        "to": step_to,
        "decision": decision,
        "note": note,
        "payload": payload,
        "prev": prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass
class AuditReport:
    """The outcome of :func:`verify`: counts and one sentence per problem found."""

    records: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every chain is intact."""
        return not self.problems


def verify(db: Database) -> AuditReport:
    """Recompute every chain and compare it with the records table."""
    report = AuditReport()
    heads = {
        rid: (version, last_hash)
        for rid, version, last_hash in db.query("SELECT id, version, last_hash FROM records")
    }
    report.records = len(heads)
    cursor = db.cursor().execute(
        "SELECT record_id, seq, occurred_at, actor, role, action, step_from, step_to, decision, "
        "note, payload, prev_hash, hash FROM events ORDER BY record_id, seq"
    )
    current: int | None = None
    expected_prev, expected_seq = GENESIS, 1
    while rows := cursor.fetchmany(10_000):
        for row in rows:
            record_id, seq, occurred_at, actor, role, action, step_from, step_to = row[:8]
            decision, note, payload, prev_hash, stored = row[8:]
            if record_id != current:
                _close_chain(report, current, expected_seq - 1, expected_prev, heads)
                current, expected_prev, expected_seq = record_id, GENESIS, 1
            report.events += 1
            if seq != expected_seq:
                report.problems.append(
                    f"record {record_id}: event {expected_seq} is missing (found {seq} next)"
                )
            if prev_hash != expected_prev:
                report.problems.append(
                    f"record {record_id}: event {seq} does not link to the one before"
                )
            recomputed = event_hash(
                record_id=record_id,
                seq=seq,
                occurred_at=occurred_at,
                actor=actor,
                role=role,
                action=action,
                step_from=step_from,
                step_to=step_to,
                decision=decision,
                note=note,
                payload=json.loads(payload),
                prev_hash=prev_hash,
            )
            if recomputed != stored:
                report.problems.append(
                    f"record {record_id}: event {seq} was altered (hash mismatch)"
                )
            expected_prev, expected_seq = stored, seq + 1
    _close_chain(report, current, expected_seq - 1, expected_prev, heads)
    for record_id in sorted(heads):
        report.problems.append(f"record {record_id}: has no events at all")
    return report


def _close_chain(
    report: AuditReport,
    record_id: int | None,
    last_seq: int,
    last_hash: str,
    heads: dict[int, tuple[int, str]],
) -> None:
    if record_id is None:
        return
    head = heads.pop(record_id, None)
    if head is None:
        report.problems.append(f"record {record_id}: events exist but the record does not")
    elif head != (last_seq, last_hash):
        report.problems.append(
            f"record {record_id}: the record is at version {head[0]} but its chain ends at "
            f"event {last_seq} (events are missing or the record was edited)"
        )
