"""``lentera``: the command line for operators and batch jobs (``lentera COMMAND --help``)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from analytics.compliance.cli import register as register_compliance
from analytics.dip.cli import register as register_dip
from analytics.polling.cli import register as register_poll
from workflows import admin_cli, flowchart_cli
from workflows.audit import verify
from workflows.calendar import ZONES, WorkCalendar
from workflows.catalog import role_catalog, shipped_sops
from workflows.cli_options import db_option
from workflows.db import Database
from workflows.demo import seed_demo
from workflows.errors import LenteraError
from workflows.fmt import format_datetime
from workflows.registry import latest_version, list_sops, load_sop, sync_shipped
from workflows.sop_file import SopValidationError, parse_sop_file
from workflows.standard_time import StandardTimeError, parse_standard_time
from workflows.users import (
    ADMIN_PASSWORD_ENV,
    ADMIN_USER_ENV,
    add_user,
    first_admin_from_env,
    parse_grant,
    set_grants,
    set_password,
)

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; errors print one sentence to stderr and exit with status 2."""
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except (LenteraError, StandardTimeError, ValueError) as exc:
        print(f"lentera: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lentera", description="Lentera: SOP records, calendars and audit for PPID offices."
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    init = commands.add_parser("init", help="create or migrate the database and load the SOPs")
    db_option(init)
    init.add_argument("--demo-if-empty", action="store_true", help="seed demo data if no users")
    init.set_defaults(handler=_init)

    demo = commands.add_parser("demo", help="seed a deterministic year of demo records")
    db_option(demo)
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.add_argument("--records", type=int, default=300, help="number of records (default 300)")
    demo.set_defaults(handler=_demo)

    sop = commands.add_parser("sop", help="validate and export SOP definitions")
    sop_commands = sop.add_subparsers(title="sop commands", metavar="SUBCOMMAND")
    validate = sop_commands.add_parser("validate", help="validate SOP YAML files")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(handler=_sop_validate)
    export = sop_commands.add_parser("export", help="print all SOP definitions")
    export.add_argument("--json", action="store_true", required=True, help="as JSON")
    export.add_argument("--db", type=Path, help="export the stored versions instead of shipped")
    export.set_defaults(handler=_sop_export)

    calendar = commands.add_parser("calendar", help="working-time arithmetic")
    cal_commands = calendar.add_subparsers(title="calendar commands", metavar="SUBCOMMAND")
    add = cal_commands.add_parser("add", help="the due instant after a working time or period")
    add.add_argument("--from", dest="start", required=True, help="ISO instant with offset")
    amount = add.add_mutually_exclusive_group(required=True)
    amount.add_argument("--working-days", type=int)
    amount.add_argument("--working-minutes", type=float)
    amount.add_argument("--standard", help="a Waktu text, e.g. '1 bulan' or '10 hari kerja'")
    _calendar_options(add)
    add.set_defaults(handler=_calendar_add)
    between = cal_commands.add_parser("between", help="working time between two instants")
    between.add_argument("--from", dest="start", required=True, help="ISO instant with offset")
    between.add_argument("--to", dest="end", required=True, help="ISO instant with offset")
    _calendar_options(between)
    between.set_defaults(handler=_calendar_between)

    audit = commands.add_parser("audit", help="audit trail checks")
    audit_commands = audit.add_subparsers(title="audit commands", metavar="SUBCOMMAND")
    check = audit_commands.add_parser("verify", help="verify every record's hash chain")
    db_option(check)
    check.set_defaults(handler=_audit_verify)

    user = commands.add_parser("user", help="manage users and their roles")
    user_commands = user.add_subparsers(title="user commands", metavar="SUBCOMMAND")
    user_add = user_commands.add_parser("add", help="create a user")
    user_add.add_argument("username")
    user_add.add_argument("--name", required=True, help="full name")
    _grant_option(user_add)
    _password_option(user_add)
    db_option(user_add)
    user_add.set_defaults(handler=_user_add)
    passwd = user_commands.add_parser("passwd", help="set a user's password")
    passwd.add_argument("username")
    _password_option(passwd)
    db_option(passwd)
    passwd.set_defaults(handler=_user_passwd)
    roles = user_commands.add_parser("roles", help="replace a user's roles")
    roles.add_argument("username")
    _grant_option(roles)
    db_option(roles)
    roles.set_defaults(handler=_user_roles)

    register_poll(commands)
    register_compliance(commands)
    flowchart_cli.register(commands)
    admin_cli.register(commands)
    register_dip(commands)
    return parser


def _calendar_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--zone", default="WIB", help="WIB, WITA, WIT or an IANA zone")
    parser.add_argument(
        "--no-cuti-bersama", action="store_true", help="treat cuti bersama as working days"
    )


def _grant_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--role",
        action="append",
        default=[],
        metavar="ROLE[@UNIT]",
        help="a role, in one unit or (without @UNIT) in every unit; repeatable",
    )


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise LenteraError("the two passwords differ")
    return first


def _init(args: argparse.Namespace) -> int:
    db = Database(args.db)
    sync_shipped(db)
    users = int(db.query("SELECT count(*) FROM users")[0][0])
    if users == 0 and args.demo_if_empty:
        summary = seed_demo(db)
        print(f"{args.db}: demo data seeded ({summary.records} records, {summary.users} users)")
    elif users == 0 and (admin := first_admin_from_env(db, os.environ)) is not None:
        print(f"{args.db}: first admin '{admin.username}' created from {ADMIN_PASSWORD_ENV}")
    elif users == 0:
        print(f"{args.db}: no users yet; create the first admin with 'lentera user add admin "
              f"--name Administrator --role admin', or set {ADMIN_USER_ENV} and "
              f"{ADMIN_PASSWORD_ENV} and run 'lentera init' again")  # fmt: skip
    print(f"{args.db}: schema version {db.schema_version()}, {len(list_sops(db))} SOPs")
    return 0


def _demo(args: argparse.Namespace) -> int:
    db = Database(args.db)
    if db.query("SELECT count(*) FROM users")[0][0]:
        raise LenteraError(f"{args.db} already has users: seed demo data into an empty database")
    summary = seed_demo(db, seed=args.seed, records=args.records)
    print(
        f"{args.db}: {summary.records} records ({summary.open_records} open), "
        f"{summary.events} events, {summary.users} users (password 'lentera-demo')"
    )
    return 0


def _sop_validate(args: argparse.Namespace) -> int:
    failures = 0
    for path in args.files:
        try:
            sop = parse_sop_file(path, known_roles=role_catalog())
        except SopValidationError as exc:
            failures += 1
            print(exc, file=sys.stderr)
        except OSError as exc:
            failures += 1
            print(f"{path}: cannot read the file ({exc.strerror})", file=sys.stderr)
        else:
            print(f"{path}: OK ({sop.id}, {len(sop.steps)} steps)")
    return 1 if failures else 0


def _sop_export(args: argparse.Namespace) -> int:
    if args.db is None:
        sops = list(shipped_sops())
    else:
        db = Database(args.db)
        sops = [load_sop(db, sop_id, latest_version(db, sop_id)) for sop_id, *_ in list_sops(db)]
    print(json.dumps([sop.to_json() for sop in sops], ensure_ascii=False, indent=2))
    return 0


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    return WorkCalendar(zone=ZONES.get(args.zone, args.zone),
                        count_cuti_bersama=not args.no_cuti_bersama)  # fmt: skip


def _instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise LenteraError(
            f"'{text}' is not an ISO date-time such as 2025-03-24T08:00+07:00"
        ) from None
    if instant.tzinfo is None:
        raise LenteraError(f"'{text}' needs a UTC offset, e.g. 2025-03-24T08:00+07:00")
    return instant


def _calendar_add(args: argparse.Namespace) -> int:
    calendar, start = _calendar(args), _instant(args.start)
    if args.working_days is not None:
        due = calendar.add_working_days(start, args.working_days)
    elif args.working_minutes is not None:
        due = calendar.add_working_minutes(start, args.working_minutes)
    else:
        standard = parse_standard_time(args.standard)
        found = calendar.due(start, standard)
        if found is None:
            raise LenteraError(f"'{args.standard}' is not a standard time: nothing is due")
        due = found
    print(f"{due.isoformat()}  ({format_datetime(due, calendar.zone)})")
    return 0


def _calendar_between(args: argparse.Namespace) -> int:
    calendar = _calendar(args)
    start, end = _instant(args.start), _instant(args.end)
    minutes = calendar.working_minutes_between(start, end)
    days = calendar.working_days_between(start, end)
    print(json.dumps({"working_minutes": round(minutes, 2), "working_days": days}))
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    report = verify(Database(args.db))
    for problem in report.problems:
        print(problem, file=sys.stderr)
    state = "intact" if report.ok else f"BROKEN ({len(report.problems)} problems)"
    print(f"{args.db}: {report.records} records, {report.events} events, audit chain {state}")
    return 0 if report.ok else 1


def _user_add(args: argparse.Namespace) -> int:
    db = Database(args.db)
    grants = tuple(parse_grant(g) for g in args.role)
    user = add_user(db, args.username, args.name, _read_password(args), grants,
                    actor=admin_cli.cli_actor())  # fmt: skip
    print(f"user {user.username} created with {len(user.grants)} role(s)")
    return 0


def _user_passwd(args: argparse.Namespace) -> int:
    set_password(
        Database(args.db), args.username, _read_password(args), actor=admin_cli.cli_actor()
    )
    print(f"password of {args.username} changed")
    return 0


def _user_roles(args: argparse.Namespace) -> int:
    grants = tuple(parse_grant(g) for g in args.role)
    user = set_grants(Database(args.db), args.username, grants, actor=admin_cli.cli_actor())
    print(
        f"{user.username}: " + (", ".join(f"{g.role}@{g.unit}" for g in user.grants) or "no roles")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
