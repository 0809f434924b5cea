"""Design-based estimates on the California API samples, against R ``survey`` (DOMAIN.md §5) and
against independent computations for what DOMAIN.md gives no R value."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.polling import Design, Estimate
from analytics.polling.errors import DesignError

DATA = Path(__file__).resolve().parent.parent / "data" / "samples"
REL = 1e-6


@pytest.fixture(scope="module")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(DATA / "apistrat.csv")


@pytest.fixture(scope="module")
def apisrs() -> pd.DataFrame:
    return pd.read_csv(DATA / "apisrs.csv")


@pytest.fixture(scope="module")
def dstrat(apistrat: pd.DataFrame) -> Design:
    return Design(apistrat, weights="pw", strata="stype", fpc="fpc")


def test_stratified_mean_matches_r(dstrat: Design) -> None:
    est = dstrat.mean("api00")
    assert est.estimate == pytest.approx(662.287363, rel=REL)
    assert est.se == pytest.approx(9.408941, rel=REL)
    assert est.df == 200 - 3


def test_stratified_total_matches_r(dstrat: Design) -> None:
    est = dstrat.total("enroll")
    assert est.estimate == pytest.approx(3_687_178, rel=REL)
    assert est.se == pytest.approx(114_641.716, rel=REL)


def test_stratified_without_fpc_matches_r(apistrat: pd.DataFrame) -> None:
    est = Design(apistrat, weights="pw", strata="stype").mean("api00")
    assert est.se == pytest.approx(9.536132, rel=REL)


def test_simple_random_sample_matches_r(apisrs: pd.DataFrame) -> None:
    est = Design(apisrs, weights="pw", fpc="fpc").mean("api00")
    assert est.estimate == pytest.approx(656.585, rel=REL)
    assert est.se == pytest.approx(9.249722, rel=REL)
    assert est.n == 200 and est.deff == pytest.approx(1.0)


def test_fpc_as_fractions_equals_population_sizes(apistrat: pd.DataFrame) -> None:
    sampled = apistrat.groupby("stype")["stype"].transform("size")
    fractions = apistrat.assign(f=sampled / apistrat["fpc"])
    by_size = Design(apistrat, weights="pw", strata="stype", fpc="fpc").mean("api00")
    by_fraction = Design(fractions, weights="pw", strata="stype", fpc="f").mean("api00")
    assert by_fraction.se == pytest.approx(by_size.se, rel=1e-12)


def _cluster_se(df: pd.DataFrame, y: str, psu: str, strata: str | None) -> float:
    """The one-stage cluster variance of a weighted mean, written out with pandas group sums."""
    w = df["pw"]
    mean = (w * df[y]).sum() / w.sum()
    scores = df.assign(z=w * (df[y] - mean) / w.sum(), h=df[strata] if strata else "all")
    totals = scores.groupby(["h", psu])["z"].sum().reset_index()
    var = 0.0
    for _, group in totals.groupby("h"):
        n = len(group)
        var += n / (n - 1) * ((group["z"] - group["z"].mean()) ** 2).sum()
    return math.sqrt(var)


@pytest.mark.parametrize("strata", [None, "stype"])
def test_one_stage_cluster_design(apistrat: pd.DataFrame, strata: str | None) -> None:
    design = Design(apistrat, weights="pw", strata=strata, psu="dnum")
    est = design.mean("api00")
    assert est.se == pytest.approx(_cluster_se(apistrat, "api00", "dnum", strata), rel=1e-10)
    psus = apistrat.groupby(["stype", "dnum"] if strata else ["dnum"]).ngroups
    assert est.df == psus - (3 if strata else 1)
    assert est.se > Design(apistrat, weights="pw", strata=strata).mean("api00").se


def test_one_row_per_psu_equals_no_psu(dstrat: Design, apistrat: pd.DataFrame) -> None:
    design = Design(apistrat, weights="pw", strata="stype", psu="snum", fpc="fpc")
    assert design.mean("api00").se == pytest.approx(dstrat.mean("api00").se, rel=1e-12)


def test_domain_equal_to_stratum_is_that_strata_sample(
    dstrat: Design, apistrat: pd.DataFrame
) -> None:
    by_type = dstrat.mean("api00", by="stype")
    assert list(by_type) == ["E", "H", "M"]
    for stype, est in by_type.items():
        alone = Design(apistrat[apistrat["stype"] == stype], weights="pw", fpc="fpc")
        assert est.estimate == pytest.approx(alone.mean("api00").estimate, rel=1e-12)
        assert est.se == pytest.approx(alone.mean("api00").se, rel=1e-12)
    assert by_type.frame("stype")["n"].tolist() == [100, 50, 50]


def test_empty_domain_gives_nan_not_error(apistrat: pd.DataFrame) -> None:
    data = apistrat.assign(stype=pd.Categorical(apistrat["stype"], ["E", "H", "M", "K"]))
    by_type = Design(data, weights="pw", strata="stype").mean("api00", by="stype")
    empty = by_type["K"]
    assert empty.n == 0 and math.isnan(empty.estimate) and math.isnan(empty.se)
    assert by_type["E"].n == 100
    totals = Design(data, weights="pw", strata="stype").total("enroll", by="stype")
    assert totals["K"].n == 0 and math.isnan(totals["K"].estimate)


def test_missing_values_are_a_domain(apistrat: pd.DataFrame) -> None:
    design = Design(apistrat, weights="pw", strata="stype", fpc="fpc")
    est = design.mean("acs.k3")
    answered = apistrat["acs.k3"].notna()
    assert est.n == int(answered.sum())
    w = apistrat.loc[answered, "pw"]
    assert est.estimate == pytest.approx((w * apistrat.loc[answered, "acs.k3"]).sum() / w.sum())


def test_proportion_is_mean_of_indicator_with_intervals(dstrat: Design) -> None:
    data = dstrat.df.assign(no=(dstrat.df["sch.wide"] == "No").astype(float))
    mean = Design(data, weights="pw", strata="stype", fpc="fpc").mean("no")
    intervals = {}
    for method in ("logit", "wilson", "beta"):
        est = dstrat.proportion("sch.wide", "No", ci=method)
        assert est.estimate == pytest.approx(mean.estimate)
        assert est.se == pytest.approx(mean.se)
        assert 0 < est.ci_low < est.estimate < est.ci_high < 1
        intervals[method] = (est.ci_low, est.ci_high)
    t = stats.t.ppf(0.975, dstrat.df_design)
    logit = math.log(mean.estimate / (1 - mean.estimate))
    half = t * mean.se / (mean.estimate * (1 - mean.estimate))
    expected = (1 / (1 + math.exp(-(logit - half))), 1 / (1 + math.exp(-(logit + half))))
    assert intervals["logit"] == pytest.approx(expected, rel=1e-12)
    assert (
        intervals["beta"][1] - intervals["beta"][0]
        > intervals["wilson"][1] - intervals["wilson"][0]
    )


def test_proportion_at_zero_uses_exact_interval(apisrs: pd.DataFrame) -> None:
    est = Design(apisrs, weights="pw").proportion("stype", "K")
    assert (est.estimate, est.se, est.ci_low) == (0.0, 0.0, 0.0)
    assert est.ci_high == pytest.approx(1 - 0.025 ** (1 / 200), rel=1e-9)


def _lonely(apistrat: pd.DataFrame) -> pd.DataFrame:
    """apistrat with one extra stratum holding a single school (one PSU)."""
    lone = apistrat.iloc[[0]].assign(stype="X")
    return pd.concat([apistrat, lone], ignore_index=True)


def test_single_psu_stratum_rules(apistrat: pd.DataFrame) -> None:
    data = _lonely(apistrat)
    with pytest.raises(DesignError, match="stratum X has a single PSU"):
        Design(data, weights="pw", strata="stype", lonely_psu="fail").mean("api00")
    removed = Design(data, weights="pw", strata="stype", lonely_psu="remove").mean("api00")
    adjusted = Design(data, weights="pw", strata="stype").mean("api00")
    w = data["pw"]
    z = w * (data["api00"] - adjusted.estimate) / w.sum()
    lone_z = float(z.iloc[-1])
    grand = float(z.sum()) / len(data)
    assert adjusted.se**2 == pytest.approx(removed.se**2 + (lone_z - grand) ** 2, rel=1e-10)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": "nope"}, "'nope' is not in the data"),
        ({"weights": "pw", "strata": "stype", "fpc": "pw"}, "size 44.21 but 100 sampled"),
        ({"weights": "pw", "strata": "stype", "fpc": "snum"}, "varies within stratum"),
    ],
)
def test_design_errors(apistrat: pd.DataFrame, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(DesignError, match=message):
        Design(apistrat, **kwargs)  # type: ignore[arg-type]


def test_bad_weight_names_the_row(apistrat: pd.DataFrame) -> None:
    data = apistrat.assign(pw=apistrat["pw"].where(apistrat.index != 4, -1.0))
    with pytest.raises(DesignError, match=r"row 5 has -1\.0"):
        Design(data, weights="pw")


def test_estimate_fields(dstrat: Design) -> None:
    est = dstrat.mean("api00")
    assert isinstance(est, Estimate)
    w = dstrat.df["pw"]
    assert est.n_eff == pytest.approx(w.sum() ** 2 / (w**2).sum())
    assert est.deff == pytest.approx(len(w) * (w**2).sum() / w.sum() ** 2)
    t = stats.t.ppf(0.975, 197)
    assert (est.ci_low, est.ci_high) == pytest.approx(
        (est.estimate - t * est.se, est.estimate + t * est.se)
    )
    assert np.isfinite(list(est.as_dict().values())).all()
