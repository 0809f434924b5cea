"""The definitions Lentera ships: the role catalog and the six seed SOPs."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workflows.sop import Sop
from workflows.sop_file import parse_sop_file
from workflows.yaml_lines import LineDict, load_yaml

DEFINITIONS = Path(__file__).parent / "definitions"


@dataclass(frozen=True)
class Role:
    """A lane of the SOP tables, with its Indonesian and English labels.

    ``manages_sops`` (``kelola_sop: true`` in roles.yaml): holders may register SOPs and their
    revisions for the units where they hold the role.
    """

    id: str
    label_id: str
    label_en: str
    manages_sops: bool = False


@cache
def role_catalog() -> dict[str, Role]:
    """All roles known to Lentera, by id."""
    doc = load_yaml((DEFINITIONS / "roles.yaml").read_text(encoding="utf-8"))
    if not isinstance(doc, LineDict):
        raise ValueError("roles.yaml must be a mapping of role ids")
    return {
        str(key): Role(
            id=str(key),
            label_id=str(value["id"]),
            label_en=str(value["en"]),
            manages_sops=value.get("kelola_sop") is True,
        )
        for key, value in doc.items()
    }


@cache
def shipped_sops() -> tuple[Sop, ...]:
    """The seed SOP definitions, validated, in file-name order."""
    roles = role_catalog()
    return tuple(
        parse_sop_file(path, known_roles=roles)
        for path in sorted((DEFINITIONS / "sop").glob("*.yaml"))
    )


def shipped_sop(sop_id: str) -> Sop:
    """One shipped SOP by id; ``KeyError`` names the known ids."""
    for sop in shipped_sops():
        if sop.id == sop_id:
            return sop
    known = ", ".join(sop.id for sop in shipped_sops())
    raise KeyError(f"no SOP '{sop_id}' (known: {known})")
