"""The typed wide table of a poll as every analysis reads it (coded open answers and stored raked
weights included), kept in a process cache so that a page rerun does not rebuild it.

Freshness: every change to what the table is built from (an imported wave, a codebook edit, a
code frame, coded answers, stored weights) appends a row to ``poll_changes`` in the same
transaction as the change (``store.note_change``). The cache keys each poll's table by the newest
change id, read first on every call, so the next read after any change rebuilds it, whichever
``Database`` object or process made the change.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from analytics.polling.codebook import Codebook
from analytics.polling.coding import with_coded
from analytics.polling.store import poll_codebook, poll_stamp, responses
from analytics.polling.weighting import with_raked_weights
from workflows.db import Database

MAX_POLLS = 4
"""Polls kept per database: each 1M-respondent table holds a few hundred MB."""


@dataclass(frozen=True)
class _Entry:
    stamp: int
    frame: pd.DataFrame
    codebook: Codebook


_cache: weakref.WeakKeyDictionary[Database, OrderedDict[int, _Entry]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def poll_frame(db: Database, poll_id: int) -> tuple[pd.DataFrame, Codebook]:
    """The poll's responses (every wave) with coded open answers and the raked weights column,
    and the codebook with the coded questions; from the cache when nothing changed since.

    The frame is shared: callers get a shallow copy (copy-on-write), so changing it leaves the
    cached table alone."""
    stamp = poll_stamp(db, poll_id)
    with _lock:
        polls = _cache.setdefault(db, OrderedDict())
        entry = polls.get(poll_id)
        if entry is not None and entry.stamp == stamp:
            polls.move_to_end(poll_id)
            return entry.frame.copy(deep=False), entry.codebook
    frame, codebook = with_coded(db, poll_id, responses(db, poll_id), poll_codebook(db, poll_id))
    frame = with_raked_weights(db, poll_id, frame)
    with _lock:
        polls = _cache.setdefault(db, OrderedDict())
        polls[poll_id] = _Entry(stamp, frame, codebook)
        polls.move_to_end(poll_id)
        while len(polls) > MAX_POLLS:
            polls.popitem(last=False)
    return frame.copy(deep=False), codebook


def clear_frames() -> None:
    """Forget every cached table (benchmarks time cold reads with it)."""
    with _lock:
        _cache.clear()
