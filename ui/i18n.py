"""Interface labels in Bahasa Indonesia (the default) and English; ``t(key)`` looks one up.

The labels live by area in :mod:`ui.labels`, each key with its two translations side by side.
"""

from __future__ import annotations

from typing import Final

import streamlit as st

from ui.labels import admin, compliance, core, dip, polling, records
from workflows.catalog import role_catalog
from workflows.fmt import Lang
from workflows.users import ALL_UNITS, Grant

LANG_KEY: Final = "lang"
LANGUAGES: Final[dict[Lang, str]] = {"id": "Bahasa Indonesia", "en": "English"}


def _merged(*areas: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """The areas' labels in one table; a key defined in two areas is a bug."""
    merged: dict[str, tuple[str, str]] = {}
    for area in areas:
        twice = merged.keys() & area.keys()
        if twice:
            raise ValueError(f"labels defined twice: {sorted(twice)}")
        merged |= area
    return merged


_PAIRS: Final = _merged(
    core.LABELS, records.LABELS, polling.LABELS, dip.LABELS, compliance.LABELS, admin.LABELS
)
LABELS: Final[dict[Lang, dict[str, str]]] = {
    "id": {key: pair[0] for key, pair in _PAIRS.items()},
    "en": {key: pair[1] for key, pair in _PAIRS.items()},
}


def lang() -> Lang:
    """The language chosen in this browser session (Indonesian unless switched)."""
    chosen = st.session_state.get(LANG_KEY, "id")
    return "en" if chosen == "en" else "id"


def set_lang(value: Lang) -> None:
    """Switch this session's language."""
    st.session_state[LANG_KEY] = value


def t(key: str) -> str:
    """The label ``key`` in the session's language; an unknown key raises ``KeyError``."""
    return LABELS[lang()][key]


def grant_label(grant: Grant) -> str:
    """``Pemantau Opini Publik (cirebon-diskominfo)``; every unit reads ``(semua unit)``."""
    unit = t("app.all_units") if grant.unit == ALL_UNITS else grant.unit
    return f"{role_label(grant.role)} ({unit})"


def role_label(role: str | None) -> str:
    """A role's label in the session's language (the id itself for an unknown role)."""
    if role is None:
        return ""
    found = role_catalog().get(role)
    if found is None:
        return role
    return found.label_en if lang() == "en" else found.label_id
