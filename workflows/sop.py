"""The SOP model (Permenpan RB 35/2012 form): identity, lanes and steps with their Mutu Baku."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from workflows.standard_time import StandardTime

StepKind = Literal["proses", "keputusan", "selesai"]
Action = Literal["selesai", "ya", "tidak"]
"""``selesai`` completes a process step; ``ya``/``tidak`` answer a decision."""


IDENTITY_DATE_FIELDS = (
    "tanggal_pembuatan",
    "tanggal_revisi",
    "tanggal_efektif",
    "tanggal_pengesahan",
)
IDENTITY_LIST_FIELDS = (
    "dasar_hukum",
    "kualifikasi_pelaksana",
    "keterkaitan",
    "peralatan",
    "peringatan",
    "pencatatan",
)


@dataclass(frozen=True)
class Identity:
    """The identity block printed above the SOP table."""

    nomor: str
    nama: str
    instansi: str = ""
    unit: str = ""
    tanggal_pembuatan: date | None = None
    tanggal_revisi: date | None = None
    tanggal_efektif: date | None = None
    tanggal_pengesahan: date | None = None
    disahkan_oleh: str = ""
    dasar_hukum: tuple[str, ...] = ()
    kualifikasi_pelaksana: tuple[str, ...] = ()
    keterkaitan: tuple[str, ...] = ()
    peralatan: tuple[str, ...] = ()
    peringatan: tuple[str, ...] = ()
    pencatatan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One row of the SOP table. Targets are step numbers; ``None`` ends the record."""

    no: str
    kind: StepKind
    activity: str
    role: str | None
    requirements: tuple[str, ...]
    standard: StandardTime
    output: str
    note: str
    numbered: bool
    wait: StandardTime | None
    next: str | None
    on_yes: str | None
    on_no: str | None

    def transitions(self) -> dict[Action, str | None]:
        """The actions allowed on this step and where each leads."""
        if self.kind == "keputusan":
            return {"ya": self.on_yes, "tidak": self.on_no}
        if self.kind == "proses":
            return {"selesai": self.next}
        return {}


@dataclass(frozen=True)
class Sop:
    """A validated SOP definition together with the exact text it was read from."""

    id: str
    unit: str
    identity: Identity
    roles: tuple[str, ...]
    steps: tuple[Step, ...]
    source: str

    @property
    def content_hash(self) -> str:
        """SHA-256 of the source text: the identity of this version."""
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @property
    def first(self) -> Step:
        """The step a new record starts on."""
        return self.steps[0]

    def step(self, no: str) -> Step:
        """The step numbered ``no``; ``KeyError`` when there is none."""
        for step in self.steps:
            if step.no == no:
                return step
        raise KeyError(f"SOP {self.id} has no step {no}")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready description (the format of ``lentera sop export --json``)."""
        return {
            "id": self.id,
            "title": self.identity.nama,
            "nomor": self.identity.nomor,
            "unit": self.unit,
            "unit_name": self.identity.unit,
            "instansi": self.identity.instansi,
            "content_hash": self.content_hash,
            "roles": list(self.roles),
            "steps": [_step_json(step) for step in self.steps],
        }


def _step_json(step: Step) -> dict[str, Any]:
    return {
        "no": step.no,
        "numbered": step.numbered,
        "kind": step.kind,
        "activity": step.activity,
        "role": step.role,
        "requirements": list(step.requirements),
        "standard_raw": step.standard.raw,
        "standard_minutes": step.standard.minutes,
        "standard_working_days": step.standard.working_days,
        "standard_calendar": step.standard.calendar,
        "wait_calendar": step.wait.calendar if step.wait else None,
        "output": step.output,
        "note": step.note,
        "next": step.next if step.kind == "proses" else None,
        "decision": {"ya": step.on_yes, "tidak": step.on_no} if step.kind == "keputusan" else None,
    }
