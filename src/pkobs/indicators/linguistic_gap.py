"""``linguistic-gap``: in missions hosted by a group member, the group's share of the personnel."""

from __future__ import annotations

from typing import Any

from pkobs.indicators.base import (
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    params_dict,
    sources_used,
    validate,
)
from pkobs.indicators.share import mission_split_notes
from pkobs.messages import Message
from pkobs.store import aggregates
from pkobs.store.indicators.linguistic_gap import sql_gap_tables
from pkobs.table import Column, Table

NAME = "linguistic-gap"
COLUMNS = ["month", "mission", "host_iso3", "group_personnel", "total_personnel", "share"]
DECLARED = (
    Column("month", "month"),
    Column("mission", "code"),
    Column("host_iso3", "code"),
    Column("group_personnel", "count", "personnel"),
    Column("total_personnel", "count", "personnel"),
    Column("share", "share", "fraction of the mission's personnel"),
)
HOSTED_COLUMNS = ["month", "hosted_personnel", "total_personnel", "share"]
EXTRAS = {
    "hosted": (
        Column("month", "month"),
        Column("hosted_personnel", "count", "personnel"),
        Column("total_personnel", "count", "personnel"),
        Column("share", "share", "fraction of personnel"),
    ),
}


def cube_tables(con: Connection, params: Params) -> tuple[Table, Table]:
    """The ranking and the ``hosted`` table from the aggregates: the rows of
    :func:`pkobs.store.indicators.linguistic_gap.sql_gap_tables`."""
    cube = aggregates.for_connection(con)
    missions = cube.missions_by_month(con)
    hosts, by_month = missions.hosts, missions.by_month
    members = cube.members(con, params.group, params.statuses)
    from_group = cube.mission_members(con, params.group, params.statuses)
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    ranking: list[tuple[Any, ...]] = []
    hosted: list[tuple[Any, ...]] = []
    nobody: frozenset[str] = frozenset()
    for month in sorted(m for m in by_month if first <= m <= last):
        month_members = members.get(month, nobody)
        month_rows: list[tuple[Any, ...]] = []
        in_hosts = everyone = 0
        seen = False
        for mission, total in by_month[month]:
            if params.mission is not None and mission != params.mission:
                continue
            seen = True
            everyone += total
            host = hosts.get(mission)
            if host not in month_members:
                continue
            in_hosts += total
            if total > 0:
                from_members = from_group.get((month, mission), 0)
                month_rows.append((month, mission, host, from_members, total, from_members / total))
        month_rows.sort(key=lambda r: (r[5], r[1]))
        ranking += month_rows
        if seen:
            hosted.append((month, in_hosts, everyone, in_hosts / everyone if everyone else None))
    return Table(COLUMNS, ranking), Table(HOSTED_COLUMNS, hosted)


def compute(con: Connection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    return _result(con, params, *cube_tables(con, params))


def sql_compute(con: Connection, params: Params) -> IndicatorResult:
    """The same answer straight from the contract views (the reference for the tests)."""
    params = validate(con, params)
    return _result(con, params, *sql_gap_tables(con, params))


def _result(con: Connection, params: Params, table: Table, hosted: Table) -> IndicatorResult:
    extras, notes = mission_split_notes(con, params, always=True)
    meta = Meta(
        name=NAME,
        unit="fraction of the mission's personnel (0-1)",
        params=params_dict(params),
        sources=sources_used(con, params),
        notes=[Message("indicator.note.acronyms"), *notes],
    )
    return IndicatorResult(table, meta, {"hosted": hosted, **extras})


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="mission", query=compute, extras=EXTRAS)
