"""Reading response exports (Google Forms, KoboToolbox, LimeSurvey; CSV or XLSX) into text cells.

Detects the encoding (UTF-8 with or without BOM, UTF-16 from Excel, else cp1252 / latin-1), the
separator (``,`` ``;`` or tab), title rows above the header, and whether numbers are written with
a decimal comma and thousands dots (``1.234,5``). Cells stay text here; the codebook types them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

import pandas as pd

from analytics.polling.errors import ImportProblem

SEPARATORS = (",", ";", "\t")
_COMMA_DECIMAL = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.(\d{1,2}|\d{4,})$")
_PLATFORMS = {
    "kobotoolbox": {"_uuid", "_submission_time", "_index", "_id", "_validation_status"},
    "limesurvey": {"submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"},
    "google_forms": {"timestamp", "stempel waktu", "tanda waktu", "cap waktu"},
}


@dataclass(frozen=True)
class ResponseFile:
    """An export read into text cells (``""`` when empty), one column per header cell."""

    frame: pd.DataFrame
    filename: str
    encoding: str
    separator: str | None
    """``None`` for XLSX."""
    header_row: int
    """1-based row of the header in the file (after any title rows)."""
    decimal_comma: bool
    platform: str

    def file_row(self, index: int) -> int:
        """The row number a user sees in the file for data row ``index`` (0-based)."""
        return self.header_row + 1 + index


def read_responses(content: bytes, filename: str) -> ResponseFile:
    """Read an export; XLSX by its extension, else delimited text."""
    if not content.strip():
        raise ImportProblem(f"{filename} is empty")
    if PurePath(filename).suffix.lower() in {".xlsx", ".xlsm"}:
        rows, encoding, separator = _xlsx_rows(content, filename), "xlsx", None
    else:
        text, encoding = decode(content, filename)
        separator = sniff_separator(text)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    header_at, header, body = _split_header(rows, filename)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame = frame.loc[:, [bool(name) for name in header]]
    return ResponseFile(
        frame=frame,
        filename=filename,
        encoding=encoding,
        separator=separator,
        header_row=header_at + 1,
        decimal_comma=_decimal_comma(frame),
        platform=_platform(list(frame.columns)),
    )


def decode(content: bytes, filename: str = "the file") -> tuple[str, str]:
    """The text and the encoding name: a BOM decides; else UTF-8 if it decodes, else cp1252,
    else latin-1 (which decodes anything)."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if content.startswith(bom):
            return content.decode(name), name
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = content[: exc.start].count(b"\n") + 1
            raise ImportProblem(
                f"{filename} starts with a UTF-8 mark but row {line} is not UTF-8"
            ) from exc
    for name in ("utf-8", "cp1252"):
        try:
            return content.decode(name), name
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1"), "latin-1"


def sniff_separator(text: str) -> str:
    """The separator giving the most rows of the same width (more than one column)."""
    sample = "\n".join(text.splitlines()[:200])
    best, best_score = ",", (-1.0, 0)
    for separator in SEPARATORS:
        widths = [
            len(row) for row in csv.reader(io.StringIO(sample), delimiter=separator) if any(row)
        ]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count / len(widths) if width > 1 else 0.0, width)
        if score > best_score:
            best, best_score = separator, score
    return best


def _xlsx_rows(content: bytes, filename: str) -> list[list[str]]:
    try:
        sheet = pd.read_excel(io.BytesIO(content), sheet_name=0, header=None, dtype=object)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise ImportProblem(f"{filename} is not a readable XLSX workbook: {exc}") from exc
    return [[_cell_text(value) for value in row] for row in sheet.itertuples(index=False)]


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def _split_header(rows: list[list[str]], filename: str) -> tuple[int, list[str], list[list[str]]]:
    """Find the header (first row filling at least half the usual width), check the widths of
    the rows below it and pad short ones."""
    filled = [sum(1 for cell in row if cell.strip()) for row in rows]
    while rows and filled[-1] == 0:
        rows, filled = rows[:-1], filled[:-1]
    widths = [len(row) for row, count in zip(rows, filled, strict=True) if count]
    if not widths:
        raise ImportProblem(f"{filename} has no rows")
    width = Counter(widths).most_common(1)[0][0]
    needed = max(min(2, width), width / 2)  # a one-question export has a one-cell header
    header_at = next((i for i, count in enumerate(filled) if count >= needed), None)
    if header_at is None:
        raise ImportProblem(f"{filename} has no header row (a row naming the questions)")
    header = [cell.strip() for cell in rows[header_at]]
    header += [""] * (width - len(header))
    body: list[list[str]] = []
    for offset, row in enumerate(rows[header_at + 1 :]):
        extra = [cell for cell in row[len(header) :] if cell.strip()]
        if extra:
            raise ImportProblem(
                f"{filename}, row {header_at + 2 + offset}: {len(row)} fields but the header "
                f"has {len(header)} (a separator or quote inside a value?)"
            )
        body.append([cell.strip() for cell in row[: len(header)]] + [""] * (len(header) - len(row)))
    for index, name in enumerate(header):
        if not name and any(row[index] for row in body):
            header[index] = f"kolom {index + 1}"
    seen: Counter[str] = Counter()
    unique = []
    for name in header:
        seen[name] += 1
        unique.append(name if seen[name] == 1 or not name else f"{name} ({seen[name]})")
    return header_at, unique, body


def _decimal_comma(frame: pd.DataFrame) -> bool:
    """Whether numbers are written ``1.234,5``: more decimal-comma cells than decimal-point ones."""
    cells = pd.Series(frame.to_numpy().ravel(), dtype=object).astype(str)
    commas = int(cells.str.fullmatch(_COMMA_DECIMAL).sum())
    points = int(cells.str.fullmatch(_DOT_DECIMAL).sum())
    return commas > points


def _platform(columns: list[str]) -> str:
    names = {name.strip().lower() for name in columns}
    for platform, markers in _PLATFORMS.items():
        if names & markers:
            return platform
    return "lainnya"
