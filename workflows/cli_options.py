"""Options shared by every ``lentera`` command, whichever package registers it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from workflows.db import DEFAULT_PATH


def db_option(parser: argparse.ArgumentParser) -> None:
    """``--db PATH``, defaulting to ``$LENTERA_DB`` or ``data/lentera.duckdb``."""
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("LENTERA_DB", DEFAULT_PATH)),
        help="database file (default: $LENTERA_DB or data/lentera.duckdb)",
    )
