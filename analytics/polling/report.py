"""The analysis report of a poll (step 9 of the polling SOP archives it): the topline, banner
cross-tabs of every closed question by the banner variables with Rao–Scott tests, exported as
XLSX (one sheet per table), a PDF with charts, and one tidy CSV. Labels are Indonesian.

>>> report = build_report(Design(df, weights="pw"), codebook_for(df, ["sch.wide"]), title="API")
>>> pdf = report_pdf(report)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from analytics.export import (
    Block,
    Heading,
    Image,
    Paragraph,
    Table,
    chart_png,
    csv_bytes,
    pdf_bytes,
    xlsx_bytes,
)
from analytics.polling.codebook import Codebook, Question
from analytics.polling.design import Design
from analytics.polling.errors import DesignError
from analytics.polling.explore import categorical_columns, explore
from analytics.polling.store import poll_codebook, responses
from analytics.polling.topline import likert_summary, topline
from analytics.polling.weighting import RAKED, with_raked_weights
from workflows import attachments
from workflows.db import Database
from workflows.engine import Engine, Record
from workflows.fmt import format_number

HEADERS = {
    "code": "kode",
    "question": "pertanyaan",
    "option": "pilihan",
    "pct": "%",
    "ci_low": "IK 95% bawah",
    "ci_high": "IK 95% atas",
    "n": "n",
    "n_eff": "n efektif",
    "deff": "efek desain",
}
"""Topline columns as the XLSX and PDF show them."""
PDF_MARKS_NOTE = (
    "Uji Rao–Scott (F orde kedua); (+) dan (-) menandai sel yang berbeda nyata (IK 95%) dari "
    "proporsi keseluruhan."
)
TIDY_COLUMNS = [
    "table",
    "code",
    "question",
    "option",
    "banner",
    "category",
    "pct",
    "ci_low",
    "ci_high",
    "n",
    "n_eff",
    "significant",
]


@dataclass(frozen=True)
class PollReport:
    """Everything the exports show. ``banners`` holds, per closed question, the long table of its
    options by each banner category; ``tests`` one Rao–Scott test per question and banner."""

    title: str
    probability: bool
    n: int
    n_eff: float
    deff: float
    topline: pd.DataFrame
    likert: pd.DataFrame
    banners: dict[str, pd.DataFrame]
    tests: pd.DataFrame

    def disclosure(self) -> str:
        """The sentence on how to read the figures (AAPOR: no margin of error for opt-in)."""
        sizes = (
            f"n = {self.n}, n efektif = {format_number(self.n_eff, 1)}, "
            f"efek desain = {format_number(self.deff, 2)}"
        )
        if self.probability:
            return (
                f"Desain sampel probabilitas dinyatakan oleh analis; interval kepercayaan 95% "
                f"dihitung dengan linearisasi Taylor ({sizes})."
            )
        return (
            f"Sampel non-probabilitas (opt-in): margin of error tidak dapat dihitung dan tidak "
            f"dicantumkan; angka menggambarkan responden ({sizes}). Uji Rao–Scott dan tanda "
            "sel hanya indikatif."
        )


def codebook_for(df: pd.DataFrame, columns: Sequence[str]) -> Codebook:
    """A codebook of single-choice questions from a DataFrame's columns (for notebooks: the API
    sample, or any frame not imported as a poll). Categories keep a categorical's order."""
    questions = []
    for column in columns:
        if column not in df.columns:
            raise DesignError(f"the variable {column!r} is not in the data")
        values = df[column]
        options = (
            list(values.cat.categories)
            if isinstance(values.dtype, pd.CategoricalDtype)
            else sorted(values.dropna().unique().tolist())
        )
        questions.append(
            Question(column, column, "single", tuple(str(o) for o in options), (column,))
        )
    return Codebook(tuple(questions))


def build_report(
    design: Design,
    codebook: Codebook,
    *,
    title: str,
    banner: Sequence[str] = (),
    probability: bool = False,
) -> PollReport:
    """The report of ``design`` (its data typed as the codebook says) with banner cross-tabs of
    every closed question by each of ``banner``."""
    table = topline(design, codebook)
    if table.empty:
        raise DesignError("the report needs at least one closed question")
    closed = categorical_columns(codebook)
    banners: dict[str, pd.DataFrame] = {}
    tests = []
    for column, label in closed.items():
        parts = []
        for variable in banner:
            if variable == column:
                continue
            tab = explore(design, column, variable)
            parts.append(
                tab.table.assign(banner=variable, code=column, question=label).rename(
                    columns={"row": "option", "col": "category", "n_base": "n_col"}
                )
            )
            tests.append(
                {
                    "code": column,
                    "question": label,
                    "banner": variable,
                    "f": tab.f,
                    "ndf": tab.ndf,
                    "ddf": tab.ddf,
                    "p": tab.p,
                    "n": tab.n,
                }
            )
        if parts:
            banners[column] = pd.concat(parts, ignore_index=True)
    w = design.weights
    n_eff = float(w.sum() ** 2 / (w * w).sum())
    return PollReport(
        title=title,
        probability=probability,
        n=len(w),
        n_eff=n_eff,
        deff=len(w) / n_eff,
        topline=table,
        likert=likert_summary(table, codebook),
        banners=banners,
        tests=pd.DataFrame(
            tests, columns=["code", "question", "banner", "f", "ndf", "ddf", "p", "n"]
        ),
    )


def stored_report(
    db: Database,
    poll_id: int,
    *,
    banner: Sequence[str] = (),
    wave: int | None = None,
    raked: bool = False,
) -> PollReport:
    """The report of a stored poll (one wave or all), weighted by its stored raked weights when
    ``raked`` (respondents of unweighted waves are then left out)."""
    frame = with_raked_weights(db, poll_id, responses(db, poll_id, wave))  # NotFound if no poll
    title, probability = db.query("SELECT title, probability FROM polls WHERE id = ?", [poll_id])[0]
    if raked:
        frame = frame[frame[RAKED].notna()].reset_index(drop=True)
        if frame.empty:
            raise DesignError(f"poll {poll_id} has no stored raked weights for these waves")
    design = Design(frame, weights=RAKED if raked else None)
    return build_report(
        design,
        poll_codebook(db, poll_id),
        title=str(title),
        banner=banner,
        probability=bool(probability),
    )


def banner_grid(
    report: PollReport, code: str, *, marks: tuple[str, str] = (" ▲", " ▼")
) -> pd.DataFrame:
    """One question as a banner table: its options down, ``Total`` and every banner category
    across (column %), significant cells suffixed ``▲``/``▼``."""
    total = report.topline[report.topline["code"] == code.split("[")[0]]
    long = report.banners[code]
    cells = long.assign(
        header=long["banner"] + ": " + long["category"].astype(str),
        shown=[_pct(p, d, marks) for p, d in zip(long["pct"], long["direction"], strict=True)],
    )
    grid = cells.pivot(index="option", columns="header", values="shown")
    grid = grid.reindex(
        index=list(dict.fromkeys(long["option"])), columns=list(dict.fromkeys(cells["header"]))
    )
    grid.index = grid.index.astype(str)
    grid.columns.name = None
    if "[" not in code:
        grid.insert(0, "Total", total.set_index("option")["pct"].reindex(grid.index).map(_pct))
    return grid.rename_axis("Pilihan").reset_index()


def _pct(value: float, direction: int = 0, marks: tuple[str, str] = ("", "")) -> str:
    mark = {1: marks[0], -1: marks[1]}.get(int(direction), "")
    return ("" if pd.isna(value) else format_number(float(value), 1)) + mark


def tidy(report: PollReport) -> pd.DataFrame:
    """Topline and banner cells in one long table (CI columns empty for an opt-in poll)."""
    top = report.topline.assign(table="topline", banner="", category="", significant=False)
    parts = [top]
    for frame in report.banners.values():
        parts.append(frame.assign(table="banner", significant=frame["direction"] != 0))
    out = pd.concat(parts, ignore_index=True)[TIDY_COLUMNS]
    if not report.probability:
        out = out.assign(ci_low=float("nan"), ci_high=float("nan"))
    return out


def report_csv(report: PollReport) -> bytes:
    """The tidy table as CSV."""
    return csv_bytes(tidy(report))


def _topline_sheet(report: PollReport) -> pd.DataFrame:
    """The topline with Indonesian headers (no CI columns for an opt-in poll)."""
    columns = [c for c in HEADERS if report.probability or not c.startswith("ci_")]
    return report.topline[columns].round(2).rename(columns=HEADERS)


def report_xlsx(report: PollReport) -> bytes:
    """Sheets: ``ringkasan`` (design and disclosure), ``topline``, ``likert``, one banner sheet
    per question (named by its code) and ``uji`` (the Rao–Scott tests)."""
    summary = pd.DataFrame(
        {
            "butir": ["Judul", "Responden (n)", "n efektif", "Efek desain", "Catatan"],
            "nilai": [
                report.title,
                str(report.n),
                format_number(report.n_eff, 1),
                format_number(report.deff, 2),
                report.disclosure(),
            ],
        }
    )
    sheets = {"ringkasan": summary, "topline": _topline_sheet(report)}
    if not report.likert.empty:
        sheets["likert"] = report.likert.round(2)
    for code in report.banners:
        sheets[code] = banner_grid(report, code)
    if not report.tests.empty:
        sheets["uji"] = report.tests.round(4)
    return xlsx_bytes(sheets)


def question_chart(report: PollReport, code: str) -> alt.Chart:
    """Horizontal bars of one question's topline % (with 95% CIs for a probability design)."""
    rows = report.topline[report.topline["code"] == code]
    order = list(rows["option"])
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(x=alt.X("pct:Q", title="%"), y=alt.Y("option:N", sort=order, title=None))
    )
    if report.probability:
        bars = bars + alt.Chart(rows).mark_rule().encode(
            x="ci_low:Q", x2="ci_high:Q", y=alt.Y("option:N", sort=order)
        )
    chart: alt.Chart = bars.properties(width=380, height=max(40, 22 * len(order)))
    return chart


def report_pdf(report: PollReport) -> bytes:
    """The PDF report: disclosure, then per question its chart, topline and banner tables
    (significant cells marked (+)/(-): the PDF's standard fonts have no triangles)."""
    blocks: list[Block] = [Paragraph(report.disclosure())]
    if not report.tests.empty:
        blocks.append(Paragraph(PDF_MARKS_NOTE))
    for code, rows in report.topline.groupby("code", sort=False):
        blocks.extend(_question_blocks(report, str(code), str(rows["question"].iloc[0])))
    return pdf_bytes(report.title, blocks, wide=True, footer="Lentera: laporan analisis polling")


def _question_blocks(report: PollReport, code: str, label: str) -> list[Block]:
    shown = _topline_sheet(report)
    shown = shown[shown[HEADERS["code"]] == code].drop(
        columns=[HEADERS["code"], HEADERS["question"]]
    )
    blocks: list[Block] = [
        Heading(label),
        Image(chart_png(question_chart(report, code)), width_cm=13),
        Table(shown.map(lambda v: format_number(v, 1) if isinstance(v, float) else v)),
    ]
    for key in report.banners:
        if key != code and not key.startswith(f"{code}["):
            continue
        blocks.append(Table(banner_grid(report, key, marks=(" (+)", " (-)"))))
        tests = report.tests[report.tests["code"] == key]
        blocks.append(
            Paragraph(
                "; ".join(
                    f"{b}: F = {format_number(f, 2)}, p = {format_number(p, 4)}"
                    for b, f, p in zip(tests["banner"], tests["f"], tests["p"], strict=True)
                )
            )
        )
    return blocks


def attach_report(
    engine: Engine, folder: Path, username: str, record_id: int, pdf: bytes, filename: str
) -> Record:
    """Store the PDF and attach it to the current step of the poll's SOP record (the engine
    refuses a user who does not hold that step's role)."""
    stored = attachments.store(folder, filename, pdf)
    record = engine.get(record_id)
    return engine.attach(username, record_id, record.version, stored.reference())
