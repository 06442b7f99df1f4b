"""The reads the monthly bulletin needs besides the indicators, language-free.

Each function takes a :class:`pkobs.store.database.Database` and returns facts: months,
source files, the month's senior-post holders, and names in both languages (the bulletin
picks the reader's language at its edge, with its one :class:`pkobs.i18n.Locale`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from pkobs.messages import Name
from pkobs.store.database import Connection, Database

SENIOR_POSTS = ("head_of_mission", "force_commander", "police_commissioner")

# What the bulletin's entry points accept: a Database, or (transition) a raw connection
Handle = Database | Connection


def handle(db: Handle) -> Database:
    """A :class:`Database` for the bulletin, given one or (during the transition) a raw
    DuckDB connection, as older callers still pass."""
    return Database.of(db)


# A name in both languages (a country, a group, a mission's acronym): the library's Name, which
# the edge shows in the reader's language.
Names = Name


@dataclass(frozen=True)
class SourceFile:
    source: str
    path: str
    format: str
    sha256: str
    first_month: dt.date | None
    last_month: dt.date | None
    ingested_at: dt.datetime


@dataclass(frozen=True)
class SeniorHolder:
    """Who held a senior post of a mission on the bulletin month's last day."""

    mission: str
    post: str
    person: str
    nationality_iso3: str
    acting: bool
    uncertain: bool


def months_with_data(db: Database) -> list[dt.date]:
    """Every month (its last day) for which at least one ingested source has data, in order."""
    table = db.query("SELECT DISTINCT month FROM source_months ORDER BY 1")
    return [row[0] for row in table.rows]


def sources_between(db: Database, first: dt.date, last: dt.date) -> list[SourceFile]:
    """The files the figures of ``first`` .. ``last`` come from (the sources chosen in
    ``contributor_months``), oldest coverage first."""
    table = db.query(
        """WITH used AS (
               SELECT DISTINCT trim(unnest(string_split(source, ';'))) AS source
               FROM contributor_months WHERE month BETWEEN ? AND ?)
           SELECT s.source, s.path, s.format, s.sha256, s.first_month, s.last_month,
                  s.ingested_at
           FROM sources s JOIN used USING (source)
           ORDER BY s.first_month, s.source""",
        [first, last],
    )
    return [SourceFile(*row) for row in table.rows]


def month_detail(db: Database, month: dt.date) -> str | None:
    """The month's level of detail: mission_sex, mission, contributor_sex or contributor."""
    value = db.scalar("SELECT min(detail) FROM contributor_months WHERE month = ?", [month])
    return None if value is None else str(value)


def senior_holders(db: Database, month: dt.date) -> list[SeniorHolder]:
    """The holder of each senior post of each mission on ``month`` (a month-end date).

    The ``senior-posts`` indicator counts these posts but lists names only for today's holders;
    the bulletin names the month's holders with the indicator's rule: one holder per post, the
    titular one when an acting holder overlaps. Deputies are left out, as in the indicator.
    A database without the registry view has no holders.
    """
    try:
        rows = db.con.execute(
            """SELECT mission, post, person, nationality_iso3, acting, uncertain FROM (
                  SELECT *, row_number() OVER (PARTITION BY mission, post
                                               ORDER BY acting, start_date DESC, person) AS rank
                  FROM senior_posts
                  WHERE start_date <= $month
                    AND coalesce(end_date, DATE '9999-12-31') >= $month
                    AND list_contains($posts, post))
                WHERE rank = 1""",
            {"month": month, "posts": list(SENIOR_POSTS)},
        ).fetchall()
    except duckdb.CatalogException:  # no registry in this database: the section says so
        return []
    return [
        SeniorHolder(str(a), str(b), str(c), str(d), bool(e), bool(f)) for a, b, c, d, e, f in rows
    ]


@dataclass(frozen=True)
class Suspension:
    """A member of the group suspended on the bulletin month's last day (it still counts)."""

    iso3: str
    member_id: str
    status: str
    since: dt.date


def has_suspensions(db: Database, group: str) -> bool:
    """Whether the reference data records any suspension for ``group``."""
    return bool(db.scalar("SELECT count(*) FROM group_suspensions WHERE group_id = ?", [group]))


def suspended_members(
    db: Database, group: str, statuses: tuple[str, ...], month: dt.date
) -> list[Suspension]:
    """The members of ``group`` with one of ``statuses`` that are suspended on ``month`` (a
    month-end date), longest suspended first. A suspension does not change the status: they
    still count in the group's figures."""
    table = db.query(
        """SELECT m.iso3, m.member_id, m.status, s.valid_from
           FROM group_suspensions s JOIN group_membership m
             ON m.group_id = s.group_id AND m.member_id = s.member_id
           WHERE s.group_id = $group AND list_contains($statuses, m.status)
             AND s.valid_from <= $month AND coalesce(s.valid_to, DATE '9999-12-31') >= $month
             AND m.valid_from <= $month AND coalesce(m.valid_to, DATE '9999-12-31') >= $month
           ORDER BY s.valid_from, m.member_id""",
        {"group": group, "statuses": list(statuses), "month": month},
    )
    return [Suspension(str(a), str(b), str(c), d) for a, b, c, d in table.rows]


def group_names(db: Database, group: str) -> Names | None:
    """The group's name in French and English (``None``: not a known group)."""
    table = db.query("SELECT name_fr, name_en FROM groups WHERE group_id = ?", [group])
    return Names(str(table.rows[0][0]), str(table.rows[0][1])) if table.rows else None


def mission_acronyms(db: Database) -> dict[str, Names]:
    """Every mission's acronym as French and English readers know it (UNIFIL is FINUL)."""
    table = db.query("SELECT acronym, coalesce(acronym_fr, acronym) FROM missions")
    return {str(acronym): Names(str(french), str(acronym)) for acronym, french in table.rows}


def mission_kinds(db: Database) -> dict[str, str]:
    """Every mission's kind by acronym: ``pko`` (a peacekeeping operation), ``spm`` (a special
    political mission) or ``support`` (a support office)."""
    table = db.query("SELECT acronym, kind FROM missions")
    return {str(acronym): str(kind) for acronym, kind in table.rows}


def country_names(db: Database) -> dict[str, Names]:
    """Every country's name in French and English, by ISO-3 code."""
    table = db.query("SELECT iso3, name_fr, name_en FROM countries")
    return {str(iso3): Names(str(fr), str(en)) for iso3, fr, en in table.rows}


__all__ = [
    "SENIOR_POSTS",
    "Handle",
    "Names",
    "SeniorHolder",
    "SourceFile",
    "Suspension",
    "country_names",
    "group_names",
    "handle",
    "has_suspensions",
    "mission_acronyms",
    "mission_kinds",
    "month_detail",
    "months_with_data",
    "senior_holders",
    "sources_between",
    "suspended_members",
]
