"""The ``share`` indicator's SQL: the group's share by month (and mission) and category, straight
from the contract views (a mission split, and the reference the cube is tested against)."""

from __future__ import annotations

from pkobs.store.indicators import (
    CATEGORY_SQL,
    Handle,
    Selection,
    covered_months,
    data_view,
    members_cte,
    month_series,
    query,
    range_filter,
)
from pkobs.table import Table


def sql_share_table(db: Handle, selection: Selection, group: str | None = None) -> Table:
    """Rows ``month, [mission,] category, group_personnel, total_personnel, share``.

    Months of the range without data are rows with NULL counts ("no data", never zero).
    """
    mission_filter, values = range_filter(selection)
    by_mission = selection.by_mission
    by = "c.mission," if by_mission else ""
    keys = "month, mission, category" if by_mission else "month, category"
    sql = f"""
    WITH members AS ({members_cte(selection, group)}),
    rows AS (
        SELECT c.month, {by} {CATEGORY_SQL} AS category, c.total,
               (m.iso3 IS NOT NULL) AS is_member
        FROM {data_view(selection)} c
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
    months AS ({month_series(selection)}),
    grid AS (SELECT month, category FROM months,
             (VALUES ('all'), ('military'), ('police')) v(category))
    SELECT {"s.month, s.mission" if by_mission else "g.month"},
           {"s" if by_mission else "g"}.category,
           coalesce(s.group_personnel, CASE WHEN s.total_personnel IS NOT NULL THEN 0 END)
               AS group_personnel,
           s.total_personnel,
           coalesce(s.group_personnel, 0) / nullif(s.total_personnel, 0) AS share
    FROM {"sums s" if by_mission else "grid g LEFT JOIN sums s USING (month, category)"}
    ORDER BY 1, 2{", 3" if by_mission else ""}
    """
    table = query(db, sql, values)
    if by_mission:
        return table
    # a month no source covers is "no data" (NULLs), even where the grid put a zero
    assert selection.from_month is not None and selection.to_month is not None
    covered = covered_months(db, selection, selection.from_month, selection.to_month)
    rows = [row if row[0] in covered else (row[0], row[1], None, None, None) for row in table.rows]
    return Table(table.columns, rows)


__all__ = ["sql_share_table"]
