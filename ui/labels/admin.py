"""Labels of the administration page."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "admin.tab_users": ("Pengguna dan peran", "Users and roles"),
    "admin.tab_units": ("Unit dan kalender kerja", "Units and working calendars"),
    "admin.tab_audit": ("Rantai audit", "Audit chain"),
    "admin.tab_log": ("Riwayat perubahan", "Recent changes"),
    "admin.yes": ("Ya", "Yes"),
    "admin.no": ("Tidak", "No"),
    "admin.add_user": ("Tambah pengguna", "Add a user"),
    "admin.username": ("Nama pengguna", "User name"),
    "admin.full_name": ("Nama lengkap", "Full name"),
    "admin.initial_password": (
        "Kata sandi awal (minimal 8 karakter)",
        "Initial password (at least 8 characters)",
    ),
    "admin.grants": ("Peran per unit", "Roles per unit"),
    "admin.add_submit": ("Tambah pengguna", "Add user"),
    "admin.pick_user": ("Pilih pengguna", "Choose a user"),
    "admin.save_grants": ("Simpan peran", "Save roles"),
    "admin.deactivate": ("Nonaktifkan pengguna", "Deactivate user"),
    "admin.activate": ("Aktifkan kembali", "Reactivate user"),
    "admin.new_password": (
        "Kata sandi baru (minimal 8 karakter)",
        "New password (at least 8 characters)",
    ),
    "admin.reset_password": ("Atur ulang kata sandi", "Reset password"),
    "admin.sso_identity": ("Identitas SSO (e-mail)", "SSO identity (e-mail)"),
    "admin.sso_link": ("Tautkan identitas SSO", "Link SSO identity"),
    "admin.sso_unlink": ("Lepas identitas SSO", "Unlink SSO identity"),
    "admin.done": ("Perubahan disimpan:", "Change saved:"),
    "admin.pick_unit": ("Pilih unit", "Choose a unit"),
    "admin.calendar": ("Kalender kerja", "Working calendar"),
    "admin.zone": ("Zona waktu", "Time zone"),
    "admin.cuti_switch": (
        "Cuti bersama dihitung sebagai hari libur",
        "Cuti bersama count as days off",
    ),
    "admin.weekly_help": (
        (
            "Jendela kerja seperti 07:30-12:00, 13:00-16:00 (jeda di antaranya); kosong atau - "
            "berarti libur."
        ),
        (
            "Working windows such as 07:30-12:00, 13:00-16:00 (a break between them); empty or - "
            "means closed."
        ),
    ),
    "admin.save_calendar": ("Simpan kalender", "Save calendar"),
    "admin.overrides": ("Hari khusus", "Single-day overrides"),
    "admin.overrides_none": (
        "Belum ada hari khusus untuk unit ini.",
        "This unit has no single-day overrides yet.",
    ),
    "admin.override_day": ("Tanggal", "Date"),
    "admin.override_windows": (
        "Jam kerja (kosong berarti tutup)",
        "Working hours (empty means closed)",
    ),
    "admin.override_note": ("Catatan", "Note"),
    "admin.override_add": ("Simpan hari khusus", "Save override"),
    "admin.override_remove": ("Hapus hari khusus", "Remove override"),
    "admin.next_days": ("Jam kerja 14 hari ke depan", "Working hours of the next 14 days"),
    "admin.verify": ("Periksa rantai audit", "Verify the audit chain"),
    "admin.verify_help": (
        "Menghitung ulang hash setiap peristiwa pada setiap rekaman dan membandingkannya.",
        "Recomputes the hash of every event of every record and compares them.",
    ),
    "admin.audit_ok": (
        "Rantai audit utuh: {records} rekaman dan {events} peristiwa diperiksa.",
        "The audit chain is intact: {records} records and {events} events checked.",
    ),
    "admin.audit_broken": (
        "Rantai audit rusak: {problems} masalah pada {records} rekaman dan {events} peristiwa.",
        (
            "The audit chain is broken: {problems} problems in {records} records and {events} "
            "events."
        ),
    ),
    "admin.log_none": ("Belum ada perubahan yang tercatat.", "No changes recorded yet."),
}
