"""The indicators' reads: the SQL of :mod:`pkobs.indicators`, one module per indicator.

The indicators answer from the per-version cube (:mod:`pkobs.store.aggregates`); what needs
the raw rows (a mission filter, a per-mission view, mission kinds) and the SQL references the
tests compare the cube with live here, typed on a :class:`pkobs.store.database.Database` (or,
during the move, a raw connection). A question's parameters arrive as a :class:`Selection`
(the indicators' ``Params`` is one); user values travel as query parameters, the validated
closed lists (statuses, mission kinds) and group ids checked against the reference data are the
only values written into the SQL text.

This module holds what the indicator reads share: the members of a group by month, the view a
question reads, the months it covers, the range condition.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

import duckdb

from pkobs.store.database import Database
from pkobs.table import Table

Handle = Database | duckdb.DuckDBPyConnection
ALL = "all"  # the pseudo-group of every contributor
MISSION_DETAIL_SQL = "('mission_sex', 'mission')"
CATEGORY_SQL = """CASE WHEN personnel_type IN ('troops', 'staff_officers', 'experts_on_mission')
    THEN 'military' ELSE 'police' END"""


class Selection(Protocol):
    """What an indicator read needs of a question (``pkobs.indicators.Params`` is one)."""

    @property
    def group(self) -> str: ...
    @property
    def statuses(self) -> tuple[str, ...]: ...
    @property
    def from_month(self) -> dt.date | None: ...
    @property
    def to_month(self) -> dt.date | None: ...
    @property
    def mission(self) -> str | None: ...
    @property
    def by_mission(self) -> bool: ...
    @property
    def kinds(self) -> tuple[str, ...] | None: ...


def database(handle: Handle) -> Database:
    """The :class:`Database` of a handle (a raw connection is wrapped)."""
    return Database.of(handle)


def connection(handle: Handle) -> duckdb.DuckDBPyConnection:
    """The raw connection behind a handle (store modules only)."""
    return handle.con if isinstance(handle, Database) else handle


def needs_mission(selection: Selection) -> bool:
    """Whether the question needs figures split by mission."""
    return selection.by_mission or selection.mission is not None or selection.kinds is not None


def data_view(selection: Selection, mission_level: bool = False) -> str:
    """The view a question reads: ``contributions`` (rows that name a mission) when it needs a
    mission split, otherwise ``contributor_months`` (every month, from its most detailed source,
    back to 1990). With mission kinds (checked by the caller against the known kinds): the rows
    of missions of those kinds."""
    if selection.kinds is not None:
        kinds = ", ".join(f"'{k}'" for k in selection.kinds)
        return f"""(SELECT kc.* FROM contributions kc
            JOIN missions km ON km.acronym = kc.mission AND km.kind IN ({kinds}))"""
    if mission_level or needs_mission(selection):
        return "contributions"
    return "contributor_months"


def covered_months_sql(selection: Selection, mission_level: bool = False) -> str:
    """SQL of the months that have data at the level the question needs."""
    if mission_level or needs_mission(selection):
        return f"SELECT DISTINCT month FROM source_months WHERE detail IN {MISSION_DETAIL_SQL}"
    return "SELECT DISTINCT month FROM source_months"


def members_cte(selection: Selection, group: str | None = None) -> str:
    """SQL (a CTE body) of (month, iso3) pairs: who counted as a group member each month.

    A country counts for a month when it held one of the statuses on the month's last day.
    Governments that are not states (no ISO-3 code) never count: they send no personnel.
    The group and statuses were checked against the reference data by the caller.
    """
    group_id = group or selection.group
    statuses = ", ".join(f"'{s}'" for s in selection.statuses)
    if group_id == ALL:
        return "SELECT DISTINCT month, contributor_iso3 AS iso3 FROM contributor_months"
    return f"""SELECT m.month, g.iso3
        FROM (SELECT DISTINCT month FROM source_months) m
        JOIN group_membership g
          ON g.group_id = '{group_id}' AND g.status IN ({statuses}) AND g.iso3 IS NOT NULL
         AND g.valid_from <= m.month AND coalesce(g.valid_to, DATE '9999-12-31') >= m.month"""


def month_series(selection: Selection) -> str:
    """SQL of every month end from ``from_month`` to ``to_month`` (for explicit "no data")."""
    return (
        f"SELECT last_day(m::DATE) AS month FROM generate_series("
        f"DATE '{selection.from_month:%Y-%m-01}', DATE '{selection.to_month:%Y-%m-01}', "
        "INTERVAL 1 MONTH) t(m)"
    )


def range_filter(selection: Selection) -> tuple[str, dict[str, object]]:
    """The optional mission condition on ``c.mission`` and the query parameters of the range.

    Every query using it binds ``$first`` and ``$last`` (the months) and, with a mission,
    ``$mission``; user values always travel as parameters, never inside the SQL text.
    """
    values: dict[str, object] = {"first": selection.from_month, "last": selection.to_month}
    if selection.mission is None:
        return "", values
    values["mission"] = selection.mission
    return "AND c.mission = $mission", values


def covered_months(db: Handle, selection: Selection, first: dt.date, last: dt.date) -> set[dt.date]:
    """The months from ``first`` to ``last`` that have data at the level the question needs."""
    table = database(db).query(
        f"SELECT month FROM ({covered_months_sql(selection)}) WHERE month BETWEEN ? AND ?",
        [first, last],
    )
    return {row[0] for row in table.rows}


def mission_kinds(db: Handle) -> dict[str, str]:
    """mission acronym -> kind (``pko``, ``spm``, ``support``)."""
    table = database(db).query("SELECT acronym, kind FROM missions")
    return {str(r[0]): str(r[1]) for r in table.rows}


def query(db: Handle, sql: str, values: dict[str, Any] | list[Any] | None = None) -> Table:
    """One read of an indicator module (a :class:`pkobs.table.Table`)."""
    return database(db).query(sql, values)


__all__ = [
    "ALL",
    "CATEGORY_SQL",
    "MISSION_DETAIL_SQL",
    "Handle",
    "Selection",
    "connection",
    "covered_months",
    "covered_months_sql",
    "data_view",
    "database",
    "members_cte",
    "mission_kinds",
    "month_series",
    "needs_mission",
    "query",
    "range_filter",
]
