"""Benchmark: record transitions per second on a file database, one thread and four threads.

Every transition is a full engine action: role check, SOP transition, due time from the unit's
calendar, the SHA-256 chained event and the compare-and-set of the record, in one transaction.
Run with ``make bench``.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from workflows.audit import verify
from workflows.db import Database
from workflows.engine import Engine
from workflows.registry import sync_shipped
from workflows.users import Grant, add_user

UNIT = "cirebon-diskominfo"
PER_THREAD = 600


def _run(engine: Engine, username: str, transitions: int) -> None:
    """Start Cirebon polling records and complete steps 1-2 (three transitions each)."""
    done = 0
    while done < transitions:
        record = engine.start(username, "cirebon-polling", "Bench")
        record = engine.advance(username, record.id, record.version)
        engine.advance(username, record.id, record.version)
        done += 3


def _advance_only(engine: Engine, username: str, transitions: int) -> None:
    """Complete steps 1-2 of records started beforehand (untimed): step advances only."""
    started = [engine.start(username, "cirebon-polling", "Bench") for _ in range(transitions // 2)]
    began = time.perf_counter()
    for record in started:
        record = engine.advance(username, record.id, record.version)
        engine.advance(username, record.id, record.version)
    _ADVANCE_SECONDS[username] = time.perf_counter() - began


_ADVANCE_SECONDS: dict[str, float] = {}


def _measure(engine: Engine, threads: int, work: Callable[[Engine, str, int], None]) -> float:
    """Transitions per second of ``threads`` threads doing ``work`` at the same time."""
    _ADVANCE_SECONDS.clear()
    workers = [
        threading.Thread(target=work, args=(engine, f"bench{i}", PER_THREAD))
        for i in range(threads)
    ]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = max(_ADVANCE_SECONDS.values(), default=time.perf_counter() - began)
    return threads * PER_THREAD / seconds


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.duckdb")
        sync_shipped(db)
        for i in range(4):
            add_user(db, f"bench{i}", f"Bench {i}", "bench-password",
                     (Grant("pemantau_opini_publik", UNIT),))  # fmt: skip
        engine = Engine(db)
        _run(engine, "bench0", 60)  # warm caches: SOP, calendar, holidays
        figures = {
            "start + 2 advances, 1 thread ": _measure(engine, 1, _run),
            "start + 2 advances, 4 threads": _measure(engine, 4, _run),
            "advances only,      1 thread ": _measure(engine, 1, _advance_only),
            "advances only,      4 threads": _measure(engine, 4, _advance_only),
        }
        report = verify(db)
        for label, per_second in figures.items():
            print(f"transitions/s, {label}: {per_second:6.0f}")
        print(f"audit chain after the run: {report.events} events, ok={report.ok}")
        print(f"floor: bare BEGIN + INSERT event + UPDATE record + COMMIT: {_floor(db):6.0f}/s")
        db.close()


def _floor(db: Database, rounds: int = 600) -> float:
    """Transactions/s of the engine's two writes alone, on copies of its tables in this file:
    what DuckDB allows before any Python, hashing or checks."""
    cur = db.cursor()
    cur.execute("CREATE TABLE floor_events AS SELECT * FROM events")
    cur.execute("ALTER TABLE floor_events ADD PRIMARY KEY (record_id, seq)")
    cur.execute("CREATE TABLE floor_records AS SELECT * FROM records")
    cur.execute("ALTER TABLE floor_records ADD PRIMARY KEY (id)")
    event = cur.execute("SELECT * FROM events ORDER BY record_id, seq LIMIT 1").fetchall()[0]
    record_id = int(event[0])
    cur.execute("UPDATE floor_records SET version = 10000 WHERE id = ?", [record_id])
    began = time.perf_counter()
    for seq in range(10_000, 10_000 + rounds):
        cur.execute("BEGIN TRANSACTION")
        cur.execute(
            "INSERT INTO floor_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record_id, seq, *event[2:]],
        )
        updated = cur.execute(
            "UPDATE floor_records SET version = ?, last_hash = ?, updated_at = ? "
            "WHERE id = ? AND version = ?",
            [seq + 1, event[12], event[2], record_id, seq],
        ).fetchall()
        assert updated[0][0] == 1
        cur.execute("COMMIT")
    return rounds / (time.perf_counter() - began)


if __name__ == "__main__":
    main()
