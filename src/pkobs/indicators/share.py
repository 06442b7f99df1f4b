"""``share``: the group's share of UN uniformed personnel, by month and category."""

from __future__ import annotations

import duckdb

from pkobs.indicators.base import (
    CATEGORY_SQL,
    IndicatorResult,
    Meta,
    Params,
    covered_months_sql,
    data_view,
    members_cte,
    month_ranges,
    month_series,
    months_without_mission_split,
    needs_mission,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.store.query import run_sql
from pkobs.table import Table

NAME = "share"
COLUMNS = ["month", "category", "group_personnel", "total_personnel", "share"]


def share_table(con: duckdb.DuckDBPyConnection, params: Params, group: str | None = None) -> Table:
    """Rows ``month, [mission,] category, group_personnel, total_personnel, share``.

    Months of the range without data are rows with NULL counts ("no data", never zero).
    """
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
        name="share",
        title_fr="Part du groupe dans le personnel en tenue de l'ONU",
        title_en="Group share of UN uniformed personnel",
        unit="fraction of personnel (0-1)",
        definition_fr=(
            "Pour chaque mois : personnel en tenue (troupes, officiers d'état-major, experts en "
            "mission, police individuelle, unités de police constituées) fourni par les États "
            "ayant l'un des statuts choisis dans le groupe le dernier jour du mois, divisé par "
            "le personnel en tenue de tous les contributeurs. Catégories : militaire (troupes + "
            "officiers d'état-major + experts militaires), police (police individuelle + unités "
            "constituées + police non ventilée), all (total)."
        ),
        definition_en=(
            "For each month: uniformed personnel (troops, staff officers, experts on mission, "
            "individual police, formed police units) sent by states holding one of the chosen "
            "statuses in the group on the month's last day, divided by the uniformed personnel "
            "of all contributors. Categories: military (troops + staff officers + military "
            "experts), police (individual police + formed units + unsplit police), all (total)."
        ),
        params=params_dict(params),
        sources=sources_used(con, params),
        notes=notes,
    )
    return IndicatorResult(table, meta, extras)


def mission_split_notes(
    con: duckdb.DuckDBPyConnection, params: Params, always: bool = False
) -> tuple[dict[str, Table], list[str]]:
    """For a query that needs a mission split: the months of the range without one, as an extra
    table ``months_without_mission_split`` and a note (never zeros, never another level)."""
    if not (always or needs_mission(params)):
        return {}, []
    missing = months_without_mission_split(con, params)
    if not missing.rows:
        return {}, []
    note = (
        "No mission split in the sources for "
        f"{month_ranges([r[0] for r in missing.rows])}: these months are no data here."
    )
    return {"months_without_mission_split": missing}, [note]


__all__ = ["COLUMNS", "NAME", "compute", "mission_split_notes", "share_table"]
