"""The SKM dashboard on the real Sekadau 2019 answers: per unit and unsur, methods and weights,
sample sizes, the chart per unit, and the IKM page through AppTest over a real DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.polling import ikm
from analytics.polling.codebook import infer_codebook
from analytics.polling.errors import IkmError
from analytics.polling.reader import read_responses
from analytics.polling.skm import WHOLE, dashboard, sample_sizes, unsur_chart, unsur_columns
from analytics.polling.store import import_new_poll, responses
from tests.test_app import APP, log_in, seed_database
from ui.db import DB_ENV
from workflows.db import Database

SKM = Path(__file__).resolve().parent.parent / "data" / "samples" / "skm_sekadau_2019_s1.csv"
UNSUR = [f"U{i}" for i in range(1, 10)]


@pytest.fixture
def skm() -> pd.DataFrame:
    return pd.read_csv(SKM)


def test_unsur_columns_are_found_in_number_order() -> None:
    assert unsur_columns(["responden", "u3", "u1", "u2", *[f"u{i}" for i in range(4, 10)]]) == [
        f"u{i}" for i in range(1, 10)
    ]
    assert unsur_columns(["Unsur 1", "Unsur 2"]) == []
    assert unsur_columns(UNSUR, "2004") == []


def test_one_unit_matches_the_published_index(skm: pd.DataFrame) -> None:
    board = dashboard(skm, UNSUR)
    assert board.units.to_dict("records") == [
        {"unit": WHOLE, "respondents": 49, "ikm": 78.74, "mutu": "B", "kinerja": "Baik"}
    ]
    assert list(board.unsur["unsur"]) == UNSUR
    assert board.unsur["nrr"].tolist() == pytest.approx(skm[UNSUR].mean().tolist())
    assert board.unsur["nrr_tertimbang"].sum() * 25 == pytest.approx(78.74, abs=0.005)


def test_units_split_the_respondents(skm: pd.DataFrame) -> None:
    skm["loket"] = ["Loket A" if r <= 20 else "Loket B" for r in skm["responden"]]
    board = dashboard(skm, UNSUR, unit="loket", weight="rounded")
    assert board.weight == 0.111
    assert board.units["unit"].tolist() == ["Loket A", "Loket B"]
    assert board.units["respondents"].tolist() == [20, 29]
    for name, rows in skm.groupby("loket"):
        expected = ikm(rows, weight="rounded", unsur=UNSUR)
        got = board.units.set_index("unit").loc[name]
        assert (got["ikm"], got["mutu"]) == (expected.ikm, expected.mutu)
        unsur = board.unsur[board.unsur["unit"] == name]
        assert unsur["nilai"].tolist() == expected.unsur["nilai"].tolist()
    assert len(board.unsur) == 18


def test_the_2004_method_needs_14_unsur(skm: pd.DataFrame) -> None:
    with pytest.raises(IkmError, match="the 2004 method has 14 unsur, but 9 were given"):
        dashboard(skm, UNSUR, method="2004")
    with pytest.raises(IkmError, match="'loket' is not in the data"):
        dashboard(skm, UNSUR, unit="loket")


def test_likert_text_columns_from_a_stored_poll_give_the_same_index(db: Database) -> None:
    file = read_responses(SKM.read_bytes(), SKM.name)
    poll = import_new_poll(db, file, infer_codebook(file), title="SKM", unit="u", created_by="a")
    frame = responses(db, poll)
    assert isinstance(frame["u1"].dtype, pd.CategoricalDtype)
    board = dashboard(frame, unsur_columns(list(frame.columns)))
    assert board.units.loc[0, "ikm"] == 78.74


def test_sample_sizes_against_responses(skm: pd.DataFrame) -> None:
    skm["loket"] = ["Loket A" if r <= 20 else "Loket B" for r in skm["responden"]]
    board = dashboard(skm, UNSUR, unit="loket")
    sizes = sample_sizes(board.units, {"Loket A": 1000, "Loket B": 25})
    assert sizes["needed"].tolist() == [278, 24]
    assert sizes["shortfall"].tolist() == [258, 0]
    unknown = sample_sizes(board.units, {"Loket A": 1000})
    assert unknown["needed"].isna().tolist() == [False, True]
    assert unknown["shortfall"].isna().tolist() == [False, True]


def test_chart_per_unit(skm: pd.DataFrame) -> None:
    board = dashboard(skm, UNSUR)
    spec = unsur_chart(board, WHOLE).to_dict()
    bars, rule = spec["layer"]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["y"]["field"] == "nilai"
    assert bars["encoding"]["color"]["scale"]["domain"] == ["A", "B", "C", "D"]
    assert rule["mark"]["type"] == "rule"
    assert spec["title"] == f"{WHOLE}: IKM 78,74"
    with pytest.raises(IkmError, match="no unit 'Loket Z'"):
        unsur_chart(board, "Loket Z")


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    db = Database(path)
    try:
        file = read_responses(SKM.read_bytes(), SKM.name)
        import_new_poll(db, file, infer_codebook(file), title="SKM Sekadau 2019 S1",
                        unit="cirebon-diskominfo", created_by="pemantau")  # fmt: skip
    finally:
        db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    return path


def test_ikm_page(db_file: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    log_in(at, "pemantau")
    at.switch_page("pages/ikm.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect[0].value == [f"u{i}" for i in range(1, 10)]
    units = at.dataframe[0].value
    assert units.iloc[0].tolist() == ["(semua)", 49, "78,74", "B", "Baik"]
    assert at.caption[0].value == "Bobot tiap unsur: 1/9 (tepat, ≈ 0,111)."
    unsur = at.dataframe[1].value
    assert list(unsur.columns) == ["Unsur", "NRR", "NRR tertimbang", "NRR × 25", "Mutu", "Kinerja"]
    (chart,) = at.get("vega_lite_chart")
    assert json.loads(chart.proto.spec)["title"] == "(semua): IKM 78,74"

    at.radio[1].set_value("rounded").run()
    assert at.caption[0].value == "Bobot tiap unsur: 0,111 (dibulatkan)."
    at.session_state["ikm_population_1_None"] = {
        "edited_rows": {0: {"population": 1000}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    sample = at.dataframe[-1].value
    assert sample.iloc[0].tolist() == ["(semua)", "49", "1.000", "278", "229"]

    at.radio[0].set_value("2004").run()
    assert [e.value for e in at.error] == [
        "Tindakan gagal: the 2004 method has 14 unsur, but 0 were given"
    ]


def test_ikm_page_per_service_unit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lentera.duckdb"
    seed_database(path)
    skm = pd.read_csv(SKM)
    skm.insert(1, "Loket", ["Loket A" if r <= 20 else "Loket B" for r in skm["responden"]])
    db = Database(path)
    try:
        file = read_responses(skm.to_csv(index=False).encode(), "skm_loket.csv")
        import_new_poll(db, file, infer_codebook(file), title="SKM per loket",
                        unit="cirebon-diskominfo", created_by="pemantau")  # fmt: skip
    finally:
        db.close()
    monkeypatch.setenv(DB_ENV, str(path))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    log_in(at, "pemantau")
    at.switch_page("pages/ikm.py").run()
    at.selectbox[1].set_value("loket").run()
    assert not at.exception and not at.error
    expected = {name: ikm(rows, unsur=UNSUR) for name, rows in skm.groupby("Loket")}
    units = at.dataframe[0].value
    assert units["Unit"].tolist() == ["Loket A", "Loket B"]
    assert units["IKM"].tolist() == [
        f"{expected[name].ikm:.2f}".replace(".", ",") for name in ["Loket A", "Loket B"]
    ]
    titles = [json.loads(chart.proto.spec)["title"] for chart in at.get("vega_lite_chart")]
    assert [title.split(":")[0] for title in titles] == ["Loket A", "Loket B"]
    at.session_state["ikm_population_1_loket"] = {
        "edited_rows": {1: {"population": 40}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    sample = at.dataframe[-1].value
    assert sample.to_dict("records")[1] == {
        "Unit": "Loket B", "Responden": "29", "Populasi": "40", "Sampel minimal": "36",
        "Kekurangan": "7",
    }  # fmt: skip
    assert sample.to_dict("records")[0]["Sampel minimal"] == ""
