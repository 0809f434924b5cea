"""The issue's "done": the demo role holders carry a record of each of the six SOPs from start to
end through the app's pages (AppTest), one logged-in session per demo user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.test_app import APP, log_in
from ui.db import DB_ENV
from ui.db import engine as app_engine
from workflows.catalog import shipped_sops
from workflows.db import Database
from workflows.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo
from workflows.sop import Sop


@dataclass
class Clock:
    """The app engine's clock: a day passes with every reading; the test skips waiting periods."""

    now: datetime

    def __call__(self) -> datetime:
        self.now += timedelta(days=1)
        return self.now


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    db = Database(path)
    try:
        seed_demo(db, records=0)
    finally:
        db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def holder(role: str, unit: str) -> str:
    (name,) = [u for u, _, r, un in DEMO_USERS if r == role and un == unit]
    return name


@pytest.mark.parametrize("sop", shipped_sops(), ids=lambda sop: sop.id)
def test_demo_users_carry_a_record_from_start_to_end(demo_db: Path, sop: Sop) -> None:
    sessions: dict[str, AppTest] = {}

    def session(username: str) -> AppTest:
        if username not in sessions:
            at = AppTest.from_file(APP, default_timeout=30)
            at.run()
            sessions[username] = log_in(at, username, DEMO_PASSWORD)
        return sessions[username]

    starter = session(holder(sop.first.role or "", sop.unit))
    engine = app_engine()
    clock = Clock(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))
    engine.clock = clock
    starter.switch_page("pages/rekaman_baru.py").run()
    (choice,) = [s for s in starter.selectbox if s.label == "SOP"]
    choice.select(sop.id).run()
    next(t for t in starter.text_input if t.label == "Judul rekaman").input(f"Uji {sop.id}")
    next(b for b in starter.button if b.label == "Mulai rekaman").click()
    starter.run()
    assert not starter.exception, [e.value for e in starter.exception]
    (created,) = [s.value for s in starter.success]
    record_id = int(created.split("#")[1].split()[0])

    visited: list[str] = []
    for _ in range(40):
        record = engine.get(record_id)
        if record.status != "berjalan":
            break
        step = sop.step(record.current_step or "")
        visited.append(step.no)
        if record.step_ready_at is not None:  # a waiting period (the polling runs a month)
            clock.now = max(clock.now, record.step_ready_at)
        at = session(holder(step.role or "", record.unit))
        at.query_params["id"] = str(record_id)
        at.switch_page("pages/rekaman.py").run()
        label = "Ya" if step.kind == "keputusan" else "Selesaikan langkah"
        buttons = [b for b in at.button if b.label == label]
        assert buttons, (sop.id, step.no, [b.label for b in at.button], [i.value for i in at.info])
        buttons[0].click()
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert [s.value for s in at.success] == ["Tersimpan."], [e.value for e in at.error]
    assert engine.get(record_id).status == "selesai"
    assert visited[0] == sop.first.no
    assert len(visited) >= 3
