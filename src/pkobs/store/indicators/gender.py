"""The ``gender`` indicator's SQL: women's share by month, scope and personnel category, straight
from the contract views (a mission split, and the reference the cube is tested against)."""

from __future__ import annotations

from pkobs.store.indicators import Handle, Selection, data_view, members_cte, query, range_filter
from pkobs.table import Table

CATEGORY_OF_TYPE = """CASE personnel_type
    WHEN 'troops' THEN 'military_contingents'
    WHEN 'staff_officers' THEN 'military_observers_staff_officers'
    WHEN 'experts_on_mission' THEN 'military_observers_staff_officers'
    WHEN 'formed_police_units' THEN 'formed_police_units'
    WHEN 'individual_police' THEN 'individual_police' END"""


def sql_gender_table(db: Handle, selection: Selection) -> Table:
    """Rows ``month, scope, personnel_category, female, personnel, female_share, target_share,
    target_2028`` for the group (``group``) and every contributor (``all``)."""
    mission_filter, values = range_filter(selection)
    return query(
        db,
        f"""WITH members AS ({members_cte(selection)}),
        known AS (
            SELECT c.month, {CATEGORY_OF_TYPE} AS personnel_category, c.female,
                   c.male + c.female AS personnel, (m.iso3 IS NOT NULL) AS is_member
            FROM {data_view(selection)} c
            LEFT JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
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
        values,
    )


__all__ = ["CATEGORY_OF_TYPE", "sql_gender_table"]
