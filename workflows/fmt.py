"""Formatting for people: Indonesian by default (``21 Nov 2026``, ``1.234,5``, WIB) or English."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

Lang = Literal["id", "en"]
DEFAULT_ZONE = "Asia/Jakarta"
_MONTHS: dict[Lang, tuple[str, ...]] = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def format_date(day: date, lang: Lang = "id") -> str:
    """``21 Nov 2026`` (``21 Mei 2026`` in Indonesian, ``21 May 2026`` in English)."""
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def zone_label(zone: str) -> str:
    """WIB/WITA/WIT for Indonesian zones, else the IANA name."""
    return _ZONE_NAMES.get(zone, zone)


def format_datetime(instant: datetime, zone: str = DEFAULT_ZONE, lang: Lang = "id") -> str:
    """An aware instant in ``zone``: ``16 Apr 2025 16:00 WIB``."""
    local = instant.astimezone(ZoneInfo(zone))
    return f"{format_date(local.date(), lang)} {local:%H:%M} {zone_label(zone)}"


def format_number(value: float, decimals: int = 0, lang: Lang = "id") -> str:
    """``1.234,5`` in Indonesian, ``1,234.5`` in English."""
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_working_minutes(minutes: float, lang: Lang = "id", minutes_per_day: int = 450) -> str:
    """A working duration as days, hours and minutes of working time (``2 hk 3 jam 5 mnt``)."""
    total = round(minutes)
    days, rest = divmod(total, minutes_per_day)
    hours, mins = divmod(rest, 60)
    units = ("hk", "jam", "mnt") if lang == "id" else ("wd", "h", "min")
    parts = [f"{n} {u}" for n, u in zip((days, hours, mins), units, strict=True) if n]
    return " ".join(parts) or f"0 {units[2]}"
