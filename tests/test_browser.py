"""The app in Debian chromium against real `streamlit run` servers (see STYLE.md, Streamlit).

AppTest cannot reproduce what a freshly started server does with the ``pages/`` folder, so the
first visit to every page URL gets a server of its own.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.test_app import APP, PASSWORD, RECORD_TITLE, seed_database
from tests.test_sop_upload import revised_polling
from workflows.db import Database
from workflows.users import Grant, add_user

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT = 30.0
RUN_TIMEOUT_MS = 20_000
PAGE_PATHS = [
    "/", "/beranda", "/katalog_sop", "/masuk", "/kotak_masuk", "/rekaman", "/daftar_rekaman",
    "/rekaman_baru",
]  # fmt: skip
# Text that only a logged-in page shows: the record's title, an SOP number, page headings.
PRIVATE_TEXT = [RECORD_TITLE, "026/SOP-PIP/2018", "Menunggu tindakan Anda", "Katalog SOP"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(db_file: Path, log_file: Path) -> Iterator[str]:
    """Run ``streamlit run app.py`` on a free port until the block ends; yield its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--", "--db", str(db_file),
    ]  # fmt: skip
    with log_file.open("wb") as log:
        server = subprocess.Popen(command, cwd=APP.parent, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, server, log_file)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log_file: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log_file.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"streamlit did not answer {url}/_stcore/health within {STARTUP_TIMEOUT} s")


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed, seeded database file; each server gets its own copy (one process per file)."""
    path = tmp_path_factory.mktemp("template") / "lentera.duckdb"
    seed_database(path, demo=True)
    return path


def copy_db(template: Path, folder: Path) -> Path:
    target = folder / "lentera.duckdb"
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="module")
def server(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    with serve(copy_db(template_db, folder), folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    try:
        yield context.new_page()
    finally:
        context.close()


def settle(page: Page) -> None:
    """Wait until the app has finished its current script run."""
    app = page.locator("[data-testid=stApp]")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=RUN_TIMEOUT_MS)


def expect_login_form_only(page: Page) -> None:
    expect(page.get_by_role("heading", name="Masuk ke Lentera")).to_be_visible(
        timeout=RUN_TIMEOUT_MS
    )
    settle(page)
    expect(page.get_by_label("Kata sandi")).to_be_visible()
    # The sidebar comes from app.py: seeing it proves app.py, not a legacy page run, is in charge.
    expect(page.get_by_test_id("stSidebar").get_by_text("Bahasa Indonesia")).to_be_visible()
    body = page.locator("body").inner_text()
    for text in PRIVATE_TEXT:
        assert text not in body
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)
    expect(page.get_by_role("dialog")).to_have_count(0)  # no "Page not found"


def grid(page: Page, index: int) -> Locator:
    """The accessible table behind the index-th ``st.dataframe`` (its cells are drawn on a
    canvas; the table is the canvas's fallback content, outside the accessibility tree)."""
    return page.get_by_test_id("stDataFrame").nth(index).locator("table[role=grid]")


def log_in(page: Page, username: str) -> None:
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_first_visit_to_a_fresh_server_shows_only_the_login_form(
    path: str, template_db: Path, page: Page, tmp_path: Path
) -> None:
    with serve(copy_db(template_db, tmp_path), tmp_path / "streamlit.log") as url:
        page.goto(url + path)
        expect_login_form_only(page)
        expect(grid(page, 0)).to_have_attribute("aria-rowcount", "3")  # the two demo accounts
        page.screenshot(path=tmp_path / "first-visit.png", full_page=True)
        # The first widget change of a new session must not be dropped.
        page.get_by_test_id("stSidebar").get_by_text("English").click()
        expect(page.get_by_role("heading", name="Log in to Lentera")).to_be_visible(
            timeout=RUN_TIMEOUT_MS
        )
        settle(page)
        expect(page.get_by_label("Password", exact=True)).to_be_visible()


def test_log_in_see_home_then_the_catalog(server: str, page: Page, tmp_path: Path) -> None:
    # A deep link as the fresh server's first visit: the login leads to the home page.
    page.goto(server + "/katalog_sop")
    expect_login_form_only(page)
    log_in(page, "pemantau")
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Masuk sebagai: Rina Pemantau (pemantau)")).to_be_visible()
    expect(page.get_by_text("Selamat datang, Rina Pemantau")).to_be_visible()
    expect(page.get_by_role("heading", name="Menunggu tindakan Anda")).to_be_visible()
    expect(grid(page, 0)).to_have_attribute("aria-rowcount", "2")
    expect(grid(page, 0).locator("td", has_text=RECORD_TITLE)).to_have_count(1)
    expect(grid(page, 0).locator("td", has_text=" WIB")).to_have_count(1)
    assert page.url.rstrip("/") == server
    page.screenshot(path=tmp_path / "home.png", full_page=True)

    sidebar.get_by_role("link", name="Katalog SOP").click()
    expect(page.get_by_role("heading", name="Katalog SOP")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(page)
    assert page.url == server + "/katalog_sop"
    choose = page.get_by_role("combobox", name="Pilih SOP")
    choose.fill("Polling")
    choose.press("Enter")
    expect(choose).to_have_value("Pengumpulan Pendapat Umum (Polling) (cirebon-polling)")
    settle(page)
    steps = grid(page, 1)
    expect(steps).to_have_attribute("aria-rowcount", "10")  # the header and 9 steps
    expect(steps.locator("th", has_text="Kegiatan")).to_have_count(1)
    expect(steps.locator("td", has_text="Mengarsipkan laporan kegiatan polling")).to_have_count(1)
    page.screenshot(path=tmp_path / "catalog.png", full_page=True)

    sidebar.get_by_role("button", name="Keluar").click()
    expect_login_form_only(page)


def test_deep_link_on_a_running_server_needs_a_login(
    server: str, browser: Browser, page: Page
) -> None:
    warm = browser.new_page()  # make sure st.navigation has run in this server process
    warm.goto(server)
    settle(warm)
    warm.close()
    page.goto(server + "/katalog_sop")
    expect_login_form_only(page)
    log_in(page, "kasi")
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(page)
    expect(page.get_by_text("Tidak ada rekaman yang menunggu tindakan Anda.")).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text("Budi Kasi", exact=False)).to_be_visible()


def test_catalog_flowchart_and_an_upload_by_the_admin(
    template_db: Path, page: Page, tmp_path: Path
) -> None:
    db_file = copy_db(template_db, tmp_path)
    db = Database(db_file)
    try:
        add_user(db, "admin", "Ani Admin", PASSWORD, (Grant("admin"),))
    finally:
        db.close()
    revision = tmp_path / "polling-revisi.yaml"
    revision.write_text(revised_polling(), encoding="utf-8")
    with serve(db_file, tmp_path / "streamlit.log") as url:
        page.goto(url + "/katalog_sop")
        expect_login_form_only(page)
        log_in(page, "admin")
        expect(page.get_by_role("heading", name="Beranda")).to_be_visible(timeout=RUN_TIMEOUT_MS)
        settle(page)
        page.get_by_test_id("stSidebar").get_by_role("link", name="Katalog SOP").click()
        expect(page.get_by_role("heading", name="Katalog SOP")).to_be_visible(
            timeout=RUN_TIMEOUT_MS
        )
        settle(page)
        choose = page.get_by_role("combobox", name="Pilih SOP")
        choose.fill("Polling")
        choose.press("Enter")
        settle(page)
        chart = page.get_by_role("img", name="Diagram alir SOP Pengumpulan Pendapat Umum (Polling)")
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        assert chart.evaluate("img => img.complete && img.naturalWidth") > 600  # the SVG decoded
        box = chart.bounding_box()
        assert box is not None and box["height"] > 800  # 9 steps top to bottom
        page.screenshot(path=tmp_path / "catalog-flowchart.png", full_page=True)

        page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(revision)
        page.get_by_role("button", name="Daftarkan").click()
        expect(page.get_by_text("SOP cirebon-polling didaftarkan sebagai versi 2.")).to_be_visible(
            timeout=RUN_TIMEOUT_MS
        )
        settle(page)
        versions = grid(page, 2)
        expect(versions).to_have_attribute("aria-rowcount", "3")  # header, versions 2 and 1
        expect(versions.locator("td", has_text="admin")).to_have_count(1)
        page.screenshot(path=tmp_path / "catalog-upload.png", full_page=True)
