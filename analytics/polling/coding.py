"""Coding open answers in DuckDB: the code frame of a text question (codes with labels, edited by
the analyst), the codes of each answer (one or several), and the coded answers as a
multiple-choice question (``<question>_kode``) that topline and cross-tab tables use like any
other.

Every write runs in one transaction and checks everything first: nothing partial is stored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.polling.codebook import Codebook, Question
from analytics.polling.errors import OpenAnswerError
from analytics.polling.open_answers import Themes, suggest
from analytics.polling.store import Clock, poll_codebook
from workflows.db import Database, to_db, utcnow

CODED_SUFFIX = "_kode"
_CODE = re.compile(r"[\w-]+")
Answer = tuple[int, int]
"""(wave, respondent) of one answer."""


@dataclass(frozen=True)
class Code:
    """One entry of a code frame: a short code and the label shown in tables."""

    code: str
    label: str


def codes_from_themes(found: Themes, terms: int = 2) -> list[Code]:
    """A first code frame with one code per theme (``tema1``, ...), labelled by its top terms."""
    count = int(found.answers["theme"].max()) + 1
    return [Code(f"tema{k + 1}", ", ".join(found.top_terms(k)[:terms])) for k in range(count)]


def text_questions(codebook: Codebook) -> list[Question]:
    """The open (text) questions of a codebook."""
    return [q for q in codebook.questions if q.type == "text"]


def _text_question(db: Database, poll_id: int, question: str) -> Question:
    codebook = poll_codebook(db, poll_id)
    try:
        found = codebook[question]
    except KeyError:
        raise OpenAnswerError(f"poll {poll_id} has no question {question!r}") from None
    if found.type != "text":
        raise OpenAnswerError(f"question {question!r} is {found.type}, not an open (text) one")
    return found


def code_frame(db: Database, poll_id: int, question: str) -> list[Code]:
    """The codes of the question, in the analyst's order."""
    rows = db.query(
        "SELECT code, label FROM poll_codes WHERE poll_id = ? AND question = ? ORDER BY position",
        [poll_id, question],
    )
    return [Code(str(code), str(label)) for code, label in rows]


def save_code_frame(db: Database, poll_id: int, question: str, codes: Sequence[Code]) -> None:
    """Replace the code frame, refusing blank, malformed or duplicate codes and labels, and the
    removal of a code that answers still carry."""
    _text_question(db, poll_id, question)
    cleaned = [Code(c.code.strip(), c.label.strip()) for c in codes]
    for row, entry in enumerate(cleaned, start=1):
        if not _CODE.fullmatch(entry.code):
            raise OpenAnswerError(
                f"code frame row {row}: the code {entry.code!r} must be letters, digits, _ or -"
            )
        if not entry.label:
            raise OpenAnswerError(f"code frame row {row} ({entry.code}): the label is empty")
    for field in ("code", "label"):
        values = [getattr(entry, field) for entry in cleaned]
        twice = sorted({v for v in values if values.count(v) > 1})
        if twice:
            raise OpenAnswerError(f"code frame: the {field} {twice[0]!r} is used twice")
    kept = [entry.code for entry in cleaned]
    used = db.query(
        "SELECT code, count(*) FROM poll_codings WHERE poll_id = ? AND question = ? "
        "AND NOT list_contains(?, code) GROUP BY code ORDER BY code",
        [poll_id, question, kept],
    )
    if used:
        raise OpenAnswerError(
            f"the code {used[0][0]!r} is on {used[0][1]} answers: recode them before removing it"
        )
    with db.transaction() as tx:
        tx.execute("DELETE FROM poll_codes WHERE poll_id = ? AND question = ?", [poll_id, question])
        if cleaned:
            tx.executemany(
                "INSERT INTO poll_codes VALUES (?, ?, ?, ?, ?)",
                [[poll_id, question, e.code, e.label, i] for i, e in enumerate(cleaned)],
            )


def open_answers(db: Database, poll_id: int, question: str) -> pd.DataFrame:
    """The non-empty answers: wave, respondent, text and codes (a list, code-frame order)."""
    _text_question(db, poll_id, question)
    frame = (
        db.cursor()
        .execute(
            "SELECT a.wave, a.respondent, a.value AS text, "
            "coalesce(list(c.code ORDER BY k.position) FILTER (WHERE c.code IS NOT NULL), []) "
            "AS codes "
            "FROM poll_answers a "
            "LEFT JOIN poll_codings c ON c.poll_id = a.poll_id AND c.question = a.question "
            "AND c.wave = a.wave AND c.respondent = a.respondent "
            "LEFT JOIN poll_codes k ON k.poll_id = c.poll_id AND k.question = c.question "
            "AND k.code = c.code "
            "WHERE a.poll_id = ? AND a.question = ? AND trim(a.value) <> '' "
            "GROUP BY a.wave, a.respondent, a.value ORDER BY a.wave, a.respondent",
            [poll_id, question],
        )
        .df()
    )
    frame["codes"] = frame["codes"].map(list)
    return frame


def code_answers(
    db: Database,
    poll_id: int,
    question: str,
    assignments: Mapping[Answer, Sequence[str]],
    *,
    coded_by: str,
    clock: Clock = utcnow,
) -> None:
    """Set the codes of each answer (``(wave, respondent) → codes``; an empty list uncodes it)."""
    rows = [(w, r, code, None) for (w, r), codes in assignments.items() for code in codes]
    _write(db, poll_id, question, rows, list(assignments), coded_by, clock)


def accept_suggestions(
    db: Database,
    poll_id: int,
    question: str,
    suggestions: pd.DataFrame,
    *,
    coded_by: str,
    clock: Clock = utcnow,
) -> None:
    """Add suggested codes (columns wave, respondent, code, confidence) to their answers, keeping
    codes the answers already have; the confidence is stored with each accepted code."""
    rows = [
        (int(w), int(r), str(c), float(p))
        for w, r, c, p in suggestions[["wave", "respondent", "code", "confidence"]].itertuples(
            index=False
        )
    ]
    _write(db, poll_id, question, rows, [], coded_by, clock)


def _write(
    db: Database,
    poll_id: int,
    question: str,
    rows: Sequence[tuple[int, int, str, float | None]],
    replaced: Sequence[Answer],
    coded_by: str,
    clock: Clock,
) -> None:
    known = {entry.code for entry in code_frame(db, poll_id, question)}
    unknown = sorted({code for _, _, code, _ in rows} - known)
    if unknown:
        raise OpenAnswerError(f"the code {unknown[0]!r} is not in the code frame of {question!r}")
    answers = open_answers(db, poll_id, question)
    present = set(zip(answers["wave"], answers["respondent"], strict=True))
    missing = sorted({(w, r) for w, r, _, _ in rows} - present | set(replaced) - present)
    if missing:
        wave, respondent = missing[0]
        raise OpenAnswerError(
            f"wave {wave}, respondent {respondent + 1} has no answer to {question!r}"
        )
    incoming = pd.DataFrame(
        list(rows), columns=["wave", "respondent", "code", "confidence"]
    ).astype({"wave": "int32", "respondent": "int32", "code": str, "confidence": float})
    cleared = pd.DataFrame(list(replaced), columns=["wave", "respondent"], dtype="int32")
    with db.transaction() as tx:
        tx.register("cleared_answers", cleared)
        tx.register("incoming_codings", incoming)
        try:
            tx.execute(
                "DELETE FROM poll_codings c USING cleared_answers x WHERE c.poll_id = ? "
                "AND c.question = ? AND c.wave = x.wave AND c.respondent = x.respondent",
                [poll_id, question],
            )
            tx.execute(
                "INSERT INTO poll_codings SELECT ?, ?, wave, respondent, code, confidence, ?, ? "
                "FROM incoming_codings ON CONFLICT DO NOTHING",
                [poll_id, question, coded_by, to_db(clock())],
            )
        finally:
            tx.unregister("cleared_answers")
            tx.unregister("incoming_codings")


def suggestions(answers: pd.DataFrame, **options: float) -> pd.DataFrame:
    """Suggested codes for the uncoded answers of :func:`open_answers` (wave, respondent, text,
    code, confidence); ``options`` go to :func:`analytics.polling.open_answers.suggest`."""
    found = suggest(
        answers["text"].tolist(),
        answers["codes"].tolist(),
        neighbours=int(options.get("neighbours", 5)),
        min_confidence=float(options.get("min_confidence", 0.5)),
    )
    picked = answers.iloc[found["answer"].to_numpy()][["wave", "respondent", "text"]]
    return picked.reset_index(drop=True).assign(
        code=found["code"].to_numpy(), confidence=found["confidence"].to_numpy()
    )


def with_coded(
    db: Database, poll_id: int, frame: pd.DataFrame, codebook: Codebook
) -> tuple[pd.DataFrame, Codebook]:
    """The responses (from :func:`analytics.polling.store.responses`) and codebook with one
    multiple-choice question per coded text question: ``<code>_kode[<label>]`` is true when the
    answer carries the code, missing when the respondent's answer is not coded (out of base)."""
    added: list[Question] = []
    columns: dict[str, pd.Series] = {}
    keys = pd.MultiIndex.from_frame(frame[["wave", "respondent"]])
    for question in text_questions(codebook):
        entries = code_frame(db, poll_id, question.code)
        if not entries:
            continue
        derived = Question(
            f"{question.code}{CODED_SUFFIX}",
            f"{question.label} (kode)",
            "multiple",
            tuple(e.label for e in entries),
        )
        if any(q.code == derived.code for q in codebook.questions):
            raise OpenAnswerError(f"the poll already has a question {derived.code!r}")
        coded = (
            db.cursor()
            .execute(
                "SELECT wave, respondent, code FROM poll_codings "
                "WHERE poll_id = ? AND question = ?",
                [poll_id, question.code],
            )
            .df()
        )
        tagged = pd.MultiIndex.from_frame(coded[["wave", "respondent"]])
        answered = keys.isin(tagged)
        for entry in entries:
            chosen = keys.isin(tagged[(coded["code"] == entry.code).to_numpy()])
            values = pd.array(np.where(answered, chosen, False), dtype="boolean")
            values[~answered] = pd.NA
            columns[f"{derived.code}[{entry.label}]"] = pd.Series(values, index=frame.index)
        added.append(derived)
    if not added:
        return frame, codebook
    return pd.concat([frame, pd.DataFrame(columns)], axis=1), Codebook(
        (*codebook.questions, *added)
    )
