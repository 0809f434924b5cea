"""``lentera poll ...`` in-process on real files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analytics.polling import Design
from workflows.cli import main
from workflows.db import Database
from workflows.fmt import format_number

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_and_codebook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "l.duckdb")
    source = str(SAMPLES / "apistrat.csv")
    code, out, _ = run(
        capsys, "poll", "import", source, "--title", "API", "--unit", "u", "--db", db
    )
    assert code == 0
    assert out.startswith("poll 1, wave 1: 200 respondents from apistrat.csv")
    assert "utf-8, separator ','" in out
    code, out, _ = run(capsys, "poll", "import", source, "--poll", "1", "--db", db)
    assert code == 0 and out.startswith("poll 1, wave 2: 200 respondents")
    code, out, _ = run(capsys, "poll", "list", "--db", db)
    assert out.split("\t")[:5] == ["1", "API", "u", "2 waves", "400 respondents"]
    code, out, _ = run(capsys, "poll", "codebook", "--poll", "1", "--db", db)
    assert "stype\tsingle\tstype\tE | H | M" in out.splitlines()
    database = Database(db)
    assert database.query("SELECT count(DISTINCT respondent) FROM poll_answers")[0][0] == 200


def test_import_errors_are_one_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a;b\n1;2\n3;4;5\n")
    code, _, err = run(
        capsys,
        "poll",
        "import",
        str(bad),
        "--title",
        "X",
        "--unit",
        "u",
        "--db",
        str(tmp_path / "l.duckdb"),
    )
    assert code == 2
    assert err == (
        "lentera: bad.csv, row 3: 3 fields but the header has 2 "
        "(a separator or quote inside a value?)\n"
    )
    code, _, err = run(
        capsys, "poll", "codebook", "--poll", "7", "--db", str(tmp_path / "l.duckdb")
    )
    assert (code, err) == (2, "lentera: there is no poll 7\n")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "IKM 78,74 (B, Baik); 49 responden, bobot 1/9 (tepat), metode 2017\n"),
        (("--weight", "rounded"), "IKM 78,66 (B, Baik); 49 responden, bobot 0,111 (dibulatkan)"),
    ],
)
def test_ikm(capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str) -> None:
    code, out, _ = run(capsys, "poll", "ikm", str(SAMPLES / "skm_sekadau_2019_s1.csv"), *args)
    assert code == 0 and out.startswith(expected)


def test_sample_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "poll", "sample-size", "1000")[:2] == (0, "278\n")


def test_rake_to_population_counts_then_export_the_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Raking apistrat to the population count of each school type (its fpc column) gives back
    the design weights pw = N_h / n_h; the report then uses them."""
    db = str(tmp_path / "l.duckdb")
    data = pd.read_csv(SAMPLES / "apistrat.csv")
    counts = data.groupby("stype")["fpc"].first()
    margins = tmp_path / "populasi.csv"
    margins.write_text(
        "variabel;kategori;target\n"
        + "".join(f"stype;{k};{format_number(float(v))}\n" for k, v in counts.items()),
        encoding="utf-8",
    )
    run(
        capsys,
        "poll",
        "import",
        str(SAMPLES / "apistrat.csv"),
        "--title",
        "API",
        "--unit",
        "u",
        "--db",
        db,
    )
    code, out, _ = run(capsys, "poll", "rake", "1", "--margins", str(margins), "--db", db)
    assert code == 0 and out.startswith("poll 1, wave 1: 200 weights stored; 1 iterations")
    database = Database(db)
    stored = database.query("SELECT weight FROM poll_weights ORDER BY respondent")
    database.close()
    n_h = data.groupby("stype")["stype"].transform("size")
    assert [w for (w,) in stored] == pytest.approx((data["fpc"] / n_h).tolist(), rel=1e-9)
    assert [w for (w,) in stored] == pytest.approx(data["pw"].tolist(), rel=1e-7)  # pw is float32
    out_dir = tmp_path / "laporan"
    code, out, _ = run(
        capsys,
        "poll",
        "report",
        "1",
        "--out",
        str(out_dir),
        "--banner",
        "stype",
        "--raked",
        "--db",
        db,
    )
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "laporan-polling-1.csv",
        "laporan-polling-1.pdf",
        "laporan-polling-1.xlsx",
    ]
    tidy = pd.read_csv(out_dir / "laporan-polling-1.csv", encoding="utf-8-sig")
    expected = Design(data.assign(w=data["fpc"] / n_h), weights="w").proportion("sch.wide", "Yes")
    (share,) = tidy.loc[
        (tidy["tabel"] == "topline") & (tidy["kode"] == "sch_wide") & (tidy["pilihan"] == "Yes"),
        "persen",
    ]
    assert share == pytest.approx(100 * expected.estimate, rel=1e-9)
    english = tmp_path / "report"
    run(capsys, "poll", "report", "1", "--out", str(english), "--lang", "en", "--db", db)
    assert "pct" in pd.read_csv(english / "laporan-polling-1.csv", encoding="utf-8-sig").columns
    assert load_workbook(english / "laporan-polling-1.xlsx").sheetnames[:2] == [
        "summary",
        "topline",
    ]
    code, _, err = run(capsys, "poll", "report", "9", "--out", str(out_dir), "--db", db)
    assert (code, err) == (2, "lentera: there is no poll 9\n")
