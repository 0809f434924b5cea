"""The topline of a poll: every closed question with weighted percentages, CIs, n and n_eff, and
the Likert questions summarised as bottom-2 / top-2 boxes and net agreement (for diverging bars).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analytics.polling.codebook import Codebook, Question
from analytics.polling.crosstab import crosstab
from analytics.polling.design import Design

CLOSED = ("single", "likert", "multiple")
COLUMNS = ["code", "question", "type", "option", "pct", "ci_low", "ci_high", "n", "n_eff", "deff"]


def topline(design: Design, codebook: Codebook) -> pd.DataFrame:
    """One row per option of every closed question (percent of those who answered it)."""
    parts = [_question(design, q) for q in codebook.questions if q.type in CLOSED]
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def _question(design: Design, question: Question) -> pd.DataFrame:
    if question.type == "multiple":
        rows = []
        for option in question.options:
            est = design.proportion(f"{question.code}[{option}]", True)
            rows.append(
                {
                    "option": option,
                    "pct": 100 * est.estimate,
                    "ci_low": 100 * est.ci_low,
                    "ci_high": 100 * est.ci_high,
                    "n": est.n,
                    "n_eff": est.n_eff,
                    "deff": est.deff,
                }
            )
        table = pd.DataFrame(rows)
    else:
        everyone = pd.Series(np.zeros(len(design.df), dtype=np.int8), index=design.df.index)
        tab = crosstab(
            design.plan, design.weights, design.df[question.code], everyone, level=design.level
        ).table
        table = pd.DataFrame(
            {
                "option": tab["row"].astype(str),
                "pct": tab["pct"],
                "ci_low": tab["ci_low"],
                "ci_high": tab["ci_high"],
                "n": tab["n_base"],
                "n_eff": tab["n_eff"],
                "deff": tab["n_base"] / tab["n_eff"],
            }
        )
    return table.assign(code=question.code, question=question.label, type=question.type)


def likert_summary(table: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per Likert question with at least 4 options: bottom-2 and top-2 box (%) and net agreement
    (top-2 − bottom-2), sorted by net, highest first."""
    rows = []
    for question in codebook.questions:
        if question.type != "likert" or len(question.options) < 4:
            continue
        shares = table[table["code"] == question.code].set_index("option")["pct"]
        shares = shares.reindex(list(question.options)).fillna(0.0)
        bottom, top = float(shares.iloc[:2].sum()), float(shares.iloc[-2:].sum())
        rows.append(
            {
                "code": question.code,
                "question": question.label,
                "bottom2": bottom,
                "top2": top,
                "net": top - bottom,
                "n": int(table.loc[table["code"] == question.code, "n"].max()),
            }
        )
    frame = pd.DataFrame(rows, columns=["code", "question", "bottom2", "top2", "net", "n"])
    return frame.sort_values("net", ascending=False, ignore_index=True)


def diverging_chart(table: pd.DataFrame, codebook: Codebook, summary: pd.DataFrame) -> alt.Chart:
    """Diverging stacked bars of the Likert questions, sorted by net agreement: options below the
    middle extend left, above it right, a middle option is split across zero."""
    bars = []
    for question in codebook.questions:
        if question.code not in set(summary["code"]):
            continue
        shares = table[table["code"] == question.code].set_index("option")["pct"]
        options = list(question.options)
        middle = len(options) / 2
        for rank, option in enumerate(options):
            pct = float(shares.get(option, 0.0))
            sides = (
                [(-1, pct / 2), (1, pct / 2)]
                if rank + 0.5 == middle
                else [(-1 if rank < middle else 1, pct)]
            )
            for sign, value in sides:
                bars.append(
                    {
                        "question": question.label,
                        "option": option,
                        "rank": rank if sign < 0 else len(options) - rank,
                        "value": sign * value,
                        "pct": pct,
                    }
                )
    order = list(summary["question"])
    chart: alt.Chart = (
        alt.Chart(pd.DataFrame(bars))
        .mark_bar()
        .encode(
            x=alt.X("sum(value):Q", title="%"),
            y=alt.Y("question:N", sort=order, title=None),
            color=alt.Color("option:N", sort=_legend_order(codebook, summary), title=None),
            order=alt.Order("rank:Q"),
            tooltip=["question:N", "option:N", alt.Tooltip("pct:Q", format=".1f")],
        )
    )
    return chart


def _legend_order(codebook: Codebook, summary: pd.DataFrame) -> list[str]:
    seen: dict[str, None] = {}
    for question in codebook.questions:
        if question.code in set(summary["code"]):
            seen.update(dict.fromkeys(question.options))
    return list(seen)
