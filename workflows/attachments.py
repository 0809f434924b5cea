"""Output files attached to a step: checked for size and type, stored once by content hash.

Files live under ``<data dir>/lampiran/<first two hex digits>/<sha256>``; the event log keeps
the reference (hash, name, size, type), so the audit chain covers the file's content.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Final

from workflows.errors import LenteraError

MAX_BYTES: Final = 20 * 1024 * 1024
_ZIP = b"PK\x03\x04"
KINDS: Final[dict[str, tuple[str, bytes | None]]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ZIP),
    ".csv": ("text/csv", None),
    ".txt": ("text/plain", None),
}
"""Accepted extensions: media type and the bytes such a file starts with (``None``: text)."""


class AttachmentRefused(LenteraError):
    """The file is too large, empty, of a type not accepted, or not what its name says."""


@dataclass(frozen=True)
class Attachment:
    """A stored file as referenced from the event log."""

    sha256: str
    name: str
    size: int
    media_type: str

    def reference(self) -> dict[str, Any]:
        """The payload written to the audit trail."""
        return {
            "sha256": self.sha256,
            "name": self.name,
            "size": self.size,
            "type": self.media_type,
        }


def check(name: str, content: bytes) -> Attachment:
    """Refuse a file with a clear sentence, or describe it."""
    clean = Path(name.replace("\\", "/")).name.strip()
    if not clean:
        raise AttachmentRefused("the file has no name")
    if not content:
        raise AttachmentRefused(f"{clean} is empty")
    if len(content) > MAX_BYTES:
        raise AttachmentRefused(
            f"{clean} is {len(content) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_BYTES // 1024 // 1024} MB"
        )
    suffix = Path(clean).suffix.lower()
    if suffix not in KINDS:
        accepted = ", ".join(sorted(KINDS))
        raise AttachmentRefused(
            f"{clean}: files of type '{suffix or '?'}' are not accepted ({accepted})"
        )
    media_type, magic = KINDS[suffix]
    if not _looks_like(content, suffix, magic):
        raise AttachmentRefused(f"{clean} is not a valid {suffix} file")
    return Attachment(hashlib.sha256(content).hexdigest(), clean, len(content), media_type)


def store(folder: Path, name: str, content: bytes) -> Attachment:
    """Check and store the file (once per content); return its reference."""
    attachment = check(name, content)
    target = path_of(folder, attachment.sha256)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        Path(temporary).replace(target)  # atomic: a reader never sees half a file
    return attachment


def path_of(folder: Path, sha256: str) -> Path:
    """Where the file with this hash is stored."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise AttachmentRefused(f"'{sha256}' is not a SHA-256 hash")
    return folder / "lampiran" / sha256[:2] / sha256


def load(folder: Path, attachment: dict[str, Any]) -> bytes:
    """The stored content of a reference from the audit trail, checked against its hash."""
    content = path_of(folder, str(attachment.get("sha256", ""))).read_bytes()
    if hashlib.sha256(content).hexdigest() != attachment["sha256"]:
        raise _altered(attachment)
    return content


def verify(folder: Path, attachment: dict[str, Any]) -> None:
    """Check a reference's stored copy against its hash without reading it on every call: the
    file is hashed again only when its size or modification time changes. A page can show
    downloads this way on each rerun; :func:`load` still checks the bytes it serves."""
    path = path_of(folder, str(attachment.get("sha256", "")))
    stat = path.stat()
    if _digest(path, stat.st_size, stat.st_mtime_ns) != attachment["sha256"]:
        raise _altered(attachment)


@functools.lru_cache(maxsize=1024)
def _digest(path: Path, size: int, mtime_ns: int) -> str:
    """SHA-256 of a file as of this size and modification time (the key of the cache)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _altered(attachment: dict[str, Any]) -> AttachmentRefused:
    return AttachmentRefused(f"the stored copy of {attachment.get('name')} has been altered")


def _looks_like(content: bytes, suffix: str, magic: bytes | None) -> bool:
    if magic is None:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in content
    if not content.startswith(magic):
        return False
    if magic != _ZIP:
        return True
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return (
        "[Content_Types].xml" in names
        if suffix in {".docx", ".xlsx", ".pptx"}
        else ("mimetype" in names)
    )
