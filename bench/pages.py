"""Benchmark: server time of one run of every page on the demo database (300 records).

Each page is run through ``streamlit.testing.v1.AppTest`` in this process, logged in as the
admin (who sees every unit) and as the Pemantau; the figure is the median of five warm runs and
the first (cold) run. Target: under 1 s per page. Run with ``make bench``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.shell import PAGES
from workflows.db import Database
from workflows.demo import DEMO_PASSWORD, seed_demo
from workflows.users import get_user

APP = Path(__file__).resolve().parent.parent / "app.py"
WARM_RUNS = 5


def _session(username: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click()
    at.run()
    return at


def _time_page(at: AppTest, path: str) -> tuple[float, float]:
    """(first run, median of the warm runs) in seconds."""
    if path == "pages/rekaman.py":
        at.query_params["id"] = "1"  # a demo record with a full history
    began = time.perf_counter()
    at.switch_page(path).run()
    first = time.perf_counter() - began
    if at.exception:
        raise RuntimeError(f"{path}: {[e.value for e in at.exception]}")
    warm = []
    for _ in range(WARM_RUNS):
        began = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - began)
    return first, statistics.median(warm)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.duckdb"
        db = Database(path)
        seed_demo(db, records=300)
        held = {name: {g.role for g in get_user(db, name).grants} for name in ("admin", "pemantau")}
        db.close()
        os.environ["LENTERA_DB"] = str(path)
        print(f"{'page':28s} {'user':10s} {'first s':>8s} {'warm s':>8s}")
        for username in held:
            at = _session(username)
            for spec in PAGES:
                if spec.roles is not None and not held[username] & spec.roles:
                    continue  # not in this user's menu (the Admin page for the Pemantau)
                first, warm = _time_page(at, spec.path)
                print(f"{spec.path:28s} {username:10s} {first:8.3f} {warm:8.3f}")


if __name__ == "__main__":
    main()
