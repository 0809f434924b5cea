"""Polls in DuckDB: the poll, its codebook, its waves (one per imported file) and the answers in
long form; and the typed wide table analysts work on.

Every import runs in one transaction: a file that fails any check stores nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import duckdb
import pandas as pd

from analytics.polling.answers import long_answers
from analytics.polling.codebook import Codebook, Question, parse_number
from analytics.polling.errors import ImportProblem
from analytics.polling.reader import ResponseFile
from analytics.polling.wide import wide_responses
from workflows.db import Database, to_db, utcnow
from workflows.errors import NotFound
from workflows.registry import load_sop

POLLING_ROLE = "pemantau_opini_publik"
"""A record can hold a poll when its SOP has a lane for this role (the polling SOP)."""
Clock = Callable[[], datetime]


def create_poll(
    db: Database,
    title: str,
    unit: str,
    *,
    created_by: str,
    record_id: int | None = None,
    probability: bool = False,
    clock: Clock = utcnow,
) -> int:
    """A new, empty poll; ``probability`` declares a probability design (else opt-in)."""
    _check_new_poll(db, title, record_id)
    with db.transaction() as tx:
        return _insert_poll(tx, title, unit, created_by, record_id, probability, clock)


def import_new_poll(
    db: Database,
    file: ResponseFile,
    codebook: Codebook,
    *,
    title: str,
    unit: str,
    created_by: str,
    record_id: int | None = None,
    probability: bool = False,
    clock: Clock = utcnow,
) -> int:
    """Create a poll from its first file in one transaction; returns the poll id."""
    _check_new_poll(db, title, record_id)
    answers = long_answers(file, codebook)
    with db.transaction() as tx:
        poll_id = _insert_poll(tx, title, unit, created_by, record_id, probability, clock)
        _write_codebook(tx, poll_id, codebook)
        _insert_wave(tx, poll_id, file, answers, "", created_by, clock)
    return poll_id


def _check_new_poll(db: Database, title: str, record_id: int | None) -> None:
    if not title.strip():
        raise ImportProblem("a poll needs a title")
    if record_id is not None:
        _check_record(db, record_id)


def _insert_poll(
    tx: duckdb.DuckDBPyConnection,
    title: str,
    unit: str,
    created_by: str,
    record_id: int | None,
    probability: bool,
    clock: Clock,
) -> int:
    row = tx.execute(
        "INSERT INTO polls (title, unit, record_id, probability, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [title.strip(), unit, record_id, probability, to_db(clock()), created_by],
    ).fetchone()
    assert row is not None
    return int(row[0])


def _check_record(db: Database, record_id: int) -> None:
    rows = db.query("SELECT sop_id, sop_version FROM records WHERE id = ?", [record_id])
    if not rows:
        raise NotFound(f"there is no record {record_id}")
    sop = load_sop(db, rows[0][0], rows[0][1])
    if POLLING_ROLE not in sop.roles:
        raise ImportProblem(
            f"record {record_id} follows SOP '{sop.id}', which is not a polling SOP"
        )


def link_record(db: Database, poll_id: int, record_id: int) -> None:
    """Attach the poll to a record of a polling SOP (its report goes to that record's step)."""
    _poll(db, poll_id)
    _check_record(db, record_id)
    db.cursor().execute("UPDATE polls SET record_id = ? WHERE id = ?", [record_id, poll_id])


def import_wave(
    db: Database,
    poll_id: int,
    file: ResponseFile,
    codebook: Codebook | None = None,
    *,
    label: str = "",
    imported_by: str,
    clock: Clock = utcnow,
) -> int:
    """Store a file as the next wave of the poll and return the wave number. The first wave
    stores ``codebook``; later waves are read with the stored codebook."""
    _poll(db, poll_id)
    stored = poll_codebook(db, poll_id)
    if stored.questions:
        codebook = stored
    if codebook is None:
        raise ImportProblem("the first file of a poll needs a codebook (see infer_codebook)")
    answers = long_answers(file, codebook)
    with db.transaction() as tx:
        if not stored.questions:
            _write_codebook(tx, poll_id, codebook)
        return _insert_wave(tx, poll_id, file, answers, label, imported_by, clock)


def _insert_wave(
    tx: duckdb.DuckDBPyConnection,
    poll_id: int,
    file: ResponseFile,
    answers: pd.DataFrame,
    label: str,
    imported_by: str,
    clock: Clock,
) -> int:
    row = tx.execute(
        "SELECT coalesce(max(wave), 0) + 1 FROM poll_waves WHERE poll_id = ?", [poll_id]
    ).fetchone()
    assert row is not None
    wave = int(row[0])
    tx.execute(
        "INSERT INTO poll_waves VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            poll_id,
            wave,
            label or f"Gelombang {wave}",
            file.filename,
            file.encoding,
            file.separator,
            file.platform,
            len(file.frame),
            to_db(clock()),
            imported_by,
        ],
    )
    tx.register("incoming_answers", answers)
    try:
        tx.execute(
            "INSERT INTO poll_answers SELECT ?, ?, respondent, question, value "
            "FROM incoming_answers",
            [poll_id, wave],
        )
    finally:
        tx.unregister("incoming_answers")
    return wave


def _write_codebook(tx: duckdb.DuckDBPyConnection, poll_id: int, codebook: Codebook) -> None:
    tx.execute("DELETE FROM poll_questions WHERE poll_id = ?", [poll_id])
    tx.executemany(
        "INSERT INTO poll_questions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                poll_id,
                q.code,
                position,
                q.label,
                q.type,
                json.dumps(list(q.options), ensure_ascii=False),
                json.dumps(list(q.columns), ensure_ascii=False),
                q.separator,
            ]
            for position, q in enumerate(codebook.questions)
        ],
    )


def poll_codebook(db: Database, poll_id: int) -> Codebook:
    """The stored codebook (empty before the first import)."""
    _poll(db, poll_id)
    rows = db.query(
        "SELECT code, label, type, options, columns, separator FROM poll_questions "
        "WHERE poll_id = ? ORDER BY position",
        [poll_id],
    )
    return Codebook(
        tuple(
            Question(code, label, kind, tuple(json.loads(options)), tuple(json.loads(cols)), sep)
            for code, label, kind, options, cols, sep in rows
        )
    )


def save_codebook(db: Database, poll_id: int, codebook: Codebook) -> None:
    """Replace the codebook after import (labels, types, option order), refusing a change the
    stored answers do not fit (a value outside the options, a non-number for a numeric)."""
    stored = poll_codebook(db, poll_id)
    if [(q.code, q.columns) for q in stored.questions] != [
        (q.code, q.columns) for q in codebook.questions
    ]:
        raise ImportProblem("after import, codes and source columns of questions cannot change")
    values = db.query(
        "SELECT question, value, min(wave), min(respondent) FROM poll_answers "
        "WHERE poll_id = ? GROUP BY question, value",
        [poll_id],
    )
    for code, value, wave, respondent in values:
        question = codebook[code]
        fits = (
            value in question.options
            if question.type in {"single", "likert", "multiple"}
            else parse_number(value, False) is not None
            if question.type in {"numeric", "weight"}
            else True
        )
        if not fits:
            raise ImportProblem(
                f"question {code!r} cannot be {question.type} with these options: wave {wave}, "
                f"respondent {respondent + 1} answered {value!r}"
            )
    with db.transaction() as tx:
        _write_codebook(tx, poll_id, codebook)


def _poll(db: Database, poll_id: int) -> tuple[str, str]:
    rows = db.query("SELECT title, unit FROM polls WHERE id = ?", [poll_id])
    if not rows:
        raise NotFound(f"there is no poll {poll_id}")
    return str(rows[0][0]), str(rows[0][1])


def list_polls(db: Database) -> pd.DataFrame:
    """Every poll with its waves and respondents."""
    return (
        db.cursor()
        .execute(
            "SELECT p.id, p.title, p.unit, p.record_id, p.probability, p.created_at, "
            "count(w.wave) AS waves, coalesce(sum(w.respondents), 0) AS respondents "
            "FROM polls p LEFT JOIN poll_waves w ON w.poll_id = p.id "
            "GROUP BY ALL ORDER BY p.id"
        )
        .df()
    )


def responses(db: Database, poll_id: int, wave: int | None = None) -> pd.DataFrame:
    """One row per respondent (columns ``wave``, ``respondent``, then one per question; a
    multiple-choice question gives one true/false column per option, ``code[option]``).
    Single and Likert answers are categoricals in codebook order (ordered for Likert); the pivot
    runs in DuckDB (:mod:`analytics.polling.wide`)."""
    _poll(db, poll_id)
    return wide_responses(db, poll_id, poll_codebook(db, poll_id), wave)
