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


def worked_sql(day: str, minutes: str, local: str) -> str:
    """SQL: working minutes of the unit before an instant whose local time is ``local``, given
    its ``work_days`` row ``day`` and its ``work_minutes`` row ``minutes`` (see minute_key_sql).
    """
    minute = _MINUTE_OF_DAY.format(t=local)
    return (
        f"({day}.cum_minutes + {minutes}.worked "
        f"+ CASE WHEN {minutes}.open THEN {minute} - floor({minute}) ELSE 0 END)"
    )


def minute_key_sql(day: str, local: str) -> str:
    """SQL: the ``work_minutes`` key of an instant's local minute on its ``work_days`` row."""
    return f"{day}.profile * 1440 + hour({local}) * 60 + minute({local})"


_FIRST_ACTION_JOIN = "LEFT JOIN events n ON n.record_id = f.record_id AND n.seq = f.seq + 1"


def executions_sql(*, first_action: bool = False) -> str:
    """SQL: one row per step execution; ``$now`` bounds open executions. Instants are naive UTC.

    ``first_action_at`` (the next event of any kind, for the waiting time) costs a self-join of
    the log, so it is null unless ``first_action`` asks for it; aggregates do without.
    """
    first_action_at, join = ("n.occurred_at", _FIRST_ACTION_JOIN) if first_action else (
        "CAST(NULL AS TIMESTAMP)", "")  # fmt: skip
    return f"""
WITH zone AS (
    SELECT unit, any_value(utc_offset_min) AS off FROM work_days GROUP BY unit
), flow AS (
    SELECT m.record_id, m.seq, m.occurred_at, m.action, m.step_to,
        lead(m.occurred_at) OVER w AS ended_at, lead(m.action) OVER w AS end_action,
        lead(m.actor) OVER w AS actor, lead(m.decision) OVER w AS decision
    FROM events m
    WHERE m.action IN ('start', 'complete', 'decide', 'cancel')
    WINDOW w AS (PARTITION BY m.record_id ORDER BY m.seq)
), entered AS (
    SELECT f.record_id, f.seq, r.sop_id, r.sop_version, r.unit, r.title,
        r.status AS record_status, f.step_to AS step, s.position, s.role, s.kind,
        s.standard_raw, s.basis, s.std_minutes, s.std_days, s.std_months, s.std_weeks,
        s.wait_months, s.wait_weeks, z.off, f.occurred_at AS entered_at,
        {first_action_at} AS first_action_at, f.ended_at, f.end_action, f.actor, f.decision,
        CASE WHEN f.end_action IN ('complete', 'decide') THEN 'selesai'
             WHEN f.end_action = 'cancel' THEN 'dibatalkan' ELSE 'berjalan' END AS state
    FROM flow f
    JOIN records r ON r.id = f.record_id
    {join}
    -- One row key: with three separate keys DuckDB may join the log to sop_steps on the
    -- step number alone first (millions of intermediate rows), then filter by SOP.
    JOIN sop_steps s ON row(s.sop_id, s.version, s.step)
        = row(r.sop_id, r.sop_version, f.step_to)
    JOIN zone z ON z.unit = r.unit
    WHERE f.action IN ('start', 'complete', 'decide') AND s.kind <> 'selesai'
), ready AS (
    SELECT x.*,
        CASE WHEN x.wait_months > 0 OR x.wait_weeks > 0 THEN w.next_open ELSE x.entered_at END
            AS ready_at
    FROM entered x
    LEFT JOIN work_days w ON w.unit = x.unit
        AND w.day = CASE WHEN x.wait_months > 0 OR x.wait_weeks > 0 THEN CAST(
            CAST(x.entered_at + to_minutes(x.off) AS DATE)
            + to_months(x.wait_months) + to_days(7 * x.wait_weeks) AS DATE) END
), span AS (
    SELECT x.*, x.ready_at + to_minutes(x.off) AS ready_local,
        greatest(coalesce(x.ended_at, CAST($now AS TIMESTAMP)), x.ready_at) AS stop_at,
        greatest(coalesce(x.ended_at, CAST($now AS TIMESTAMP)), x.ready_at)
            + to_minutes(x.off) AS stop_local
    FROM ready x
), timed AS (
    SELECT x.*,
        greatest(0, {worked_sql("b", "bm", "x.stop_local")}
            - {worked_sql("a", "am", "x.ready_local")}) AS working_minutes,
        b.cum_days - a.cum_days AS working_days,
        CASE x.basis WHEN 'working_days' THEN dd.next_close
                     WHEN 'calendar' THEN dc.next_close END AS due_at
    FROM span x
    JOIN work_days a ON a.unit = x.unit AND a.day = CAST(x.ready_local AS DATE)
    JOIN work_minutes am ON am.k = {minute_key_sql("a", "x.ready_local")}
    JOIN work_days b ON b.unit = x.unit AND b.day = CAST(x.stop_local AS DATE)
    JOIN work_minutes bm ON bm.k = {minute_key_sql("b", "x.stop_local")}
    LEFT JOIN (SELECT unit, cum_days, next_close FROM work_days WHERE minutes > 0) dd
        ON dd.unit = x.unit AND dd.cum_days = a.cum_days + x.std_days
    LEFT JOIN work_days dc ON dc.unit = x.unit AND dc.day = CASE WHEN x.basis = 'calendar'
        THEN CAST(CAST(x.ready_local AS DATE) + to_months(x.std_months)
            + to_days(7 * x.std_weeks) AS DATE) END
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
"""  # noqa: S608 - the only splices are constant expressions


EXECUTIONS_SQL = executions_sql()
"""One row per step execution, without ``first_action_at`` (see :func:`executions_sql`)."""


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
    sql = f"{executions_sql(first_action=True)} ORDER BY record_id, seq"
    return db.cursor().execute(sql, {"now": moment}).df()
