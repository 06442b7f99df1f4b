"""``linguistic-gap``: in missions hosted by a group member, the group's share of the personnel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pkobs.indicators.base import (
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    between,
    members_key,
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


HISTORIES = 32  # group x statuses x mission keys whose months a cube keeps
Month = tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]  # a month's ranking, hosted row


def cube_tables(con: Connection, params: Params) -> tuple[Table, Table]:
    """The ranking and the ``hosted`` table from the aggregates: the rows of
    :func:`pkobs.store.indicators.linguistic_gap.sql_gap_tables`.

    A month's rows are the same in every range that holds it: they are kept per data version,
    group, statuses and mission once a range has asked for them."""
    cube = aggregates.for_connection(con)
    missions = cube.missions_by_month(con)
    assert params.from_month is not None and params.to_month is not None
    every = cube.memo("linguistic-gap:every-month", lambda: sorted(missions.by_month))
    months = every[between(every, params.from_month, params.to_month)]
    key = f"{members_key(params)}:{params.mission or ''}"
    kept: dict[dt.date, Month] = cube.months_kept("linguistic-gap:months", key, HISTORIES)
    missing = [m for m in months if m not in kept]
    if missing:
        members = cube.members(con, params.group, params.statuses)
        from_group = cube.mission_members(con, params.group, params.statuses)
        nobody: frozenset[str] = frozenset()
        for month in missing:  # the same rows whichever thread stores them
            month_members = members.get(month, nobody)
            kept[month] = month_gap(month, missions, month_members, from_group, params.mission)
    ranking: list[tuple[Any, ...]] = []
    hosted: list[tuple[Any, ...]] = []
    for month in months:
        rows, hosted_row = kept[month]
        ranking += rows
        if hosted_row is not None:
            hosted.append(hosted_row)
    return Table(COLUMNS, ranking), Table(HOSTED_COLUMNS, hosted)


def month_gap(
    month: dt.date,
    missions: aggregates.MissionSums,
    members: frozenset[str],
    from_group: Mapping[tuple[dt.date, str], int],
    only: str | None,
) -> Month:
    """One month's ranking (missions hosted by a member, smallest share first) and its
    ``hosted`` row (None when no mission, or not ``only``, had anyone that month)."""
    rows: list[tuple[Any, ...]] = []
    in_hosts = everyone = 0
    seen = False
    for mission, total in missions.by_month[month]:
        if only is not None and mission != only:
            continue
        seen = True
        everyone += total
        host = missions.hosts.get(mission)
        if host not in members:
            continue
        in_hosts += total
        if total > 0:
            from_members = from_group.get((month, mission), 0)
            rows.append((month, mission, host, from_members, total, from_members / total))
    rows.sort(key=lambda r: (r[5], r[1]))
    if not seen:
        return rows, None
    return rows, (month, in_hosts, everyone, in_hosts / everyone if everyone else None)


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
