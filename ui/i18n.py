"""Interface labels in Bahasa Indonesia (the default) and English; ``t(key)`` looks one up."""

from __future__ import annotations

from typing import Final

import streamlit as st

from workflows.catalog import role_catalog
from workflows.fmt import Lang
from workflows.users import ALL_UNITS, Grant

LANG_KEY: Final = "lang"
LANGUAGES: Final[dict[Lang, str]] = {"id": "Bahasa Indonesia", "en": "English"}

_ID: Final[dict[str, str]] = {
    "app.language": "Bahasa",
    "app.signed_in_as": "Masuk sebagai",
    "app.logout": "Keluar",
    "app.session_started": "Sesi dimulai",
    "app.all_units": "semua unit",
    "page.login": "Masuk",
    "page.home": "Beranda",
    "page.catalog": "Katalog SOP",
    "login.title": "Masuk ke Lentera",
    "login.username": "Nama pengguna",
    "login.password": "Kata sandi",
    "login.submit": "Masuk",
    "login.missing": "Isi nama pengguna dan kata sandi.",
    "login.wrong": "Nama pengguna atau kata sandi salah.",
    "login.locked": "Terlalu banyak percobaan gagal: akun dikunci sementara. Coba lagi nanti.",
    "login.expired": (
        "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit. Silakan masuk lagi."
    ),
    "login.demo_banner": "Mode demo",
    "login.demo_hint": "Akun demo berikut memakai kata sandi",
    "login.demo_user": "Nama pengguna",
    "login.demo_roles": "Peran",
    "guard.forbidden": "Halaman ini hanya untuk pemegang peran berikut:",
    "db.unavailable": "Basis data tidak dapat dibuka.",
    "home.greeting": "Selamat datang,",
    "home.running": "Rekaman yang sedang berjalan per SOP",
    "home.running_none": "Belum ada rekaman yang berjalan.",
    "home.waiting": "Menunggu tindakan Anda",
    "home.waiting_none": "Tidak ada rekaman yang menunggu tindakan Anda.",
    "col.sop": "SOP",
    "col.count": "Jumlah",
    "col.record": "No. rekaman",
    "col.title": "Judul",
    "col.step": "Langkah",
    "col.role": "Peran",
    "col.ready": "Dapat dikerjakan mulai",
    "col.due": "Tenggat",
    "catalog.pick": "Pilih SOP",
    "catalog.none": "Belum ada SOP yang tersimpan.",
    "catalog.version": "Versi",
    "catalog.identity": "Identitas SOP",
    "catalog.field": "Unsur",
    "catalog.value": "Isi",
    "catalog.steps": "Langkah-langkah",
    "catalog.version_pick": "Versi yang ditampilkan",
    "catalog.form": "Tabel SOP",
    "catalog.lanes_help": "Simbol pada kolom pelaksana: ▭ kegiatan, ◇ keputusan, ◯ selesai",
    "catalog.flowchart": "Diagram alir",
    "catalog.flowchart_caption": (
        "Versi {version}. Simbol: ◯ mulai/selesai, ▭ kegiatan, ◇ keputusan, ⬠ penghubung."
    ),
    "catalog.flowchart_alt": "Diagram alir SOP {name}",
    "catalog.versions": "Riwayat versi",
    "catalog.upload": "Unggah SOP baru atau revisi",
    "catalog.upload_hint": (
        "Berkas YAML dalam format SOP Lentera. Berkas dengan id SOP yang sudah ada menjadi versi"
        " baru; rekaman yang sedang berjalan tetap memakai versi tempat rekaman itu dimulai."
    ),
    "catalog.upload_file": "Berkas SOP (YAML)",
    "catalog.upload_submit": "Daftarkan",
    "catalog.upload_missing": "Pilih berkas YAML terlebih dahulu.",
    "catalog.upload_invalid": "Berkas tidak valid: {count} masalah. Tidak ada yang disimpan.",
    "catalog.upload_refused": "SOP tidak didaftarkan:",
    "catalog.upload_created": "SOP {sop_id} didaftarkan sebagai versi {version}.",
    "catalog.upload_same": (
        "Teks ini sudah tersimpan sebagai versi {version} SOP {sop_id}; tidak ada versi baru."
    ),
    "col.version": "Versi",
    "col.registered_at": "Didaftarkan",
    "col.registered_by": "Oleh",
    "col.running": "Rekaman berjalan",
    "col.hash": "Sidik SHA-256",
    "col.line": "Baris",
    "col.problem": "Masalah",
    "id.nomor": "Nomor SOP",
    "id.nama": "Nama SOP",
    "id.instansi": "Instansi",
    "id.unit": "Unit kerja",
    "id.tanggal_pembuatan": "Tanggal pembuatan",
    "id.tanggal_revisi": "Tanggal revisi",
    "id.tanggal_efektif": "Tanggal efektif",
    "id.tanggal_pengesahan": "Tanggal pengesahan",
    "id.disahkan_oleh": "Disahkan oleh",
    "id.dasar_hukum": "Dasar hukum",
    "id.kualifikasi_pelaksana": "Kualifikasi pelaksana",
    "id.keterkaitan": "Keterkaitan",
    "id.peralatan": "Peralatan/perlengkapan",
    "id.peringatan": "Peringatan",
    "id.pencatatan": "Pencatatan dan pendataan",
    "step.no": "No",
    "step.activity": "Kegiatan",
    "step.role": "Pelaksana",
    "step.requirements": "Kelengkapan",
    "step.time": "Waktu",
    "step.output": "Output",
    "step.note": "Keterangan",
    "step.standard": "Mutu Baku",
}

_EN: Final[dict[str, str]] = {
    "app.language": "Language",
    "app.signed_in_as": "Signed in as",
    "app.logout": "Log out",
    "app.session_started": "Session started",
    "app.all_units": "all units",
    "page.login": "Log in",
    "page.home": "Home",
    "page.catalog": "SOP catalog",
    "login.title": "Log in to Lentera",
    "login.username": "User name",
    "login.password": "Password",
    "login.submit": "Log in",
    "login.missing": "Enter your user name and password.",
    "login.wrong": "Wrong user name or password.",
    "login.locked": "Too many failed attempts: the account is locked for now. Try again later.",
    "login.expired": "Your session ended after 30 minutes without activity. Please log in again.",
    "login.demo_banner": "Demo mode",
    "login.demo_hint": "These demo accounts use the password",
    "login.demo_user": "User name",
    "login.demo_roles": "Roles",
    "guard.forbidden": "This page is only for holders of these roles:",
    "db.unavailable": "The database cannot be opened.",
    "home.greeting": "Welcome,",
    "home.running": "Running records per SOP",
    "home.running_none": "No records are running yet.",
    "home.waiting": "Waiting for you",
    "home.waiting_none": "No records are waiting for you.",
    "col.sop": "SOP",
    "col.count": "Count",
    "col.record": "Record no.",
    "col.title": "Title",
    "col.step": "Step",
    "col.role": "Role",
    "col.ready": "Can start from",
    "col.due": "Due",
    "catalog.pick": "Choose an SOP",
    "catalog.none": "No SOPs are stored yet.",
    "catalog.version": "Version",
    "catalog.identity": "SOP identity",
    "catalog.field": "Field",
    "catalog.value": "Value",
    "catalog.steps": "Steps",
    "catalog.version_pick": "Version shown",
    "catalog.form": "SOP table",
    "catalog.lanes_help": "Symbols in the role columns: ▭ activity, ◇ decision, ◯ end",
    "catalog.flowchart": "Flowchart",
    "catalog.flowchart_caption": (
        "Version {version}. Symbols: ◯ start/end, ▭ activity, ◇ decision, ⬠ connector."
    ),
    "catalog.flowchart_alt": "Flowchart of the SOP {name}",
    "catalog.versions": "Version history",
    "catalog.upload": "Upload a new SOP or a revision",
    "catalog.upload_hint": (
        "A YAML file in Lentera's SOP format. A file with the id of a stored SOP becomes its next"
        " version; running records stay on the version they started on."
    ),
    "catalog.upload_file": "SOP file (YAML)",
    "catalog.upload_submit": "Register",
    "catalog.upload_missing": "Choose a YAML file first.",
    "catalog.upload_invalid": "The file is not valid: {count} problems. Nothing was stored.",
    "catalog.upload_refused": "The SOP was not registered:",
    "catalog.upload_created": "SOP {sop_id} was registered as version {version}.",
    "catalog.upload_same": (
        "This text is already stored as version {version} of SOP {sop_id}; no new version."
    ),
    "col.version": "Version",
    "col.registered_at": "Registered",
    "col.registered_by": "By",
    "col.running": "Running records",
    "col.hash": "SHA-256 fingerprint",
    "col.line": "Line",
    "col.problem": "Problem",
    "id.nomor": "SOP number",
    "id.nama": "SOP name",
    "id.instansi": "Institution",
    "id.unit": "Unit",
    "id.tanggal_pembuatan": "Drawn up on",
    "id.tanggal_revisi": "Revised on",
    "id.tanggal_efektif": "Effective from",
    "id.tanggal_pengesahan": "Approved on",
    "id.disahkan_oleh": "Approved by",
    "id.dasar_hukum": "Legal basis",
    "id.kualifikasi_pelaksana": "Staff qualifications",
    "id.keterkaitan": "Related SOPs",
    "id.peralatan": "Equipment",
    "id.peringatan": "Warnings",
    "id.pencatatan": "Records kept",
    "step.no": "No",
    "step.activity": "Activity",
    "step.role": "Performed by",
    "step.requirements": "Inputs",
    "step.time": "Time",
    "step.output": "Output",
    "step.note": "Remarks",
    "step.standard": "Standard (Mutu Baku)",
}

LABELS: Final[dict[Lang, dict[str, str]]] = {"id": _ID, "en": _EN}


def lang() -> Lang:
    """The language chosen in this browser session (Indonesian unless switched)."""
    chosen = st.session_state.get(LANG_KEY, "id")
    return "en" if chosen == "en" else "id"


def set_lang(value: Lang) -> None:
    """Switch this session's language."""
    st.session_state[LANG_KEY] = value


def t(key: str) -> str:
    """The label ``key`` in the session's language; an unknown key raises ``KeyError``."""
    return LABELS[lang()][key]


def grant_label(grant: Grant) -> str:
    """``Pemantau Opini Publik (cirebon-diskominfo)``; every unit reads ``(semua unit)``."""
    unit = t("app.all_units") if grant.unit == ALL_UNITS else grant.unit
    return f"{role_label(grant.role)} ({unit})"


def role_label(role: str | None) -> str:
    """A role's label in the session's language (the id itself for an unknown role)."""
    if role is None:
        return ""
    found = role_catalog().get(role)
    if found is None:
        return role
    return found.label_en if lang() == "en" else found.label_id
