"""The record engine on the real SOP definitions: transitions, roles, versions, due times."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from tests.conftest import PASSWORD, POLLING_UNIT, Clock
from workflows.catalog import shipped_sops
from workflows.db import Database
from workflows.engine import Decision, Engine, Record
from workflows.errors import (
    InvalidTransition,
    NotFound,
    RecordClosed,
    RoleNotAllowed,
    StaleVersion,
    StepNotReady,
)
from workflows.sop import Sop
from workflows.users import Grant, add_user, set_active, set_grants

pytestmark = pytest.mark.usefixtures("polling_users")


def _counts(db: Database) -> tuple[int, int]:
    return db.query("SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM events)")[0]


def _to_step(engine: Engine, clock: Clock, record: Record, step: str) -> Record:
    """Advance the polling record along the happy path until it is at ``step``."""
    actors = {"1": "pemantau", "2": "pemantau", "3": "kasi", "4": "kabid", "5": "kasi",
              "6": "pemantau", "7": "pemantau", "8": "kasi", "9": "pemantau"}  # fmt: skip
    while record.current_step != step:
        clock.tick(minutes=3)
        current = record.current_step or ""
        decision: Decision | None = "ya" if current == "4" else None
        record = engine.advance(actors[current], record.id, record.version, decision=decision)
    return record


def test_start_sets_first_step_and_due_time_in_working_minutes(engine: Engine) -> None:
    record = engine.start("pemantau", "cirebon-polling", "Polling kepuasan layanan")
    assert (record.status, record.current_step, record.version) == ("berjalan", "1", 1)
    assert record.step_due_at == datetime(2025, 3, 24, 1, 5, tzinfo=UTC)  # 08:05 WIB
    assert record.unit == POLLING_UNIT
    [event] = engine.history(record.id)
    assert (event.action, event.step_to, event.payload["sop_id"]) == (
        "start",
        "1",
        "cirebon-polling",
    )
    assert engine.get(record.id) == record


def test_due_time_skips_breaks_and_weekends(engine: Engine, clock: Clock) -> None:
    clock.now = datetime(2025, 3, 28, 9, 28, tzinfo=UTC)  # Friday 16:28 WIB
    record = engine.start("pemantau", "cirebon-polling", "Akhir pekan")
    # Friday 28 March is cuti bersama (Nyepi): the clock stands still until Tuesday 8 April,
    # after Idul Fitri and its cuti bersama.
    assert record.step_due_at == datetime(2025, 4, 8, 0, 35, tzinfo=UTC)


def test_happy_path_completes_the_polling_record(engine: Engine, clock: Clock) -> None:
    record = engine.start("pemantau", "cirebon-polling", "Polling")
    record = _to_step(engine, clock, record, "7")
    clock.now = record.step_ready_at or clock.now
    record = _to_step(engine, clock, record, "9")
    record = engine.advance("pemantau", record.id, record.version)
    assert (record.status, record.current_step, record.step_due_at) == ("selesai", None, None)
    assert [e.seq for e in engine.history(record.id)] == list(range(1, 11))


def test_tidak_needs_a_note_and_returns_the_draft_to_the_kasi(
    engine: Engine, clock: Clock, db: Database
) -> None:
    record = _to_step(engine, clock, engine.start("pemantau", "cirebon-polling", "P"), "4")
    before = _counts(db)
    with pytest.raises(InvalidTransition, match="needs a note"):
        engine.advance("kabid", record.id, record.version, decision="tidak", note="  ")
    with pytest.raises(InvalidTransition, match="is a decision"):
        engine.advance("kabid", record.id, record.version)
    assert _counts(db) == before
    record = engine.advance("kabid", record.id, record.version, decision="tidak", note="Revisi")
    assert record.current_step == "3"
    last = engine.history(record.id)[-1]
    assert (last.action, last.decision, last.note, last.step_from) == (
        "decide",
        "tidak",
        "Revisi",
        "4",
    )


def test_decision_on_a_process_step_is_refused(engine: Engine) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    with pytest.raises(InvalidTransition, match="not a decision"):
        engine.advance("pemantau", record.id, record.version, decision="ya")


@pytest.mark.parametrize("username", ["kasi", "kabid", "outsider", "admin"])
def test_a_role_acting_on_a_step_that_is_not_theirs_writes_nothing(
    engine: Engine, db: Database, username: str
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    before = _counts(db)
    with pytest.raises(RoleNotAllowed, match="pemantau_opini_publik"):
        engine.advance(username, record.id, record.version)
    assert _counts(db) == before
    assert engine.get(record.id) == record


def test_starting_needs_the_first_steps_role_in_the_unit(engine: Engine, db: Database) -> None:
    with pytest.raises(RoleNotAllowed):
        engine.start("kasi", "cirebon-polling", "P")
    with pytest.raises(InvalidTransition, match="title"):
        engine.start("pemantau", "cirebon-polling", "   ")
    with pytest.raises(NotFound):
        engine.start("pemantau", "no-such-sop", "P")
    assert _counts(db) == (0, 0)


def test_writes_within_a_start_share_its_transaction(engine: Engine, db: Database) -> None:
    def refuse(tx: duckdb.DuckDBPyConnection, record: Record) -> None:
        seen = tx.execute("SELECT title FROM records WHERE id = ?", [record.id]).fetchall()
        assert seen == [("P",)]  # the record is written before ``within`` runs
        raise InvalidTransition("the linked item was reviewed meanwhile")

    with pytest.raises(InvalidTransition, match="reviewed meanwhile"):
        engine.start("pemantau", "cirebon-polling", "P", within=refuse)
    assert _counts(db) == (0, 0)
    record = engine.start("pemantau", "cirebon-polling", "P", within=lambda tx, r: None)
    assert _counts(db) == (1, 1) and engine.get(record.id) == record


def test_stale_version_is_refused_and_names_who_changed_it(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    engine.advance("pemantau", record.id, record.version)
    before = _counts(db)
    with pytest.raises(StaleVersion, match="changed by pemantau") as caught:
        engine.advance("pemantau", record.id, record.version)
    assert (caught.value.seen, caught.value.current, caught.value.changed_by) == (1, 2, "pemantau")
    assert _counts(db) == before


def test_a_second_engine_on_the_same_file_sees_the_first_ones_change(
    engine: Engine, db: Database, clock: Clock
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    other = Engine(db, clock=clock)
    other.advance("pemantau", record.id, record.version)
    before = _counts(db)
    with pytest.raises(StaleVersion, match="changed by pemantau"):
        engine.advance("pemantau", record.id, record.version)
    assert _counts(db) == before


def test_a_revoked_grant_takes_effect_at_once(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    set_grants(db, "pemantau", (Grant("kasi_pengelolaan_opini_publik", POLLING_UNIT),))
    before = _counts(db)
    with pytest.raises(RoleNotAllowed, match="pemantau_opini_publik"):
        engine.advance("pemantau", record.id, record.version)
    assert _counts(db) == before


def test_a_new_grant_takes_effect_at_once(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    record = engine.advance("pemantau", record.id, record.version)
    record = engine.advance("pemantau", record.id, record.version)
    with pytest.raises(RoleNotAllowed):
        engine.advance("pemantau", record.id, record.version)
    set_grants(db, "pemantau", (Grant("pemantau_opini_publik", POLLING_UNIT),
                                Grant("kasi_pengelolaan_opini_publik", POLLING_UNIT)))  # fmt: skip
    assert engine.advance("pemantau", record.id, record.version).current_step == "4"


def test_a_deactivated_user_can_no_longer_act(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    set_active(db, "pemantau", active=False)
    before = _counts(db)
    with pytest.raises(NotFound, match="no active user 'pemantau'"):
        engine.advance("pemantau", record.id, record.version)
    assert _counts(db) == before


def test_waiting_period_before_polling_analysis(engine: Engine, clock: Clock) -> None:
    record = _to_step(engine, clock, engine.start("pemantau", "cirebon-polling", "P"), "7")
    assert record.step_ready_at is not None and record.step_due_at is not None
    assert record.step_ready_at.astimezone(UTC).date().isoformat() == "2025-04-24"
    with pytest.raises(StepNotReady) as caught:
        engine.advance("pemantau", record.id, record.version)
    assert caught.value.ready_at == record.step_ready_at
    clock.now = record.step_ready_at
    assert engine.advance("pemantau", record.id, record.version).current_step == "8"


def test_reassign_hands_the_step_to_one_holder(engine: Engine, clock: Clock) -> None:
    record = _to_step(engine, clock, engine.start("pemantau", "cirebon-polling", "P"), "3")
    with pytest.raises(RoleNotAllowed, match="does not hold"):
        engine.reassign("kasi", record.id, record.version, "kabid")
    record = engine.reassign("kasi", record.id, record.version, "kasi2", "Cuti")
    with pytest.raises(RoleNotAllowed, match="assigned to kasi2"):
        engine.advance("kasi", record.id, record.version)
    record = engine.advance("kasi2", record.id, record.version)
    assert (record.current_step, record.assignee) == ("4", None)


def test_attach_records_an_output_reference(engine: Engine) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    reference = {"sha256": "ab" * 32, "name": "rencana.pdf", "size": 1234}
    record = engine.attach("pemantau", record.id, record.version, reference)
    assert (record.current_step, record.version) == ("1", 2)
    assert engine.history(record.id)[-1].payload == {"output": reference}


def test_cancel_needs_a_reason_and_closes_the_record(engine: Engine, db: Database) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    with pytest.raises(InvalidTransition, match="reason"):
        engine.cancel("admin", record.id, record.version, "")
    with pytest.raises(RoleNotAllowed):
        engine.cancel("outsider", record.id, record.version, "Tidak perlu")
    record = engine.cancel("admin", record.id, record.version, "Tidak jadi")
    assert record.status == "dibatalkan"
    with pytest.raises(RecordClosed):
        engine.advance("pemantau", record.id, record.version)


def test_unknown_record(engine: Engine) -> None:
    with pytest.raises(NotFound, match="no record 999"):
        engine.advance("pemantau", 999, 1)


def _holders(db: Database, sop: Sop) -> dict[str, str]:
    names = {}
    for role in sop.roles:
        name = f"u.{role}"[:32]
        add_user(db, name, role, PASSWORD, (Grant(role, sop.unit),))
        names[role] = name
    return names


@pytest.mark.parametrize("sop", shipped_sops(), ids=lambda s: s.id)
def test_every_shipped_sop_runs_to_the_end_on_its_yes_path(
    db: Database, engine: Engine, clock: Clock, sop: Sop
) -> None:
    holders = _holders(db, sop)
    first_role = sop.first.role or ""
    record = engine.start(holders[first_role], sop.id, f"Uji {sop.id}")
    visited = []
    while record.status == "berjalan":
        step = sop.step(record.current_step or "")
        visited.append(step.no)
        clock.now = max(clock.tick(minutes=10), record.step_ready_at or clock.now)
        decision: Decision | None = "ya" if step.kind == "keputusan" else None
        record = engine.advance(holders[step.role or ""], record.id, record.version,
                                decision=decision)  # fmt: skip
    assert record.status == "selesai"
    assert visited[0] == sop.first.no and len(set(visited)) == len(visited)
