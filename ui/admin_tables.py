"""Data frames of the Admin page (users, units, overrides, computed days, log, audit problems)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pandas as pd

from ui.i18n import grant_label, lang, t
from workflows.admin_log import AdminAction
from workflows.fmt import format_date, format_datetime, format_number, zone_label
from workflows.units import DayPlan, Override, UnitInfo, format_windows
from workflows.users import UserInfo


def _yes_no(value: bool) -> str:
    return t("admin.yes") if value else t("admin.no")


def users(listed: Sequence[UserInfo], sso: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """Every user with roles, active flag, linked SSO identities and lockout."""
    return pd.DataFrame(
        {
            t("col.username"): [u.username for u in listed],
            t("col.full_name"): [u.full_name for u in listed],
            t("col.grants"): [", ".join(grant_label(g) for g in u.grants) for u in listed],
            t("col.active"): [_yes_no(u.active) for u in listed],
            t("col.sso"): [", ".join(sso.get(u.username, ())) for u in listed],
            t("col.locked"): [
                format_datetime(u.locked_until, lang=lang()) if u.locked_until else ""
                for u in listed
            ],
        }
    )


def units(listed: Sequence[UnitInfo]) -> pd.DataFrame:
    """Every unit with its zone, cuti bersama rule and number of overrides."""
    return pd.DataFrame(
        {
            t("col.unit"): [u.id for u in listed],
            t("col.name"): [u.name for u in listed],
            t("col.zone"): [zone_label(u.zone) for u in listed],
            t("col.cuti"): [_yes_no(u.count_cuti_bersama) for u in listed],
            t("col.overrides"): [u.overrides for u in listed],
        }
    )


def overrides(listed: Sequence[Override]) -> pd.DataFrame:
    """A unit's single-day overrides."""
    return pd.DataFrame(
        {
            t("col.date"): [format_date(o.day, lang()) for o in listed],
            t("col.day"): [t(f"day.{o.day.weekday()}") for o in listed],
            t("col.windows"): [format_windows(o.windows) for o in listed],
            t("col.note"): [o.note for o in listed],
        }
    )


def days(plans: Sequence[DayPlan]) -> pd.DataFrame:
    """The computed working hours of the coming days, with the reason for a change."""
    return pd.DataFrame(
        {
            t("col.date"): [format_date(p.day, lang()) for p in plans],
            t("col.day"): [t(f"day.{p.day.weekday()}") for p in plans],
            t("col.windows"): [format_windows(p.windows) for p in plans],
            t("col.hours"): [format_number(p.minutes / 60, 1, lang()) for p in plans],
            t("col.note"): [
                p.override_note if p.override_note is not None else p.holiday or "" for p in plans
            ],
        }
    )


def log(actions: Sequence[AdminAction]) -> pd.DataFrame:
    """Recent admin changes, newest first."""
    return pd.DataFrame(
        {
            t("col.when"): [format_datetime(a.occurred_at, lang=lang()) for a in actions],
            t("col.actor"): [a.actor for a in actions],
            t("col.action"): [_action_label(a.action) for a in actions],
            t("col.target"): [a.target for a in actions],
            t("col.detail"): [json.dumps(a.detail, ensure_ascii=False) for a in actions],
        }
    )


def problems(found: Sequence[str]) -> pd.DataFrame:
    """The audit verifier's problems, one per row."""
    return pd.DataFrame({t("col.problem"): list(found)})


def _action_label(action: str) -> str:
    key = f"action.{action}"
    try:
        return t(key)
    except KeyError:
        return action
