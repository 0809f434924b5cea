"""``lentera unit ...`` and ``lentera admin ...`` run in-process on real database files."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, POLLING_UNIT
from tests.test_cli import run
from workflows.admin_cli import cli_actor
from workflows.admin_log import recent
from workflows.db import Database
from workflows.registry import sync_shipped
from workflows.units import list_overrides, list_units
from workflows.users import Grant, add_user, all_users


@pytest.fixture
def closed_db(tmp_path: Path) -> Path:
    """A database file with the shipped units, an admin and a Kasi, closed for the CLI."""
    path = tmp_path / "cli.duckdb"
    db = Database(path)
    sync_shipped(db)
    add_user(db, "admin", "Admin", PASSWORD, (Grant("admin"),))
    add_user(db, "kasi", "Kasi", PASSWORD, (Grant("kasi_pengelolaan_opini_publik", POLLING_UNIT),))
    db.close()
    return path


def test_unit_list_and_set(capsys: pytest.CaptureFixture[str], closed_db: Path) -> None:
    db = str(closed_db)
    code, out, _ = run(capsys, "unit", "list", "--db", db)
    assert code == 0 and f"{POLLING_UNIT}  WIB  cuti bersama libur  0 override(s)" in out
    assert "    jumat   07:30-11:30, 13:00-16:30" in out
    code, out, _ = run(capsys, "unit", "set", POLLING_UNIT, "--zone", "WITA", "--cuti-bersama",
                       "kerja", "--hours", "sabtu", "08:00-12:00", "--db", db)  # fmt: skip
    assert code == 0 and out == f"{POLLING_UNIT}: unit.zone, unit.weekly, unit.cuti_bersama\n"
    code, out, _ = run(capsys, "unit", "set", POLLING_UNIT, "--zone", "WITA", "--db", db)
    assert code == 0 and out == f"{POLLING_UNIT}: nothing changed\n"
    code, out, err = run(capsys, "unit", "set", POLLING_UNIT, "--hours", "kamis",
                         "13:00-16:00, 07:30-12:00", "--zone", "WIB", "--db", db)  # fmt: skip
    assert code == 2 and out == ""
    assert err.startswith("lentera: kamis: windows must be sorted and must not overlap")
    code, _, err = run(capsys, "unit", "set", POLLING_UNIT, "--hours", "hari", "-", "--db", db)
    assert code == 2 and "'hari' is not a weekday" in err
    opened = Database(closed_db)
    unit = {u.id: u for u in list_units(opened)}[POLLING_UNIT]
    assert (unit.zone, unit.count_cuti_bersama) == ("Asia/Makassar", False)
    assert unit.weekly[5] == ((time(8), time(12)),)
    assert {a.actor for a in recent(opened, target=POLLING_UNIT)} == {cli_actor()}
    opened.close()


def test_unit_override_and_days(capsys: pytest.CaptureFixture[str], closed_db: Path) -> None:
    db = str(closed_db)
    code, out, _ = run(capsys, "unit", "override", POLLING_UNIT, "2025-03-26",
                       "--note", "Hari jadi kota", "--db", db)  # fmt: skip
    assert code == 0 and out == f"{POLLING_UNIT}: 2025-03-26 set to -\n"
    code, out, _ = run(capsys, "unit", "days", POLLING_UNIT, "--from", "2025-03-24",
                       "--days", "5", "--db", db)  # fmt: skip
    lines = out.splitlines()
    assert code == 0 and len(lines) == 5
    assert lines[0].split() == ["24", "Mar", "2025", "senin", "07:30-12:00,", "13:00-16:00",
                                "7.5", "h"]  # fmt: skip
    assert lines[2].endswith("0.0 h  Hari jadi kota")
    assert lines[4].endswith("0.0 h  Cuti Bersama Hari Suci Nyepi")
    code, out, _ = run(capsys, "unit", "override", POLLING_UNIT, "2025-03-26", "--remove",
                       "--db", db)  # fmt: skip
    assert code == 0 and "removed" in out
    code, _, err = run(capsys, "unit", "override", POLLING_UNIT, "2025-03-26", "--remove",
                       "--db", db)  # fmt: skip
    assert code == 2 and err == f"lentera: unit '{POLLING_UNIT}' has no override on 2025-03-26\n"
    opened = Database(closed_db)
    assert list_overrides(opened, POLLING_UNIT) == []
    opened.close()


def test_admin_users_activation_sso_and_log(
    capsys: pytest.CaptureFixture[str], closed_db: Path
) -> None:
    db = str(closed_db)
    assert run(capsys, "admin", "deactivate", "kasi", "--db", db)[:2] == (0, "kasi deactivated\n")
    code, _, err = run(capsys, "admin", "deactivate", "admin", "--db", db)
    assert code == 2 and "'admin' is the last active administrator" in err
    assert run(capsys, "admin", "activate", "kasi", "--db", db)[0] == 0
    code, out, _ = run(capsys, "admin", "link", "kasi", "Budi@Cirebonkota.go.id", "--db", db)
    assert code == 0 and out == "budi@cirebonkota.go.id now logs in as kasi\n"
    code, out, _ = run(capsys, "admin", "users", "--db", db)
    assert out.splitlines() == [
        "admin  active  admin@*",
        f"kasi  active  kasi_pengelolaan_opini_publik@{POLLING_UNIT}  sso: budi@cirebonkota.go.id",
    ]
    assert run(capsys, "admin", "unlink", "budi@cirebonkota.go.id", "--db", db)[0] == 0
    code, out, _ = run(capsys, "admin", "log", "--target", "kasi", "--limit", "3", "--db", db)
    actions = [line.split("  ")[2] for line in out.splitlines()]
    assert code == 0 and actions == ["user.sso_unlink", "user.sso_link", "user.activate"]
    opened = Database(closed_db)
    assert [u.active for u in all_users(opened)] == [True, True]
    opened.close()


def test_unit_days_defaults_to_today(capsys: pytest.CaptureFixture[str], closed_db: Path) -> None:
    code, out, _ = run(capsys, "unit", "days", POLLING_UNIT, "--db", str(closed_db))
    lines = out.splitlines()
    assert code == 0 and len(lines) == 14
    today = date.today()
    assert lines[0].startswith(f"{today.day} ")
