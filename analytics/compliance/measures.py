"""Compliance measures as plain functions returning DataFrames; every aggregation runs in DuckDB.

All functions take ``now`` (aware; default the current instant) so open work is measured to a
known moment, and refresh the derived calendar and step tables first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import pandas as pd

from analytics.compliance.executions import EXECUTIONS_SQL, minute_key_sql, prepared, worked_sql
from workflows.db import Database, to_db

Dimension = Literal["sop_id", "sop_version", "step", "role", "unit", "actor", "month"]
DIMENSIONS: tuple[Dimension, ...] = (
    "sop_id",
    "sop_version",
    "step",
    "role",
    "unit",
    "actor",
    "month",
)


@dataclass(frozen=True)
class Filters:
    """Which completed executions count: end instant in ``[start, end)``, one unit, one SOP,
    and only the ``units`` a user may see (``None``: every unit)."""

    start: datetime | None = None
    end: datetime | None = None
    unit: str | None = None
    sop_id: str | None = None
    units: frozenset[str] | None = None

    def where(self, params: dict[str, Any], ended: str = "ended_at") -> str:
        """A parameterised ``WHERE`` clause; the values go into ``params``."""
        clauses = ["TRUE"]
        for name, value, clause in (
            ("f_start", self.start, f"{ended} >= $f_start"),
            ("f_end", self.end, f"{ended} < $f_end"),
            ("f_unit", self.unit, "unit = $f_unit"),
            ("f_sop", self.sop_id, "sop_id = $f_sop"),
            ("f_units", self.units, "list_contains($f_units, unit)"),
        ):
            if value is None:
                continue
            if isinstance(value, datetime):
                params[name] = to_db(value)
            elif isinstance(value, frozenset):
                params[name] = sorted(value)
            else:
                params[name] = value
            clauses.append(clause)
        return " AND ".join(clauses)


NO_FILTER = Filters()


def compliance(
    db: Database,
    by: Sequence[Dimension] = ("sop_id", "step"),
    *,
    filters: Filters = NO_FILTER,
    now: datetime | None = None,
) -> pd.DataFrame:
    """Completed executions grouped by ``by``: n, judged, within, late, compliance rate,
    median and p90 working minutes and working days, and the standard as printed.

    ``compliance_rate`` is within / judged (null when nothing was judged).
    """
    return compliance_sets(db, [by], filters=filters, now=now)[0]


def compliance_sets(
    db: Database,
    sets: Sequence[Sequence[Dimension]],
    *,
    filters: Filters = NO_FILTER,
    now: datetime | None = None,
) -> list[pd.DataFrame]:
    """:func:`compliance` for several groupings from one pass over the log (SQL grouping
    sets), one frame per grouping in the order given."""
    if not sets:
        raise ValueError("give at least one grouping")
    for by in sets:
        unknown = [d for d in by if d not in DIMENSIONS]
        if unknown or not by:
            raise ValueError(f"group by one or more of {', '.join(DIMENSIONS)}; got {list(by)}")
    params: dict[str, Any] = {"now": prepared(db, now)}
    keys = [d for d in DIMENSIONS if any(d in by for by in sets)]  # only names from DIMENSIONS
    grouping = ", ".join(f"({', '.join(by)})" for by in sets)
    sql = f"""
        SELECT {", ".join(keys)}, grouping_id({", ".join(keys)}) AS grouping_set,
            min(position) AS position, count(*) AS n, count(late) AS judged,
            count(*) FILTER (WHERE NOT late) AS within, count(*) FILTER (WHERE late) AS late,
            count(*) FILTER (WHERE NOT late) / nullif(count(late), 0) AS compliance_rate,
            quantile_cont(working_minutes, 0.5) AS median_minutes,
            quantile_cont(working_minutes, 0.9) AS p90_minutes,
            quantile_cont(working_days, 0.5) AS median_days,
            quantile_cont(working_days, 0.9) AS p90_days,
            string_agg(DISTINCT nullif(standard_raw, ''), ' / '
                ORDER BY nullif(standard_raw, '')) AS standard
        FROM ({EXECUTIONS_SQL}) x
        WHERE state = 'selesai' AND {filters.where(params)}
        GROUP BY GROUPING SETS ({grouping})
    """  # noqa: S608 - keys come from DIMENSIONS, values are parameters
    found = db.cursor().execute(sql, params).df()
    metrics = list(found.columns[len(keys) + 2 :])
    frames = []
    for by in sets:
        # grouping_id sets the bit of every key left out of the set (first key: highest bit).
        set_id = sum(1 << (len(keys) - 1 - i) for i, key in enumerate(keys) if key not in by)
        part = found[found["grouping_set"] == set_id]
        order = ["position", *by] if "step" in by else list(by)
        part = part.sort_values(order, kind="stable")[[*by, *metrics]]
        frames.append(part.reset_index(drop=True))
    return frames


def bottlenecks(
    db: Database, *, filters: Filters = NO_FILTER, now: datetime | None = None
) -> pd.DataFrame:
    """Open records, one row per record at its current step: how long it has waited (working
    minutes and days, wall-clock hours), its due instant, overdue ones first. The period of
    ``filters`` applies to when the step became current."""
    params: dict[str, Any] = {"now": prepared(db, now)}
    sql = f"""
        SELECT record_id, title, sop_id, unit, step, role, standard_raw, entered_at, ready_at,
            working_minutes AS waited_minutes, working_days AS waited_days,
            date_diff('minute', entered_at, stop_at) / 60.0 AS waited_hours,
            due_at, coalesce(late, false) AS overdue
        FROM ({EXECUTIONS_SQL}) x
        WHERE state = 'berjalan' AND record_status = 'berjalan'
            AND {filters.where(params, ended="entered_at")}
        ORDER BY overdue DESC, waited_minutes DESC, record_id
    """  # noqa: S608 - the filter holds only placeholders
    return db.cursor().execute(sql, params).df()


def open_by_step(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Per SOP and step: open records, how many are overdue, the longest and median wait."""
    params = {"now": prepared(db, now)}
    sql = f"""
        SELECT sop_id, step, any_value(role) AS role, count(*) AS open,
            count(*) FILTER (WHERE late) AS overdue,
            max(working_minutes) AS max_waited_minutes,
            quantile_cont(working_minutes, 0.5) AS median_waited_minutes
        FROM ({EXECUTIONS_SQL}) x
        WHERE state = 'berjalan' AND record_status = 'berjalan'
        GROUP BY sop_id, step ORDER BY overdue DESC, max_waited_minutes DESC
    """  # noqa: S608 - a constant query
    return db.cursor().execute(sql, params).df()


_PATHS = """
    SELECT e.record_id, r.sop_id, r.status,
        string_agg(e.step_to, '→' ORDER BY e.seq) AS path,
        count(*) > count(DISTINCT e.step_to) AS reworked
    FROM events e
    JOIN records r ON r.id = e.record_id
    JOIN sop_steps s ON s.sop_id = r.sop_id AND s.version = r.sop_version AND s.step = e.step_to
    WHERE e.action IN ('start', 'complete', 'decide') AND s.kind <> 'selesai'
    GROUP BY e.record_id, r.sop_id, r.status
"""


def rework(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Per SOP: records, completed, reworked (a step ran twice: a *Tidak* loop), the rework rate
    over all records and first-time-right (completed without rework / completed)."""
    prepared(db, now)
    sql = f"""
        SELECT sop_id, count(*) AS records,
            count(*) FILTER (WHERE status = 'selesai') AS completed,
            count(*) FILTER (WHERE reworked) AS reworked,
            count(*) FILTER (WHERE reworked) / count(*) AS rework_rate,
            count(*) FILTER (WHERE status = 'selesai' AND NOT reworked)
                / nullif(count(*) FILTER (WHERE status = 'selesai'), 0) AS first_time_right
        FROM ({_PATHS}) p GROUP BY sop_id ORDER BY sop_id
    """  # noqa: S608 - a constant query
    return db.cursor().execute(sql).df()


def variants(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Per SOP, the distinct step sequences of completed records with counts and shares;
    ``happy`` marks the sequence without any *Tidak* loop."""
    prepared(db, now)
    sql = f"""
        SELECT sop_id, path, count(*) AS records,
            count(*) / sum(count(*)) OVER (PARTITION BY sop_id) AS share,
            NOT bool_or(reworked) AS happy
        FROM ({_PATHS}) p WHERE status = 'selesai'
        GROUP BY sop_id, path ORDER BY sop_id, records DESC, path
    """  # noqa: S608 - a constant query
    return db.cursor().execute(sql).df()


def lead_times(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Completed records: lead time (working minutes, working days, wall-clock hours) against
    the SOP's total standard along its happy path.

    The total is applied in a fixed order: its working minutes from the start, then its working
    days (to the close of the N-th working day after that date), then its calendar months and
    weeks (to the close of the working day on or after that date). ``within`` is null when the
    SOP has no standard at all.
    """
    prepared(db, now)
    sql = f"""
        WITH zone AS (SELECT unit, any_value(utc_offset_min) AS off FROM work_days GROUP BY unit),
        working AS (SELECT * FROM work_days WHERE minutes > 0),
        rec AS (
            SELECT r.id AS record_id, r.sop_id, r.sop_version, r.unit, r.title,
                r.created_at AS started_at, r.updated_at AS finished_at, z.off,
                r.created_at + to_minutes(z.off) AS s_local,
                r.updated_at + to_minutes(z.off) AS f_local,
                t.total_minutes, t.total_days, t.total_months, t.total_weeks, t.judged
            FROM records r
            JOIN zone z ON z.unit = r.unit
            JOIN sop_totals t ON t.sop_id = r.sop_id AND t.version = r.sop_version
            WHERE r.status = 'selesai'
        ), worked AS (
            SELECT x.*, {worked_sql("a", "am", "x.s_local")} AS w_start,
                {worked_sql("b", "bm", "x.f_local")} AS w_end,
                b.cum_days - a.cum_days AS working_days
            FROM rec x
            JOIN work_days a ON a.unit = x.unit AND a.day = CAST(x.s_local AS DATE)
            JOIN work_minutes am ON am.k = {minute_key_sql("a", "x.s_local")}
            JOIN work_days b ON b.unit = x.unit AND b.day = CAST(x.f_local AS DATE)
            JOIN work_minutes bm ON bm.k = {minute_key_sql("b", "x.f_local")}
        ), after_minutes AS (
            SELECT x.*, CASE WHEN x.total_minutes = 0 THEN x.started_at ELSE
                CAST(m.day AS TIMESTAMP) - to_minutes(x.off) + to_microseconds(CAST(round(60e6 * (
                    list_filter(m.windows, lambda w: w.c < x.w_start + x.total_minutes
                        - m.cum_minutes)[-1].s
                    + x.w_start + x.total_minutes - m.cum_minutes
                    - list_filter(m.windows, lambda w: w.c < x.w_start + x.total_minutes
                        - m.cum_minutes)[-1].c)) AS BIGINT)) END AS t1
            FROM worked x ASOF LEFT JOIN working m
                ON m.unit = x.unit AND x.w_start + x.total_minutes > m.cum_minutes
        ), after_days AS (
            SELECT x.*, CASE WHEN x.total_days = 0 THEN x.t1 ELSE d.next_close END AS t2
            FROM after_minutes x
            JOIN work_days c ON c.unit = x.unit AND c.day = CAST(x.t1 + to_minutes(x.off) AS DATE)
            LEFT JOIN working d ON d.unit = x.unit AND d.cum_days = c.cum_days + x.total_days
        ), due AS (
            SELECT x.*, CASE WHEN x.total_months = 0 AND x.total_weeks = 0 THEN x.t2
                ELSE p.next_close END AS due_at
            FROM after_days x
            LEFT JOIN work_days p ON p.unit = x.unit AND p.day = CAST(
                CAST(x.t2 + to_minutes(x.off) AS DATE) + to_months(x.total_months)
                + to_days(7 * x.total_weeks) AS DATE)
        )
        SELECT record_id, sop_id, sop_version, unit, title, started_at, finished_at,
            greatest(0, w_end - w_start) AS working_minutes, working_days,
            date_diff('minute', started_at, finished_at) / 60.0 AS elapsed_hours,
            total_minutes AS standard_minutes, total_days AS standard_days,
            total_months AS standard_months, total_weeks AS standard_weeks,
            CASE WHEN judged THEN due_at END AS due_at,
            CASE WHEN judged THEN finished_at <= due_at END AS within
        FROM due ORDER BY record_id
    """  # noqa: S608 - a constant query
    return db.cursor().execute(sql).df()


def lead_time_summary(db: Database, *, now: datetime | None = None) -> pd.DataFrame:
    """Per SOP: completed records, median and p90 lead time, share within the total standard."""
    frame = lead_times(db, now=now)
    cur = db.cursor()
    cur.register("compliance_lead", frame)
    try:
        return cur.execute(
            "SELECT sop_id, count(*) AS records, "
            "quantile_cont(working_minutes, 0.5) AS median_minutes, "
            "quantile_cont(working_minutes, 0.9) AS p90_minutes, "
            "quantile_cont(working_days, 0.5) AS median_days, "
            "avg(CAST(within AS DOUBLE)) AS within_rate "
            "FROM compliance_lead GROUP BY sop_id ORDER BY sop_id"
        ).df()
    finally:
        cur.unregister("compliance_lead")


def drill_down(
    db: Database,
    sop_id: str,
    step: str,
    *,
    filters: Filters = NO_FILTER,
    now: datetime | None = None,
) -> pd.DataFrame:
    """The completed executions behind one step's figures, late ones first, slowest first."""
    params: dict[str, Any] = {"now": prepared(db, now), "d_sop": sop_id, "d_step": step}
    sql = f"""
        SELECT record_id, title, unit, actor, entered_at, ready_at, ended_at, working_minutes,
            working_days, elapsed_minutes, standard_raw, due_at, late
        FROM ({EXECUTIONS_SQL}) x
        WHERE state = 'selesai' AND sop_id = $d_sop AND step = $d_step
            AND {filters.where(params)}
        ORDER BY late DESC NULLS LAST, working_minutes DESC, record_id
    """  # noqa: S608 - the filter holds only placeholders
    return db.cursor().execute(sql, params).df()
