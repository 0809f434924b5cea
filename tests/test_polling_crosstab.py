"""Cross-tabs: percentages equal domain proportions; Rao–Scott reduces to Pearson on an SRS."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.polling import Design

DATA = Path(__file__).resolve().parent.parent / "data" / "samples"


@pytest.fixture(scope="module")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(DATA / "apistrat.csv")


@pytest.mark.parametrize(
    "design",
    [
        {"weights": "pw", "strata": "stype", "fpc": "fpc"},
        {"weights": "pw", "psu": "dnum"},
        {"weights": "pw", "strata": "stype", "psu": "dnum"},
        {},
    ],
)
def test_column_percent_equals_domain_proportion(
    apistrat: pd.DataFrame, design: dict[str, str]
) -> None:
    d = Design(apistrat, **design)  # type: ignore[arg-type]
    tab = d.crosstab("awards", "stype")
    assert len(tab.table) == 6
    for cell in tab.table.itertuples():
        est = d.proportion("awards", cell.row, by="stype")[cell.col]
        assert cell.pct == pytest.approx(100 * est.estimate, rel=1e-12)
        assert cell.se == pytest.approx(100 * est.se, rel=1e-9)
        assert cell.ci_low == pytest.approx(100 * est.ci_low, rel=1e-9)
        assert cell.n_base == est.n


@pytest.mark.parametrize("percent", ["row", "cell"])
def test_row_and_cell_percent(apistrat: pd.DataFrame, percent: str) -> None:
    d = Design(apistrat, weights="pw", strata="stype", fpc="fpc")
    tab = d.crosstab("awards", "stype", percent=percent)  # type: ignore[arg-type]
    data = apistrat.assign(both=apistrat["awards"] + "/" + apistrat["stype"])
    for cell in tab.table.itertuples():
        if percent == "row":
            est = d.proportion("stype", cell.col, by="awards")[cell.row]
        else:
            design = Design(data, weights="pw", strata="stype", fpc="fpc")
            est = design.proportion("both", f"{cell.row}/{cell.col}")
        assert cell.pct == pytest.approx(100 * est.estimate, rel=1e-12)
        assert cell.se == pytest.approx(100 * est.se, rel=1e-9)
    assert (
        tab.table.groupby("row" if percent == "row" else "n_base")["pct"]
        .sum()
        .round(9)
        .eq(100)
        .all()
    )


def test_rao_scott_on_equal_weights_is_scaled_pearson(apistrat: pd.DataFrame) -> None:
    d = Design(apistrat)
    tab = d.crosstab("awards", "stype")
    counts = pd.crosstab(apistrat["awards"], apistrat["stype"]).to_numpy()
    chi2, _, dof, _ = stats.chi2_contingency(counts, correction=False)
    n = len(apistrat)
    assert tab.chisq == pytest.approx(chi2, rel=1e-10)
    assert tab.ndf == pytest.approx(dof, rel=1e-10)
    assert tab.ddf == pytest.approx(dof * (n - 1), rel=1e-10)
    assert tab.f == pytest.approx(chi2 * (n - 1) / (n * dof), rel=1e-10)
    assert tab.p == pytest.approx(stats.f.sf(tab.f, dof, dof * (n - 1)), rel=1e-10)


def test_rao_scott_with_clusters_uses_design_df(apistrat: pd.DataFrame) -> None:
    d = Design(apistrat, weights="pw", psu="dnum")
    tab = d.crosstab("sch.wide", "stype")
    assert 0 < tab.ndf <= 2
    assert tab.ddf == pytest.approx(tab.ndf * d.df_design)
    assert 0 < tab.p < 1
    assert tab.wide().shape == (2, 3)


def test_significant_cells_are_marked() -> None:
    rng = np.random.default_rng(4)
    col = rng.choice(["a", "b", "c"], size=3000)
    agree = np.where(col == "a", rng.random(3000) < 0.8, rng.random(3000) < 0.5)
    data = pd.DataFrame({"col": col, "row": np.where(agree, "setuju", "tidak")})
    tab = Design(data).crosstab("row", "col")
    marked = tab.table.set_index(["row", "col"])["differs"]
    assert marked[("setuju", "a")] and marked[("tidak", "a")]
    assert tab.p < 1e-6
