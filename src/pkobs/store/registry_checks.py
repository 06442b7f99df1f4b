"""What the senior posts registry knows: post × month cells, their holders, gaps and completeness.

A *cell* is one post of one mission in one month, taken on the month's last day, within the
period the registry was reviewed for (``refdata.specs.SENIOR_POSTS_COVERAGE``) and the mission's
life (``missions``). The posts a mission is expected to have are its head, and every post the
registry names for it at least once (a mission without a force commander, such as UNMIK, is not
expected to have one); the missions are those the registry names (every peacekeeping operation
active since 2009, except the support office UNSOS). A cell is *known* when a holder
covers that day; otherwise it is a gap of the registry, which ``pkobs check-data`` lists and the
``senior-posts`` indicator leaves out of its shares. Outside the coverage there are no cells:
the answer there is "no data", never zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

from pkobs.refdata.specs import SENIOR_POSTS_COVERAGE
from pkobs.store.database import Database
from pkobs.store.query import run_sql
from pkobs.table import Table

POST_TYPES = ("head_of_mission", "force_commander", "police_commissioner")
GAP_COLUMNS = ["mission", "post", "first_month", "last_month", "months"]
COMPLETENESS_COLUMNS = ["post", "cells", "known", "completeness"]

Handle = Database | duckdb.DuckDBPyConnection

_POSTS = ", ".join(f"'{p}'" for p in POST_TYPES)

# Parameters: $first and $last (first days of months, clipped to the coverage), and $mission
# when ``mission`` is given. Rows: month (month end), mission, post, and the holder (NULL when
# unknown): person, nationality_iso3, acting, uncertain. When an acting holder overlaps a
# titular one, the titular holder is the one kept.
CELLS_SQL = """
WITH months AS (
    SELECT last_day(m::DATE) AS month
    FROM generate_series($first::DATE, $last::DATE, INTERVAL 1 MONTH) t(m)
),
expected AS (
    SELECT DISTINCT mission, post FROM senior_posts WHERE post IN ({posts})
    UNION
    SELECT DISTINCT mission, 'head_of_mission' FROM senior_posts
),
cells AS (
    SELECT m.month, e.mission, e.post
    FROM months m CROSS JOIN expected e JOIN missions x ON x.acronym = e.mission
    WHERE x.start_date <= m.month AND coalesce(x.end_date, DATE '9999-12-31') >= m.month
      {mission_filter}
),
holders AS (
    SELECT c.month, c.mission, c.post, s.person, s.nationality_iso3, s.acting, s.uncertain,
           row_number() OVER (PARTITION BY c.month, c.mission, c.post
                              ORDER BY s.acting, s.start_date DESC, s.person) AS rank
    FROM cells c JOIN senior_posts s
      ON s.mission = c.mission AND s.post = c.post
     AND s.start_date <= c.month AND coalesce(s.end_date, DATE '9999-12-31') >= c.month
)
SELECT c.month, c.mission, c.post, h.person, h.nationality_iso3, h.acting, h.uncertain
FROM cells c LEFT JOIN holders h
  ON h.month = c.month AND h.mission = c.mission AND h.post = c.post AND h.rank = 1
"""


def _connection(db: Handle) -> duckdb.DuckDBPyConnection:
    return db.con if isinstance(db, Database) else db


def coverage() -> tuple[dt.date, dt.date]:
    """First and last day of the period the registry was reviewed for."""
    return SENIOR_POSTS_COVERAGE


def clipped(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The months from ``first`` to ``last`` that the registry covers (first days), or None."""
    begin, end = coverage()
    start = max(first.replace(day=1), begin.replace(day=1))
    stop = min(last.replace(day=1), end.replace(day=1))
    return (start, stop) if start <= stop else None


def cells_sql(mission: bool = False) -> str:
    """The cells query (see ``CELLS_SQL``), restricted to ``$mission`` when ``mission``."""
    return CELLS_SQL.format(
        posts=_POSTS, mission_filter="AND e.mission = $mission" if mission else ""
    )


def cell_values(first: dt.date, last: dt.date, mission: str | None = None) -> dict[str, Any] | None:
    """The parameters of ``cells_sql`` for these months, or None when none is covered."""
    months = clipped(first, last)
    if months is None:
        return None
    values: dict[str, Any] = {"first": months[0], "last": months[1]}
    if mission:
        values["mission"] = mission
    return values


def post_month_cells(
    db: Handle, first: dt.date, last: dt.date, mission: str | None = None
) -> Table:
    """Every covered cell from ``first`` to ``last``, with its holder (NULL when unknown)."""
    values = cell_values(first, last, mission)
    columns = ["month", "mission", "post", "person", "nationality_iso3", "acting", "uncertain"]
    if values is None:
        return Table(columns, [])
    sql = f"{cells_sql(bool(mission))} ORDER BY c.month, c.mission, c.post"
    return run_sql(_connection(db), sql, values)


def registry_gaps(db: Handle, first: dt.date | None = None, last: dt.date | None = None) -> Table:
    """The cells without a known holder, grouped into runs of consecutive months per mission ×
    post: ``mission, post, first_month, last_month, months`` (month ends)."""
    begin, end = coverage()
    values = cell_values(first or begin, last or end)
    if values is None:
        return Table(GAP_COLUMNS, [])
    sql = f"""
    WITH cells AS ({cells_sql()}),
    gaps AS (
        SELECT mission, post, month,
               year(month) * 12 + month(month)
               - row_number() OVER (PARTITION BY mission, post ORDER BY month) AS run
        FROM cells WHERE person IS NULL
    )
    SELECT mission, post, min(month) AS first_month, max(month) AS last_month,
           count(*)::BIGINT AS months
    FROM gaps GROUP BY mission, post, run
    ORDER BY mission, list_position({list(POST_TYPES)}, post), first_month
    """
    return run_sql(_connection(db), sql, values)


def registry_completeness(
    db: Handle,
    first: dt.date | None = None,
    last: dt.date | None = None,
    mission: str | None = None,
) -> Table:
    """Per post type and ``all``: covered cells, cells with a known holder, and their ratio
    (NULL when no cell is covered)."""
    begin, end = coverage()
    values = cell_values(first or begin, last or end, mission)
    if values is None:
        return Table(COMPLETENESS_COLUMNS, [(p, 0, 0, None) for p in ("all", *POST_TYPES)])
    sql = f"""
    WITH cells AS ({cells_sql(bool(mission))}),
    counted AS (
        SELECT post, count(*)::BIGINT AS cells, count(person)::BIGINT AS known FROM cells
        GROUP BY ROLLUP (post)
    )
    SELECT p.post, coalesce(c.cells, 0)::BIGINT AS cells, coalesce(c.known, 0)::BIGINT AS known,
           c.known / nullif(c.cells, 0) AS completeness
    FROM (SELECT unnest({list(("all", *POST_TYPES))}) AS post,
                 generate_subscripts({list(("all", *POST_TYPES))}, 1) AS position) p
    LEFT JOIN counted c ON coalesce(c.post, 'all') = p.post
    ORDER BY p.position
    """
    return run_sql(_connection(db), sql, values)


def member_condition(group: str, statuses: Sequence[str], day: str, iso3: str) -> str:
    """SQL boolean: does the country ``iso3`` (an SQL expression) hold one of ``statuses`` in
    the group ``$group`` on ``day`` (an SQL expression)? ``TRUE`` for the group ``all``."""
    if group == "all":
        return "TRUE"
    if not statuses or not all(s.isidentifier() for s in statuses):
        raise ValueError(f"statuses must be checked names, not {statuses!r}")
    listed = ", ".join(f"'{s}'" for s in statuses)
    return f"""EXISTS (SELECT 1 FROM group_membership g
        WHERE g.group_id = $group AND g.status IN ({listed}) AND g.iso3 = {iso3}
          AND g.valid_from <= {day} AND coalesce(g.valid_to, DATE '9999-12-31') >= {day})"""


def _group_values(group: str, mission: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if group != "all":
        values["group"] = group
    if mission:
        values["mission"] = mission
    return values


def first_holder_start(db: Handle) -> dt.date | None:
    """The earliest start date in the registry (None when it is empty)."""
    row = _connection(db).execute("SELECT min(start_date) FROM senior_posts").fetchone()
    return None if row is None else row[0]


def mission_exists(db: Handle, mission: str) -> bool:
    found = _connection(db).execute("SELECT 1 FROM missions WHERE acronym = ?", [mission])
    return bool(found.fetchall())


def senior_post_shares(
    db: Handle,
    first: dt.date,
    last: dt.date,
    group: str,
    statuses: Sequence[str],
    mission: str | None = None,
) -> Table:
    """Per month (month ends from ``first`` to ``last``) and post type (``all`` first): the
    covered posts expected, those with a known holder (the n of the share), those held by a
    national of the group on that day, the share and the completeness. Months outside the
    coverage are NULL throughout: no data, never zero."""
    posts = ", ".join(f"('{p}', {i})" for i, p in enumerate(("all", *POST_TYPES)))
    begin, end = coverage()
    values = cell_values(first, last, mission)
    if values is None:  # no covered month: the cells query runs on one month, never shown
        values = cell_values(begin, begin, mission)
        assert values is not None
    values.update(
        _group_values(group, mission),
        covered_from=begin,
        covered_to=end,
        from_month=first.replace(day=1),
        to_month=last.replace(day=1),
    )
    member = member_condition(group, statuses, "month", "nationality_iso3")
    sql = f"""
    WITH months AS (
        SELECT last_day(m::DATE) AS month
        FROM generate_series($from_month::DATE, $to_month::DATE, INTERVAL 1 MONTH) t(m)
    ),
    cells AS ({cells_sql(bool(mission))}),
    chosen AS (
        SELECT month, post, person IS NOT NULL AS known,
               person IS NOT NULL AND {member} AS is_member
        FROM cells
    ),
    sums AS (
        SELECT month, post, count(*) AS expected, count(*) FILTER (WHERE known) AS filled,
               count(*) FILTER (WHERE is_member) AS held
        FROM (SELECT * FROM chosen UNION ALL SELECT * REPLACE ('all' AS post) FROM chosen)
        GROUP BY ALL
    ),
    grid AS (
        SELECT month, post, position, month BETWEEN $covered_from AND $covered_to AS covered
        FROM months, (VALUES {posts}) v(post, position)
    )
    SELECT g.month, g.post,
           CASE WHEN g.covered THEN coalesce(s.filled, 0) END::BIGINT AS posts_filled,
           CASE WHEN g.covered THEN coalesce(s.held, 0) END::BIGINT AS posts_held_by_group,
           s.held / nullif(s.filled, 0) AS share,
           CASE WHEN g.covered THEN coalesce(s.expected, 0) END::BIGINT AS posts_expected,
           s.filled / nullif(s.expected, 0) AS completeness
    FROM grid g LEFT JOIN sums s USING (month, post)
    ORDER BY g.month, g.position
    """
    return run_sql(_connection(db), sql, values)


def current_holders(
    db: Handle,
    group: str,
    statuses: Sequence[str],
    today: dt.date,
    name_column: str = "name_en",
    mission: str | None = None,
) -> Table:
    """Holders with no end date, their nationality's name (``name_column`` of ``countries``,
    and both names at the end), and whether it holds one of ``statuses`` in the group on
    ``today``."""
    if name_column not in ("name_en", "name_fr"):
        raise ValueError(f"unknown name column {name_column!r}")
    values = _group_values(group, mission)
    if group != "all":
        values["today"] = today
    member = member_condition(group, statuses, "$today", "s.nationality_iso3")
    mission_filter = "AND s.mission = $mission" if mission else ""
    sql = f"""
    SELECT s.mission, s.post, s.person, s.nationality_iso3, c.{name_column} AS nationality,
           s.start_date, s.acting, s.uncertain, {member} AS is_member, s.source,
           c.name_fr AS nationality_fr, c.name_en AS nationality_en
    FROM senior_posts s LEFT JOIN countries c ON c.iso3 = s.nationality_iso3
    WHERE s.end_date IS NULL AND s.post IN ({_POSTS}) {mission_filter}
    ORDER BY s.mission, list_position({list(POST_TYPES)}, s.post), s.acting, s.person
    """
    return run_sql(_connection(db), sql, values)


def open_training_centres(
    db: Handle, day: dt.date, group: str, statuses: Sequence[str], lang_suffix: str = "en"
) -> Table:
    """The training centres open on ``day`` (from their founding, or first evidence, to their
    closing, at the precision written), named in ``lang_suffix`` (``en``/``fr``), with their
    country and whether it holds one of ``statuses`` in the group on that day."""
    if lang_suffix not in ("en", "fr"):
        raise ValueError(f"unknown language {lang_suffix!r}")
    values: dict[str, Any] = {"day": day, **_group_values(group)}
    member = member_condition(group, statuses, "$day", "t.country_iso3")
    sql = f"""
    SELECT t.name_{lang_suffix} AS name, t.acronym, t.country_iso3,
           c.name_{lang_suffix} AS country, t.city, t.founded, t.languages, t.focus,
           t.francophone, {member} AS is_member, t.website, t.source, t.founded_on, t.closed,
           t.first_evidence, t.name_fr, t.name_en, c.name_fr AS country_fr,
           c.name_en AS country_en
    FROM training_centres t LEFT JOIN countries c ON c.iso3 = t.country_iso3
    WHERE t.active_from <= $day AND coalesce(t.active_to, DATE '9999-12-31') >= $day
    """
    return run_sql(_connection(db), sql, values)


__all__ = [
    "CELLS_SQL",
    "COMPLETENESS_COLUMNS",
    "GAP_COLUMNS",
    "POST_TYPES",
    "cell_values",
    "cells_sql",
    "clipped",
    "coverage",
    "current_holders",
    "first_holder_start",
    "member_condition",
    "mission_exists",
    "open_training_centres",
    "post_month_cells",
    "registry_completeness",
    "registry_gaps",
    "senior_post_shares",
]
