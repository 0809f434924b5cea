"""User text inside Markdown-reading widgets is shown literally: every Markdown character of it
is backslash-escaped, and nothing else changes."""

from __future__ import annotations

import re

import pytest

from ui.safe import md_escape

SPECIAL = set("\\`*_{}[]()<>#+-.!|~:$=")


@pytest.mark.parametrize(
    "text",
    ["[klik](http://contoh.id)", "![x](http://contoh.id/a.png)", "**tebal** _miring_",
     ":red[merah]", "$x^2$", "# judul", "1. daftar", "<b>tag</b>", "C:\\data\\a.pdf"],
)  # fmt: skip
def test_every_markdown_character_is_escaped_and_nothing_is_lost(text: str) -> None:
    escaped = md_escape(text)
    assert re.sub(r"\\(.)", r"\1", escaped) == text
    unescaped = re.sub(r"\\.", "", escaped)
    assert not SPECIAL & set(unescaped)


def test_plain_words_pass_unchanged() -> None:
    assert md_escape("Rapat koordinasi 2026") == "Rapat koordinasi 2026"
