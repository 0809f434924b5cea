"""Parse the *Waktu* (standard time) cell of an SOP step.

Minutes and hours count working minutes, ``hari`` and ``hari kerja`` count working days, and
``minggu``/``bulan`` are calendar periods (rolled to the next working day by the calendar).
``-``, an empty cell and ``tentatif`` mean the step has no standard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Basis = Literal["working_minutes", "working_days", "calendar", "none"]
Unit = Literal["menit", "jam", "hari", "hari kerja", "minggu", "bulan"]

_UNITS: dict[str, tuple[Unit, Basis]] = {
    "menit": ("menit", "working_minutes"),
    "jam": ("jam", "working_minutes"),
    "hari kerja": ("hari kerja", "working_days"),
    "hari": ("hari", "working_days"),
    "minggu": ("minggu", "calendar"),
    "bulan": ("bulan", "calendar"),
}
_NO_STANDARD = {"", "-", "–", "—", "tentatif"}
_PATTERN = re.compile(
    r"^(?P<value>\d+(?:,\d+)?)\s*(?:\((?P<words>[a-z ]+)\))?\s*"
    r"(?P<unit>menit|jam|hari kerja|hari|minggu|bulan)$"
)
_DIGITS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_SINGLE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_SCALES: dict[str, Callable[[int], int]] = {
    "belas": lambda d: 10 + d,
    "puluh": lambda d: 10 * d,
    "ratus": lambda d: 100 * d,
}


class StandardTimeError(ValueError):
    """A *Waktu* cell that is neither a known standard nor an explicit 'no standard'."""


@dataclass(frozen=True)
class StandardTime:
    """A parsed standard time; ``value`` and ``unit`` are ``None`` when there is no standard."""

    raw: str
    value: float | None
    unit: Unit | None
    basis: Basis

    @property
    def minutes(self) -> int | None:
        """Working minutes for minute/hour standards, else ``None``."""
        if self.basis != "working_minutes" or self.value is None:
            return None
        return int(self.value * (60 if self.unit == "jam" else 1) + 0.5)

    @property
    def working_days(self) -> int | None:
        """Working days for ``hari``/``hari kerja`` standards, else ``None``."""
        if self.basis != "working_days" or self.value is None:
            return None
        return int(self.value)

    @property
    def calendar(self) -> str | None:
        """A calendar period such as ``"1 month"`` or ``"2 weeks"``, else ``None``."""
        if self.basis != "calendar" or self.value is None:
            return None
        n = int(self.value)
        word = "month" if self.unit == "bulan" else "week"
        return f"{n} {word}" if n == 1 else f"{n} {word}s"

    @property
    def months(self) -> int:
        """Calendar months of a ``bulan`` standard (0 otherwise)."""
        return int(self.value or 0) if self.unit == "bulan" else 0

    @property
    def weeks(self) -> int:
        """Calendar weeks of a ``minggu`` standard (0 otherwise)."""
        return int(self.value or 0) if self.unit == "minggu" else 0


def number_from_words(words: str) -> int:
    """Read an Indonesian number written in words, 1 to 999 (``tiga puluh`` → 30)."""
    tokens, total, i = words.split(), 0, 0
    while i < len(tokens):
        if tokens[i] in _SINGLE_WORDS:
            total += _SINGLE_WORDS[tokens[i]]
            i += 1
            continue
        if tokens[i] not in _DIGITS:
            raise StandardTimeError(f"unknown number word '{tokens[i]}'")
        digit = _DIGITS[tokens[i]]
        scale = _SCALES.get(tokens[i + 1]) if i + 1 < len(tokens) else None
        if scale is None:
            total, i = total + digit, i + 1
        else:
            total, i = total + scale(digit), i + 2
    if total == 0:
        raise StandardTimeError(f"'{words}' is not a number")
    return total


def parse_standard_time(raw: str | None) -> StandardTime:
    """Parse a *Waktu* cell as printed: ``5menit``, ``10 (sepuluh) hari kerja``, ``1 bulan``, ``-``.

    Raises :class:`StandardTimeError` with the offending text for anything else.
    """
    text = "" if raw is None else str(raw)
    norm = re.sub(r"\s+", " ", text.strip().lower())
    if norm in _NO_STANDARD:
        return StandardTime(raw=text, value=None, unit=None, basis="none")
    match = _PATTERN.match(norm)
    if match is None:
        raise StandardTimeError(
            f"cannot read standard time '{text}': expected a number and a unit "
            "(menit, jam, hari, hari kerja, minggu, bulan), '-', empty or 'tentatif'"
        )
    value = float(match["value"].replace(",", "."))
    unit, basis = _UNITS[match["unit"]]
    if value <= 0:
        raise StandardTimeError(f"standard time '{text}' must be positive")
    if basis != "working_minutes" and not value.is_integer():
        raise StandardTimeError(f"standard time '{text}': {unit} must be a whole number")
    try:
        in_words = None if match["words"] is None else number_from_words(match["words"])
    except StandardTimeError as exc:
        raise StandardTimeError(f"standard time '{text}': {exc}") from None
    if basis == "working_minutes" and value * (60 if unit == "jam" else 1) < 1:
        raise StandardTimeError(f"standard time '{text}' is shorter than one minute")
    if in_words is not None and in_words != value:
        raise StandardTimeError(
            f"standard time '{text}': the number {match['value']} and the words "
            f"'({match['words']})' disagree"
        )
    return StandardTime(raw=text, value=value, unit=unit, basis=basis)
