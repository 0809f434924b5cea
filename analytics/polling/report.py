"""The analysis report of a poll (step 9 of the polling SOP archives it): the topline, banner
cross-tabs of every closed question by the banner variables with Rao–Scott tests, exported as
XLSX (one sheet per table), a PDF with charts, and one tidy CSV, in Bahasa Indonesia or English
(headers, sheet names, sentences, chart axis and number format follow the report's language;
each export can override it).

>>> report = build_report(Design(df, weights="pw"), codebook_for(df, ["sch.wide"]), title="API")
>>> pdf = report_pdf(report)
>>> english = report_pdf(report, lang="en")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import numpy as np
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
from analytics.polling.report_text import TIDY_NAMES_ID, text
from analytics.polling.store import poll_codebook, responses
from analytics.polling.topline import likert_summary, topline
from analytics.polling.weighting import RAKED, with_raked_weights
from workflows import attachments
from workflows.db import Database
from workflows.engine import Engine, Record
from workflows.fmt import Lang, format_number

TOPLINE_COLUMNS = ("code", "question", "option", "pct", "ci_low", "ci_high", "n", "n_eff", "deff")
"""Topline columns as the XLSX and PDF show them (headers from :mod:`report_text`)."""
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
    lang: Lang = "id"
    """The language the exports use unless they are given another."""

    def disclosure(self, lang: Lang | None = None) -> str:
        """The sentence on how to read the figures (AAPOR: no margin of error for opt-in)."""
        lang = lang or self.lang
        sizes = text("sizes", lang).format(
            n=self.n,
            n_eff=format_number(self.n_eff, 1, lang),
            deff=format_number(self.deff, 2, lang),
        )
        key = "disclosure_probability" if self.probability else "disclosure_optin"
        return text(key, lang).format(sizes=sizes)


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
    lang: Lang = "id",
) -> PollReport:
    """The report of ``design`` (its data typed as the codebook says) with banner cross-tabs of
    every closed question by each of ``banner``, exported in ``lang`` by default."""
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
        lang=lang,
    )


def stored_report(
    db: Database,
    poll_id: int,
    *,
    banner: Sequence[str] = (),
    wave: int | None = None,
    raked: bool = False,
    lang: Lang = "id",
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
        lang=lang,
    )


def banner_grid(
    report: PollReport,
    code: str,
    *,
    marks: tuple[str, str] = (" ▲", " ▼"),
    lang: Lang | None = None,
) -> pd.DataFrame:
    """One question as a banner table: its options down, ``Total`` and every banner category
    across (column %), significant cells suffixed ``▲``/``▼``."""
    lang = lang or report.lang
    total = report.topline[report.topline["code"] == code.split("[")[0]]
    long = report.banners[code]
    cells = long.assign(
        option=[_category(v, lang) for v in long["option"]],
        header=long["banner"] + ": " + [_category(v, lang) for v in long["category"]],
        shown=[
            _pct(p, lang, d, marks) for p, d in zip(long["pct"], long["direction"], strict=True)
        ],
    )
    grid = cells.pivot(index="option", columns="header", values="shown")
    grid = grid.reindex(
        index=list(dict.fromkeys(cells["option"])), columns=list(dict.fromkeys(cells["header"]))
    )
    grid.index = grid.index.astype(str)
    grid.columns.name = None
    if "[" not in code:
        shares = total.set_index("option")["pct"].reindex(grid.index)
        grid.insert(0, text("total", lang), [_pct(v, lang) for v in shares])
    return grid.rename_axis(text("grid_option", lang)).reset_index()


def _pct(value: float, lang: Lang, direction: int = 0, marks: tuple[str, str] = ("", "")) -> str:
    mark = {1: marks[0], -1: marks[1]}.get(int(direction), "")
    return ("" if pd.isna(value) else format_number(float(value), 1, lang)) + mark


def _category(value: object, lang: Lang) -> str:
    """A category as printed: the yes/no of a multiple-choice option in ``lang``."""
    if isinstance(value, bool | np.bool_):
        return text("yes" if value else "no", lang)
    return str(value)


def tidy(report: PollReport, lang: Lang | None = None) -> pd.DataFrame:
    """Topline and banner cells in one long table (CI columns empty for an opt-in poll): column
    names are identifiers (Indonesian ones for ``id``), numbers stay machine-readable."""
    lang = lang or report.lang
    top = report.topline.assign(table="topline", banner="", category="", significant=False)
    parts = [top]
    for frame in report.banners.values():
        parts.append(frame.assign(table="banner", significant=frame["direction"] != 0))
    out = pd.concat(parts, ignore_index=True)[TIDY_COLUMNS]
    out["option"] = [_category(v, lang) for v in out["option"]]
    out["category"] = [_category(v, lang) for v in out["category"]]
    if not report.probability:
        out = out.assign(ci_low=float("nan"), ci_high=float("nan"))
    return out.rename(columns=TIDY_NAMES_ID) if lang == "id" else out


def report_csv(report: PollReport, lang: Lang | None = None) -> bytes:
    """The tidy table as CSV."""
    return csv_bytes(tidy(report, lang))


def _topline_sheet(report: PollReport, lang: Lang) -> pd.DataFrame:
    """The topline headed in ``lang`` (no CI columns for an opt-in poll)."""
    columns = [c for c in TOPLINE_COLUMNS if report.probability or not c.startswith("ci_")]
    return _headed(report.topline[columns], lang, 2)


def _headed(frame: pd.DataFrame, lang: Lang, decimals: int) -> pd.DataFrame:
    """A table with its columns renamed to the report's words, numbers rounded."""
    return frame.round(decimals).rename(columns={c: text(c, lang) for c in frame.columns})


def report_xlsx(report: PollReport, lang: Lang | None = None) -> bytes:
    """Sheets: the summary (design and disclosure), the topline, the Likert summary, one banner
    sheet per question (named by its code) and the Rao–Scott tests; names in ``lang``."""
    lang = lang or report.lang
    summary = pd.DataFrame(
        {
            text("item", lang): [
                text(key, lang)
                for key in ("title", "respondents", "effective_n", "design_effect", "note")
            ],
            text("value", lang): [
                report.title,
                str(report.n),
                format_number(report.n_eff, 1, lang),
                format_number(report.deff, 2, lang),
                report.disclosure(lang),
            ],
        }
    )
    sheets = {
        text("sheet_summary", lang): summary,
        text("sheet_topline", lang): _topline_sheet(report, lang),
    }
    if not report.likert.empty:
        sheets[text("sheet_likert", lang)] = _headed(report.likert, lang, 2)
    for code in report.banners:
        sheets[code] = banner_grid(report, code, lang=lang)
    if not report.tests.empty:
        sheets[text("sheet_tests", lang)] = _headed(report.tests, lang, 4)
    return xlsx_bytes(sheets)


def question_chart(report: PollReport, code: str, lang: Lang | None = None) -> alt.Chart:
    """Horizontal bars of one question's topline % (with 95% CIs for a probability design)."""
    lang = lang or report.lang
    rows = report.topline[report.topline["code"] == code]
    order = list(rows["option"])
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("pct:Q", title=text("chart_axis", lang)),
            y=alt.Y("option:N", sort=order, title=None),
        )
    )
    if report.probability:
        bars = bars + alt.Chart(rows).mark_rule().encode(
            x="ci_low:Q", x2="ci_high:Q", y=alt.Y("option:N", sort=order)
        )
    chart: alt.Chart = bars.properties(width=380, height=max(40, 22 * len(order)))
    return chart


def report_pdf(report: PollReport, lang: Lang | None = None) -> bytes:
    """The PDF report: disclosure, then per question its chart, topline and banner tables
    (significant cells marked (+)/(-): the PDF's standard fonts have no triangles)."""
    lang = lang or report.lang
    blocks: list[Block] = [Paragraph(report.disclosure(lang))]
    if not report.tests.empty:
        blocks.append(Paragraph(text("marks_note", lang)))
    for code, rows in report.topline.groupby("code", sort=False):
        blocks.extend(_question_blocks(report, str(code), str(rows["question"].iloc[0]), lang))
    return pdf_bytes(report.title, blocks, wide=True, footer=text("footer", lang))


def _question_blocks(report: PollReport, code: str, label: str, lang: Lang) -> list[Block]:
    shown = _topline_sheet(report, lang)
    shown = shown[shown[text("code", lang)] == code].drop(
        columns=[text("code", lang), text("question", lang)]
    )
    blocks: list[Block] = [
        Heading(label),
        Image(chart_png(question_chart(report, code, lang)), width_cm=13),
        Table(shown.map(lambda v: format_number(v, 1, lang) if isinstance(v, float) else v)),
    ]
    for key in report.banners:
        if key != code and not key.startswith(f"{code}["):
            continue
        blocks.append(Table(banner_grid(report, key, marks=(" (+)", " (-)"), lang=lang)))
        tests = report.tests[report.tests["code"] == key]
        blocks.append(
            Paragraph(
                "; ".join(
                    f"{b}: F = {format_number(f, 2, lang)}, p = {format_number(p, 4, lang)}"
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
