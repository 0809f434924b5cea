"""``lentera flowchart``: an SOP's swimlane flowchart as an SVG file (for print or a notebook)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workflows.catalog import shipped_sop
from workflows.db import Database
from workflows.errors import NotFound
from workflows.flowchart import render_flowchart
from workflows.registry import latest_version, load_sop
from workflows.sop import Sop


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``flowchart`` command to the ``lentera`` parser."""
    flowchart = commands.add_parser(
        "flowchart",
        help="draw an SOP as a swimlane flowchart (SVG)",
        description="Draw an SOP as an SVG swimlane flowchart: a shipped definition, or a "
        "version stored in a database with --db.",
    )
    flowchart.add_argument("sop_id", metavar="SOP_ID", help="e.g. cirebon-polling")
    flowchart.add_argument("--db", type=Path, help="draw a version stored in this database")
    flowchart.add_argument("--version", type=int, help="stored version (default: the latest)")
    flowchart.add_argument("--lang", choices=("id", "en"), default="id", help="labels (id)")
    flowchart.add_argument("--highlight", metavar="STEP", help="outline this step")
    flowchart.add_argument(
        "-o", "--output", type=Path, help="write the SVG to this file (default: standard output)"
    )
    flowchart.set_defaults(handler=_flowchart)


def _flowchart(args: argparse.Namespace) -> int:
    svg = render_flowchart(_sop(args), lang=args.lang, highlight=args.highlight)
    if args.output is None:
        sys.stdout.write(svg)
    else:
        args.output.write_text(svg, encoding="utf-8")
        print(f"{args.output}: {args.sop_id}")
    return 0


def _sop(args: argparse.Namespace) -> Sop:
    if args.db is None:
        if args.version is not None:
            raise ValueError("--version needs --db: the shipped definitions have no versions")
        try:
            return shipped_sop(args.sop_id)
        except KeyError as exc:
            raise NotFound(str(exc.args[0])) from exc
    if not args.db.exists():
        raise NotFound(f"there is no database file {args.db}")
    db = Database(args.db)
    try:
        version = args.version or latest_version(db, args.sop_id)
        return load_sop(db, args.sop_id, version)
    finally:
        db.close()
