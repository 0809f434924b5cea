"""Read and validate an SOP definition file (YAML), reporting every problem with its line.

The shipped definitions and user uploads go through the same :func:`parse_sop`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from workflows.sop import (
    IDENTITY_DATE_FIELDS,
    IDENTITY_LIST_FIELDS,
    Identity,
    Sop,
    Step,
    StepKind,
)
from workflows.standard_time import StandardTime, StandardTimeError, parse_standard_time
from workflows.yaml_lines import LineDict, LineList, YamlLineError, load_yaml

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_STEP_NO = re.compile(r"^[1-9][0-9]{0,2}[a-z]?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOP_FIELDS = {"id", "unit", "identitas", "pelaksana", "langkah"}
_IDENTITY_TEXT = {"nomor", "nama", "instansi", "unit", "disahkan_oleh"}
_IDENTITY_DATES = set(IDENTITY_DATE_FIELDS)
_IDENTITY_LISTS = set(IDENTITY_LIST_FIELDS)
_STEP_FIELDS = {
    "langkah",
    "jenis",
    "kegiatan",
    "pelaksana",
    "kelengkapan",
    "waktu",
    "output",
    "keterangan",
    "bernomor",
    "menunggu",
    "lanjut",
    "ya",
    "tidak",
}
_KINDS: tuple[StepKind, ...] = ("proses", "keputusan", "selesai")
_END = "<selesai>"


@dataclass(frozen=True)
class SopIssue:
    """One problem in an SOP file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class SopValidationError(ValueError):
    """An SOP file with one or more problems; ``issues`` lists them all."""

    def __init__(self, issues: list[SopIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


class _Checker:
    """Collects issues while building the model, so one pass reports every problem."""

    def __init__(self, file: str, known_roles: Mapping[str, Any]) -> None:
        self.file = file
        self.known_roles = known_roles
        self.issues: list[SopIssue] = []

    def issue(self, line: int, message: str) -> None:
        self.issues.append(SopIssue(self.file, line, message))

    def text(self, node: LineDict, key: str, *, required: bool = False) -> str:
        value = node.get(key)
        if value is None:
            if required:
                self.issue(node.line_of(key), f"'{key}' is required")
            return ""
        if isinstance(value, LineDict | LineList):
            self.issue(node.line_of(key), f"'{key}' must be text")
            return ""
        return str(value).strip()

    def texts(self, node: LineDict, key: str) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, LineList) or any(
            isinstance(item, LineDict | LineList) for item in value
        ):
            self.issue(node.line_of(key), f"'{key}' must be a list of texts")
            return ()
        for item, line in zip(value, value.item_lines, strict=True):
            if item is None or not str(item).strip():
                self.issue(line, f"'{key}' has an empty item")
        return tuple(str(item).strip() for item in value if item is not None)

    def unknown_fields(self, node: LineDict, allowed: set[str], where: str) -> None:
        for key in node:
            if key not in allowed:
                self.issue(
                    node.line_of(key),
                    f"unknown field '{key}' in {where} (allowed: {', '.join(sorted(allowed))})",
                )

    def standard(self, node: LineDict, key: str) -> StandardTime:
        try:
            return parse_standard_time(self.text(node, key))
        except StandardTimeError as exc:
            self.issue(node.line_of(key), str(exc))
            return parse_standard_time("")


def parse_sop(text: str, *, file: str, known_roles: Mapping[str, Any]) -> Sop:
    """Validate ``text`` as an SOP definition; raise :class:`SopValidationError` with all issues."""
    checker = _Checker(file, known_roles)
    try:
        doc = load_yaml(text)
    except YamlLineError as exc:
        raise SopValidationError([SopIssue(file, exc.line, exc.message)]) from exc
    if not isinstance(doc, LineDict):
        raise SopValidationError([SopIssue(file, 1, "an SOP file must be a mapping of fields")])
    checker.unknown_fields(doc, _TOP_FIELDS, "the SOP")
    sop_id = _slug(checker, doc, "id")
    unit = _slug(checker, doc, "unit")
    identity = _identity(checker, doc)
    roles = _roles(checker, doc)
    steps = _steps(checker, doc, roles)
    if steps and not checker.issues:
        _check_graph(checker, doc["langkah"], steps)
    if checker.issues:
        raise SopValidationError(sorted(checker.issues, key=lambda issue: issue.line))
    return Sop(id=sop_id, unit=unit, identity=identity, roles=roles, steps=steps, source=text)


def parse_sop_file(path: Path, *, known_roles: Mapping[str, Any]) -> Sop:
    """Read ``path`` (UTF-8) and validate it with :func:`parse_sop`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SopValidationError([SopIssue(str(path), 1, "the file is not UTF-8 text")]) from exc
    return parse_sop(text, file=str(path), known_roles=known_roles)


def _slug(checker: _Checker, doc: LineDict, key: str) -> str:
    value = checker.text(doc, key, required=True)
    if value and not _SLUG.match(value):
        checker.issue(
            doc.line_of(key),
            f"'{key}' must be lower-case letters, digits and '-' (got '{value}')",
        )
    return value


def _identity(checker: _Checker, doc: LineDict) -> Identity:
    node = doc.get("identitas")
    if not isinstance(node, LineDict):
        checker.issue(doc.line_of("identitas"), "'identitas' is required and must be a mapping")
        return Identity(nomor="", nama="")
    checker.unknown_fields(node, _IDENTITY_TEXT | _IDENTITY_DATES | _IDENTITY_LISTS, "identitas")
    dates: dict[str, date | None] = {}
    for key in sorted(_IDENTITY_DATES):
        dates[key] = _date(checker, node, key)
    text, texts = checker.text, checker.texts
    return Identity(
        nomor=text(node, "nomor"),
        nama=text(node, "nama", required=True),
        instansi=text(node, "instansi"),
        unit=text(node, "unit"),
        disahkan_oleh=text(node, "disahkan_oleh"),
        tanggal_pembuatan=dates["tanggal_pembuatan"],
        tanggal_revisi=dates["tanggal_revisi"],
        tanggal_efektif=dates["tanggal_efektif"],
        tanggal_pengesahan=dates["tanggal_pengesahan"],
        dasar_hukum=texts(node, "dasar_hukum"),
        kualifikasi_pelaksana=texts(node, "kualifikasi_pelaksana"),
        keterkaitan=texts(node, "keterkaitan"),
        peralatan=texts(node, "peralatan"),
        peringatan=texts(node, "peringatan"),
        pencatatan=texts(node, "pencatatan"),
    )


def _date(checker: _Checker, node: LineDict, key: str) -> date | None:
    value = node.get(key)
    if value is None:
        return None
    text = str(value).strip()
    try:
        if not _ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        checker.issue(
            node.line_of(key), f"'{key}' must be a real date written YYYY-MM-DD, not '{text}'"
        )
        return None


def _roles(checker: _Checker, doc: LineDict) -> tuple[str, ...]:
    node = doc.get("pelaksana")
    if not isinstance(node, LineList) or not node:
        checker.issue(doc.line_of("pelaksana"), "'pelaksana' must list at least one role (lane)")
        return ()
    roles: list[str] = []
    for role, line in zip(node, node.item_lines, strict=True):
        role_id = str(role)
        if role_id not in checker.known_roles:
            checker.issue(line, f"unknown role '{role_id}' (not in the role catalog)")
        elif role_id in roles:
            checker.issue(line, f"role '{role_id}' is listed twice")
        roles.append(role_id)
    return tuple(roles)


def _steps(checker: _Checker, doc: LineDict, roles: tuple[str, ...]) -> tuple[Step, ...]:
    node = doc.get("langkah")
    if not isinstance(node, LineList) or not node:
        checker.issue(doc.line_of("langkah"), "'langkah' must list at least one step")
        return ()
    rows = [row for row in node if isinstance(row, LineDict)]
    for row, line in zip(node, node.item_lines, strict=True):
        if not isinstance(row, LineDict):
            checker.issue(line, "each step must be a mapping of fields")
    numbers = [_step_no(checker, row) for row in rows]
    seen: set[str] = set()
    for row, no in zip(rows, numbers, strict=True):
        if no in seen:
            checker.issue(row.line_of("langkah"), f"step {no} is numbered twice")
        seen.add(no)
    following = [*numbers[1:], None]
    return tuple(
        _step(checker, row, no, after, roles, seen)
        for row, no, after in zip(rows, numbers, following, strict=True)
    )


def _step_no(checker: _Checker, row: LineDict) -> str:
    value = row.get("langkah")
    no = "" if value is None or isinstance(value, bool) else str(value).strip()
    if not _STEP_NO.match(no):
        checker.issue(row.line_of("langkah"), f"step number must look like 3 or 7a (got '{no}')")
    return no


def _step(
    checker: _Checker,
    row: LineDict,
    no: str,
    after: str | None,
    roles: tuple[str, ...],
    numbers: set[str],
) -> Step:
    checker.unknown_fields(row, _STEP_FIELDS, f"step {no}")
    kind_text = checker.text(row, "jenis") or "proses"
    kind: StepKind = "proses"
    if kind_text in _KINDS:
        kind = kind_text
    else:
        checker.issue(
            row.line_of("jenis"), f"step {no}: 'jenis' must be one of {', '.join(_KINDS)}"
        )
    role = checker.text(row, "pelaksana") or None
    if kind != "selesai" and role is None:
        checker.issue(row.line, f"step {no}: 'pelaksana' (the executor role) is required")
    elif role is not None and role not in roles:
        known = "" if role in checker.known_roles else " and is not in the role catalog"
        checker.issue(
            row.line_of("pelaksana"),
            f"step {no}: role '{role}' is not a lane of this SOP{known}",
        )
    targets = {key: _target(checker, row, key, no, numbers) for key in ("lanjut", "ya", "tidak")}
    _check_targets_for_kind(checker, row, no, kind, targets)
    wait = checker.standard(row, "menunggu") if "menunggu" in row else None
    standard = checker.standard(row, "waktu")
    if kind == "selesai" and standard.basis != "none":
        checker.issue(row.line_of("waktu"), f"step {no}: an end step has no standard time")
    numbered = row.get("bernomor", True)
    if not isinstance(numbered, bool):
        checker.issue(row.line_of("bernomor"), f"step {no}: 'bernomor' must be true or false")
        numbered = True
    return Step(
        no=no,
        kind=kind,
        activity=checker.text(row, "kegiatan", required=True),
        role=role,
        requirements=checker.texts(row, "kelengkapan"),
        standard=standard,
        output=checker.text(row, "output"),
        note=checker.text(row, "keterangan"),
        numbered=numbered,
        wait=wait,
        next=targets["lanjut"] or (after if kind == "proses" else None),
        on_yes=targets["ya"],
        on_no=targets["tidak"],
    )


def _target(checker: _Checker, row: LineDict, key: str, no: str, numbers: set[str]) -> str | None:
    if key not in row:
        return None
    value = row.get(key)
    target = "" if value is None else str(value).strip()
    if not target:
        checker.issue(row.line_of(key), f"step {no}: '{key}' needs a step number")
        return None
    if target not in numbers:
        checker.issue(
            row.line_of(key), f"step {no}: '{key}' points to step {target}, which does not exist"
        )
    elif target == no:
        checker.issue(row.line_of(key), f"step {no}: '{key}' points to the step itself")
    return target


def _check_targets_for_kind(
    checker: _Checker, row: LineDict, no: str, kind: StepKind, targets: dict[str, str | None]
) -> None:
    if kind == "keputusan":
        for key in ("ya", "tidak"):
            if key not in row:
                checker.issue(row.line, f"step {no}: a decision needs a '{key}' target")
        if "lanjut" in row:
            checker.issue(
                row.line_of("lanjut"), f"step {no}: a decision uses 'ya'/'tidak', not 'lanjut'"
            )
        return
    for key in ("ya", "tidak") if kind == "proses" else ("ya", "tidak", "lanjut"):
        if targets[key] is not None or key in row:
            where = "an end step has no targets" if kind == "selesai" else "only on a decision"
            checker.issue(row.line_of(key), f"step {no}: '{key}' is not allowed here ({where})")


def _successors(step: Step) -> list[str]:
    if step.kind == "selesai":
        return [_END]
    return [_END if target is None else target for target in step.transitions().values()]


def _check_graph(checker: _Checker, rows: LineList, steps: tuple[Step, ...]) -> None:
    lines = {step.no: row.line for step, row in zip(steps, rows, strict=True)}
    edges = {step.no: _successors(step) for step in steps}
    reachable = _closure([steps[0].no], edges)
    reverse: dict[str, list[str]] = {}
    for source, targets in edges.items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    finishing = _closure([_END], reverse)
    for step in steps:
        if step.no not in reachable:
            checker.issue(
                lines[step.no], f"step {step.no} can never be reached from the first step"
            )
        elif step.no not in finishing:
            checker.issue(lines[step.no], f"step {step.no} has no path to the end of the procedure")


def _closure(start: list[str], edges: Mapping[str, list[str]]) -> set[str]:
    seen, todo = set(start), list(start)
    while todo:
        for target in edges.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
