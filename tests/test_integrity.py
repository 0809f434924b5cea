"""Concurrency, crashes and tampering: the store stays consistent and the audit chain tells."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from workflows.audit import verify
from workflows.db import MIGRATIONS, Database
from workflows.engine import Engine
from workflows.errors import DatabaseLocked, StaleVersion

uses_polling_users = pytest.mark.usefixtures("polling_users")


@uses_polling_users
def test_eight_threads_advancing_one_record_exactly_one_wins(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "Balapan")
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def advance() -> None:
        barrier.wait()
        try:
            engine.advance("pemantau", record.id, record.version)
            outcomes.append("ok")
        except StaleVersion:
            outcomes.append("stale")

    threads = [threading.Thread(target=advance) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["stale"] * 7
    assert engine.get(record.id).version == 2
    assert [e.seq for e in engine.history(record.id)] == [1, 2]
    assert verify(db).ok


_WORKER = """
import sys
from workflows.db import Database
from workflows.engine import Engine

db = Database(sys.argv[1])
engine = Engine(db)
print("ready", flush=True)
while True:
    record = engine.start("pemantau", "cirebon-polling", "Loop")
    record = engine.advance("pemantau", record.id, record.version)
    record = engine.advance("pemantau", record.id, record.version)
"""


@uses_polling_users
def test_sigkill_mid_loop_leaves_no_half_advanced_record(db: Database, db_path: Path) -> None:
    db.close()
    with subprocess.Popen(
        [sys.executable, "-c", _WORKER, str(db_path)],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    ) as worker:
        try:
            assert worker.stdout is not None and worker.stdout.readline().strip() == b"ready"
            time.sleep(1.5)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
    reopened = Database(db_path)
    report = verify(reopened)
    assert report.ok, report.problems
    assert report.events > 10
    mismatched = reopened.query(
        "SELECT r.id FROM records r JOIN (SELECT record_id, max(seq) AS last FROM events "
        "GROUP BY record_id) e ON e.record_id = r.id WHERE e.last <> r.version"
    )
    assert mismatched == []
    reopened.close()


@uses_polling_users
def test_the_event_log_refuses_updates_and_deletes(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    for statement in ("UPDATE events SET note = 'x'", "DELETE FROM events"):
        with pytest.raises(duckdb.InvalidInputException, match="append-only"):
            db.cursor().execute(statement)
    assert [e.seq for e in engine.history(record.id)] == [1]


LOGS = [
    pytest.param(
        "admin log",
        "INSERT INTO admin_log VALUES (1, now(), 'admin', 'add_user', 'x', '{}')",
        "UPDATE admin_log SET actor = 'x'",
        "DELETE FROM admin_log",
        "SELECT count(*) FROM admin_log",
        id="admin_log",
    ),
    pytest.param(
        "DIP review log",
        "INSERT INTO dip_reviews VALUES (1, now(), 'ppid', 'terima', 't', 'berkala', 't', "
        "'berkala', 1)",
        "UPDATE dip_reviews SET reviewer = 'x'",
        "DELETE FROM dip_reviews",
        "SELECT count(*) FROM dip_reviews",
        id="dip_reviews",
    ),
]


@pytest.mark.parametrize(("what", "insert", "update", "delete", "count"), LOGS)
def test_the_admin_and_dip_review_logs_refuse_updates_and_deletes(
    db: Database, what: str, insert: str, update: str, delete: str, count: str
) -> None:
    cur = db.cursor()
    cur.execute(insert)
    for verb, statement in (("update", update), ("delete", delete)):
        with pytest.raises(
            duckdb.InvalidInputException, match=f"the {what} is append-only: {verb}"
        ):
            cur.execute(statement)
    assert cur.execute(count).fetchall() == [(1,)]


def _tamper(db: Database, *statements: str) -> list[str]:
    cur = db.cursor()
    cur.execute("DROP TRIGGER events_no_update ON events")
    cur.execute("DROP TRIGGER events_no_delete ON events")
    for statement in statements:
        cur.execute(statement)
    return verify(db).problems


@uses_polling_users
@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (("UPDATE events SET note = 'diubah' WHERE seq = 2",), "event 2 was altered"),
        (("DELETE FROM events WHERE seq = 3",), "event 3 is missing"),
        (("DELETE FROM events WHERE seq = 4",), "chain ends at event 3"),
        (("UPDATE records SET version = 9",), "at version 9"),
        (("DELETE FROM records",), "events exist but the record does not"),
        (("DELETE FROM events",), "has no events"),
    ],
    ids=["edited", "gap", "truncated", "record-edited", "record-deleted", "events-deleted"],
)
def test_verify_detects_tampering(
    engine: Engine, db: Database, statements: tuple[str, ...], expected: str
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    for _ in range(3):
        record = engine.advance(record.updated_by if record.current_step != "3" else "kasi",
                                record.id, record.version)  # fmt: skip
    assert verify(db).ok
    problems = _tamper(db, *statements)
    assert any(expected in problem for problem in problems), problems


def test_a_second_process_gets_a_clear_locked_message(db_path: Path) -> None:
    holder = Database(db_path)
    probe = subprocess.run(
        [sys.executable, "-m", "workflows.cli", "audit", "verify", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        check=False,
    )
    holder.close()
    assert probe.returncode == 2
    assert "is in use by another process" in probe.stderr
    assert "Traceback" not in probe.stderr


def test_locked_error_is_typed(db_path: Path) -> None:
    script = (
        f"import duckdb, time; c = duckdb.connect({str(db_path)!r}); "
        "print('held', flush=True); time.sleep(30)"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
            with pytest.raises(DatabaseLocked, match=f"PID {holder.pid}"):
                Database(db_path)
        finally:
            holder.kill()
            holder.wait()


def test_migrations_are_versioned_and_idempotent(db: Database, db_path: Path) -> None:
    assert db.schema_version() == MIGRATIONS[-1][0]
    assert db.migrate() == []
    db.close()
    assert Database(db_path).migrate() == []
