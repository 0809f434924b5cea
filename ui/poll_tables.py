"""Poll tables as people read them: Indonesian (or English) labels and number formats."""

from __future__ import annotations

import pandas as pd

from ui.i18n import lang, t
from workflows.fmt import format_number


def _number(value: float, decimals: int) -> str:
    return "" if pd.isna(value) else format_number(float(value), decimals, lang())


def polls(frame: pd.DataFrame) -> pd.DataFrame:
    """The poll list."""
    return pd.DataFrame(
        {
            t("col.poll"): frame["id"].astype(int),
            t("col.title"): frame["title"],
            t("col.unit"): frame["unit"],
            t("col.waves"): frame["waves"].astype(int),
            t("col.respondents"): frame["respondents"].astype(int),
            t("col.design"): [
                t("poll.design_probability") if p else t("poll.design_optin")
                for p in frame["probability"]
            ],
        }
    )


def topline(table: pd.DataFrame, *, intervals: bool) -> pd.DataFrame:
    """One question's options with %, n, effective n and design effect (and the 95% CI when the
    analyst declared a probability design)."""
    shown = {
        t("col.option"): table["option"],
        t("col.pct"): [_number(v, 1) for v in table["pct"]],
    }
    if intervals:
        shown[t("col.ci")] = [
            f"{_number(lo, 1)} – {_number(hi, 1)}"
            for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
        ]
    shown[t("col.n")] = table["n"].astype(int)
    shown[t("col.n_eff")] = [_number(v, 1) for v in table["n_eff"]]
    shown[t("col.deff")] = [_number(v, 2) for v in table["deff"]]
    return pd.DataFrame(shown)


def likert(summary: pd.DataFrame) -> pd.DataFrame:
    """Bottom-2, top-2 and net agreement per Likert question."""
    return pd.DataFrame(
        {
            t("col.question"): summary["question"],
            t("col.bottom2"): [_number(v, 1) for v in summary["bottom2"]],
            t("col.top2"): [_number(v, 1) for v in summary["top2"]],
            t("col.net"): [_number(v, 1) for v in summary["net"]],
            t("col.n"): summary["n"].astype(int),
        }
    )


def tidy(table: pd.DataFrame, *, intervals: bool) -> pd.DataFrame:
    """The topline as one tidy table for CSV (CI columns only for a declared probability design)."""
    dropped = [] if intervals else ["ci_low", "ci_high"]
    return table.drop(columns=dropped).reset_index(drop=True)


def sheets(
    table: pd.DataFrame, summary: pd.DataFrame, *, intervals: bool
) -> dict[str, pd.DataFrame]:
    """One worksheet per question (named by its code), plus the Likert summary first."""
    out: dict[str, pd.DataFrame] = {}
    if not summary.empty:
        out["likert"] = likert(summary)
    for code, rows in table.groupby("code", sort=False):
        out[str(code)] = topline(rows, intervals=intervals)
    return out
