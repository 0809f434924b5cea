"""The interface labels: every key in both languages, each defined once, found by ``t``."""

from __future__ import annotations

import pytest

from ui import i18n
from ui.labels import admin, compliance, core, dip, polling, records

AREAS = (core, records, polling, dip, compliance, admin)


def test_every_label_has_text_in_both_languages() -> None:
    for area in AREAS:
        for key, (indonesian, english) in area.LABELS.items():
            assert indonesian.strip() and english.strip(), f"{area.__name__}: {key}"


def test_the_label_table_holds_every_area_once() -> None:
    assert len(i18n.LABELS["id"]) == sum(len(area.LABELS) for area in AREAS)
    assert i18n.LABELS["id"].keys() == i18n.LABELS["en"].keys()


def test_a_key_defined_in_two_areas_is_refused() -> None:
    with pytest.raises(ValueError, match=r"labels defined twice: \['cmp.from'\]"):
        i18n._merged(compliance.LABELS, {"cmp.from": ("Dari", "From")})


def test_t_reads_the_session_language() -> None:
    i18n.set_lang("en")
    assert i18n.t("cmp.from") == "From date"
    i18n.set_lang("id")
    assert i18n.t("cmp.from") == "Dari tanggal"
