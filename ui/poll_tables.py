"""Poll tables as people read them: Indonesian (or English) labels and number formats."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.polling.crosstab import CrossTab
from analytics.polling.rake import RakeResult
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


def _label(value: object) -> str:
    """A category as shown: the yes/no of a multiple-choice option in the session's language."""
    if isinstance(value, bool | np.bool_):
        return t("weighting.yes") if value else t("weighting.no")
    return str(value)


def _marked(pct: float, direction: int) -> str:
    return _number(pct, 1) + {1: " ▲", -1: " ▼"}.get(int(direction), "")


def crosstab_grid(tab: CrossTab) -> pd.DataFrame:
    """The cross-tab as rows × columns of % with ▲/▼ on cells that differ significantly from
    the overall share, and the base n of each column (or row)."""
    table = tab.table.assign(
        shown=[_marked(p, d) for p, d in zip(tab.table["pct"], tab.table["direction"], strict=True)]
    )
    grid = table.pivot(index="row", columns="col", values="shown")
    grid = grid.reindex(
        index=list(dict.fromkeys(table["row"])), columns=list(dict.fromkeys(table["col"]))
    )
    grid.columns = [_label(c) for c in grid.columns]
    grid.index = [_label(i) for i in grid.index]
    return grid.rename_axis("").reset_index()


def rao_scott(tab: CrossTab, *, indicative: bool) -> str:
    """The Rao–Scott test in one sentence (flagged indicative for an opt-in poll)."""
    text = t("crosstab.test").format(
        f=_number(tab.f, 2),
        ndf=_number(tab.ndf, 2),
        ddf=_number(tab.ddf, 1),
        p=_number(tab.p, 4),
        n=tab.n,
    )
    return f"{text} {t('crosstab.indicative')}" if indicative else text


def crosstab_cells(tab: CrossTab, *, intervals: bool) -> pd.DataFrame:
    """Every cell with %, its CI (declared probability designs only), n, base n and n_eff."""
    table = tab.table
    shown = {
        t("crosstab.row"): table["row"].map(_label),
        t("crosstab.col"): table["col"].map(_label),
        t("col.pct"): [
            _marked(p, d) for p, d in zip(table["pct"], table["direction"], strict=True)
        ],
    }
    if intervals:
        shown[t("col.ci")] = [
            f"{_number(lo, 1)} – {_number(hi, 1)}"
            for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
        ]
    shown[t("col.n")] = table["n"].astype(int)
    shown[t("col.n_base")] = table["n_base"].astype(int)
    shown[t("col.n_eff")] = [_number(v, 1) for v in table["n_eff"]]
    return pd.DataFrame(shown)


def margins(frame: pd.DataFrame) -> pd.DataFrame:
    """Raking margins: target, before and after as % of their variable's total."""

    def share(column: str) -> list[str]:
        totals = frame.groupby("variable", sort=False)[column].transform("sum")
        return [_number(v, 1) for v in 100 * frame[column] / totals]

    return pd.DataFrame(
        {
            t("weighting.variable"): frame["variable"],
            t("weighting.category"): frame["category"].astype(str),
            t("weighting.target_pct"): share("target"),
            t("weighting.before_pct"): share("before"),
            t("weighting.after_pct"): share("after"),
        }
    )


def diagnostics(result: RakeResult) -> pd.DataFrame:
    """The raking diagnostics as two columns."""
    rows = [
        (t("weighting.iterations"), str(result.iterations)),
        (t("weighting.converged"), t("weighting.yes") if result.converged else t("weighting.no")),
        (t("weighting.max_error"), f"{result.max_margin_error:.1e}"),
        (t("col.n_eff"), _number(result.n_eff, 1)),
        (t("col.deff"), _number(result.deff, 2)),
        (
            t("weighting.range"),
            f"{_number(result.min_weight, 3)} – {_number(result.max_weight, 3)}",
        ),
        (
            t("weighting.adjustment"),
            f"{_number(result.min_adjustment, 3)} – {_number(result.max_adjustment, 3)}",
        ),
    ]
    return pd.DataFrame(rows, columns=[t("weighting.measure"), t("weighting.value")])


def trend(table: pd.DataFrame, *, intervals: bool) -> pd.DataFrame:
    """A question across waves: % per wave, the change since the last wave, ▲/▼ if significant."""
    shown = {
        t("trend.wave"): table["wave"].astype(int),
        t("col.option"): table["option"].map(_label),
        t("col.pct"): [_number(v, 1) for v in table["pct"]],
    }
    return pd.DataFrame(_changes(shown, table, "trend.change", 1, intervals=intervals))


def mean_trend(table: pd.DataFrame, *, intervals: bool) -> pd.DataFrame:
    """A numeric question across waves: the mean per wave and its change since the last wave."""
    shown = {
        t("trend.wave"): table["wave"].astype(int),
        t("trend.mean"): [_number(v, 2) for v in table["mean"]],
    }
    return pd.DataFrame(_changes(shown, table, "trend.change_mean", 2, intervals=intervals))


def _changes(
    shown: dict[str, object], table: pd.DataFrame, label: str, decimals: int, *, intervals: bool
) -> dict[str, object]:
    """``shown`` with the CI (for a probability design), the change marked ▲/▼ when
    significant, p, n and the effective n."""
    if intervals:
        shown[t("col.ci")] = [
            f"{_number(lo, decimals)} – {_number(hi, decimals)}"
            for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
        ]
    shown[t(label)] = [
        "" if pd.isna(c) else _number(c, decimals) + ((" ▲" if c > 0 else " ▼") if s else "")
        for c, s in zip(table["change"], table["significant"], strict=True)
    ]
    shown[t("trend.p")] = [_number(v, 4) for v in table["p"]]
    shown[t("col.n")] = table["n"].astype(int)
    shown[t("col.n_eff")] = [_number(v, 1) for v in table["n_eff"]]
    return shown
