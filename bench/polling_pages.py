"""Benchmark: the polling pages on a stored poll of 1,000,000 respondents.

Two waves of 500,000 respondents with 20 closed questions (a 20-option row and a 20-option column
question, Likert items, a multiple choice, a numeric, a weight; about 3% missing answers) are
imported through ``import_new_poll`` and ``import_wave`` (about 20 million long-form answers), and
the first wave is raked and its weights stored. Then, each the median of three runs: the typed
wide table read cold (``responses``), the data the analysis pages pick per run (cold, then warm
from the process cache), and the cross-tab explorer through ``streamlit.testing.v1.AppTest``:
the first run, a rerun with nothing changed, a rerun after changing the row question, one after
changing a filter's values, one after changing the weight; then the trends page on a numeric
question (the mean per wave). Target: a warm rerun under 1 s. Run with ``make bench``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest

from analytics.polling import rake
from analytics.polling.codebook import Codebook, Question
from analytics.polling.frames import clear_frames, poll_frame, poll_stamp
from analytics.polling.reader import ResponseFile
from analytics.polling.store import import_new_poll, import_wave, responses
from analytics.polling.weighting import save_weights
from ui.db import DB_ENV
from workflows.db import Database
from workflows.registry import sync_shipped
from workflows.users import Grant, add_user

T = TypeVar("T")
PER_WAVE = int(os.environ.get("BENCH_PER_WAVE", "500000"))
REPEATS = 3
UNIT = "cirebon-diskominfo"
PASSWORD = "bench-password-1"
APP = Path(__file__).resolve().parent.parent / "app.py"
LIKERT = ("Sangat tidak puas", "Tidak puas", "Cukup puas", "Puas", "Sangat puas")
MEDIA = ("Koran", "Televisi", "Radio", "Instagram", "Facebook", "WhatsApp")
KECAMATAN = tuple(f"Kelurahan {i:02d}" for i in range(1, 21))
PEKERJAAN = tuple(f"Pekerjaan {i:02d}" for i in range(1, 21))
SINGLES = {
    "kelurahan": KECAMATAN,
    "pekerjaan": PEKERJAAN,
    "jk": ("Laki-laki", "Perempuan"),
    "usia": ("17-24", "25-34", "35-44", "45-54", "55+"),
    "pendidikan": ("SD", "SMP", "SMA", "D3", "S1", "S2"),
    "kanal": ("Loket", "Daring", "Telepon"),
    "setuju": ("Ya", "Tidak"),
}
LIKERTS = tuple(f"u{i}" for i in range(1, 10))


def codebook() -> Codebook:
    """The benchmark poll's 20 questions."""
    return Codebook(
        (
            *(Question(c, c.title(), "single", o, (c,)) for c, o in SINGLES.items()),
            *(Question(c, f"Unsur {c[1:]}", "likert", LIKERT, (c,)) for c in LIKERTS),
            Question("media", "Media informasi", "multiple", MEDIA, ("media",), ","),
            Question("umur", "Umur", "numeric", (), ("umur",)),
            Question("jam", "Jam menunggu", "numeric", (), ("jam",)),
            Question("bobot", "Bobot desain", "weight", (), ("bobot",)),
        )
    )


def export(rng: np.random.Generator, rows: int) -> ResponseFile:
    """A wide export of ``rows`` respondents as text cells, ``""`` for a missing answer."""
    cells: dict[str, np.ndarray] = {}
    for code, options in (*SINGLES.items(), *((c, LIKERT) for c in LIKERTS)):
        cells[code] = np.asarray(options, dtype=object)[rng.integers(0, len(options), rows)]
    picks = rng.random((rows, len(MEDIA))) < 0.3
    combos = np.array(
        [", ".join(m for m, p in zip(MEDIA, mask, strict=True) if p) for mask in _masks()],
        dtype=object,
    )
    cells["media"] = combos[picks @ (1 << np.arange(len(MEDIA)))]
    cells["umur"] = rng.integers(17, 80, rows).astype(str).astype(object)
    cells["jam"] = np.round(rng.gamma(2.0, 0.6, rows), 1).astype(str).astype(object)
    cells["bobot"] = np.round(rng.uniform(0.5, 2.0, rows), 3).astype(str).astype(object)
    for code, values in cells.items():
        if code not in {"kelurahan", "jk", "bobot"}:
            values[rng.random(rows) < 0.03] = ""
    frame = pd.DataFrame(cells, dtype=object)
    return ResponseFile(frame, "bench.csv", "utf-8", ",", 1, False, "google_forms")


def _masks() -> list[tuple[bool, ...]]:
    return [tuple(bool(k >> i & 1) for i in range(len(MEDIA))) for k in range(1 << len(MEDIA))]


def timed(run: Callable[[], T], repeats: int = REPEATS) -> tuple[float, T]:
    """Median seconds of ``repeats`` runs and the last result."""
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    assert result is not None
    return statistics.median(times), result


def store(path: Path) -> int:
    """Seed users and the poll; print the import and raking times."""
    db = Database(path)
    try:
        sync_shipped(db)
        add_user(db, "pemantau", "Pemantau", PASSWORD, (Grant("pemantau_opini_publik", UNIT),))
        rng = np.random.default_rng(2026)
        began = time.perf_counter()
        poll = import_new_poll(
            db, export(rng, PER_WAVE), codebook(), title="Bench", unit=UNIT, created_by="bench"
        )
        first = time.perf_counter() - began
        began = time.perf_counter()
        import_wave(db, poll, export(rng, PER_WAVE), imported_by="bench")
        second = time.perf_counter() - began
        answers = db.query("SELECT count(*) FROM poll_answers")[0][0]
        print(f"import wave 1 ({PER_WAVE:,} respondents)    {first:8.3f} s")
        print(f"import wave 2 ({PER_WAVE:,} respondents)    {second:8.3f} s")
        print(f"long-form answers stored              {answers:>10,}")
        wave = responses(db, poll, wave=1)
        result = rake(wave, {"jk": {"Laki-laki": 0.49, "Perempuan": 0.51}})
        save_weights(db, poll, 1, wave["respondent"], result, {}, created_by="bench")
        return poll
    finally:
        db.close()


def core(path: Path, poll: int) -> None:
    db = Database(path)
    try:
        cold, frame = timed(lambda: responses(db, poll))
        print(f"responses() cold, {len(frame):,} rows x {frame.shape[1]} columns {cold:8.3f} s")

        def fresh() -> pd.DataFrame:
            clear_frames()
            return poll_frame(db, poll)[0]

        cold, _ = timed(fresh)
        print(f"poll_frame (pick_poll's data) cold      {cold:8.3f} s")
        warm, _ = timed(lambda: poll_frame(db, poll)[0])
        print(f"poll_frame (pick_poll's data) warm      {warm:8.3f} s")

        @st.cache_data(show_spinner=False)
        def through_streamlit(poll: int, stamp: int) -> pd.DataFrame:
            return poll_frame(db, poll)[0]

        stamp = poll_stamp(db, poll)
        through_streamlit(poll, stamp)
        hit, _ = timed(lambda: through_streamlit(poll, stamp))
        print(f"the same through st.cache_data, a hit   {hit:8.3f} s")
    finally:
        db.close()


def page(path: Path) -> None:
    """The cross-tab explorer through AppTest, in this process (its cache is the app's)."""
    os.environ[DB_ENV] = str(path)
    clear_frames()
    at = AppTest.from_file(str(APP), default_timeout=600)
    at.run()
    at.text_input[0].input("pemantau")
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    at.run()
    set_log_level("error")  # after AppTest set it from its config: one warning per cached call
    began = time.perf_counter()
    at.switch_page("pages/tabulasi.py").run()
    print(f"cross-tab page, first run               {time.perf_counter() - began:8.3f} s")
    _check(at)
    rerun, _ = timed(at.run)
    print(f"cross-tab page, rerun                   {rerun:8.3f} s")
    rows = iter(["usia", "pendidikan", "kanal", "jk"])
    row = next(s for s in at.selectbox if s.label == "Baris")
    changed, _ = timed(lambda: row.set_value(next(rows)).run())
    print(f"cross-tab page, row question changed    {changed:8.3f} s")
    _check(at)
    at.multiselect[0].set_value(["jk"]).run()
    _check(at)
    kept = iter([["Laki-laki"], ["Perempuan"], ["Laki-laki"]])
    jk = next(m for m in at.multiselect if m.label == "Jk")
    filtered, _ = timed(lambda: jk.set_value(next(kept)).run())
    print(f"cross-tab page, filter values changed   {filtered:8.3f} s")
    _check(at)
    weight = next(s for s in at.selectbox if s.label == "Bobot")
    weights = iter(["bobot", "bobot_raking", "bobot"])
    reweighted, _ = timed(lambda: weight.set_value(next(weights)).run())
    print(f"cross-tab page, weight changed          {reweighted:8.3f} s")
    _check(at)
    at.switch_page("pages/tren.py").run()
    questions = iter(["jam", "umur", "jam"])
    question = next(s for s in at.selectbox if s.label == "Pertanyaan")
    numeric, _ = timed(lambda: question.set_value(next(questions)).run())
    print(f"trends page, numeric question (mean)    {numeric:8.3f} s")
    if at.exception or len(at.dataframe) != 1:
        raise RuntimeError(f"the trend did not render: {[e.value for e in at.exception]}")


def _check(at: AppTest) -> None:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])
    if len(at.dataframe) != 2:
        raise RuntimeError(f"the cross-tab did not render: {[e.value for e in at.error]}")


def main() -> None:
    set_log_level("error")  # st.cache_data outside a server warns on every call
    print(f"load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        poll = store(path)
        core(path, poll)
        page(path)
        st.cache_resource.clear()
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
