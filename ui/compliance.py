"""Streamlit glue for the compliance pages: filters, cached measures, labelled frames, charts.

Measures (drill-down and monitoring table included) are cached per filter and per
:func:`data_stamp`, which changes whenever an event is appended, a calendar changes or an SOP
version is stored, so a rerun that changes nothing reads them from memory and any change to the
records is seen at once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import altair as alt
import pandas as pd
import streamlit as st

from analytics import compliance as cmp
from analytics.compliance.monitoring import monitoring_table
from ui.db import database, engine
from ui.i18n import lang, role_label, t
from workflows.db import Database
from workflows.fmt import Lang, format_date, format_datetime, format_number, format_working_minutes
from workflows.records import visible_units
from workflows.registry import list_sops
from workflows.users import User

WIB = ZoneInfo("Asia/Jakarta")
HEAT = (("#16a34a", 0.9), ("#facc15", 0.7), ("#dc2626", 0.0))
"""Flowchart fill by compliance rate: green from 90%, yellow from 70%, red below."""
NO_RATE = "#d1d5db"


def now() -> datetime:
    """The app's clock, to the minute (so cached measures are reused within a minute)."""
    return engine().clock().replace(second=0, microsecond=0)


Stamp = tuple[int, str, int, int]
"""Events, last event, calendar changes, SOP versions: see :func:`data_stamp`."""


def data_stamp(db: Database) -> Stamp:
    """The cache key of every measure: changes whenever an event is appended (every change to a
    record appends one), a unit calendar changes (``db.calendars_generation``) or an SOP version
    is stored. About a millisecond on the 1,042,271-event benchmark log."""
    count, last, versions = db.query(
        "SELECT count(*), max(occurred_at), (SELECT count(*) FROM sop_versions) FROM events"
    )[0]
    return int(count), str(last), db.calendars_generation, int(versions)


def filter_bar(user: User, *, key: str) -> cmp.Filters:
    """Period, unit and SOP pickers limited to the units the user may see."""
    db = database()
    units = visible_units(user)
    sops = {s: title for s, _, title, unit in list_sops(db) if units is None or unit in units}
    unit_options = sorted({unit for *_, unit in list_sops(db) if units is None or unit in units})
    today = now().astimezone(WIB).date()
    from_col, to_col, unit_col, sop_col = st.columns(4)
    first = from_col.date_input(
        t("cmp.from"), value=today - timedelta(days=365), format="DD/MM/YYYY", key=f"{key}_from"
    )
    last = to_col.date_input(t("cmp.to"), value=today, format="DD/MM/YYYY", key=f"{key}_to")
    unit = unit_col.selectbox(
        t("list.unit"), [None, *unit_options], key=f"{key}_unit",
        format_func=lambda u: t("list.all") if u is None else u,
    )  # fmt: skip
    sop_id = sop_col.selectbox(
        t("list.sop"), [None, *sops], key=f"{key}_sop",
        format_func=lambda s: t("list.all") if s is None else sops[s],
    )  # fmt: skip
    return cmp.Filters(
        start=_instant(first) if isinstance(first, date) else None,
        end=_instant(last + timedelta(days=1)) if isinstance(last, date) else None,
        unit=unit,
        sop_id=sop_id,
        units=None if units is None else frozenset(units),
    )


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=WIB).astimezone(UTC)


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def rates(
    _db: Database, stamp: Stamp, sets: tuple[tuple[cmp.Dimension, ...], ...],
    filters: cmp.Filters, moment: datetime,
) -> list[pd.DataFrame]:  # fmt: skip
    """Cached :func:`analytics.compliance.compliance_sets` (one pass for all groupings)."""
    return cmp.compliance_sets(_db, sets, filters=filters, now=moment)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def waiting(_db: Database, stamp: Stamp, filters: cmp.Filters, moment: datetime) -> pd.DataFrame:
    """Cached :func:`analytics.compliance.bottlenecks`."""
    return cmp.bottlenecks(_db, filters=filters, now=moment)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def behind(
    _db: Database, stamp: Stamp, sop_id: str, step: str, filters: cmp.Filters, moment: datetime
) -> pd.DataFrame:
    """Cached :func:`analytics.compliance.drill_down`."""
    return cmp.drill_down(_db, sop_id, step, filters=filters, now=moment)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def monitoring(
    _db: Database, stamp: Stamp, filters: cmp.Filters, threshold: float, language: Lang,
    moment: datetime,
) -> pd.DataFrame:  # fmt: skip
    """Cached :func:`analytics.compliance.monitoring.monitoring_table`."""
    return monitoring_table(_db, filters, threshold, lang=language, now=moment)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def first_time_right(_db: Database, stamp: Stamp, moment: datetime) -> pd.DataFrame:
    """Cached :func:`analytics.compliance.rework`."""
    return cmp.rework(_db, now=moment)


def percent(value: object) -> str:
    """``72,5%``, or ``-`` without a value."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "-"
    return f"{format_number(100 * float(value), 1, lang())}%"  # type: ignore[arg-type]


def _duration(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "-"
    return format_working_minutes(float(value), lang())  # type: ignore[arg-type]


def _when(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "-"
    stamp = pd.Timestamp(value).to_pydatetime().replace(tzinfo=UTC)  # type: ignore[arg-type]
    return format_datetime(stamp, lang=lang())


def step_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Per step: n, judged, median and p90 working time, standard and compliance."""
    return pd.DataFrame(
        {
            t("col.sop"): frame.get("sop_id", ""),
            t("col.step"): frame["step"],
            t("cmp.col_n"): frame["n"],
            t("cmp.col_judged"): frame["judged"],
            t("cmp.col_median"): frame["median_minutes"].map(_duration),
            t("cmp.col_p90"): frame["p90_minutes"].map(_duration),
            t("cmp.col_standard"): frame["standard"].fillna("-"),
            t("cmp.col_rate"): frame["compliance_rate"].map(percent),
        }
    )


def open_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Open records: record, title, SOP, step, role, waited, due, overdue."""
    return pd.DataFrame(
        {
            t("col.record"): frame["record_id"],
            t("col.title"): frame["title"],
            t("col.sop"): frame["sop_id"],
            t("col.step"): frame["step"],
            t("col.role"): frame["role"].map(role_label),
            t("cmp.col_waited"): frame["waited_minutes"].map(_duration),
            t("col.due"): frame["due_at"].map(_when),
            t("col.overdue"): frame["overdue"].astype(bool),
        }
    )


def drill_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The executions behind a step's figures."""
    return pd.DataFrame(
        {
            t("col.record"): frame["record_id"],
            t("col.title"): frame["title"],
            t("cmp.col_actor"): frame["actor"],
            t("cmp.col_ended"): frame["ended_at"].map(_when),
            t("cmp.col_duration"): frame["working_minutes"].map(_duration),
            t("cmp.col_standard"): frame["standard_raw"].replace("", "-"),
            t("cmp.col_late"): frame["late"].map(lambda v: "-" if pd.isna(v) else bool(v)),
        }
    )


def trend_chart(monthly: pd.DataFrame) -> alt.Chart:
    """Compliance rate by month (a line with points; n in the tooltip)."""
    data = pd.DataFrame(
        {
            "month": monthly["month"],
            "rate": (100 * monthly["compliance_rate"].astype(float)).round(1),
            "n": monthly["judged"],
        }
    ).dropna()
    chart: alt.Chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=t("cmp.col_month")),
            y=alt.Y("rate:Q", title=t("cmp.col_rate"), scale=alt.Scale(domain=[0, 100])),
            tooltip=["month", "rate", "n"],
        )
        .properties(height=260)
    )
    return chart


def heat(steps: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Flowchart fills and badges from per-step compliance (grey where nothing was judged)."""
    fills: dict[str, str] = {}
    badges: dict[str, str] = {}
    for row in steps.to_dict("records"):
        rate = row["compliance_rate"]
        step = str(row["step"])
        if rate is None or pd.isna(rate):
            fills[step] = NO_RATE
            continue
        fills[step] = next(colour for colour, low in HEAT if float(rate) >= low)
        badges[step] = percent(rate)
    return fills, badges


def period_label(filters: cmp.Filters) -> str:
    """``1 Jan 2026 – 30 Jun 2026`` for a filter's period."""
    if filters.start is None or filters.end is None:
        return ""
    first = filters.start.astimezone(WIB).date()
    last = (filters.end - timedelta(days=1)).astimezone(WIB).date()
    return f"{format_date(first, lang())} – {format_date(last, lang())}"
