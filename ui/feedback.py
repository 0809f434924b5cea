"""Running an admin action from a page: its error as a sentence, or a confirmation after a rerun."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import streamlit as st

from ui.errors import explain
from ui.i18n import t
from ui.safe import md_escape
from workflows.errors import LenteraError

FLASH_KEY: Final = "feedback_flash"


def attempt(action: Callable[[], object], done: str) -> None:
    """Run ``action``; on success rerun and confirm ``done``, on a ``LenteraError`` show why.

    Nothing partial is written by the core functions, so a refused action leaves no trace.
    """
    try:
        action()
    except LenteraError as exc:
        st.error(md_escape(explain(exc)), icon=":material/error:")
        return
    st.session_state[FLASH_KEY] = done
    st.rerun()


def show_flash() -> None:
    """The confirmation left by the last successful :func:`attempt`, once."""
    done = st.session_state.pop(FLASH_KEY, None)
    if isinstance(done, str):
        st.success(md_escape(f"{t('admin.done')} {done}"), icon=":material/check_circle:")
