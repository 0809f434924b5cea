"""The compliance pages through AppTest on a demo database (records made by the real engine)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import streamlit as st
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from analytics.compliance import Filters, compliance, slowest_steps
from tests.test_app import APP, log_in
from ui import session, shell
from ui.compliance import WIB, data_stamp
from ui.db import DB_ENV, _open
from workflows import users
from workflows.db import Database, utcnow
from workflows.demo import DEMO_PASSWORD, seed_demo
from workflows.engine import Engine

OVERVIEW = "pages/kepatuhan_ringkasan.py"
PER_SOP = "pages/kepatuhan_sop.py"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "seeded.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        db = Database(path)
        seed_demo(db, records=80)
        db.close()
    return path


@pytest.fixture
def demo_file(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "lentera.duckdb"
    shutil.copy(seeded, path)
    monkeypatch.setenv(DB_ENV, str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def open_as(username: str, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    log_in(at, username, DEMO_PASSWORD)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def frames(at: AppTest) -> list[str]:
    return [repr(df.value) for df in at.dataframe]


def test_leaders_see_the_pages_in_their_menu(demo_file: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    log_in(at, "kabid.informasi", DEMO_PASSWORD)
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert "Ringkasan Kepatuhan" in labels and "Kepatuhan per SOP" in labels
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    log_in(at, "pemantau", DEMO_PASSWORD)
    labels = [link.proto.label for link in at.sidebar.get("page_link")]
    assert "Ringkasan Kepatuhan" not in labels


def test_a_deep_link_by_staff_is_refused(demo_file: Path) -> None:
    """The page file run directly (a deep link on a fresh server) still checks the role."""
    at = AppTest.from_file(str(Path(APP).parent / OVERVIEW), default_timeout=60)
    at.session_state[shell.ENTERED_KEY] = True  # as if app.py ran it
    at.session_state[session.USER_KEY] = "pemantau"
    at.session_state[session.SEEN_KEY] = utcnow()
    at.run()
    assert at.error and at.error[0].value.startswith("Halaman ini hanya untuk pemegang peran")
    assert not at.metric and not at.dataframe


def test_overview_shows_kpis_trend_worst_steps_and_waiting(demo_file: Path) -> None:
    at = open_as("admin", OVERVIEW)
    assert [t.value for t in at.title] == ["Ringkasan Kepatuhan"]
    metrics = {m.label: m.value for m in at.metric}
    assert set(metrics) == {"Kepatuhan waktu", "Langkah dinilai", "Rekaman lewat tenggat",
                            "Tepat pertama kali"}  # fmt: skip
    assert metrics["Kepatuhan waktu"].endswith("%") and int(metrics["Langkah dinilai"]) > 0
    (chart,) = [e for e in at.main if "vega" in e.type]
    assert '"month"' in chart.proto.spec
    worst, slowest, waiting = at.dataframe
    assert len(worst.value) == 10 and "Kepatuhan (%)" in worst.value.columns
    assert len(slowest.value) > 0 and slowest.value["SOP"].is_unique
    assert len(waiting.value) > 0


def test_overview_names_the_slowest_step_of_each_sop(demo_file: Path, tmp_path: Path) -> None:
    """The table agrees with the analytics function on the same data and default period."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_file, copy)
    moment = utcnow().replace(second=0, microsecond=0)
    today = moment.astimezone(WIB).date()
    period = Filters(
        start=datetime.combine(today - timedelta(days=365), time(), tzinfo=WIB),
        end=datetime.combine(today + timedelta(days=1), time(), tzinfo=WIB),
    )
    db = Database(copy)
    try:
        expected = slowest_steps(compliance(db, ("sop_id", "step"), filters=period, now=moment))
    finally:
        db.close()
    at = open_as("admin", OVERVIEW)
    shown = at.dataframe[1].value
    assert at.subheader[2].value == "Langkah paling lambat tiap SOP"
    assert list(zip(shown["SOP"], shown["Langkah"], strict=True)) == list(
        zip(expected["sop_id"], expected["step"], strict=True)
    )
    assert len(shown) >= 4  # every demo SOP with a standard time has completed steps


def test_cached_figures_and_drill_down_follow_new_events(demo_file: Path) -> None:
    """A new event changes the cache key, so the next run recomputes instead of reusing."""
    at = open_as("admin", PER_SOP)
    at.selectbox(key="per_sop_pick").select("cirebon-polling").run()
    at.selectbox(key="drill_step_cirebon-polling").select("1").run()
    db = _open(str(demo_file.resolve()))  # the app's own connection (one per process)
    before = data_stamp(db)
    done_before = int(at.dataframe[0].value["Selesai"].iloc[0])
    behind_before = at.dataframe[1].value
    at.run()
    assert data_stamp(db) == before  # nothing changed: the same key, figures from memory
    engine = Engine(db)
    record = engine.start("pemantau", "cirebon-polling", "Polling baru untuk uji cache")
    engine.advance("pemantau", record.id, record.version)
    assert data_stamp(db) != before
    at.run()
    assert int(at.dataframe[0].value["Selesai"].iloc[0]) == done_before + 1
    behind = at.dataframe[1].value
    assert len(behind) == len(behind_before) + 1
    assert record.id in set(behind["No. rekaman"])


def test_a_kabid_sees_only_his_unit(demo_file: Path) -> None:
    at = open_as("kabid.informasi", OVERVIEW)
    worst = at.dataframe[0].value
    assert set(worst["SOP"]) == {"cirebon-polling"}


def test_unit_filter_narrows_the_overview(demo_file: Path) -> None:
    at = open_as("admin", OVERVIEW)
    judged_all = int(at.metric[1].value)
    at.selectbox(key="overview_unit").select("serang-ppid").run()
    assert not at.exception
    assert 0 < int(at.metric[1].value) < judged_all
    assert set(at.dataframe[0].value["SOP"]) == {"serang-uji-konsekuensi"}


def test_per_sop_steps_heat_map_drill_down_and_export(demo_file: Path) -> None:
    at = open_as("admin", PER_SOP)
    at.selectbox(key="per_sop_pick").select("serang-uji-konsekuensi").run()
    assert not at.exception, [e.value for e in at.exception]
    steps = at.dataframe[0].value
    assert steps["Langkah"].tolist() == ["1", "2", "3", "4", "5", "6"]
    assert steps["Standar"].iloc[3] == "30 (tiga puluh) hari kerja"
    (image,) = at.get("image")
    assert "Diagram alir" in repr(image.proto)
    assert at.selectbox(key="drill_step_serang-uji-konsekuensi").value == "4"  # the slowest
    at.selectbox(key="drill_step_serang-uji-konsekuensi").select("4").run()
    behind = at.dataframe[1].value
    assert len(behind) == int(steps["Selesai"].iloc[3])
    at.checkbox(key="drill_late").check().run()
    late = at.dataframe[1].value
    assert len(late) <= len(behind) and late["Terlambat"].astype(bool).all()
    table = at.dataframe[2].value
    assert list(table.columns) == ["No", "Prosedur", "Penilaian", "Catatan",
                                   "Tindakan yang harus diambil", "Paraf penilai"]  # fmt: skip
    assert len(table) == 6
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["Unduh XLSX", "Unduh PDF"]


def test_threshold_decides_running_well(demo_file: Path) -> None:
    at = open_as("admin", PER_SOP)
    at.selectbox(key="per_sop_pick").select("cirebon-polling").run()
    at.slider(key="mon_threshold").set_value(0).run()
    assert not at.exception
    table = at.dataframe[-1].value.set_index("Prosedur")
    judged = table[table["Penilaian"] != "Belum dapat dinilai"]
    assert (judged["Penilaian"] == "Berjalan dengan baik").all()
    publikasi = table.loc["Publikasi Kegiatan melalui Media Sosial"]
    assert publikasi["Penilaian"] == "Belum dapat dinilai"
    at.slider(key="mon_threshold").set_value(100).run()
    table = at.dataframe[-1].value
    assert "Tidak berjalan dengan baik" in set(table["Penilaian"])
