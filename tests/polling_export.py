"""A Google Forms export as an Indonesian office really receives it, built from the real API
school sample (``data/samples/apistrat.csv``, 200 California schools of R ``survey``).

The form's answers were downloaded as a spreadsheet and saved by Indonesian Excel as
"CSV (pemisah titik koma)": cp1252, ``;`` between fields, decimal commas and thousands dots,
the Indonesian timestamp header ``Cap waktu`` with day-first times, whole questions as headers
and the checkbox question in one cell (``a, b``). The school's answers are the sample's values;
only the submission times are made up (deterministic, spread over the month the poll is online).
Rebuild the committed file with ``python -m tests.polling_export``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "samples" / "apistrat.csv"
EXPORT = ROOT / "tests" / "data" / "survei_sekolah_google_forms.csv"
TITLE = "Survei Capaian Sekolah 2000"
LEVELS = {"E": "SD", "M": "SMP", "H": "SMA"}
YES_NO = {"Yes": "Ya", "No": "Tidak"}
LEVEL_Q = "Jenjang sekolah"
TARGET_Q = "Apakah sekolah mencapai target pertumbuhan skor API tahun ini?"
ACHIEVED_Q = "Capaian lain sekolah tahun ini (boleh pilih lebih dari satu)"
YEAR_ROUND_Q = "Apakah sekolah menerapkan kalender belajar sepanjang tahun?"
SUBGROUPS = "Target subkelompok siswa"
AWARD = "Penghargaan sekolah"
NONE = "Tidak ada"
START = datetime(2026, 10, 1, 7, 42, 5)


def _achieved(comp_imp: str, awards: str) -> str:
    chosen = [name for name, flag in ((SUBGROUPS, comp_imp), (AWARD, awards)) if flag == "Yes"]
    return ", ".join(chosen) or NONE


def _indonesian(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def export_frame(source: Path = SOURCE) -> pd.DataFrame:
    """The export's cells as text, in the order the form asked."""
    api = pd.read_csv(source)
    times = [START + timedelta(minutes=197 * i + (31 * i) % 53) for i in range(len(api))]
    return pd.DataFrame(
        {
            "Cap waktu": [f"{t:%d/%m/%Y %H:%M:%S}" for t in times],
            "Nama sekolah": api["sname"],
            LEVEL_Q: api["stype"].map(LEVELS),
            TARGET_Q: api["sch.wide"].map(YES_NO),
            ACHIEVED_Q: [
                _achieved(c, a) for c, a in zip(api["comp.imp"], api["awards"], strict=True)
            ],
            YEAR_ROUND_Q: api["yr.rnd"].map(YES_NO),
            "Skor API tahun 2000 (200–1000)": api["api00"].astype(int).astype(str),
            "Persentase siswa penerima makan siang gratis (%)": api["meals"].astype(str),
            "Rata-rata pendidikan orang tua (skala 1–5)": [
                _indonesian(v, 2) for v in api["avg.ed"]
            ],
            "Jumlah siswa terdaftar": [_indonesian(v, 0) for v in api["enroll"]],
        }
    )


def export_bytes(source: Path = SOURCE) -> bytes:
    """The file as Excel saves it: cp1252, ``;``, CRLF."""
    text = export_frame(source).to_csv(sep=";", index=False, lineterminator="\r\n")
    return text.encode("cp1252")


def population_margins(source: Path = SOURCE) -> dict[str, float]:
    """The number of schools per level in California (the sample's ``fpc``): the raking target."""
    api = pd.read_csv(source)
    sizes = api.groupby("stype")["fpc"].first()
    return {LEVELS[str(level)]: float(size) for level, size in sizes.items()}


if __name__ == "__main__":
    EXPORT.write_bytes(export_bytes())
    print(f"wrote {EXPORT.relative_to(ROOT)}")
