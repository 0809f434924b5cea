"""The typed wide table of a poll, built from the long-form answers without a per-row loop.

DuckDB turns each stored answer into (slot, row, value): a choice into the position of its
option (a multiple-choice option into its own yes/no slot), a number into a double, and numpy
scatters them into one matrix per kind in a single assignment. Only open text and dates cross
into Python as text. A respondent without any answer still gets a row (all missing).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from analytics.polling.codebook import Codebook, Question
from workflows.db import Database

_CHOICE = {"single", "likert"}
_NUMBER = {"numeric", "weight"}
_OFFSETS = (
    "WITH w AS (SELECT unnest($waves) AS wave, unnest($starts) AS start), "
    "a AS (SELECT a.question, a.value, (a.respondent + w.start)::INTEGER AS row "
    "FROM poll_answers a JOIN w ON a.wave = w.wave WHERE a.poll_id = $poll), "
)
"""Each answer with its row in the wide table (waves stacked in order)."""


def wide_responses(
    db: Database, poll_id: int, codebook: Codebook, wave: int | None = None
) -> pd.DataFrame:
    """Columns ``wave``, ``respondent``, then the questions (see ``store.responses``)."""
    waves = db.query(
        "SELECT wave, respondents FROM poll_waves WHERE poll_id = ? AND (? IS NULL OR wave = ?) "
        "ORDER BY wave",
        [poll_id, wave, wave],
    )
    counts = np.array([int(count) for _, count in waves], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)])
    rows = int(starts[-1])
    params: dict[str, Any] = {
        "poll": poll_id,
        "waves": [int(w) for w, _ in waves],
        "starts": [int(s) for s in starts[:-1]],
    }
    questions = [q for q in codebook.questions if q.type != "meta"]
    closed = [q for q in questions if q.type in _CHOICE or q.type == "multiple"]
    numeric = [q for q in questions if q.type in _NUMBER]
    other = [q for q in questions if q not in closed and q not in numeric]
    choices = _choices(db, params, closed, rows)
    numbers = _values(db, params, numeric, rows, numeric=True)
    texts = _values(db, params, other, rows, numeric=False)
    columns: dict[str, Any] = {
        "wave": np.repeat([w for w, _ in waves], counts).astype(np.int64),
        "respondent": np.arange(rows, dtype=np.int64) - np.repeat(starts[:-1], counts),
    }
    for question in questions:
        if question.type == "multiple":
            chosen = choices[question.code] == 1
            answered = chosen.any(axis=0)
            for option, flags in zip(question.options, chosen, strict=True):
                columns[f"{question.code}[{option}]"] = pd.arrays.BooleanArray(flags, ~answered)
        elif question.type in _CHOICE:
            columns[question.code] = pd.Categorical.from_codes(
                choices[question.code][0],
                categories=pd.Index(question.options),
                ordered=question.type == "likert",
            )
        elif question.type in _NUMBER:
            columns[question.code] = numbers[question.code]
        else:
            text = pd.Series(texts[question.code], dtype=object)  # a Series stays object, not str
            columns[question.code] = (
                pd.to_datetime(text, errors="coerce") if question.type == "date" else text
            )
    return pd.DataFrame(columns)


def _choices(
    db: Database, params: dict[str, Any], questions: list[Question], rows: int
) -> dict[str, np.ndarray]:
    """Per question a (slots × rows) matrix: the option's position for single and Likert (one
    slot), 1 per chosen option for multiple choice (one slot per option); -1 where unanswered."""
    codes: list[str] = []
    options: list[str] = []
    targets: list[int] = []
    values: list[int] = []
    spans: dict[str, slice] = {}
    slots = 0
    for question in questions:
        multiple = question.type == "multiple"
        for i, option in enumerate(question.options):
            codes.append(question.code)
            options.append(option)
            targets.append(slots + i if multiple else slots)
            values.append(1 if multiple else i)
        width = len(question.options) if multiple else 1
        spans[question.code] = slice(slots, slots + width)
        slots += width
    matrix = np.full((slots, rows), -1, dtype=np.int16)
    if codes and rows:
        found = (
            db.cursor()
            .execute(
                _OFFSETS  # noqa: S608 - constant pieces; every value is a parameter
                + "m AS (SELECT unnest($codes) AS question, unnest($options) AS value, "
                "unnest($targets)::INTEGER AS slot, unnest($values)::SMALLINT AS code) "
                "SELECT m.slot, a.row, m.code FROM a "
                "JOIN m ON a.question = m.question AND a.value = m.value",
                {
                    **params,
                    "codes": codes,
                    "options": options,
                    "targets": targets,
                    "values": values,
                },
            )
            .fetchnumpy()
        )
        matrix[found["slot"], found["row"]] = found["code"]
    return {code: matrix[span] for code, span in spans.items()}


def _values(
    db: Database, params: dict[str, Any], questions: list[Question], rows: int, *, numeric: bool
) -> dict[str, np.ndarray]:
    """Per question its answers in row order: doubles (NaN when missing) or text (NaN when
    missing)."""
    matrix = np.full((len(questions), rows), np.nan, dtype=float if numeric else object)
    if not questions or not rows:
        return {q.code: matrix[i] for i, q in enumerate(questions)}
    found = (
        db.cursor()
        .execute(
            _OFFSETS + "m AS (SELECT unnest($q) AS question, "
            "generate_subscripts($q, 1)::INTEGER - 1 AS slot) "
            + (
                "SELECT m.slot, a.row, TRY_CAST(a.value AS DOUBLE) AS value "
                if numeric
                else "SELECT m.slot, a.row, a.value "
            )
            + "FROM a JOIN m ON a.question = m.question",
            {**params, "q": [q.code for q in questions]},
        )
        .fetchnumpy()
    )
    matrix[found["slot"], found["row"]] = np.ma.filled(found["value"], np.nan)
    return {q.code: matrix[i] for i, q in enumerate(questions)}
