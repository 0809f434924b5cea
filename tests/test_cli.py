"""The ``lentera`` command line, run in-process on real files."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from workflows.cli import main
from workflows.db import MIGRATIONS, Database

ROOT = Path(__file__).resolve().parent.parent
SOPS = sorted((ROOT / "workflows" / "definitions" / "sop").glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--working-days", "10"), "2025-04-16T16:00:00+07:00  (16 Apr 2025 16:00 WIB)"),
        (("--working-days", "10", "--no-cuti-bersama"), "2025-04-09T16:00:00+07:00"),
        (("--standard", "10 (sepuluh) hari kerja"), "2025-04-16T16:00:00+07:00"),
        (("--working-minutes", "30"), "2025-03-24T08:30:00+07:00"),
        (("--standard", "1 bulan"), "2025-04-24T16:00:00+07:00"),
    ],
)
def test_calendar_add(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], expected: str
) -> None:
    code, out, _ = run(capsys, "calendar", "add", "--from", "2025-03-24T08:00+07:00", *args)
    assert code == 0 and out.startswith(expected)


def test_calendar_add_extension_and_between(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "calendar", "add", "--from", "2025-04-16T16:00+07:00",
                    "--working-days", "7")  # fmt: skip
    assert out.startswith("2025-04-28T16:00:00+07:00")
    _, out, _ = run(capsys, "calendar", "between", "--from", "2025-03-24T08:00+07:00",
                    "--to", "2025-03-24T13:30+07:00")  # fmt: skip
    assert json.loads(out) == {"working_minutes": 270.0, "working_days": 0}


@pytest.mark.parametrize("bad", ["2025-03-24T08:00", "kemarin"])
def test_calendar_add_rejects_unclear_instants(
    capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code, out, err = run(capsys, "calendar", "add", "--from", bad, "--working-days", "1")
    assert code == 2 and out == "" and err.startswith("lentera: ") and "Traceback" not in err


def test_sop_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "sop", "validate", *map(str, SOPS))
    assert code == 0 and out.count(": OK (") == 6
    broken = tmp_path / "rusak.yaml"
    broken.write_text("id: Rusak\nunit: x1\n", encoding="utf-8")
    code, _, err = run(capsys, "sop", "validate", str(SOPS[0]), str(broken))
    assert code == 1
    assert f"{broken}:1: 'id' must be lower-case" in err
    assert f"{broken}:1: 'identitas' is required" in err


def test_sop_export_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sop", "export", "--json")
    sops = {sop["id"]: sop for sop in json.loads(out)}
    assert code == 0 and len(sops) == 6
    step4 = sops["cirebon-polling"]["steps"][3]
    assert step4["role"] == "kabid_pengelolaan_informasi_publik"
    assert (step4["standard_raw"], step4["standard_minutes"]) == ("5menit", 5)
    assert step4["decision"] == {"ya": "5", "tidak": "3"}
    serang = [s["standard_working_days"] for s in sops["serang-uji-konsekuensi"]["steps"]]
    assert serang == [10, 10, 7, 30, 3, 10]


def test_demo_users_and_audit(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "demo.duckdb"
    code, out, _ = run(capsys, "demo", "--db", str(db_path), "--records", "12", "--seed", "3")
    assert code == 0 and "12 records" in out
    code, out, _ = run(capsys, "audit", "verify", "--db", str(db_path))
    assert code == 0 and "audit chain intact" in out
    code, _, err = run(capsys, "demo", "--db", str(db_path))
    assert code == 2 and "already has users" in err
    monkeypatch.setattr("sys.stdin", io.StringIO("sangat-rahasia\n"))
    grant = "ppid_utama@serang-ppid"
    code, out, _ = run(capsys, "user", "add", "siti", "--name", "Siti", "--role", grant,
                       "--password-stdin", "--db", str(db_path))  # fmt: skip
    assert code == 0 and "1 role(s)" in out
    code, _, err = run(
        capsys, "user", "roles", "siti", "--role", "bukan_peran", "--db", str(db_path)
    )
    assert code == 2 and "unknown role" in err
    db = Database(db_path)
    assert db.query("SELECT role, unit FROM user_roles WHERE username = 'siti'") == [
        ("ppid_utama", "serang-ppid")
    ]
    db.close()


def test_init_is_idempotent_and_creates_no_password_by_itself(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LENTERA_ADMIN_PASSWORD", raising=False)
    db_path = tmp_path / "init.duckdb"
    for _ in range(2):
        code, out, _ = run(capsys, "init", "--db", str(db_path))
        latest = MIGRATIONS[-1][0]
        assert code == 0 and f"schema version {latest}, 6 SOPs" in out and "no users yet" in out
    monkeypatch.setenv("LENTERA_ADMIN_PASSWORD", "admin-rahasia")
    _, out, _ = run(capsys, "init", "--db", str(db_path))
    assert "first admin 'admin' created" in out


def _commands(parser_help: str) -> set[str]:
    return set(re.findall(r"^    (\w+)\s", parser_help, flags=re.MULTILINE))


def test_every_command_has_help_and_is_in_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["--help"])
    top = _commands(capsys.readouterr().out)
    assert {"init", "demo", "sop", "calendar", "audit", "user"} <= top
    for command in sorted(top):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        subcommands = _commands(capsys.readouterr().out) or {""}
        for sub in subcommands:
            assert f"lentera {command} {sub}".strip() in readme, f"README misses {command} {sub}"
