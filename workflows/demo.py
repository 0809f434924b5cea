"""A realistic, deterministic year of SOP records for demos and tests, made through the real engine.

Step durations are lognormal around each step's standard time (in the unit's working time), some
run late, decisions sometimes answer *Tidak* (a revision loop), a few records are cancelled, and
the records whose simulated work reaches past ``now`` stay open, waiting on someone today.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from workflows.db import Database, utcnow
from workflows.engine import Engine, Record
from workflows.registry import latest_version, load_sop, sync_shipped
from workflows.sop import Sop, Step
from workflows.users import ALL_UNITS, Grant, add_user

DEMO_PASSWORD = "lentera-demo"
MINUTES_PER_DAY = 450  # 7.5 working hours (Perpres 21/2023)

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    # username, full name, role, unit
    ("admin", "Admin Lentera", "admin", ALL_UNITS),
    ("pemantau", "Rina Pemantau", "pemantau_opini_publik", "cirebon-diskominfo"),
    ("kasi.opini", "Budi Santoso", "kasi_pengelolaan_opini_publik", "cirebon-diskominfo"),
    ("kabid.informasi", "Dewi Lestari", "kabid_pengelolaan_informasi_publik", "cirebon-diskominfo"),
    ("admin.medcen", "Agus Medcen", "admin_medcen", "kpu-cianjur"),
    ("kasubbag.cianjur", "Siti Rahma", "kasubbag", "kpu-cianjur"),
    ("admin.subbag", "Yoga Pratama", "admin_subbagian_terkait", "kpu-cianjur"),
    ("kasi.tu", "Hendra Wijaya", "kasi_kasubbag_tu", "pekalongan-kesbangpol"),
    ("staf.kesbangpol", "Nur Aini", "staf_pelaksana", "pekalongan-kesbangpol"),
    ("kepala.opd", "Taufiq Hidayat", "kepala_opd", "pekalongan-kesbangpol"),
    ("pemilik.data", "Lina Marlina", "pemilik_data", "pekalongan-kesbangpol"),
    ("ppid.pembantu", "Fajar Nugroho", "ppid_pembantu", "serang-ppid"),
    ("ppid.utama", "Maya Sari", "ppid_utama", "serang-ppid"),
    ("tim.pertimbangan", "Rudi Hartono", "tim_pertimbangan", "serang-ppid"),
    ("kabiro", "Cahya Ramadhan", "ka_biro", "kpu-ri-biro-parmas"),
    ("kabag", "Indah Permata", "ka_bag", "kpu-ri-biro-parmas"),
    ("kasubbag.kpu", "Eko Saputra", "kasubbag", "kpu-ri-biro-parmas"),
    ("staf.kpu", "Wulan Sari", "staf_pelaksana", "kpu-ri-biro-parmas"),
)

_SHARE = {
    "cirebon-polling": 0.15,
    "cianjur-publikasi-medsos": 0.28,
    "cianjur-publikasi-website": 0.22,
    "pekalongan-pengumpulan-data": 0.15,
    "serang-uji-konsekuensi": 0.08,
    "kpu-ri-penyusunan-dip": 0.12,
}
_TITLES = {
    "cirebon-polling": ("Kepuasan layanan", "Persepsi banjir rob", "Program smart city", "Pilkada"),
    "cianjur-publikasi-medsos": ("Rapat pleno", "Sosialisasi pemilih", "Bimtek PPK", "Coklit"),
    "cianjur-publikasi-website": ("Pengumuman seleksi", "Rekap DPT", "Berita kegiatan", "Agenda"),
    "pekalongan-pengumpulan-data": ("Data ormas", "Data konflik sosial", "Data wawasan kebangsaan"),
    "serang-uji-konsekuensi": ("Dokumen pengadaan", "Data kepegawaian", "Rekam medis", "Audit"),
    "kpu-ri-penyusunan-dip": ("DIP tahunan", "Pemutakhiran DIP", "DIP biro teknis"),
}
_NOTES_TIDAK = (
    "Data pendukung belum lengkap",
    "Judul dan ringkasan perlu diperjelas",
    "Format belum sesuai pedoman",
    "Lampiran foto belum ada",
)


@dataclass
class _Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`seed_demo` wrote."""

    users: int
    records: int
    open_records: int
    events: int


def seed_demo(
    db: Database, *, seed: int = 7, records: int = 300, now: datetime | None = None
) -> DemoSummary:
    """Write demo users and ``records`` records spread over the year before ``now``."""
    end = (now or utcnow()).replace(second=0, microsecond=0)
    rng = random.Random(seed)
    sync_shipped(db)
    for username, full_name, role, unit in DEMO_USERS:
        add_user(db, username, full_name, DEMO_PASSWORD, (Grant(role, unit),))
    db.set_setting("demo", "true")
    clock = _Clock(end)
    engine = Engine(db, clock=clock)
    users = {(role, unit): name for name, _, role, unit in DEMO_USERS}
    sops = {sop_id: load_sop(db, sop_id, latest_version(db, sop_id)) for sop_id in _SHARE}
    ids = rng.choices(list(_SHARE), weights=list(_SHARE.values()), k=records)
    starts = sorted(end - timedelta(days=365 * rng.random()) for _ in ids)
    open_records = 0
    for number, (sop_id, start) in enumerate(zip(ids, starts, strict=True), start=1):
        sop = sops[sop_id]
        title = f"{rng.choice(_TITLES[sop_id])} {number:04d}"
        record = _play(engine, clock, sop, users, rng, title, start, end)
        open_records += record.status == "berjalan"
    events = int(db.query("SELECT count(*) FROM events")[0][0])
    return DemoSummary(len(DEMO_USERS), records, open_records, events)


def _play(
    engine: Engine,
    clock: _Clock,
    sop: Sop,
    users: dict[tuple[str, str], str],
    rng: random.Random,
    title: str,
    start: datetime,
    end: datetime,
) -> Record:
    calendar = engine.calendar(sop.unit)
    clock.now = calendar.add_working_minutes(start, 1 + 60 * rng.random())
    if clock.now > end:
        clock.now = end
    record = engine.start(users[(sop.first.role or "", sop.unit)], sop.id, title)
    revisions = 0
    while record.status == "berjalan":
        step = sop.step(record.current_step or "")
        begin = max(clock.now, record.step_ready_at or clock.now)
        done = calendar.add_working_minutes(begin, _duration(step, rng))
        if done > end:
            return record
        clock.now = done
        actor = users[(step.role or "", sop.unit)]
        if rng.random() < 0.01:
            return engine.cancel(actor, record.id, record.version, "Kegiatan dibatalkan pimpinan")
        if step.kind == "keputusan":
            refuse = revisions < 2 and rng.random() < 0.2
            revisions += refuse
            record = engine.advance(
                actor,
                record.id,
                record.version,
                decision="tidak" if refuse else "ya",
                note=rng.choice(_NOTES_TIDAK) if refuse else "",
            )
        else:
            record = engine.advance(actor, record.id, record.version)
    return record


def _duration(step: Step, rng: random.Random) -> float:
    """Working minutes a step takes: lognormal, median 80% of the standard, a long late tail."""
    standard = step.standard
    if standard.minutes is not None:
        typical = float(standard.minutes)
    elif standard.working_days is not None:
        typical = float(standard.working_days * MINUTES_PER_DAY)
    elif standard.calendar is not None:
        typical = (21 * standard.months + 5 * standard.weeks) * MINUTES_PER_DAY
    else:
        typical = 240.0
    return max(1.0, rng.lognormvariate(math.log(0.8 * typical), 0.7))
