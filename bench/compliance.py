"""Benchmark: the compliance summary over 1,000,000 events (100,000 records), against pm4py.

The log is generated straight into a DuckDB file (not through the engine: a million engine
transitions would take over an hour; the hash columns hold a placeholder). Records of four shipped
SOPs in three zones (WIB, WITA, WIT) run their happy path, some with a *Tidak* revision loop and a
few left open; step durations are random wall-clock spans that cross nights, weekends, national
holidays and cuti bersama.

Timed, side by side in one run:
- Lentera: ``compliance(db, ("sop_id", "step"))`` on the file, cold (it describes the SOP
  steps and builds ``work_days``; the holiday tables, loaded once per process, are timed apart)
  and warm; plus the other measures for information.
- pm4py (bench-only dependency, AGPL): ``discover_performance_dfg`` with business hours (the
  units' weekly windows as slots, ``WorkCalendar`` as its work calendar, local times) on the same
  events already in memory, then its raw per-edge durations pooled per (SOP, step).

Compared: per (SOP, step), the number of completed executions and the median and p90 of their
working minutes must agree to 1e-6 minutes. Run with ``make bench``.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.compliance import bottlenecks, compliance, lead_times, rework, variants
from analytics.compliance.tables import happy_path
from workflows.calendar import DEFAULT_WEEKLY, WorkCalendar
from workflows.db import Database, to_db
from workflows.registry import latest_version, load_sop, sync_shipped
from workflows.sop import Sop
from workflows.users import Grant, add_user

APP = Path(__file__).resolve().parent.parent / "app.py"
RECORDS = 100_000
NOW = datetime(2026, 1, 15, 3, 0, tzinfo=UTC)
ZONES = {
    "kpu-ri-biro-parmas": "Asia/Makassar",
    "pekalongan-kesbangpol": "Asia/Jayapura",
    "serang-ppid": "Asia/Jakarta",
    "kpu-cianjur": "Asia/Jakarta",
}
SHARES = {
    "pekalongan-pengumpulan-data": 0.25,
    "kpu-ri-penyusunan-dip": 0.35,
    "serang-uji-konsekuensi": 0.2,
    "cianjur-publikasi-medsos": 0.2,
}


def _paths(sop: Sop) -> list[list[tuple[str, str | None]]]:
    """The happy path and, for each decision whose *Tidak* loops back, one revision variant.

    Each entry is (step completed, decision or None)."""
    happy = happy_path(sop)
    variants = [[(no, "ya" if sop.step(no).kind == "keputusan" else None) for no in happy]]
    for i, no in enumerate(happy):
        step = sop.step(no)
        if step.kind == "keputusan" and step.on_no in happy[:i]:
            back = happy.index(step.on_no)
            loop = [(n, "ya" if sop.step(n).kind == "keputusan" else None) for n in happy[back:i]]
            variants.append([*variants[0][:i], (no, "tidak"), *loop, *variants[0][i:]])
    return variants


def generate(db: Database, seed: int = 11) -> int:
    """Write ``RECORDS`` records and their events; return the number of events."""
    rng = random.Random(seed)
    sops = {sop_id: load_sop(db, sop_id, latest_version(db, sop_id)) for sop_id in SHARES}
    paths = {sop_id: _paths(sop) for sop_id, sop in sops.items()}
    ids = rng.choices(list(SHARES), weights=list(SHARES.values()), k=RECORDS)
    first_start = datetime(2024, 1, 2, tzinfo=UTC)
    span = (NOW - timedelta(days=40) - first_start).total_seconds()
    events: dict[str, list[object]] = defaultdict(list)
    records: dict[str, list[object]] = defaultdict(list)
    for record_id, sop_id in enumerate(ids, start=1):
        sop = sops[sop_id]
        options = paths[sop_id]
        path = options[0] if len(options) == 1 or rng.random() < 0.85 else rng.choice(options[1:])
        keep = len(path) if rng.random() < 0.97 else rng.randrange(len(path))
        at = first_start + timedelta(seconds=rng.random() * span)
        rows: list[tuple[str, str | None, str | None, str | None, datetime]] = [
            ("start", None, sop.first.no, None, at)
        ]
        for done, decision in path[:keep]:
            at += timedelta(minutes=rng.lognormvariate(np.log(240), 1.3))
            step = sop.step(done)
            target = step.on_no if decision == "tidak" else (step.on_yes if decision else step.next)
            rows.append(("decide" if decision else "complete", done, target, decision, at))
        for seq, (action, step_from, step_to, decision, moment) in enumerate(rows, start=1):
            for name, value in (
                ("record_id", record_id), ("seq", seq), ("occurred_at", to_db(moment)),
                ("actor", "bench"), ("role", None), ("action", action), ("step_from", step_from),
                ("step_to", step_to), ("decision", decision),
            ):  # fmt: skip
                events[name].append(value)
        finished = keep == len(path)
        for name, value in (
            ("id", record_id), ("sop_id", sop_id), ("sop_version", 1), ("unit", sop.unit),
            ("title", f"Bench {record_id}"), ("status", "selesai" if finished else "berjalan"),
            ("current_step", rows[-1][2]), ("version", len(rows)),
            ("created_at", to_db(rows[0][4])), ("updated_at", to_db(rows[-1][4])),
        ):  # fmt: skip
            records[name].append(value)
    frame_events, frame_records = pd.DataFrame(events), pd.DataFrame(records)
    with db.transaction() as tx:
        tx.register("bench_events", frame_events)
        tx.register("bench_records", frame_records)
        tx.execute(
            "INSERT INTO records SELECT id, sop_id, sop_version, unit, title, status, "
            "current_step, NULL, updated_at, NULL, NULL, version, 'bench', created_at, 'bench', "
            "updated_at, 'bench' FROM bench_records"
        )
        tx.execute(
            "INSERT INTO events SELECT record_id, seq, occurred_at, actor, role, action, "
            "step_from, step_to, decision, '', '{}', 'bench', 'bench' FROM bench_events"
        )
    return len(frame_events)


def _timed(label: str, action: Callable[[], object], runs: int = 1) -> float:
    """Best wall-clock seconds of ``runs`` calls, printed with the CPU seconds of that call.

    The machine is shared: the best run is the least disturbed, and CPU time (all threads) is
    less sensitive to other load than wall-clock time."""
    best, cpu = float("inf"), 0.0
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        action()
        elapsed = time.perf_counter() - began
        if elapsed < best:
            best, cpu = elapsed, time.process_time() - began_cpu
    suffix = f" (best of {runs})" if runs > 1 else ""
    print(f"{label + suffix:<66}{best:8.3f} s  (CPU {cpu:.3f} s)")
    return best


def _load_holidays() -> None:
    """What the app's engine does at start: read a date in a unit calendar."""
    WorkCalendar().windows_on(NOW.date())


def _time_overview(path: Path) -> None:
    """Server time of the overview page (AppTest, logged in as admin): first run, then the
    median of five warm runs (measures cached per state of the event log)."""
    os.environ["LENTERA_DB"] = str(path)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.text_input[0].input("admin")
    at.text_input[1].input("bench-password")
    at.button[0].click()
    at.run()
    began = time.perf_counter()
    at.switch_page("pages/kepatuhan_ringkasan.py").run()
    first = time.perf_counter() - began
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    warm = []
    for _ in range(5):
        began = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - began)
    print(f"{'overview page (Ringkasan Kepatuhan), first run':<66}{first:8.3f} s")
    print(f"{'overview page, warm (median of 5)':<66}{statistics.median(warm):8.3f} s")
    st.cache_resource.clear()  # release the app's handle on the file


def _pm4py_durations(db: Database) -> tuple[float, pd.DataFrame]:
    """pm4py's per-(SOP, step) n, median and p90 working minutes, and the seconds it took."""
    import pm4py  # AGPL: benchmark only

    frame = (
        db.cursor()
        .execute(
            "SELECT e.record_id::VARCHAR AS case_id, r.sop_id || ':' || "
            "coalesce(e.step_from, 'start') AS activity, e.occurred_at, r.unit "
            "FROM events e JOIN records r ON r.id = e.record_id ORDER BY e.record_id, e.seq"
        )
        .df()
    )
    shift = {
        unit: pd.Timedelta(ZoneInfo(zone).utcoffset(NOW) or timedelta())
        for unit, zone in ZONES.items()
    }
    frame["local"] = frame["occurred_at"] + frame["unit"].map(shift)
    log = pd.DataFrame(
        {
            "case:concept:name": frame["case_id"],
            "concept:name": frame["activity"],
            "time:timestamp": frame["local"],
        }
    )
    slots = [
        (day * 86400 + opening.hour * 3600 + opening.minute * 60,
         day * 86400 + closing.hour * 3600 + closing.minute * 60)
        for day, windows in DEFAULT_WEEKLY.items()
        for opening, closing in windows
    ]  # fmt: skip
    calendar = WorkCalendar()  # national holidays and cuti bersama; zones handled above
    began, began_cpu = time.perf_counter(), time.process_time()
    dfg, _, _ = pm4py.discover_performance_dfg(
        log,
        business_hours=True,
        business_hour_slots=slots,
        workcalendar=calendar,
        perf_aggregation_key="raw_values",
    )
    pooled: dict[str, list[float]] = defaultdict(list)
    for (_, target), seconds in dfg.items():
        pooled[target].extend(seconds)
    rows = []
    for target, seconds in pooled.items():
        minutes = np.asarray(seconds) / 60
        sop_id, step = target.split(":")
        rows.append((sop_id, step, len(minutes), *np.percentile(minutes, [50, 90])))
    elapsed = time.perf_counter() - began
    print(f"pm4py CPU seconds: {time.process_time() - began_cpu:.3f}")
    result = pd.DataFrame(rows, columns=["sop_id", "step", "n", "median_minutes", "p90_minutes"])
    return elapsed, result


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        db = Database(path)
        sync_shipped(db)
        for unit, zone in ZONES.items():
            db.cursor().execute("UPDATE units SET zone = ? WHERE id = ?", [zone, unit])
        began = time.perf_counter()
        count = generate(db)
        print(f"generated {RECORDS:,} records, {count:,} events in "
              f"{time.perf_counter() - began:.1f} s (not timed below)")  # fmt: skip
        db.close()
        db = Database(path)  # a fresh connection: nothing cached in memory
        # A running app has loaded the holiday tables (its engine computes due dates); a fresh
        # process pays for importing them once, timed here and left out of the cold figure.
        _timed("process start: load the Indonesian holiday tables (once)", _load_holidays)
        summary = partial(compliance, db, ("sop_id", "step"), now=NOW)
        cold = _timed("compliance summary by SOP and step, cold (builds work_days)", summary)
        warm = _timed("compliance summary by SOP and step, warm", summary, runs=5)
        ours = summary()
        for label, measure in (
            ("compliance by unit and month", partial(compliance, db, ("unit", "month"), now=NOW)),
            ("bottlenecks (open records, overdue first)", partial(bottlenecks, db, now=NOW)),
            ("lead times against the SOP total standard", partial(lead_times, db, now=NOW)),
            ("rework and first-time-right", partial(rework, db, now=NOW)),
            ("variants", partial(variants, db, now=NOW)),
        ):
            _timed(label, measure, runs=3)
        add_user(db, "admin", "Admin", "bench-password", (Grant("admin"),))
        db.close()
        _time_overview(path)
        db = Database(path)
        theirs_s, theirs = _pm4py_durations(db)
        print(
            f"{'pm4py performance DFG with business hours, pooled per step':<66}{theirs_s:8.3f} s"
        )
        db.close()
    ok = _agree(ours, theirs)
    print(f"speed-up over pm4py: {theirs_s / cold:.1f}x cold, {theirs_s / warm:.1f}x warm "
          f"(targets: summary <= 1 s, >= 10x)")  # fmt: skip
    return 0 if ok else 1


def _agree(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    merged = ours.merge(theirs, on=["sop_id", "step"], suffixes=("", "_pm4py"), how="outer")
    bad = merged[
        (merged["n"] != merged["n_pm4py"])
        | ~np.isclose(merged["median_minutes"], merged["median_minutes_pm4py"], atol=1e-6)
        | ~np.isclose(merged["p90_minutes"], merged["p90_minutes_pm4py"], atol=1e-6)
    ]
    executions = int(merged["n"].sum())
    if bad.empty:
        print(f"agree: {len(merged)} (SOP, step) pairs, {executions:,} completed executions: "
              "same n, median and p90 working minutes (within 1e-6 min)")  # fmt: skip
        return True
    print("DISAGREE on these (SOP, step) pairs:", file=sys.stderr)
    print(bad.to_string(), file=sys.stderr)
    return False


if __name__ == "__main__":
    raise SystemExit(main())
