"""Text from users inside widget labels, which Streamlit reads as Markdown."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=])")


def md_escape(text: str) -> str:
    """``text`` with every Markdown-significant character backslash-escaped (shown literally)."""
    return _MARKDOWN.sub(r"\\\1", text)
