"""Typed errors of the record engine and the store. Each message is a sentence for the user."""

from __future__ import annotations

from datetime import datetime


class LenteraError(Exception):
    """Base class: an expected failure with a message fit to show to a user."""


class DatabaseLocked(LenteraError):
    """Another process (usually the running app) holds the database file."""


class NotFound(LenteraError):
    """A record, user, unit or SOP that does not exist."""


class RoleNotAllowed(LenteraError):
    """The user does not hold the role the action needs."""


class InvalidTransition(LenteraError):
    """The action is not one the SOP definition allows on the current step."""


class RecordClosed(LenteraError):
    """The record is finished or cancelled; nothing more can happen to it."""


class StepNotReady(LenteraError):
    """The step has a waiting period (e.g. a poll that runs a month) that has not passed."""

    def __init__(self, message: str, ready_at: datetime) -> None:
        super().__init__(message)
        self.ready_at = ready_at


class StaleVersion(LenteraError):
    """The record changed since the user loaded it (optimistic concurrency)."""

    def __init__(
        self,
        message: str,
        *,
        record_id: int,
        seen: int,
        current: int,
        changed_by: str | None,
        changed_at: datetime | None,
    ) -> None:
        super().__init__(message)
        self.record_id = record_id
        self.seen = seen
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
