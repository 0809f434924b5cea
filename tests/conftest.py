"""Fixtures over real DuckDB files, the shipped SOP definitions and the real calendar."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from argon2 import PasswordHasher

from workflows import users
from workflows.db import Database
from workflows.engine import Engine
from workflows.registry import sync_shipped
from workflows.users import Grant, add_user

POLLING_UNIT = "cirebon-diskominfo"
PASSWORD = "rahasia-123"


@dataclass
class Clock:
    """A settable application clock (aware UTC)."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lentera.duckdb"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(db_path)
    sync_shipped(database)
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    # Monday 24 March 2025, 08:00 WIB
    return Clock(datetime(2025, 3, 24, 1, 0, tzinfo=UTC))


@pytest.fixture
def engine(db: Database, clock: Clock) -> Engine:
    return Engine(db, clock=clock)


@pytest.fixture
def polling_users(db: Database) -> dict[str, str]:
    """Role holders of the Cirebon polling SOP (two Kasi, for reassignment)."""
    people = {
        "pemantau": "pemantau_opini_publik",
        "kasi": "kasi_pengelolaan_opini_publik",
        "kasi2": "kasi_pengelolaan_opini_publik",
        "kabid": "kabid_pengelolaan_informasi_publik",
    }
    for username, role in people.items():
        add_user(db, username, username.title(), PASSWORD, (Grant(role, POLLING_UNIT),))
    add_user(db, "outsider", "Kasi elsewhere", PASSWORD,
             (Grant("kasi_pengelolaan_opini_publik", "kpu-cianjur"),))  # fmt: skip
    add_user(db, "admin", "Admin", PASSWORD, (Grant("admin"),))
    return people


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2 with small cost parameters, so fixtures that create users stay fast."""
    monkeypatch.setattr(
        users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """AppTest runs share the process: drop the cached database (closing it) around each test."""
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()
