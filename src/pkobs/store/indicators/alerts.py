"""The ``alerts`` indicator's SQL: month-over-month changes above thresholds, per contributor and
per mission, straight from the contract views (a mission split, and the reference the cube is
tested against). Rows carry codes (ISO-3, mission acronym); the indicator adds the names."""

from __future__ import annotations

import datetime as dt

from pkobs.store.indicators import (
    Handle,
    Selection,
    covered_months_sql,
    data_view,
    members_cte,
    query,
    range_filter,
)
from pkobs.table import Table


def sql_alerts(
    db: Handle, selection: Selection, lookback: dt.date, min_change: int, min_relative: float
) -> Table:
    """``month, scope, key, previous, current, change, relative_change``: a change is an alert
    when |change| >= ``min_change`` AND (|relative| >= ``min_relative``, or the previous month
    was zero). Only consecutive months that both have data are compared; ``lookback`` is the
    month before the range."""
    mission_filter, values = range_filter(selection)
    values.update(min_change=min_change, min_relative=min_relative, lookback=lookback)
    return query(
        db,
        f"""WITH members AS ({members_cte(selection)}),
        covered AS (SELECT month, 'contributor' AS scope FROM ({covered_months_sql(selection)})
                    UNION ALL
                    SELECT month, 'mission' FROM ({covered_months_sql(selection, True)})),
        months AS (SELECT month, scope, lag(month) OVER (PARTITION BY scope ORDER BY month)
                              AS previous
                   FROM covered),
        by_contributor AS (
            SELECT c.month, 'contributor' AS scope, c.contributor_iso3 AS key, sum(c.total) AS n
            FROM {data_view(selection)} c JOIN members m ON m.month = c.month
                 AND m.iso3 = c.contributor_iso3
            WHERE c.month BETWEEN $lookback AND $last {mission_filter} GROUP BY ALL),
        by_mission AS (
            SELECT c.month, 'mission' AS scope, c.mission AS key, sum(c.total) AS n
            FROM {data_view(selection, True)} c
            WHERE c.month BETWEEN $lookback AND $last {mission_filter}
            GROUP BY ALL),
        series AS (SELECT * FROM by_contributor UNION ALL SELECT * FROM by_mission),
        keys AS (SELECT DISTINCT scope, key FROM series),
        pairs AS (
            SELECT mo.month, k.scope, k.key, coalesce(p.n, 0)::BIGINT AS previous,
                   coalesce(cu.n, 0)::BIGINT AS current
            FROM months mo JOIN keys k ON k.scope = mo.scope
            LEFT JOIN series p ON p.month = mo.previous AND p.scope = k.scope AND p.key = k.key
            LEFT JOIN series cu ON cu.month = mo.month AND cu.scope = k.scope AND cu.key = k.key
            WHERE mo.previous IS NOT NULL
              AND date_diff('month', mo.previous, mo.month) = 1
              AND mo.month BETWEEN $first AND $last
        )
        SELECT p.month, p.scope, p.key, p.previous, p.current, p.current - p.previous AS change,
               CASE WHEN p.previous > 0 THEN (p.current - p.previous) / p.previous END
                   AS relative_change
        FROM pairs p
        WHERE abs(p.current - p.previous) >= $min_change
          AND (p.previous = 0 OR abs(p.current - p.previous) / p.previous >= $min_relative)
        ORDER BY p.month, abs(p.current - p.previous) DESC, p.key""",
        values,
    )


__all__ = ["sql_alerts"]
