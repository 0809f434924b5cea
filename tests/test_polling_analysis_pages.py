"""The analyst pages through AppTest over a real DuckDB file: cross-tab explorer, weighting,
trends and the report (with the PDF attached to the linked polling record)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import DownloadButton, PageLink

from analytics.polling.codebook import infer_codebook
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, import_wave
from tests.test_app import seed_database
from tests.test_polling_analysis import BPS_CSV
from tests.test_polling_import import GOOGLE_FORMS
from tests.test_polling_pages import UNIT, open_as, stored, topline_shares
from ui.db import DB_ENV
from workflows.db import Database

# The second wave: the same form a month later, satisfaction slipping.
WAVE_2 = GOOGLE_FORMS.replace(",Puas,", ",Tidak puas,").replace(",Sangat puas,", ",Cukup puas,")


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def seed_poll(path: Path, *, probability: bool = False, waves: int = 1) -> None:
    db = Database(path)
    try:
        file = read_responses(GOOGLE_FORMS.encode(), "survei.csv")
        poll = import_new_poll(
            db,
            file,
            infer_codebook(file),
            title="Kepuasan layanan",
            unit=UNIT,
            created_by="pemantau",
            probability=probability,
            record_id=1,
        )
        if waves > 1:
            import_wave(
                db, poll, read_responses(WAVE_2.encode(), "survei-2.csv"), imported_by="pemantau"
            )
    finally:
        db.close()


def select(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    (found,) = [s for s in at.selectbox if s.label == label]
    return found


def test_the_analysis_pages_are_in_the_analysts_menu(db_file: Path) -> None:
    at = open_as("pemantau", "pages/tabulasi.py")
    links = [n.label for n in at.sidebar.get("page_link") if isinstance(n, PageLink)]
    ours = ["Tabulasi silang", "Pembobotan", "Tren", "Laporan polling"]
    assert links[links.index("Topline") + 1 : links.index("Topline") + 5] == ours
    kasi = open_as("kasi", "pages/beranda.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        kasi.switch_page("pages/tabulasi.py")


def test_crosstab_of_an_opt_in_poll(db_file: Path) -> None:
    seed_poll(db_file)
    at = open_as("pemantau", "pages/tabulasi.py")
    assert at.info[0].value.startswith("Polling ini memakai sampel non-probabilitas")
    grid, cells = (frame.value for frame in at.dataframe)
    assert list(grid.columns) == ["", "Harjamukti", "Kejaksan", "Lemahwungkuk"]
    assert grid.set_index("").loc["Perempuan", "Kejaksan"] == "100,0"
    assert "IK 95%" not in cells.columns
    assert at.caption[0].value.startswith("Uji Rao–Scott (F orde kedua): F = ")
    assert at.caption[0].value.endswith("hanya indikatif.")
    at.multiselect[0].select("kecamatan").run()
    (kept,) = [m for m in at.multiselect if m.label == "Kecamatan"]
    kept.unselect("Harjamukti").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "n = 4." in at.caption[0].value
    select(at, "Baris").set_value("jenis_kelamin")
    select(at, "Kolom").set_value("jenis_kelamin").run()
    assert [w.value for w in at.warning] == ["Pilih pertanyaan yang berbeda untuk baris dan kolom."]


def test_crosstab_of_a_probability_poll_shows_intervals(db_file: Path) -> None:
    seed_poll(db_file, probability=True)
    at = open_as("pemantau", "pages/tabulasi.py")
    assert "IK 95%" in at.dataframe[1].value.columns
    assert not at.caption[0].value.endswith("hanya indikatif.")


def test_weighting_from_a_bps_file_then_tables_use_the_weights(db_file: Path) -> None:
    seed_poll(db_file)
    at = open_as("pemantau", "pages/pembobotan.py")
    at.file_uploader[0].set_value(("bps.csv", BPS_CSV.encode(), "text/csv")).run()
    assert not at.error, [e.value for e in at.error]
    assert [s.value for s in at.success] == ["Raking konvergen."]
    margins = at.dataframe[1].value
    after = margins.set_index("Kategori")["Sesudah (%)"]
    assert after["Perempuan"] == "50,6" and after["Kejaksan"] == "13,4"
    (save,) = [b for b in at.button if b.label == "Simpan bobot gelombang ini"]
    save.click().run()
    assert "Bobot gelombang 1 tersimpan." in [s.value for s in at.success]
    st_db = stored(db_file)
    assert st_db[0] == 1
    db = Database(db_file)
    try:
        assert db.query("SELECT count(*) FROM poll_weights")[0][0] == 6
    finally:
        db.close()
    table = open_as("pemantau", "pages/tabulasi.py")
    select(table, "Bobot").set_value("bobot_raking").run()
    assert not table.exception
    grid = table.dataframe[0].value.set_index("")
    assert grid.loc["Perempuan", "Kejaksan"] == "100,0"
    top = open_as("pemantau", "pages/topline.py")
    select(top, "Bobot").set_value("bobot_raking").run()
    shares = topline_shares(top)
    assert shares["Perempuan"] == "50,6" and shares["Kejaksan"] == "13,4"


def test_a_margin_category_without_respondents_is_refused(db_file: Path) -> None:
    seed_poll(db_file)
    at = open_as("pemantau", "pages/pembobotan.py")
    bad = BPS_CSV.replace("179.159", "108.159") + "kecamatan;Kesambi;71.000\n"
    at.file_uploader[0].set_value(("bps.csv", bad.encode(), "text/csv")).run()
    assert "no respondent in 'Kesambi'" in at.error[0].value


def test_trends_mark_the_changes_since_the_last_wave(db_file: Path) -> None:
    seed_poll(db_file, waves=2)
    at = open_as("pemantau", "pages/tren.py")
    select(at, "Pertanyaan").set_value("seberapa_puas_anda_dengan_layanan").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["Gelombang", "Pilihan", "%"]
    second = {row["Pilihan"]: row for row in table[table["Gelombang"] == 2].to_dict("records")}
    assert second["Puas"]["%"] == "0,0"
    assert second["Puas"]["Perubahan (poin)"].startswith("-33,3")
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["mark"]["type"] == "line" and spec["encoding"]["x"]["field"] == "wave"
    assert "uji Wald" in at.caption[0].value
    select(at, "Pertanyaan").set_value("media_yang_anda_gunakan[Televisi]").run()
    options = at.dataframe[0].value["Pilihan"].tolist()
    assert options == ["tidak", "ya", "tidak", "ya"]


def test_the_report_downloads_and_goes_to_the_record(db_file: Path) -> None:
    seed_poll(db_file)
    at = open_as("pemantau", "pages/laporan_polling.py")
    at.multiselect[0].select("jenis_kelamin").run()
    (build,) = [b for b in at.button if b.label == "Buat laporan"]
    build.click().run()
    assert not at.exception, [e.value for e in at.exception]
    downloads = [b for b in at.get("download_button") if isinstance(b, DownloadButton)]
    assert [b.label for b in downloads] == ["Unduh XLSX", "Unduh PDF", "Unduh CSV (tabel rapi)"]
    (attach,) = [b for b in at.button if b.label == "Lampirkan PDF ke rekaman 1"]
    attach.click().run()
    assert [s.value for s in at.success] == [
        "PDF terlampir pada langkah rekaman 1 yang sedang berjalan."
    ]
    stored(db_file)
    db = Database(db_file)
    try:
        (payload,) = db.query("SELECT payload FROM events WHERE action = 'attach'")[0]
    finally:
        db.close()
    assert json.loads(payload)["output"]["name"] == "laporan-polling-1.pdf"


def test_a_built_report_is_withdrawn_when_the_choices_change(db_file: Path) -> None:
    seed_poll(db_file)
    at = open_as("pemantau", "pages/laporan_polling.py")
    (build,) = [b for b in at.button if b.label == "Buat laporan"]
    build.click().run()
    assert len(at.get("download_button")) == 3
    at.multiselect[0].select("kecamatan").run()
    assert not at.get("download_button")


def test_margins_typed_into_the_editor(db_file: Path) -> None:
    seed_poll(db_file)
    at = open_as("pemantau", "pages/pembobotan.py")
    at.multiselect[0].select("jenis_kelamin").run()
    # the editor's edits go through its widget state, as a browser sends them
    at.session_state["margins_1_1"] = {
        "edited_rows": {0: {"target": "0,5"}, 1: {"target": "0,5"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.error, [e.value for e in at.error]
    (margins,) = [f.value for f in at.dataframe if "Kategori" in f.value.columns]
    shares = margins.set_index("Kategori")
    assert shares["Sesudah (%)"].to_dict() == {"Perempuan": "50,0", "Laki-laki": "50,0"}
    assert shares.loc["Perempuan", "Sebelum (%)"] == "66,7"


def test_a_switch_of_language_keeps_the_chosen_weight_and_banner(db_file: Path) -> None:
    seed_poll(db_file)
    weighting = open_as("pemantau", "pages/pembobotan.py")
    weighting.file_uploader[0].set_value(("bps.csv", BPS_CSV.encode(), "text/csv")).run()
    (save,) = [b for b in weighting.button if b.label == "Simpan bobot gelombang ini"]
    save.click().run()
    at = open_as("pemantau", "pages/laporan_polling.py")
    select(at, "Bobot").set_value("bobot_raking")
    at.multiselect[0].select("jenis_kelamin").run()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]
    assert select(at, "Weight").value == "bobot_raking"  # its shown text changed
    assert at.multiselect[0].value == ["jenis_kelamin"]
    (build,) = [b for b in at.button if b.label == "Build the report"]
    build.click().run()
    labels = [b.label for b in at.get("download_button") if isinstance(b, DownloadButton)]
    assert labels == ["Download XLSX", "Download PDF", "Download CSV (tidy table)"]
