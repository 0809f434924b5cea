"""Benchmark: record transitions per second on a file database, one thread and four threads.

Every transition is a full engine action: role check, SOP transition, due time from the unit's
calendar, the SHA-256 chained event and the compare-and-set of the record, in one transaction.
Run with ``make bench``.
"""

from __future__ import annotations

import tempfile
import threading
import time
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


def _measure(engine: Engine, threads: int) -> float:
    workers = [
        threading.Thread(target=_run, args=(engine, f"bench{i}", PER_THREAD))
        for i in range(threads)
    ]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return threads * PER_THREAD / (time.perf_counter() - began)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.duckdb")
        sync_shipped(db)
        for i in range(4):
            add_user(db, f"bench{i}", f"Bench {i}", "bench-password",
                     (Grant("pemantau_opini_publik", UNIT),))  # fmt: skip
        engine = Engine(db)
        _run(engine, "bench0", 60)  # warm caches: SOP, calendar, holidays
        single = _measure(engine, 1)
        four = _measure(engine, 4)
        report = verify(db)
        print(f"transitions/s, 1 thread : {single:8.0f}")
        print(f"transitions/s, 4 threads: {four:8.0f}")
        print(f"audit chain after the run: {report.events} events, ok={report.ok}")
        db.close()


if __name__ == "__main__":
    main()
