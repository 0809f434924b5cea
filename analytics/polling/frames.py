"""The typed wide table of a poll as every analysis page reads it (coded open answers and stored
raked weights included), kept in a process cache so that a page rerun does not rebuild it.

Freshness is the database's job: triggers on every table the table is built from (questions,
waves, answers, code frames, codings, raked weights; the ``poll_changes`` migration in
``workflows/db.py``) append a row to ``poll_changes`` in the transaction of any insert, update
or delete, whoever writes.
Each call reads the poll's newest change id first and rebuilds the table when it moved, so the
next read after a change (a new wave, a codebook edit, a coding, a raking) sees it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from analytics.polling.codebook import Codebook
from analytics.polling.coding import with_coded
from analytics.polling.store import poll_codebook, responses
from analytics.polling.weighting import with_raked_weights
from workflows.db import Database

MAX_POLLS = 4
"""Polls kept per database: a table of 1M respondents and 20 questions holds about 70 MB."""


@dataclass(frozen=True)
class _Entry:
    stamp: int
    frame: pd.DataFrame
    codebook: Codebook


_cache: weakref.WeakKeyDictionary[Database, OrderedDict[int, _Entry]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_building = threading.Lock()
"""One build at a time: sessions opening the same poll together wait for one build."""


def poll_stamp(db: Database, poll_id: int) -> int:
    """The id of the poll's newest data change (0 before any): equal stamps, equal data."""
    rows = db.query("SELECT coalesce(max(id), 0) FROM poll_changes WHERE poll_id = ?", [poll_id])
    return int(rows[0][0])


def poll_frame(db: Database, poll_id: int) -> tuple[pd.DataFrame, Codebook]:
    """The poll's responses (every wave) with coded open answers and the raked weights column,
    and the codebook with the coded questions; from the cache when nothing changed since.

    Callers get a shallow copy of the cached table (pandas copies on write), so changing it
    leaves the cache alone."""
    stamp = poll_stamp(db, poll_id)
    entry = _cached(db, poll_id, stamp)
    if entry is None:
        with _building:
            entry = _cached(db, poll_id, stamp) or _build(db, poll_id, stamp)
    return entry.frame.copy(deep=False), entry.codebook


def _cached(db: Database, poll_id: int, stamp: int) -> _Entry | None:
    with _lock:
        polls = _cache.get(db)
        entry = None if polls is None else polls.get(poll_id)
        if polls is None or entry is None or entry.stamp != stamp:
            return None
        polls.move_to_end(poll_id)
        return entry


def _build(db: Database, poll_id: int, stamp: int) -> _Entry:
    # Read after the stamp: a change in between makes the table newer than its stamp, and the
    # next call rebuilds it; never older.
    frame, codebook = with_coded(db, poll_id, responses(db, poll_id), poll_codebook(db, poll_id))
    entry = _Entry(stamp, with_raked_weights(db, poll_id, frame), codebook)
    with _lock:
        polls = _cache.setdefault(db, OrderedDict())
        polls[poll_id] = entry
        polls.move_to_end(poll_id)
        while len(polls) > MAX_POLLS:
            polls.popitem(last=False)
    return entry


def clear_frames() -> None:
    """Forget every cached table (benchmarks time cold reads with it)."""
    with _lock:
        _cache.clear()
