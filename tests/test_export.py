"""Downloads: formula injection is neutralised everywhere, files reopen with the same content."""

from __future__ import annotations

import io
from datetime import datetime

import altair as alt
import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from analytics.export import (
    Block,
    Heading,
    Image,
    Paragraph,
    Table,
    chart_png,
    csv_bytes,
    neutralise,
    neutralise_frame,
    pdf_bytes,
    png_size,
    xlsx_bytes,
)

HOSTILE = ['=HYPERLINK("http://x")', "+62 812", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Rapat koordinasi", "", "1.234,5", -3, 2.5, None])
def test_everything_else_is_left_alone(value: object) -> None:
    assert neutralise(value) == value


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Judul": ["Laporan =1+1", *HOSTILE],
            "Jumlah": [1, -2, 3, 4, 5, 6, 7],
            "Waktu": pd.to_datetime(["2026-11-21 08:00"] * 7),
        }
    )


def test_neutralise_frame_touches_text_only() -> None:
    out = neutralise_frame(_frame().rename(columns={"Judul": "=Judul"}))
    assert list(out.columns) == ["'=Judul", "Jumlah", "Waktu"]
    assert out["'=Judul"].tolist() == ["Laporan =1+1", *("'" + h for h in HOSTILE)]
    assert out["Jumlah"].tolist() == [1, -2, 3, 4, 5, 6, 7]
    assert out["Waktu"].dtype.kind == "M"


def test_csv_has_a_bom_and_neutralised_cells() -> None:
    data = csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["Judul"].tolist() == ["Laporan =1+1", *("'" + h for h in HOSTILE)]
    assert back["Jumlah"].tolist() == [1, -2, 3, 4, 5, 6, 7]


def test_csv_separator_is_configurable() -> None:
    data = csv_bytes(pd.DataFrame({"a": [1], "b": ["x"]}), sep=";")
    assert data.decode("utf-8-sig") == "a;b\r\n1;x\r\n"


def test_xlsx_has_one_sheet_per_table_with_no_formulas() -> None:
    frames = {
        "Ringkasan": _frame(),
        "Per langkah: [SOP/1]": _frame().head(2),
        "ringkasan": _frame(),
    }
    book = load_workbook(io.BytesIO(xlsx_bytes(frames)))
    assert book.sheetnames == ["Ringkasan", "Per langkah   SOP 1", "ringkasan (2)"]
    sheet = book["Ringkasan"]
    assert [c.value for c in sheet[1]] == ["Judul", "Jumlah", "Waktu"]
    assert sheet["A3"].value == "'" + HOSTILE[0]
    assert sheet["B3"].value == -2
    assert sheet["C2"].value == datetime(2026, 11, 21, 8, 0)
    assert sheet.freeze_panes == "A2"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_sheet_names_are_cut_to_31_characters_and_stay_unique() -> None:
    long = "Tabel 7 Monitoring Pelaksanaan SOP Administrasi Pemerintahan"
    book = load_workbook(io.BytesIO(xlsx_bytes({long: _frame(), long + " 2": _frame()})))
    assert [len(n) <= 31 for n in book.sheetnames] == [True, True]
    assert len(set(book.sheetnames)) == 2


def test_xlsx_needs_a_table() -> None:
    with pytest.raises(ValueError, match="at least one table"):
        xlsx_bytes({})


def test_missing_values_become_empty_cells() -> None:
    frame = pd.DataFrame({"a": [1.5, None], "b": [None, "x"]})
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"t": frame})))["t"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        [1.5, None],
        [None, "x"],
    ]


def _chart() -> alt.Chart:
    data = pd.DataFrame({"langkah": ["1", "2", "3"], "patuh": [0.9, 0.5, 0.75]})
    chart: alt.Chart = (
        alt.Chart(data).mark_bar().encode(x="langkah:N", y="patuh:Q").properties(width=200)
    )
    return chart


def test_chart_png_renders_offline() -> None:
    png = chart_png(_chart(), scale=1)
    width, height = png_size(png)
    assert width > 200
    assert height > 100


def test_png_size_refuses_other_files() -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a....")


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_report_shows_text_tables_and_charts_as_typed() -> None:
    blocks: list[Block] = [
        Heading("Ringkasan <b>kepatuhan</b>"),
        Paragraph("Sampel non-probabilitas & tanpa margin of error."),
        Table(pd.DataFrame({"Langkah": ["1", "2"], "Patuh": ["90,0%", None]})),
        Image(chart_png(_chart(), scale=1), width_cm=10),
    ]
    data = pdf_bytes("Laporan <script>", blocks)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Laporan <script>" in text
    assert "Ringkasan <b>kepatuhan</b>" in text
    assert "non-probabilitas & tanpa" in text
    assert "90,0%" in text
    assert pdf_bytes("Laporan <script>", blocks) == data


def test_long_tables_repeat_their_header_on_every_page() -> None:
    frame = pd.DataFrame({"No": range(200), "Kegiatan": ["Verifikasi data"] * 200})
    reader = PdfReader(io.BytesIO(pdf_bytes("Panjang", [Table(frame)], wide=True)))
    assert len(reader.pages) > 2
    assert all("Kegiatan" in page.extract_text() for page in reader.pages)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
