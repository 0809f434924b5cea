"""Reading a DIP from CSV or XLSX with the Perki columns, tolerant of how offices write them.

Headers are matched loosely ("Ringkasan Isi Informasi", "Judul", "Pejabat/Unit yang Menguasai
Informasi", "Penanggung Jawab Pembuatan", "Jangka Waktu Penyimpanan", "Jenis/Klasifikasi", ...).
A CSV may use ``,``, ``;`` or tabs and be UTF-8 (with or without BOM) or Windows-1252 as a whole;
a file that mixes the two, empty titles, duplicates and unknown categories are refused with the
row numbers as the office sees them (header = row 1), before anything is stored.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from analytics.dip.taxonomy import CATEGORIES
from workflows.errors import LenteraError

COLUMNS = (
    "nomor", "title", "ringkasan", "unit", "penanggung_jawab", "waktu_tempat", "bentuk",
    "retensi", "dasar_hukum", "category", "topic",
)  # fmt: skip
_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (column, re.compile(pattern))
    for column, pattern in (
        ("nomor", r"^(no|nomor|no urut|nomor urut)$"),
        ("ringkasan", r"ringkasan"),
        ("title", r"^(judul|nama informasi|informasi|judul informasi|uraian informasi|text)"),
        ("unit", r"(pejabat|unit yang menguasai|menguasai|^unit|unit kerja|pejabat unit)"),
        ("penanggung_jawab", r"penanggung ?jawab"),
        ("waktu_tempat", r"(waktu (dan )?tempat|tempat pembuatan|waktu pembuatan)"),
        ("bentuk", r"bentuk"),
        ("retensi", r"(jangka waktu|retensi)"),
        ("dasar_hukum", r"dasar hukum"),
        ("category", r"(klasifikasi|kategori|^jenis|category)"),
        ("topic", r"(topik|topic)"),
    )
)
_CATEGORY_WORDS = (
    ("dikecualikan", "dikecualikan"),
    ("serta merta", "serta_merta"),
    ("setiap saat", "setiap_saat"),
    ("berkala", "berkala"),
)


class DipImportError(LenteraError):
    """The file cannot be imported; the message names the rows or columns at fault."""


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def title_key(title: str) -> str:
    """The form under which two titles count as the same item (case, spaces, punctuation)."""
    return _key(title)


def row_list(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


def decode(data: bytes, name: str) -> str:
    """UTF-8 (BOM allowed) or, when no line is UTF-8 with accents, Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    bad, good = [], []
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good.append(number)
        except UnicodeDecodeError:
            bad.append(number)
    if good:
        raise DipImportError(
            f"{name}: mixed encodings: line(s) {row_list(good)} are UTF-8 but line(s) "
            f"{row_list(bad)} are not; save the whole file as UTF-8 and import it again"
        )
    return data.decode("cp1252", errors="strict")


def read_table(data: bytes, name: str) -> pd.DataFrame:
    """The raw table of a ``.csv`` or ``.xlsx`` file, every cell as text."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            frame = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        except (ValueError, OSError, KeyError) as exc:
            raise DipImportError(f"{name}: not a readable XLSX workbook ({exc})") from None
        return frame.fillna("").astype(str)
    text = decode(data, name)
    sample = text[:4096]
    try:
        separator = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        separator = ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, engine="python"
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise DipImportError(f"{name}: not a readable CSV table ({exc})") from None
    return frame


def canonical(raw: pd.DataFrame, name: str) -> pd.DataFrame:
    """Map the headers to :data:`COLUMNS` and check every row; refuse the file at the first
    kind of problem, listing all rows that have it."""
    mapping: dict[str, str] = {}
    for header in raw.columns:
        key = _key(str(header))
        for column, pattern in _HEADERS:
            if pattern.search(key):
                if column in mapping.values():
                    other = next(h for h, c in mapping.items() if c == column)
                    raise DipImportError(
                        f"{name}: columns '{other}' and '{header}' both look like {column}; "
                        "rename or remove one"
                    )
                mapping[str(header)] = column
                break
    frame = raw.rename(columns=mapping).loc[:, list(mapping.values())]
    if "title" not in frame and "ringkasan" in frame:
        frame["title"] = frame["ringkasan"]
    if "title" not in frame:
        raise DipImportError(
            f"{name}: no title column: expected 'Judul' or 'Ringkasan Isi Informasi' among "
            f"{', '.join(map(str, raw.columns))}"
        )
    for column in COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame.loc[:, list(COLUMNS)].astype(str).apply(lambda col: col.str.strip())
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    empty = frame.index[frame["title"] == ""].tolist()
    if empty:
        raise DipImportError(f"{name}: empty title in row(s) {row_list(empty)}")
    keys = frame["title"].map(title_key)
    dupes = frame.index[keys.duplicated(keep=False)].tolist()
    if dupes:
        raise DipImportError(f"{name}: the same title appears in row(s) {row_list(dupes)}")
    frame["category"] = frame["category"].map(_category)
    unknown = frame.index[frame["category"].isna()].tolist()
    if unknown:
        values = sorted(set(raw.iloc[[r - 2 for r in unknown]][_source(mapping, "category")]))
        raise DipImportError(
            f"{name}: unknown category in row(s) {row_list(unknown)} ({', '.join(values[:5])}); "
            f"use one of {', '.join(CATEGORIES)} or leave it empty"
        )
    result: pd.DataFrame = frame
    return result


def _source(mapping: dict[str, str], column: str) -> str:
    return next(header for header, target in mapping.items() if target == column)


def _category(value: str) -> str | None:
    key = _key(value).replace("serta merta", "serta merta")
    if not key:
        return ""
    for words, category in _CATEGORY_WORDS:
        if words in key or key == category.replace("_", " "):
            return category
    return None


def read_dip(path: Path) -> pd.DataFrame:
    """Read and check a DIP file: :data:`COLUMNS`, indexed by the file's row numbers."""
    return canonical(read_table(path.read_bytes(), path.name), path.name)
