"""Tests for the SOP definition files: the six shipped seed SOPs and the validator's messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workflows.catalog import DEFINITIONS, role_catalog, shipped_sop, shipped_sops
from workflows.sop import Sop
from workflows.sop_file import SopIssue, SopValidationError, parse_sop, parse_sop_file

ROLES = role_catalog()
SOP_FILES = sorted((DEFINITIONS / "sop").glob("*.yaml"))


# --- the shipped definitions ------------------------------------------------------------------

STEP_COUNTS = {
    "cirebon-polling": 9,
    "cianjur-publikasi-medsos": 7,
    "cianjur-publikasi-website": 7,
    "pekalongan-pengumpulan-data": 14,
    "serang-uji-konsekuensi": 6,
    "kpu-ri-penyusunan-dip": 10,
}


@pytest.mark.parametrize("path", SOP_FILES, ids=[path.stem for path in SOP_FILES])
def test_every_definition_file_validates(path: Path) -> None:
    sop = parse_sop_file(path, known_roles=ROLES)
    assert sop.id == path.stem


def test_exactly_the_six_seed_sops_ship() -> None:
    assert len(SOP_FILES) == 6
    assert sorted(sop.id for sop in shipped_sops()) == sorted(STEP_COUNTS)


@pytest.mark.parametrize(("sop_id", "count"), STEP_COUNTS.items(), ids=list(STEP_COUNTS))
def test_step_count(sop_id: str, count: int) -> None:
    assert len(shipped_sop(sop_id).steps) == count


def test_unknown_sop_id_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="cirebon-polling"):
        shipped_sop("tidak-ada")


@pytest.mark.parametrize("sop", shipped_sops(), ids=lambda sop: sop.id)
def test_every_step_role_is_a_lane_of_its_sop(sop: Sop) -> None:
    assert set(sop.roles) <= set(ROLES)
    for step in sop.steps:
        assert step.role in sop.roles or step.kind == "selesai", step.no


# (sop, step, deciding role, ya, tidak): the decisions of the seeds, and no others
DECISIONS = [
    ("cirebon-polling", "4", "kabid_pengelolaan_informasi_publik", "5", "3"),
    ("cianjur-publikasi-medsos", "2", "kasubbag", "3", "7"),
    ("cianjur-publikasi-medsos", "4", "kasubbag", "5", "3"),
    ("cianjur-publikasi-website", "2", "kasubbag", "3", "7"),
    ("cianjur-publikasi-website", "4", "kasubbag", "5", "3"),
    ("kpu-ri-penyusunan-dip", "9", "ka_biro", "10", "8"),
]


@pytest.mark.parametrize(
    ("sop_id", "no", "role", "ya", "tidak"),
    DECISIONS,
    ids=[f"{sop_id}-{no}" for sop_id, no, *_ in DECISIONS],
)
def test_seed_decisions(sop_id: str, no: str, role: str, ya: str, tidak: str) -> None:
    step = shipped_sop(sop_id).step(no)
    assert (step.kind, step.role) == ("keputusan", role)
    assert step.transitions() == {"ya": ya, "tidak": tidak}


def test_no_other_decisions() -> None:
    decisions = {
        (sop.id, s.no) for sop in shipped_sops() for s in sop.steps if s.kind == "keputusan"
    }
    assert decisions == {(sop_id, no) for sop_id, no, *_ in DECISIONS}


@pytest.mark.parametrize("sop_id", ["cianjur-publikasi-medsos", "cianjur-publikasi-website"])
def test_cianjur_not_publishing_ends_the_procedure(sop_id: str) -> None:
    sop = shipped_sop(sop_id)
    assert sop.step("7").kind == "selesai"
    assert sop.step("7").transitions() == {}
    assert sop.step("6").transitions() == {"selesai": "7"}


def test_cianjur_upload_role_differs_between_website_and_social_media() -> None:
    assert shipped_sop("cianjur-publikasi-website").step("5").role == "admin_medcen"
    assert shipped_sop("cianjur-publikasi-medsos").step("5").role == "admin_subbagian_terkait"


def test_cirebon_step_7_waits_for_the_poll_to_run_a_month() -> None:
    sop = shipped_sop("cirebon-polling")
    wait = sop.step("7").wait
    assert wait is not None
    assert (wait.raw, wait.calendar, wait.months) == ("1 bulan", "1 month", 1)
    assert [step.no for step in sop.steps if step.wait is not None] == ["7"]


def test_pekalongan_unnumbered_steps_of_the_data_owner() -> None:
    sop = shipped_sop("pekalongan-pengumpulan-data")
    numbers = [step.no for step in sop.steps]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "7a", "7b", "8", "9", "10", "11", "12"]
    assert [step.no for step in sop.steps if not step.numbered] == ["7a", "7b"]
    process, send = sop.step("7a"), sop.step("7b")
    assert (process.role, process.standard.raw, process.standard.working_days) == (
        "pemilik_data",
        "10 Hari",
        10,
    )
    assert (send.role, send.standard.raw, send.standard.minutes) == ("pemilik_data", "30 menit", 30)
    assert [sop.step(no).next for no in ("7", "7a", "7b")] == ["7a", "7b", "8"]


def test_serang_working_days() -> None:
    steps = shipped_sop("serang-uji-konsekuensi").steps
    assert [step.standard.working_days for step in steps] == [10, 10, 7, 30, 3, 10]
    assert {step.standard.unit for step in steps} == {"hari kerja"}


# The Waktu column of every step, as printed in the seeds (Cianjur prints none).
WAKTU = {
    "cirebon-polling": [
        "5 menit", "10 menit", "10 menit", "5menit", "5 menit",
        "5 menit", "5 Menit", "10 menit", "10 menit",
    ],
    "cianjur-publikasi-medsos": [""] * 7,
    "cianjur-publikasi-website": [""] * 7,
    "pekalongan-pengumpulan-data": [
        "1 hari", "1 hari", "30 Menit", "1 hari", "1 hari", "30 menit", "30 menit",
        "10 Hari", "30 menit", "30 menit", "15 menit", "-", "-", "1 hari",
    ],
    "serang-uji-konsekuensi": [
        "10 (sepuluh) hari kerja", "10 (sepuluh) hari kerja", "7 (tujuh) hari kerja",
        "30 (tiga puluh) hari kerja", "3 (tiga) hari kerja", "10 (sepuluh) hari kerja",
    ],
    "kpu-ri-penyusunan-dip": [
        "30 menit", "30 menit", "1 hari", "30 menit", "30 menit", "", "1 bulan", "1 bulan", "", "",
    ],
}  # fmt: skip


@pytest.mark.parametrize(("sop_id", "raw"), WAKTU.items(), ids=list(WAKTU))
def test_waktu_kept_as_printed(sop_id: str, raw: list[str]) -> None:
    assert [step.standard.raw for step in shipped_sop(sop_id).steps] == raw


# --- the JSON export --------------------------------------------------------------------------

STEP_FIELDS = {
    "no",
    "role",
    "standard_raw",
    "standard_minutes",
    "standard_working_days",
    "standard_calendar",
    "decision",
}


@pytest.mark.parametrize("sop", shipped_sops(), ids=lambda sop: sop.id)
def test_to_json_has_the_required_fields_and_survives_json(sop: Sop) -> None:
    data = sop.to_json()
    assert data.keys() >= {"id", "title", "unit", "roles", "steps"}
    assert all(step.keys() >= STEP_FIELDS for step in data["steps"])
    assert json.loads(json.dumps(data)) == data


def json_step(sop_id: str, no: str) -> dict[str, Any]:
    steps: list[dict[str, Any]] = shipped_sop(sop_id).to_json()["steps"]
    return next(step for step in steps if step["no"] == no)


def test_to_json_identity_of_cirebon() -> None:
    data = shipped_sop("cirebon-polling").to_json()
    assert data["id"] == "cirebon-polling"
    assert data["title"] == "Pengumpulan Pendapat Umum (Polling)"
    assert data["unit"] == "cirebon-diskominfo"
    assert data["roles"] == [
        "pemantau_opini_publik",
        "kasi_pengelolaan_opini_publik",
        "kabid_pengelolaan_informasi_publik",
    ]
    assert [step["no"] for step in data["steps"]] == [str(n) for n in range(1, 10)]


@pytest.mark.parametrize(
    ("sop_id", "no", "expected"),
    [
        (
            "cirebon-polling",
            "4",
            {
                "role": "kabid_pengelolaan_informasi_publik",
                "standard_raw": "5menit",
                "standard_minutes": 5,
                "standard_working_days": None,
                "standard_calendar": None,
                "decision": {"ya": "5", "tidak": "3"},
            },
        ),
        (
            "serang-uji-konsekuensi",
            "4",
            {
                "role": "tim_pertimbangan",
                "standard_raw": "30 (tiga puluh) hari kerja",
                "standard_minutes": None,
                "standard_working_days": 30,
                "standard_calendar": None,
                "decision": None,
            },
        ),
        (
            "kpu-ri-penyusunan-dip",
            "7",
            {
                "role": "kasubbag",
                "standard_raw": "1 bulan",
                "standard_minutes": None,
                "standard_working_days": None,
                "standard_calendar": "1 month",
                "decision": None,
            },
        ),
        (
            "kpu-ri-penyusunan-dip",
            "9",
            {"standard_raw": "", "standard_minutes": None, "decision": {"ya": "10", "tidak": "8"}},
        ),
        ("cirebon-polling", "7", {"standard_raw": "5 Menit", "wait_calendar": "1 month"}),
        ("pekalongan-pengumpulan-data", "3", {"standard_raw": "30 Menit", "standard_minutes": 30}),
        ("pekalongan-pengumpulan-data", "10", {"standard_raw": "-", "standard_minutes": None}),
    ],
    ids=["cirebon-4", "serang-4", "kpu-7", "kpu-9", "cirebon-7", "pekalongan-3", "pekalongan-10"],
)
def test_to_json_step_values(sop_id: str, no: str, expected: dict[str, Any]) -> None:
    step = json_step(sop_id, no)
    assert {key: step[key] for key in expected} == expected


# --- malformed files --------------------------------------------------------------------------

# A valid two-lane, four-step SOP with one decision. Lines the cases below refer to:
# 1 id, 3 identitas, 5 nama, 6 tanggal_pembuatan, 7 pelaksana, 9 second lane, 11 step 1,
# 15 step 2 (the decision), 16 its jenis, 18 its pelaksana, 19 its waktu, 20 ya, 21 tidak,
# 22 step 3, 25 its waktu, 26 step 4 (the end).
BASE = """\
id: contoh-sop
unit: unit-uji
identitas:
  nomor: 01/SOP/2024
  nama: Contoh SOP
  tanggal_pembuatan: 2024-01-02
pelaksana:
  - kasubbag
  - ka_bag
langkah:
  - langkah: 1
    kegiatan: Menyusun draf surat
    pelaksana: kasubbag
    waktu: 30 menit
  - langkah: 2
    jenis: keputusan
    kegiatan: Memeriksa draf surat
    pelaksana: ka_bag
    waktu: 1 hari
    ya: 3
    tidak: 1
  - langkah: 3
    kegiatan: Mengirim surat
    pelaksana: kasubbag
    waktu: 10 (sepuluh) hari kerja
  - langkah: 4
    jenis: selesai
    kegiatan: Selesai
"""
FILE = "contoh.yaml"


def variant(*edits: tuple[str, str]) -> str:
    """BASE with each ``(old, new)`` applied; ``old`` must occur exactly once."""
    text = BASE
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} is not unique in BASE"
        text = text.replace(old, new)
    return text


def after(line: str, *added: str) -> tuple[str, str]:
    """An edit for :func:`variant` that inserts ``added`` lines after the whole line ``line``."""
    return f"{line}\n", f"{line}\n" + "".join(f"{new}\n" for new in added)


def drop(line: str) -> tuple[str, str]:
    """An edit for :func:`variant` that deletes the whole line ``line``."""
    return f"{line}\n", ""


def issues_of(text: str) -> list[SopIssue]:
    with pytest.raises(SopValidationError) as caught:
        parse_sop(text, file=FILE, known_roles=ROLES)
    return caught.value.issues


def test_base_is_valid() -> None:
    sop = parse_sop(BASE, file=FILE, known_roles=ROLES)
    assert [step.transitions() for step in sop.steps] == [
        {"selesai": "2"},
        {"ya": "3", "tidak": "1"},
        {"selesai": "4"},
        {},
    ]


def test_base_line_map_is_right() -> None:
    lines = BASE.splitlines()
    assert lines[8] == "  - ka_bag"
    assert lines[14] == "  - langkah: 2"
    assert (lines[19], lines[20]) == ("    ya: 3", "    tidak: 1")
    assert lines[21] == "  - langkah: 3"
    assert lines[25] == "  - langkah: 4"


MALFORMED = [
    pytest.param(
        variant(("  nama: Contoh SOP", "  nama: Contoh: SOP")),
        5,
        "not valid YAML: mapping values are not allowed here",
        id="yaml-syntax",
    ),
    pytest.param(
        variant(("    kegiatan: Mengirim surat", "\tkegiatan: Mengirim surat")),
        23,
        "not valid YAML: found character '\\t'",
        id="yaml-tab",
    ),
    pytest.param("- id: contoh-sop\n", 1, "an SOP file must be a mapping of fields", id="list"),
    pytest.param("", 1, "an SOP file must be a mapping of fields", id="empty-file"),
    pytest.param(
        variant(after("unit: unit-uji", "versi: 2")),
        3,
        "unknown field 'versi' in the SOP (allowed: id, identitas, langkah, pelaksana, unit)",
        id="unknown-top-field",
    ),
    pytest.param(
        variant(after("  nama: Contoh SOP", "  judul: Contoh")),
        6,
        "unknown field 'judul' in identitas",
        id="unknown-identity-field",
    ),
    pytest.param(
        variant(drop("  nama: Contoh SOP")),
        4,
        "'nama' is required",
        id="missing-nama",
    ),
    pytest.param(
        variant(("  nama: Contoh SOP", "  nama:")), 5, "'nama' is required", id="empty-nama"
    ),
    pytest.param(
        variant(("2024-01-02", "02-01-2024")),
        6,
        "'tanggal_pembuatan' must be a real date written YYYY-MM-DD",
        id="bad-date",
    ),
    pytest.param(
        variant(("pelaksana:\n  - kasubbag\n  - ka_bag\n", "")),
        1,
        "'pelaksana' must list at least one role (lane)",
        id="missing-pelaksana",
    ),
    pytest.param(
        variant(
            ("  - ka_bag\n", "  - ka_bagian\n"),
            ("    pelaksana: ka_bag", "    pelaksana: ka_bagian"),
        ),
        9,
        "unknown role 'ka_bagian' (not in the role catalog)",
        id="lane-not-in-catalog",
    ),
    pytest.param(
        variant(after("  - ka_bag", "  - ka_bag")),
        10,
        "role 'ka_bag' is listed twice",
        id="lane-twice",
    ),
    pytest.param(
        variant(("    pelaksana: ka_bag", "    pelaksana: ka_biro")),
        18,
        "step 2: role 'ka_biro' is not a lane of this SOP",
        id="step-role-not-a-lane",
    ),
    pytest.param(
        variant(("    pelaksana: ka_bag", "    pelaksana: kabiro")),
        18,
        "step 2: role 'kabiro' is not a lane of this SOP and is not in the role catalog",
        id="step-role-unknown",
    ),
    pytest.param(
        variant(drop("    pelaksana: ka_bag")),
        15,
        "step 2: 'pelaksana' (the executor role) is required",
        id="step-without-role",
    ),
    pytest.param(
        variant(after("    waktu: 1 hari", "    durasi: 2")),
        20,
        "unknown field 'durasi' in step 2",
        id="unknown-step-field",
    ),
    pytest.param(
        variant(after("    waktu: 1 hari", "    waktu: 2 hari")),
        20,
        "field 'waktu' appears twice",
        id="duplicate-key",
    ),
    pytest.param(
        variant(("  - langkah: 4", "  - langkah: 3")),
        26,
        "step 3 is numbered twice",
        id="duplicate-step-number",
    ),
    pytest.param(
        variant(("  - langkah: 4", "  - langkah: 4.5")),
        26,
        "step number must look like 3 or 7a (got '4.5')",
        id="bad-step-number",
    ),
    pytest.param(
        variant(("  - langkah: 4\n    jenis: selesai", "  - jenis: selesai")),
        26,
        "step number must look like 3 or 7a (got '')",
        id="missing-step-number",
    ),
    pytest.param(
        variant(("    jenis: keputusan", "    jenis: putusan")),
        16,
        "step 2: 'jenis' must be one of proses, keputusan, selesai",
        id="bad-jenis",
    ),
    pytest.param(
        variant(drop("    ya: 3")), 15, "step 2: a decision needs a 'ya' target", id="no-ya"
    ),
    pytest.param(
        variant(drop("    tidak: 1")),
        15,
        "step 2: a decision needs a 'tidak' target",
        id="no-tidak",
    ),
    pytest.param(
        variant(("    ya: 3", "    ya: 9")),
        20,
        "step 2: 'ya' points to step 9, which does not exist",
        id="dangling-target",
    ),
    pytest.param(
        variant(("    tidak: 1", "    tidak: no")),
        21,
        "step 2: 'tidak' points to step no, which does not exist",
        id="target-no-is-text",
    ),
    pytest.param(
        variant(("    tidak: 1", "    tidak: 2")),
        21,
        "step 2: 'tidak' points to the step itself",
        id="target-to-itself",
    ),
    pytest.param(
        variant(after("    waktu: 30 menit", "    ya: 2")),
        15,
        "step 1: 'ya' is not allowed here (only on a decision)",
        id="ya-on-process-step",
    ),
    pytest.param(
        variant(after("    tidak: 1", "    lanjut: 3")),
        22,
        "step 2: a decision uses 'ya'/'tidak', not 'lanjut'",
        id="lanjut-on-decision",
    ),
    pytest.param(
        variant(after("    kegiatan: Selesai", "    lanjut: 1")),
        29,
        "step 4: 'lanjut' is not allowed here (an end step has no targets)",
        id="target-on-end-step",
    ),
    pytest.param(
        variant(("    ya: 3", "    ya: 4")),
        22,
        "step 3 can never be reached from the first step",
        id="unreachable-step",
    ),
    pytest.param(
        variant(("    ya: 3", "    ya: 1")),
        15,
        "step 2 has no path to the end of the procedure",
        id="no-path-to-end",
    ),
    pytest.param(
        variant(("    waktu: 1 hari", "    waktu: 2 x 24 jam")),
        19,
        "cannot read standard time '2 x 24 jam'",
        id="bad-standard-time",
    ),
    pytest.param(
        variant(("(sepuluh)", "(tujuh)")),
        25,
        "standard time '10 (tujuh) hari kerja': the number 10 and the words '(tujuh)' disagree",
        id="standard-time-words-disagree",
    ),
    pytest.param(
        variant(after("    waktu: 30 menit", "    menunggu: sebulan")),
        15,
        "cannot read standard time 'sebulan'",
        id="bad-waiting-period",
    ),
    pytest.param(
        variant(after("    kegiatan: Selesai", "    waktu: 5 menit")),
        29,
        "step 4: an end step has no standard time",
        id="end-step-with-standard-time",
    ),
    pytest.param(
        variant(after("    kegiatan: Mengirim surat", "    bernomor: no")),
        24,
        "step 3: 'bernomor' must be true or false",
        id="bernomor-no-is-text",
    ),
    pytest.param(
        variant(("id: contoh-sop", "id: Contoh SOP")),
        1,
        "'id' must be lower-case letters, digits and '-' (got 'Contoh SOP')",
        id="bad-id",
    ),
]


@pytest.mark.parametrize(("text", "line", "fragment"), MALFORMED)
def test_malformed_file_reports_line_and_message(text: str, line: int, fragment: str) -> None:
    issues = issues_of(text)
    found = [(issue.line, issue.message) for issue in issues]
    assert any(issue.line == line and fragment in issue.message for issue in issues), found
    for issue in issues:
        assert issue.file == FILE
        assert str(issue) == f"{FILE}:{issue.line}: {issue.message}"


def test_several_problems_are_reported_together() -> None:
    text = variant(
        after("unit: unit-uji", "versi: 2"),
        drop("  nama: Contoh SOP"),
        ("    waktu: 1 hari", "    waktu: sebentar"),
        ("    ya: 3", "    ya: 9"),
    )
    with pytest.raises(SopValidationError) as caught:
        parse_sop(text, file=FILE, known_roles=ROLES)
    issues = caught.value.issues
    expected = [
        (3, "unknown field 'versi'"),
        (5, "'nama' is required"),
        (19, "cannot read standard time 'sebentar'"),
        (20, "'ya' points to step 9"),
    ]
    assert len(issues) == len(expected), issues
    for line, fragment in expected:
        assert any(i.line == line and fragment in i.message for i in issues), (line, issues)
    assert str(caught.value) == "\n".join(str(issue) for issue in issues)


def test_issue_str_is_file_line_message() -> None:
    assert str(SopIssue("sop/contoh.yaml", 7, "step 2: boom")) == "sop/contoh.yaml:7: step 2: boom"


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "contoh.yaml"
    text = variant(("Mengirim surat", "Mengirim surat ke Bapak Andrés"))
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(SopValidationError) as caught:
        parse_sop_file(path, known_roles=ROLES)
    assert [str(issue) for issue in caught.value.issues] == [
        f"{path}:1: the file is not UTF-8 text"
    ]


def test_file_in_utf8_with_non_ascii_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "contoh.yaml"
    path.write_text(variant(("Mengirim surat", "Mengirim surat → Pemda")), encoding="utf-8")
    assert parse_sop_file(path, known_roles=ROLES).step("3").activity == "Mengirim surat → Pemda"


def test_yaml_11_words_stay_text() -> None:
    text = variant(
        ("  - ka_bag\n", "  - on\n"),
        ("    pelaksana: ka_bag", "    pelaksana: on"),
        ("    kegiatan: Mengirim surat", "    kegiatan: yes"),
        after("    kegiatan: yes", "    output: off", "    keterangan: no"),
    )
    sop = parse_sop(text, file=FILE, known_roles={**ROLES, "on": None})
    assert sop.roles == ("kasubbag", "on")
    assert sop.step("2").role == "on"
    step = sop.step("3")
    assert (step.activity, step.output, step.note) == ("yes", "off", "no")


def test_only_true_and_false_are_booleans() -> None:
    text = variant(after("    kegiatan: Mengirim surat", "    bernomor: false"))
    assert parse_sop(text, file=FILE, known_roles=ROLES).step("3").numbered is False


def test_impossible_date_is_an_issue_not_a_crash() -> None:
    issues = issues_of(variant(("2024-01-02", "2024-02-30")))
    assert [issue.line for issue in issues] == [6]
    assert "2024-02-30" in issues[0].message


def test_step_number_with_leading_zero_is_not_octal() -> None:
    text = variant(("  - langkah: 4", "  - langkah: 010"))
    with pytest.raises(SopValidationError, match="look like 3 or 7a"):
        parse_sop(text, file=FILE, known_roles=ROLES)


def test_empty_requirement_item_is_reported() -> None:
    text = variant(after("    waktu: 30 menit", "    kelengkapan:", "      -", "      - Draf"))
    with pytest.raises(SopValidationError, match="'kelengkapan' has an empty item"):
        parse_sop(text, file=FILE, known_roles=ROLES)
