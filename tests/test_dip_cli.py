"""``lentera dip`` commands in-process on real files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.dip.corpus import load_corpus
from workflows.cli import main

AGENCY = "Dinas Perdagangan Kota Balikpapan"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_queue_and_a_refused_second_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = load_corpus()
    items = corpus[corpus["agency"] == AGENCY]
    table = pd.DataFrame({"Nomor": range(1, len(items) + 1), "Judul": items["text"].to_numpy()})
    path = tmp_path / "dip.csv"
    table.to_csv(path, index=False, sep=";")
    db = str(tmp_path / "x.duckdb")
    code, out, _ = run(capsys, "dip", "import", str(path), "--agency", AGENCY, "--user", "ppid",
                       "--db", db)  # fmt: skip
    assert code == 0 and out.startswith(f"dip.csv: {len(items)} items of {AGENCY} imported")
    assert out.strip().endswith(
        "no model version yet: `lentera dip retrain --user NAME` suggests them"
    )
    code, out, err = run(capsys, "dip", "import", str(path), "--agency", AGENCY, "--user", "ppid",
                         "--db", db)  # fmt: skip
    assert code == 2 and out == "" and "repeat items" in err and "Traceback" not in err
    code, out, _ = run(capsys, "dip", "queue", "--db", db)
    assert code == 0 and out.strip().endswith("0 item(s) shown")


def test_retrain_then_versions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    code, out, _ = run(capsys, "dip", "versions", "--db", db)
    assert code == 0 and out.startswith("no model version yet: `lentera dip retrain")
    code, out, _ = run(capsys, "dip", "retrain", "--user", "ppid", "--db", db)
    assert code == 0 and out.startswith("model version 1: 1396 corpus items + 0 reviewed;")
    code, out, _ = run(capsys, "dip", "versions", "--db", db)
    line = out.strip()
    assert code == 0 and line.startswith("v1\t") and "\tppid\t0 reviewed\tmacro-F1 0," in line


def test_evaluate_quick_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dip", "evaluate", "--quick")
    assert code == 0
    assert "cold start, category: macro-F1 0," in out
    assert "correction rate, baseline:" in out and "GroupKFold(3) on agency" in out


def test_evaluate_in_another_review_order(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "dip", "evaluate", "--quick", "--order", "cold-most")
    assert code == 0
    assert "most confident first in an agency's first batch, then least confident first" in out
    with pytest.raises(SystemExit):
        run(capsys, "dip", "evaluate", "--order", "random")
