"""DIP items in the database: import, the review queue, and the PPID's review operations.

Every operation is one transaction. Reviews are appended to ``dip_reviews`` (who, when, what was
suggested, what was decided, by which model version), so the model can learn from them and the
PPID can show who classified what.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime

import duckdb
import pandas as pd

from analytics.dip.io import DipImportError, row_list, title_key
from analytics.dip.taxonomy import CATEGORIES, EXCEPTED, Taxonomy, load_taxonomy
from workflows.db import Database, to_db, utcnow
from workflows.engine import Engine, Record
from workflows.errors import InvalidTransition, LenteraError, NotFound

Clock = Callable[[], datetime]
CONSEQUENCE_SOP = "serang-uji-konsekuensi"
_ITEM_COLUMNS = (
    "agency", "unit", "nomor", "title", "title_key", "ringkasan", "penanggung_jawab",
    "waktu_tempat", "bentuk", "retensi", "dasar_hukum", "topic", "category", "status", "source",
    "source_row", "imported_at", "imported_by",
)  # fmt: skip
_QUEUE_FILTERS = ("agency", "unit", "suggested_topic", "suggested_category")
_QUEUE_SELECT = (
    "SELECT id, agency, unit, title, ringkasan, suggested_topic, topic_confidence, "
    "suggested_category, category_confidence, explanation, model_version FROM dip_items"
)
_BULK_WHERE = (
    "status = 'disarankan' AND suggested_category <> 'dikecualikan' "
    "AND topic_confidence >= ? AND category_confidence >= ? AND (? IS NULL OR agency = ?)"
)
_BULK_IDS = f"SELECT id FROM dip_items WHERE {_BULK_WHERE}"  # noqa: S608
_BULK_UPDATE = (
    "UPDATE dip_items SET topic = suggested_topic, category = suggested_category, "  # noqa: S608
    f"status = 'ditinjau', reviewed_by = ?, reviewed_at = ? WHERE {_BULK_WHERE}"
)


class NeedsConsequenceTest(LenteraError):
    """A *dikecualikan* label is set only through the consequence test, never by accepting."""


@dataclass(frozen=True)
class ConsequenceWorksheet:
    """The Uji Konsekuensi worksheet (lembar) of one excepted item."""

    informasi: str
    dasar_hukum: str
    konsekuensi_dibuka: str
    konsekuensi_ditutup: str
    jangka_waktu: str

    def check(self) -> None:
        """Every field is required: the exception is not valid without it."""
        empty = [name for name, value in asdict(self).items() if not str(value).strip()]
        if empty:
            raise InvalidTransition(f"the consequence-test worksheet lacks: {', '.join(empty)}")


def import_items(
    db: Database,
    frame: pd.DataFrame,
    *,
    agency: str,
    user: str,
    source: str,
    clock: Clock = utcnow,
    taxonomy: Taxonomy | None = None,
) -> int:
    """Store checked items (see :func:`analytics.dip.io.canonical`) of one agency, all or none.

    Items that carry a category are the agency's existing, published labels: they count as
    reviewed. The others wait for a suggestion (status ``baru``).
    """
    taxonomy = taxonomy or load_taxonomy()
    agency = agency.strip()
    if not agency:
        raise DipImportError("an import needs the agency the DIP belongs to")
    unknown_topics = sorted(set(frame["topic"]) - set(taxonomy.ids) - {""})
    if unknown_topics:
        rows = frame.index[frame["topic"].isin(unknown_topics)].tolist()
        raise DipImportError(
            f"{source}: unknown topic(s) {', '.join(unknown_topics)} in row(s) "
            f"{row_list(rows)}; the taxonomy has {', '.join(taxonomy.ids)}"
        )
    incoming = frame.assign(
        agency=agency,
        title_key=frame["title"].map(title_key),
        topic=frame["topic"].replace("", None),
        category=frame["category"].replace("", None),
        status=["ditinjau" if c else "baru" for c in frame["category"]],
        source=source,
        source_row=frame.index.astype(int),
        imported_at=to_db(clock()),
        imported_by=user,
    ).loc[:, list(_ITEM_COLUMNS)]
    with db.transaction() as tx:
        stored = {
            row[0]
            for row in tx.execute(
                "SELECT title_key FROM dip_items WHERE agency = ?", [agency]
            ).fetchall()
        }
        clash = incoming.index[incoming["title_key"].isin(stored)].tolist()
        if clash:
            raise DipImportError(
                f"{source}: row(s) {row_list(clash)} repeat items that "
                f"{agency} already has; remove them or import only the new items"
            )
        tx.register("incoming_dip", incoming)
        columns = ", ".join(_ITEM_COLUMNS)
        # The statement names only the constant column list above; values come from the frame.
        tx.execute(f"INSERT INTO dip_items ({columns}) SELECT {columns} FROM incoming_dip")  # noqa: S608
        tx.unregister("incoming_dip")
    return len(incoming)


def queue(
    db: Database, limit: int = 50, *, most_confident_first: bool = False, **filters: str | None
) -> pd.DataFrame:
    """Items waiting for review, least confident category first (most confident first on
    request); filter by ``agency``, ``unit``, ``suggested_topic`` or ``suggested_category``."""
    where = ["status = 'disarankan'"]
    params: list[object] = []
    for column in _QUEUE_FILTERS:
        value = filters.pop(column, None)
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if filters:
        raise ValueError(f"unknown filters {sorted(filters)}; use {', '.join(_QUEUE_FILTERS)}")
    # Only the fixed fragments above are spliced in; every value is a parameter.
    condition = " AND ".join(where)
    direction = "DESC" if most_confident_first else "ASC"
    sql = f"{_QUEUE_SELECT} WHERE {condition} ORDER BY category_confidence {direction}, id LIMIT ?"
    return db.cursor().execute(sql, [*params, limit]).df()


def _log(
    tx: duckdb.DuckDBPyConnection, item_id: int, user: str, action: str, now: datetime
) -> None:
    tx.execute(
        "INSERT INTO dip_reviews SELECT id, ?, ?, ?, topic, category, suggested_topic, "
        "suggested_category, model_version FROM dip_items WHERE id = ?",
        [to_db(now), user, action, item_id],
    )


def _pending(tx: duckdb.DuckDBPyConnection, item_id: int) -> tuple[str, str, str]:
    rows = tx.execute(
        "SELECT status, suggested_topic, suggested_category, reviewed_by FROM dip_items "
        "WHERE id = ?",
        [item_id],
    ).fetchall()
    if not rows:
        raise NotFound(f"DIP item {item_id} does not exist")
    status, topic, category, reviewer = rows[0]
    if status != "disarankan":
        by = f" by {reviewer}" if reviewer else ""
        raise InvalidTransition(f"DIP item {item_id} is not waiting for review ({status}{by})")
    return str(status), str(topic), str(category)


def accept(db: Database, item_id: int, user: str, clock: Clock = utcnow) -> None:
    """Take the suggested topic and category as the item's labels."""
    correct(db, item_id, user, None, None, clock=clock, action="terima")


def correct(
    db: Database,
    item_id: int,
    user: str,
    topic: str | None,
    category: str | None,
    *,
    clock: Clock = utcnow,
    action: str = "koreksi",
    taxonomy: Taxonomy | None = None,
) -> None:
    """Set the labels the reviewer chose (``None`` keeps the suggestion for that label)."""
    taxonomy = taxonomy or load_taxonomy()
    if topic is not None and topic not in taxonomy.ids:
        raise ValueError(f"unknown topic '{topic}'")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category '{category}'; use one of {', '.join(CATEGORIES)}")
    now = clock()
    with db.transaction() as tx:
        _, suggested_topic, suggested_category = _pending(tx, item_id)
        if (category or suggested_category) == EXCEPTED:
            raise NeedsConsequenceTest(
                f"DIP item {item_id} would be dikecualikan: confirm it through the "
                "consequence test (Uji Konsekuensi), which records the legal basis"
            )
        tx.execute(
            "UPDATE dip_items SET topic = ?, category = ?, status = 'ditinjau', "
            "reviewed_by = ?, reviewed_at = ? WHERE id = ?",
            [topic or suggested_topic, category or suggested_category, user, to_db(now), item_id],
        )
        _log(tx, item_id, user, action, now)


def bulk_accept(
    db: Database, user: str, threshold: float, *, agency: str | None = None, clock: Clock = utcnow
) -> int:
    """Accept every waiting suggestion whose topic and category confidences reach
    ``threshold``, except *dikecualikan* ones; return how many were accepted."""
    if not 0.5 <= threshold <= 1:
        raise ValueError("the threshold for bulk acceptance must lie between 0.5 and 1")
    now = to_db(clock())
    params = [threshold, threshold, agency, agency]
    with db.transaction() as tx:
        ids = [row[0] for row in tx.execute(_BULK_IDS, params).fetchall()]
        tx.execute(_BULK_UPDATE, [user, now, *params])
        tx.execute(
            "INSERT INTO dip_reviews SELECT id, ?, ?, 'terima_massal', topic, category, "
            "suggested_topic, suggested_category, model_version FROM dip_items "
            "WHERE id IN (SELECT unnest(?::BIGINT[]))",
            [now, user, ids],
        )
    return len(ids)


def confirm_excepted(
    db: Database,
    engine: Engine,
    item_id: int,
    user: str,
    worksheet: ConsequenceWorksheet,
    *,
    topic: str | None = None,
) -> Record:
    """Open the consequence-test record (the Serang Uji Konsekuensi SOP) for an item the PPID
    wants to except, with the worksheet as its requirements, and mark the item as under test:
    both in one transaction, so an item reviewed meanwhile leaves no record behind.

    The user must hold the SOP's first role (PPID Pembantu); the engine checks it.
    """
    worksheet.check()
    with db.transaction() as tx:
        _pending(tx, item_id)
        title = str(
            tx.execute("SELECT title FROM dip_items WHERE id = ?", [item_id]).fetchall()[0][0]
        )

    def mark_item(tx: duckdb.DuckDBPyConnection, record: Record) -> None:
        # Checked again inside the record's transaction: someone may have reviewed it meanwhile.
        _, suggested_topic, _ = _pending(tx, item_id)
        tx.execute(
            "UPDATE dip_items SET topic = ?, category = 'dikecualikan', "
            "status = 'uji_konsekuensi', consequence_record = ?, reviewed_by = ?, "
            "reviewed_at = ? WHERE id = ?",
            [topic or suggested_topic, record.id, user, to_db(record.created_at), item_id],
        )
        _log(tx, item_id, user, "uji_konsekuensi", record.created_at)

    return engine.start(
        user,
        CONSEQUENCE_SOP,
        f"Uji konsekuensi DIP: {title}"[:200],
        requirements={f"lembar_{k}": v for k, v in asdict(worksheet).items()},
        within=mark_item,
    )


def agencies(db: Database) -> list[str]:
    """The agencies with DIP items, alphabetically."""
    return [str(r[0]) for r in db.query("SELECT DISTINCT agency FROM dip_items ORDER BY 1")]


def units(db: Database) -> list[str]:
    """The units (pejabat/unit yang menguasai) named by DIP items, alphabetically."""
    rows = db.query("SELECT DISTINCT unit FROM dip_items WHERE unit <> '' ORDER BY 1")
    return [str(r[0]) for r in rows]


def counts(db: Database) -> dict[str, int]:
    """How many items are in each status (``baru``, ``disarankan``, ``ditinjau``, ...)."""
    return {
        str(s): int(n) for s, n in db.query("SELECT status, count(*) FROM dip_items GROUP BY 1")
    }
