"""The compliance SQL against the slow Python reference on random logs made by the real engine:
random gaps cross weekends, breaks, holidays and cuti bersama; units run in WIB, WITA or WIT,
with or without cuti bersama, and with overridden days."""

from __future__ import annotations

import math
import tempfile
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.compliance import compliance, happy_path, lead_times, step_executions
from tests.compliance_reference import RefExecution, executions, naive, total_due
from workflows.calendar import Window
from workflows.db import Database
from workflows.engine import Decision, Engine
from workflows.errors import StepNotReady
from workflows.registry import sync_shipped
from workflows.units import set_override
from workflows.users import Grant, add_user

SOPS = {
    "cirebon-polling": "cirebon-diskominfo",
    "kpu-ri-penyusunan-dip": "kpu-ri-biro-parmas",
    "serang-uji-konsekuensi": "serang-ppid",
    "pekalongan-pengumpulan-data": "pekalongan-kesbangpol",
}
# Windows around Idul Fitri 2025 (holidays and cuti bersama 28 Mar to 7 Apr) and year end.
STARTS = (datetime(2025, 3, 20, tzinfo=UTC), datetime(2025, 12, 15, tzinfo=UTC))


@dataclass
class _Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


gaps = st.one_of(
    st.integers(1, 600),  # minutes within a day
    st.integers(600, 6 * 24 * 60),  # across nights and weekends
    st.integers(6 * 24 * 60, 45 * 24 * 60),  # long waits, past month-long standards
)
record_plans = st.lists(
    st.tuples(
        st.sampled_from(sorted(SOPS)),
        st.sampled_from(STARTS),
        st.integers(0, 20 * 24 * 60),  # start offset in minutes
        st.lists(st.tuples(gaps, st.sampled_from(["ya", "tidak", "attach"])), max_size=14),
        st.booleans(),  # cancel at the end of the plan if still open
    ),
    min_size=1,
    max_size=5,
)
calendars = st.tuples(
    st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]),
    st.booleans(),  # count cuti bersama
    st.sampled_from([(), ((time(8, 0), time(10, 0)), (time(10, 30), time(12, 0)))]),
    st.integers(0, 40),  # override day offset from the first start window
)


Plan = tuple[str, datetime, int, list[tuple[int, str]], bool]
CalendarPlan = tuple[str, bool, tuple[Window, ...], int]


def _build(plans: list[Plan], calendar: CalendarPlan, folder: Path) -> tuple[Engine, datetime]:
    db = Database(folder / "c.duckdb")
    sync_shipped(db)
    zone, count_cuti, windows, offset = calendar
    for unit in SOPS.values():
        db.cursor().execute(
            "UPDATE units SET zone = ?, count_cuti_bersama = ? WHERE id = ?",
            [zone, count_cuti, unit],
        )
        for start in STARTS:
            set_override(db, unit, start.date() + timedelta(days=offset), windows, actor="test")
    clock = _Clock(STARTS[0])
    engine = Engine(db, clock=clock)
    users: dict[tuple[str, str], str] = {}
    latest = STARTS[0]
    for number, plan in enumerate(plans):
        sop_id, base, offset_min, actions, cancel = plan
        unit = SOPS[sop_id]
        sop = engine.sop(sop_id, 1)
        for role in sop.roles:
            if (role, unit) not in users:
                users[(role, unit)] = f"u{len(users)}"
                add_user(db, users[(role, unit)], role, "rahasia-123", (Grant(role, unit),))
        clock.now = base + timedelta(minutes=offset_min)
        record = engine.start(users[(sop.first.role or "", unit)], sop_id, f"Rekaman {number}")
        for gap, choice in actions:
            if record.status != "berjalan":
                break
            clock.now += timedelta(minutes=gap)
            step = sop.step(record.current_step or "")
            actor = users[(step.role or "", unit)]
            if choice == "attach":
                record = engine.attach(actor, record.id, record.version, {"name": "bukti.pdf"})
                continue
            decision: Decision | None = None
            if step.kind == "keputusan":
                decision = "tidak" if choice == "tidak" else "ya"
            try:
                record = engine.advance(actor, record.id, record.version, decision=decision,
                                        note="perbaiki" if decision == "tidak" else "")  # fmt: skip
            except StepNotReady as exc:
                clock.now = exc.ready_at + timedelta(minutes=gap)
                record = engine.advance(actor, record.id, record.version)
        if cancel and record.status == "berjalan":
            clock.now += timedelta(minutes=30)
            record = engine.cancel(actor_of(engine, record.id, users), record.id,
                                   record.version, "dibatalkan")  # fmt: skip
        latest = max(latest, clock.now)
    return engine, latest + timedelta(days=3, minutes=17)


def actor_of(engine: Engine, record_id: int, users: dict[tuple[str, str], str]) -> str:
    record = engine.get(record_id)
    step = engine.sop_of(record).step(record.current_step or "")
    return users[(step.role or "", record.unit)]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-3)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=record_plans, calendar=calendars)
def test_executions_match_reference(plans: list[Plan], calendar: CalendarPlan) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine, now = _build(plans, calendar, Path(folder))
        try:
            sql = step_executions(engine.db, now=now)
            ids = [int(r[0]) for r in engine.db.query("SELECT id FROM records ORDER BY id")]
            reference = [ex for rid in ids for ex in executions(engine, rid, now)]
            assert len(sql) == len(reference)
            for row, ref in zip(sql.to_dict("records"), reference, strict=True):
                _check(row, ref)
            _check_aggregates(sql, reference, engine, now)
            _check_lead_times(engine, now)
        finally:
            engine.db.close()


def _check(got: dict[Hashable, Any], ref: RefExecution) -> None:
    assert (got["record_id"], got["seq"], got["step"], got["state"]) == (
        ref.record_id, ref.seq, ref.step, ref.state,
    )  # fmt: skip
    assert got["ready_at"] == naive(ref.ready_at)
    assert got["stop_at"] == naive(ref.stop_at)
    assert _close(got["working_minutes"], ref.working_minutes), (got, ref)
    assert got["working_days"] == ref.working_days, (got, ref)
    if ref.due_at is None:
        assert pd.isna(got["due_at"])
    else:
        assert got["due_at"] == naive(ref.due_at), (got, ref)
    assert (None if pd.isna(got["late"]) else bool(got["late"])) == ref.late, (got, ref)


def _check_aggregates(
    sql: pd.DataFrame, reference: list[RefExecution], engine: Engine, now: datetime
) -> None:
    """Per SOP and step: n, judged, within and the quantiles, recomputed from the reference."""
    ref = pd.DataFrame([vars(x) for x in reference])
    ref["sop_id"] = [engine.get(rid).sop_id for rid in ref["record_id"]]
    done = ref[ref["state"] == "selesai"]
    summary = compliance(engine.db, ("sop_id", "step"), now=now)
    assert len(summary) == done.groupby(["sop_id", "step"]).ngroups
    for row in summary.to_dict("records"):
        group = done[(done["sop_id"] == row["sop_id"]) & (done["step"] == row["step"])]
        judged = group["late"].dropna()
        assert row["n"] == len(group) and row["judged"] == len(judged)
        assert row["within"] == int((~judged.astype(bool)).sum())
        minutes = group["working_minutes"].astype(float)
        assert _close(row["median_minutes"], float(minutes.quantile(0.5)))
        assert _close(row["p90_minutes"], float(minutes.quantile(0.9)))


def _check_lead_times(engine: Engine, now: datetime) -> None:
    frame = lead_times(engine.db, now=now)
    for row in frame.to_dict("records"):
        record = engine.get(row["record_id"])
        sop, calendar = engine.sop_of(record), engine.calendar(record.unit)
        minutes = calendar.working_minutes_between(record.created_at, record.updated_at)
        assert _close(row["working_minutes"], minutes)
        due = total_due(calendar, sop, record.created_at, happy_path(sop))
        assert row["due_at"] == naive(due), (row, due)
        assert bool(row["within"]) == (record.updated_at <= due)


@pytest.mark.parametrize(
    ("zone", "local_start", "local_end", "minutes"),
    [
        # Friday 11:00 to Monday 08:00: 30 min before the Friday break, 3 h 30 after, 30 Monday.
        ("Asia/Makassar", datetime(2025, 3, 21, 11, 0), datetime(2025, 3, 24, 8, 0), 270.0),
        # Across the Idul Fitri holidays and cuti bersama (28 Mar to 7 Apr 2025 closed).
        ("Asia/Jayapura", datetime(2025, 3, 27, 15, 0), datetime(2025, 4, 8, 8, 0), 90.0),
    ],
)
def test_known_durations(
    tmp_path: Path, zone: str, local_start: datetime, local_end: datetime, minutes: float
) -> None:
    """Hand-computed cases, so the reference itself is pinned down."""
    db = Database(tmp_path / "k.duckdb")
    sync_shipped(db)
    db.cursor().execute("UPDATE units SET zone = ? WHERE id = 'serang-ppid'", [zone])
    add_user(db, "pembantu", "P", "rahasia-123", (Grant("ppid_pembantu", "serang-ppid"),))
    add_user(db, "utama", "Q", "rahasia-123", (Grant("ppid_utama", "serang-ppid"),))
    tz = ZoneInfo(zone)
    clock = _Clock(local_start.replace(tzinfo=tz).astimezone(UTC))
    engine = Engine(db, clock=clock)
    record = engine.start("pembantu", "serang-uji-konsekuensi", "Uji")
    clock.now = local_end.replace(tzinfo=tz).astimezone(UTC)
    engine.advance("pembantu", record.id, record.version)
    frame = step_executions(db, now=clock.now)
    first = frame[frame["step"] == "1"].iloc[0]
    assert first["working_minutes"] == pytest.approx(minutes)
    assert first["state"] == "selesai" and not first["late"]
    db.close()
