"""IKM (Indeks Kepuasan Masyarakat) of SKM answers and the Krejcie–Morgan sample size.

Methods: Permenpan RB 14/2017 (9 unsur, weight 1/9, printed 0,111) and Kepmenpan 25/2004
(14 unsur, weight 1/14, printed 0,071). IKM = Σ NRR_u × weight × 25; the category (mutu) is read
on the value rounded to 2 decimals, and per unsur on NRR × 25.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from analytics.polling.errors import IkmError, shown

MethodName = Literal["2017", "2004"]
WeightName = Literal["exact", "rounded"]
KINERJA = {"A": "Sangat baik", "B": "Baik", "C": "Kurang baik", "D": "Tidak baik"}


@dataclass(frozen=True)
class Method:
    """One regulation's IKM rules."""

    unsur: int
    rounded_weight: float
    upper_bounds: tuple[tuple[float, str], ...]
    """(highest value, mutu) from the lowest category up, on values rounded to 2 decimals."""

    def weight(self, name: WeightName) -> float:
        """The exact weight 1/unsur or the rounded one printed in reports."""
        return 1.0 / self.unsur if name == "exact" else self.rounded_weight

    def mutu(self, value: float) -> str:
        """The category letter of a 25–100 value."""
        rounded = round(value, 2)
        return next(letter for upper, letter in self.upper_bounds if rounded <= upper)


METHODS: dict[str, Method] = {
    "2017": Method(9, 0.111, ((64.99, "D"), (76.60, "C"), (88.30, "B"), (100.0, "A"))),
    "2004": Method(14, 0.071, ((43.75, "D"), (62.50, "C"), (81.25, "B"), (100.0, "A"))),
}


@dataclass(frozen=True)
class IkmResult:
    """The index, its category and the per-unsur table (unsur, nrr, nrr_tertimbang, nilai, mutu,
    kinerja)."""

    method: MethodName
    weight_name: WeightName
    weight: float
    respondents: int
    """Respondent rows used (0 when computed from NRR values)."""
    unsur: pd.DataFrame
    ikm: float
    mutu: str
    kinerja: str

    @property
    def nrr(self) -> pd.Series:
        """NRR per unsur, in the stored unsur order."""
        return self.unsur.set_index("unsur")["nrr"]


def ikm(
    data: pd.DataFrame | Sequence[float],
    method: MethodName = "2017",
    weight: WeightName = "exact",
    unsur: Sequence[str] | None = None,
) -> IkmResult:
    """The IKM of respondent rows (one column per unsur, scores 1–4; ``unsur`` gives the columns
    in regulation order, default ``U1``..``U9``/``U14``) or of a list of NRR values."""
    rules = METHODS[method]
    if isinstance(data, pd.DataFrame):
        columns = list(unsur) if unsur is not None else _default_columns(data, rules.unsur)
        nrr, respondents = _nrr(data, columns), len(data)
        names = columns
    else:
        nrr, respondents = np.array(data, dtype=float), 0
        names = list(unsur) if unsur is not None else [f"U{i + 1}" for i in range(len(nrr))]
        bad = np.flatnonzero(~np.isfinite(nrr) | (nrr < 1) | (nrr > 4))
        if len(bad):
            raise IkmError(f"NRR {names[bad[0]]} = {shown(data[bad[0]])} is outside 1–4")
    if len(nrr) != rules.unsur or len(names) != rules.unsur:
        raise IkmError(f"the {method} method has {rules.unsur} unsur, but {len(names)} were given")
    w = rules.weight(weight)
    value = round(float((nrr * w).sum() * 25), 2)
    mutu = rules.mutu(value)
    nilai = np.round(nrr * 25, 2)
    letters = [rules.mutu(v) for v in nilai]
    table = pd.DataFrame(
        {
            "unsur": names,
            "nrr": nrr,
            "nrr_tertimbang": nrr * w,
            "nilai": nilai,
            "mutu": letters,
            "kinerja": [KINERJA[letter] for letter in letters],
        }
    )
    return IkmResult(method, weight, w, respondents, table, value, mutu, KINERJA[mutu])


def ikm_by_unit(
    data: pd.DataFrame,
    unit: str,
    method: MethodName = "2017",
    weight: WeightName = "exact",
    unsur: Sequence[str] | None = None,
) -> dict[Hashable, IkmResult]:
    """The IKM of each service unit (the values of column ``unit``), in sorted order."""
    if unit not in data.columns:
        raise IkmError(f"the unit column {unit!r} is not in the data")
    return {
        key: ikm(group, method, weight, unsur)
        for key, group in data.groupby(unit, sort=True, dropna=False)
    }


def krejcie_morgan(population: int, chi2: float = 3.841, p: float = 0.5, d: float = 0.05) -> int:
    """Krejcie–Morgan sample size S = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), rounded half up
    (N = 1000 gives 278)."""
    if population < 1:
        raise IkmError("the population must be at least 1")
    size = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, math.floor(size + 0.5))


def _default_columns(data: pd.DataFrame, count: int) -> list[str]:
    by_number = {
        int(found.group(1)): str(column)
        for column in data.columns
        if (found := re.fullmatch(r"[Uu](?:nsur)?[ _]?(\d+)", str(column).strip()))
    }
    wanted = list(range(1, count + 1))
    missing = [n for n in wanted if n not in by_number]
    if missing:
        raise IkmError(
            f"no column for unsur {', '.join(f'U{n}' for n in missing)}; name the columns "
            "U1, U2, ... or pass unsur=[...] in regulation order"
        )
    return [by_number[n] for n in wanted]


def _nrr(data: pd.DataFrame, columns: list[str]) -> NDArray[np.float64]:
    for column in columns:
        if column not in data.columns:
            raise IkmError(f"the unsur column {column!r} is not in the data")
    scores = data[columns].apply(pd.to_numeric, errors="coerce")
    invalid = (scores.isna() & data[columns].notna()) | (scores < 1) | (scores > 4)
    invalid |= scores.notna() & (scores != scores.round())
    if invalid.to_numpy().any():
        row, col = np.argwhere(invalid.to_numpy())[0]
        raise IkmError(
            f"row {row + 1}, column {columns[col]!r}: {shown(data[columns[col]].iloc[row])} is not "
            "a score 1, 2, 3 or 4"
        )
    counts = scores.notna().sum()
    if (counts == 0).any():
        raise IkmError(f"unsur {counts.index[counts == 0][0]!r} has no answers")
    return np.asarray(scores.mean(), dtype=float)
