"""The one module that opens DuckDB: connection settings, schema migrations and transactions.

Timestamps are stored as naive ``TIMESTAMP`` values in UTC; the UI converts to the unit's zone.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from workflows.errors import DatabaseLocked, LenteraError

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "lentera.duckdb"

_APPEND_ONLY = (
    "CREATE TRIGGER {table}_no_{verb} AFTER {verb} ON {table} FOR EACH STATEMENT "
    "INSERT INTO append_only_guard "
    "SELECT error('the {what} is append-only: {verb}s are refused')"
)

_VERBS = ("update", "delete")
_POLL_DATA = (
    "poll_questions",
    "poll_waves",
    "poll_answers",
    "poll_codes",
    "poll_codings",
    "poll_weights",
)
"""The tables a poll's analysis table is built from (see ``analytics.polling.frames``)."""
_POLL_CHANGE = (
    "CREATE TRIGGER {table}_{verb}_noted AFTER {verb} ON {table} "
    "REFERENCING {rows} TABLE AS changed FOR EACH STATEMENT "
    "INSERT INTO poll_changes (poll_id, what) "
    "SELECT DISTINCT poll_id, '{table} {verb}' FROM changed"
)

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "units, users, SOP versions, records and the hash-chained event log",
        (
            """CREATE TABLE units (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                zone TEXT NOT NULL DEFAULT 'Asia/Jakarta',
                weekly JSON,
                count_cuti_bersama BOOLEAN NOT NULL DEFAULT true
            )""",
            """CREATE TABLE calendar_overrides (
                unit TEXT NOT NULL,
                day DATE NOT NULL,
                windows JSON NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (unit, day)
            )""",
            """CREATE TABLE roles (
                id TEXT PRIMARY KEY,
                label_id TEXT NOT NULL,
                label_en TEXT NOT NULL
            )""",
            """CREATE TABLE users (
                username TEXT PRIMARY KEY,
                full_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                active BOOLEAN NOT NULL DEFAULT true,
                failed_logins INTEGER NOT NULL DEFAULT 0,
                locked_until TIMESTAMP,
                created_at TIMESTAMP NOT NULL
            )""",
            """CREATE TABLE user_roles (
                username TEXT NOT NULL,
                role TEXT NOT NULL,
                unit TEXT NOT NULL,
                PRIMARY KEY (username, role, unit)
            )""",
            """CREATE TABLE sop_versions (
                sop_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                content_hash TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                unit TEXT NOT NULL,
                source TEXT NOT NULL,
                created_at TIMESTAMP NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (sop_id, version)
            )""",
            "CREATE SEQUENCE record_ids START 1",
            """CREATE TABLE records (
                id BIGINT PRIMARY KEY DEFAULT nextval('record_ids'),
                sop_id TEXT NOT NULL,
                sop_version INTEGER NOT NULL,
                unit TEXT NOT NULL,
                title TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('berjalan', 'selesai', 'dibatalkan')),
                current_step TEXT,
                assignee TEXT,
                step_started_at TIMESTAMP,
                step_ready_at TIMESTAMP,
                step_due_at TIMESTAMP,
                version INTEGER NOT NULL,
                last_hash TEXT NOT NULL,
                created_at TIMESTAMP NOT NULL,
                created_by TEXT NOT NULL,
                updated_at TIMESTAMP NOT NULL,
                updated_by TEXT NOT NULL
            )""",
            """CREATE TABLE events (
                record_id BIGINT NOT NULL,
                seq INTEGER NOT NULL,
                occurred_at TIMESTAMP NOT NULL,
                actor TEXT NOT NULL,
                role TEXT,
                action TEXT NOT NULL,
                step_from TEXT,
                step_to TEXT,
                decision TEXT CHECK (decision IN ('ya', 'tidak')),
                note TEXT NOT NULL DEFAULT '',
                payload JSON NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY (record_id, seq)
            )""",
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE append_only_guard (message TEXT)",
            *(_APPEND_ONLY.format(table="events", what="event log", verb=verb) for verb in _VERBS),
        ),
    ),
    (
        2,
        "admin log of changes to users, grants and calendars; single sign-on identities",
        (
            "CREATE SEQUENCE admin_log_ids START 1",
            """CREATE TABLE admin_log (
                id BIGINT PRIMARY KEY DEFAULT nextval('admin_log_ids'),
                occurred_at TIMESTAMP NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail JSON NOT NULL
            )""",
            """CREATE TABLE sso_identities (
                identity TEXT PRIMARY KEY,
                username TEXT NOT NULL
            )""",
        ),
    ),
    (
        3,
        "polls: codebooks, waves and answers in long form",
        (
            "CREATE SEQUENCE poll_ids START 1",
            """CREATE TABLE polls (
                id BIGINT PRIMARY KEY DEFAULT nextval('poll_ids'),
                title TEXT NOT NULL,
                unit TEXT NOT NULL,
                record_id BIGINT,
                probability BOOLEAN NOT NULL DEFAULT false,
                created_at TIMESTAMP NOT NULL,
                created_by TEXT NOT NULL
            )""",
            """CREATE TABLE poll_questions (
                poll_id BIGINT NOT NULL,
                code TEXT NOT NULL,
                position INTEGER NOT NULL,
                label TEXT NOT NULL,
                type TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'likert', 'numeric',
                    'text', 'weight', 'date', 'meta')),
                options JSON NOT NULL,
                columns JSON NOT NULL,
                separator TEXT,
                PRIMARY KEY (poll_id, code)
            )""",
            """CREATE TABLE poll_waves (
                poll_id BIGINT NOT NULL,
                wave INTEGER NOT NULL,
                label TEXT NOT NULL,
                filename TEXT NOT NULL,
                encoding TEXT NOT NULL,
                separator TEXT,
                platform TEXT NOT NULL,
                respondents INTEGER NOT NULL,
                imported_at TIMESTAMP NOT NULL,
                imported_by TEXT NOT NULL,
                PRIMARY KEY (poll_id, wave)
            )""",
            """CREATE TABLE poll_answers (
                poll_id BIGINT NOT NULL,
                wave INTEGER NOT NULL,
                respondent INTEGER NOT NULL,
                question TEXT NOT NULL,
                value TEXT NOT NULL
            )""",
        ),
    ),
    (
        4,
        "DIP items with their labels and model suggestions, the review log, model versions",
        (
            "CREATE SEQUENCE dip_item_ids START 1",
            """CREATE TABLE dip_items (
                id BIGINT PRIMARY KEY DEFAULT nextval('dip_item_ids'),
                agency TEXT NOT NULL,
                unit TEXT NOT NULL DEFAULT '',
                nomor TEXT NOT NULL DEFAULT '',
                title TEXT NOT NULL CHECK (length(trim(title)) > 0),
                title_key TEXT NOT NULL,
                ringkasan TEXT NOT NULL DEFAULT '',
                penanggung_jawab TEXT NOT NULL DEFAULT '',
                waktu_tempat TEXT NOT NULL DEFAULT '',
                bentuk TEXT NOT NULL DEFAULT '',
                retensi TEXT NOT NULL DEFAULT '',
                dasar_hukum TEXT NOT NULL DEFAULT '',
                topic TEXT,
                category TEXT CHECK (category IN
                    ('berkala', 'serta_merta', 'setiap_saat', 'dikecualikan')),
                suggested_topic TEXT,
                suggested_category TEXT,
                topic_confidence DOUBLE,
                category_confidence DOUBLE,
                explanation TEXT NOT NULL DEFAULT '',
                model_version INTEGER,
                status TEXT NOT NULL CHECK (status IN
                    ('baru', 'disarankan', 'ditinjau', 'uji_konsekuensi')),
                reviewed_by TEXT,
                reviewed_at TIMESTAMP,
                consequence_record BIGINT,
                source TEXT NOT NULL DEFAULT '',
                source_row INTEGER,
                imported_at TIMESTAMP NOT NULL,
                imported_by TEXT NOT NULL,
                UNIQUE (agency, title_key)
            )""",
            "CREATE INDEX dip_items_queue ON dip_items (agency, status, category_confidence)",
            """CREATE TABLE dip_reviews (
                item_id BIGINT NOT NULL,
                reviewed_at TIMESTAMP NOT NULL,
                reviewer TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN
                    ('terima', 'koreksi', 'terima_massal', 'uji_konsekuensi')),
                topic TEXT NOT NULL,
                category TEXT NOT NULL,
                suggested_topic TEXT,
                suggested_category TEXT,
                model_version INTEGER
            )""",
            """CREATE TABLE dip_models (
                version INTEGER PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                created_by TEXT NOT NULL,
                corpus_items INTEGER NOT NULL,
                reviewed_items INTEGER NOT NULL,
                metrics JSON NOT NULL
            )""",
        ),
    ),
    (
        5,
        "compliance: calendar days, SOP steps and totals, legal deadlines",
        (
            # Derived from units/calendar_overrides and sop_versions by analytics.compliance;
            # rebuilt on demand. Windows are local minutes of the day, c = working minutes of
            # the day before the window; instants are naive UTC like every other table.
            """CREATE TABLE work_days (
                unit TEXT NOT NULL,
                day DATE NOT NULL,
                utc_offset_min INTEGER NOT NULL,
                windows STRUCT(s INTEGER, e INTEGER, c INTEGER)[] NOT NULL,
                minutes INTEGER NOT NULL,
                cum_minutes BIGINT NOT NULL,
                cum_days INTEGER NOT NULL,
                next_open TIMESTAMP,
                next_close TIMESTAMP,
                profile INTEGER NOT NULL,
                PRIMARY KEY (unit, day)
            )""",
            # One row per distinct day profile (set of windows) and minute of the day:
            # k = profile * 1440 + minute; worked = working minutes of the day before it.
            """CREATE TABLE work_minutes (
                k INTEGER PRIMARY KEY,
                worked INTEGER NOT NULL,
                open BOOLEAN NOT NULL
            )""",
            """CREATE TABLE sop_steps (
                sop_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                step TEXT NOT NULL,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL,
                role TEXT,
                standard_raw TEXT NOT NULL,
                basis TEXT NOT NULL,
                std_minutes INTEGER,
                std_days INTEGER,
                std_months INTEGER NOT NULL,
                std_weeks INTEGER NOT NULL,
                wait_months INTEGER NOT NULL,
                wait_weeks INTEGER NOT NULL,
                PRIMARY KEY (sop_id, version, step)
            )""",
            """CREATE TABLE sop_totals (
                sop_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                total_minutes INTEGER NOT NULL,
                total_days INTEGER NOT NULL,
                total_months INTEGER NOT NULL,
                total_weeks INTEGER NOT NULL,
                judged BOOLEAN NOT NULL,
                PRIMARY KEY (sop_id, version)
            )""",
            """CREATE TABLE legal_deadlines (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                legal_basis TEXT NOT NULL,
                working_days INTEGER NOT NULL CHECK (working_days > 0),
                extension_days INTEGER NOT NULL DEFAULT 0 CHECK (extension_days >= 0),
                extension_basis TEXT NOT NULL DEFAULT ''
            )""",
            """CREATE TABLE legal_deadline_uses (
                deadline_id TEXT NOT NULL,
                sop_id TEXT NOT NULL,
                start_step TEXT NOT NULL,
                stop_step TEXT NOT NULL,
                PRIMARY KEY (deadline_id, sop_id)
            )""",
            """INSERT INTO legal_deadlines VALUES
                ('uu14-permohonan', 'Jawaban atas permohonan informasi publik',
                 'UU 14/2008 Pasal 22 ayat (7)', 10, 7, 'UU 14/2008 Pasal 22 ayat (8)'),
                ('uu14-keberatan', 'Tanggapan atas keberatan',
                 'UU 14/2008 Pasal 36 ayat (2)', 30, 0, '')""",
        ),
    ),
    (
        6,
        "open answers of polls: code frames and coded answers",
        (
            """CREATE TABLE poll_codes (
                poll_id BIGINT NOT NULL,
                question TEXT NOT NULL,
                code TEXT NOT NULL CHECK (length(trim(code)) > 0),
                label TEXT NOT NULL CHECK (length(trim(label)) > 0),
                position INTEGER NOT NULL,
                PRIMARY KEY (poll_id, question, code)
            )""",
            """CREATE TABLE poll_codings (
                poll_id BIGINT NOT NULL,
                question TEXT NOT NULL,
                wave INTEGER NOT NULL,
                respondent INTEGER NOT NULL,
                code TEXT NOT NULL,
                confidence DOUBLE,
                coded_by TEXT NOT NULL,
                coded_at TIMESTAMP NOT NULL,
                PRIMARY KEY (poll_id, question, wave, respondent, code)
            )""",
        ),
    ),
    (
        7,
        "polls: raked weights per wave with the margins and diagnostics they came from",
        (
            """CREATE TABLE poll_weightings (
                poll_id BIGINT NOT NULL,
                wave INTEGER NOT NULL,
                targets JSON NOT NULL,
                diagnostics JSON NOT NULL,
                created_at TIMESTAMP NOT NULL,
                created_by TEXT NOT NULL,
                PRIMARY KEY (poll_id, wave)
            )""",
            """CREATE TABLE poll_weights (
                poll_id BIGINT NOT NULL,
                wave INTEGER NOT NULL,
                respondent INTEGER NOT NULL,
                weight DOUBLE NOT NULL CHECK (weight > 0),
                PRIMARY KEY (poll_id, wave, respondent)
            )""",
        ),
    ),
    (
        8,
        "the admin log and the DIP review log are append-only, like the event log",
        tuple(
            _APPEND_ONLY.format(table=table, what=what, verb=verb)
            for table, what in (("admin_log", "admin log"), ("dip_reviews", "DIP review log"))
            for verb in _VERBS
        ),
    ),
    (
        9,
        "polls: a log of data changes, which keys the cache of analysis tables",
        (
            "CREATE SEQUENCE poll_change_ids START 1",
            """CREATE TABLE poll_changes (
                id BIGINT PRIMARY KEY DEFAULT nextval('poll_change_ids'),
                poll_id BIGINT NOT NULL,
                what TEXT NOT NULL
            )""",
            *(
                _POLL_CHANGE.format(table=table, verb=verb, rows=rows)
                for table in _POLL_DATA
                for verb, rows in (("insert", "NEW"), ("update", "NEW"), ("delete", "OLD"))
            ),
        ),
    ),
)

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def utcnow() -> datetime:
    """The current instant as an aware UTC datetime (the application clock)."""
    return datetime.now(UTC)


def to_db(instant: datetime) -> datetime:
    """An aware instant as the naive UTC value stored in DuckDB."""
    if instant.tzinfo is None:
        raise ValueError("instants must be timezone-aware before they are stored")
    return instant.astimezone(UTC).replace(tzinfo=None)


def from_db(value: datetime | None) -> datetime | None:
    """A stored naive UTC value as an aware UTC datetime."""
    return None if value is None else value.replace(tzinfo=UTC)


class Database:
    """An open, migrated Lentera database file. Use one per process; it is thread-safe.

    Each thread gets its own cursor (DuckDB connections are not thread-safe).
    """

    def __init__(self, path: Path | str = DEFAULT_PATH) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:
            raise _locked_error(self.path, exc) from exc
        self._local = threading.local()
        self._users_generation = 0
        self._calendars_generation = 0
        self._generation_lock = threading.Lock()
        self.migrate()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared connection."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cursor = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run the block in one transaction on this thread's cursor; roll back on any error."""
        cur = self.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    @property
    def users_generation(self) -> int:
        """A counter of changes to users and grants made through this object.

        DuckDB lets one process open the file read-write, and every change to users goes
        through ``workflows.users``, which bumps it: caches of users compare it to stay fresh.
        """
        return self._users_generation

    def users_changed(self) -> None:
        """Note that users or grants changed (called by ``workflows.users``)."""
        with self._generation_lock:
            self._users_generation += 1

    @property
    def calendars_generation(self) -> int:
        """A counter of changes to unit calendars made through this object (see ``units``)."""
        return self._calendars_generation

    def calendars_changed(self) -> None:
        """Note that a unit's zone, weekly windows, cuti bersama switch or overrides changed."""
        with self._generation_lock:
            self._calendars_generation += 1

    def query(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a parameterised read and return its rows."""
        return self.cursor().execute(sql, params).fetchall()

    def setting(self, key: str) -> str | None:
        """A value of the ``settings`` table (e.g. ``demo``), or ``None``."""
        rows = self.query("SELECT value FROM settings WHERE key = ?", [key])
        return str(rows[0][0]) if rows else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a value in the ``settings`` table."""
        self.cursor().execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, value])

    def schema_version(self) -> int:
        """The highest migration applied."""
        rows = self.query("SELECT coalesce(max(version), 0) FROM schema_migrations")
        return int(rows[0][0])

    def migrate(self) -> list[int]:
        """Apply every migration not yet applied, each in its own transaction."""
        cur = self.cursor()
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        applied: list[int] = []
        for version, name, statements in MIGRATIONS:
            if version <= self.schema_version():
                continue
            with self.transaction() as tx:
                for statement in statements:
                    tx.execute(statement)
                tx.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [version, name, to_db(utcnow())],
                )
            applied.append(version)
        return applied

    def close(self) -> None:
        """Close the connection (cursors of other threads become unusable)."""
        self._con.close()


def _locked_error(path: Path, exc: duckdb.IOException) -> LenteraError:
    match = _LOCK_HOLDER.search(str(exc))
    if match is None:
        return DatabaseLocked(f"cannot open the database {path}: {exc}")
    return DatabaseLocked(
        f"the database {path} is in use by another process (PID {match['pid']}, "
        f"{Path(match['program']).name}), most likely the running Lentera app. DuckDB lets only "
        "one process open a database file: stop the app first, or do this from inside the app."
    )
