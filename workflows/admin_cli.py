"""``lentera unit ...`` and ``lentera admin ...``: the Admin page's actions for operators.

Every change is logged in ``admin_log`` as ``cli:<login name>``.
"""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import date

from workflows.admin_log import recent
from workflows.cli_options import db_option
from workflows.db import Database
from workflows.errors import LenteraError
from workflows.fmt import format_date, format_datetime, zone_label
from workflows.sso import identities, link, unlink
from workflows.units import (
    format_windows,
    list_units,
    parse_windows,
    remove_override,
    set_calendar,
    set_override,
    upcoming_days,
)
from workflows.users import all_users, set_active

_DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
_DAYS_EN = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def cli_actor() -> str:
    """Who a command acts as in the admin log: ``cli:`` and the operating-system login."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``unit`` and ``admin`` commands to the ``lentera`` parser."""
    unit = commands.add_parser("unit", help="units and their working calendars")
    units = unit.add_subparsers(title="unit commands", metavar="SUBCOMMAND")
    _command(units, "list", "every unit with zone, cuti bersama rule and weekly hours", _list)
    change = _command(units, "set", "change a unit's zone, weekly hours or cuti bersama", _set)
    change.add_argument("unit")
    change.add_argument("--zone", help="WIB, WITA or WIT")
    change.add_argument(
        "--cuti-bersama",
        choices=["libur", "kerja"],
        help="cuti bersama are days off (libur) or working days (kerja)",
    )
    change.add_argument(
        "--hours",
        nargs=2,
        action="append",
        default=[],
        metavar=("DAY", "WINDOWS"),
        help="e.g. --hours jumat '07:30-11:30, 13:00-16:30'; '-' closes the day",
    )
    override = _command(units, "override", "set or remove a single-day override", _override)
    override.add_argument("unit")
    override.add_argument("day", type=date.fromisoformat, help="YYYY-MM-DD")
    override.add_argument("--hours", default="", help="working windows; empty closes the day")
    override.add_argument("--note", default="", help="why, e.g. 'Hari jadi kota'")
    override.add_argument("--remove", action="store_true", help="remove the override instead")
    days = _command(units, "days", "working hours of the coming days, as computed", _days)
    days.add_argument("unit")
    days.add_argument("--from", dest="first", type=date.fromisoformat, default=None)
    days.add_argument("--days", type=int, default=14)

    admin = commands.add_parser("admin", help="users' status, SSO identities and the admin log")
    admins = admin.add_subparsers(title="admin commands", metavar="SUBCOMMAND")
    _command(admins, "users", "every user with roles, status and SSO identities", _users)
    for name, active in (("deactivate", False), ("activate", True)):
        toggle = _command(admins, name, f"{name} a user", _activation)
        toggle.add_argument("username")
        toggle.set_defaults(active=active)
    linked = _command(admins, "link", "let an SSO identity (e-mail) log in as a user", _link)
    linked.add_argument("username")
    linked.add_argument("identity")
    unlinked = _command(admins, "unlink", "stop an SSO identity from logging in", _unlink)
    unlinked.add_argument("identity")
    log = _command(admins, "log", "recent changes to users, grants and calendars", _log)
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--target", help="only changes to this user or unit")


def _command(
    group: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    handler: object,
) -> argparse.ArgumentParser:
    parser = group.add_parser(name, help=help_text)
    db_option(parser)
    parser.set_defaults(handler=handler)
    return parser


def _weekday(text: str) -> int:
    key = text.strip().lower()
    for names in (_DAYS, _DAYS_EN):
        if key in names:
            return names.index(key)
    raise LenteraError(f"'{text}' is not a weekday: use senin ... minggu or mon ... sun")


def _list(args: argparse.Namespace) -> int:
    for unit in list_units(Database(args.db)):
        cuti = "libur" if unit.count_cuti_bersama else "kerja"
        print(
            f"{unit.id}  {zone_label(unit.zone)}  cuti bersama {cuti}  "
            f"{unit.overrides} override(s)  {unit.name}"
        )
        for day, name in enumerate(_DAYS):
            print(f"    {name:<7} {format_windows(unit.weekly.get(day, ()))}")
    return 0


def _set(args: argparse.Namespace) -> int:
    db = Database(args.db)
    current = {unit.id: unit for unit in list_units(db)}.get(args.unit)
    if current is None:
        raise LenteraError(f"there is no unit '{args.unit}'")
    weekly = dict(current.weekly)
    for day, windows in args.hours:
        weekly[_weekday(day)] = parse_windows(windows, day)
    counted = current.count_cuti_bersama
    if args.cuti_bersama is not None:
        counted = args.cuti_bersama == "libur"
    changed = set_calendar(
        db,
        args.unit,
        zone=args.zone or current.zone,
        weekly=weekly,
        count_cuti_bersama=counted,
        actor=cli_actor(),
    )
    print(f"{args.unit}: " + (", ".join(changed) or "nothing changed"))
    return 0


def _override(args: argparse.Namespace) -> int:
    db = Database(args.db)
    if args.remove:
        remove_override(db, args.unit, args.day, actor=cli_actor())
        print(f"{args.unit}: override on {args.day.isoformat()} removed")
        return 0
    windows = parse_windows(args.hours, args.day.isoformat())
    set_override(db, args.unit, args.day, windows, args.note, actor=cli_actor())
    print(f"{args.unit}: {args.day.isoformat()} set to {format_windows(windows)}")
    return 0


def _days(args: argparse.Namespace) -> int:
    first = args.first or date.today()
    for plan in upcoming_days(Database(args.db), args.unit, first, args.days):
        why = plan.override_note if plan.override_note is not None else plan.holiday or ""
        print(
            f"{format_date(plan.day):<12} {_DAYS[plan.day.weekday()]:<7} "
            f"{format_windows(plan.windows):<26} {plan.minutes / 60:>4.1f} h  {why}"
        )
    return 0


def _users(args: argparse.Namespace) -> int:
    db = Database(args.db)
    linked = identities(db)
    for user in all_users(db):
        grants = ", ".join(f"{g.role}@{g.unit}" for g in user.grants) or "no roles"
        state = "active" if user.active else "INACTIVE"
        sso = ", ".join(linked.get(user.username, ()))
        print(f"{user.username}  {state}  {grants}" + (f"  sso: {sso}" if sso else ""))
    return 0


def _activation(args: argparse.Namespace) -> int:
    set_active(Database(args.db), args.username, args.active, actor=cli_actor())
    print(f"{args.username} {'activated' if args.active else 'deactivated'}")
    return 0


def _link(args: argparse.Namespace) -> int:
    link(Database(args.db), args.username, args.identity, actor=cli_actor())
    print(f"{args.identity.strip().lower()} now logs in as {args.username}")
    return 0


def _unlink(args: argparse.Namespace) -> int:
    unlink(Database(args.db), args.identity, actor=cli_actor())
    print(f"{args.identity.strip().lower()} unlinked")
    return 0


def _log(args: argparse.Namespace) -> int:
    for action in recent(Database(args.db), args.limit, args.target):
        detail = json.dumps(action.detail, ensure_ascii=False)
        print(
            f"{format_datetime(action.occurred_at, 'UTC')}  {action.actor}  {action.action}  "
            f"{action.target}  {detail}"
        )
    return 0
