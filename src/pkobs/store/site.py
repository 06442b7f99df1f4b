"""The reads behind the web pages that no indicator answers: lists, one country, one mission.

Every function takes a :class:`pkobs.store.database.Database` and returns language-free results:
tables with declared column kinds, or records. A name that exists in both languages comes as two
columns, ``<name>_fr`` and ``<name>_en`` (``name_fr``/``name_en``, ``host_fr``/``host_en``...);
the edge keeps the one of its language. A mission is named by its code (``acronym``, ``mission``:
the canonical acronym, UNIFIL, kept for links and joins) and shown by ``short_name_fr`` /
``short_name_en``: the acronym the UN uses in that language (FINUL / UNIFIL). Values are always
bound parameters, never spliced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pkobs.store import aggregates
from pkobs.store.database import Database
from pkobs.store.indicators import CATEGORY_SQL
from pkobs.store.indicators.gender import CATEGORY_OF_TYPE, swapped_sql
from pkobs.store.schema import VIEWS
from pkobs.table import Column, Table

MONTH = Column("month", "month")
PERSONNEL = {name: Column(name, "count", "personnel") for name in ("military", "police", "total")}


def short_names_sql(code: str, french: str = "m.acronym_fr") -> str:
    """The pair ``short_name_fr, short_name_en`` of the mission whose code is the SQL expression
    ``code`` (``french``: its French acronym, from the joined ``missions`` row); a mission
    without a French acronym, or missing from the reference data, is shown by its code."""
    return f"coalesce(nullif({french}, ''), {code}) AS short_name_fr, {code} AS short_name_en"


def month_range(db: Database) -> tuple[dt.date | None, dt.date | None]:
    """The first and last month any source covers (``None`` when nothing was ingested)."""
    row = db.query("SELECT min(month), max(month) FROM source_months").rows[0]
    return row[0], row[1]


@dataclass(frozen=True)
class Headline:
    month: dt.date
    total: int
    military: int
    police: int
    contributors: int
    missions: int | None  # None: the month's sources give no mission split
    detail: str | None = None  # level of detail of the month (see contributor_months)


HEADLINE_COLUMNS = (
    MONTH,
    PERSONNEL["total"],
    PERSONNEL["military"],
    PERSONNEL["police"],
    Column("contributors", "count", "countries"),
    Column("missions", "count", "missions"),
    Column("detail", "category"),
)


def headline(db: Database, month: dt.date, kinds: tuple[str, ...] | None = None) -> Headline:
    """National totals from ``contributor_months`` (every month); missions only where the
    month's sources split personnel by mission. With mission ``kinds`` (``("pko",)``: the
    peacekeeping operations, as the UN's fact sheets count), the totals of the missions of those
    kinds, from ``contributions``, when the month's sources split personnel by mission (otherwise
    the national totals: a month without a mission split cannot be restricted)."""
    if kinds is not None:
        restricted = _headline_of_kinds(db, month, kinds)
        if restricted is not None:
            return restricted
    row = db.query(
        f"""SELECT coalesce(sum(total), 0)::BIGINT,
                   coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)::BIGINT,
                   coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)::BIGINT,
                   count(DISTINCT contributor_iso3), min(detail),
                   (SELECT count(DISTINCT mission) FROM contributions WHERE month = $month)
            FROM contributor_months WHERE month = $month""",
        {"month": month},
    ).rows[0]
    detail = row[4]
    missions = int(row[5]) if detail in ("mission_sex", "mission") else None
    return Headline(month, int(row[0]), int(row[1]), int(row[2]), int(row[3]), missions, detail)


def _headline_of_kinds(db: Database, month: dt.date, kinds: tuple[str, ...]) -> Headline | None:
    row = db.query(
        f"""SELECT coalesce(sum(c.total), 0)::BIGINT,
                   coalesce(sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)::BIGINT,
                   coalesce(sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)::BIGINT,
                   count(DISTINCT c.contributor_iso3), count(DISTINCT c.mission),
                   (SELECT min(detail) FROM contributor_months WHERE month = $month)
            FROM contributions c JOIN missions m ON m.acronym = c.mission
            WHERE c.month = $month AND list_contains($kinds, m.kind)""",
        {"month": month, "kinds": list(kinds)},
    ).rows[0]
    detail = row[5]
    if detail not in ("mission_sex", "mission"):
        return None
    return Headline(month, int(row[0]), int(row[1]), int(row[2]), int(row[3]), int(row[4]), detail)


def headline_table(head: Headline) -> Table:
    """The headline as a one-row table (the overview's ``headline`` data table)."""
    columns = [c.name for c in HEADLINE_COLUMNS]
    return Table(columns, [tuple(getattr(head, c) for c in columns)]).declared(*HEADLINE_COLUMNS)


def country(db: Database, iso3: str) -> dict[str, Any] | None:
    """``iso3``, ``name_fr``, ``name_en``, ``iso2`` of one country (``None`` when unknown)."""
    rows = db.query(
        "SELECT iso3, name_fr, name_en, iso2 FROM countries WHERE iso3 = ?", [iso3]
    ).records()
    return rows[0] if rows else None


def country_history(db: Database, iso3: str) -> Table:
    """Personnel of one country month by month: military, police, total.

    From the country's first month in the data to the last month any source covers, every
    month with data has a row: a month in which the country sent nobody is a row of zeros (it
    sent nobody), and only a month no source covers is missing (no data)."""
    table = db.query(
        f"""WITH sent AS (
                SELECT month,
                       coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)
                           ::BIGINT AS military,
                       coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)
                           ::BIGINT AS police,
                       sum(total)::BIGINT AS total
                FROM contributor_months WHERE contributor_iso3 = ? GROUP BY month),
            months AS (
                SELECT DISTINCT month FROM source_months
                WHERE month >= (SELECT min(month) FROM sent))
            SELECT m.month, coalesce(s.military, 0)::BIGINT AS military,
                   coalesce(s.police, 0)::BIGINT AS police,
                   coalesce(s.total, 0)::BIGINT AS total
            FROM months m LEFT JOIN sent s USING (month) ORDER BY m.month""",
        [iso3],
    )
    return table.declared(MONTH, *PERSONNEL.values())


def country_gender(db: Database, iso3: str) -> Table:
    """Women among one country's personnel whose sex is reported, month by month: ``female``
    and ``personnel`` (of known sex, the n of the share), only for months whose sources give
    the sex, without the figures printed under the wrong sex (as the ``gender`` indicator:
    :meth:`pkobs.store.aggregates.Aggregates.sex_swaps`), nor those of a month x category
    whose split is not believable as a whole (:meth:`~pkobs.store.aggregates.Aggregates.
    sex_months`)."""
    cube = aggregates.for_connection(db)
    swapped, values = swapped_sql(cube.sex_swaps(db))
    cells = cube.sex_months(db).rows
    table = db.query(
        f"""WITH swapped AS ({swapped}),
            unbelievable AS (
                SELECT unnest($unbelievable_month::DATE[]) AS month,
                       unnest($unbelievable_category::VARCHAR[]) AS category)
            SELECT month, sum(female)::BIGINT AS female,
                   sum(female + male)::BIGINT AS personnel
            FROM contributions c
            WHERE contributor_iso3 = $iso3 AND female IS NOT NULL AND male IS NOT NULL
              AND NOT EXISTS (
                  SELECT 1 FROM swapped x
                  WHERE x.month = c.month AND x.contributor_iso3 = c.contributor_iso3
                    AND x.mission = c.mission AND x.personnel_type = c.personnel_type)
              AND NOT EXISTS (
                  SELECT 1 FROM unbelievable u
                  WHERE u.month = c.month AND u.category = {CATEGORY_OF_TYPE})
            GROUP BY month HAVING sum(female + male) > 0 ORDER BY month""",
        {
            **values,
            "iso3": iso3,
            "unbelievable_month": [r[0] for r in cells],
            "unbelievable_category": [r[1] for r in cells],
        },
    )
    return table.declared(
        MONTH, Column("female", "count", "personnel"), Column("personnel", "count", "personnel")
    )


def group_members(
    db: Database, group_id: str, day: dt.date, statuses: tuple[str, ...]
) -> list[str]:
    """ISO-3 codes of the countries holding one of ``statuses`` in ``group_id`` on ``day``."""
    table = db.query(
        """SELECT DISTINCT iso3 FROM group_membership
           WHERE group_id = ? AND iso3 IS NOT NULL AND list_contains(?, status)
             AND valid_from <= ? AND coalesce(valid_to, DATE '9999-12-31') >= ?
           ORDER BY 1""",
        [group_id, list(statuses), day, day],
    )
    return [str(row[0]) for row in table.rows]


def country_missions(db: Database, iso3: str, month: dt.date) -> Table:
    """Where one country's personnel served in ``month``: mission, its short names and names,
    type, total."""
    table = db.query(
        f"""SELECT c.mission, {short_names_sql("c.mission", "any_value(m.acronym_fr)")},
                  coalesce(any_value(m.name_fr), c.mission) AS name_fr,
                  coalesce(any_value(m.name_en), c.mission) AS name_en,
                  c.personnel_type, sum(c.total)::BIGINT AS total
           FROM contributions c LEFT JOIN missions m ON m.acronym = c.mission
           WHERE c.contributor_iso3 = ? AND c.month = ?
           GROUP BY c.mission, c.personnel_type
           ORDER BY total DESC, c.mission, c.personnel_type""",
        [iso3, month],
    )
    return table.declared(
        Column("mission", "code"), Column("personnel_type", "category"), PERSONNEL["total"]
    )


def memberships(db: Database, iso3: str) -> Table:
    """The groups one country belongs (or belonged) to, with status and dates."""
    table = db.query(
        """SELECT g.group_id, any_value(r.name_fr) AS name_fr, any_value(r.name_en) AS name_en,
                  g.status, g.valid_from, g.valid_to
           FROM group_membership g JOIN groups r USING (group_id)
           WHERE g.iso3 = ? GROUP BY ALL ORDER BY g.group_id, g.valid_from""",
        [iso3],
    )
    return table.declared(
        Column("group_id", "code"),
        Column("status", "category"),
        Column("valid_from", "date"),
        Column("valid_to", "date"),
    )


def missions(db: Database, month: dt.date) -> Table:
    """Missions with personnel in the data (any month), their host and last known personnel;
    ``active`` when that last month is ``month``."""
    table = db.query(
        f"""WITH last AS (
               SELECT mission, max(month) AS last_month FROM contributions GROUP BY mission),
           personnel AS (
               SELECT c.mission, sum(c.total)::BIGINT AS total
               FROM contributions c JOIN last l ON l.mission = c.mission AND l.last_month = c.month
               GROUP BY c.mission)
           SELECT m.acronym, {short_names_sql("m.acronym")}, m.name_fr, m.name_en,
                  m.host_iso3, coalesce(k.name_fr, m.host_iso3) AS host_fr,
                  coalesce(k.name_en, m.host_iso3) AS host_en, m.start_date, m.end_date,
                  l.last_month, p.total, (l.last_month = ?) AS active
           FROM missions m JOIN last l ON l.mission = m.acronym
           JOIN personnel p ON p.mission = m.acronym
           LEFT JOIN countries k ON k.iso3 = m.host_iso3
           ORDER BY active DESC, p.total DESC, m.acronym""",
        [month],
    )
    return table.declared(
        Column("acronym", "code"),
        Column("host_iso3", "code"),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("last_month", "month"),
        PERSONNEL["total"],
        Column("active", "flag"),
    )


def mission(db: Database, acronym: str) -> dict[str, Any] | None:
    """One mission: acronym, short names, names, host (code and names), dates, predecessor,
    source."""
    rows = db.query(
        f"""SELECT m.acronym, {short_names_sql("m.acronym")}, m.name_fr, m.name_en, m.host_iso3,
                  coalesce(k.name_fr, m.host_iso3) AS host_fr,
                  coalesce(k.name_en, m.host_iso3) AS host_en, m.start_date, m.end_date,
                  m.predecessor, m.source
           FROM missions m LEFT JOIN countries k ON k.iso3 = m.host_iso3
           WHERE m.acronym = ?""",
        [acronym],
    ).records()
    return rows[0] if rows else None


def mission_contributors(db: Database, acronym: str) -> tuple[dt.date | None, Table]:
    """A mission's profile month and its contributors that month: the last month with
    personnel; for a mission whose mandate ended while the sources go on counting personnel
    in it (a drawdown, a liquidation: MINUSMA until October 2024, its mandate ended in December
    2023), the last month of its mandate with personnel."""
    rows = db.query(
        """SELECT max(c.month),
                  max(c.month) FILTER (WHERE m.end_date IS NULL
                                          OR c.month <= last_day(m.end_date))
           FROM contributions c JOIN missions m ON m.acronym = c.mission
           WHERE c.mission = ?""",
        [acronym],
    ).rows
    last = (rows[0][1] or rows[0][0]) if rows else None
    table = db.query(
        f"""SELECT c.contributor_iso3,
                   coalesce(any_value(k.name_fr), c.contributor_iso3) AS name_fr,
                   coalesce(any_value(k.name_en), c.contributor_iso3) AS name_en,
                   coalesce(sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)::BIGINT
                       AS military,
                   coalesce(sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)::BIGINT
                       AS police,
                   sum(c.total)::BIGINT AS total
            FROM contributions c LEFT JOIN countries k ON k.iso3 = c.contributor_iso3
            WHERE c.mission = ? AND c.month = ?
            GROUP BY c.contributor_iso3 ORDER BY total DESC, c.contributor_iso3""",
        [acronym, last],
    )
    return last, table.declared(Column("contributor_iso3", "code"), *PERSONNEL.values())


def gender_targets(db: Database) -> Table:
    table = db.query(
        "SELECT year, personnel_category, target_share, note FROM gender_targets ORDER BY ALL"
    )
    return table.declared(
        Column("year", "number"),
        Column("personnel_category", "category"),
        Column("target_share", "share"),
    )


def groups(db: Database) -> Table:
    """Every group: id and names."""
    return db.query("SELECT group_id, name_fr, name_en FROM groups ORDER BY group_id").declared(
        Column("group_id", "code")
    )


def sources(db: Database) -> Table:
    table = db.query(
        """SELECT source, format, rows, first_month, last_month, sha256, ingested_at
           FROM sources ORDER BY source"""
    )
    return table.declared(
        Column("source", "code"),
        Column("format", "code"),
        Column("rows", "count", "rows"),
        Column("first_month", "month"),
        Column("last_month", "month"),
        Column("sha256", "code"),
        Column("ingested_at", "timestamp"),
    )


def view_counts(db: Database) -> Table:
    """Rows of every contract view: ``table``, ``rows``."""
    # names come from the VIEWS allow-list, never from the request
    rows = [(name, int(db.scalar(f"SELECT count(*) FROM {name}"))) for name in VIEWS]
    return Table(["table", "rows"], rows).declared(
        Column("table", "code"), Column("rows", "count", "rows")
    )


SENIOR_POST_COLUMNS = f"""s.mission, {short_names_sql("s.mission")}, s.post, s.person,
    s.nationality_iso3,
    coalesce(k.name_fr, s.nationality_iso3) AS nationality_fr,
    coalesce(k.name_en, s.nationality_iso3) AS nationality_en, s.start_date, s.end_date,
    s.acting, s.uncertain, s.source"""
SENIOR_POST_ORDER = """list_position(['head_of_mission', 'force_commander',
    'police_commissioner', 'deputy_head_of_mission'], s.post), s.start_date DESC, s.person"""
SENIOR_POST_KINDS = (
    Column("mission", "code"),
    Column("post", "category"),
    Column("nationality_iso3", "code"),
    Column("start_date", "date"),
    Column("end_date", "date"),
    Column("acting", "flag"),
    Column("uncertain", "flag"),
)


def mission_senior_posts(db: Database, acronym: str) -> Table:
    """Every holder of a senior post of one mission, by post, the latest first."""
    table = db.query(
        f"""SELECT {SENIOR_POST_COLUMNS}
            FROM senior_posts s LEFT JOIN countries k ON k.iso3 = s.nationality_iso3
            LEFT JOIN missions m ON m.acronym = s.mission
            WHERE s.mission = ? ORDER BY {SENIOR_POST_ORDER}""",
        [acronym],
    )
    return table.declared(*SENIOR_POST_KINDS)


def national_senior_posts(db: Database, iso3: str) -> Table:
    """Every senior post held by a national of one country, the latest first."""
    table = db.query(
        f"""SELECT {SENIOR_POST_COLUMNS}
            FROM senior_posts s LEFT JOIN countries k ON k.iso3 = s.nationality_iso3
            LEFT JOIN missions m ON m.acronym = s.mission
            WHERE s.nationality_iso3 = ? ORDER BY s.start_date DESC, s.mission, s.person""",
        [iso3],
    )
    return table.declared(*SENIOR_POST_KINDS)


def mission_short_names(db: Database) -> Table:
    """Every mission of the reference data: ``acronym`` (its code), ``short_name_fr``,
    ``short_name_en`` (for the tables that carry a mission's code only)."""
    table = db.query(
        f"SELECT m.acronym, {short_names_sql('m.acronym')} FROM missions m ORDER BY m.acronym"
    )
    return table.declared(Column("acronym", "code"))


def senior_post_missions(db: Database) -> list[str]:
    """The missions of the senior posts registry (choices of the page's filter)."""
    return [r[0] for r in db.query("SELECT DISTINCT mission FROM senior_posts ORDER BY 1").rows]


def senior_post_counts(db: Database) -> tuple[int, int]:
    """Rows of the senior posts registry, and how many of them are flagged uncertain."""
    row = db.query("SELECT count(*), count(*) FILTER (WHERE uncertain) FROM senior_posts").rows[0]
    return int(row[0]), int(row[1])


__all__ = [
    "Headline",
    "country",
    "country_gender",
    "country_history",
    "country_missions",
    "gender_targets",
    "group_members",
    "groups",
    "headline",
    "headline_table",
    "memberships",
    "mission",
    "mission_contributors",
    "mission_senior_posts",
    "mission_short_names",
    "missions",
    "month_range",
    "national_senior_posts",
    "senior_post_counts",
    "senior_post_missions",
    "short_names_sql",
    "sources",
    "view_counts",
]
