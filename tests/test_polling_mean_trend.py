"""The mean of a numeric question across waves (``mean_trend``) against direct computations: the
design's domain means, separate designs per wave, and the textbook two-sample statistic."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analytics.polling import Design
from analytics.polling.trends import mean_trend
from tests.test_polling_analysis_pages import db_file, seed_poll, select
from tests.test_polling_pages import open_as

__all__ = ["db_file"]  # the fixture, shared with the other page tests

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


@pytest.fixture(scope="module")
def two_waves() -> pd.DataFrame:
    """The simple random sample as wave 1, the stratified sample as wave 2 (same population)."""
    srs = pd.read_csv(SAMPLES / "apisrs.csv").assign(wave=1)
    strat = pd.read_csv(SAMPLES / "apistrat.csv").assign(wave=2)
    return pd.concat([srs, strat], ignore_index=True)


def test_the_weighted_means_are_the_designs_domain_means(two_waves: pd.DataFrame) -> None:
    table = mean_trend(two_waves, "api00", weights="pw").set_index("wave")
    direct = Design(two_waves, weights="pw", strata="wave").mean("api00", by="wave")
    for wave in (1, 2):
        alone = Design(two_waves[two_waves["wave"] == wave], weights="pw").mean("api00")
        for estimate in (direct[wave], alone):
            assert table.loc[wave, "mean"] == pytest.approx(estimate.estimate, rel=1e-12)
            assert table.loc[wave, "se"] == pytest.approx(estimate.se, rel=1e-9)
            assert table.loc[wave, "n"] == estimate.n == 200
            assert table.loc[wave, "n_eff"] == pytest.approx(estimate.n_eff, rel=1e-12)
        assert table.loc[wave, "ci_low"] == pytest.approx(direct[wave].ci_low, rel=1e-12)
        assert table.loc[wave, "ci_high"] == pytest.approx(direct[wave].ci_high, rel=1e-12)
    change = direct[2].estimate - direct[1].estimate
    p = 2 * stats.t.sf(abs(change / math.hypot(direct[1].se, direct[2].se)), 400 - 2)
    assert table.loc[2, "change"] == pytest.approx(change, rel=1e-12)
    assert table.loc[2, "p"] == pytest.approx(p, rel=1e-9)
    assert table.loc[2, "significant"] == (p < 0.05)
    assert table["change"].isna()[1] and not table.loc[1, "significant"]


def test_unweighted_waves_give_the_textbook_statistic() -> None:
    """Without weights (and with every row of a wave answered) a wave's SE is s/√n, so the Wald t
    is (ȳ₂ − ȳ₁)/√(s₁²/n₁ + s₂²/n₂)."""
    rng = np.random.default_rng(7)
    first, second = rng.normal(3.0, 1.0, 40), rng.normal(3.6, 1.5, 55)
    frame = pd.DataFrame(
        {
            "wave": [1] * 40 + [2] * 55 + [3] * 5,
            "jam": [*first, *second, *[np.nan] * 5],  # wave 3: no answers
        }
    )
    table = mean_trend(frame, "jam").set_index("wave")
    for wave, values in ((1, first), (2, second)):
        assert table.loc[wave, "mean"] == pytest.approx(values.mean(), rel=1e-12)
        assert table.loc[wave, "se"] == pytest.approx(
            values.std(ddof=1) / math.sqrt(len(values)), rel=1e-9
        )
        assert table.loc[wave, "n"] == len(values)
    spread = first.var(ddof=1) / 40 + second.var(ddof=1) / 55
    t = (second.mean() - first.mean()) / math.sqrt(spread)
    assert table.loc[2, "p"] == pytest.approx(2 * stats.t.sf(abs(t), len(frame) - 3), rel=1e-9)
    assert table.loc[2, "significant"]
    assert table.loc[3, "n"] == 0 and table["mean"].isna()[3]
    assert not table.loc[3, "significant"]


def test_a_real_shift_is_marked_with_its_direction(two_waves: pd.DataFrame) -> None:
    shifted = two_waves.assign(api00=two_waves["api00"] + np.where(two_waves["wave"] == 2, 60, 0))
    row = mean_trend(shifted, "api00", weights="pw").set_index("wave").loc[2]
    assert row["significant"] and row["change"] > 0


@pytest.mark.parametrize("probability", [False, True])
def test_the_trends_page_shows_the_mean_of_a_numeric_question(
    db_file: Path, probability: bool
) -> None:
    seed_poll(db_file, probability=probability, waves=2)
    at = open_as("pemantau", "pages/tren.py")
    select(at, "Pertanyaan").set_value("usia").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    interval = ["IK 95%"] if probability else []
    assert list(table.columns) == [
        "Gelombang",
        "Rata-rata",
        *interval,
        "Perubahan",
        "p",
        "n",
        "n efektif",
    ]
    assert table["Rata-rata"].tolist() == ["36,50", "36,50"]  # the same ages in both waves
    assert table["Perubahan"].tolist() == ["", "0,00"]
    assert table["n"].tolist() == [6, 6]
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    marks = [layer["mark"]["type"] for layer in spec.get("layer", [spec])]
    assert marks == (["area", "line"] if probability else ["line"])
    assert "beda rata-rata" in at.caption[0].value
