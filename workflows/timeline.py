"""One record's history as step runs: when each step was entered, left, due, and whether late.

A record of a few dozen events is read in Python; the compliance dashboards compute the same
measures for every record in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from workflows.engine import Engine, Event, Record

State = Literal["selesai_tepat", "selesai_terlambat", "berjalan_tepat", "berjalan_terlambat"]
STATE_COLOURS: dict[State, str] = {
    "selesai_tepat": "#c8e6c9",
    "selesai_terlambat": "#ffcdd2",
    "berjalan_tepat": "#fff3bf",
    "berjalan_terlambat": "#ffab91",
}
"""Flowchart fills: done on time green, done late red, running yellow, running past due orange."""
ENTERING = ("start", "complete", "decide")
LEAVING = ("complete", "decide", "cancel")


@dataclass(frozen=True)
class StepRun:
    """One execution of a step. Instants are aware UTC; ``due_at`` is ``None`` without standard."""

    step_no: str
    entered_at: datetime
    ready_at: datetime | None
    due_at: datetime | None
    left_at: datetime | None = None
    actor: str | None = None
    outcome: str | None = None
    note: str = ""

    def late(self, now: datetime) -> bool | None:
        """Whether it ended (or, still running, is now) past its due time; ``None`` if no due."""
        if self.due_at is None:
            return None
        return (self.left_at or now) > self.due_at

    def state(self, now: datetime) -> State | None:
        """Done or running, on time or late; ``None`` when the step has no standard time."""
        late = self.late(now)
        if late is None:
            return None
        done = "selesai" if self.left_at is not None else "berjalan"
        return f"{done}_{'terlambat' if late else 'tepat'}"  # type: ignore[return-value]


def step_runs(engine: Engine, record: Record, events: list[Event] | None = None) -> list[StepRun]:
    """Every step execution of ``record`` in order (a step revisited by a loop appears again)."""
    sop = engine.sop_of(record)
    runs: list[StepRun] = []
    for event in events if events is not None else engine.history(record.id):
        if event.action in LEAVING and runs and runs[-1].left_at is None:
            outcome = event.decision or event.action
            runs[-1] = replace(
                runs[-1], left_at=event.occurred_at, actor=event.actor, outcome=outcome,
                note=event.note,
            )  # fmt: skip
        if event.action in ENTERING and event.step_to is not None:
            step = sop.step(event.step_to)
            if step.kind == "selesai":
                continue
            ready, due = engine.timing(record.unit, step, event.occurred_at)
            runs.append(StepRun(step.no, event.occurred_at, ready, due))
    if runs and runs[-1].left_at is None and record.status == "berjalan":
        # The running step keeps the times stored when it was entered.
        runs[-1] = replace(runs[-1], ready_at=record.step_ready_at, due_at=record.step_due_at)
    return runs


def latest_states(runs: list[StepRun], now: datetime) -> dict[str, State]:
    """Each step's state in its latest run (for colouring the flowchart)."""
    states: dict[str, State] = {}
    for run in runs:
        state = run.state(now)
        if state is not None:
            states[run.step_no] = state
        else:
            states.pop(run.step_no, None)
    return states
