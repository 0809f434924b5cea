"""A polling record carried through the app by three roles in Debian chromium, and two sessions
racing on the same record. Screenshots of every page land in the test's tmp dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.test_app import PASSWORD, seed_database
from tests.test_browser import RUN_TIMEOUT_MS, browser, copy_db, log_in, serve, settle
from workflows.db import Database
from workflows.users import Grant, add_user

__all__ = ["browser"]  # the module-scoped browser fixture, shared with test_browser
pytestmark = pytest.mark.browser
TITLE = "Polling kepuasan layanan Desember"
QUESTIONNAIRE = b"%PDF-1.7 kuesioner polling"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("flow")
    template = folder / "template.duckdb"
    seed_database(template, demo=True)
    db = Database(template)
    try:
        add_user(db, "kabid", "Sari Kabid", PASSWORD,
                 (Grant("kabid_pengelolaan_informasi_publik", "cirebon-diskominfo"),))  # fmt: skip
    finally:
        db.close()
    with serve(copy_db(template, folder), folder / "streamlit.log") as url:
        yield url


def session(browser: Browser, server: str, username: str) -> Page:
    """A new browser context logged in as ``username``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="id-ID")
    page = context.new_page()
    page.goto(server)
    expect(page.get_by_role("heading", name="Masuk ke Lentera")).to_be_visible(
        timeout=RUN_TIMEOUT_MS
    )
    settle(page)
    log_in(page, username)
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(page)
    return page


def go(page: Page, menu: str, heading: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=menu, exact=True).click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(
        timeout=RUN_TIMEOUT_MS
    )
    settle(page)


def click(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    settle(page)


def open_from_inbox(page: Page, record_id: int, shots: Path, who: str) -> None:
    go(page, "Kotak Masuk", "Kotak Masuk")
    expect(page.get_by_text(TITLE)).to_be_visible()
    page.screenshot(path=shots / f"inbox-{who}.png", full_page=True)
    page.get_by_role("link", name=f"Buka #{record_id}").click()
    expect(page.get_by_role("heading", name=f"#{record_id}")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(page)


def test_three_roles_carry_a_polling_record_and_a_tidak_returns_it(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    pemantau = session(browser, server, "pemantau")
    go(pemantau, "Rekaman Baru", "Rekaman Baru")
    pemantau.get_by_label("Judul rekaman").fill(TITLE)
    click(pemantau, "Mulai rekaman")
    expect(pemantau.get_by_text("Rekaman #2 dibuat.")).to_be_visible()
    pemantau.screenshot(path=tmp_path / "new-record.png", full_page=True)
    pemantau.get_by_role("link", name="Buka #2").click()
    expect(pemantau.get_by_role("heading", name="#2")).to_be_visible(timeout=RUN_TIMEOUT_MS)
    settle(pemantau)
    # An output file attached to the step, then downloaded from the audit tab (read on click).
    pemantau.get_by_test_id("stExpander").filter(has_text="Lampirkan output").click()
    pemantau.locator("input[type=file]").set_input_files(
        files=FilePayload(name="kuesioner.pdf", mimeType="application/pdf", buffer=QUESTIONNAIRE)
    )
    expect(pemantau.get_by_text("kuesioner.pdf")).to_be_visible()  # uploaded
    settle(pemantau)
    click(pemantau, "Lampirkan output")
    expect(pemantau.get_by_text("Tersimpan.")).to_be_visible()
    settle(pemantau)
    pemantau.get_by_role("tab", name="Riwayat (audit)").click()
    with pemantau.expect_download(timeout=RUN_TIMEOUT_MS) as download:
        pemantau.get_by_role("button", name="Unduh kuesioner.pdf").click()
    assert Path(download.value.path()).read_bytes() == QUESTIONNAIRE
    settle(pemantau)
    pemantau.get_by_role("tab", name="Tindakan").click()
    # Steps 1 and 2 are the Pemantau's ("Tersimpan." already shows from the attachment, so each
    # click waits for what it changes).
    click(pemantau, "Selesaikan langkah")
    expect(pemantau.get_by_text("2. Menyusun draf tema polling")).to_be_visible()
    settle(pemantau)
    click(pemantau, "Selesaikan langkah")
    expect(pemantau.get_by_text("Tidak ada tindakan untuk Anda pada langkah ini.")).to_be_visible()
    pemantau.screenshot(path=tmp_path / "record-pemantau.png", full_page=True)

    kasi = session(browser, server, "kasi")
    open_from_inbox(kasi, 2, tmp_path, "kasi")
    kasi.get_by_label("Catatan").fill("Instrumen diperiksa")
    click(kasi, "Selesaikan langkah")
    expect(kasi.get_by_text("Tersimpan.")).to_be_visible()

    kabid = session(browser, server, "kabid")
    open_from_inbox(kabid, 2, tmp_path, "kabid")
    click(kabid, "Tidak")
    expect(kabid.get_by_text("Jawaban Tidak memerlukan alasan")).to_be_visible()
    kabid.get_by_label("Alasan (wajib untuk Tidak)").fill("Pertanyaan 5 mengarahkan")
    click(kabid, "Tidak")
    expect(kabid.get_by_text("Tersimpan.")).to_be_visible()
    kabid.get_by_role("tab", name="Riwayat (audit)").click()
    kabid.screenshot(path=tmp_path / "record-history.png", full_page=True)

    open_from_inbox(kasi, 2, tmp_path, "kasi-again")  # back at the Kasi's step 3
    expect(kasi.get_by_role("button", name="Selesaikan langkah")).to_be_visible()

    go(pemantau, "Daftar Rekaman", "Daftar Rekaman")
    expect(pemantau.get_by_text("2 rekaman ditemukan")).to_be_visible()
    pemantau.screenshot(path=tmp_path / "records.png", full_page=True)


def test_the_second_of_two_sessions_is_told_the_record_changed(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    first = session(browser, server, "pemantau")
    second = session(browser, server, "pemantau")
    for page in (first, second):
        go(page, "Rekaman", "Rekaman")
        number = page.get_by_label("Nomor rekaman")
        number.fill("1")
        number.press("Enter")
        expect(page.get_by_role("heading", name="#1")).to_be_visible(timeout=RUN_TIMEOUT_MS)
        settle(page)
    second.get_by_label("Catatan").fill("Catatan yang tidak boleh hilang")
    click(first, "Selesaikan langkah")
    expect(first.get_by_text("Tersimpan.")).to_be_visible()
    click(second, "Selesaikan langkah")
    expect(second.get_by_text("Rekaman ini telah diubah oleh pemantau pada")).to_be_visible()
    expect(second.get_by_label("Catatan")).to_have_value("Catatan yang tidak boleh hilang")
    second.screenshot(path=tmp_path / "stale.png", full_page=True)
