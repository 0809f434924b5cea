"""Step executions derived from the event log, timed in each unit's working calendar, in SQL.

An execution starts when an event makes a step current (``start``, ``complete`` or ``decide``
with that step as ``step_to``) and ends at the next ``complete``/``decide`` (done) or ``cancel``
(cancelled); with neither it is still open and is measured up to ``now``. A step with a waiting
period (``menunggu``) is timed from the opening of the first working day after the wait, as the
engine does. Durations come from two lookups in ``work_days``: working minutes before the local
day plus the minutes of its windows already passed.

Judging against the stored SOP version's standard: minute/hour standards compare the working
minutes taken; ``hari``/``hari kerja`` compare the end with the close of the N-th working day
after the start date; ``minggu``/``bulan`` with the close of the first working day on or after the
same date a period later. Steps without a standard are counted and never judged.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from analytics.compliance.tables import refresh
from workflows.db import Database, to_db, utcnow

_MINUTE_OF_DAY = "(hour({t}) * 60 + minute({t}) + microsecond({t}) / 60e6)"


def _worked(alias: str, local: str) -> str:
    """SQL: working minutes of the unit before the instant whose local time is ``local``."""
    minute = _MINUTE_OF_DAY.format(t=local)
    return (
        f"({alias}.cum_minutes + coalesce(list_sum(list_transform({alias}.windows, "
        f"lambda w: greatest(0, least({minute}, w.e) - w.s))), 0))"
    )


EXECUTIONS_SQL = f"""
WITH zone AS (
    SELECT unit, any_value(utc_offset_min) AS off FROM work_days GROUP BY unit
), flow AS (
    SELECT e.record_id, e.seq, e.occurred_at, e.action, e.step_to,
        lead(e.occurred_at) OVER (PARTITION BY e.record_id ORDER BY e.seq) AS first_action_at,
        first_value(CASE WHEN e.action IN ('complete', 'decide', 'cancel')
            THEN {{'at': e.occurred_at, 'action': e.action, 'actor': e.actor,
                  'decision': e.decision}} END IGNORE NULLS)
            OVER (PARTITION BY e.record_id ORDER BY e.seq
                  ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS ending
    FROM events e
), entered AS (
    SELECT f.record_id, f.seq, r.sop_id, r.sop_version, r.unit, r.title,
        r.status AS record_status, f.step_to AS step, s.position, s.role, s.kind,
        s.standard_raw, s.basis, s.std_minutes, s.std_days, s.std_months, s.std_weeks,
        s.wait_months, s.wait_weeks, z.off, f.occurred_at AS entered_at, f.first_action_at,
        f.ending.at AS ended_at, f.ending.action AS end_action, f.ending.actor AS actor,
        f.ending.decision AS decision,
        CASE WHEN f.ending.action IN ('complete', 'decide') THEN 'selesai'
             WHEN f.ending.action = 'cancel' THEN 'dibatalkan' ELSE 'berjalan' END AS state
    FROM flow f
    JOIN records r ON r.id = f.record_id
    JOIN sop_steps s ON s.sop_id = r.sop_id AND s.version = r.sop_version AND s.step = f.step_to
    JOIN zone z ON z.unit = r.unit
    WHERE f.action IN ('start', 'complete', 'decide') AND s.kind <> 'selesai'
), ready AS (
    SELECT x.*,
        CASE WHEN x.wait_months > 0 OR x.wait_weeks > 0 THEN w.next_open ELSE x.entered_at END
            AS ready_at
    FROM entered x
    JOIN work_days w ON w.unit = x.unit AND w.day = CAST(
        CAST(x.entered_at + to_minutes(x.off) AS DATE)
        + to_months(x.wait_months) + to_days(7 * x.wait_weeks) AS DATE)
), span AS (
    SELECT x.*, x.ready_at + to_minutes(x.off) AS ready_local,
        greatest(coalesce(x.ended_at, CAST($now AS TIMESTAMP)), x.ready_at) AS stop_at,
        greatest(coalesce(x.ended_at, CAST($now AS TIMESTAMP)), x.ready_at)
            + to_minutes(x.off) AS stop_local
    FROM ready x
), timed AS (
    SELECT x.*,
        greatest(0, {_worked("b", "x.stop_local")} - {_worked("a", "x.ready_local")})
            AS working_minutes,
        b.cum_days - a.cum_days AS working_days,
        CASE x.basis WHEN 'working_days' THEN dd.next_close
                     WHEN 'calendar' THEN dc.next_close END AS due_at
    FROM span x
    JOIN work_days a ON a.unit = x.unit AND a.day = CAST(x.ready_local AS DATE)
    JOIN work_days b ON b.unit = x.unit AND b.day = CAST(x.stop_local AS DATE)
    LEFT JOIN (SELECT unit, cum_days, next_close FROM work_days WHERE minutes > 0) dd
        ON dd.unit = x.unit AND dd.cum_days = a.cum_days + x.std_days
    LEFT JOIN work_days dc ON x.basis = 'calendar' AND dc.unit = x.unit AND dc.day = CAST(
        CAST(x.ready_local AS DATE) + to_months(x.std_months) + to_days(7 * x.std_weeks) AS DATE)
)
SELECT record_id, seq, sop_id, sop_version, unit, title, record_status, step, position, role,
    kind, standard_raw, basis, std_minutes, std_days, state, actor, decision, entered_at,
    ready_at, first_action_at, ended_at, stop_at,
    date_diff('second', ready_at, stop_at) / 60.0 AS elapsed_minutes,
    working_minutes, working_days, due_at,
    CASE basis WHEN 'none' THEN NULL
               WHEN 'working_minutes' THEN working_minutes > std_minutes
               ELSE stop_at > due_at END AS late,
    strftime(stop_local, '%Y-%m') AS month
FROM timed
"""  # noqa: S608 - the only splices are the constant expressions of _worked
"""One row per step execution; ``$now`` bounds open executions. Instants are naive UTC."""


def prepared(db: Database, now: datetime | None) -> datetime:
    """Refresh the derived tables and return ``now`` as the naive UTC value the SQL expects."""
    moment = now or utcnow()
    refresh(db, moment)
    return to_db(moment)


def step_executions(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Every step execution with its timing and judgement (see the module docstring).

    ``late`` is null for steps without a standard; for open executions it says whether the
    standard is already exceeded at ``now``. Instants are naive UTC.
    """
    moment = prepared(db, now)
    return db.cursor().execute(f"{EXECUTIONS_SQL} ORDER BY record_id, seq", {"now": moment}).df()
