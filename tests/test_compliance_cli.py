"""``lentera compliance`` on a demo database made by ``lentera demo``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from analytics.compliance import compliance
from workflows.cli import main
from workflows.db import Database

NOW = "2026-11-20T10:00+07:00"


@pytest.fixture
def demo_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(path), "--records", "60", "--seed", "3"]) == 0
    capsys.readouterr()
    return path


def test_json_matches_the_library(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compliance", "--db", str(demo_path), "--json", "--now", NOW]) == 0
    report = json.loads(capsys.readouterr().out)
    db = Database(demo_path)
    expected = compliance(db, ("sop_id", "step"), now=datetime.fromisoformat(NOW))
    db.close()
    rows = [(sop["sop_id"], step) for sop in report for step in sop["steps"]]
    assert len(rows) == len(expected) > 0
    by_key = expected.set_index(["sop_id", "step"])
    for sop_id, step in rows:
        row = by_key.loc[(sop_id, step["step"])]
        assert step["n"] == row["n"]
        assert step["median_working_minutes"] == pytest.approx(row["median_minutes"], abs=1e-4)
        assert step["p90_working_minutes"] == pytest.approx(row["p90_minutes"], abs=1e-4)
        if step["compliance_rate"] is None:
            assert row["judged"] == 0
        else:
            assert step["compliance_rate"] == pytest.approx(row["compliance_rate"], abs=1e-4)
    serang = [sop for sop in report if sop["sop_id"] == "serang-uji-konsekuensi"]
    assert not serang or serang[0]["steps"][0]["standard"] == "10 (sepuluh) hari kerja"


def test_text_output_is_indonesian(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compliance", "--db", str(demo_path), "--sop", "cirebon-polling"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cirebon-polling (Pengumpulan Pendapat Umum (Polling))")
    assert "kepatuhan" in out and "5 menit" in out and "%" in out


def test_bad_now_is_one_sentence(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compliance", "--db", str(demo_path), "--now", "2026-11-20"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lentera: --now '2026-11-20' needs a UTC offset")
