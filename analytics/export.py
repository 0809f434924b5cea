"""Files people download: CSV, XLSX, PNG charts and PDF reports, safe to open in a spreadsheet.

Every writer neutralises text cells that a spreadsheet would run as a formula (those starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) by prefixing an apostrophe, and the PDF
writer escapes text so that user input is never read as markup.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from xml.sax.saxutils import escape

import pandas as pd
import vl_convert
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image as PdfImage
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import Flowable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX = 31


def neutralise(value: object) -> object:
    """The value, with an apostrophe in front if it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names cannot become formulas."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or _is_temporal(out[column])):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, *, sep: str = ",") -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark, so that Excel reads the accents correctly."""
    text = neutralise_frame(frame).to_csv(index=False, sep=sep, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One worksheet per frame, header in bold and frozen, columns sized to their content."""
    if not sheets:
        raise ValueError("an XLSX export needs at least one table")
    book = Workbook()
    for default in list(book.worksheets):
        book.remove(default)
    used: set[str] = set()
    for name, frame in sheets.items():
        sheet = book.create_sheet(_sheet_name(name, used))
        safe = neutralise_frame(frame)
        sheet.append([str(c) for c in safe.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in safe.itertuples(index=False):
            sheet.append([_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        for index, column in enumerate(safe.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in safe[column].head(500))])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class _VegaLite(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def chart_png(chart: _VegaLite, *, scale: float = 2.0) -> bytes:
    """An Altair chart rendered to PNG offline (vl-convert bundles Vega)."""
    png: bytes = vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)
    return png


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


@dataclass(frozen=True)
class Heading:
    """A section title."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """Running text; shown as typed, never as markup."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a header row repeated on every page."""

    frame: pd.DataFrame


@dataclass(frozen=True)
class Image:
    """A PNG (e.g. from :func:`chart_png`) scaled to ``width_cm``."""

    png: bytes
    width_cm: float = 16.0


Block = Heading | Paragraph | Table | Image


def pdf_bytes(
    title: str, blocks: Sequence[Block], *, wide: bool = False, footer: str = "Lentera"
) -> bytes:
    """An A4 PDF report (landscape when ``wide``) with page numbers; reproducible byte for byte."""
    styles = getSampleStyleSheet()
    pagesize = landscape(A4) if wide else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        author=footer,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        invariant=1,
    )
    story: list[Flowable] = [PdfParagraph(_text(title), styles["Title"])]
    for block in blocks:
        story.extend(_flowables(block, styles, doc.width))

    def number_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(1.8 * cm, 1.0 * cm, footer)
        canvas.drawRightString(pagesize[0] - 1.8 * cm, 1.0 * cm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=number_page, onLaterPages=number_page)
    return buffer.getvalue()


def _flowables(block: Block, styles: Any, width: float) -> list[Flowable]:
    if isinstance(block, Heading):
        return [PdfParagraph(_text(block.text), styles["Heading2"])]
    if isinstance(block, Paragraph):
        return [PdfParagraph(_text(block.text), styles["BodyText"]), Spacer(1, 0.2 * cm)]
    if isinstance(block, Image):
        pixels_wide, pixels_high = png_size(block.png)
        shown = min(block.width_cm * cm, width)
        image = PdfImage(
            io.BytesIO(block.png), width=shown, height=shown * pixels_high / pixels_wide
        )
        return [image, Spacer(1, 0.3 * cm)]
    return [_table(block.frame, styles), Spacer(1, 0.4 * cm)]


def _table(frame: pd.DataFrame, styles: Any) -> PdfTable:
    cell_style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    head_style = cell_style.clone("head", fontName="Helvetica-Bold")
    rows = [[PdfParagraph(_text(str(c)), head_style) for c in frame.columns]]
    rows += [
        [PdfParagraph(_text(_display(v)), cell_style) for v in row]
        for row in frame.itertuples(index=False)
    ]
    table = PdfTable(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _text(value: str) -> str:
    """Plain text for reportlab's paragraph markup: escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


def _missing(value: object) -> bool:
    """None, NaN, NaT and pandas' NA."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))  # type: ignore[call-overload]


def _display(value: object) -> str:
    return "" if _missing(value) else str(value)


def _cell(value: object) -> object:
    """A value openpyxl can store: missing values become empty cells, timestamps lose zones."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _is_temporal(series: pd.Series[Any]) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series) or pd.api.types.is_timedelta64_dtype(series)


def _sheet_name(name: str, used: set[str]) -> str:
    """A worksheet name Excel accepts: no ``[]:*?/\\``, at most 31 characters, unique."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")[:_SHEET_MAX] or "Tabel"
    candidate, counter = base, 2
    while candidate.lower() in used:
        suffix = f" ({counter})"
        candidate = base[: _SHEET_MAX - len(suffix)] + suffix
        counter += 1
    used.add(candidate.lower())
    return candidate
