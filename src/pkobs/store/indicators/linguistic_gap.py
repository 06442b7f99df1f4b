"""The ``linguistic-gap`` indicator's SQL: in missions hosted by a group member, the group's
share of the personnel, straight from the contract views (the reference the cube is tested
against)."""

from __future__ import annotations

from pkobs.store.indicators import Handle, Selection, members_cte, query, range_filter
from pkobs.table import Table


def sql_gap_tables(db: Handle, selection: Selection) -> tuple[Table, Table]:
    """The ranking (``month, mission, host_iso3, group_personnel, total_personnel, share``,
    lowest share first) and the ``hosted`` table (``month, hosted_personnel, total_personnel,
    share``: the personnel in missions hosted by members)."""
    mission_filter, values = range_filter(selection)
    base = f"""
    WITH members AS ({members_cte(selection)}),
    deployed AS (
        SELECT c.month, c.mission, mi.host_iso3, c.total,
               (m.iso3 IS NOT NULL) AS from_member,
               (h.iso3 IS NOT NULL) AS member_host
        FROM contributions c
        JOIN missions mi ON mi.acronym = c.mission
        LEFT JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
        LEFT JOIN members h ON h.month = c.month AND h.iso3 = mi.host_iso3
        WHERE c.month BETWEEN $first AND $last {mission_filter}
    )"""
    ranking = query(
        db,
        base
        + """
        SELECT month, mission, host_iso3,
               coalesce(sum(total) FILTER (WHERE from_member), 0)::BIGINT AS group_personnel,
               sum(total)::BIGINT AS total_personnel,
               coalesce(sum(total) FILTER (WHERE from_member), 0) / sum(total) AS share
        FROM deployed WHERE member_host
        GROUP BY ALL HAVING sum(total) > 0
        ORDER BY month, share, mission""",
        values,
    )
    hosted = query(
        db,
        base
        + """
        SELECT month,
               coalesce(sum(total) FILTER (WHERE member_host), 0)::BIGINT AS hosted_personnel,
               sum(total)::BIGINT AS total_personnel,
               coalesce(sum(total) FILTER (WHERE member_host), 0) / sum(total) AS share
        FROM deployed GROUP BY month ORDER BY month""",
        values,
    )
    return ranking, hosted


__all__ = ["sql_gap_tables"]
