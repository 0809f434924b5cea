"""The cross-tab explorer's core: which columns of a poll can be tabulated, filters applied as
domains (rows outside a filter stay in the design, like ``subset()`` on an R survey design), and
the direction of each significant cell."""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping

import numpy as np
import pandas as pd

from analytics.polling.codebook import Codebook
from analytics.polling.crosstab import CrossTab, Percent, crosstab
from analytics.polling.design import Design
from analytics.polling.errors import DesignError

Filters = Mapping[str, Collection[Hashable]]
"""{column: the values kept}."""


def categorical_columns(codebook: Codebook) -> dict[str, str]:
    """{column: label} of every closed question: single and Likert questions, and one yes/no
    column per option of a multiple-choice question."""
    columns: dict[str, str] = {}
    for question in codebook.questions:
        if question.type in {"single", "likert"}:
            columns[question.code] = question.label
        elif question.type == "multiple":
            for option in question.options:
                columns[f"{question.code}[{option}]"] = f"{question.label}: {option}"
    return columns


def in_filters(df: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Whether each row passes every filter (a missing answer never passes)."""
    keep = np.ones(len(df), dtype=bool)
    for column, values in filters.items():
        if column not in df.columns:
            raise DesignError(f"the filter variable {column!r} is not in the data")
        keep &= df[column].isin(list(values)).fillna(False).to_numpy(dtype=bool)
    return keep


def explore(
    design: Design,
    row: str,
    col: str,
    *,
    filters: Filters | None = None,
    percent: Percent = "column",
) -> CrossTab:
    """The cross-tab of ``row`` by ``col`` within the filters. The table gains ``direction``:
    +1 (above the overall share), −1 (below) or 0 (not significant) per cell."""
    if percent not in {"column", "row"}:
        raise DesignError("the explorer shows column or row percentages")
    for variable in (row, col):
        if variable not in design.df.columns:
            raise DesignError(f"the variable {variable!r} is not in the data")
    keep = in_filters(design.df, filters or {})
    # Out-of-filter rows become missing answers: out of the domain, still in the design.
    rows = design.df[row].where(keep)
    cols = design.df[col].where(keep)
    tab = crosstab(design.plan, design.weights, rows, cols, percent=percent, level=design.level)
    table = tab.table
    by = "row" if percent == "column" else "col"
    overall = table.groupby(by, sort=False, observed=True)["weighted"].transform("sum")
    share = 100 * overall / table["weighted"].sum()
    direction = np.where(table["differs"], np.sign(table["pct"] - share), 0).astype(np.int8)
    return CrossTab(
        table.assign(direction=direction),
        tab.percent,
        tab.chisq,
        tab.f,
        tab.ndf,
        tab.ddf,
        tab.p,
        tab.n,
        tab.level,
    )
