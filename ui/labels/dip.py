"""Labels of the PPID pages: DIP review queue, model and export."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "dip.import": ("Impor DIP (CSV/XLSX, kolom Perki)", "Import a DIP (CSV/XLSX, Perki columns)"),
    "dip.agency": ("Badan publik", "Public body"),
    "dip.import_button": ("Impor", "Import"),
    "dip.imported": ("item diimpor", "items imported"),
    "dip.suggested_now": (
        "mendapat saran dari model versi terakhir",
        "got suggestions from the latest model version",
    ),
    "dip.retrain": (
        "Latih ulang model dan perbarui saran",
        "Retrain the model and refresh suggestions",
    ),
    "dip.retrained": ("Model versi", "Model version"),
    "dip.counts": ("Item per status", "Items per status"),
    "dip.filter_agency": ("Badan publik", "Public body"),
    "dip.filter_unit": ("Unit yang menguasai", "Unit holding it"),
    "dip.filter_topic": ("Topik saran", "Suggested topic"),
    "dip.filter_category": ("Kategori saran", "Suggested category"),
    "dip.all": ("(semua)", "(all)"),
    "dip.queue": (
        "Antrean tinjauan (paling tidak yakin lebih dulu)",
        "Review queue (least confident first)",
    ),
    "dip.queue_empty": (
        "Tidak ada saran yang menunggu tinjauan.",
        "No suggestion is waiting for review.",
    ),
    "dip.most_first": ("Paling yakin lebih dulu", "Most confident first"),
    "dip.most_first_help": (
        (
            "Meninjau saran yang paling yakin lebih dulu mengajarkan kebiasaan badan publik kepada "
            "model sebelum item yang sulit (lihat `lentera dip evaluate --order most`)."
        ),
        (
            "Reviewing the most confident suggestions first teaches the model the public body's "
            "habits before the hard items (see `lentera dip evaluate --order most`)."
        ),
    ),
    "dip.unsuggested": (
        "item belum punya saran: latih ulang model untuk membuat sarannya.",
        "items have no suggestion yet: retrain the model to suggest them.",
    ),
    "dip.pick": ("Pilih satu baris untuk meninjaunya.", "Select one row to review it."),
    "dip.explanation": ("Alasan saran", "Why this suggestion"),
    "dip.accept": ("Terima saran", "Accept suggestion"),
    "dip.correct": ("Simpan koreksi", "Save correction"),
    "dip.topic": ("Topik", "Topic"),
    "dip.category": ("Kategori", "Category"),
    "dip.saved": ("Tersimpan.", "Saved."),
    "dip.bulk": (
        "Terima massal: saran dengan keyakinan topik dan kategori minimal",
        "Bulk accept: suggestions whose topic and category confidence reach",
    ),
    "dip.bulk_button": ("Terima massal (tanpa dikecualikan)", "Bulk accept (never dikecualikan)"),
    "dip.bulk_done": ("saran diterima", "suggestions accepted"),
    "dip.excepted": (
        (
            "Kategori dikecualikan hanya ditetapkan lewat Uji Konsekuensi: isi lembar uji di bawah "
            "ini."
        ),
        "Dikecualikan is set only through the consequence test: fill in the worksheet below.",
    ),
    "dip.ws_informasi": ("Informasi yang dikecualikan", "Information to except"),
    "dip.ws_dasar_hukum": (
        "Dasar hukum (Pasal 17 huruf/angka UU 14/2008 atau undang-undang lain)",
        "Legal basis (UU 14/2008 Article 17 letter/number, or another statute)",
    ),
    "dip.ws_dibuka": ("Konsekuensi bila dibuka", "Consequence if disclosed"),
    "dip.ws_ditutup": ("Konsekuensi bila ditutup", "Consequence if withheld"),
    "dip.ws_jangka": ("Jangka waktu pengecualian", "Duration of the exception"),
    "dip.ws_open": ("Buka Uji Konsekuensi", "Open the consequence test"),
    "dip.ws_opened": (
        "Uji Konsekuensi dibuka, rekaman nomor",
        "Consequence test opened, record number",
    ),
    "dip.col_title": ("Judul", "Title"),
    "dip.col_agency": ("Badan publik", "Public body"),
    "dip.col_topic": ("Topik saran", "Suggested topic"),
    "dip.col_topic_conf": ("Keyakinan topik", "Topic confidence"),
    "dip.col_category": ("Kategori saran", "Suggested category"),
    "dip.col_category_conf": ("Keyakinan kategori", "Category confidence"),
    "dip.export_xlsx": ("Unduh DIP resmi (XLSX)", "Download the official DIP (XLSX)"),
    "dip.export_pdf": ("Unduh DIP resmi (PDF)", "Download the official DIP (PDF)"),
    "dip.export_hint": (
        "Pilih satu badan publik untuk mengunduh DIP resminya (XLSX, PDF).",
        "Pick one public body to download its official DIP (XLSX, PDF).",
    ),
    "dip.versions": ("Versi model", "Model versions"),
    "dip.no_versions": (
        "Belum ada versi model: latih ulang dari halaman Tinjauan DIP.",
        "No model version yet: retrain from the DIP review page.",
    ),
    "dip.col_version": ("Versi", "Version"),
    "dip.col_created": ("Dilatih", "Trained"),
    "dip.col_by": ("Oleh", "By"),
    "dip.col_reviewed": ("Item ditinjau", "Reviewed items"),
    "dip.col_accuracy": ("Akurasi kategori", "Category accuracy"),
    "dip.col_f1": ("Macro-F1 kategori", "Category macro-F1"),
    "dip.col_topic_f1": ("Macro-F1 topik", "Topic macro-F1"),
    "dip.confusion": (
        "Matriks kebingungan versi terakhir (baris: kategori benar, kolom: saran)",
        "Confusion matrix of the latest version (rows: true category, columns: suggested)",
    ),
    "dip.curve": (
        "Macro-F1 kategori terhadap jumlah item ditinjau",
        "Category macro-F1 against the number of reviewed items",
    ),
    "dip.method": (
        (
            "Diukur dengan validasi silang GroupKFold per badan publik: setiap badan publik diuji "
            "oleh model yang tidak pernah melihat itemnya."
        ),
        (
            "Measured by GroupKFold cross-validation on the public body: each body is tested by a "
            "model that never saw its items."
        ),
    ),
}
