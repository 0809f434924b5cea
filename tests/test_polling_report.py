"""The poll report from the notebook API (the API sample) and from a stored poll: XLSX sheets
with banner cross-tabs, a PDF with charts, tidy CSV, and the PDF attached to the SOP record."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from analytics.polling import Design
from analytics.polling.codebook import infer_codebook
from analytics.polling.reader import read_responses
from analytics.polling.report import (
    PollReport,
    attach_report,
    banner_grid,
    build_report,
    codebook_for,
    question_chart,
    report_csv,
    report_pdf,
    report_xlsx,
    tidy,
)
from analytics.polling.store import import_new_poll, responses
from tests.test_polling_import import GOOGLE_FORMS
from workflows import attachments
from workflows.db import Database
from workflows.engine import Engine
from workflows.errors import RoleNotAllowed
from workflows.fmt import Lang, format_number

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
QUESTIONS = ["sch.wide", "awards", "yr.rnd"]


@pytest.fixture(scope="module")
def api_report() -> tuple[pd.DataFrame, PollReport]:
    df = pd.read_csv(SAMPLES / "apistrat.csv")
    design = Design(df, weights="pw", strata="stype", fpc="fpc")
    report = build_report(
        design,
        codebook_for(df, QUESTIONS),
        title="API 2000 (apistrat)",
        banner=["stype"],
        probability=True,
    )
    return df, report


def test_notebook_api_builds_the_report_from_the_api_sample(
    api_report: tuple[pd.DataFrame, PollReport],
) -> None:
    df, report = api_report
    design = Design(df, weights="pw", strata="stype", fpc="fpc")
    yes = design.proportion("sch.wide", "Yes")
    top = report.topline.set_index(["code", "option"])
    assert top.loc[("sch.wide", "Yes"), "pct"] == pytest.approx(100 * yes.estimate, rel=1e-9)
    assert top.loc[("sch.wide", "Yes"), "ci_low"] == pytest.approx(100 * yes.ci_low, rel=1e-9)
    tab = design.crosstab("sch.wide", "stype")
    test = report.tests.set_index("code").loc["sch.wide"]
    assert (test["f"], test["p"]) == pytest.approx((tab.f, tab.p), rel=1e-12)
    grid = banner_grid(report, "sch.wide").set_index("Pilihan")
    assert list(grid.columns) == ["Total", "stype: E", "stype: H", "stype: M"]
    (high,) = tab.table.loc[(tab.table["row"] == "No") & (tab.table["col"] == "H"), "pct"]
    assert grid.loc["No", "stype: H"] == format_number(float(high), 1) + " ▲"
    assert report.n == 200 and report.deff == pytest.approx(200 / report.n_eff)


def test_the_exports(api_report: tuple[pd.DataFrame, PollReport]) -> None:
    _, report = api_report
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames == ["ringkasan", "topline", "sch.wide", "awards", "yr.rnd", "uji"]
    assert [c.value for c in book["sch.wide"][1]] == [
        "Pilihan",
        "Total",
        "stype: E",
        "stype: H",
        "stype: M",
    ]
    assert "IK 95% bawah" in [c.value for c in book["topline"][1]]
    csv = pd.read_csv(io.BytesIO(report_csv(report)), encoding="utf-8-sig")
    assert len(csv) == len(report.topline) + sum(len(b) for b in report.banners.values())
    assert set(csv["tabel"]) == {"topline", "banner"}
    pdf = report_pdf(report)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Subtype /Image") >= len(QUESTIONS)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert text.count("stype: H") == len(QUESTIONS)  # one banner table per question
    assert "IK 95% bawah" in text and "(+)" in text and "▲" not in text
    assert "Desain sampel probabilitas dinyatakan oleh analis" in text


def test_an_opt_in_report_has_no_margin_of_error(db: Database) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), "f.csv")
    codebook = infer_codebook(file)
    poll = import_new_poll(
        db, file, codebook, title="Kepuasan", unit="cirebon-diskominfo", created_by="pemantau"
    )
    report = build_report(
        Design(responses(db, poll)), codebook, title="Kepuasan", banner=["jenis_kelamin"]
    )
    assert report.disclosure().startswith("Sampel non-probabilitas (opt-in)")
    assert tidy(report)[["ik_bawah", "ik_atas"]].isna().all().all()
    sheets = load_workbook(io.BytesIO(report_xlsx(report))).sheetnames
    assert sheets[:4] == ["ringkasan", "topline", "likert", "kecamatan"]
    assert sum(name.startswith("media_yang_anda_gunakan") for name in sheets) == 3
    assert "jenis_kelamin" not in sheets  # the banner is not crossed with itself
    header = [c.value for c in load_workbook(io.BytesIO(report_xlsx(report)))["topline"][1]]
    assert header == ["kode", "pertanyaan", "pilihan", "%", "n", "n efektif", "efek desain"]


LANGUAGES: dict[str, dict[str, Any]] = {
    "id": {
        "sheets": ["ringkasan", "topline", "sch.wide", "awards", "yr.rnd", "uji"],
        "grid": ["Pilihan", "Total", "stype: E", "stype: H", "stype: M"],
        "topline": "IK 95% bawah",
        "summary": ("butir", "nilai", "n efektif"),
        "tests": ["kode", "pertanyaan", "banner", "F", "db1", "db2", "p", "n"],
        "csv": ["tabel", "kode", "pertanyaan", "pilihan", "banner", "kategori", "persen"],
        "sentences": ["Desain sampel probabilitas dinyatakan oleh analis", "(+) dan (-)"],
        "footer": "Lentera: laporan analisis polling",
        "axis": "% responden",
    },
    "en": {
        "sheets": ["summary", "topline", "sch.wide", "awards", "yr.rnd", "tests"],
        "grid": ["Option", "Total", "stype: E", "stype: H", "stype: M"],
        "topline": "95% CI low",
        "summary": ("item", "value", "Effective n"),
        "tests": ["code", "question", "banner", "F", "ndf", "ddf", "p", "n"],
        "csv": ["table", "code", "question", "option", "banner", "category", "pct"],
        "sentences": ["The analyst declared a probability sample design", "(+) and (-)"],
        "footer": "Lentera: poll analysis report",
        "axis": "% of respondents",
    },
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_report_in_both_languages(
    api_report: tuple[pd.DataFrame, PollReport], lang: Lang
) -> None:
    df, built = api_report
    report = replace(built, lang=lang)  # what build_report(..., lang=lang) returns
    words = LANGUAGES[lang]
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    assert book.sheetnames == words["sheets"]
    assert [c.value for c in book["sch.wide"][1]] == words["grid"]
    assert words["topline"] in [c.value for c in book["topline"][1]]
    assert [c.value for c in book[words["sheets"][-1]][1]] == words["tests"]
    summary = book[words["sheets"][0]]
    item, value, effective = words["summary"]
    assert [c.value for c in summary[1]] == [item, value]
    rows = {row[0]: row[1] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert rows[effective] == format_number(report.n_eff, 1, lang)  # 1.234,5 or 1,234.5
    tab = Design(df, weights="pw", strata="stype", fpc="fpc").crosstab("sch.wide", "stype")
    (high,) = tab.table.loc[(tab.table["row"] == "No") & (tab.table["col"] == "H"), "pct"]
    grid = banner_grid(report, "sch.wide").set_index(words["grid"][0])
    assert grid.loc["No", "stype: H"] == format_number(float(high), 1, lang) + " ▲"

    csv = pd.read_csv(io.BytesIO(report_csv(report)), encoding="utf-8-sig")
    assert list(csv.columns)[:7] == words["csv"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report_pdf(report))).pages)
    assert all(sentence in text for sentence in words["sentences"])
    assert words["footer"] in text and words["topline"] in text
    assert format_number(float(high), 1, lang) + " (+)" in text
    spec = question_chart(report, "sch.wide").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == words["axis"]


def test_an_export_can_override_the_reports_language(
    api_report: tuple[pd.DataFrame, PollReport],
) -> None:
    _, report = api_report
    assert report.lang == "id"
    english = load_workbook(io.BytesIO(report_xlsx(report, lang="en"))).sheetnames
    assert english == LANGUAGES["en"]["sheets"]
    assert report.disclosure("en").startswith("The analyst declared a probability")
    assert report.disclosure().startswith("Desain sampel probabilitas")


def test_yes_and_no_of_a_multiple_choice_banner_follow_the_language(db: Database) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), "f.csv")
    codebook = infer_codebook(file)
    poll = import_new_poll(
        db, file, codebook, title="Kepuasan", unit="cirebon-diskominfo", created_by="pemantau"
    )
    report = build_report(
        Design(responses(db, poll)),
        codebook,
        title="Kepuasan",
        banner=["media_yang_anda_gunakan[Televisi]"],
        lang="en",
    )
    assert report.disclosure().startswith("Non-probability (opt-in) sample")
    grid = banner_grid(report, "jenis_kelamin")
    assert list(grid.columns) == [
        "Option",
        "Total",
        "media_yang_anda_gunakan[Televisi]: no",
        "media_yang_anda_gunakan[Televisi]: yes",
    ]
    web = banner_grid(report, "media_yang_anda_gunakan[Situs web]")
    assert web["Option"].tolist() == ["no", "yes"]  # the option's rows, not True/False
    csv = pd.read_csv(io.BytesIO(report_csv(report)), encoding="utf-8-sig")
    assert set(csv.loc[csv["table"] == "banner", "category"]) == {"no", "yes"}
    indonesian = tidy(report, "id")
    assert set(indonesian.loc[indonesian["tabel"] == "banner", "kategori"]) == {"tidak", "ya"}


def test_the_pdf_goes_to_the_running_step_of_the_polling_record(
    db: Database, engine: Engine, polling_users: dict[str, str], db_path: Path
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "Polling layanan")
    _, report = _small_report(db)
    pdf = report_pdf(report)
    with pytest.raises(RoleNotAllowed):
        attach_report(engine, db_path.parent, "kabid", record.id, pdf, "laporan.pdf")
    attach_report(engine, db_path.parent, "pemantau", record.id, pdf, "laporan.pdf")
    (event,) = [e for e in engine.history(record.id) if e.action == "attach"]
    output = event.payload["output"]
    assert output["name"] == "laporan.pdf"
    assert attachments.load(db_path.parent, output) == pdf


def _small_report(db: Database) -> tuple[int, PollReport]:
    file = read_responses(GOOGLE_FORMS.encode(), "f.csv")
    codebook = infer_codebook(file)
    poll = import_new_poll(
        db, file, codebook, title="K", unit="cirebon-diskominfo", created_by="pemantau"
    )
    return poll, build_report(Design(responses(db, poll)), codebook, title="K")
