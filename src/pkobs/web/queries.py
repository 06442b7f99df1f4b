"""Read-only queries behind the pages. Values are always bound parameters, never spliced."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from pkobs.indicators.base import CATEGORY_SQL
from pkobs.settings import Language
from pkobs.store.query import run_sql
from pkobs.store.schema import VIEWS
from pkobs.table import Table


def name_column(lang: Language) -> str:
    return "name_fr" if lang == "fr" else "name_en"


def month_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    row = con.execute("SELECT min(month), max(month) FROM source_months").fetchall()[0]
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


def headline(con: duckdb.DuckDBPyConnection, month: dt.date) -> Headline:
    """National totals from ``contributor_months`` (every month); missions only where the
    month's sources split personnel by mission."""
    row = con.execute(
        f"""SELECT coalesce(sum(total), 0)::BIGINT,
                   coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)::BIGINT,
                   coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)::BIGINT,
                   count(DISTINCT contributor_iso3), min(detail),
                   (SELECT count(DISTINCT mission) FROM contributions WHERE month = $month)
            FROM contributor_months WHERE month = $month""",
        {"month": month},
    ).fetchall()[0]
    detail = row[4]
    missions = int(row[5]) if detail in ("mission_sex", "mission") else None
    return Headline(month, int(row[0]), int(row[1]), int(row[2]), int(row[3]), missions, detail)


def country(con: duckdb.DuckDBPyConnection, iso3: str, lang: Language) -> dict[str, Any] | None:
    rows = run_sql(
        con, f"SELECT iso3, {name_column(lang)} AS name, iso2 FROM countries WHERE iso3 = ?", [iso3]
    ).records()
    return rows[0] if rows else None


def country_history(con: duckdb.DuckDBPyConnection, iso3: str) -> Table:
    return run_sql(
        con,
        f"""SELECT month,
                   coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)::BIGINT
                       AS military,
                   coalesce(sum(total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)::BIGINT
                       AS police,
                   sum(total)::BIGINT AS total
            FROM contributor_months WHERE contributor_iso3 = ? GROUP BY month ORDER BY month""",
        [iso3],
    )


def country_history_table(history: list[dict[str, Any]]) -> Table:
    columns = ["month", "military", "police", "total"]
    return Table(columns, [tuple(r[c] for c in columns) for r in history])


def country_missions(
    con: duckdb.DuckDBPyConnection, iso3: str, month: dt.date, lang: Language
) -> Table:
    return run_sql(
        con,
        f"""SELECT c.mission, coalesce(any_value(m.{name_column(lang)}), c.mission) AS name,
                   c.personnel_type, sum(c.total)::BIGINT AS total
            FROM contributions c LEFT JOIN missions m ON m.acronym = c.mission
            WHERE c.contributor_iso3 = ? AND c.month = ?
            GROUP BY c.mission, c.personnel_type
            ORDER BY total DESC, c.mission, c.personnel_type""",
        [iso3, month],
    )


def memberships(con: duckdb.DuckDBPyConnection, iso3: str, lang: Language) -> Table:
    return run_sql(
        con,
        f"""SELECT g.group_id, any_value(r.{name_column(lang)}) AS name, g.status,
                   g.valid_from, g.valid_to
            FROM group_membership g JOIN groups r USING (group_id)
            WHERE g.iso3 = ? GROUP BY ALL ORDER BY g.group_id, g.valid_from""",
        [iso3],
    )


def missions(con: duckdb.DuckDBPyConnection, month: dt.date, lang: Language) -> Table:
    """Missions with personnel in the data (any month), their host and last known personnel."""
    return run_sql(
        con,
        f"""WITH last AS (
                SELECT mission, max(month) AS last_month FROM contributions GROUP BY mission),
            personnel AS (
                SELECT c.mission, sum(c.total)::BIGINT AS total
                FROM contributions c JOIN last l ON l.mission = c.mission AND l.last_month = c.month
                GROUP BY c.mission)
            SELECT m.acronym, m.{name_column(lang)} AS name, m.host_iso3,
                   coalesce(k.{name_column(lang)}, m.host_iso3) AS host, m.start_date, m.end_date,
                   l.last_month, p.total, (l.last_month = ?) AS active
            FROM missions m JOIN last l ON l.mission = m.acronym
            JOIN personnel p ON p.mission = m.acronym
            LEFT JOIN countries k ON k.iso3 = m.host_iso3
            ORDER BY active DESC, p.total DESC, m.acronym""",
        [month],
    )


def mission(con: duckdb.DuckDBPyConnection, acronym: str, lang: Language) -> dict[str, Any] | None:
    rows = run_sql(
        con,
        f"""SELECT m.acronym, m.{name_column(lang)} AS name, m.host_iso3,
                   coalesce(k.{name_column(lang)}, m.host_iso3) AS host, m.start_date, m.end_date,
                   m.predecessor, m.source
            FROM missions m LEFT JOIN countries k ON k.iso3 = m.host_iso3
            WHERE m.acronym = ?""",
        [acronym],
    ).records()
    return rows[0] if rows else None


def mission_contributors(
    con: duckdb.DuckDBPyConnection, acronym: str, lang: Language
) -> tuple[dt.date | None, Table]:
    last = con.execute(
        "SELECT max(month) FROM contributions WHERE mission = ?", [acronym]
    ).fetchall()[0][0]
    table = run_sql(
        con,
        f"""SELECT c.contributor_iso3, coalesce(any_value(k.{name_column(lang)}),
                   c.contributor_iso3) AS name,
                   coalesce(sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'military'), 0)::BIGINT
                       AS military,
                   coalesce(sum(c.total) FILTER (WHERE {CATEGORY_SQL} = 'police'), 0)::BIGINT
                       AS police,
                   sum(c.total)::BIGINT AS total
            FROM contributions c LEFT JOIN countries k ON k.iso3 = c.contributor_iso3
            WHERE c.mission = ? AND c.month = ?
            GROUP BY c.contributor_iso3 ORDER BY total DESC, name""",
        [acronym, last],
    )
    return last, table


def gender_targets(con: duckdb.DuckDBPyConnection) -> Table:
    return run_sql(
        con,
        "SELECT year, personnel_category, target_share, note FROM gender_targets ORDER BY ALL",
    )


def groups(con: duckdb.DuckDBPyConnection, lang: Language) -> Table:
    return run_sql(
        con, f"SELECT group_id, {name_column(lang)} AS name FROM groups ORDER BY group_id"
    )


def sources(con: duckdb.DuckDBPyConnection) -> Table:
    return run_sql(
        con,
        """SELECT source, format, rows, first_month, last_month, sha256, ingested_at
           FROM sources ORDER BY source""",
    )


def view_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    # names come from the VIEWS allow-list, never from the request
    return [
        (name, int(con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0])) for name in VIEWS
    ]


SENIOR_POST_COLUMNS = """s.mission, s.post, s.person, s.nationality_iso3,
    coalesce(k.{name}, s.nationality_iso3) AS nationality, s.start_date, s.end_date, s.acting,
    s.uncertain, s.source"""
SENIOR_POST_ORDER = """list_position(['head_of_mission', 'force_commander',
    'police_commissioner', 'deputy_head_of_mission'], s.post), s.start_date DESC, s.person"""


def mission_senior_posts(con: duckdb.DuckDBPyConnection, acronym: str, lang: Language) -> Table:
    """Every holder of a senior post of one mission, by post, the latest first."""
    return run_sql(
        con,
        f"""SELECT {SENIOR_POST_COLUMNS.format(name=name_column(lang))}
            FROM senior_posts s LEFT JOIN countries k ON k.iso3 = s.nationality_iso3
            WHERE s.mission = ? ORDER BY {SENIOR_POST_ORDER}""",
        [acronym],
    )


def national_senior_posts(con: duckdb.DuckDBPyConnection, iso3: str, lang: Language) -> Table:
    """Every senior post held by a national of one country, the latest first."""
    return run_sql(
        con,
        f"""SELECT {SENIOR_POST_COLUMNS.format(name=name_column(lang))}
            FROM senior_posts s LEFT JOIN countries k ON k.iso3 = s.nationality_iso3
            WHERE s.nationality_iso3 = ? ORDER BY s.start_date DESC, s.mission, s.person""",
        [iso3],
    )


def senior_post_missions(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The missions of the senior posts registry (choices of the page's filter)."""
    return [
        r[0] for r in con.execute("SELECT DISTINCT mission FROM senior_posts ORDER BY 1").fetchall()
    ]


def senior_post_counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Rows of the senior posts registry, and how many of them are flagged uncertain."""
    row = con.execute("SELECT count(*), count(*) FILTER (WHERE uncertain) FROM senior_posts")
    total, uncertain = row.fetchall()[0]
    return int(total), int(uncertain)
