"""The Indonesian Google Forms export used by the browser test: reproducible from the API sample,
read as Excel wrote it, and imported back to the sample's own values."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.polling.codebook import infer_codebook
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, responses
from tests import polling_export as source
from workflows.db import Database

MULTI = "capaian_lain_sekolah_tahun_ini_boleh"


def test_the_committed_file_is_what_the_builder_writes() -> None:
    assert source.EXPORT.read_bytes() == source.export_bytes()


def test_it_reads_as_excel_saved_it_and_imports_to_the_sample_values(db: Database) -> None:
    file = read_responses(source.EXPORT.read_bytes(), source.EXPORT.name)
    assert (file.encoding, file.separator, file.decimal_comma, file.platform) == (
        "cp1252",
        ";",
        True,
        "google_forms",
    )
    codebook = infer_codebook(file)
    assert codebook[MULTI].type == "multiple" and codebook[MULTI].separator == ", "
    assert codebook["cap_waktu"].type == "date"
    poll = import_new_poll(
        db, file, codebook, title=source.TITLE, unit="cirebon-diskominfo", created_by="pemantau"
    )
    got = responses(db, poll)
    api = pd.read_csv(source.SOURCE)
    assert got["jumlah_siswa_terdaftar"].tolist() == api["enroll"].astype(float).tolist()
    assert got["rata_rata_pendidikan_orang_tua_skala_1_5"].tolist() == pytest.approx(
        api["avg.ed"].round(2).tolist()
    )
    assert got[f"{MULTI}[{source.SUBGROUPS}]"].tolist() == (api["comp.imp"] == "Yes").tolist()
    assert got[f"{MULTI}[{source.AWARD}]"].tolist() == (api["awards"] == "Yes").tolist()
    assert got["jenjang_sekolah"].astype(str).tolist() == api["stype"].map(source.LEVELS).tolist()
    first = got["cap_waktu"].iloc[0]
    assert (first.year, first.month, first.day) == (2026, 10, 1)  # day first, as written
    assert got["cap_waktu"].max() < pd.Timestamp("2026-11-01")  # the month the poll is online
