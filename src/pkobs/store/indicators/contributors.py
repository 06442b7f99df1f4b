"""The ``contributors`` indicator's SQL: the group's members ranked by personnel, who sends
nobody and who started or stopped, straight from the contract views (a mission split, and the
reference the cube is tested against). Rows carry ISO-3 codes; the indicator adds the names."""

from __future__ import annotations

import datetime as dt

from pkobs.store.indicators import (
    ALL,
    CATEGORY_SQL,
    Handle,
    Selection,
    covered_months_sql,
    data_view,
    members_cte,
    query,
    range_filter,
)
from pkobs.table import Table


def sql_ranking(db: Handle, selection: Selection) -> Table:
    """``month, rank, contributor_iso3, military, police, total`` for every month of the range
    (ties share a rank)."""
    mission_filter, values = range_filter(selection)
    return query(
        db,
        f"""WITH members AS ({members_cte(selection)}),
        sums AS (
            SELECT c.month, c.contributor_iso3,
                   sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'military')::BIGINT AS military,
                   sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'police')::BIGINT AS police,
                   sum(c.total)::BIGINT AS total
            FROM {data_view(selection)} c
            JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
            WHERE c.month BETWEEN $first AND $last {mission_filter}
            GROUP BY ALL HAVING sum(c.total) > 0
        )
        SELECT s.month, rank() OVER (PARTITION BY s.month ORDER BY s.total DESC)::INTEGER AS rank,
               s.contributor_iso3, coalesce(s.military, 0) AS military,
               coalesce(s.police, 0) AS police, s.total
        FROM sums s
        ORDER BY s.month, rank, s.contributor_iso3""",
        values,
    )


def sql_extras(db: Handle, selection: Selection, previous: dt.date) -> dict[str, Table]:
    """Members sending nobody in the last month (``not_contributing``: ``iso3, status``), and
    who started or stopped between ``previous`` and the last month (``started``, ``stopped``:
    ``iso3, total``)."""
    assert selection.to_month is not None
    view = data_view(selection)
    extras: dict[str, Table] = {}
    if selection.group != ALL:
        statuses = ", ".join(f"'{s}'" for s in selection.statuses)
        extras["not_contributing"] = query(
            db,
            f"""SELECT g.iso3, g.status
                FROM group_membership g
                WHERE g.group_id = '{selection.group}' AND g.iso3 IS NOT NULL
                  AND g.status IN ({statuses})
                  AND g.valid_from <= $last AND coalesce(g.valid_to, DATE '9999-12-31') >= $last
                  AND g.iso3 NOT IN (SELECT contributor_iso3 FROM {view}
                                     WHERE month = $last AND total > 0)
                ORDER BY g.iso3""",
            {"last": selection.to_month},
        )
    covered = covered_months_sql(selection)
    months = {"last": selection.to_month, "previous": previous}
    for label, now, before in (
        ("started", "$last", "$previous"),
        ("stopped", "$previous", "$last"),
    ):
        extras[label] = query(
            db,
            f"""WITH members AS ({members_cte(selection)})
            SELECT c.contributor_iso3 AS iso3, sum(c.total)::BIGINT AS total
            FROM {view} c
            JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
            WHERE c.month = {now}
              AND EXISTS (SELECT 1 FROM ({covered}) WHERE month = {before})
              AND c.contributor_iso3 NOT IN (
                  SELECT contributor_iso3 FROM {view} WHERE month = {before})
            GROUP BY ALL HAVING sum(c.total) > 0 ORDER BY total DESC, iso3""",
            months,
        )
    return extras


__all__ = ["sql_extras", "sql_ranking"]
