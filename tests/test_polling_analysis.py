"""The analyst's core on real data: the cross-tab explorer's filters are domains, trends test
the change between two real independent samples (apisrs, apistrat), margins files in
Indonesian formats, and raked weights stored with a wave."""

from __future__ import annotations

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook
from scipy import stats

from analytics.polling import Design, rake
from analytics.polling.codebook import infer_codebook
from analytics.polling.errors import DesignError, RakeError
from analytics.polling.explore import categorical_columns, explore, in_filters
from analytics.polling.reader import read_responses
from analytics.polling.store import import_new_poll, responses
from analytics.polling.trends import trend
from analytics.polling.weighting import (
    RAKED,
    margins_frame,
    margins_from_frame,
    read_margins,
    save_weights,
    weightings,
    with_raked_weights,
)
from tests.test_polling_import import GOOGLE_FORMS
from workflows.db import Database

DATA = Path("/work/shared/data/survey_api")
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


@pytest.fixture(scope="module")
def apistrat() -> pd.DataFrame:
    return pd.read_csv(SAMPLES / "apistrat.csv")


@pytest.fixture(scope="module")
def two_waves() -> pd.DataFrame:
    """The simple random sample as wave 1 and the stratified sample as wave 2 (same population)."""
    srs = pd.read_csv(SAMPLES / "apisrs.csv").assign(wave=1)
    strat = pd.read_csv(SAMPLES / "apistrat.csv").assign(wave=2)
    return pd.concat([srs, strat], ignore_index=True)


def test_the_samples_are_the_shared_api_data() -> None:
    for name in ("apisrs.csv", "apistrat.csv"):
        assert (SAMPLES / name).read_bytes() == (DATA / name).read_bytes()


def test_a_filter_is_a_domain_not_a_subset(apistrat: pd.DataFrame) -> None:
    design = Design(apistrat, weights="pw", strata="stype", fpc="fpc")
    tab = explore(design, "sch.wide", "stype", filters={"yr.rnd": ["No"]})
    # The same figures by hand: answers outside the filter become missing, rows stay.
    masked = apistrat.assign(**{"sch.wide": apistrat["sch.wide"].where(apistrat["yr.rnd"] == "No")})
    by_hand = Design(masked, weights="pw", strata="stype", fpc="fpc").proportion(
        "sch.wide", "Yes", by="stype"
    )
    cells = {cell["col"]: cell for cell in tab.table.to_dict("records") if cell["row"] == "Yes"}
    for stype, estimate in by_hand.items():
        assert cells[stype]["pct"] == pytest.approx(100 * estimate.estimate, rel=1e-9)
        assert cells[stype]["se"] == pytest.approx(100 * estimate.se, rel=1e-9)
    assert tab.n == int((apistrat["yr.rnd"] == "No").sum())
    subset = Design(apistrat[apistrat["yr.rnd"] == "No"], weights="pw", strata="stype", fpc="fpc")
    assert subset.df_design != design.df_design  # a subset would lose the design's PSUs


def test_significant_cells_point_away_from_the_overall_share(apistrat: pd.DataFrame) -> None:
    tab = explore(Design(apistrat, weights="pw", strata="stype", fpc="fpc"), "sch.wide", "stype")
    table = tab.table
    overall = 100 * table.groupby("row")["weighted"].transform("sum") / table["weighted"].sum()
    marked = table[table["direction"] != 0]
    assert len(marked) >= 2 and tab.p < 0.001
    assert (np.sign(marked["pct"] - overall[marked.index]) == marked["direction"]).all()
    assert (~table.loc[table["direction"] == 0, "differs"]).all()
    rows = explore(Design(apistrat, weights="pw"), "sch.wide", "stype", percent="row").table
    assert rows.groupby("row")["pct"].sum().to_numpy() == pytest.approx([100, 100])


def test_explorer_refuses_what_it_cannot_show(apistrat: pd.DataFrame) -> None:
    design = Design(apistrat, weights="pw")
    with pytest.raises(DesignError, match="column or row"):
        explore(design, "sch.wide", "stype", percent="cell")
    with pytest.raises(DesignError, match="'nope' is not in the data"):
        explore(design, "sch.wide", "stype", filters={"nope": ["x"]})
    assert in_filters(apistrat, {"stype": ["E", "M"]}).sum() == 150


def test_closed_columns_include_each_multiple_choice_option() -> None:
    codebook = infer_codebook(read_responses(GOOGLE_FORMS.encode(), "f.csv"))
    assert list(categorical_columns(codebook)) == [
        "jenis_kelamin",
        "kecamatan",
        "seberapa_puas_anda_dengan_layanan",
        "media_yang_anda_gunakan[Media sosial]",
        "media_yang_anda_gunakan[Televisi]",
        "media_yang_anda_gunakan[Situs web]",
    ]


def test_trend_equals_separate_designs_per_wave_and_tests_the_change(
    two_waves: pd.DataFrame,
) -> None:
    table = trend(two_waves, "awards", weights="pw")
    assert list(table["wave"]) == [1, 1, 2, 2]
    assert not table.loc[table["wave"] == 1, "significant"].any()
    per_wave = {
        wave: Design(two_waves[two_waves["wave"] == wave], weights="pw").proportion("awards", "Yes")
        for wave in (1, 2)
    }
    yes = table[table["option"] == "Yes"].set_index("wave")
    for wave, estimate in per_wave.items():
        assert yes.loc[wave, "pct"] == pytest.approx(100 * estimate.estimate, rel=1e-9)
        assert yes.loc[wave, "se"] == pytest.approx(100 * estimate.se, rel=1e-9)
        assert yes.loc[wave, "n"] == estimate.n
    change = per_wave[2].estimate - per_wave[1].estimate
    t = change / math.hypot(per_wave[1].se, per_wave[2].se)
    p = 2 * stats.t.sf(abs(t), len(two_waves) - 2)
    assert yes.loc[2, "change"] == pytest.approx(100 * change, rel=1e-9)
    assert yes.loc[2, "p"] == pytest.approx(p, rel=1e-9)
    assert yes.loc[2, "significant"] == (p < 0.05)


def test_a_real_shift_is_marked(two_waves: pd.DataFrame) -> None:
    """Wave 2 keeps only the schools that met their growth target: 'sch.wide' must jump."""
    shifted = pd.concat(
        [
            two_waves[two_waves["wave"] == 1],
            two_waves[(two_waves["wave"] == 2) & (two_waves["sch.wide"] == "Yes")].head(150),
            two_waves[(two_waves["wave"] == 2) & (two_waves["sch.wide"] == "No")].head(5),
        ]
    )
    table = trend(shifted, "sch.wide")
    last = {row["option"]: row for row in table[table["wave"] == 2].to_dict("records")}
    assert last["Yes"]["change"] > 0 and last["Yes"]["significant"]
    assert last["No"]["change"] < 0 and last["No"]["significant"]


BPS_CSV = """\
variabel;kategori;jumlah
jenis_kelamin;Laki-laki;170.415
jenis_kelamin;Perempuan;174.535
kecamatan;Harjamukti;119.520
kecamatan;Kejaksan;46.271
kecamatan;Lemahwungkuk;179.159
"""


def test_margins_in_indonesian_formats() -> None:
    targets = read_margins(BPS_CSV.encode("cp1252"), "bps.csv")
    assert targets["jenis_kelamin"] == {"Laki-laki": 170415.0, "Perempuan": 174535.0}
    assert sum(targets["kecamatan"].values()) == 344950.0
    shares = read_margins(b"variable,category,target\nsex,L,0.490\nsex,P,0.510\n", "s.csv")
    assert shares == {"sex": {"L": 0.49, "P": 0.51}}
    comma = read_margins(b"variabel;kategori;target\nsex;L;0,49\nsex;P;0,51\n", "c.csv")
    assert comma == shares
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Variabel", "Kategori", "Target"], ["sex", "L", 490], ["sex", "P", 510]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_margins(buffer.getvalue(), "bps.xlsx") == {"sex": {"L": 490.0, "P": 510.0}}
    assert margins_from_frame(margins_frame(targets)) == targets


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("variabel;kategori\nsex;L\n", "bps.csv: the column 'target' is missing"),
        ("variabel;kategori;target\nsex;L;banyak\n", r"margins row 2 \(sex = L\): 'banyak'"),
        ("variabel;kategori;target\nsex;L;10\nsex;L;12\n", "row 3: sex = L is given twice"),
        ("variabel;kategori;target\n;L;10\n", "row 2: both variabel and kategori"),
    ],
)
def test_bad_margins_name_the_row(text: str, message: str) -> None:
    with pytest.raises(RakeError, match=message):
        read_margins(text.encode(), "bps.csv")


def test_raked_weights_are_stored_with_the_wave(db: Database) -> None:
    file = read_responses(GOOGLE_FORMS.encode(), "f.csv")
    poll = import_new_poll(
        db, file, infer_codebook(file), title="T", unit="cirebon-diskominfo", created_by="pemantau"
    )
    frame = responses(db, poll)
    targets = read_margins(BPS_CSV.encode(), "bps.csv")
    result = rake(frame, targets)
    assert result.converged
    save_weights(db, poll, 1, frame["respondent"], result, targets, created_by="pemantau")
    again = with_raked_weights(db, poll, responses(db, poll))
    assert again[RAKED].to_numpy() == pytest.approx(result.weights.to_numpy())
    women = again.loc[again["jenis_kelamin"] == "Perempuan", RAKED].sum()
    assert women == pytest.approx(174535.0, rel=1e-6)
    stored = weightings(db, poll)
    assert list(stored["wave"]) == [1] and '"converged": true' in stored["diagnostics"][0]
    save_weights(db, poll, 1, frame["respondent"], result, targets, created_by="pemantau")
    assert db.query("SELECT count(*) FROM poll_weights")[0][0] == len(frame)
    with pytest.raises(RakeError, match="needs its respondent"):
        save_weights(db, poll, 1, frame["respondent"][:2], result, targets, created_by="x")


def test_empty_interior_cells_still_give_a_test(apistrat: pd.DataFrame) -> None:
    """High schools report no K-3 class size: whole cells of class size × school type are empty."""
    data = apistrat.assign(k3=apistrat["acs.k3"].fillna(-1).astype(int).astype(str))
    tab = explore(Design(data, weights="pw", strata="stype", fpc="fpc"), "k3", "stype")
    assert (tab.table["n"] == 0).any()
    assert math.isfinite(tab.f) and tab.ndf > 1 and tab.p < 1e-6
