"""Labels of the SOP pages: catalog, inbox, record list, new record and record."""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, tuple[str, str]]] = {
    "inbox.empty": (
        (
            "Tidak ada rekaman yang menunggu tindakan Anda. Rekaman baru muncul di sini saat "
            "langkahnya menjadi tugas peran Anda."
        ),
        (
            "No records are waiting for you. A record appears here when its step becomes your "
            "role's task."
        ),
    ),
    "inbox.intro": (
        "Rekaman yang menunggu peran Anda, tenggat terdekat lebih dulu.",
        "Records waiting on your roles, soonest due first.",
    ),
    "inbox.open": ("Buka", "Open"),
    "inbox.left": ("sisa", "left"),
    "inbox.overdue": ("terlambat", "overdue"),
    "inbox.no_due": ("tanpa tenggat", "no due time"),
    "inbox.waiting_until": ("menunggu sampai", "waiting until"),
    "record.pick": ("Nomor rekaman", "Record number"),
    "record.pick_hint": (
        "Pilih rekaman dari Kotak Masuk atau Daftar Rekaman, atau ketik nomornya.",
        "Pick a record from the Inbox or the Records list, or type its number.",
    ),
    "record.not_found": (
        "Rekaman dengan nomor itu tidak ada.",
        "There is no record with that number.",
    ),
    "record.forbidden": (
        "Rekaman ini milik unit yang tidak termasuk peran Anda.",
        "This record belongs to a unit outside your roles.",
    ),
    "record.status": ("Status", "Status"),
    "record.current": ("Langkah sekarang", "Current step"),
    "record.due": ("Tenggat", "Due"),
    "record.unit": ("Unit", "Unit"),
    "record.assignee": ("Ditugaskan kepada", "Assigned to"),
    "record.version": ("Versi", "Version"),
    "record.tab_actions": ("Tindakan", "Actions"),
    "record.tab_steps": ("Langkah SOP", "SOP steps"),
    "record.tab_history": ("Riwayat (audit)", "History (audit)"),
    "record.tab_flow": ("Diagram alir", "Flowchart"),
    "record.no_actions": (
        "Tidak ada tindakan untuk Anda pada langkah ini.",
        "There is nothing for you to do on this step.",
    ),
    "record.closed": ("Rekaman ini sudah ditutup.", "This record is closed."),
    "record.not_ready": (
        "Langkah ini baru dapat dikerjakan mulai",
        "This step can be worked on from",
    ),
    "record.note": ("Catatan", "Note"),
    "record.complete": ("Selesaikan langkah", "Complete the step"),
    "record.yes": ("Ya", "Yes"),
    "record.no": ("Tidak", "No"),
    "record.no_reason": ("Alasan (wajib untuk Tidak)", "Reason (required for No)"),
    "record.no_reason_missing": (
        "Jawaban Tidak memerlukan alasan: tuliskan apa yang harus diperbaiki.",
        "Answering No needs a reason: say what must be fixed.",
    ),
    "record.attach": ("Lampirkan output", "Attach output"),
    "record.attach_file": (
        "Berkas output (PDF, Office, gambar, CSV, teks; maks. 20 MB)",
        "Output file (PDF, Office, image, CSV, text; max. 20 MB)",
    ),
    "record.attach_missing": ("Pilih berkas yang akan dilampirkan.", "Choose a file to attach."),
    "record.reassign": ("Alihkan ke", "Reassign to"),
    "record.reassign_submit": ("Alihkan tugas", "Reassign"),
    "record.reassign_none": (
        "Tidak ada pemegang peran lain di unit ini.",
        "Nobody else holds this role in this unit.",
    ),
    "record.cancel_reason": ("Alasan pembatalan", "Reason for cancelling"),
    "record.cancel_submit": ("Batalkan rekaman", "Cancel the record"),
    "record.cancel_missing": ("Pembatalan memerlukan alasan.", "Cancelling needs a reason."),
    "record.done": ("Tersimpan.", "Saved."),
    "record.stale": (
        (
            "Rekaman ini telah diubah oleh {who} pada {when} setelah Anda membukanya. Tampilan "
            "sudah dimuat ulang; isian Anda tetap ada. Periksa lalu ulangi tindakan bila masih "
            "perlu."
        ),
        (
            "This record was changed by {who} at {when} after you opened it. It has been reloaded; "
            "your entries are kept. Check it and repeat the action if it is still needed."
        ),
    ),
    "record.attachments": ("Lampiran", "Attachments"),
    "record.file_altered": (
        "{name}: salinan tersimpan telah berubah sejak dilampirkan; unduhan ditahan.",
        "{name}: the stored copy has changed since it was attached; download withheld.",
    ),
    "record.file_missing": (
        "{name}: berkas tidak ditemukan di penyimpanan.",
        "{name}: the file is missing from storage.",
    ),
    "record.download": ("Unduh", "Download"),
    "hist.when": ("Waktu", "When"),
    "hist.actor": ("Oleh", "By"),
    "hist.role": ("Peran", "Role"),
    "hist.action": ("Tindakan", "Action"),
    "hist.from": ("Dari langkah", "From step"),
    "hist.to": ("Ke langkah", "To step"),
    "hist.note": ("Catatan", "Note"),
    "runs.entered": ("Mulai", "Started"),
    "runs.due": ("Tenggat", "Due"),
    "runs.left": ("Selesai", "Finished"),
    "runs.outcome": ("Hasil", "Outcome"),
    "runs.state": ("Ketepatan", "Timeliness"),
    "state.selesai_tepat": ("tepat waktu", "on time"),
    "state.selesai_terlambat": ("terlambat", "late"),
    "state.berjalan_tepat": ("berjalan", "running"),
    "state.berjalan_terlambat": ("berjalan, lewat tenggat", "running, past due"),
    "state.none": ("tanpa standar", "no standard"),
    "status.berjalan": ("berjalan", "running"),
    "status.selesai": ("selesai", "finished"),
    "status.dibatalkan": ("dibatalkan", "cancelled"),
    "action.start": ("mulai", "start"),
    "action.complete": ("selesai", "complete"),
    "action.decide": ("keputusan", "decision"),
    "action.attach": ("lampiran", "attachment"),
    "action.reassign": ("pengalihan", "reassignment"),
    "action.cancel": ("pembatalan", "cancellation"),
    "list.search": ("Cari judul atau nomor", "Search title or number"),
    "list.sop": ("SOP", "SOP"),
    "list.status": ("Status", "Status"),
    "list.step": ("Langkah", "Step"),
    "list.unit": ("Unit", "Unit"),
    "list.overdue": ("Hanya yang lewat tenggat", "Only past due"),
    "list.from": ("Dibuat sejak", "Created from"),
    "list.to": ("Dibuat sampai", "Created until"),
    "list.all": ("(semua)", "(all)"),
    "list.count": ("rekaman ditemukan", "records found"),
    "list.none": (
        "Tidak ada rekaman yang cocok. Longgarkan saringan atau buat rekaman baru.",
        "No records match. Loosen the filters or start a new record.",
    ),
    "list.csv": ("Unduh CSV", "Download CSV"),
    "list.xlsx": ("Unduh XLSX", "Download XLSX"),
    "list.open": ("Buka rekaman terpilih", "Open the selected record"),
    "new.none": (
        (
            "Peran Anda tidak dapat memulai SOP mana pun. Minta admin menambahkan peran langkah "
            "pertama SOP."
        ),
        "Your roles cannot start any SOP. Ask an admin for the role of an SOP's first step.",
    ),
    "new.sop": ("SOP", "SOP"),
    "new.unit": ("Unit", "Unit"),
    "new.title": ("Judul rekaman", "Record title"),
    "new.requirements": (
        "Kelengkapan langkah pertama (isi keterangan atau rujukan dokumen)",
        "Inputs of the first step (a note or a document reference)",
    ),
    "new.submit": ("Mulai rekaman", "Start the record"),
    "new.title_missing": (
        "Isi judul rekaman (1 sampai 200 karakter).",
        "Enter a record title (1 to 200 characters).",
    ),
    "new.created": ("Rekaman #{id} dibuat.", "Record #{id} created."),
    "catalog.pick": ("Pilih SOP", "Choose an SOP"),
    "catalog.none": ("Belum ada SOP yang tersimpan.", "No SOPs are stored yet."),
    "catalog.version": ("Versi", "Version"),
    "catalog.identity": ("Identitas SOP", "SOP identity"),
    "catalog.field": ("Unsur", "Field"),
    "catalog.value": ("Isi", "Value"),
    "catalog.steps": ("Langkah-langkah", "Steps"),
    "catalog.version_pick": ("Versi yang ditampilkan", "Version shown"),
    "catalog.form": ("Tabel SOP", "SOP table"),
    "catalog.lanes_help": (
        "Simbol pada kolom pelaksana: ▭ kegiatan, ◇ keputusan, ◯ selesai",
        "Symbols in the role columns: ▭ activity, ◇ decision, ◯ end",
    ),
    "catalog.flowchart": ("Diagram alir", "Flowchart"),
    "catalog.flowchart_caption": (
        "Versi {version}. Simbol: ◯ mulai/selesai, ▭ kegiatan, ◇ keputusan, ⬠ penghubung.",
        "Version {version}. Symbols: ◯ start/end, ▭ activity, ◇ decision, ⬠ connector.",
    ),
    "catalog.flowchart_alt": ("Diagram alir SOP {name}", "Flowchart of the SOP {name}"),
    "catalog.versions": ("Riwayat versi", "Version history"),
    "catalog.upload": ("Unggah SOP baru atau revisi", "Upload a new SOP or a revision"),
    "catalog.upload_hint": (
        (
            "Berkas YAML dalam format SOP Lentera. Berkas dengan id SOP yang sudah ada menjadi "
            "versi baru; rekaman yang sedang berjalan tetap memakai versi tempat rekaman itu "
            "dimulai."
        ),
        (
            "A YAML file in Lentera's SOP format. A file with the id of a stored SOP becomes its "
            "next version; running records stay on the version they started on."
        ),
    ),
    "catalog.upload_file": ("Berkas SOP (YAML)", "SOP file (YAML)"),
    "catalog.upload_submit": ("Daftarkan", "Register"),
    "catalog.upload_missing": ("Pilih berkas YAML terlebih dahulu.", "Choose a YAML file first."),
    "catalog.upload_invalid": (
        "Berkas tidak valid: {count} masalah. Tidak ada yang disimpan.",
        "The file is not valid: {count} problems. Nothing was stored.",
    ),
    "catalog.upload_refused": ("SOP tidak didaftarkan:", "The SOP was not registered:"),
    "catalog.upload_created": (
        "SOP {sop_id} didaftarkan sebagai versi {version}.",
        "SOP {sop_id} was registered as version {version}.",
    ),
    "catalog.upload_same": (
        "Teks ini sudah tersimpan sebagai versi {version} SOP {sop_id}; tidak ada versi baru.",
        "This text is already stored as version {version} of SOP {sop_id}; no new version.",
    ),
    "id.nomor": ("Nomor SOP", "SOP number"),
    "id.nama": ("Nama SOP", "SOP name"),
    "id.instansi": ("Instansi", "Institution"),
    "id.unit": ("Unit kerja", "Unit"),
    "id.tanggal_pembuatan": ("Tanggal pembuatan", "Drawn up on"),
    "id.tanggal_revisi": ("Tanggal revisi", "Revised on"),
    "id.tanggal_efektif": ("Tanggal efektif", "Effective from"),
    "id.tanggal_pengesahan": ("Tanggal pengesahan", "Approved on"),
    "id.disahkan_oleh": ("Disahkan oleh", "Approved by"),
    "id.dasar_hukum": ("Dasar hukum", "Legal basis"),
    "id.kualifikasi_pelaksana": ("Kualifikasi pelaksana", "Staff qualifications"),
    "id.keterkaitan": ("Keterkaitan", "Related SOPs"),
    "id.peralatan": ("Peralatan/perlengkapan", "Equipment"),
    "id.peringatan": ("Peringatan", "Warnings"),
    "id.pencatatan": ("Pencatatan dan pendataan", "Records kept"),
    "step.no": ("No", "No"),
    "step.activity": ("Kegiatan", "Activity"),
    "step.role": ("Pelaksana", "Performed by"),
    "step.requirements": ("Kelengkapan", "Inputs"),
    "step.time": ("Waktu", "Time"),
    "step.output": ("Output", "Output"),
    "step.note": ("Keterangan", "Remarks"),
    "step.standard": ("Mutu Baku", "Standard (Mutu Baku)"),
    "action.user.add": ("pengguna ditambahkan", "user added"),
    "action.user.grants": ("peran diubah", "roles changed"),
    "action.user.password": ("kata sandi diatur ulang", "password reset"),
    "action.user.activate": ("pengguna diaktifkan", "user reactivated"),
    "action.user.deactivate": ("pengguna dinonaktifkan", "user deactivated"),
    "action.user.sso_link": ("identitas SSO ditautkan", "SSO identity linked"),
    "action.user.sso_unlink": ("identitas SSO dilepas", "SSO identity unlinked"),
    "action.unit.zone": ("zona waktu diubah", "time zone changed"),
    "action.unit.weekly": ("jam kerja mingguan diubah", "weekly hours changed"),
    "action.unit.cuti_bersama": ("aturan cuti bersama diubah", "cuti bersama rule changed"),
    "action.unit.override": ("hari khusus disimpan", "override saved"),
    "action.unit.override_removed": ("hari khusus dihapus", "override removed"),
}
