"""Typed errors of the polling analytics; each message is a sentence for the user."""

from __future__ import annotations

from typing import Any

from workflows.errors import LenteraError


def shown(value: Any) -> str:
    """A cell value as a user reads it in a message: ``'abc'``, ``-1.0`` (no numpy wrappers)."""
    plain = value.item() if hasattr(value, "item") else value
    return repr(plain)


class DesignError(LenteraError):
    """The survey design is inconsistent (missing weights, fpc varying within a stratum, ...)."""


class RakeError(LenteraError):
    """Raking targets that cannot be met (empty category, disagreeing totals, ...)."""


class IkmError(LenteraError):
    """SKM answers that do not fit the chosen IKM method (wrong unsur count, scores outside 1-4)."""


class ImportProblem(LenteraError):
    """A response file that cannot be read; the message names the row and/or column."""


class OpenAnswerError(LenteraError):
    """Open answers that cannot be analysed or coded (too few answers, an unknown code, ...)."""
