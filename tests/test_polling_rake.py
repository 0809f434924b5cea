"""Raking on the cell table: same weights as raking each respondent, diagnostics, refusals."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.polling import Trim, rake
from analytics.polling.errors import RakeError
from analytics.polling.rake import Targets

DATA = Path(__file__).resolve().parent.parent / "data" / "samples"
# Population counts of schools by type in California (the fpc column of apistrat).
SCHOOLS: dict[Hashable, float] = {"E": 4421.0, "M": 1018.0, "H": 755.0}


@pytest.fixture(scope="module")
def schools() -> pd.DataFrame:
    data = pd.read_csv(DATA / "apistrat.csv")
    # a shuffled, non-default index: weights must align by label, not by position
    return data.sample(frac=1.0, random_state=3).set_index("cds")


def _targets(data: pd.DataFrame) -> dict[str, dict[Hashable, float]]:
    total = sum(SCHOOLS.values())
    return {
        "stype": dict(SCHOOLS),
        "sch.wide": {"Yes": 0.8 * total, "No": 0.2 * total},
        "awards": {"Yes": 0.55 * total, "No": 0.45 * total},
    }


def _rake_each_respondent(data: pd.DataFrame, targets: Targets, sweeps: int) -> pd.Series:
    """Textbook IPF on respondent rows with pandas, as a reference."""
    weights = pd.Series(1.0, index=data.index)
    for _ in range(sweeps):
        for name, margin in targets.items():
            achieved = weights.groupby(data[name]).sum()
            weights = weights * data[name].map(pd.Series(margin) / achieved)
    return weights


def test_cells_give_the_weights_of_raking_respondents(schools: pd.DataFrame) -> None:
    targets = _targets(schools)
    result = rake(schools, targets, tol=1e-10, max_iter=500)
    assert result.converged and result.max_margin_error < 1e-10
    assert result.weights.index.equals(schools.index)
    reference = _rake_each_respondent(schools, targets, result.iterations)
    np.testing.assert_allclose(result.weights.to_numpy(), reference.to_numpy(), rtol=1e-9)
    for name, margin in targets.items():
        achieved = result.weights.groupby(schools[name]).sum()
        for category, target in margin.items():
            assert achieved[str(category)] == pytest.approx(target, rel=1e-9)


def test_diagnostics(schools: pd.DataFrame) -> None:
    result = rake(schools, _targets(schools), weights="pw")
    w = result.weights.to_numpy()
    assert result.n_eff == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert result.deff == pytest.approx(len(w) / result.n_eff)
    assert (result.min_weight, result.max_weight) == (w.min(), w.max())
    adjustment = w / schools["pw"].to_numpy()
    assert result.min_adjustment == pytest.approx(adjustment.min())
    assert result.max_adjustment == pytest.approx(adjustment.max())
    margins = result.margins.set_index(["variable", "category"])
    assert margins.loc[("stype", "E"), "before"] == pytest.approx(
        schools.loc[schools["stype"] == "E", "pw"].sum()
    )
    np.testing.assert_allclose(margins["after"], margins["target"], rtol=1e-6)
    assert 1 <= result.iterations <= 100


def test_shares_are_scaled_to_the_base_total(schools: pd.DataFrame) -> None:
    shares: Targets = {"stype": {"E": 0.5, "M": 0.3, "H": 0.2}}
    result = rake(schools, shares, weights="pw")
    assert result.weights.sum() == pytest.approx(schools["pw"].sum())
    by_type = result.weights.groupby(schools["stype"]).sum() / result.weights.sum()
    assert by_type["M"] == pytest.approx(0.3)


@pytest.mark.parametrize("trim", [Trim(cap=1.6), Trim(percentile=90), 1.6])
def test_trimming_caps_and_re_rakes(schools: pd.DataFrame, trim: Trim | float) -> None:
    untrimmed = rake(schools, _targets(schools), tol=1e-9, max_iter=500)
    result = rake(schools, _targets(schools), tol=1e-9, max_iter=500, trim=trim)
    assert result.trim_limit is not None and result.trim_rounds >= 1
    assert result.trim_limit < untrimmed.max_weight
    assert result.trim_met and result.max_weight <= result.trim_limit * (1 + 1e-9)
    assert result.converged and result.max_margin_error < 1e-9


@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"stype": {**SCHOOLS, "K": 10.0}}, r"stype: no respondent in 'K'"),
        ({"stype": {"E": 4421.0, "M": 1018.0}}, r"stype: row \d+ has 'H', a category without"),
        (
            {"stype": SCHOOLS, "awards": {"Yes": 100.0, "No": 100.0}},
            "the margins must have the same total, but: stype = 6194, awards = 200",
        ),
        ({"stype": {"E": 4421.0, "M": 0.0, "H": 1773.0}}, "targets must be positive"),
        ({"kecamatan": {"a": 1.0}}, "'kecamatan' is not in the data"),
        ({}, "at least one margin"),
    ],
)
def test_refusals(schools: pd.DataFrame, targets: Targets, message: str) -> None:
    with pytest.raises(RakeError, match=message):
        rake(schools, targets)


def test_missing_margin_value_names_the_row(schools: pd.DataFrame) -> None:
    data = schools.assign(stype=schools["stype"].where(np.arange(len(schools)) != 6))
    with pytest.raises(RakeError, match="stype: row 7 has no value"):
        rake(data, {"stype": SCHOOLS})


def test_unreachable_cap_is_reported(schools: pd.DataFrame) -> None:
    result = rake(schools, _targets(schools), trim=Trim(cap=1.6, rounds=3))
    assert result.trim_rounds == 3 and not result.trim_met
    assert result.max_weight > result.trim_limit  # type: ignore[operator]


def test_not_converging_is_reported(schools: pd.DataFrame) -> None:
    result = rake(schools, _targets(schools), tol=1e-12, max_iter=2)
    assert not result.converged and result.iterations == 2 and result.max_margin_error > 1e-12
