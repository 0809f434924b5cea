"""The SKM dashboard: IKM per service unit and unsur, the chart per unit, and the sample size each
unit needs (Krejcie–Morgan) against the responses it has.

Built on :func:`analytics.polling.ikm.ikm_by_unit`; usable from a notebook on any respondent
table with one column per unsur (scores 1–4, as numbers, text or ordered categories).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from analytics.polling.errors import IkmError
from analytics.polling.ikm import (
    METHODS,
    IkmResult,
    MethodName,
    WeightName,
    ikm_by_unit,
    krejcie_morgan,
)
from workflows.fmt import Lang, format_number

WHOLE = "(semua)"
"""The unit name used when the data has no unit column (every respondent in one unit)."""
MUTU_COLOURS = {"A": "#1a9850", "B": "#91cf60", "C": "#fc8d59", "D": "#d73027"}
_UNSUR_NAME = re.compile(r"[Uu](?:nsur)?[ _]?(\d+)")


@dataclass(frozen=True)
class SkmDashboard:
    """``units``: one row per unit (unit, respondents, ikm, mutu, kinerja); ``unsur``: one row per
    unit and unsur (unit, unsur, nrr, nrr_tertimbang, nilai, mutu, kinerja)."""

    method: MethodName
    weight_name: WeightName
    weight: float
    units: pd.DataFrame
    unsur: pd.DataFrame


def unsur_columns(columns: Sequence[str], method: MethodName = "2017") -> list[str]:
    """The columns named like U1, u_2, Unsur 3, ..., in unsur-number order, when all the method's
    unsur are present; else an empty list (the analyst picks them)."""
    by_number = {
        int(found.group(1)): column
        for column in columns
        if (found := _UNSUR_NAME.fullmatch(str(column).strip()))
    }
    wanted = range(1, METHODS[method].unsur + 1)
    return [by_number[n] for n in wanted] if all(n in by_number for n in wanted) else []


def dashboard(
    data: pd.DataFrame,
    unsur: Sequence[str],
    unit: str | None = None,
    method: MethodName = "2017",
    weight: WeightName = "exact",
) -> SkmDashboard:
    """The IKM of each unit (values of column ``unit``; all rows as one unit when ``None``) with
    its unsur table; ``unsur`` names the score columns in regulation order."""
    columns = list(unsur)
    missing = [c for c in [*columns, *([unit] if unit else [])] if c not in data.columns]
    if missing:
        raise IkmError(f"the column {missing[0]!r} is not in the data")
    scores = data[columns].astype(object)
    scores.insert(0, "_unit", data[unit].astype(object).fillna("?") if unit else WHOLE)
    results = ikm_by_unit(scores, "_unit", method, weight, columns)
    return SkmDashboard(
        method,
        weight,
        METHODS[method].weight(weight),
        _units(results),
        pd.concat([r.unsur.assign(unit=str(key)) for key, r in results.items()], ignore_index=True)[
            ["unit", "unsur", "nrr", "nrr_tertimbang", "nilai", "mutu", "kinerja"]
        ],
    )


def _units(results: Mapping[object, IkmResult]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": [str(key) for key in results],
            "respondents": [r.respondents for r in results.values()],
            "ikm": [r.ikm for r in results.values()],
            "mutu": [r.mutu for r in results.values()],
            "kinerja": [r.kinerja for r in results.values()],
        }
    )


def sample_sizes(units: pd.DataFrame, populations: Mapping[str, int | None]) -> pd.DataFrame:
    """Per unit of ``units`` (columns unit, respondents): the population the analyst gave, the
    Krejcie–Morgan sample it needs and the shortfall (0 when enough; empty without population)."""
    given = [populations.get(str(name)) for name in units["unit"]]
    frame = units[["unit", "respondents"]].copy()
    frame["population"] = pd.array(given, dtype="Int64")
    frame["needed"] = pd.array(
        [None if n is None else krejcie_morgan(int(n)) for n in given], dtype="Int64"
    )
    frame["shortfall"] = (frame["needed"] - frame["respondents"]).clip(lower=0)
    return frame


def unsur_chart(board: SkmDashboard, unit: str, lang: Lang = "id") -> alt.LayerChart:
    """Bars of NRR × 25 per unsur of one unit coloured by mutu, with the unit's IKM as a rule."""
    rows = board.unsur[board.unsur["unit"] == unit]
    if rows.empty:
        raise IkmError(f"there is no unit {unit!r} in the dashboard")
    value = float(board.units.loc[board.units["unit"] == unit, "ikm"].iloc[0])
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X("unsur:N", sort=list(rows["unsur"]), title="Unsur"),
            y=alt.Y("nilai:Q", scale=alt.Scale(domain=[0, 100]), title="NRR × 25"),
            color=alt.Color(
                "mutu:N",
                scale=alt.Scale(domain=list(MUTU_COLOURS), range=list(MUTU_COLOURS.values())),
                title="Mutu",
            ),
            tooltip=["unsur:N", alt.Tooltip("nrr:Q", format=".3f"), "nilai:Q", "mutu:N"],
        )
    )
    rule = alt.Chart(pd.DataFrame({"ikm": [value]})).mark_rule(strokeDash=[4, 4]).encode(y="ikm:Q")
    return alt.LayerChart(layer=[bars, rule]).properties(
        title=f"{unit}: IKM {format_number(value, 2, lang)}"
    )
