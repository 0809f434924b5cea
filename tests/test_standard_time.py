"""Tests for reading the *Waktu* (standard time) cell of an SOP step."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from workflows.standard_time import (
    Basis,
    StandardTimeError,
    Unit,
    number_from_words,
    parse_standard_time,
)

# --- every string of DOMAIN.md section 2 ------------------------------------------------------

# raw text, basis, unit, working minutes, working days, calendar period
STRINGS: list[tuple[str, Basis, Unit | None, int | None, int | None, str | None]] = [
    # seen in the seed SOPs
    ("5 menit", "working_minutes", "menit", 5, None, None),
    ("5menit", "working_minutes", "menit", 5, None, None),
    ("10 menit", "working_minutes", "menit", 10, None, None),
    ("5 Menit", "working_minutes", "menit", 5, None, None),
    ("30 Menit", "working_minutes", "menit", 30, None, None),
    ("15 menit", "working_minutes", "menit", 15, None, None),
    ("1 hari", "working_days", "hari", None, 1, None),
    ("10 Hari", "working_days", "hari", None, 10, None),
    ("10 (sepuluh) hari kerja", "working_days", "hari kerja", None, 10, None),
    ("7 (tujuh) hari kerja", "working_days", "hari kerja", None, 7, None),
    ("30 (tiga puluh) hari kerja", "working_days", "hari kerja", None, 30, None),
    ("3 (tiga) hari kerja", "working_days", "hari kerja", None, 3, None),
    ("1 bulan", "calendar", "bulan", None, None, "1 month"),
    ("-", "none", None, None, None, None),
    ("", "none", None, None, None, None),
    # used by other real SOPs
    ("1 jam", "working_minutes", "jam", 60, None, None),
    ("2 jam", "working_minutes", "jam", 120, None, None),
    ("1 minggu", "calendar", "minggu", None, None, "1 week"),
    ("3 hari kerja", "working_days", "hari kerja", None, 3, None),
    ("tentatif", "none", None, None, None, None),
    # spacing and capitals as they come out of OCR
    ("  10 (Sepuluh)  Hari   Kerja ", "working_days", "hari kerja", None, 10, None),
    ("2 minggu", "calendar", "minggu", None, None, "2 weeks"),
    ("1,5 jam", "working_minutes", "jam", 90, None, None),
]


@pytest.mark.parametrize(
    ("raw", "basis", "unit", "minutes", "working_days", "calendar"),
    STRINGS,
    ids=[raw or "empty" for raw, *_ in STRINGS],
)
def test_standard_time_strings(
    raw: str,
    basis: Basis,
    unit: Unit | None,
    minutes: int | None,
    working_days: int | None,
    calendar: str | None,
) -> None:
    parsed = parse_standard_time(raw)
    assert parsed.raw == raw
    assert (parsed.basis, parsed.unit) == (basis, unit)
    assert (parsed.minutes, parsed.working_days, parsed.calendar) == (
        minutes,
        working_days,
        calendar,
    )


def test_none_is_no_standard_with_empty_raw() -> None:
    parsed = parse_standard_time(None)
    assert (parsed.raw, parsed.basis, parsed.value) == ("", "none", None)


def test_calendar_periods_in_months_and_weeks() -> None:
    assert (parse_standard_time("1 bulan").months, parse_standard_time("1 bulan").weeks) == (1, 0)
    assert (parse_standard_time("2 minggu").months, parse_standard_time("2 minggu").weeks) == (0, 2)
    assert parse_standard_time("10 Hari").months == parse_standard_time("10 Hari").weeks == 0


# --- errors -----------------------------------------------------------------------------------

ERRORS: list[tuple[str, str]] = [
    ("10 (tujuh) hari kerja", "the number 10 and the words '(tujuh)' disagree"),
    ("3 (tiga puluh) hari kerja", "the number 3 and the words '(tiga puluh)' disagree"),
    ("lima menit", "cannot read standard time 'lima menit'"),
    ("2 x 24 jam", "cannot read standard time '2 x 24 jam'"),
    ("10 HK", "cannot read standard time '10 HK'"),
    ("5 detik", "cannot read standard time '5 detik'"),
    ("abc", "cannot read standard time 'abc': expected a number and a unit"),
    ("1,5 hari", "standard time '1,5 hari': hari must be a whole number"),
    ("1,5 hari kerja", "hari kerja must be a whole number"),
    ("1,5 bulan", "bulan must be a whole number"),
    ("0 menit", "standard time '0 menit' must be positive"),
    ("3 (tigaa) hari kerja", "unknown number word 'tigaa'"),
]


@pytest.mark.parametrize(("raw", "fragment"), ERRORS, ids=[raw for raw, _ in ERRORS])
def test_standard_time_errors(raw: str, fragment: str) -> None:
    with pytest.raises(StandardTimeError) as caught:
        parse_standard_time(raw)
    assert fragment in str(caught.value)


def test_standard_time_error_is_a_value_error() -> None:
    assert issubclass(StandardTimeError, ValueError)


# --- numbers written in words -----------------------------------------------------------------

ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]


def spell(n: int) -> str:
    """Indonesian words for 1..999 as printed in SOPs ("tiga puluh", "seratus sebelas")."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [ONES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif tens == 1:
        words += [ONES[ones], "belas"]
    else:
        if tens:
            words += [ONES[tens], "puluh"]
        if ones:
            words.append(ONES[ones])
    return " ".join(words)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (30, "tiga puluh"),
        (100, "seratus"),
        (111, "seratus sebelas"),
        (999, "sembilan ratus sembilan puluh sembilan"),
    ],
)
def test_speller_and_reader_agree_on_examples(n: int, words: str) -> None:
    assert spell(n) == words
    assert number_from_words(words) == n


def test_number_from_words_reads_every_number_to_999() -> None:
    assert [number_from_words(spell(n)) for n in range(1, 1000)] == list(range(1, 1000))


@pytest.mark.parametrize(
    ("words", "fragment"),
    [
        ("seribu", "unknown number word 'seribu'"),
        ("puluh", "unknown number word 'puluh'"),
        ("", "'' is not a number"),
    ],
)
def test_number_from_words_errors(words: str, fragment: str) -> None:
    with pytest.raises(StandardTimeError, match=fragment):
        number_from_words(words)


units = st.sampled_from(["menit", "jam", "hari", "hari kerja", "minggu", "bulan"])


@given(st.integers(1, 999), units)
def test_digits_with_matching_words_parse(n: int, unit: str) -> None:
    parsed = parse_standard_time(f"{n} ({spell(n)}) {unit}")
    assert parsed.value == n
    assert parsed.unit == unit


@given(st.integers(1, 999), st.integers(1, 999))
def test_digits_with_other_words_are_rejected(n: int, m: int) -> None:
    assume(n != m)
    with pytest.raises(StandardTimeError, match="disagree"):
        parse_standard_time(f"{n} ({spell(m)}) hari kerja")
