"""Uploading SOPs and revisions on real database files: permissions, validation, versions."""

from __future__ import annotations

import dataclasses
import re

import pytest

from workflows.catalog import role_catalog, shipped_sop
from workflows.db import Database
from workflows.engine import Engine
from workflows.errors import NotFound, RoleNotAllowed
from workflows.sop_file import SopValidationError
from workflows.sop_upload import (
    MAX_UPLOAD_BYTES,
    manager_units,
    may_manage_sops,
    sop_versions,
    upload_sop,
)
from workflows.users import User, get_user

POLLING = "cirebon-polling"


def revised_polling() -> str:
    """The shipped polling SOP without its step 2: step 1 now leads straight to step 3."""
    source = shipped_sop(POLLING).source
    revised, removed = re.subn(r"  - langkah: 2\n(    .*\n)+", "", source)
    assert removed == 1
    return revised.replace(
        "  tanggal_pembuatan: 2018-01-02\n",
        "  tanggal_pembuatan: 2018-01-02\n  tanggal_revisi: 2026-11-20\n",
    )


def stored_rows(db: Database) -> list[tuple[object, ...]]:
    return db.query("SELECT sop_id, version, created_by FROM sop_versions ORDER BY ALL")


@pytest.fixture
def admin(db: Database, polling_users: dict[str, str]) -> User:
    return get_user(db, "admin")


def test_the_role_catalog_says_who_manages_sops() -> None:
    managers = sorted(role.id for role in role_catalog().values() if role.manages_sops)
    assert managers == ["admin"]


def test_a_revision_becomes_the_next_version_and_running_records_keep_theirs(
    db: Database, engine: Engine, admin: User
) -> None:
    running = engine.start("pemantau", POLLING, "Polling sebelum revisi")
    uploaded = upload_sop(db, admin, revised_polling().encode(), "polling-rev.yaml")
    assert (uploaded.version, uploaded.created) == (2, True)
    assert [s.no for s in uploaded.sop.steps] == ["1", "3", "4", "5", "6", "7", "8", "9"]

    # The record started on version 1 still follows version 1: step 1 leads to step 2.
    record = engine.get(running.id)
    assert record.sop_version == 1
    advanced = engine.advance("pemantau", record.id, record.version)
    assert advanced.current_step == "2"
    # A record started now runs on version 2: step 1 leads to step 3.
    fresh = engine.start("pemantau", POLLING, "Polling sesudah revisi")
    assert fresh.sop_version == 2
    assert engine.advance("pemantau", fresh.id, fresh.version).current_step == "3"

    versions = sop_versions(db, POLLING)
    assert [(v.version, v.created_by, v.running) for v in versions] == [
        (2, "admin", 1),
        (1, "system", 1),
    ]
    assert versions[0].content_hash == uploaded.sop.content_hash
    assert versions[0].created_at.tzinfo is not None
    assert versions[0].created_at >= versions[1].created_at


def test_the_same_text_again_writes_nothing(db: Database, admin: User) -> None:
    upload_sop(db, admin, revised_polling().encode(), "a.yaml")
    before = stored_rows(db)
    again = upload_sop(db, admin, revised_polling().encode(), "b.yaml")
    assert (again.version, again.created) == (2, False)
    shipped = upload_sop(db, admin, shipped_sop(POLLING).source.encode(), "c.yaml")
    assert (shipped.version, shipped.created) == (1, False)
    assert stored_rows(db) == before


def test_an_invalid_file_lists_every_problem_by_line_and_writes_nothing(
    db: Database, admin: User
) -> None:
    before = stored_rows(db)
    broken = (
        revised_polling()
        .replace("pelaksana: kasi_pengelolaan_opini_publik", "pelaksana: kasi_tidak_ada", 1)
        .replace("    ya: 5\n", "    ya: 55\n")
    )
    with pytest.raises(SopValidationError) as caught:
        upload_sop(db, admin, broken.encode(), "rusak.yaml")
    issues = caught.value.issues
    assert len(issues) >= 2
    lines = broken.splitlines()
    assert {issue.file for issue in issues} == {"rusak.yaml"}
    assert any(
        "kasi_tidak_ada" in lines[i.line - 1] and "kasi_tidak_ada" in i.message for i in issues
    )
    assert any(lines[i.line - 1].strip() == "ya: 55" for i in issues)
    assert stored_rows(db) == before


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        ("id: x\nunit: y\nnama: é\n".encode("latin-1"), 3, "column 7 is not UTF-8"),
        (b"id: [unclosed\n", 2, "not valid YAML"),
        (b"x" * (MAX_UPLOAD_BYTES + 1), 1, "larger than 256 KB"),
        (b"- a\n- b\n", 1, "must be a mapping"),
    ],
)
def test_unreadable_files_are_refused_with_a_line(
    db: Database, admin: User, data: bytes, line: int, message: str
) -> None:
    before = stored_rows(db)
    with pytest.raises(SopValidationError) as caught:
        upload_sop(db, admin, data, "unggah.yaml")
    (issue,) = caught.value.issues
    assert (issue.file, issue.line) == ("unggah.yaml", line)
    assert message in issue.message
    assert stored_rows(db) == before


def test_a_byte_order_mark_is_accepted(db: Database, admin: User) -> None:
    uploaded = upload_sop(db, admin, b"\xef\xbb\xbf" + revised_polling().encode(), "bom.yaml")
    assert uploaded.version == 2


def test_role_holders_without_the_flag_may_not_upload(
    db: Database, polling_users: dict[str, str]
) -> None:
    before = stored_rows(db)
    kabid = get_user(db, "kabid")
    assert not may_manage_sops(kabid)
    with pytest.raises(
        RoleNotAllowed, match="kabid may not register SOPs of unit 'cirebon-diskominfo'"
    ):
        upload_sop(db, kabid, revised_polling().encode(), "rev.yaml")
    assert stored_rows(db) == before


def test_a_manager_role_from_the_catalog_manages_only_its_units(
    db: Database, polling_users: dict[str, str]
) -> None:
    catalog = dict(role_catalog())
    kabid_role = "kabid_pengelolaan_informasi_publik"
    catalog[kabid_role] = dataclasses.replace(catalog[kabid_role], manages_sops=True)
    kabid = get_user(db, "kabid")
    assert manager_units(kabid, catalog) == {"cirebon-diskominfo"}
    assert may_manage_sops(kabid, "cirebon-diskominfo", catalog)
    assert not may_manage_sops(kabid, "kpu-cianjur", catalog)
    assert upload_sop(db, kabid, revised_polling().encode(), "rev.yaml", catalog).version == 2
    # Neither another unit's SOP, nor an SOP moved into the manager's unit under a foreign id.
    cianjur = shipped_sop("cianjur-publikasi-medsos").source
    with pytest.raises(RoleNotAllowed, match="'kpu-cianjur'"):
        upload_sop(db, kabid, cianjur.replace("SOP 03", "SOP 03 rev").encode(), "c.yaml", catalog)
    hijack = cianjur.replace("unit: kpu-cianjur", "unit: cirebon-diskominfo")
    with pytest.raises(RoleNotAllowed, match="'kpu-cianjur'"):
        upload_sop(db, kabid, hijack.encode(), "h.yaml", catalog)
    assert [v.version for v in sop_versions(db, "cianjur-publikasi-medsos")] == [1]


def test_an_sop_for_a_unit_that_does_not_exist_is_refused(db: Database, admin: User) -> None:
    text = (
        revised_polling()
        .replace(f"id: {POLLING}", "id: polling-baru")
        .replace("unit: cirebon-diskominfo", "unit: unit-baru")
    )
    with pytest.raises(NotFound, match="there is no unit 'unit-baru'"):
        upload_sop(db, admin, text.encode(), "baru.yaml")
    assert sop_versions(db, "polling-baru") == []


def test_a_new_sop_starts_at_version_one(db: Database, admin: User) -> None:
    text = revised_polling().replace(f"id: {POLLING}", "id: polling-kecamatan")
    uploaded = upload_sop(db, admin, text.encode(), "baru.yaml")
    assert (uploaded.version, uploaded.created) == (1, True)
    assert [
        (v.version, v.created_by, v.running) for v in sop_versions(db, "polling-kecamatan")
    ] == [(1, "admin", 0)]
