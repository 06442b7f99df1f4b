"""The reads behind the map: personnel by mission and by contributor for one month.

Each function takes the :class:`~pkobs.store.database.Database` handle and returns a language-free
:class:`~pkobs.table.Table` with declared column kinds. Group membership follows the rule of the
indicators: a country counts for a month when it held one of the statuses on the month's last day
(``group_membership``); the pseudo-group ``all`` counts every contributor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pkobs.store.database import Database
from pkobs.store.schema import MILITARY_TYPES, MISSION_DETAILS
from pkobs.store.site import short_names_sql
from pkobs.table import Column, Table

ALL = "all"

MEMBERS_SQL = """
    SELECT DISTINCT iso3 FROM group_membership
    WHERE group_id = $group AND list_contains($statuses, status) AND iso3 IS NOT NULL
      AND valid_from <= $month
      AND coalesce(valid_to, DATE '9999-12-31') >= $month"""
MILITARY_SQL = "personnel_type IN (" + ", ".join(f"'{t}'" for t in MILITARY_TYPES) + ")"
PERSONNEL = (
    Column("military", "count", "personnel"),
    Column("police", "count", "personnel"),
    Column("total", "count", "personnel"),
    Column("group_personnel", "count", "personnel"),
    Column("share", "share"),
)


def month_range(db: Database) -> tuple[dt.date | None, dt.date | None]:
    """The first and last months with data (``None, None`` for an empty database)."""
    rows = db.query("SELECT min(month), max(month) FROM source_months").rows
    return (rows[0][0], rows[0][1]) if rows else (None, None)


def has_data(db: Database, month: dt.date) -> bool:
    return bool(db.scalar("SELECT count(*) FROM source_months WHERE month = $1", [month]))


def has_mission_split(db: Database, month: dt.date) -> bool:
    """Whether a source splits the month's personnel by mission."""
    return bool(
        db.scalar(
            "SELECT count(*) FROM source_months WHERE month = $1 AND list_contains($2, detail)",
            [month, list(MISSION_DETAILS)],
        )
    )


def known_groups(db: Database) -> list[str]:
    return [row[0] for row in db.query("SELECT group_id FROM groups ORDER BY 1").rows]


def group_names(db: Database) -> Table:
    """``group_id, name_en, name_fr`` of every group, by id."""
    return db.query("SELECT group_id, name_en, name_fr FROM groups ORDER BY group_id").declared(
        Column("group_id", "code")
    )


def mission_personnel(db: Database, month: dt.date, group: str, statuses: Sequence[str]) -> Table:
    """One row per mission with personnel in ``month``, largest first: its acronym in French
    (``acronym_fr``, kept for old clients) and its short names (``short_name_fr``,
    ``short_name_en``: the acronym the UN uses in each language, as on every other page),
    reference names, host, kind, military, police and total personnel, the group's personnel
    and share."""
    sql = f"""
    WITH members AS ({MEMBERS_SQL}),
    rows AS (
        SELECT c.mission, c.total, ({MILITARY_SQL}) AS is_military,
               (m.iso3 IS NOT NULL OR $group = 'all') AS is_member
        FROM contributions c LEFT JOIN members m ON m.iso3 = c.contributor_iso3
        WHERE c.month = $month
    ),
    sums AS (
        SELECT mission,
               coalesce(sum(total) FILTER (WHERE is_military), 0)::BIGINT AS military,
               coalesce(sum(total) FILTER (WHERE NOT is_military), 0)::BIGINT AS police,
               sum(total)::BIGINT AS total,
               coalesce(sum(total) FILTER (WHERE is_member), 0)::BIGINT AS group_personnel
        FROM rows GROUP BY mission
    )
    SELECT s.mission, coalesce(nullif(r.acronym_fr, ''), s.mission) AS acronym_fr,
           {short_names_sql("s.mission", "r.acronym_fr")},
           r.name_en, r.name_fr, r.host_iso3, r.kind,
           s.military, s.police, s.total, s.group_personnel,
           s.group_personnel / nullif(s.total, 0) AS share
    FROM sums s LEFT JOIN missions r ON r.acronym = s.mission
    WHERE s.total > 0
    ORDER BY s.total DESC, s.mission"""
    values = {"month": month, "group": group, "statuses": list(statuses)}
    return db.query(sql, values).declared(
        Column("mission", "code"),
        Column("acronym_fr", "code"),
        Column("short_name_fr", "code"),
        Column("short_name_en", "code"),
        Column("host_iso3", "code"),
        Column("kind", "category"),
        *PERSONNEL,
    )


def contributor_personnel(
    db: Database, month: dt.date, group: str, statuses: Sequence[str]
) -> Table:
    """One row per contributor with personnel in ``month`` (every level of detail), largest
    first: ISO-3, names, military, police and total personnel, and group membership."""
    sql = f"""
    WITH members AS ({MEMBERS_SQL})
    SELECT c.contributor_iso3, n.name_en, n.name_fr,
           coalesce(sum(c.total) FILTER (WHERE {MILITARY_SQL}), 0)::BIGINT AS military,
           coalesce(sum(c.total) FILTER (WHERE NOT ({MILITARY_SQL})), 0)::BIGINT AS police,
           sum(c.total)::BIGINT AS total,
           bool_or(m.iso3 IS NOT NULL OR $group = 'all') AS is_member
    FROM contributor_months c
    LEFT JOIN countries n ON n.iso3 = c.contributor_iso3
    LEFT JOIN members m ON m.iso3 = c.contributor_iso3
    WHERE c.month = $month
    GROUP BY ALL
    HAVING sum(c.total) > 0
    ORDER BY total DESC, c.contributor_iso3"""
    values = {"month": month, "group": group, "statuses": list(statuses)}
    return db.query(sql, values).declared(
        Column("contributor_iso3", "code"), *PERSONNEL[:3], Column("is_member", "flag")
    )


__all__ = [
    "contributor_personnel",
    "group_names",
    "has_data",
    "has_mission_split",
    "known_groups",
    "mission_personnel",
    "month_range",
]
