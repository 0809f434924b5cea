"""Labels of the compliance dashboards."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "cmp.from": ("Dari tanggal", "From date"),
    "cmp.to": ("Sampai tanggal", "To date"),
    "cmp.rate": ("Kepatuhan waktu", "On-time compliance"),
    "cmp.judged": ("Langkah dinilai", "Steps judged"),
    "cmp.overdue_now": ("Rekaman lewat tenggat", "Records past due"),
    "cmp.ftr": ("Tepat pertama kali", "First time right"),
    "cmp.trend": ("Kepatuhan per bulan", "Compliance by month"),
    "cmp.worst": ("Langkah dengan kepatuhan terendah", "Steps with the lowest compliance"),
    "cmp.waiting": ("Rekaman terbuka yang paling lama menunggu", "Open records waiting longest"),
    "cmp.slowest": ("Langkah paling lambat tiap SOP", "Slowest step of each SOP"),
    "cmp.slowest_help": (
        (
            "Di antara langkah yang memiliki standar waktu: median waktu kerja terpanjang. Rekaman "
            "di baliknya ada di halaman Kepatuhan per SOP."
        ),
        (
            "Among the steps with a standard time: the longest median working time. The records "
            "behind it are on the Compliance per SOP page."
        ),
    ),
    "cmp.none": (
        "Belum ada langkah selesai untuk pilihan ini.",
        "No completed steps for this selection yet.",
    ),
    "cmp.none_open": ("Tidak ada rekaman terbuka.", "No open records."),
    "cmp.steps": ("Kinerja tiap langkah", "Performance of each step"),
    "cmp.flowchart": (
        (
            "Diagram alir, diwarnai menurut kepatuhan (hijau ≥ 90%, kuning ≥ 70%, merah di "
            "bawahnya; abu-abu: tanpa standar atau belum dinilai)"
        ),
        (
            "Flowchart coloured by compliance (green ≥ 90%, yellow ≥ 70%, red below; grey: no "
            "standard or nothing judged yet)"
        ),
    ),
    "cmp.drill": ("Rekaman di balik angka", "Records behind the figures"),
    "cmp.drill_pick": ("Langkah", "Step"),
    "cmp.drill_late": ("Hanya yang terlambat", "Late ones only"),
    "cmp.monitoring": (
        "Monitoring semester (Tabel 7 Monitoring Pelaksanaan SOP AP)",
        "Semester monitoring (Table 7, SOP implementation monitoring)",
    ),
    "cmp.year": ("Tahun", "Year"),
    "cmp.half": ("Semester", "Semester"),
    "cmp.threshold": (
        'Ambang "Berjalan dengan baik" (% kepatuhan)',
        'Threshold for "running well" (% compliance)',
    ),
    "cmp.xlsx": ("Unduh XLSX", "Download XLSX"),
    "cmp.pdf": ("Unduh PDF", "Download PDF"),
    "cmp.png": ("Unduh grafik (PNG)", "Download chart (PNG)"),
    "cmp.col_n": ("Selesai", "Completed"),
    "cmp.col_judged": ("Dinilai", "Judged"),
    "cmp.col_rate": ("Kepatuhan (%)", "Compliance (%)"),
    "cmp.col_median": ("Median waktu kerja", "Median working time"),
    "cmp.col_p90": ("P90 waktu kerja", "P90 working time"),
    "cmp.col_standard": ("Standar", "Standard"),
    "cmp.col_month": ("Bulan", "Month"),
    "cmp.col_waited": ("Sudah menunggu (waktu kerja)", "Waited so far (working time)"),
    "cmp.col_actor": ("Pelaksana", "Performed by"),
    "cmp.col_ended": ("Selesai pada", "Completed at"),
    "cmp.col_duration": ("Waktu kerja", "Working time"),
    "cmp.col_late": ("Terlambat", "Late"),
}
