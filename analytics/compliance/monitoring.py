"""The semester monitoring table of Permenpan RB 35/2012 ("Tabel 7 Monitoring Pelaksanaan SOP
AP"), filled from measured compliance: an SOP whose rate reaches the threshold the user sets is
"Berjalan dengan baik"."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from analytics.compliance.measures import Filters, compliance
from workflows.db import Database
from workflows.fmt import Lang, format_number
from workflows.registry import list_sops

COLUMNS: dict[Lang, tuple[str, ...]] = {
    "id": ("No", "Prosedur", "Penilaian", "Catatan", "Tindakan yang harus diambil",
           "Paraf penilai"),
    "en": ("No", "Procedure", "Assessment", "Notes", "Action to be taken", "Assessor's initials"),
}  # fmt: skip
_WORDS: dict[Lang, dict[str, str]] = {
    "id": {
        "good": "Berjalan dengan baik",
        "bad": "Tidak berjalan dengan baik",
        "none": "Belum dapat dinilai",
        "note": "Kepatuhan {rate} dari {judged} langkah yang dinilai ({n} selesai)",
        "worst": "; langkah paling sering terlambat: {step} ({rate})",
        "empty": "Tidak ada langkah selesai pada periode ini",
        "act_bad": "Tinjau langkah {step}: beban kerja, kelengkapan, dan kewajaran standar waktu",
        "act_none": "Tetapkan standar waktu (Mutu Baku) agar pelaksanaan dapat dinilai",
    },
    "en": {
        "good": "Running well",
        "bad": "Not running well",
        "none": "Cannot be assessed yet",
        "note": "Compliance {rate} of {judged} judged steps ({n} completed)",
        "worst": "; step most often late: {step} ({rate})",
        "empty": "No completed steps in this period",
        "act_bad": "Review step {step}: workload, inputs and whether the standard time is fair",
        "act_none": "Set standard times (Mutu Baku) so the procedure can be assessed",
    },
}


def semester(year: int, half: int, zone: str = "Asia/Jakarta") -> tuple[datetime, datetime]:
    """The instants bounding semester ``half`` (1: January-June, 2: July-December) of ``year``
    in ``zone``, as ``[start, end)``."""
    if half not in (1, 2):
        raise ValueError(f"a semester is 1 or 2, got {half}")
    tz = ZoneInfo(zone)
    start = datetime(year, 1 if half == 1 else 7, 1, tzinfo=tz)
    end = datetime(year, 7, 1, tzinfo=tz) if half == 1 else datetime(year + 1, 1, 1, tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def current_semester(today: date) -> tuple[int, int]:
    """(year, half) of the semester containing ``today``."""
    return today.year, 1 if today.month <= 6 else 2


def monitoring_table(
    db: Database,
    filters: Filters,
    threshold: float,
    *,
    lang: Lang = "id",
    now: datetime | None = None,
) -> pd.DataFrame:
    """One row per SOP: its assessment against ``threshold`` (a share, 0 to 1), a note with the
    measured rate and the step most often late, and the action to take; initials left blank."""
    if not 0 <= threshold <= 1:
        raise ValueError(f"the threshold is a share between 0 and 1, got {threshold}")
    words = _WORDS[lang]
    per_sop = compliance(db, ("sop_id",), filters=filters, now=now)
    per_step = compliance(db, ("sop_id", "step"), filters=filters, now=now)
    measured = {str(row["sop_id"]): row for row in per_sop.to_dict("records")}
    rows = []
    for sop_id, _, title, unit in list_sops(db):
        if filters.sop_id not in (None, sop_id) or filters.unit not in (None, unit):
            continue
        if filters.units is not None and unit not in filters.units:
            continue
        row = measured.get(sop_id)
        steps = per_step[(per_step["sop_id"] == sop_id) & (per_step["judged"] > 0)]
        rows.append((title, *_assess(row, steps, threshold, words, lang)))
    return pd.DataFrame(
        [(i, *row, "") for i, row in enumerate(rows, start=1)], columns=list(COLUMNS[lang])
    )


def _assess(
    row: dict[object, object] | None,
    steps: pd.DataFrame,
    threshold: float,
    words: dict[str, str],
    lang: Lang,
) -> tuple[str, str, str]:
    """(assessment, note, action) of one SOP."""
    if row is None:
        return words["none"], words["empty"], "-"
    rate = row["compliance_rate"]
    if rate is None or pd.isna(rate):  # type: ignore[call-overload]
        return words["none"], words["empty"] if not row["n"] else "-", words["act_none"]
    share = float(rate)  # type: ignore[arg-type]
    note = words["note"].format(rate=_percent(share, lang), judged=row["judged"], n=row["n"])
    worst = steps.sort_values(["compliance_rate", "n"], ascending=[True, False]).head(1)
    worst_step = ""
    if not worst.empty and float(worst["compliance_rate"].iloc[0]) < 1:
        worst_step = str(worst["step"].iloc[0])
        note += words["worst"].format(
            step=worst_step, rate=_percent(float(worst["compliance_rate"].iloc[0]), lang)
        )
    if share >= threshold:
        return words["good"], note, "-"
    return words["bad"], note, words["act_bad"].format(step=worst_step or "-")


def _percent(share: float, lang: Lang) -> str:
    return f"{format_number(100 * share, 1, lang)}%"
