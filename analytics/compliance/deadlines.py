"""Legal deadlines as data: a rule (working days plus an extension, with its legal basis) and
where an SOP uses it (the step whose start starts the clock, the step whose completion stops it).

Migration 2 seeds the UU 14/2008 rules: an information request is answered within 10 working days,
extendable by 7 (Pasal 22 ayat 7 and 8); an objection within 30 (Pasal 36 ayat 2). None of the
shipped SOPs is a request or objection procedure, so no use is seeded; :func:`use_deadline` adds
one. A deadline is the close of the N-th working day after the start date, in the unit's calendar.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from analytics.compliance.executions import EXECUTIONS_SQL, prepared
from workflows.db import Database
from workflows.errors import NotFound
from workflows.registry import latest_version, load_sop


def legal_deadlines(db: Database) -> pd.DataFrame:
    """The stored rules with the SOPs that use them (one row per rule and use)."""
    return (
        db.cursor()
        .execute(
            "SELECT d.*, u.sop_id, u.start_step, u.stop_step FROM legal_deadlines d "
            "LEFT JOIN legal_deadline_uses u ON u.deadline_id = d.id ORDER BY d.id, u.sop_id"
        )
        .df()
    )


def use_deadline(
    db: Database, deadline_id: str, sop_id: str, start_step: str, stop_step: str
) -> None:
    """Track a deadline on an SOP: from entering ``start_step`` to completing ``stop_step``."""
    if not db.query("SELECT 1 FROM legal_deadlines WHERE id = ?", [deadline_id]):
        raise NotFound(f"there is no legal deadline '{deadline_id}'")
    sop = load_sop(db, sop_id, latest_version(db, sop_id))
    for step in (start_step, stop_step):
        try:
            sop.step(step)
        except KeyError:
            raise NotFound(f"SOP {sop_id} has no step {step}") from None
    db.cursor().execute(
        "INSERT OR REPLACE INTO legal_deadline_uses VALUES (?, ?, ?, ?)",
        [deadline_id, sop_id, start_step, stop_step],
    )


def deadline_status(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Per record of an SOP with a deadline: clock start and stop, the deadline and its extended
    form, and a status: ``tepat_waktu``, ``dalam_perpanjangan``, ``terlambat`` (stopped) or
    ``berjalan``, ``lewat_batas`` (running, past the extended deadline at ``now``)."""
    params = {"now": prepared(db, now)}
    sql = f"""
        WITH x AS ({EXECUTIONS_SQL}),
        clock AS (
            SELECT u.deadline_id, d.working_days, d.extension_days, x.record_id, x.sop_id,
                any_value(x.unit) AS unit, any_value(x.title) AS title,
                min(x.entered_at) FILTER (WHERE x.step = u.start_step) AS started_at,
                max(x.ended_at) FILTER (WHERE x.step = u.stop_step AND x.state = 'selesai')
                    AS stopped_at
            FROM x JOIN legal_deadline_uses u ON u.sop_id = x.sop_id
            JOIN legal_deadlines d ON d.id = u.deadline_id
            GROUP BY ALL
        ), zone AS (SELECT unit, any_value(utc_offset_min) AS off FROM work_days GROUP BY unit)
        SELECT c.deadline_id, c.record_id, c.sop_id, c.unit, c.title, c.started_at,
            c.stopped_at, d1.next_close AS deadline_at, d2.next_close AS extended_at,
            CASE WHEN c.stopped_at <= d1.next_close THEN 'tepat_waktu'
                 WHEN c.stopped_at <= d2.next_close THEN 'dalam_perpanjangan'
                 WHEN c.stopped_at IS NOT NULL THEN 'terlambat'
                 WHEN CAST($now AS TIMESTAMP) > d2.next_close THEN 'lewat_batas'
                 ELSE 'berjalan' END AS status
        FROM clock c JOIN zone z ON z.unit = c.unit
        JOIN work_days s ON s.unit = c.unit
            AND s.day = CAST(c.started_at + to_minutes(z.off) AS DATE)
        JOIN (SELECT unit, cum_days, next_close FROM work_days WHERE minutes > 0) d1
            ON d1.unit = c.unit AND d1.cum_days = s.cum_days + c.working_days
        JOIN (SELECT unit, cum_days, next_close FROM work_days WHERE minutes > 0) d2
            ON d2.unit = c.unit AND d2.cum_days = s.cum_days + c.working_days + c.extension_days
        WHERE c.started_at IS NOT NULL
        ORDER BY c.deadline_id, c.record_id
    """  # noqa: S608 - a constant query
    return db.cursor().execute(sql, params).df()
