"""Issue 4's "done means" in Debian chromium against a real ``streamlit run`` server: a Pemantau
Opini Publik imports a real export file (:mod:`tests.polling_export`), fixes and saves its
codebook, rakes it to population margins, explores a cross-tab and exports the report, which is
attached to the poll's SOP record. Screenshots land in the test's tmp dir.

The expected figures are computed here from the source sample, not read from the app.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from analytics.polling import Design
from analytics.polling.explore import explore
from tests import polling_export as source
from tests.test_app import RECORD_TITLE, seed_database
from tests.test_browser import browser, copy_db, grid, log_in, page, serve, settle
from workflows.db import Database
from workflows.fmt import format_number

__all__ = ["browser", "page"]  # fixtures used by name below

pytestmark = pytest.mark.browser

RUN_MS = 30_000
ROW_PX = 35  # st.dataframe's default row height (the header row has the same height)
LEVEL = "jenjang_sekolah"
TARGET = "apakah_sekolah_mencapai_target"
YEAR_ROUND = "apakah_sekolah_menerapkan_kalender"
LEVEL_ORDER = ["SD", "SMP", "SMA"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo mode, the demo analyst ``pemantau`` and one running polling record (number 1)."""
    path = tmp_path_factory.mktemp("template") / "lentera.duckdb"
    seed_database(path, demo=True)
    return path


@pytest.fixture(scope="module")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / source.EXPORT.name
    path.write_bytes(source.EXPORT.read_bytes())
    return path


def weighted_sample() -> pd.DataFrame:
    """The source sample's answers, weighted to the population counts (w = N_h / n_h: what
    raking on one variable must give)."""
    api = pd.read_csv(source.SOURCE)
    frame = pd.DataFrame(
        {
            LEVEL: api["stype"].map(source.LEVELS),
            TARGET: api["sch.wide"].map(source.YES_NO),
            YEAR_ROUND: api["yr.rnd"].map(source.YES_NO),
        }
    )
    sizes = source.population_margins()
    frame["w"] = frame[LEVEL].map(sizes) / frame[LEVEL].map(frame[LEVEL].value_counts())
    return frame


def expected_crosstab(frame: pd.DataFrame) -> tuple[str, str]:
    """The Rao–Scott line and the SD cell of "Ya" among schools without a year-round calendar."""
    tab = explore(Design(frame, weights="w"), TARGET, LEVEL, filters={YEAR_ROUND: ["Tidak"]})
    line = (
        f"Uji Rao–Scott (F orde kedua): F = {format_number(tab.f, 2)}, "
        f"db1 = {format_number(tab.ndf, 2)}, db2 = {format_number(tab.ddf, 1)}, "
        f"p = {format_number(tab.p, 4)}, n = {tab.n}."
    )
    (pct,) = tab.table.loc[(tab.table["row"] == "Ya") & (tab.table["col"] == "SD"), "pct"]
    return line, format_number(float(pct), 1)


def wait_for(page: Page, text: str, timeout: int = RUN_MS) -> None:
    expect(page.get_by_text(text).first).to_be_visible(timeout=timeout)
    settle(page)


def go(page: Page, menu: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=menu, exact=True).click()
    expect(page.get_by_role("heading", name=menu, exact=True)).to_be_visible(timeout=RUN_MS)
    settle(page)


def choose(page: Page, label: str, value: str) -> None:
    """Pick ``value`` in the selectbox labelled ``label`` (type it, press Enter)."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill(value)
    box.press("Enter")
    settle(page)


def add_choice(page: Page, label: str, value: str) -> None:
    """Add ``value`` to the multiselect labelled ``label`` and close its menu."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill(value)
    box.press("Enter")
    box.press("Escape")
    settle(page)


def edit_cell(page: Page, editor: int, row: int, column: int, text: str) -> None:
    """Replace a cell of the ``editor``-th data editor with ``text``. The grid is a canvas: click
    the row's first cell (80 px clears a dynamic editor's row markers), walk right with the arrow
    keys, open the cell editor with Enter, replace its text, press Enter."""
    frame = page.get_by_test_id("stDataFrame").nth(editor)
    frame.scroll_into_view_if_needed()
    frame.click(position={"x": 80, "y": ROW_PX * (row + 1) + ROW_PX / 2})
    for _ in range(column):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    cell = page.locator("textarea.gdg-input")
    expect(cell).to_be_focused()
    cell.fill(text)
    cell.press("Enter")
    settle(page)


def test_import_weight_explore_and_export_a_real_export_file(
    template: Path, export_file: Path, page: Page, tmp_path: Path
) -> None:
    db_file = copy_db(template, tmp_path)
    shots = tmp_path / "screens"
    shots.mkdir()
    sample = weighted_sample()
    rao_scott, sd_yes = expected_crosstab(sample)
    n_eff = sample["w"].sum() ** 2 / (sample["w"] ** 2).sum()
    with serve(db_file, tmp_path / "streamlit.log") as url:
        page.goto(url)
        log_in(page, "pemantau")
        expect(page.get_by_role("heading", name="Beranda")).to_be_visible(timeout=RUN_MS)
        settle(page)

        # 1. Import the export: the file is read as Excel saved it, the codebook is checked.
        go(page, "Polling")
        page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files(
            export_file
        )
        wait_for(page, "Terbaca: google_forms, cp1252, ';', desimal koma, 200 responden")
        page.get_by_label("Judul polling").fill(source.TITLE)
        page.get_by_label("Nomor rekaman SOP polling (opsional)").fill("1")
        page.get_by_label("Nomor rekaman SOP polling (opsional)").press("Enter")
        settle(page)
        codebook = grid(page, 0)
        expect(codebook).to_have_attribute("aria-rowcount", "11")  # header + 10 questions
        expect(codebook.locator("td", has_text="multiple")).to_have_count(1)
        # The analyst puts the school levels in their natural order.
        edit_cell(page, 0, 2, 3, " | ".join(LEVEL_ORDER))
        expect(codebook.locator("td", has_text="SD | SMP | SMA")).to_have_count(1)
        page.screenshot(path=shots / "1-codebook.png", full_page=True)
        page.get_by_role("button", name="Impor", exact=True).click()
        wait_for(page, "Tersimpan: polling 1, gelombang 1.")
        page.screenshot(path=shots / "2-imported.png", full_page=True)

        # 2. Weighting: the number of schools per level, typed in, then raked and stored.
        go(page, "Pembobotan")
        add_choice(page, "Variabel raking", source.LEVEL_Q)
        wait_for(page, "Isi target populasi setiap kategori")  # no error before any typing
        margins = source.population_margins()
        for row, level in enumerate(LEVEL_ORDER):
            edit_cell(page, 0, row, 2, format_number(margins[level]))
        wait_for(page, "Raking konvergen.")
        page.screenshot(path=shots / "3-raked.png", full_page=True)
        page.get_by_role("button", name="Simpan bobot gelombang ini").click()
        wait_for(page, "Bobot gelombang 1 tersimpan.")

        # 3. Cross-tab: target reached by level, among schools without a year-round calendar.
        go(page, "Tabulasi silang")
        choose(page, "Bobot", "Bobot raking (tersimpan)")
        choose(page, "Baris", "Apakah sekolah mencapai target")
        choose(page, "Kolom", "Jenjang sekolah")
        add_choice(page, "Saring menurut", "kalender belajar")
        kept = page.get_by_test_id("stMultiSelect").filter(has_text=source.YEAR_ROUND_Q).last
        kept.get_by_role("button", name=re.compile("^Remove Ya")).click()
        settle(page)
        expect(page.get_by_text(rao_scott)).to_be_visible()
        table = grid(page, 0)
        expect(table.locator("tbody tr").first.locator("td").nth(1)).to_have_text(
            re.compile(f"^{re.escape(sd_yes)}")
        )
        page.screenshot(path=shots / "4-crosstab.png", full_page=True)

        # 4. The report, weighted, with the level as banner; then attached to record 1.
        go(page, "Laporan polling")
        choose(page, "Bobot", "Bobot raking (tersimpan)")
        add_choice(page, "Variabel banner (kolom tabulasi silang)", source.LEVEL_Q)
        page.get_by_role("button", name="Buat laporan").click()
        wait_for(page, "Unduh PDF", timeout=60_000)
        with page.expect_download() as pdf_download:
            page.get_by_role("button", name="Unduh PDF").click()
        with page.expect_download() as xlsx_download:
            page.get_by_role("button", name="Unduh XLSX").click()
        pdf = Path(pdf_download.value.path()).read_bytes()
        xlsx = Path(xlsx_download.value.path()).read_bytes()
        page.get_by_role("button", name="Lampirkan PDF ke rekaman 1").click()
        wait_for(page, "PDF terlampir pada langkah rekaman 1 yang sedang berjalan.")
        page.screenshot(path=shots / "5-report.png", full_page=True)

        # 5. The same report from the English interface is in English.
        page.get_by_test_id("stSidebar").get_by_text("English").click()
        expect(page.get_by_role("heading", name="Poll report")).to_be_visible(timeout=RUN_MS)
        settle(page)
        expect(page.get_by_role("button", name="Download PDF")).to_have_count(0)  # built in id
        # The choices stay, shown in English.
        expect(page.get_by_role("combobox", name="Wave", exact=True)).to_have_value("All waves")
        weight = page.get_by_role("combobox", name="Weight", exact=True)
        expect(weight).to_have_value("Raked weights (stored)")
        page.get_by_role("button", name="Build the report").click()
        wait_for(page, "Download PDF", timeout=60_000)
        with page.expect_download() as english_download:
            page.get_by_role("button", name="Download XLSX").click()
        english = Path(english_download.value.path()).read_bytes()
        page.screenshot(path=shots / "6-report-en.png", full_page=True)

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert source.TITLE in text and "Sampel non-probabilitas (opt-in)" in text
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    assert book.sheetnames[:2] == ["ringkasan", "topline"] and "uji" in book.sheetnames
    summary = {row[0]: str(row[1]) for row in book["ringkasan"].iter_rows(values_only=True)}
    assert summary["Judul"] == source.TITLE and summary["Responden (n)"] == "200"
    assert summary["n efektif"] == format_number(n_eff, 1)
    assert summary["Catatan"].startswith("Sampel non-probabilitas (opt-in)")

    book = openpyxl.load_workbook(io.BytesIO(english), read_only=True)
    assert book.sheetnames[:2] == ["summary", "topline"] and "tests" in book.sheetnames
    summary = {row[0]: str(row[1]) for row in book["summary"].iter_rows(values_only=True)}
    assert summary["Note"].startswith("Non-probability (opt-in) sample")
    assert summary["Effective n"] == format_number(n_eff, 1, "en")

    db = Database(db_file)
    try:
        ((options,),) = db.query(
            "SELECT options FROM poll_questions WHERE code = ?", [LEVEL]
        )  # the edited order was saved
        weights = db.query("SELECT weight FROM poll_weights ORDER BY respondent")
        ((payload,),) = db.query("SELECT payload FROM events WHERE action = 'attach'")
        ((title,),) = db.query("SELECT title FROM records WHERE id = 1")
    finally:
        db.close()
    assert json.loads(options) == LEVEL_ORDER
    assert [w for (w,) in weights] == pytest.approx(sample["w"].tolist(), rel=1e-9)
    assert json.loads(payload)["output"]["name"] == "laporan-polling-1.pdf"
    assert title == RECORD_TITLE
