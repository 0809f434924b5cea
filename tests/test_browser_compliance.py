"""Issue 6's "done means", in Debian chromium against a real ``streamlit run`` server: on the demo
database a leader opens the overview, finds the slowest step of each SOP, drills down to its late
records, and exports the semester monitoring table. Screenshots land in the test's tmp dir.

The expected figures come from :mod:`analytics.compliance` on a copy of the same file, over the
pages' default period (the last year), so nothing here is hard-coded.
"""

from __future__ import annotations

import io
import shutil
from datetime import datetime, time, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Browser, Locator, Page, expect

from analytics.compliance import Filters, compliance, slowest_steps
from analytics.compliance.monitoring import COLUMNS
from tests.test_browser import RUN_TIMEOUT_MS, browser, serve, settle
from ui.compliance import WIB
from workflows import users
from workflows.db import Database, utcnow
from workflows.demo import DEMO_PASSWORD, seed_demo
from workflows.registry import list_sops

__all__ = ["browser"]  # the module-scoped browser fixture, shared with test_browser
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database ``lentera init --demo-if-empty`` writes (300 records over a year)."""
    path = tmp_path_factory.mktemp("demo") / "lentera.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024))
        db = Database(path)
        try:
            seed_demo(db)
        finally:
            db.close()
    return path


def expected(demo_file: Path, folder: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The slowest step of each SOP (with its late count) over the last year, and SOP titles."""
    copy = folder / "expected.duckdb"
    shutil.copyfile(demo_file, copy)
    today = utcnow().astimezone(WIB).date()
    period = Filters(
        start=datetime.combine(today - timedelta(days=365), time(), tzinfo=WIB),
        end=datetime.combine(today + timedelta(days=1), time(), tzinfo=WIB),
    )
    db = Database(copy)
    try:
        steps = compliance(db, ("sop_id", "step"), filters=period)
        titles = {sop_id: title for sop_id, _, title, _ in list_sops(db)}
    finally:
        db.close()
    return slowest_steps(steps), titles


def grid(page: Page, index: int) -> Locator:
    """The accessible table behind the index-th ``st.dataframe``."""
    return page.get_by_test_id("stDataFrame").nth(index).locator("table[role=grid]")


def rows(table: Locator) -> list[dict[str, str]]:
    """The body rows of a grid as dicts keyed by the column headers."""
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    found = []
    for row in table.locator("tbody tr").all():
        cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
        found.append(dict(zip(headers[-len(cells) :], cells, strict=True)))
    return found


def choose(page: Page, combobox: Locator, text: str) -> None:
    """Type into a selectbox and click the option (Enter can land before the list filters)."""
    combobox.click()
    combobox.fill(text)
    page.get_by_role("option", name=text, exact=True).click()
    settle(page)


def go(page: Page, menu: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=menu, exact=True).click()
    expect(page.get_by_role("heading", name=menu, exact=True)).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(page)


def test_a_leader_finds_slow_steps_drills_to_late_records_and_exports(
    demo_file: Path, browser: Browser, tmp_path: Path
) -> None:
    slowest, titles = expected(demo_file, tmp_path)
    assert len(slowest) >= 4  # every demo SOP with a standard time
    db_file = tmp_path / "lentera.duckdb"
    shutil.copyfile(demo_file, db_file)
    context = browser.new_context(
        viewport={"width": 1400, "height": 1400}, locale="id-ID", accept_downloads=True
    )
    page = context.new_page()
    try:
        with serve(db_file, tmp_path / "streamlit.log") as url:
            page.goto(url)
            expect(page.get_by_role("heading", name="Masuk ke Lentera")).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            settle(page)
            page.get_by_label("Nama pengguna").fill("admin")
            page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Masuk", exact=True).click()
            expect(page.get_by_role("heading", name="Beranda")).to_be_visible(
                timeout=RUN_TIMEOUT_MS
            )
            settle(page)

            # The overview: KPIs, and the slowest step of each SOP.
            go(page, "Ringkasan Kepatuhan")
            expect(page.get_by_text("Kepatuhan waktu")).to_be_visible()
            heading = page.get_by_role("heading", name="Langkah paling lambat tiap SOP")
            heading.scroll_into_view_if_needed()
            table = grid(page, 1)
            expect(table).to_have_attribute(  # the grid's rows are drawn after its frame
                "aria-rowcount", str(len(slowest) + 1), timeout=RUN_TIMEOUT_MS
            )
            shown = rows(table)
            assert [(r["SOP"], r["Langkah"]) for r in shown] == list(
                zip(slowest["sop_id"], slowest["step"], strict=True)
            )
            page.screenshot(path=tmp_path / "overview.png", full_page=True)

            # Each SOP's slowest step, drilled down to its late records.
            go(page, "Kepatuhan per SOP")
            for sop_id, step, late_count in zip(
                slowest["sop_id"], slowest["step"], slowest["late"], strict=True
            ):
                # The filter bar's SOP picker (the first of the page's two "SOP" pickers).
                sop_pick = page.get_by_role("combobox", name="SOP").first
                choose(page, sop_pick, titles[sop_id])
                expect(sop_pick).to_have_value(titles[sop_id])
                # The drill-down opens on the SOP's slowest step.
                step_pick = page.get_by_role("combobox", name="Langkah")
                opened = step_pick.and_(page.locator(f'input[value="{step}"]'))
                expect(opened).to_be_visible(timeout=RUN_TIMEOUT_MS)
                settle(page)
                expect(step_pick).to_have_count(1, timeout=RUN_TIMEOUT_MS)  # the old run's gone
                expect(step_pick).to_have_value(step)
                late_only = page.get_by_role("checkbox", name="Hanya yang terlambat")
                if not late_only.is_checked():
                    late_only.check(force=True)
                    settle(page)
                page.get_by_test_id("stDataFrame").nth(1).scroll_into_view_if_needed()
                behind = grid(page, 1)
                page.screenshot(path=tmp_path / f"late-{sop_id}.png", full_page=True)
                expect(behind, f"late records of {sop_id} step {step}").to_have_attribute(
                    "aria-rowcount", str(late_count + 1), timeout=RUN_TIMEOUT_MS
                )
                late = rows(behind)
                assert all(r["Terlambat"] == "true" for r in late), late[:3]
                page.screenshot(path=tmp_path / f"late-{sop_id}.png", full_page=True)

            # The semester monitoring table, downloaded as XLSX.
            settle(page)
            button = page.get_by_role("button", name="Unduh XLSX")
            button.scroll_into_view_if_needed()
            with page.expect_download(timeout=RUN_TIMEOUT_MS) as download:
                button.click()
            saved = tmp_path / "monitoring_sop.xlsx"
            download.value.save_as(saved)
            page.screenshot(path=tmp_path / "monitoring.png", full_page=True)
    finally:
        context.close()
    assert saved.read_bytes()[:2] == b"PK"  # a zip container, as every XLSX is
    book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()), read_only=True)
    sheet = book["Tabel 7"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[: len(COLUMNS["id"])] == list(COLUMNS["id"]))
    procedures = [str(r[1]) for r in values[header + 1 :] if r[1]]
    assert sorted(procedures) == sorted(titles.values())  # the admin sees every SOP
    assessments = {r[2] for r in values[header + 1 :] if r[1]}
    assert assessments <= {"Berjalan dengan baik", "Tidak berjalan dengan baik",
                           "Belum dapat dinilai"}  # fmt: skip
