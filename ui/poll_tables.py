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


def ikm_units(units: pd.DataFrame) -> pd.DataFrame:
    """The IKM per service unit with its mutu and kinerja."""
    return pd.DataFrame(
        {
            t("col.unit"): units["unit"],
            t("col.respondents"): units["respondents"].astype(int),
            "IKM": [_number(v, 2) for v in units["ikm"]],
            t("col.mutu"): units["mutu"],
            t("col.kinerja"): units["kinerja"],
        }
    )


def ikm_unsur(unsur: pd.DataFrame) -> pd.DataFrame:
    """One unit's unsur: NRR, weighted NRR, NRR × 25 and its category."""
    return pd.DataFrame(
        {
            t("col.unsur"): unsur["unsur"],
            "NRR": [_number(v, 3) for v in unsur["nrr"]],
            t("col.nrr_weighted"): [_number(v, 3) for v in unsur["nrr_tertimbang"]],
            t("col.nrr_x25"): [_number(v, 2) for v in unsur["nilai"]],
            t("col.mutu"): unsur["mutu"],
            t("col.kinerja"): unsur["kinerja"],
        }
    )


def ikm_sample(sizes: pd.DataFrame) -> pd.DataFrame:
    """Per unit: responses, the population entered, the Krejcie–Morgan sample and the shortfall."""

    def whole(values: pd.Series) -> list[str]:
        return ["" if pd.isna(v) else _number(float(v), 0) for v in values]

    return pd.DataFrame(
        {
            t("col.unit"): sizes["unit"],
            t("col.respondents"): whole(sizes["respondents"]),
            t("ikm.population"): whole(sizes["population"]),
            t("col.sample_needed"): whole(sizes["needed"]),
            t("col.shortfall"): whole(sizes["shortfall"]),
        }
    )
