"""Importing real-looking exports of Google Forms, KoboToolbox and LimeSurvey into DuckDB, with
the encodings, separators and number formats those tools (and Excel) produce, and bad files."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from analytics.polling import Design
from analytics.polling.codebook import Codebook, infer_codebook, parse_number
from analytics.polling.errors import ImportProblem
from analytics.polling.reader import read_responses
from analytics.polling.store import (
    create_poll,
    import_new_poll,
    import_wave,
    link_record,
    list_polls,
    poll_codebook,
    responses,
    save_codebook,
)
from tests.conftest import PASSWORD
from workflows.db import Database
from workflows.engine import Engine
from workflows.users import Grant, add_user

GOOGLE_FORMS = """\
Timestamp,Jenis kelamin,Usia,Kecamatan,Seberapa puas Anda dengan layanan informasi?,\
Media yang Anda gunakan,Saran
01/11/2026 08:15:03,Perempuan,34,Kejaksan,Puas,"Media sosial, Televisi",Lebih cepat lagi
01/11/2026 09:01:44,Laki-laki,51,Lemahwungkuk,Sangat puas,Televisi,
02/11/2026 10:12:10,Perempuan,22,Kejaksan,Cukup puas,"Media sosial, Situs web, Televisi",\
"Situs sering lambat, tolong diperbaiki"
02/11/2026 13:40:00,Laki-laki,45,Harjamukti,Tidak puas,Situs web,Informasi kurang lengkap
03/11/2026 07:55:21,Perempuan,29,Harjamukti,Puas,Media sosial,Bagus
03/11/2026 08:10:12,Perempuan,38,Lemahwungkuk,Sangat puas,"Televisi, Media sosial",
"""

# KoboToolbox "CSV (legacy)" export opened and saved again by Excel on an Indonesian Windows:
# ';' separators, cp1252 (curly quotes), decimal commas and thousands dots, one 0/1 column per
# option next to the stem column.
KOBO = (
    "start;end;responden;jarak_km;pengeluaran;media;media/koran;media/tv;media/medsos;"
    "pendapat;_uuid;_submission_time;_index\n"
    "2026-11-01T08:00:00;2026-11-01T08:09:00;Ibu Sari;2,5;1.250.000;tv medsos;0;1;1;"
    "\u201cPelayanan sudah baik\u201d;a1;2026-11-01T08:10:00;1\n"
    "2026-11-01T09:00:00;2026-11-01T09:05:00;Pak Budi;12,75;850.000;koran;1;0;0;"
    "Perlu papan informasi;a2;2026-11-01T09:06:00;2\n"
    "2026-11-02T10:00:00;2026-11-02T10:07:00;Ibu Ani;0,8;2.100.500;medsos;0;0;1;"
    "Petugas ramah \u2013 terima kasih;a3;2026-11-02T10:08:00;3\n"
).encode("cp1252")

# LimeSurvey export with a title line above the header, tab separated, latin-1.
LIMESURVEY = (
    "Survei Kepuasan Layanan PPID 2026\n"
    "id\tsubmitdate\tlastpage\tstartlanguage\tQ1\tQ2[SQ001]\tQ2[SQ002]\tQ2[SQ003]\tbobot\n"
    "1\t2026-11-01 08:00:00\t3\tid\t4\tY\t\tY\t1,2\n"
    "2\t2026-11-01 09:30:00\t3\tid\t3\t\tY\t\t0,8\n"
    "3\t2026-11-02 11:00:00\t3\tid\t4\tY\tY\t\t1,0\n"
    "4\t2026-11-02 12:00:00\t3\tid\t2\t\t\tY\t1,1\n"
    "5\t2026-11-03 07:00:00\t3\tid\t4\t\tY\tY\t0,9\n"
    "6\t2026-11-03 08:00:00\t3\tid\t3\tY\t\t\t1,0\n"
).encode("latin-1")


def _types(codebook: Codebook) -> dict[str, str]:
    return {q.code: q.type for q in codebook.questions}


@pytest.mark.parametrize("bom", [True, False])
def test_google_forms_utf8_with_and_without_bom(db: Database, bom: bool) -> None:
    content = GOOGLE_FORMS.encode("utf-8-sig" if bom else "utf-8")
    file = read_responses(content, "Survei Layanan (Responses).csv")
    assert (file.encoding, file.separator, file.platform) == (
        "utf-8-sig" if bom else "utf-8",
        ",",
        "google_forms",
    )
    codebook = infer_codebook(file)
    assert _types(codebook) == {
        "timestamp": "date",
        "jenis_kelamin": "single",
        "usia": "numeric",
        "kecamatan": "single",
        "seberapa_puas_anda_dengan_layanan": "likert",
        "media_yang_anda_gunakan": "multiple",
        "saran": "text",
    }
    likert = codebook["seberapa_puas_anda_dengan_layanan"]
    assert likert.options[0] == "Sangat tidak puas" and likert.options[-1] == "Sangat puas"
    assert set(codebook["media_yang_anda_gunakan"].options) == {
        "Media sosial",
        "Televisi",
        "Situs web",
    }
    poll = import_new_poll(
        db, file, codebook, title="Kepuasan layanan", unit="cirebon-diskominfo", created_by="ana"
    )
    frame = responses(db, poll)
    assert len(frame) == 6
    assert frame["usia"].tolist() == [34, 51, 22, 45, 29, 38]
    assert frame["media_yang_anda_gunakan[Televisi]"].tolist() == [
        True,
        True,
        True,
        False,
        False,
        True,
    ]
    assert frame["seberapa_puas_anda_dengan_layanan"].cat.ordered
    assert frame["saran"].iloc[2] == "Situs sering lambat, tolong diperbaiki"
    assert pd.isna(frame["saran"].iloc[1])
    share = Design(frame).proportion("media_yang_anda_gunakan[Televisi]", True)
    assert share.estimate == pytest.approx(4 / 6)


def test_kobo_semicolon_cp1252_decimal_comma(db: Database) -> None:
    file = read_responses(KOBO, "kobo_export.csv")
    assert (file.encoding, file.separator, file.decimal_comma) == ("cp1252", ";", True)
    assert file.platform == "kobotoolbox"
    codebook = infer_codebook(file)
    types = _types(codebook)
    assert types["jarak_km"] == "numeric" and types["pengeluaran"] == "numeric"
    assert types["media"] == "multiple" and types["uuid"] == "meta" and "media_2" not in types
    assert codebook["media"].options == ("koran", "tv", "medsos")
    poll = import_new_poll(db, file, codebook, title="Kobo", unit="u", created_by="ana")
    frame = responses(db, poll)
    assert frame["jarak_km"].tolist() == [2.5, 12.75, 0.8]
    assert frame["pengeluaran"].tolist() == [1_250_000, 850_000, 2_100_500]
    assert frame["pendapat"].iloc[0] == "\u201cPelayanan sudah baik\u201d"
    assert frame["media[medsos]"].tolist() == [True, False, True]
    assert "_uuid" not in frame.columns


def test_limesurvey_title_row_tab_latin1_weights(db: Database) -> None:
    file = read_responses(LIMESURVEY, "results-survey123.csv")
    assert (file.separator, file.header_row, file.platform) == ("\t", 2, "limesurvey")
    assert file.file_row(0) == 3
    codebook = infer_codebook(file)
    types = _types(codebook)
    assert types["q1"] == "likert" and codebook["q1"].options == ("2", "3", "4")
    assert types["q2"] == "multiple" and codebook["q2"].options == ("SQ001", "SQ002", "SQ003")
    assert types["bobot"] == "weight" and types["id"] == "meta"
    poll = import_new_poll(db, file, codebook, title="Lime", unit="u", created_by="ana")
    frame = responses(db, poll)
    assert frame["bobot"].sum() == pytest.approx(6.0)
    design = Design(frame, weights="bobot")
    assert design.proportion("q2[SQ001]", True).estimate == pytest.approx(3.2 / 6.0)


def test_second_wave_uses_the_stored_codebook(db: Database) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), "w1.csv")
    poll = import_new_poll(db, file, infer_codebook(file), title="P", unit="u", created_by="a")
    again = read_responses(GOOGLE_FORMS.replace(";", ",").encode("cp1252"), "w2.csv")
    assert import_wave(db, poll, again, imported_by="a", label="Desember") == 2
    frame = responses(db, poll)
    assert frame.groupby("wave").size().tolist() == [6, 6]
    assert len(responses(db, poll, wave=2)) == 6
    assert list_polls(db).loc[0, "respondents"] == 12


def _count(db: Database) -> tuple[int, int, int]:
    polls = db.query("SELECT count(*) FROM polls")[0][0]
    waves = db.query("SELECT count(*) FROM poll_waves")[0][0]
    answers = db.query("SELECT count(*) FROM poll_answers")[0][0]
    return int(polls), int(waves), int(answers)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            GOOGLE_FORMS.replace("Laki-laki,45,", "Laki-laki,empat puluh,"),
            r"row 5, column 'Usia': 'empat puluh' is not a number",
        ),
        (
            GOOGLE_FORMS.replace("Cukup puas,", "Lumayan,", 1),
            r"row 4, column 'Seberapa puas .*\?': 'Lumayan' is not one of the options",
        ),
        (
            GOOGLE_FORMS.replace("Media sosial,Bagus", "Media sosial,Bagus,ekstra"),
            r"row 6: 8 fields but the header has 7",
        ),
    ],
)
def test_bad_file_names_row_and_column_and_stores_nothing(
    db: Database, content: str, message: str
) -> None:
    good = read_responses(GOOGLE_FORMS.encode(), "baik.csv")
    codebook = infer_codebook(good)

    def attempt() -> None:
        bad = read_responses(content.encode(), "buruk.csv")
        import_new_poll(db, bad, codebook, title="P", unit="u", created_by="a")

    with pytest.raises(ImportProblem, match=message):
        attempt()
    assert _count(db) == (0, 0, 0)


def test_bad_later_wave_leaves_earlier_waves_alone(db: Database) -> None:
    file = read_responses(KOBO, "kobo.csv")
    poll = import_new_poll(db, file, infer_codebook(file), title="K", unit="u", created_by="a")
    before = _count(db)
    broken = KOBO.replace(b";0;1;1;", b";0;ya?;1;")
    with pytest.raises(ImportProblem, match=r"row 2, column 'media/tv': 'ya\?' is not a tick"):
        import_wave(db, poll, read_responses(broken, "kobo2.csv"), imported_by="a")
    missing = KOBO.replace(b"jarak_km", b"jarak")
    with pytest.raises(ImportProblem, match="the column 'jarak_km' of the codebook is missing"):
        import_wave(db, poll, read_responses(missing, "kobo3.csv"), imported_by="a")
    assert _count(db) == before


def test_codebook_edits_are_checked_against_stored_answers(db: Database) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), "g.csv")
    poll = import_new_poll(db, file, infer_codebook(file), title="P", unit="u", created_by="a")
    table = poll_codebook(db, poll).frame()
    row = table.index[table["code"] == "kecamatan"][0]
    table.loc[row, "type"] = "likert"
    table.loc[row, "options"] = "Harjamukti | Kejaksan | Lemahwungkuk"
    save_codebook(db, poll, Codebook.from_frame(table))
    assert responses(db, poll)["kecamatan"].cat.ordered
    table.loc[row, "options"] = "Harjamukti | Kejaksan"
    with pytest.raises(ImportProblem, match=r"'kecamatan' cannot be likert.*'Lemahwungkuk'"):
        save_codebook(db, poll, Codebook.from_frame(table))
    blanks = table.assign(separator=None, options=table["options"].replace("", None))
    assert Codebook.from_frame(blanks)["usia"].separator is None
    assert Codebook.from_frame(blanks)["usia"].options == ()
    table.loc[row, "type"] = "pilihan"
    with pytest.raises(ImportProblem, match="type 'pilihan' is not one of"):
        Codebook.from_frame(table)


@pytest.mark.usefixtures("polling_users")
def test_poll_links_only_to_a_polling_record(db: Database, engine: Engine) -> None:
    add_user(db, "medcen", "Admin Medcen", PASSWORD, (Grant("admin_medcen", "kpu-cianjur"),))
    polling = engine.start("pemantau", "cirebon-polling", "Polling November").id
    other = engine.start("medcen", "cianjur-publikasi-medsos", "Rilis pers").id
    poll = create_poll(db, "Polling November", "cirebon-diskominfo", created_by="pemantau")
    link_record(db, poll, polling)
    assert list_polls(db).loc[0, "record_id"] == polling
    with pytest.raises(ImportProblem, match="not a polling SOP"):
        link_record(db, poll, other)


@pytest.mark.parametrize(
    ("text", "decimal_comma", "value"),
    [
        ("1.234,5", True, 1234.5),
        ("2,75", True, 2.75),
        ("1.250.000", True, 1_250_000.0),
        ("1,234.5", False, 1234.5),
        ("3.5", False, 3.5),
        ("dua", True, None),
    ],
)
def test_parse_number(text: str, decimal_comma: bool, value: float | None) -> None:
    assert parse_number(text, decimal_comma) == value


def test_empty_file_is_refused() -> None:
    with pytest.raises(ImportProblem, match=r"kosong\.csv is empty"):
        read_responses(b"  \n", "kosong.csv")


def _kobo_xlsx() -> bytes:
    """A KoboToolbox XLSX export: typed cells (numbers, dates), 0/1 option columns."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["start", "usia", "puas", "media/koran", "media/tv", "jarak_km", "_uuid"])
    sheet.append([datetime(2026, 11, 1, 8, 0), 34, "Puas", 0, 1, 2.5, "a1"])
    sheet.append([datetime(2026, 11, 1, 9, 0), 51, "Sangat puas", 1, 1, 12.75, "a2"])
    sheet.append([datetime(2026, 11, 2, 10, 0), 22, "Tidak puas", 1, 0, None, "a3"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_kobo_xlsx(db: Database) -> None:
    file = read_responses(_kobo_xlsx(), "kobo.xlsx")
    assert (file.encoding, file.separator, file.platform) == ("xlsx", None, "kobotoolbox")
    codebook = infer_codebook(file)
    types = _types(codebook)
    assert types["usia"] == "numeric" and types["media"] == "multiple"
    assert types["puas"] == "likert" and types["start"] == "meta"
    poll = import_new_poll(db, file, codebook, title="X", unit="u", created_by="a")
    frame = responses(db, poll)
    assert frame["jarak_km"].tolist()[:2] == [2.5, 12.75] and pd.isna(frame["jarak_km"].iloc[2])
    assert frame["media[koran]"].tolist() == [False, True, True]


def test_broken_xlsx_is_refused() -> None:
    with pytest.raises(ImportProblem, match=r"rusak\.xlsx is not a readable XLSX workbook"):
        read_responses(b"PK\x03\x04 not really a zip", "rusak.xlsx")


def test_a_one_question_export_reads_its_single_column() -> None:
    data = b"Saran untuk layanan kami\nAntrean lebih cepat\nPetugas ramah\n"
    read = read_responses(data, "saran.csv")
    assert list(read.frame.columns) == ["Saran untuk layanan kami"]
    assert read.frame.iloc[:, 0].tolist() == ["Antrean lebih cepat", "Petugas ramah"]
