"""``contributors``: the group's members ranked by personnel, split military / police; plus who
sends nobody (mobilisation potential) and who started or stopped contributing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pkobs.indicators.base import (
    ALL,
    Connection,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    between,
    members_key,
    needs_mission,
    params_dict,
    sources_used,
    validate,
)
from pkobs.messages import Name
from pkobs.store import aggregates
from pkobs.store.indicators.contributors import sql_extras, sql_ranking
from pkobs.table import Column, Table

NAME = "contributors"
COLUMNS = ["month", "rank", "contributor_iso3", "name", "military", "police", "total"]
DECLARED = (
    Column("month", "month"),
    Column("rank", "count", "rank"),
    Column("contributor_iso3", "code"),
    Column("name", "text"),
    Column("military", "count", "personnel"),
    Column("police", "count", "personnel"),
    Column("total", "count", "personnel"),
)
COUNTRY_TOTALS = (Column("iso3", "code"), Column("name", "text"), Column("total", "count"))
EXTRAS = {
    "not_contributing": (
        Column("iso3", "code"),
        Column("name", "text"),
        Column("status", "category"),
    ),
    "started": COUNTRY_TOTALS,
    "stopped": COUNTRY_TOTALS,
}


HISTORIES = 32  # groups x status sets whose monthly rankings a cube keeps
Ranking = list[tuple[Any, ...]]


def cube_ranking(con: Connection, params: Params) -> Table:
    """The ranking without a mission split, from the aggregates: the rows of the SQL
    (:func:`sql_tables`).

    A month's ranking for a group and status set is the same in every range that holds it: it
    is kept per data version once a range has asked for it (``all`` is every contributor,
    whatever the statuses), so a range ranks only the months no range ranked before."""
    cube = aggregates.for_connection(con)
    sending = sending_by_month(con, cube)
    assert params.from_month is not None and params.to_month is not None
    every = cube.memo("contributors:every-month", lambda: sorted(sending))
    months = every[between(every, params.from_month, params.to_month)]
    by_month: dict[dt.date, Ranking] = cube.months_kept(
        "contributors:months", members_key(params), HISTORIES
    )
    missing = [m for m in months if m not in by_month]
    if missing:
        members = cube.members(con, params.group, params.statuses)
        names = cube.country_labels(con)
        for month in missing:  # the same rows whichever thread stores them
            by_month[month] = month_ranking(month, sending[month], members.get(month), names)
    rows: Ranking = []
    for month in months:
        rows.extend(by_month[month])
    return Table(COLUMNS, rows)


Sums = list[tuple[str, int | None, int | None, int]]  # iso3, military, police, total


def sending_by_month(con: Connection, cube: aggregates.Aggregates) -> dict[dt.date, Sums]:
    """Each month's contributors sending someone, largest first (then by code): kept per
    version, so a group's ranking of a month is a filter of it, never a sort."""

    def build() -> dict[dt.date, Sums]:
        return {
            month: sorted((r for r in rows if r[3] > 0), key=lambda r: (-r[3], r[0]))
            for month, rows in cube.contributor_sums(con).items()
        }

    return cube.memo("contributors:sending", build)


def month_ranking(
    month: dt.date, sending: Sums, members: frozenset[str] | None, names: dict[str, Name]
) -> Ranking:
    """One month's rows: the members among ``sending`` (the month's contributors sending
    someone, largest first), ranked (ties share a rank)."""
    chosen = members or frozenset()
    sent = [r for r in sending if r[0] in chosen]
    rows: Ranking = []
    rank = 0
    previous = None
    for position, (iso3, military, police, total) in enumerate(sent, start=1):
        if total != previous:
            rank, previous = position, total
        rows.append((month, rank, iso3, names.get(iso3), military or 0, police or 0, total))
    return rows


def compute(con: Connection, params: Params) -> IndicatorResult:
    """Rankings for every month from ``from`` to ``to`` (default: the latest month only).

    Countries are named by :class:`pkobs.messages.Name` values (both languages); the extra
    table ``not_contributing`` is listed by name in the reader's language once rendered."""
    explicit = params.from_month is not None
    params = validate(con, params)
    assert params.to_month is not None
    if not explicit:
        params = params.with_months(params.to_month, params.to_month)
    if needs_mission(params):
        table, extras = sql_tables(con, params)
    else:
        table, extras = cube_ranking(con, params), kept_extras(con, params)
    meta = Meta(
        name=NAME,
        unit="personnel",
        params=params_dict(params),
        sources=sources_used(con, params),
    )
    # the months' rankings are kept by the cube (cube_ranking), but not marked ``kept_rows``:
    # a ranking row is in the answers of one group and status set only, so new questions
    # mostly write new rows, and writing a row alone costs about 2.5 times its share of one
    # page written whole (measured on the SYNTHETIC 1.5 M-row history: 6.3 ms against 1.8 ms)
    return IndicatorResult(table, meta, extras, by_name=("not_contributing",))


def sql_tables(con: Connection, params: Params) -> tuple[Table, dict[str, Table]]:
    """The ranking and the extra tables straight from the contract views (with a mission
    split; the tests' reference), the countries named as the aggregates name them."""
    assert params.to_month is not None
    names = aggregates.for_connection(con).country_labels(con)
    ranking = sql_ranking(con, params)
    rows = [(*r[:3], names.get(r[2]), *r[3:]) for r in ranking.rows]
    extras = {
        label: Table(
            [table.columns[0], "name", *table.columns[1:]],
            [(r[0], names.get(r[0]), *r[1:]) for r in table.rows],
        )
        for label, table in sql_extras(con, params, add_months(params.to_month, -1)).items()
    }
    return Table(COLUMNS, rows), extras


def kept_extras(con: Connection, params: Params) -> dict[str, Table]:
    """:func:`cube_extras`, kept per data version, group, statuses and last month (the same
    tables in every range that ends with the month)."""
    assert params.to_month is not None
    cube = aggregates.for_connection(con)
    kept = cube.months_kept("contributors:extras", members_key(params), HISTORIES)
    found: dict[str, Table] | None = kept.get(params.to_month)
    if found is None:
        found = kept[params.to_month] = cube_extras(con, params)
    return found


def cube_extras(con: Connection, params: Params) -> dict[str, Table]:
    """The extra tables without a mission split, from the aggregates: who sends nobody (in code
    order), who started or stopped."""
    cube = aggregates.for_connection(con)
    sums = cube.contributor_sums(con)
    names = cube.country_labels(con)

    def name_of(iso3: str) -> Name | None:
        return names.get(iso3)

    assert params.to_month is not None
    last, previous = params.to_month, add_months(params.to_month, -1)
    extras: dict[str, Table] = {}
    if params.group != ALL:
        sending = {r[0] for r in sums.get(last, ()) if r[3] > 0}
        idle = [
            (iso3, name_of(iso3), status)
            for group_id, iso3, status, valid_from, valid_to in cube.membership_rows(con)
            if group_id == params.group
            and status in params.statuses
            and valid_from <= last
            and (valid_to is None or valid_to >= last)
            and iso3 not in sending
        ]
        idle.sort(key=lambda r: r[0])
        extras["not_contributing"] = Table(["iso3", "name", "status"], idle)
    members = cube.members(con, params.group, params.statuses)
    for label, now, before in (("started", last, previous), ("stopped", previous, last)):
        rows: list[tuple[Any, ...]] = []
        if before in cube.month_set:
            present = {r[0] for r in sums.get(before, ())}
            now_members = members.get(now, frozenset())
            rows = [
                (iso3, name_of(iso3), total)
                for iso3, _, _, total in sums.get(now, ())
                if iso3 in now_members and iso3 not in present and total > 0
            ]
            rows.sort(key=lambda r: (-r[2], r[0]))
        extras[label] = Table(["iso3", "name", "total"], rows)
    return extras


INDICATOR = Indicator(
    name=NAME, columns=DECLARED, detail="contributor", query=compute, extras=EXTRAS
)
