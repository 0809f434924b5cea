"""DIP import, review queue, review operations, the consequence test and retraining, on real
DuckDB files with real DIP items."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.dip import versions
from analytics.dip.corpus import load_corpus
from analytics.dip.io import COLUMNS, DipImportError, canonical, read_table
from analytics.dip.publish import approved, dip_pdf, dip_xlsx, excepted
from analytics.dip.store import (
    CONSEQUENCE_SOP,
    ConsequenceWorksheet,
    NeedsConsequenceTest,
    accept,
    bulk_accept,
    confirm_excepted,
    correct,
    import_items,
    queue,
)
from analytics.dip.versions import (
    fitted_model,
    model_versions,
    retrain,
    suggest_new,
    training_items,
)
from analytics.export import xlsx_bytes
from tests.conftest import PASSWORD, Clock
from workflows.db import Database
from workflows.engine import Engine
from workflows.errors import InvalidTransition, RoleNotAllowed
from workflows.users import Grant, add_user

AGENCY = (
    "Kantor UPBU Tardamu (Bandar Udara Tardamu, Sabu Raijua; "
    "UPT Ditjen Perhubungan Udara, Kemenhub)"
)
JENIS = "Jenis/Klasifikasi Informasi"
PERKI_HEADERS = {
    "No": "nomor",
    "Judul": "text",
    "Ringkasan Isi Informasi": "ringkasan",
    "Pejabat/Unit yang Menguasai Informasi": "pejabat_unit",
    "Penanggung Jawab Pembuatan/Penerbitan": "pj",
    "Jangka Waktu Penyimpanan": "retensi",
    "Jenis/Klasifikasi Informasi": "jenis",
}


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return load_corpus()


@pytest.fixture(scope="module")
def training(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every third item of the other agencies: real data, a quicker fit."""
    return corpus[corpus["agency"] != AGENCY].iloc[::3]


def _perki_table(items: pd.DataFrame, labelled: int) -> pd.DataFrame:
    """The agency's items as an office would type its DIP (first ``labelled`` rows labelled)."""
    jenis = [
        f"Informasi {c.replace('_', ' ').title()}" if i < labelled else ""
        for i, c in enumerate(items["category"])
    ]
    return pd.DataFrame(
        {
            "No": range(1, len(items) + 1),
            "Judul": items["text"].to_numpy(),
            "Ringkasan Isi Informasi": items["ringkasan"].to_numpy(),
            "Pejabat/Unit yang Menguasai Informasi": "Subbagian Tata Usaha",
            "Penanggung Jawab Pembuatan/Penerbitan": "Kepala Kantor",
            "Jangka Waktu Penyimpanan": "5 tahun",
            "Jenis/Klasifikasi Informasi": jenis,
        }
    )


def _csv(table: pd.DataFrame, sep: str = ";", encoding: str = "cp1252") -> bytes:
    return table.to_csv(sep=sep, index=False).encode(encoding)


@pytest.fixture(scope="module")
def agency_items(corpus: pd.DataFrame) -> pd.DataFrame:
    return corpus[corpus["agency"] == AGENCY]


def test_perki_headers_semicolons_and_windows_encoding(agency_items: pd.DataFrame) -> None:
    table = _perki_table(agency_items, labelled=20)
    frame = canonical(read_table(_csv(table), "dip.csv"), "dip.csv")
    assert list(frame.columns) == list(COLUMNS)
    assert frame.index[0] == 2 and len(frame) == len(agency_items)
    assert frame.loc[2, "title"] == agency_items["text"].iloc[0]
    assert frame.loc[2, "unit"] == "Subbagian Tata Usaha"
    assert frame.loc[2, "retensi"] == "5 tahun"
    assert (frame["category"].iloc[:20] == agency_items["category"].iloc[:20].to_numpy()).all()
    assert (frame["category"].iloc[20:] == "").all()


def test_xlsx_import(agency_items: pd.DataFrame) -> None:
    data = xlsx_bytes({"DIP": _perki_table(agency_items, labelled=5)})
    frame = canonical(read_table(data, "dip.xlsx"), "dip.xlsx")
    assert len(frame) == len(agency_items) and frame["category"].iloc[:5].ne("").all()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda t: t.assign(Judul=t["Judul"].where(t.index != 4, "  ")),
         r"empty title in row\(s\) 6"),
        (lambda t: t.assign(Judul=t["Judul"].where(t.index != 7, t["Judul"][2].upper())),
         r"same title appears in row\(s\) 4, 9"),
        (lambda t: t.assign(**{JENIS: t[JENIS].where(t.index != 3, "Rahasia Negara")}),
         r"unknown category in row\(s\) 5 \(Rahasia Negara\)"),
        (lambda t: t.drop(columns=["Judul", "Ringkasan Isi Informasi"]), "no title column"),
    ],
)  # fmt: skip
def test_bad_files_are_refused_with_their_rows(
    db: Database, agency_items: pd.DataFrame, damage: object, message: str
) -> None:
    table = damage(_perki_table(agency_items, labelled=10))  # type: ignore[operator]
    with pytest.raises(DipImportError, match=message):
        canonical(read_table(_csv(table, sep=","), "dip.csv"), "dip.csv")


def test_mixed_encodings_are_refused(agency_items: pd.DataFrame) -> None:
    table = _perki_table(agency_items.head(6), labelled=0)
    table.loc[1, "Judul"] = "Pengumuman Pemenang Lelang – Tahap I"
    table.loc[3, "Judul"] = "Laporan Tahunan Kepala Kantor – 2025"
    lines = table.to_csv(index=False).split("\n")
    data = "\n".join(lines[:3]).encode("utf-8") + b"\n" + "\n".join(lines[3:]).encode("cp1252")
    with pytest.raises(
        DipImportError, match=r"mixed encodings: line\(s\) 3 are UTF-8 but line\(s\) 5"
    ):
        read_table(data, "dip.csv")


def test_import_is_all_or_nothing(db: Database, clock: Clock, agency_items: pd.DataFrame) -> None:
    frame = canonical(read_table(_csv(_perki_table(agency_items, 20)), "a.csv"), "a.csv")
    assert import_items(db, frame, agency=AGENCY, user="ppid", source="a.csv", clock=clock) == 61
    again = frame.iloc[[0, 1]].copy()
    extra = frame.iloc[[2]].assign(title="Daftar Informasi Publik Tahun 2027")
    with pytest.raises(DipImportError, match=r"row\(s\) 2, 3 repeat items"):
        import_items(db, pd.concat([extra, again]), agency=AGENCY, user="ppid", source="b.csv")
    counts = dict(db.query("SELECT status, count(*) FROM dip_items GROUP BY status"))
    assert counts == {"ditinjau": 20, "baru": 41}


WORKSHEET = ConsequenceWorksheet(
    informasi="Data pribadi ASN yang tercantum dalam dokumen kepegawaian",
    dasar_hukum="UU 14/2008 Pasal 17 huruf h angka 2",
    konsekuensi_dibuka="mengungkap rahasia pribadi pegawai",
    konsekuensi_ditutup="hak pegawai atas data pribadinya terlindungi",
    jangka_waktu="selama yang bersangkutan menjadi pegawai",
)


@pytest.fixture
def reviewed_db(
    db: Database, clock: Clock, agency_items: pd.DataFrame, training: pd.DataFrame
) -> Database:
    frame = canonical(read_table(_csv(_perki_table(agency_items, 20)), "a.csv"), "a.csv")
    import_items(db, frame, agency=AGENCY, user="ppid", source="a.csv", clock=clock)
    retrain(db, "ppid", clock=clock, corpus=training)
    return db


def test_retrain_stores_a_version_and_suggests(
    reviewed_db: Database, training: pd.DataFrame
) -> None:
    (version,) = model_versions(reviewed_db)
    assert version.version == 1 and version.reviewed_items == 20
    assert version.corpus_items == len(training)
    assert 0 < version.metrics["category_macro_f1"] < 1 and version.metrics["folds"] == 3
    waiting = queue(reviewed_db, limit=100)
    assert len(waiting) == 41 and (waiting["model_version"] == 1).all()
    assert waiting["category_confidence"].is_monotonic_increasing
    confident = queue(reviewed_db, limit=100, most_confident_first=True)
    assert confident["category_confidence"].is_monotonic_decreasing
    assert set(confident["id"]) == set(waiting["id"])
    assert waiting["explanation"].str.contains("istilah").all()
    top = waiting.iloc[0]
    same_topic = queue(reviewed_db, suggested_topic=top["suggested_topic"], agency=AGENCY)
    assert set(same_topic["suggested_topic"]) == {top["suggested_topic"]}
    assert len(queue(reviewed_db, limit=100, unit="Subbagian Tata Usaha")) == 41
    assert queue(reviewed_db, unit="Bagian Umum").empty
    with pytest.raises(ValueError, match="unknown filters"):
        queue(reviewed_db, status="ditinjau")


def test_an_import_gets_the_latest_versions_suggestions_without_a_retrain(
    reviewed_db: Database, clock: Clock, corpus: pd.DataFrame, training: pd.DataFrame
) -> None:
    (version,) = model_versions(reviewed_db)
    clock.tick(hours=1)
    accept(reviewed_db, int(queue(reviewed_db, limit=1)["id"].iloc[0]), "ppid", clock=clock)
    # Reviewed after version 1, so not part of the data version 1 is rebuilt from.
    assert len(training_items(reviewed_db, training, version.created_at)) == len(training) + 20
    assert len(training_items(reviewed_db, training)) == len(training) + 21

    unseen = corpus[corpus["agency"] != AGENCY].iloc[1:60:3]
    table = pd.DataFrame({"No": range(1, len(unseen) + 1), "Judul": unseen["text"].to_numpy()})
    frame = canonical(read_table(_csv(table), "baru.csv"), "baru.csv")
    import_items(reviewed_db, frame, agency="Dinas Uji", user="ppid", source="baru.csv")
    assert suggest_new(reviewed_db, training) == len(unseen)
    kept = queue(reviewed_db, agency="Dinas Uji", limit=100).set_index("id").sort_index()
    assert len(kept) == len(unseen) and (kept["model_version"] == 1).all()
    assert suggest_new(reviewed_db, training) == 0  # nothing left without a suggestion

    versions._FITTED.clear()  # another process: version 1 is rebuilt from its own data
    rebuilt = fitted_model(reviewed_db, version, training).suggest(
        kept.rename(columns={"title": "text"})[["text", "agency"]]
    )
    assert rebuilt["category"].tolist() == kept["suggested_category"].tolist()
    assert rebuilt["category_confidence"].to_numpy() == pytest.approx(
        kept["category_confidence"].to_numpy()
    )


def test_accept_correct_and_no_second_review(reviewed_db: Database, clock: Clock) -> None:
    waiting = queue(reviewed_db, limit=100)
    ordinary = waiting[waiting["suggested_category"] != "dikecualikan"]
    first, second = int(ordinary["id"].iloc[0]), int(ordinary["id"].iloc[1])
    accept(reviewed_db, first, "ppid", clock=clock)
    correct(reviewed_db, second, "ppid", "kinerja_pelaporan", "berkala", clock=clock)
    rows = reviewed_db.query(
        "SELECT id, topic, category, status, reviewed_by FROM dip_items "
        "WHERE id IN (?, ?) ORDER BY id",
        [first, second],
    )
    assert rows[0][1:] == (
        ordinary["suggested_topic"].iloc[0],
        ordinary["suggested_category"].iloc[0],
        "ditinjau",
        "ppid",
    )
    assert rows[1][1:] == ("kinerja_pelaporan", "berkala", "ditinjau", "ppid")
    log = reviewed_db.query("SELECT item_id, action FROM dip_reviews ORDER BY item_id")
    assert sorted(log) == sorted([(first, "terima"), (second, "koreksi")])
    with pytest.raises(InvalidTransition, match=r"not waiting for review \(ditinjau by ppid"):
        accept(reviewed_db, first, "ppid2", clock=clock)
    with pytest.raises(NeedsConsequenceTest):
        correct(reviewed_db, int(ordinary["id"].iloc[2]), "ppid", None, "dikecualikan")


def test_bulk_accept_never_takes_an_exception(reviewed_db: Database, clock: Clock) -> None:
    before = queue(reviewed_db, limit=100)
    accepted = bulk_accept(reviewed_db, "ppid", 0.6, clock=clock)
    expected = before[
        (before["topic_confidence"] >= 0.6)
        & (before["category_confidence"] >= 0.6)
        & (before["suggested_category"] != "dikecualikan")
    ]
    assert accepted == len(expected) > 0
    after = queue(reviewed_db, limit=100)
    assert len(after) == len(before) - accepted
    excepted = before[before["suggested_category"] == "dikecualikan"]
    assert set(excepted["id"]) <= set(after["id"])
    assert (
        reviewed_db.query("SELECT count(*) FROM dip_reviews WHERE action = 'terima_massal'")[0][0]
        == accepted
    )


def test_an_exception_opens_the_consequence_test(reviewed_db: Database, engine: Engine) -> None:
    add_user(
        reviewed_db,
        "ppid.serang",
        "PPID Pembantu",
        PASSWORD,
        (Grant("ppid_pembantu", "serang-ppid"),),
    )
    add_user(reviewed_db, "staf", "Staf", PASSWORD, (Grant("staf_pelaksana", "serang-ppid"),))
    item = int(queue(reviewed_db, limit=1)["id"].iloc[0])
    worksheet = WORKSHEET
    no_basis = ConsequenceWorksheet(**{**worksheet.__dict__, "dasar_hukum": " "})
    with pytest.raises(InvalidTransition, match="lacks: dasar_hukum"):
        confirm_excepted(reviewed_db, engine, item, "ppid.serang", no_basis)
    with pytest.raises(RoleNotAllowed):
        confirm_excepted(reviewed_db, engine, item, "staf", worksheet)
    record = confirm_excepted(reviewed_db, engine, item, "ppid.serang", worksheet)
    assert record.sop_id == CONSEQUENCE_SOP and record.status == "berjalan"
    start = engine.history(record.id)[0]
    assert (
        start.payload["requirements"]["lembar_dasar_hukum"] == "UU 14/2008 Pasal 17 huruf h angka 2"
    )
    row = reviewed_db.query(
        "SELECT category, status, consequence_record FROM dip_items WHERE id = ?", [item]
    )[0]
    assert row == ("dikecualikan", "uji_konsekuensi", record.id)


def test_an_item_reviewed_meanwhile_leaves_no_consequence_test(
    reviewed_db: Database, clock: Clock
) -> None:
    add_user(
        reviewed_db, "ppid.serang", "PPID Pembantu", PASSWORD,
        (Grant("ppid_pembantu", "serang-ppid"),),
    )  # fmt: skip
    item = int(queue(reviewed_db, limit=1)["id"].iloc[0])

    def colleague_accepts_first() -> datetime:
        # The engine reads its clock after the checks and before its transaction: the moment
        # a colleague's accept lands between the PPID opening the worksheet and saving it.
        accept(reviewed_db, item, "ppid.lain", clock=clock)
        return clock()

    racing = Engine(reviewed_db, clock=colleague_accepts_first)
    with pytest.raises(InvalidTransition, match=r"not waiting for review \(ditinjau by ppid.lain"):
        confirm_excepted(reviewed_db, racing, item, "ppid.serang", WORKSHEET)
    assert reviewed_db.query("SELECT count(*) FROM records")[0][0] == 0
    assert reviewed_db.query("SELECT count(*) FROM events")[0][0] == 0
    row = reviewed_db.query("SELECT status, reviewed_by FROM dip_items WHERE id = ?", [item])[0]
    assert row == ("ditinjau", "ppid.lain")


def test_retraining_learns_from_the_reviews(
    reviewed_db: Database, clock: Clock, training: pd.DataFrame
) -> None:
    bulk_accept(reviewed_db, "ppid", 0.6, clock=clock)
    version, _ = retrain(reviewed_db, "ppid", clock=clock, corpus=training)
    assert version.version == 2
    assert version.reviewed_items > 20
    assert [v.version for v in model_versions(reviewed_db)] == [1, 2]
    assert (queue(reviewed_db, limit=100)["model_version"] == 2).all()


def test_the_official_dip_and_the_dik(reviewed_db: Database, engine: Engine, clock: Clock) -> None:
    add_user(reviewed_db, "ppid.serang", "PPID", PASSWORD, (Grant("ppid_pembantu", "serang-ppid"),))
    bulk_accept(reviewed_db, "ppid", 0.6, clock=clock)
    item = int(queue(reviewed_db, limit=1)["id"].iloc[0])
    worksheet = ConsequenceWorksheet(
        "Rincian harga penawaran", "UU 14/2008 Pasal 17 huruf b", "persaingan usaha terganggu",
        "proses tender terlindungi", "sampai kontrak selesai",
    )  # fmt: skip
    record = confirm_excepted(reviewed_db, engine, item, "ppid.serang", worksheet)
    sections = approved(reviewed_db, AGENCY)
    counts = dict(
        reviewed_db.query(
            "SELECT category, count(*) FROM dip_items WHERE status = 'ditinjau' GROUP BY 1"
        )
    )
    for category, frame in sections.items():
        assert len(frame) == counts.get(category, 0)
        assert list(frame.columns[:3]) == ["No", "Judul", "Ringkasan Isi Informasi"]
        assert list(frame["No"]) == list(range(1, len(frame) + 1))
    dik = excepted(reviewed_db, AGENCY)
    row = dik[dik["Rekaman Uji Konsekuensi"] == record.id].iloc[0]
    assert row["Dasar Hukum"] == "UU 14/2008 Pasal 17 huruf b" and row["Status Uji"] == "berjalan"
    workbook = load_workbook(io.BytesIO(dip_xlsx(reviewed_db, AGENCY)))
    assert workbook.sheetnames == ["Berkala", "Serta Merta", "Setiap Saat", "Dikecualikan"]
    assert workbook["Dikecualikan"].max_row == len(dik) + 1
    assert dip_pdf(reviewed_db, AGENCY).startswith(b"%PDF")
