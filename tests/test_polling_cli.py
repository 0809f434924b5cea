"""``lentera poll ...`` in-process on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflows.cli import main
from workflows.db import Database

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
    code, _, err = run(capsys, "poll", "import", str(bad), "--title", "X", "--unit", "u",
                       "--db", str(tmp_path / "l.duckdb"))  # fmt: skip
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
