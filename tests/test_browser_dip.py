"""The PPID's whole DIP flow in Debian chromium against a real ``streamlit run`` server.

A PPID Pembantu imports a DIP file, asks for suggestions, reviews them in the queue, confirms a
*dikecualikan* item through the consequence test (a record of the Serang Uji Konsekuensi SOP is
created), retrains, and downloads the official DIP as XLSX. Screenshots go to the test's tmp dir.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from analytics.dip.corpus import load_corpus
from analytics.dip.store import CONSEQUENCE_SOP
from tests.test_app import PASSWORD, seed_database
from tests.test_browser import browser, copy_db, grid, log_in, page, serve, settle
from workflows.db import Database
from workflows.users import Grant, add_user

__all__ = ["browser", "page"]  # fixtures used by name below

pytestmark = pytest.mark.browser

AGENCY = "Kantor UPBU Tardamu"
SOURCE_AGENCY = "Kantor UPBU Tardamu (Bandar Udara Tardamu"
PERSONAL = "Data pribadi responden survei"
RUN_MS = 30_000
TRAIN_MS = 180_000  # a retrain fits the model four times (the version and its 3-fold metrics)
ROW_PX = 35  # st.dataframe's default row height (the header row has the same height)


@pytest.fixture(scope="module")
def dip_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office's DIP as an XLSX with Perki headers: real items of one airport office, no
    categories yet (the PPID wants suggestions)."""
    corpus = load_corpus()
    items = corpus[corpus["agency"].str.startswith(SOURCE_AGENCY)]
    chosen = pd.concat([items.iloc[:8], items[items["text"] == PERSONAL]])
    table = pd.DataFrame(
        {
            "No": range(1, len(chosen) + 1),
            "Judul Informasi": chosen["text"].to_numpy(),
            "Ringkasan Isi Informasi": chosen["ringkasan"].fillna("").to_numpy(),
            "Pejabat/Unit yang Menguasai Informasi": "PPID Pelaksana UPBU Tardamu",
            "Jangka Waktu Penyimpanan": chosen["retensi"].fillna("").to_numpy(),
        }
    )
    path = tmp_path_factory.mktemp("dip") / "dip-tardamu.xlsx"
    table.to_excel(path, index=False)
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "lentera.duckdb"
    seed_database(path)
    db = Database(path)
    try:
        add_user(db, "ppid", "Putri PPID", PASSWORD, (Grant("ppid_pembantu", "serang-ppid"),))
    finally:
        db.close()
    return path


def pick_row(page: Page, title: str) -> None:
    """Select the queue row showing ``title`` (the grid is a canvas: click its row marker)."""
    table = grid(page, 0)
    titles = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => r.querySelector('td') ? r.innerText : '')"
    )
    row = next(i for i, text in enumerate(titles) if title in text)
    frame = page.get_by_test_id("stDataFrame").nth(0)
    frame.scroll_into_view_if_needed()
    frame.click(position={"x": 18, "y": ROW_PX * (row + 1) + ROW_PX / 2})
    settle(page)
    expect(page.locator("strong", has_text=title)).to_be_visible()


def wait_for(page: Page, text: str, timeout: int = RUN_MS) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=timeout)
    settle(page)


def test_import_review_except_retrain_and_publish(
    template: Path, dip_file: Path, page: Page, tmp_path: Path
) -> None:
    db_file = copy_db(template, tmp_path)
    shots = tmp_path / "screens"
    shots.mkdir()
    with serve(db_file, tmp_path / "streamlit.log") as url:
        page.goto(url)
        log_in(page, "ppid")
        expect(page.get_by_role("heading", name="Beranda")).to_be_visible(timeout=RUN_MS)
        settle(page)
        page.get_by_test_id("stSidebar").get_by_role("link", name="Tinjauan DIP").click()
        expect(page.get_by_role("heading", name="Tinjauan DIP")).to_be_visible(timeout=RUN_MS)
        settle(page)

        # 1. Import the office's DIP.
        page.locator("summary", has_text="Impor DIP").click()
        page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(dip_file)
        page.get_by_label("Badan publik", exact=True).first.fill(AGENCY)
        page.get_by_role("button", name="Impor", exact=True).click()
        wait_for(page, "9 item diimpor")
        expect(page.get_by_text("9 item belum punya saran: latih ulang model")).to_be_visible()
        page.screenshot(path=shots / "1-imported.png", full_page=True)

        # 2. Suggestions, then review: accept one, confirm the personal-data item as excepted.
        page.get_by_role("button", name="Latih ulang model dan perbarui saran").click()
        wait_for(page, "Model versi 1", TRAIN_MS)
        expect(grid(page, 0)).to_have_attribute("aria-rowcount", "10")  # header + 9 items
        page.screenshot(path=shots / "2-queue.png", full_page=True)

        accepted = "Struktur Organisasi Kantor UPBU Tardamu"
        pick_row(page, accepted)
        page.get_by_role("button", name="Terima saran").click()
        wait_for(page, "Tersimpan.")
        expect(grid(page, 0)).to_have_attribute("aria-rowcount", "9")

        pick_row(page, PERSONAL)
        category = page.get_by_role("combobox", name="Kategori", exact=True)
        expect(category).to_have_value("dikecualikan")  # the personal-data rule
        topic = page.get_by_role("combobox", name="Topik", exact=True)
        expect(topic).to_have_value("Pengawasan, hukum & data pribadi")
        expect(page.get_by_role("button", name="Terima saran")).to_have_count(0)
        page.get_by_label("Dasar hukum").fill("UU 14/2008 Pasal 17 huruf h angka 1")
        page.get_by_label("Konsekuensi bila dibuka").fill(
            "Data pribadi responden dapat disalahgunakan"
        )
        page.get_by_label("Konsekuensi bila ditutup").fill(
            "Hasil survei tetap diumumkan tanpa identitas responden"
        )
        page.get_by_label("Jangka waktu pengecualian").fill("Selama data pribadi berlaku")
        page.screenshot(path=shots / "3-worksheet.png", full_page=True)
        page.get_by_role("button", name="Buka Uji Konsekuensi").click()
        wait_for(page, "Uji Konsekuensi dibuka, rekaman nomor")
        record_text = page.get_by_text("Uji Konsekuensi dibuka, rekaman nomor").first.inner_text()
        record_id = int(record_text.rsplit(" ", 1)[-1])
        expect(grid(page, 0)).to_have_attribute("aria-rowcount", "8")

        # 3. Retrain on the reviews.
        page.get_by_role("button", name="Latih ulang model dan perbarui saran").click()
        wait_for(page, "Model versi 2", TRAIN_MS)
        page.screenshot(path=shots / "4-retrained.png", full_page=True)

        # 4. Publish: the official DIP of the office as XLSX.
        agency = page.get_by_role("combobox", name="Badan publik", exact=True)
        agency.fill(AGENCY)
        agency.press("Enter")
        settle(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Unduh DIP resmi (XLSX)").click()
        xlsx = Path(download.value.path()).read_bytes()
        page.screenshot(path=shots / "5-export.png", full_page=True)

    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    assert book.sheetnames == ["Berkala", "Serta Merta", "Setiap Saat", "Dikecualikan"]
    published = {
        str(cell) for name in book.sheetnames[:3] for row in book[name].iter_rows(values_only=True)
        for cell in row
    }  # fmt: skip
    assert accepted in published and PERSONAL not in published
    dik = list(book["Dikecualikan"].iter_rows(values_only=True))
    assert dik[0][:3] == ("No", "Informasi yang Dikecualikan", "Dasar Hukum")
    assert dik[1][1:4] == (PERSONAL, "UU 14/2008 Pasal 17 huruf h angka 1", record_id)

    db = Database(db_file)
    try:
        sop, title = db.query("SELECT sop_id, title FROM records WHERE id = ?", [record_id])[0]
        versions = db.query("SELECT version, reviewed_items FROM dip_models ORDER BY version")
    finally:
        db.close()
    assert sop == CONSEQUENCE_SOP and PERSONAL in str(title)
    assert versions == [(1, 0), (2, 2)]
