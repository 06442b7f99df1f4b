"""``share``: the group's share of UN uniformed personnel, by month and category."""

from __future__ import annotations

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
    month_end,
    month_runs,
    month_series,
    months_without_mission_split,
    needs_mission,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.messages import Message
from pkobs.store import aggregates
from pkobs.store.query import run_sql
from pkobs.table import Column, Table

NAME = "share"
COLUMNS = ["month", "category", "group_personnel", "total_personnel", "share"]
DECLARED = (
    Column("month", "month"),
    Column("category", "category"),
    Column("group_personnel", "count", "personnel"),
    Column("total_personnel", "count", "personnel"),
    Column("share", "share", "fraction of personnel"),
)
BY_MISSION = (DECLARED[0], Column("mission", "code"), *DECLARED[1:])
MONTHS_WITHOUT_MISSION_SPLIT = (Column("month", "month"), Column("detail", "text"))


def share_table(con: duckdb.DuckDBPyConnection, params: Params, group: str | None = None) -> Table:
    """Rows ``month, [mission,] category, group_personnel, total_personnel, share``.

    Months of the range without data are rows with NULL counts ("no data", never zero).
    Without a mission split, the answer comes from the per-version aggregates (no query).
    """
    if not needs_mission(params):
        return cube_share_table(aggregates.for_connection(con), params, group)
    return sql_share_table(con, params, group)


def sql_share_table(
    con: duckdb.DuckDBPyConnection, params: Params, group: str | None = None
) -> Table:
    """:func:`share_table` straight from the contract views (the reference of the tests)."""
    mission_filter, values = range_filter(params)
    by = "c.mission," if params.by_mission else ""
    keys = "month, mission, category" if params.by_mission else "month, category"
    sql = f"""
    WITH members AS ({members_cte(params, group)}),
    rows AS (
        SELECT c.month, {by} {CATEGORY_SQL} AS category, c.total,
               (m.iso3 IS NOT NULL) AS is_member
        FROM {data_view(params)} c
        LEFT JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
        WHERE c.month BETWEEN $first AND $last {mission_filter}
    ),
    sums AS (
        SELECT {keys},
               sum(total) FILTER (WHERE is_member)::BIGINT AS group_personnel,
               sum(total)::BIGINT AS total_personnel
        FROM (SELECT * FROM rows UNION ALL
              SELECT * REPLACE ('all' AS category) FROM rows)
        GROUP BY ALL
    ),
    months AS ({month_series(params)}),
    grid AS (SELECT month, category FROM months,
             (VALUES ('all'), ('military'), ('police')) v(category))
    SELECT {"s.month, s.mission" if params.by_mission else "g.month"},
           {"s" if params.by_mission else "g"}.category,
           coalesce(s.group_personnel, CASE WHEN s.total_personnel IS NOT NULL THEN 0 END)
               AS group_personnel,
           s.total_personnel,
           coalesce(s.group_personnel, 0) / nullif(s.total_personnel, 0) AS share
    FROM {"sums s" if params.by_mission else "grid g LEFT JOIN sums s USING (month, category)"}
    ORDER BY 1, 2{", 3" if params.by_mission else ""}
    """
    table = run_sql(con, sql, values)
    if not params.by_mission:
        return _blank_months_without_data(con, table, params)
    return table


def cube_share_table(cube: aggregates.Aggregates, params: Params, group: str | None) -> Table:
    """:func:`share_table` without a mission split, from the aggregates: the same rows."""
    assert params.from_month is not None and params.to_month is not None
    group_id = group or params.group
    sums = None if group_id == ALL else cube.group_personnel(group_id, params.statuses)
    totals = cube.month_totals
    rows: list[tuple[object, ...]] = []
    first, last = params.from_month, params.to_month
    month, end = month_end(first), month_end(last)
    while month <= end:
        covered = month in cube.month_set and first <= month <= last
        for category in aggregates.CATEGORIES:
            total = totals.get((month, category)) if covered else None
            if total is None:
                rows.append((month, category, None, None, None))
                continue
            members = total if sums is None else sums.get((month, category), 0)
            rows.append((month, category, members, total, members / total if total else None))
        month = add_months(month, 1)
    return Table(COLUMNS, rows)


def _blank_months_without_data(
    con: duckdb.DuckDBPyConnection, table: Table, params: Params
) -> Table:
    """A month no source covers is "no data" (NULLs), even where the grid put a zero."""
    covered = {
        r[0]
        for r in con.execute(
            f"SELECT month FROM ({covered_months_sql(params)}) WHERE month BETWEEN ? AND ?",
            [params.from_month, params.to_month],
        ).fetchall()
    }
    rows = [row if row[0] in covered else (row[0], row[1], None, None, None) for row in table.rows]
    return Table(table.columns, rows)


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    table = share_table(con, params)
    extras, notes = mission_split_notes(con, params)
    meta = Meta(
        name=NAME,
        unit="fraction of personnel (0-1)",
        params=params_dict(params),
        sources=sources_used(con, params),
        notes=list(notes),
    )
    return IndicatorResult(table, meta, extras)


def mission_split_notes(
    con: duckdb.DuckDBPyConnection, params: Params, always: bool = False
) -> tuple[dict[str, Table], list[Message]]:
    """For a query that needs a mission split: the months of the range without one, as an extra
    table ``months_without_mission_split`` and a note (never zeros, never another level)."""
    if not (always or needs_mission(params)):
        return {}, []
    missing = months_without_mission_split(con, params)
    if not missing.rows:
        return {}, []
    note = Message(
        "indicator.note.no_mission_split", {"months": month_runs([r[0] for r in missing.rows])}
    )
    return {"months_without_mission_split": missing}, [note]


INDICATOR = Indicator(
    name=NAME,
    columns=DECLARED,
    detail="contributor",
    query=compute,
    extras={"months_without_mission_split": MONTHS_WITHOUT_MISSION_SPLIT},
    by_mission_columns=BY_MISSION,
)

__all__ = ["COLUMNS", "INDICATOR", "NAME", "compute", "mission_split_notes", "share_table"]
