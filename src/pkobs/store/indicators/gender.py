"""The ``gender`` indicator's SQL: women's share by month, scope and personnel category, straight
from the contract views (a mission split, and the reference the cube is tested against).

The share leaves out the contributor x mission x type x month figures that ``pkobs check-data``
flags as probably printed under the wrong sex (:func:`pkobs.store.checks.implausible_figures`,
kind ``sex``, kept per data version by the cube): :func:`swapped_sql` makes them a query."""

from __future__ import annotations

from typing import Any

from pkobs.store import aggregates
from pkobs.store.indicators import (
    Handle,
    Selection,
    data_view,
    members_cte,
    needs_mission,
    query,
    range_filter,
)
from pkobs.table import Table

CATEGORY_OF_TYPE = """CASE personnel_type
    WHEN 'troops' THEN 'military_contingents'
    WHEN 'staff_officers' THEN 'military_observers_staff_officers'
    WHEN 'experts_on_mission' THEN 'military_observers_staff_officers'
    WHEN 'formed_police_units' THEN 'formed_police_units'
    WHEN 'individual_police' THEN 'individual_police' END"""


def swapped_sql(swaps: Table) -> tuple[str, dict[str, list[Any]]]:
    """A query of the figures ``swaps`` holds (rows of ``implausible_figures(kind="sex")``):
    ``month, contributor_iso3, mission, personnel_type, male, female``, and the parameters it
    binds."""
    records = swaps.records()
    values: dict[str, list[Any]] = {
        "swapped_month": [r["month"] for r in records],
        "swapped_iso3": [r["contributor_iso3"] for r in records],
        "swapped_mission": [r["mission"] for r in records],
        "swapped_type": [r["personnel_type"] for r in records],
        "swapped_female": [r["female"] for r in records],
        "swapped_male": [r["male"] for r in records],
    }
    sql = """SELECT unnest($swapped_month::DATE[]) AS month,
                    unnest($swapped_iso3::VARCHAR[]) AS contributor_iso3,
                    unnest($swapped_mission::VARCHAR[]) AS mission,
                    unnest($swapped_type::VARCHAR[]) AS personnel_type,
                    unnest($swapped_male::BIGINT[]) AS male,
                    unnest($swapped_female::BIGINT[]) AS female"""
    return sql, values


def sql_gender_table(db: Handle, selection: Selection) -> Table:
    """Rows ``month, scope, personnel_category, female, personnel, female_share, target_share,
    target_2028`` for the group (``group``) and every contributor (``all``), without the
    figures probably printed under the wrong sex (the version's
    :meth:`pkobs.store.aggregates.Aggregates.sex_swaps`)."""
    mission_filter, values = range_filter(selection)
    swapped, swapped_values = swapped_sql(aggregates.for_connection(db).sex_swaps(db))
    # the view's rows are contributor x type (x mission when split by mission): each loses the
    # swapped figures it sums (a mission's row, all of its own)
    keys = ["month", "contributor_iso3", "personnel_type"]
    if needs_mission(selection):
        keys.append("mission")
    joined = " AND ".join(f"x.swapped_{key} = c.{key}" for key in keys)
    return query(
        db,
        f"""WITH members AS ({members_cte(selection)}),
        swapped AS (
            SELECT {", ".join(f"{key} AS swapped_{key}" for key in keys)},
                   sum(female) AS female, sum(male + female) AS personnel
            FROM ({swapped}) GROUP BY ALL),
        known AS (
            SELECT c.month, {CATEGORY_OF_TYPE} AS personnel_category,
                   c.female - coalesce(x.female, 0) AS female,
                   c.male + c.female - coalesce(x.personnel, 0) AS personnel,
                   (m.iso3 IS NOT NULL) AS is_member
            FROM {data_view(selection)} c
            LEFT JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
            LEFT JOIN swapped x ON {joined}
            WHERE c.month BETWEEN $first AND $last AND c.female IS NOT NULL
              AND c.male IS NOT NULL {mission_filter}
        ),
        scoped AS (
            SELECT month, 'group' AS scope, personnel_category, female, personnel
            FROM known WHERE is_member
            UNION ALL
            SELECT month, 'all', personnel_category, female, personnel FROM known
        )
        SELECT s.month, s.scope, s.personnel_category,
               sum(s.female)::BIGINT AS female, sum(s.personnel)::BIGINT AS personnel,
               sum(s.female) / nullif(sum(s.personnel), 0) AS female_share,
               any_value(t.target_share) AS target_share,
               any_value(t28.target_share) AS target_2028
        FROM scoped s
        LEFT JOIN gender_targets t ON t.year = year(s.month)
             AND t.personnel_category = s.personnel_category
        LEFT JOIN gender_targets t28 ON t28.year = 2028
             AND t28.personnel_category = s.personnel_category
        WHERE s.personnel_category IS NOT NULL
        GROUP BY s.month, s.scope, s.personnel_category
        ORDER BY s.month, s.scope DESC, s.personnel_category""",
        {**values, **swapped_values},
    )


__all__ = ["CATEGORY_OF_TYPE", "sql_gender_table", "swapped_sql"]
