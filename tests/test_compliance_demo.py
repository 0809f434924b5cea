"""Compliance measures on the demo database (records made by the real engine), checked against
the engine's own view of each record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from argon2 import PasswordHasher

from analytics.compliance import (
    DIMENSIONS,
    Dimension,
    Filters,
    bottlenecks,
    compliance,
    compliance_sets,
    deadline_status,
    legal_deadlines,
    open_by_step,
    rework,
    slowest_steps,
    step_executions,
    use_deadline,
    variants,
)
from analytics.compliance.monitoring import current_semester, monitoring_table, semester
from analytics.compliance.tables import DAYS_AFTER, refresh
from tests.compliance_reference import executions, naive
from workflows import users
from workflows.db import Database
from workflows.demo import seed_demo
from workflows.engine import Engine
from workflows.errors import LenteraError, NotFound
from workflows.registry import ensure_unit
from workflows.units import set_override

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        db = Database(tmp_path_factory.mktemp("demo") / "demo.duckdb")
        seed_demo(db, records=120, now=NOW)
    yield Engine(db)
    db.close()


def test_every_execution_matches_the_reference(demo: Engine) -> None:
    frame = step_executions(demo.db, now=NOW)
    ids = [int(r[0]) for r in demo.db.query("SELECT id FROM records ORDER BY id")]
    reference = [ex for rid in ids for ex in executions(demo, rid, NOW)]
    assert len(frame) == len(reference) > 500
    ref = pd.DataFrame([vars(x) for x in reference])
    assert frame["working_days"].tolist() == ref["working_days"].tolist()
    assert frame["working_minutes"].to_numpy() == pytest.approx(ref["working_minutes"].to_numpy())
    assert frame["late"].astype(object).where(frame["late"].notna(), None).tolist() == (
        ref["late"].tolist()
    )
    assert set(frame["state"]) == {"selesai", "berjalan", "dibatalkan"}


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_every_dimension_accounts_for_every_completed_execution(
    demo: Engine, dimension: str
) -> None:
    frame = compliance(demo.db, (dimension,), now=NOW)  # type: ignore[arg-type]
    executions_done = step_executions(demo.db, now=NOW).query("state == 'selesai'")
    assert frame["n"].sum() == len(executions_done)
    assert frame["judged"].sum() == executions_done["late"].notna().sum()
    rates = frame["compliance_rate"].dropna()
    assert ((rates >= 0) & (rates <= 1)).all()


def test_steps_without_a_standard_are_counted_not_judged(demo: Engine) -> None:
    frame = compliance(demo.db, ("sop_id", "step"), now=NOW)
    medsos = frame[frame["sop_id"] == "cianjur-publikasi-medsos"]
    assert (medsos["n"] > 0).all() and (medsos["judged"] == 0).all()
    assert medsos["compliance_rate"].isna().all()
    serang = frame[frame["sop_id"] == "serang-uji-konsekuensi"].set_index("step")
    assert serang.loc["4", "standard"] == "30 (tiga puluh) hari kerja"
    assert (serang["n"] == serang["judged"]).all()


def test_filters_narrow_the_counted_executions(demo: Engine) -> None:
    every = compliance(demo.db, ("unit",), now=NOW)
    one = compliance(demo.db, ("unit",), filters=Filters(unit="serang-ppid"), now=NOW)
    assert one["unit"].tolist() == ["serang-ppid"]
    assert one["n"].iloc[0] == every.set_index("unit").loc["serang-ppid", "n"]
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)
    quarter = compliance(demo.db, ("month",), filters=Filters(start=start, end=end), now=NOW)
    assert 0 < quarter["n"].sum() < every["n"].sum()
    assert set(quarter["month"]) <= {"2025-12", "2026-01", "2026-02", "2026-03", "2026-04"}
    none = compliance(demo.db, ("sop_id",), filters=Filters(sop_id="tidak-ada"), now=NOW)
    assert none.empty


def test_unknown_dimension_is_refused(demo: Engine) -> None:
    with pytest.raises(ValueError, match="group by one or more of"):
        compliance(demo.db, ("title",), now=NOW)  # type: ignore[arg-type]


def test_bottlenecks_list_every_open_record_overdue_first(demo: Engine) -> None:
    frame = bottlenecks(demo.db, now=NOW)
    open_ids = {
        int(r[0]) for r in demo.db.query("SELECT id FROM records WHERE status = 'berjalan'")
    }
    assert set(frame["record_id"]) == open_ids and len(frame) == len(open_ids)
    overdue = frame["overdue"].tolist()
    assert overdue == sorted(overdue, reverse=True) and any(overdue)
    for row in frame.to_dict("records"):
        record = demo.get(row["record_id"])
        assert row["step"] == record.current_step
        # The engine stored when the step falls due; the SQL must agree on overdue.
        assert record.step_due_at is None or row["overdue"] == (record.step_due_at < NOW)
        if not pd.isna(row["due_at"]) and record.step_due_at is not None:
            assert row["due_at"] == naive(record.step_due_at)
    per_step = open_by_step(demo.db, now=NOW)
    assert per_step["open"].sum() == len(open_ids)
    assert per_step["overdue"].sum() == sum(overdue)


def test_rework_and_variants_follow_the_event_log(demo: Engine) -> None:
    paths: dict[str, dict[str, int]] = {}
    reworked: dict[str, int] = {}
    for (record_id,) in demo.db.query("SELECT id FROM records ORDER BY id"):
        record = demo.get(int(record_id))
        sop = demo.sop_of(record)
        steps = [
            e.step_to
            for e in demo.history(record.id)
            if e.action in ("start", "complete", "decide")
            and e.step_to is not None
            and sop.step(e.step_to).kind != "selesai"
        ]
        looped = len(steps) != len(set(steps))
        reworked[record.sop_id] = reworked.get(record.sop_id, 0) + looped
        if record.status == "selesai":
            counts = paths.setdefault(record.sop_id, {})
            key = "→".join(s for s in steps if s is not None)
            counts[key] = counts.get(key, 0) + 1
    frame = rework(demo.db, now=NOW).set_index("sop_id")
    assert frame["reworked"].to_dict() == reworked
    found = variants(demo.db, now=NOW)
    for sop_id, counts in paths.items():
        mine = found[found["sop_id"] == sop_id]
        assert dict(zip(mine["path"], mine["records"], strict=True)) == counts
        assert mine["share"].sum() == pytest.approx(1.0)


def test_legal_deadline_tracks_a_step_in_working_days(demo: Engine) -> None:
    assert set(legal_deadlines(demo.db)["id"]) == {"uu14-permohonan", "uu14-keberatan"}
    use_deadline(demo.db, "uu14-permohonan", "serang-uji-konsekuensi", "1", "1")
    frame = deadline_status(demo.db, now=NOW)
    assert len(frame) > 0
    calendar = demo.calendar("serang-ppid")
    for row in frame.to_dict("records"):
        started = row["started_at"].replace(tzinfo=UTC)
        deadline = calendar.add_working_days(started, 10)
        extended = calendar.add_working_days(started, 17)
        assert row["deadline_at"] == naive(deadline) and row["extended_at"] == naive(extended)
        stopped = row["stopped_at"]
        if stopped is pd.NaT or pd.isna(stopped):
            assert row["status"] == ("lewat_batas" if extended < NOW else "berjalan")
        elif stopped.replace(tzinfo=UTC) <= deadline:
            assert row["status"] == "tepat_waktu"
        else:
            assert row["status"] in ("dalam_perpanjangan", "terlambat")
    with pytest.raises(NotFound, match="no step 99"):
        use_deadline(demo.db, "uu14-permohonan", "serang-uji-konsekuensi", "1", "99")


def test_a_closed_day_changes_the_measures(tmp_path: Path, demo: Engine) -> None:
    """Overrides are picked up: closing a working day removes its minutes from durations."""
    before = step_executions(demo.db, now=NOW)
    row = before[(before["working_days"] >= 2) & (before["unit"] == "kpu-cianjur")].iloc[0]
    day = (row["ready_at"] + pd.Timedelta(days=1)).date()
    calendar = demo.calendar("kpu-cianjur")
    while not calendar.is_working_day(day):
        day = date.fromordinal(day.toordinal() + 1)
    set_override(demo.db, "kpu-cianjur", day, (), actor="test")
    try:
        after = step_executions(demo.db, now=NOW).set_index(["record_id", "seq"])
        changed = after.loc[(row["record_id"], row["seq"])]
        assert changed["working_days"] == row["working_days"] - 1
        assert changed["working_minutes"] < row["working_minutes"]
    finally:
        demo.db.cursor().execute("DELETE FROM calendar_overrides WHERE unit = 'kpu-cianjur'")


def test_a_zone_with_daylight_saving_is_refused(tmp_path: Path) -> None:
    db = Database(tmp_path / "dst.duckdb")
    ensure_unit(db, "kantor-eropa", "Kantor", zone="Europe/Amsterdam")
    with pytest.raises(LenteraError, match="fixed offset"):
        step_executions(db, now=NOW)
    db.close()


def test_semester_bounds_are_local_half_years() -> None:
    start, end = semester(2026, 1)
    assert (start, end) == (datetime(2025, 12, 31, 17, 0, tzinfo=UTC),
                            datetime(2026, 6, 30, 17, 0, tzinfo=UTC))  # fmt: skip
    assert semester(2026, 2, "Asia/Jayapura")[1] == datetime(2026, 12, 31, 15, 0, tzinfo=UTC)
    assert current_semester(date(2026, 11, 21)) == (2026, 2)
    with pytest.raises(ValueError, match="1 or 2"):
        semester(2026, 3)


def test_monitoring_table_follows_the_threshold(demo: Engine) -> None:
    start, end = semester(2026, 1)
    period = Filters(start=start, end=end)
    rates = compliance(demo.db, ("sop_id",), filters=period, now=NOW).set_index("sop_id")
    table = monitoring_table(demo.db, period, 0.7, now=NOW).set_index("Prosedur")
    assert list(table.columns) == ["No", "Penilaian", "Catatan",
                                   "Tindakan yang harus diambil", "Paraf penilai"]  # fmt: skip
    titles = {sop_id: demo.sop(sop_id, 1).identity.nama for sop_id in rates.index}
    for sop_id, title in titles.items():
        rate = rates.loc[sop_id, "compliance_rate"]
        expected = (
            "Belum dapat dinilai" if pd.isna(rate)
            else "Berjalan dengan baik" if rate >= 0.7 else "Tidak berjalan dengan baik"
        )  # fmt: skip
        assert table.loc[title, "Penilaian"] == expected
        if not pd.isna(rate):
            assert f"{100 * rate:.1f}%".replace(".", ",") in str(table.loc[title, "Catatan"])
    assert (table["Paraf penilai"] == "").all()
    english = monitoring_table(demo.db, period, 0.0, lang="en", now=NOW)
    assert set(english["Assessment"]) <= {"Running well", "Cannot be assessed yet"}
    with pytest.raises(ValueError, match="between 0 and 1"):
        monitoring_table(demo.db, period, 80, now=NOW)


def test_grouping_sets_equal_separate_groupings(demo: Engine) -> None:
    sets: list[tuple[Dimension, ...]] = [("sop_id", "step"), ("month",), ("unit", "role")]
    together = compliance_sets(demo.db, sets, now=NOW)
    for by, frame in zip(sets, together, strict=True):
        pd.testing.assert_frame_equal(frame, compliance(demo.db, by, now=NOW))


def test_slowest_step_is_the_longest_median_among_judged_steps(demo: Engine) -> None:
    steps = compliance(demo.db, ("sop_id", "step"), now=NOW)
    slowest = slowest_steps(steps)
    judged = steps[steps["judged"] > 0]
    assert sorted(slowest["sop_id"]) == sorted(judged["sop_id"].unique())
    assert "cianjur-publikasi-medsos" not in set(slowest["sop_id"])  # no standard: never slowest
    for row in slowest.to_dict("records"):
        mine = judged[judged["sop_id"] == row["sop_id"]]
        assert row["median_minutes"] == mine["median_minutes"].max()
        assert row["step"] in set(mine["step"]) and row["judged"] > 0


def test_work_days_span_whole_months_and_quarters_so_a_new_day_rebuilds_nothing(
    demo: Engine,
) -> None:
    refresh(demo.db, NOW)
    first, last, newest = demo.db.query(
        "SELECT min(day), max(day), (SELECT max(occurred_at) FROM events) FROM work_days"
    )[0]
    assert first.day == 1 and last.month in (3, 6, 9, 12) and (last + timedelta(days=1)).day == 1
    assert last >= max(newest.date(), NOW.date()) + timedelta(days=DAYS_AFTER)
    fingerprint = demo.db.setting("compliance_calendar")
    refresh(demo.db, NOW + timedelta(days=1))  # the next day, same quarter: no rebuild
    assert demo.db.setting("compliance_calendar") == fingerprint
