"""Check every cell of an export against the codebook and turn it into long-form answers
(respondent, question, value), or refuse the file naming the row and column of the first problem.

Values are stored as canonical text: options as spelled in the codebook, numbers with a decimal
point, dates in ISO form; a multiple-choice answer is one row per option chosen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from analytics.polling.codebook import FALSY, TRUTHY, Codebook, Question, parse_number
from analytics.polling.errors import ImportProblem
from analytics.polling.reader import ResponseFile

Convert = Callable[[str], str | None]
"""Canonical text of one non-empty cell, or ``None`` when the cell does not fit."""


def long_answers(file: ResponseFile, codebook: Codebook) -> pd.DataFrame:
    """All answers of the file: columns ``respondent`` (0-based row), ``question``, ``value``."""
    missing = [
        column
        for q in codebook.questions
        for column in q.columns
        if q.type != "meta" and column not in file.frame.columns
    ]
    if missing:
        raise ImportProblem(
            f"{file.filename}: the column {missing[0]!r} of the codebook is missing"
        )
    parts = [_question(file, q) for q in codebook.questions if q.type != "meta"]
    if not parts:
        return pd.DataFrame({"respondent": [], "question": [], "value": []})
    return pd.concat(parts, ignore_index=True)


def _question(file: ResponseFile, question: Question) -> pd.DataFrame:
    if question.type == "multiple" and question.separator is None:
        return _option_columns(file, question)
    column = question.columns[0]
    cells = file.frame[column].astype(str).str.strip()
    filled = cells[cells != ""]
    convert, expected = _converter(question, file.decimal_comma)
    if question.type == "multiple":
        assert question.separator is not None
        tokens = filled.str.split(question.separator.strip()).explode().str.strip()
        filled = tokens[tokens != ""]
    mapping = {value: convert(value) for value in filled.unique()}
    canonical = filled.map(mapping)
    bad = canonical.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        index = int(filled.index[row])
        raise ImportProblem(
            f"{file.filename}, row {file.file_row(index)}, column {column!r}: "
            f"{filled.iloc[row]!r} is not {expected}"
        )
    return pd.DataFrame(
        {
            "respondent": canonical.index.to_numpy(dtype=np.int64),
            "question": question.code,
            "value": canonical.to_numpy(dtype=object),
        }
    ).drop_duplicates()


def _converter(question: Question, decimal_comma: bool) -> tuple[Convert, str]:
    """How to read one cell of the question, and what a good cell is (for the message)."""
    if question.type in {"single", "likert", "multiple"}:
        lookup = {option.lower(): option for option in question.options}
        numeric = {
            parse_number(option, decimal_comma): option
            for option in question.options
            if parse_number(option, decimal_comma) is not None
        }

        def option(value: str) -> str | None:
            found = lookup.get(value.lower())
            if found is None and numeric:
                found = numeric.get(parse_number(value, decimal_comma))
            return found

        shown = ", ".join(question.options[:8]) + (", ..." if len(question.options) > 8 else "")
        return option, f"one of the options ({shown})"
    if question.type in {"numeric", "weight"}:

        def number(value: str) -> str | None:
            parsed = parse_number(value, decimal_comma)
            if parsed is None or (question.type == "weight" and parsed <= 0):
                return None
            return repr(parsed)

        return number, "a positive number" if question.type == "weight" else "a number"
    if question.type == "date":

        def date(value: str) -> str | None:
            parsed = pd.to_datetime(value, dayfirst=True, errors="coerce", format="mixed")
            return None if pd.isna(parsed) else parsed.isoformat()

        return date, "a date"
    return (lambda value: value), "text"


def _option_columns(file: ResponseFile, question: Question) -> pd.DataFrame:
    """One tick column per option: a tick (1, Y, Ya, TRUE, ...) chooses it, a blank or 0 not."""
    parts = []
    for column, option in zip(question.columns, question.options, strict=True):
        cells = file.frame[column].astype(str).str.strip().str.lower()
        unknown = ~cells.isin(TRUTHY | FALSY)
        if unknown.any():
            index = int(np.flatnonzero(unknown.to_numpy())[0])
            raise ImportProblem(
                f"{file.filename}, row {file.file_row(index)}, column {column!r}: "
                f"{file.frame[column].iloc[index]!r} is not a tick (1/Y/Ya) or a blank"
            )
        chosen = np.flatnonzero(cells.isin(TRUTHY).to_numpy())
        parts.append(
            pd.DataFrame({"respondent": chosen, "question": question.code, "value": option})
        )
    return pd.concat(parts, ignore_index=True)
