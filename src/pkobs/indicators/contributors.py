"""``contributors``: the group's members ranked by personnel, split military / police; plus who
sends nobody (mobilisation potential) and who started or stopped contributing."""

from __future__ import annotations

from typing import Any

import duckdb

from pkobs.indicators.base import (
    ALL,
    CATEGORY_SQL,
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    covered_months_sql,
    data_view,
    members_cte,
    needs_mission,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.store import aggregates
from pkobs.store.query import run_sql
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


def cube_ranking(con: duckdb.DuckDBPyConnection, params: Params) -> Table:
    """The ranking without a mission split, from the aggregates: the rows of the SQL below."""
    cube = aggregates.for_connection(con)
    sums = cube.contributor_sums(con)
    members = cube.members(con, params.group, params.statuses)
    names = cube.country_names(con)
    at = 1 if params.lang == "en" else 0
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    rows: list[tuple[Any, ...]] = []
    nobody: frozenset[str] = frozenset()
    for month in sorted(m for m in sums if first <= m <= last):
        month_members = members.get(month, nobody)
        sent = sorted(
            (r for r in sums[month] if r[0] in month_members and r[3] > 0),
            key=lambda r: (-r[3], r[0]),
        )
        rank = 0
        previous = None
        for position, (iso3, military, police, total) in enumerate(sent, start=1):
            if total != previous:
                rank, previous = position, total
            name = names.get(iso3)
            rows.append(
                (
                    month,
                    rank,
                    iso3,
                    name[at] if name else None,
                    military or 0,
                    police or 0,
                    total,
                )
            )
    return Table(COLUMNS, rows)


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    """Rankings for every month from ``from`` to ``to`` (default: the latest month only)."""
    explicit = params.from_month is not None
    params = validate(con, params)
    assert params.to_month is not None
    if not explicit:
        params = params.with_months(params.to_month, params.to_month)
    name = "name_en" if params.lang == "en" else "name_fr"  # deprecated params.lang (names)
    mission_filter, values = range_filter(params)
    view = data_view(params)
    if not needs_mission(params):
        table = cube_ranking(con, params)
    else:
        table = sql_ranking(con, params, name, view, mission_filter, values)
    if needs_mission(params):
        extras = extra_tables(con, params, name, view)
    else:
        extras = cube_extras(con, params)
    meta = Meta(
        name=NAME,
        unit="personnel",
        params=params_dict(params),
        sources=sources_used(con, params),
    )
    return IndicatorResult(table, meta, extras)


def sql_ranking(
    con: duckdb.DuckDBPyConnection,
    params: Params,
    name: str,
    view: str,
    mission_filter: str,
    values: dict[str, object],
) -> Table:
    """The ranking straight from the contract views (with a mission split)."""
    return run_sql(
        con,
        f"""WITH members AS ({members_cte(params)}),
        sums AS (
            SELECT c.month, c.contributor_iso3,
                   sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'military')::BIGINT AS military,
                   sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'police')::BIGINT AS police,
                   sum(c.total)::BIGINT AS total
            FROM {view} c
            JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
            WHERE c.month BETWEEN $first AND $last {mission_filter}
            GROUP BY ALL HAVING sum(c.total) > 0
        )
        SELECT s.month, rank() OVER (PARTITION BY s.month ORDER BY s.total DESC)::INTEGER AS rank,
               s.contributor_iso3, co.{name} AS name,
               coalesce(s.military, 0) AS military, coalesce(s.police, 0) AS police, s.total
        FROM sums s LEFT JOIN countries co ON co.iso3 = s.contributor_iso3
        ORDER BY s.month, rank, s.contributor_iso3""",
        values,
    )


def cube_extras(con: duckdb.DuckDBPyConnection, params: Params) -> dict[str, Table]:
    """:func:`extra_tables` without a mission split, from the aggregates."""
    cube = aggregates.for_connection(con)
    sums = cube.contributor_sums(con)
    names = cube.country_names(con)
    at = 1 if params.lang == "en" else 0

    def name_of(iso3: str) -> str | None:
        found = names.get(iso3)
        return found[at] if found else None

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
        idle.sort(key=lambda r: (r[1] is None, r[1] or ""))
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


def extra_tables(
    con: duckdb.DuckDBPyConnection, params: Params, name: str, view: str
) -> dict[str, Table]:
    """Members sending nobody in the last month, and who started or stopped."""
    assert params.to_month is not None
    last = {"last": params.to_month, "previous": add_months(params.to_month, -1)}
    extras = {}
    if params.group != ALL:
        extras["not_contributing"] = run_sql(
            con,
            f"""SELECT g.iso3, co.{name} AS name, g.status
                FROM group_membership g LEFT JOIN countries co ON co.iso3 = g.iso3
                WHERE g.group_id = '{params.group}' AND g.iso3 IS NOT NULL
                  AND g.status IN ({", ".join(f"'{s}'" for s in params.statuses)})
                  AND g.valid_from <= $last AND coalesce(g.valid_to, DATE '9999-12-31') >= $last
                  AND g.iso3 NOT IN (SELECT contributor_iso3 FROM {view}
                                     WHERE month = $last AND total > 0)
                ORDER BY name""",
            {"last": params.to_month},
        )
    covered = covered_months_sql(params)
    for label, now, before in (
        ("started", "$last", "$previous"),
        ("stopped", "$previous", "$last"),
    ):
        extras[label] = run_sql(
            con,
            f"""WITH members AS ({members_cte(params)})
            SELECT c.contributor_iso3 AS iso3, co.{name} AS name, sum(c.total)::BIGINT AS total
            FROM {view} c
            JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
            LEFT JOIN countries co ON co.iso3 = c.contributor_iso3
            WHERE c.month = {now}
              AND EXISTS (SELECT 1 FROM ({covered}) WHERE month = {before})
              AND c.contributor_iso3 NOT IN (
                  SELECT contributor_iso3 FROM {view} WHERE month = {before})
            GROUP BY ALL HAVING sum(c.total) > 0 ORDER BY total DESC""",
            last,
        )
    return extras


INDICATOR = Indicator(
    name=NAME, columns=DECLARED, detail="contributor", query=compute, extras=EXTRAS
)
