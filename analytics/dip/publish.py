"""The approved DIP as the official table (Perki 1/2010 Pasal 5 columns, grouped by category),
and the DIK with its consequence-test records, as XLSX and PDF ready to publish."""

from __future__ import annotations

import pandas as pd

from analytics.export import Heading, Paragraph, Table, pdf_bytes, xlsx_bytes
from workflows.db import Database

SECTIONS = {
    "berkala": ("Berkala", "Informasi yang Wajib Disediakan dan Diumumkan Secara Berkala"),
    "serta_merta": ("Serta Merta", "Informasi yang Wajib Diumumkan Secara Serta Merta"),
    "setiap_saat": ("Setiap Saat", "Informasi yang Wajib Tersedia Setiap Saat"),
}
PERKI_COLUMNS = {
    "nomor": "No",
    "title": "Judul",
    "ringkasan": "Ringkasan Isi Informasi",
    "unit": "Pejabat/Unit yang Menguasai Informasi",
    "penanggung_jawab": "Penanggung Jawab Pembuatan/Penerbitan",
    "waktu_tempat": "Waktu dan Tempat Pembuatan",
    "bentuk": "Bentuk Informasi",
    "retensi": "Jangka Waktu Penyimpanan",
}
DIK_COLUMNS = {
    "nomor": "No",
    "title": "Informasi yang Dikecualikan",
    "dasar_hukum": "Dasar Hukum",
    "consequence_record": "Rekaman Uji Konsekuensi",
    "status": "Status Uji",
}


def approved(db: Database, agency: str) -> dict[str, pd.DataFrame]:
    """The agency's reviewed items per public category (keys of :data:`SECTIONS`), numbered
    from 1, in Perki columns."""
    frame = (
        db.cursor()
        .execute(
            "SELECT category, title, ringkasan, unit, penanggung_jawab, waktu_tempat, bentuk, "
            "retensi FROM dip_items WHERE agency = ? AND status = 'ditinjau' "
            "AND category <> 'dikecualikan' ORDER BY category, id",
            [agency],
        )
        .df()
    )
    sections: dict[str, pd.DataFrame] = {}
    for category in SECTIONS:
        part = frame[frame["category"] == category].drop(columns="category")
        part.insert(0, "nomor", range(1, len(part) + 1))
        sections[category] = part.rename(columns=PERKI_COLUMNS).reset_index(drop=True)
    return sections


def excepted(db: Database, agency: str) -> pd.DataFrame:
    """The DIK: excepted items with the consequence-test record that decided each."""
    frame = (
        db.cursor()
        .execute(
            "SELECT i.title, coalesce(json_extract_string(e.payload, "
            "'$.requirements.lembar_dasar_hukum'), i.dasar_hukum) AS dasar_hukum, "
            "i.consequence_record, coalesce(r.status, '') AS status FROM dip_items i "
            "LEFT JOIN records r ON r.id = i.consequence_record "
            "LEFT JOIN events e ON e.record_id = i.consequence_record AND e.seq = 1 "
            "WHERE i.agency = ? AND i.category = 'dikecualikan' "
            "AND i.status IN ('ditinjau', 'uji_konsekuensi') ORDER BY i.id",
            [agency],
        )
        .df()
    )
    frame.insert(0, "nomor", range(1, len(frame) + 1))
    return frame.rename(columns=DIK_COLUMNS)


def dip_xlsx(db: Database, agency: str) -> bytes:
    """One sheet per public category and one for the DIK."""
    sheets = {SECTIONS[category][0]: frame for category, frame in approved(db, agency).items()}
    return xlsx_bytes({**sheets, "Dikecualikan": excepted(db, agency)})


def dip_pdf(db: Database, agency: str) -> bytes:
    """The official DIP: a section per category, then the DIK."""
    blocks: list[Heading | Paragraph | Table] = []
    for category, frame in approved(db, agency).items():
        blocks.append(Heading(SECTIONS[category][1]))
        blocks.append(Table(frame) if len(frame) else Paragraph("-"))
    blocks.append(Heading("Daftar Informasi yang Dikecualikan"))
    dik = excepted(db, agency)
    blocks.append(Table(dik) if len(dik) else Paragraph("-"))
    return pdf_bytes(f"Daftar Informasi Publik {agency}", blocks, wide=True)
