"""The app's one database connection and record engine, shared by every session of the process."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from ui.i18n import t
from workflows.db import DEFAULT_PATH, Database
from workflows.engine import Engine
from workflows.errors import LenteraError
from workflows.registry import sync_shipped

DB_ENV = "LENTERA_DB"


def db_path(argv: Sequence[str] | None = None) -> Path:
    """``--db`` from the script arguments (after ``--``), else ``$LENTERA_DB``, else the default."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    known, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    chosen = known.db or os.environ.get(DB_ENV) or DEFAULT_PATH
    return Path(chosen).expanduser().resolve()


def _close(db: Database) -> None:
    db.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def _open(path: str) -> Database:
    db = Database(path)
    sync_shipped(db)
    return db


@st.cache_resource(show_spinner=False)
def _engine(path: str) -> Engine:
    return Engine(_open(path))


def database() -> Database:
    """The process-wide database (opened, migrated and synced on first use)."""
    try:
        return _open(str(db_path()))
    except LenteraError as exc:
        st.error(f"{t('db.unavailable')} {exc}")
        st.stop()


def engine() -> Engine:
    """The process-wide record engine on :func:`database`."""
    database()
    return _engine(str(db_path()))
