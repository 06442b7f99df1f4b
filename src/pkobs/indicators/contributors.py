"""``contributors``: the group's members ranked by personnel, split military / police; plus who
sends nobody (mobilisation potential) and who started or stopped contributing."""

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
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.store.query import run_sql
from pkobs.table import Column

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
    table = run_sql(
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
    meta = Meta(
        name=NAME,
        unit="personnel",
        params=params_dict(params),
        sources=sources_used(con, params),
    )
    return IndicatorResult(table, meta, extras)


INDICATOR = Indicator(
    name=NAME, columns=DECLARED, detail="contributor", query=compute, extras=EXTRAS
)
