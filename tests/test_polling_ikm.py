"""IKM on real SKM answers (Kab. Sekadau, semester I 2019) and the Krejcie–Morgan size."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.polling import ikm, ikm_by_unit, krejcie_morgan
from analytics.polling.errors import IkmError

SKM = Path(__file__).resolve().parent.parent / "data" / "samples" / "skm_sekadau_2019_s1.csv"
UNSUR = [f"U{i}" for i in range(1, 10)]


@pytest.fixture(scope="module")
def sekadau() -> pd.DataFrame:
    return pd.read_csv(SKM)


def test_sekadau_published_index(sekadau: pd.DataFrame) -> None:
    result = ikm(sekadau)
    assert (result.ikm, result.mutu, result.kinerja) == (78.74, "B", "Baik")
    assert result.respondents == 49 and result.weight == pytest.approx(1 / 9)
    pd.testing.assert_series_equal(
        result.nrr, sekadau[UNSUR].mean().rename_axis("unsur"), check_names=False
    )
    assert result.unsur["nilai"].tolist() == (sekadau[UNSUR].mean() * 25).round(2).tolist()


def test_rounded_weight_is_used_and_reported(sekadau: pd.DataFrame) -> None:
    result = ikm(sekadau, weight="rounded")
    assert (result.weight_name, result.weight) == ("rounded", 0.111)
    assert result.ikm == round(float(sekadau[UNSUR].mean().sum() * 0.111 * 25), 2)
    assert result.ikm < ikm(sekadau).ikm


def test_nrr_list_gives_the_same_index(sekadau: pd.DataFrame) -> None:
    from_rows = ikm(sekadau)
    from_nrr = ikm(from_rows.nrr.tolist())
    assert (from_nrr.ikm, from_nrr.mutu, from_nrr.respondents) == (from_rows.ikm, "B", 0)


def test_unsur_order_is_explicit(sekadau: pd.DataFrame) -> None:
    swapped = sekadau.rename(columns={"U8": "U9", "U9": "U8"})
    order = ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U9", "U8"]
    result = ikm(swapped, unsur=order)
    assert result.unsur["unsur"].tolist() == order
    assert result.nrr["U9"] == pytest.approx(sekadau["U8"].mean())


@pytest.mark.parametrize(
    ("method", "nrr", "mutu"),
    [
        ("2017", 2.5996, "D"),  # 64,99
        ("2017", 2.6, "C"),  # 65,00
        ("2017", 3.064, "C"),  # 76,60
        ("2017", 3.0644, "B"),  # 76,61
        ("2017", 3.532, "B"),  # 88,30
        ("2017", 3.5324, "A"),  # 88,31
        ("2004", 1.75, "D"),  # 43,75
        ("2004", 1.7504, "C"),  # 43,76
        ("2004", 3.25, "B"),  # 81,25
        ("2004", 3.2504, "A"),  # 81,26
    ],
)
def test_category_boundaries(method: str, nrr: float, mutu: str) -> None:
    count = 9 if method == "2017" else 14
    result = ikm([nrr] * count, method=method)  # type: ignore[arg-type]
    assert result.mutu == mutu
    assert set(result.unsur["mutu"]) == {mutu}


def test_2004_method_on_fourteen_columns(sekadau: pd.DataFrame) -> None:
    wide = sekadau[UNSUR].join(
        sekadau[UNSUR[:5]].set_axis([f"U{i}" for i in range(10, 15)], axis=1)
    )
    result = ikm(wide, method="2004", weight="rounded")
    assert result.weight == 0.071 and len(result.unsur) == 14
    assert result.ikm == round(float(wide.mean().sum() * 0.071 * 25), 2)


def test_per_service_unit(sekadau: pd.DataFrame) -> None:
    data = sekadau.assign(unit=["Dukcapil" if i % 2 else "DPMPTSP" for i in range(len(sekadau))])
    results = ikm_by_unit(data, "unit")
    assert list(results) == ["DPMPTSP", "Dukcapil"]
    for name, result in results.items():
        alone = ikm(data[data["unit"] == name])
        assert result.ikm == alone.ikm and result.respondents == len(data[data["unit"] == name])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"U3": {4: 5}}, r"row 5, column 'U3': 5 is not a score"),
        ({"U1": {0: "baik"}}, r"row 1, column 'U1': 'baik' is not a score"),
    ],
)
def test_bad_scores_name_row_and_column(
    sekadau: pd.DataFrame, change: dict[str, dict[int, int | str]], message: str
) -> None:
    data = sekadau.astype(object)
    for column, cells in change.items():
        for row, value in cells.items():
            data.at[row, column] = value
    with pytest.raises(IkmError, match=message):
        ikm(data)


def test_wrong_unsur_count(sekadau: pd.DataFrame) -> None:
    with pytest.raises(IkmError, match="the 2017 method has 9 unsur, but 8"):
        ikm(sekadau, unsur=UNSUR[:8])
    with pytest.raises(IkmError, match="no column for unsur U10"):
        ikm(sekadau, method="2004")


@pytest.mark.parametrize(
    ("population", "size"),
    # Krejcie & Morgan (1970), Table 1
    [(10, 10), (50, 44), (100, 80), (500, 217), (1000, 278), (10_000, 370), (1_000_000, 384)],
)
def test_krejcie_morgan_table(population: int, size: int) -> None:
    assert krejcie_morgan(population) == size
