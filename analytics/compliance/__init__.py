"""Compliance of SOP records with each step's standard time, measured in working time.

Plain functions over a :class:`workflows.db.Database`, each returning a DataFrame; all aggregation
runs in DuckDB against the event log and the ``work_days`` calendar table.
"""

from analytics.compliance.deadlines import deadline_status, legal_deadlines, use_deadline
from analytics.compliance.executions import step_executions
from analytics.compliance.measures import (
    DIMENSIONS,
    Dimension,
    Filters,
    bottlenecks,
    compliance,
    compliance_sets,
    drill_down,
    lead_time_summary,
    lead_times,
    open_by_step,
    rework,
    slowest_steps,
    variants,
)
from analytics.compliance.tables import happy_path, refresh

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "Filters",
    "bottlenecks",
    "compliance",
    "compliance_sets",
    "deadline_status",
    "drill_down",
    "happy_path",
    "lead_time_summary",
    "lead_times",
    "legal_deadlines",
    "open_by_step",
    "refresh",
    "rework",
    "slowest_steps",
    "step_executions",
    "use_deadline",
    "variants",
]
