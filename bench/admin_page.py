"""Benchmark: the Admin page's heaviest run, verifying the whole audit chain, on the demo database.

``bench/pages.py`` times a plain run of every page, the Admin page included; this adds the run
in which the admin clicks "Periksa rantai audit" (issue 3 asks for < 1 s of server time per page)
and, on their own, the core calls the page makes. Run with ``make bench``.
"""

from __future__ import annotations

import logging
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from workflows.admin_log import recent
from workflows.audit import verify
from workflows.db import Database
from workflows.demo import DEMO_PASSWORD, seed_demo
from workflows.units import list_units, upcoming_days
from workflows.users import all_users

APP = Path(__file__).resolve().parent.parent / "app.py"
REPEATS = 5


def _median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    timings = []
    for _ in range(repeats):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


def _core(path: Path) -> None:
    db = Database(path)
    unit = list_units(db)[0].id
    figures = {
        "all_users": _median_ms(lambda: all_users(db)),
        "list_units": _median_ms(lambda: list_units(db)),
        "upcoming_days (14)": _median_ms(lambda: upcoming_days(db, unit, date.today())),
        "recent (100)": _median_ms(lambda: recent(db, 100)),
        "audit verify": _median_ms(lambda: verify(db)),
    }
    report = verify(db)
    db.close()
    print(f"demo database: {report.records} records, {report.events} events")
    for name, ms in figures.items():
        print(f"  core {name:<20} {ms:8.1f} ms (median of {REPEATS})")


def _page(path: Path) -> None:
    os.environ["LENTERA_DB"] = str(path)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input[0].input("admin")
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click()
    at.run()
    at.switch_page("pages/admin.py").run()
    assert not at.exception and [t.value for t in at.title] == ["Admin"]

    def verify_run() -> None:
        next(b for b in at.button if b.key == "admin_verify").click()
        at.run()
        assert [s.value.startswith("Rantai audit utuh") for s in at.success] == [True]

    verify_ms = _median_ms(verify_run)
    print(f"  Admin page run with verify     {verify_ms:8.1f} ms (median of {REPEATS}, AppTest)")


def _quiet_streamlit() -> None:
    """AppTest outside ``streamlit run`` warns about a missing script context on every call."""
    logging.disable(logging.WARNING)


def main() -> None:
    _quiet_streamlit()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.duckdb"
        db = Database(path)
        seed_demo(db)
        db.close()
        _core(path)
        _page(path)
    print("timings taken on a shared 2-core machine under contention; re-measure before relying")


if __name__ == "__main__":
    main()
