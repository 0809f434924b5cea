"""Record search, step runs, the inbox's working time left, and attached files."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import POLLING_UNIT, Clock
from workflows import attachments
from workflows.db import Database
from workflows.engine import Engine
from workflows.inbox import waiting_on
from workflows.records import RecordFilter, search
from workflows.timeline import latest_states, step_runs
from workflows.users import Grant, add_user, get_user

pytestmark = pytest.mark.usefixtures("polling_users")


def _three_records(engine: Engine, clock: Clock) -> list[int]:
    """A finished-step record, a late one and a cancelled one (Monday 24 Mar 2025, WIB)."""
    first = engine.start("pemantau", "cirebon-polling", "Survei kepuasan 100% layanan")
    clock.tick(minutes=2)
    engine.advance("pemantau", first.id, first.version)
    clock.tick(days=1)
    late = engine.start("pemantau", "cirebon-polling", "Survei_pilkada")
    clock.tick(days=2)
    gone = engine.start("pemantau", "cirebon-polling", "Dibatalkan")
    engine.cancel("pemantau", gone.id, gone.version, "dobel")
    return [first.id, late.id, gone.id]


def test_search_filters_by_text_status_overdue_and_dates(
    engine: Engine, db: Database, clock: Clock
) -> None:
    first, late, gone = _three_records(engine, clock)
    kasi = get_user(db, "kasi")
    everything = search(db, kasi, RecordFilter(), clock.now)
    assert everything["id"].tolist() == [gone, late, first]
    assert everything.loc[everything.id == first, "activity"].item() != ""

    def ids(**criteria: object) -> list[int]:
        found = search(db, kasi, RecordFilter(**criteria), clock.now)  # type: ignore[arg-type]
        return [int(i) for i in found["id"]]

    assert ids(text="100%") == [first]
    assert ids(text="_") == [late]  # wildcards are literal
    assert ids(text=str(late)) == [late]
    assert ids(status="dibatalkan") == [gone]
    assert ids(overdue=True) == [late, first]
    assert ids(step="2") == [first]
    assert ids(created_from=date(2025, 3, 25)) == [gone, late]
    assert ids(created_to=date(2025, 3, 24)) == [first]
    assert ids(sop_id="kpu-ri-penyusunan-dip") == []


def test_search_shows_only_the_units_a_user_holds(
    engine: Engine, db: Database, clock: Clock
) -> None:
    _three_records(engine, clock)
    assert search(db, get_user(db, "outsider"), RecordFilter(), clock.now).empty
    assert len(search(db, get_user(db, "admin"), RecordFilter(), clock.now)) == 3
    add_user(db, "nobody", "No Roles", "rahasia-123")
    assert search(db, get_user(db, "nobody"), RecordFilter(), clock.now).empty


def test_step_runs_follow_the_record_through_a_tidak_loop(engine: Engine, clock: Clock) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    for actor in ("pemantau", "pemantau", "kasi"):
        clock.tick(minutes=5)
        record = engine.advance(actor, record.id, record.version)
    clock.tick(days=3)  # the Kabid takes far longer than the standard
    record = engine.advance("kabid", record.id, record.version, decision="tidak", note="revisi")
    runs = step_runs(engine, record)
    assert [r.step_no for r in runs] == ["1", "2", "3", "4", "3"]
    assert [r.outcome for r in runs] == ["complete", "complete", "complete", "tidak", None]
    assert runs[3].note == "revisi"
    assert runs[3].late(clock.now) is True
    assert runs[0].late(clock.now) is False
    assert runs[-1].due_at == record.step_due_at
    states = latest_states(runs, clock.now)
    assert states["4"] == "selesai_terlambat"
    assert states["3"] == "berjalan_tepat"


def test_inbox_gives_working_time_left_and_overdue(
    engine: Engine, db: Database, clock: Clock
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    record = engine.advance("pemantau", record.id, record.version)
    (item,) = waiting_on(db, get_user(db, "pemantau"), now=clock.now)
    assert item.minutes_left == pytest.approx(
        engine.calendar(POLLING_UNIT).working_minutes_between(clock.now, record.step_due_at)  # type: ignore[arg-type]
    )
    clock.tick(days=7)
    (item,) = waiting_on(db, get_user(db, "pemantau"), now=clock.now, calendar_of=engine.calendar)
    assert item.minutes_left is not None
    assert item.minutes_left < 0


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_attachments_are_stored_once_by_content_hash(tmp_path: Path) -> None:
    content = b"%PDF-1.7 laporan"
    first = attachments.store(tmp_path, "C:\\Users\\x\\laporan.PDF", content)
    again = attachments.store(tmp_path, "salinan.pdf", content)
    assert first.sha256 == again.sha256
    assert first.name == "laporan.PDF"
    assert first.media_type == "application/pdf"
    assert len(list((tmp_path / "lampiran").rglob("*"))) == 2  # one folder, one file
    assert attachments.load(tmp_path, first.reference()) == content
    assert attachments.store(tmp_path, "draf.docx", _docx()).size == len(_docx())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laporan.pdf", b"", "empty"),
        ("laporan.exe", b"MZ...", "not accepted"),
        ("laporan", b"abc", "not accepted"),
        ("laporan.pdf", b"<html>", "not a valid .pdf"),
        ("tabel.xlsx", b"PK\x03\x04 broken", "not a valid .xlsx"),
        ("catatan.txt", b"\xff\xfe\x00b", "not a valid .txt"),
        ("besar.txt", b"a" * (attachments.MAX_BYTES + 1), "limit is 20 MB"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(attachments.AttachmentRefused, match=message):
        attachments.store(tmp_path, name, content)
    assert not (tmp_path / "lampiran").exists()


def test_verify_hashes_again_only_when_the_file_changes(tmp_path: Path) -> None:
    stored = attachments.store(tmp_path, "a.txt", b"isi asli")
    path = attachments.path_of(tmp_path, stored.sha256)
    attachments.verify(tmp_path, stored.reference())
    hits = attachments._digest.cache_info().hits
    attachments.verify(tmp_path, stored.reference())
    assert attachments._digest.cache_info().hits == hits + 1  # not read again
    path.write_bytes(b"isi palsu!")  # another size, another modification time
    with pytest.raises(attachments.AttachmentRefused, match=r"a\.txt has been altered"):
        attachments.verify(tmp_path, stored.reference())
    path.unlink()
    with pytest.raises(FileNotFoundError):
        attachments.verify(tmp_path, stored.reference())


def test_an_altered_stored_file_is_detected(tmp_path: Path) -> None:
    stored = attachments.store(tmp_path, "a.txt", b"isi asli")
    attachments.path_of(tmp_path, stored.sha256).write_bytes(b"isi palsu")
    with pytest.raises(attachments.AttachmentRefused, match="altered"):
        attachments.load(tmp_path, stored.reference())
    with pytest.raises(attachments.AttachmentRefused, match="altered"):
        attachments.verify(tmp_path, stored.reference())
    with pytest.raises(attachments.AttachmentRefused, match="not a SHA-256"):
        attachments.path_of(tmp_path, "../../etc/passwd")


def test_attached_reference_goes_into_the_audit_trail(
    engine: Engine, clock: Clock, tmp_path: Path
) -> None:
    record = engine.start("pemantau", "cirebon-polling", "P")
    stored = attachments.store(tmp_path, "kuesioner.txt", b"Pertanyaan 1")
    engine.attach("pemantau", record.id, record.version, stored.reference())
    assert engine.history(record.id)[-1].payload == {"output": stored.reference()}
    assert Grant("pemantau_opini_publik", POLLING_UNIT) in get_user(engine.db, "pemantau").grants
