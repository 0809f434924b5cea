"""The codebook of a poll: one entry per question with its type and ordered options.

Inferred from an export, then editable (as a table) before or after import. Types: ``single``
choice, ``multiple`` choice (in one cell with a separator, or one column per option), ``likert``
(ordinal, options low → high), ``numeric``, ``text`` (open answers), ``weight``, ``date``, and
``meta`` (platform bookkeeping such as ``_uuid``, kept out of analysis).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Literal, get_args

import pandas as pd

from analytics.polling.errors import ImportProblem
from analytics.polling.reader import ResponseFile

QuestionType = Literal["single", "multiple", "likert", "numeric", "text", "weight", "date", "meta"]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
TRUTHY = {"1", "y", "ya", "yes", "true", "benar", "x", "✓"}
FALSY = {"", "0", "n", "no", "tidak", "false", "salah"}
LIKERT_SCALES: tuple[tuple[str, ...], ...] = (
    ("Sangat tidak setuju", "Tidak setuju", "Netral", "Setuju", "Sangat setuju"),
    ("Sangat tidak setuju", "Tidak setuju", "Ragu-ragu", "Setuju", "Sangat setuju"),
    ("Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"),
    ("Sangat tidak puas", "Tidak puas", "Cukup puas", "Puas", "Sangat puas"),
    ("Tidak puas", "Kurang puas", "Puas", "Sangat puas"),
    ("Sangat buruk", "Buruk", "Cukup", "Baik", "Sangat baik"),
    ("Tidak baik", "Kurang baik", "Baik", "Sangat baik"),
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"),
    ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"),
)
_META = re.compile(
    r"^(_.*|start|end|today|deviceid|username|simserial|subscriberid|phonenumber|audit|"
    r"id|submitdate|lastpage|startlanguage|seed|startdate|datestamp|ipaddr|refurl|"
    r"alamat email|email address|email|meta/.*|formhub/.*)$",
    re.IGNORECASE,
)
_WEIGHT = re.compile(r"^(w|wt|pw|weight|weights|bobot|pembobot)$", re.IGNORECASE)
_OPTION_COLUMN = re.compile(r"^(?P<stem>.+?)\s*(?:\[(?P<br>[^\]]+)\]|/(?P<sl>[^/]+))$")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?.*)?$")
_MULTI_SEPARATORS = (", ", ";")


@dataclass(frozen=True)
class Question:
    """One question: ``code`` keys the stored answers; ``columns`` are its source columns."""

    code: str
    label: str
    type: QuestionType
    options: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    separator: str | None = None


@dataclass(frozen=True)
class Codebook:
    """The questions of a poll, in file order."""

    questions: tuple[Question, ...]

    def __getitem__(self, code: str) -> Question:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(code)

    def frame(self) -> pd.DataFrame:
        """The editable table: code, label, type, options (``a | b | c``), columns, separator."""
        return pd.DataFrame(
            {
                "code": [q.code for q in self.questions],
                "label": [q.label for q in self.questions],
                "type": [q.type for q in self.questions],
                "options": [" | ".join(q.options) for q in self.questions],
                "columns": [
                    json.dumps(list(q.columns), ensure_ascii=False) for q in self.questions
                ],
                "separator": [q.separator or "" for q in self.questions],
            }
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Codebook:
        """Read an edited table back, refusing unknown types and duplicate codes."""
        questions = []
        for index, row in enumerate(frame.itertuples(index=False), start=1):
            kind = str(row.type).strip()
            if kind not in QUESTION_TYPES:
                raise ImportProblem(
                    f"codebook row {index} ({row.code}): type {kind!r} is not one of "
                    f"{', '.join(QUESTION_TYPES)}"
                )
            text = row.options if isinstance(row.options, str) else ""
            options = tuple(o.strip() for o in text.split("|") if o.strip())
            if kind in {"single", "likert", "multiple"} and not options:
                raise ImportProblem(f"codebook row {index} ({row.code}): {kind} needs options")
            questions.append(
                Question(
                    code=str(row.code).strip(),
                    label=str(row.label).strip(),
                    type=kind,  # type: ignore[arg-type]
                    options=options,
                    columns=tuple(json.loads(str(row.columns))),
                    separator=row.separator
                    if isinstance(row.separator, str) and row.separator
                    else None,
                )
            )
        codes = [q.code for q in questions]
        duplicated = sorted({c for c in codes if codes.count(c) > 1})
        if duplicated:
            raise ImportProblem(f"codebook: the code {duplicated[0]!r} is used twice")
        return cls(tuple(questions))


def parse_number(text: str, decimal_comma: bool) -> float | None:
    """``1.234,5`` (decimal comma) or ``1,234.5``; ``None`` if the text is not a number."""
    value = text.strip().replace(" ", "").replace("\u00a0", "")
    if decimal_comma:
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", value):
            value = value.replace(".", "")
        value = value.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
        value = value.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def slug(label: str) -> str:
    """A short stable code from a header: lower-case words joined by ``_``, at most 40 characters
    (whole words while they fit)."""
    words = [w for w in re.split(r"[^0-9a-z]+", label.lower()) if w]
    code = ""
    for word in words:
        if code and len(code) + 1 + len(word) > 40:
            break
        code = f"{code}_{word}" if code else word
    return code[:40] or "q"


def infer_codebook(file: ResponseFile) -> Codebook:
    """Guess a codebook from the cells; the analyst reviews and edits it."""
    frame = file.frame
    groups = _option_groups(frame)
    grouped = {column for q in groups for column in q.columns}
    stems = {q.label for q in groups}
    questions: list[Question] = []
    placed: set[str] = set()
    for column in frame.columns:
        if column in grouped:
            group = next(q for q in groups if column in q.columns)
            if group.code not in placed:
                questions.append(group)
                placed.add(group.code)
            continue
        if column in stems:  # Kobo also writes the chosen options in one stem column
            continue
        questions.append(_infer_column(column, frame[column], file.decimal_comma, file.platform))
    return Codebook(tuple(_unique_codes(questions)))


def _unique_codes(questions: list[Question]) -> list[Question]:
    seen: dict[str, int] = {}
    out = []
    for question in questions:
        code = question.code
        seen[code] = seen.get(code, 0) + 1
        out.append(question if seen[code] == 1 else replace(question, code=f"{code}_{seen[code]}"))
    return out


def _option_groups(frame: pd.DataFrame) -> list[Question]:
    """Multi-select questions written one column per option (LimeSurvey ``q[SQ001]``, Kobo
    ``q/option``, Google Forms-like ``q [option]``) whose cells are all ticks or blanks."""
    stems: dict[str, list[tuple[str, str]]] = {}
    for column in frame.columns:
        match = _OPTION_COLUMN.match(column)
        if match:
            option = match["br"] or match["sl"]
            stems.setdefault(match["stem"].strip(), []).append((column, option.strip()))
    groups = []
    for stem, members in stems.items():
        values = {str(v).strip().lower() for column, _ in members for v in frame[column]}
        if len(members) >= 2 and values <= TRUTHY | FALSY and values & TRUTHY:
            groups.append(
                Question(
                    code=slug(stem),
                    label=stem,
                    type="multiple",
                    options=tuple(option for _, option in members),
                    columns=tuple(column for column, _ in members),
                )
            )
    return groups


def _infer_column(column: str, cells: pd.Series, decimal_comma: bool, platform: str) -> Question:
    values = [str(v).strip() for v in cells if str(v).strip()]
    distinct = list(dict.fromkeys(values))
    base = Question(code=slug(column), label=column, type="text", columns=(column,))
    numbers = [parse_number(v, decimal_comma) for v in distinct]
    if _META.match(column.strip()) and not (platform == "google_forms" and _is_dates(distinct)):
        return replace(base, type="meta")
    if values and all(n is not None for n in numbers):
        if _WEIGHT.match(column.strip()):
            return replace(base, type="weight")
        ints = sorted({int(n) for n in numbers if n is not None and n == int(n)})
        if len(ints) == len(distinct) and 2 <= len(ints) <= 11 and ints[0] >= 0 and ints[-1] <= 10:
            return replace(base, type="likert", options=tuple(str(i) for i in ints))
        return replace(base, type="numeric")
    if values and _is_dates(distinct):
        return replace(base, type="date")
    scale = _likert_scale(distinct)
    if scale:
        return replace(base, type="likert", options=scale)
    multi = _one_cell_multiple(values, distinct)
    if multi is not None:
        separator, options = multi
        return replace(base, type="multiple", options=options, separator=separator)
    short = sum(len(v) for v in distinct) <= 40 * len(distinct)
    if distinct and len(distinct) <= 20 and len(distinct) < len(values) and short:
        ordered = sorted(distinct, key=lambda v: (-values.count(v), v))
        return replace(base, type="single", options=tuple(ordered))
    return base


def _is_dates(distinct: list[str]) -> bool:
    return bool(distinct) and all(_DATE_LIKE.match(v) for v in distinct)


def _likert_scale(distinct: list[str]) -> tuple[str, ...] | None:
    lowered = {v.lower() for v in distinct}
    if len(lowered) < 2:
        return None
    for scale in LIKERT_SCALES:
        if lowered <= {option.lower() for option in scale}:
            return scale
    return None


def _one_cell_multiple(
    values: list[str], distinct: list[str]
) -> tuple[str, tuple[str, ...]] | None:
    """Google Forms writes checkbox answers in one cell: ``Koran, Televisi``."""
    for separator in _MULTI_SEPARATORS:
        if not any(separator in v for v in distinct):
            continue
        tokens = [t.strip() for v in values for t in v.split(separator) if t.strip()]
        options = list(dict.fromkeys(tokens))
        singles = set(distinct)
        frequent = all(tokens.count(o) >= 2 or o in singles for o in options)
        if len(options) <= 15 and len(options) < len(distinct) + 1 and frequent:
            ordered = sorted(options, key=lambda o: (-tokens.count(o), o))
            return separator, tuple(ordered)
    return None
