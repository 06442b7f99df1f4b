"""The reads behind the Francophonie page: the missions hosted by a group member, split into
military and police, and every member's personnel at the two ends of a period.

Each function takes the :class:`~pkobs.store.database.Database` handle and returns a language-free
:class:`~pkobs.table.Table` with declared column kinds. Membership follows the indicators' rule:
a state counts for a month when it held one of the chosen statuses on the month's last day
(``group_membership``; governments that are not states have no ISO-3 and never count).

A contributor absent from ``contributor_months`` in a month some source covers sent nobody that
month (a zero); a month no source covers is "no data", never a zero (``source_months``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pkobs.store.database import Database
from pkobs.store.gaps import COLUMNS as GAP_COLUMNS
from pkobs.store.gaps import PROBABLE_GAPS_SQL
from pkobs.store.geo import MEMBERS_SQL, MILITARY_SQL
from pkobs.store.site import short_names_sql
from pkobs.table import Column, Table

MEMBERS_AT = MEMBERS_SQL.replace("$month", "{month}")

HOSTED_SQL = f"""
WITH members AS ({MEMBERS_SQL}),
hosted AS (
    SELECT acronym FROM missions WHERE host_iso3 IN (SELECT iso3 FROM members)
),
rows AS (
    SELECT c.mission, c.total, ({MILITARY_SQL}) AS is_military,
           (m.iso3 IS NOT NULL) AS is_member
    FROM contributions c LEFT JOIN members m ON m.iso3 = c.contributor_iso3
    WHERE c.month = $month AND c.mission IN (SELECT acronym FROM hosted)
),
sums AS (
    SELECT mission,
           coalesce(sum(total) FILTER (WHERE is_military), 0)::BIGINT AS military,
           coalesce(sum(total) FILTER (WHERE NOT is_military), 0)::BIGINT AS police,
           sum(total)::BIGINT AS total,
           coalesce(sum(total) FILTER (WHERE is_military AND is_member), 0)::BIGINT
               AS group_military,
           coalesce(sum(total) FILTER (WHERE NOT is_military AND is_member), 0)::BIGINT
               AS group_police,
           coalesce(sum(total) FILTER (WHERE is_member), 0)::BIGINT AS group_personnel
    FROM rows GROUP BY mission
)
SELECT s.mission, coalesce(nullif(r.acronym_fr, ''), s.mission) AS acronym_fr,
       {short_names_sql("s.mission", "r.acronym_fr")},
       r.name_en, r.name_fr, r.host_iso3, h.name_en AS host_name_en, h.name_fr AS host_name_fr,
       r.kind, s.military, s.police, s.total,
       s.group_military, s.group_police, s.group_personnel,
       s.group_military / nullif(s.military, 0) AS military_share,
       s.group_police / nullif(s.police, 0) AS police_share,
       s.group_personnel / nullif(s.total, 0) AS share
FROM sums s JOIN missions r ON r.acronym = s.mission
LEFT JOIN countries h ON h.iso3 = r.host_iso3
WHERE s.total > 0
ORDER BY share, s.mission
"""

HOSTED = (
    Column("mission", "code"),
    Column("acronym_fr", "code"),  # kept for old clients: short_name_fr is the same
    Column("short_name_fr", "code"),
    Column("short_name_en", "code"),
    Column("name_en", "text"),
    Column("name_fr", "text"),
    Column("host_iso3", "code"),
    Column("host_name_en", "text"),
    Column("host_name_fr", "text"),
    Column("kind", "category"),
    Column("military", "count", "personnel"),
    Column("police", "count", "personnel"),
    Column("total", "count", "personnel"),
    Column("group_military", "count", "personnel"),
    Column("group_police", "count", "personnel"),
    Column("group_personnel", "count", "personnel"),
    Column("military_share", "share", "fraction of the mission's military personnel"),
    Column("police_share", "share", "fraction of the mission's police personnel"),
    Column("share", "share", "fraction of the mission's personnel"),
)

MEMBERS_SQL_PERIOD = f"""
WITH first_members AS ({MEMBERS_AT.format(month="$first")}),
last_members AS ({MEMBERS_AT.format(month="$last")}),
states AS (SELECT iso3 FROM first_members UNION SELECT iso3 FROM last_members),
statuses AS (
    SELECT iso3, arg_max(status, valid_from) AS status
    FROM group_membership
    WHERE group_id = $group AND list_contains($statuses, status) AND iso3 IS NOT NULL
      AND valid_from <= $last AND coalesce(valid_to, DATE '9999-12-31') >= $first
    GROUP BY iso3
),
covered AS (SELECT DISTINCT month FROM source_months),
neighbours AS (
    SELECT (SELECT max(month) FROM covered WHERE month < $last) AS before,
           (SELECT min(month) FROM covered WHERE month > $last) AS after,
           (SELECT max(month) FROM covered WHERE month < $first) AS before_first,
           (SELECT min(month) FROM covered WHERE month > $first) AS after_first
),
monthly AS (
    SELECT c.month, c.contributor_iso3 AS iso3,
           coalesce(sum(c.total) FILTER (WHERE {MILITARY_SQL}), 0)::BIGINT AS military,
           coalesce(sum(c.total) FILTER (WHERE NOT ({MILITARY_SQL})), 0)::BIGINT AS police,
           sum(c.total)::BIGINT AS total
    FROM contributor_months c
    WHERE c.contributor_iso3 IN (SELECT iso3 FROM states)
    GROUP BY ALL
    HAVING sum(c.total) > 0
),
summary AS (
    SELECT iso3,
           min(month) AS first_personnel,
           max(month) FILTER (WHERE month <= $last) AS last_personnel,
           min(month) FILTER (WHERE month BETWEEN $first AND $last) AS first_in_period,
           max(month) FILTER (WHERE month BETWEEN $first AND $last) AS last_in_period
    FROM monthly GROUP BY iso3
)
SELECT s.iso3, n.name_en, n.name_fr, st.status,
       s.iso3 IN (SELECT iso3 FROM first_members) AS member_first,
       s.iso3 IN (SELECT iso3 FROM last_members) AS member_last,
       coalesce(f.military, 0)::BIGINT AS military_first,
       coalesce(f.police, 0)::BIGINT AS police_first,
       coalesce(f.total, 0)::BIGINT AS total_first,
       coalesce(l.military, 0)::BIGINT AS military_last,
       coalesce(l.police, 0)::BIGINT AS police_last,
       coalesce(l.total, 0)::BIGINT AS total_last,
       coalesce(l.total, 0)::BIGINT - coalesce(f.total, 0)::BIGINT AS change,
       u.first_personnel, u.last_personnel, u.first_in_period, u.last_in_period,
       (SELECT min(month) FROM covered WHERE month > u.last_personnel) AS nobody_since,
       coalesce(b.total, 0)::BIGINT AS total_before,
       coalesce(a.total, 0)::BIGINT AS total_after,
       (SELECT after FROM neighbours) IS NOT NULL AS has_after,
       coalesce(bf.total, 0)::BIGINT AS total_before_first,
       coalesce(af.total, 0)::BIGINT AS total_after_first
FROM states s
LEFT JOIN countries n ON n.iso3 = s.iso3
LEFT JOIN statuses st ON st.iso3 = s.iso3
LEFT JOIN monthly f ON f.iso3 = s.iso3 AND f.month = $first
LEFT JOIN monthly l ON l.iso3 = s.iso3 AND l.month = $last
LEFT JOIN monthly b ON b.iso3 = s.iso3 AND b.month = (SELECT before FROM neighbours)
LEFT JOIN monthly a ON a.iso3 = s.iso3 AND a.month = (SELECT after FROM neighbours)
LEFT JOIN monthly bf ON bf.iso3 = s.iso3 AND bf.month = (SELECT before_first FROM neighbours)
LEFT JOIN monthly af ON af.iso3 = s.iso3 AND af.month = (SELECT after_first FROM neighbours)
LEFT JOIN summary u ON u.iso3 = s.iso3
ORDER BY total_last DESC, s.iso3
"""

MEMBERS = (
    Column("iso3", "code"),
    Column("name_en", "text"),
    Column("name_fr", "text"),
    Column("status", "category"),
    Column("member_first", "flag"),
    Column("member_last", "flag"),
    Column("military_first", "count", "personnel"),
    Column("police_first", "count", "personnel"),
    Column("total_first", "count", "personnel"),
    Column("military_last", "count", "personnel"),
    Column("police_last", "count", "personnel"),
    Column("total_last", "count", "personnel"),
    Column("change", "count", "personnel"),
    Column("first_personnel", "month"),
    Column("last_personnel", "month"),
    Column("first_in_period", "month"),
    Column("last_in_period", "month"),
    Column("nobody_since", "month"),
    Column("total_before", "count", "personnel"),
    Column("total_after", "count", "personnel"),
    Column("has_after", "flag"),
    Column("total_before_first", "count", "personnel"),
    Column("total_after_first", "count", "personnel"),
)


def source_gaps(db: Database, month: dt.date) -> Table:
    """The probable source gaps of ``month`` (:func:`pkobs.store.gaps.probable_source_gaps`:
    a contributor x mission row missing between two present months), with the contributor's
    names and the mission's short names."""
    sql = f"""
    SELECT g.month, g.contributor_iso3, n.name_en, n.name_fr, g.mission,
           {short_names_sql("g.mission")}, g.total_before, g.total_after
    FROM ({PROBABLE_GAPS_SQL}) g LEFT JOIN countries n ON n.iso3 = g.contributor_iso3
    LEFT JOIN missions m ON m.acronym = g.mission
    ORDER BY g.mission, g.contributor_iso3"""
    return db.query(sql, {"first": month, "last": month}).declared(
        *GAP_COLUMNS[:2],
        Column("name_en", "text"),
        Column("name_fr", "text"),
        GAP_COLUMNS[2],
        Column("short_name_fr", "code"),
        Column("short_name_en", "code"),
        *GAP_COLUMNS[3:],
    )


def covered_months(db: Database, months: Sequence[dt.date]) -> set[dt.date]:
    """Those of ``months`` that some source covers (the others are "no data")."""
    if not months:
        return set()
    table = db.query(
        "SELECT DISTINCT month FROM source_months WHERE list_contains($1, month)", [list(months)]
    )
    return {row[0] for row in table.rows}


def hosted_missions(db: Database, month: dt.date, group: str, statuses: Sequence[str]) -> Table:
    """One row per mission whose host country is a group member in ``month`` and which has
    personnel that month (by mission): names, host, kind (``pko``, ``spm``, ``support``),
    military, police and total personnel, the members' part of each and its share.
    Lowest share first (the widest gap), as the ``linguistic-gap`` indicator ranks them."""
    values = {"month": month, "group": group, "statuses": list(statuses)}
    return db.query(HOSTED_SQL, values).declared(*HOSTED)


def member_personnel(
    db: Database, first: dt.date, last: dt.date, group: str, statuses: Sequence[str]
) -> Table:
    """One row per state that was a group member in ``first`` or in ``last`` (every level of
    detail, ``contributor_months``), largest contributor in ``last`` first.

    ``*_first`` and ``*_last``: its military, police and total personnel in each month (0 when
    it sent nobody); ``first_personnel`` / ``last_personnel``: the first month it had personnel
    and the last one up to ``last``; ``first_in_period`` / ``last_in_period``: the same within
    the period; ``nobody_since``: the first covered month after ``last_personnel``;
    ``total_before`` / ``total_after``: its personnel in the covered months just before and
    after ``last`` (``has_after``: whether such a month exists), and ``total_before_first`` /
    ``total_after_first`` around ``first``, to tell a probable source gap from a zero.
    """
    values = {"first": first, "last": last, "group": group, "statuses": list(statuses)}
    return db.query(MEMBERS_SQL_PERIOD, values).declared(*MEMBERS)


__all__ = ["covered_months", "hosted_missions", "member_personnel", "source_gaps"]
