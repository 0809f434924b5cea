"""Running an admin action from a page: its error as a sentence, or a confirmation after a rerun."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import streamlit as st

from ui.i18n import t
from workflows.errors import LenteraError

FLASH_KEY: Final = "feedback_flash"
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#:$~|!{}])")


def plain(text: str) -> str:
    """``text`` escaped so that ``st.error``/``st.success`` show it literally, not as Markdown."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def attempt(action: Callable[[], object], done: str) -> None:
    """Run ``action``; on success rerun and confirm ``done``, on a ``LenteraError`` show why.

    Nothing partial is written by the core functions, so a refused action leaves no trace.
    """
    try:
        action()
    except LenteraError as exc:
        st.error(plain(str(exc)), icon=":material/error:")
        return
    st.session_state[FLASH_KEY] = done
    st.rerun()


def show_flash() -> None:
    """The confirmation left by the last successful :func:`attempt`, once."""
    done = st.session_state.pop(FLASH_KEY, None)
    if isinstance(done, str):
        st.success(plain(f"{t('admin.done')} {done}"), icon=":material/check_circle:")
