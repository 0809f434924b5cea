"""Engine errors as sentences in the session's language (never a traceback).

The sentences go to ``st.error``, which reads Markdown: every part that comes from the error
(names, file names, user input echoed back) is escaped.
"""

from __future__ import annotations

from ui.i18n import lang, t
from ui.safe import md_escape
from workflows.attachments import AttachmentRefused
from workflows.errors import (
    InvalidTransition,
    LenteraError,
    RecordClosed,
    RoleNotAllowed,
    StaleVersion,
    StepNotReady,
)
from workflows.fmt import format_datetime


def explain(error: LenteraError, zone: str = "Asia/Jakarta") -> str:
    """One sentence for the user; the engine's own (English) detail follows in English mode."""
    if isinstance(error, StaleVersion):
        when = format_datetime(error.changed_at, zone, lang()) if error.changed_at else "?"
        return t("record.stale").format(who=md_escape(error.changed_by or "?"), when=when)
    if isinstance(error, AttachmentRefused):
        return f"{t('error.file')} {md_escape(str(error))}"
    for kind, key in (
        (RoleNotAllowed, "error.role"),
        (RecordClosed, "error.closed"),
        (StepNotReady, "error.not_ready"),
        (InvalidTransition, "error.invalid"),
    ):
        if isinstance(error, kind):
            return t(key) if lang() == "id" else f"{t(key)} ({md_escape(str(error))})"
    return f"{t('error.other')} {md_escape(str(error))}"
