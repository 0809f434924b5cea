"""``lentera compliance``: per SOP and step, n, median and p90 working minutes, standard, rate."""

from __future__ import annotations

import argparse
import json
import math
from datetime import datetime
from typing import Any

import pandas as pd

from analytics.compliance.measures import Filters, compliance
from workflows.cli_options import db_option
from workflows.db import Database
from workflows.errors import LenteraError
from workflows.fmt import format_number, format_working_minutes
from workflows.registry import list_sops


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``compliance`` command to the ``lentera`` parser."""
    parser = commands.add_parser(
        "compliance", help="step durations in working time against each SOP's standard"
    )
    db_option(parser)
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument("--sop", help="only this SOP id")
    parser.add_argument("--unit", help="only this unit id")
    parser.add_argument(
        "--now", help="measure open work up to this ISO instant with offset (default: now)"
    )
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    db = Database(args.db)
    now = _instant(args.now) if args.now else None
    filters = Filters(unit=args.unit, sop_id=args.sop)
    steps = compliance(db, ("sop_id", "step"), filters=filters, now=now)
    totals = {
        str(row["sop_id"]): row
        for row in compliance(db, ("sop_id",), filters=filters, now=now).to_dict("records")
    }
    titles = {sop_id: title for sop_id, _, title, _ in list_sops(db)}
    report = [
        {
            "sop_id": sop_id,
            "title": titles.get(sop_id, ""),
            "n": int(totals[sop_id]["n"]),
            "compliance_rate": _number(totals[sop_id]["compliance_rate"]),
            "steps": [_step(row) for row in steps[steps["sop_id"] == sop_id].to_dict("records")],
        }
        for sop_id in sorted(totals)
    ]
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(_text(report))
    return 0


def _step(row: dict[Any, Any]) -> dict[str, Any]:
    return {
        "step": row["step"],
        "n": int(row["n"]),
        "judged": int(row["judged"]),
        "median_working_minutes": _number(row["median_minutes"]),
        "p90_working_minutes": _number(row["p90_minutes"]),
        "standard": None if pd.isna(row["standard"]) else row["standard"],
        "compliance_rate": _number(row["compliance_rate"]),
    }


def _number(value: object) -> float | None:
    """A JSON-safe number: ``None`` for null/NaN, rounded to 4 decimals."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else round(number, 4)


def _text(report: list[dict[str, Any]]) -> str:
    """An Indonesian plain-text table per SOP."""
    lines: list[str] = []
    for sop in report:
        rate = sop["compliance_rate"]
        overall = "-" if rate is None else f"{format_number(100 * rate, 1)}%"
        lines.append(f"{sop['sop_id']} ({sop['title']}): n={sop['n']}, kepatuhan {overall}")
        lines.append(f"  {'langkah':<8}{'n':>5}  {'median':<18}{'p90':<18}{'standar':<28}patuh")
        for step in sop["steps"]:
            median, p90 = step["median_working_minutes"], step["p90_working_minutes"]
            share = step["compliance_rate"]
            lines.append(
                f"  {step['step']:<8}{step['n']:>5}  "
                f"{format_working_minutes(median or 0):<18}{format_working_minutes(p90 or 0):<18}"
                f"{step['standard'] or '-':<28}"
                f"{'-' if share is None else format_number(100 * share, 1) + '%'}"
            )
    return "\n".join(lines) or "belum ada langkah yang selesai"


def _instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise LenteraError(f"--now '{text}' is not an ISO date-time") from None
    if instant.tzinfo is None:
        raise LenteraError(f"--now '{text}' needs a UTC offset, e.g. 2026-11-20T10:00+07:00")
    return instant
