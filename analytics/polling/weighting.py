"""Population margins for raking (typed in, or read from a CSV/XLSX such as a BPS table) and the
raked weights of a wave, stored with the poll so that every table can use them.

A margins file has one row per category: columns ``variabel``, ``kategori`` and ``target``
(English ``variable``, ``category``, ``target``; ``jumlah`` or ``populasi`` also name the target).
Targets are counts or shares, read cell by cell: ``12.345`` (dots before groups of exactly three
digits, not after a lone zero) is a BPS-style thousands separator, a comma without a dot is a
decimal comma (``0,49``), and ``0.49`` or ``1,234.5`` are read the English way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime

import pandas as pd

from analytics.polling.codebook import parse_number
from analytics.polling.errors import RakeError
from analytics.polling.rake import RakeResult, Targets
from analytics.polling.reader import read_responses
from workflows.db import Database, to_db, utcnow

RAKED = "bobot_raking"
"""The column that holds the stored raked weights in a poll's response table."""
MARGIN_COLUMNS = ("variabel", "kategori", "target")
_ALIASES = {
    "variabel": "variabel",
    "variable": "variabel",
    "kategori": "kategori",
    "category": "kategori",
    "target": "target",
    "jumlah": "target",
    "populasi": "target",
}
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")
Clock = Callable[[], datetime]


def read_margins(content: bytes, filename: str) -> Targets:
    """Margins from an uploaded CSV/XLSX (encoding, separator and number format detected)."""
    file = read_responses(content, filename)
    renamed = {c: _ALIASES.get(c.strip().lower(), c) for c in file.frame.columns}
    frame = file.frame.rename(columns=renamed)
    missing = [c for c in MARGIN_COLUMNS if c not in frame.columns]
    if missing:
        raise RakeError(
            f"{filename}: the column {missing[0]!r} is missing (needed: variabel, kategori, target)"
        )
    return margins_from_frame(frame, first_row=file.header_row + 1)


def margins_from_frame(frame: pd.DataFrame, *, first_row: int = 1) -> Targets:
    """Margins from a table with columns ``variabel``, ``kategori``, ``target`` (text or numbers);
    blank rows are skipped, and a bad row is named by its number (``first_row`` is the first)."""
    targets: dict[str, dict[str, float]] = {}
    for offset, (variable, category, target) in enumerate(
        frame[list(MARGIN_COLUMNS)].itertuples(index=False)
    ):
        row = first_row + offset
        name, label = _text(variable), _text(category)
        value = target if isinstance(target, int | float) else _number(target)
        if not name and not label and value is None:
            continue
        if not name or not label:
            raise RakeError(f"margins row {row}: both variabel and kategori are needed")
        if value is None or pd.isna(value) or value <= 0:
            raise RakeError(
                f"margins row {row} ({name} = {label}): {target!r} is not a positive number"
            )
        margin = targets.setdefault(name, {})
        if label in margin:
            raise RakeError(f"margins row {row}: {name} = {label} is given twice")
        margin[label] = float(value)
    if not targets:
        raise RakeError("the margins table is empty")
    return targets


def _text(value: object) -> str:
    return (
        "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    )


def _number(value: object) -> float | None:
    """``170.415`` and ``1.234,5`` (Indonesian), ``0,49`` (decimal comma), ``0.49``, ``1,234.5``."""
    text = _text(value)
    if not text:
        return None
    comma = bool(_THOUSANDS.match(text)) or ("," in text and "." not in text)
    return parse_number(text, comma)


def margins_frame(targets: Targets) -> pd.DataFrame:
    """Margins as the editable three-column table."""
    rows = [
        (name, str(category), float(value))
        for name, margin in targets.items()
        for category, value in margin.items()
    ]
    return pd.DataFrame(rows, columns=list(MARGIN_COLUMNS))


def save_weights(
    db: Database,
    poll_id: int,
    wave: int,
    respondents: pd.Series,
    result: RakeResult,
    targets: Targets,
    *,
    created_by: str,
    clock: Clock = utcnow,
) -> None:
    """Store the raked weights of one wave (replacing earlier ones): ``respondents`` holds the
    respondent number of each row the weights belong to."""
    if len(respondents) != len(result.weights):
        raise RakeError("each raked weight needs its respondent")
    diagnostics = {
        "iterations": result.iterations,
        "converged": result.converged,
        "max_margin_error": result.max_margin_error,
        "n_eff": result.n_eff,
        "deff": result.deff,
        "min_weight": result.min_weight,
        "max_weight": result.max_weight,
        "trim_limit": result.trim_limit,
    }
    rows = pd.DataFrame(
        {
            "respondent": respondents.to_numpy(dtype="int64"),
            "weight": result.weights.to_numpy(dtype=float),
        }
    )
    plain = {
        name: {str(k): float(v) for k, v in margin.items()} for name, margin in targets.items()
    }
    with db.transaction() as tx:
        tx.execute("DELETE FROM poll_weights WHERE poll_id = ? AND wave = ?", [poll_id, wave])
        tx.execute("DELETE FROM poll_weightings WHERE poll_id = ? AND wave = ?", [poll_id, wave])
        tx.execute(
            "INSERT INTO poll_weightings VALUES (?, ?, ?, ?, ?, ?)",
            [
                poll_id,
                wave,
                json.dumps(plain, ensure_ascii=False),
                json.dumps(diagnostics),
                to_db(clock()),
                created_by,
            ],
        )
        tx.register("incoming_weights", rows)
        try:
            tx.execute(
                "INSERT INTO poll_weights SELECT ?, ?, respondent, weight FROM incoming_weights",
                [poll_id, wave],
            )
        finally:
            tx.unregister("incoming_weights")


def weightings(db: Database, poll_id: int) -> pd.DataFrame:
    """The waves of a poll that have stored raked weights, with their margins and diagnostics."""
    return (
        db.cursor()
        .execute(
            "SELECT wave, targets, diagnostics, created_at, created_by FROM poll_weightings "
            "WHERE poll_id = ? ORDER BY wave",
            [poll_id],
        )
        .df()
    )


def with_raked_weights(db: Database, poll_id: int, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (with ``wave`` and ``respondent`` columns) plus the column ``RAKED``: the stored
    weight of each respondent, missing for waves that were not raked."""
    stored = (
        db.cursor()
        .execute(
            "SELECT wave, respondent, weight AS bobot_raking FROM poll_weights WHERE poll_id = ?",
            [poll_id],
        )
        .df()
    )
    keys = frame[["wave", "respondent"]].astype("int64")
    merged = keys.merge(stored.astype({"wave": "int64", "respondent": "int64"}), how="left")
    out = frame.copy()
    out[RAKED] = merged[RAKED].to_numpy(dtype=float)
    return out
