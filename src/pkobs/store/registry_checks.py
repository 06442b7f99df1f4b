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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import duckdb

from pkobs.messages import Name
from pkobs.refdata.specs import SENIOR_POSTS_COVERAGE
from pkobs.store import aggregates
from pkobs.store.database import Database
from pkobs.store.query import run_sql
from pkobs.table import Table

POST_TYPES = ("head_of_mission", "force_commander", "police_commissioner")
GAP_COLUMNS = ["mission", "post", "first_month", "last_month", "months"]
COMPLETENESS_COLUMNS = ["post", "cells", "known", "completeness"]
SHARE_COLUMNS = [
    "month",
    "post",
    "posts_filled",
    "posts_held_by_group",
    "share",
    "posts_expected",
    "completeness",
]
CURRENT_COLUMNS = [
    "mission",
    "post",
    "person",
    "nationality_iso3",
    "nationality",
    "start_date",
    "acting",
    "uncertain",
    "is_member",
    "source",
    "nationality_fr",
    "nationality_en",
]
CENTRE_COLUMNS = [
    "name",
    "acronym",
    "country_iso3",
    "country",
    "city",
    "founded",
    "languages",
    "focus",
    "francophone",
    "is_member",
    "website",
    "source",
    "founded_on",
    "closed",
    "first_evidence",
    "name_fr",
    "name_en",
    "country_fr",
    "country_en",
]
HOLDERS_SQL = """SELECT mission, post, person, nationality_iso3, start_date, end_date, acting,
    uncertain, source FROM senior_posts"""
CENTRES_SQL = """SELECT name_fr, name_en, acronym, country_iso3, city, founded, languages, focus,
    francophone, website, source, founded_on, closed, first_evidence, active_from, active_to
    FROM training_centres"""

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
    coverage are NULL throughout: no data, never zero.

    Computed in memory (see ``_month_sums``): the same answer as the cells query, without
    planning a query per request."""
    con = _connection(db)
    cube = aggregates.for_connection(con)
    sums = _month_sums(
        _holders(con, cube),
        _missions(cube),
        _member_intervals(cube, con, group, statuses),
        mission,
    )
    begin, end = coverage()
    rows: list[tuple[Any, ...]] = []
    month = first.replace(day=1)
    while month <= last:
        month_end = _month_end(month)
        covered = begin <= month_end <= end
        counts = sums.get(month_end)
        for post in ("all", *POST_TYPES):
            expected, filled, held = counts[post] if counts else (0, 0, 0)
            rows.append(
                (
                    month_end,
                    post,
                    filled if covered else None,
                    held if covered else None,
                    held / filled if counts and filled else None,
                    expected if covered else None,
                    filled / expected if counts and expected else None,
                )
            )
        month = _next_month(month)
    return Table(SHARE_COLUMNS, rows)


def current_holders(
    db: Handle,
    group: str,
    statuses: Sequence[str],
    today: dt.date,
    mission: str | None = None,
) -> Table:
    """Holders with no end date, their nationality's name (a :class:`Name` in both languages,
    and each language's name at the end; NULL when the country is not in ``countries``), and
    whether it holds one of ``statuses`` in the group on ``today``."""
    con = _connection(db)
    cube = aggregates.for_connection(con)
    intervals = _member_intervals(cube, con, group, statuses)
    names = cube.country_names(con)
    found = [
        h
        for h in _holders(con, cube)
        if h.end is None and h.post in POST_TYPES and (not mission or h.mission == mission)
    ]
    found.sort(key=lambda h: (h.mission, POST_TYPES.index(h.post), h.acting, h.person))
    rows = []
    for h in found:
        fr, en = names.get(h.iso3, (None, None))
        rows.append(
            (
                h.mission,
                h.post,
                h.person,
                h.iso3,
                _name(fr, en),
                h.start,
                h.acting,
                h.uncertain,
                _is_member(intervals, h.iso3, today),
                h.source,
                fr,
                en,
            )
        )
    return Table(CURRENT_COLUMNS, rows)


def _name(fr: str | None, en: str | None) -> Name | None:
    """Both languages' names as one :class:`Name`; NULL when neither is known (one missing:
    the other stands in for it)."""
    if fr is None and en is None:
        return None
    return Name(fr or str(en), en or str(fr))


def open_training_centres(db: Handle, day: dt.date, group: str, statuses: Sequence[str]) -> Table:
    """The training centres open on ``day`` (from their founding, or first evidence, to their
    closing, at the precision written), their name and their country's as :class:`Name` values
    (and each language's at the end), and whether the country holds one of ``statuses`` in the
    group on that day. In registry order: the edge lists them by name in its language."""
    con = _connection(db)
    cube = aggregates.for_connection(con)
    intervals = _member_intervals(cube, con, group, statuses)
    names = cube.country_names(con)
    rows = []
    for centre in _centres(con, cube):
        (name_fr, name_en, acronym, iso3, city, founded, languages, focus, francophone) = centre[:9]
        website, source, founded_on, closed, first_evidence, active_from, active_to = centre[9:]
        if not (active_from <= day and (active_to is None or active_to >= day)):
            continue
        country_fr, country_en = names.get(iso3, (None, None))
        rows.append(
            (
                _name(name_fr, name_en),
                acronym,
                iso3,
                _name(country_fr, country_en),
                city,
                founded,
                languages,
                focus,
                francophone,
                _is_member(intervals, iso3, day),
                website,
                source,
                founded_on,
                closed,
                first_evidence,
                name_fr,
                name_en,
                country_fr,
                country_en,
            )
        )
    return Table(CENTRE_COLUMNS, rows)


# In memory: the registries' rows (a few hundred) are read once per data version, as parts of
# the version's cube (``aggregates``: a new reference-data version, ``refdata_sha256``, makes a
# new cube), so that no request plans a query; what is derived from the holders (the cells and
# their sums per group) is cached on their value.


@dataclass(frozen=True)
class Holder:
    mission: str
    post: str
    person: str
    iso3: str
    start: dt.date
    end: dt.date | None
    acting: bool
    uncertain: bool
    source: str | None


Period = tuple[dt.date, dt.date | None]


@dataclass(frozen=True)
class Members:
    """iso3 -> the periods it holds one of the chosen statuses in a group (hashable: a cache
    key)."""

    periods: tuple[tuple[str, tuple[Period, ...]], ...]
    lookup: dict[str, tuple[Period, ...]] = field(hash=False, compare=False, repr=False)


Intervals = Members | None  # None: the group ``all``
Counts = dict[str, tuple[int, int, int]]  # post -> (expected, filled, held)


def _holders(con: duckdb.DuckDBPyConnection, cube: aggregates.Aggregates) -> tuple[Holder, ...]:
    return cube.memo(
        "senior_posts:holders",
        lambda: tuple(Holder(*row) for row in con.execute(HOLDERS_SQL).fetchall()),
    )


def _centres(con: duckdb.DuckDBPyConnection, cube: aggregates.Aggregates) -> list[tuple[Any, ...]]:
    return cube.memo("training_centres:rows", lambda: con.execute(CENTRES_SQL).fetchall())


def _missions(cube: aggregates.Aggregates) -> tuple[tuple[str, dt.date, dt.date | None], ...]:
    return tuple(sorted((m, start, end) for m, (start, end) in cube.missions.items()))


def _member_intervals(
    cube: aggregates.Aggregates, con: duckdb.DuckDBPyConnection, group: str, statuses: Sequence[str]
) -> Intervals:
    """iso3 -> the periods it holds one of ``statuses`` in ``group`` (None for ``all``), the
    condition of ``member_condition``."""
    if group == "all":
        return None
    member_condition(group, statuses, "day", "iso3")  # the same check of the statuses
    wanted = tuple(sorted(set(statuses)))

    def compute() -> Members:
        found: dict[str, list[Period]] = {}
        for group_id, iso3, status, valid_from, valid_to in cube.membership_rows(con):
            if group_id == group and status in wanted:
                found.setdefault(iso3, []).append((valid_from, valid_to))
        periods = tuple(sorted((iso3, tuple(p)) for iso3, p in found.items()))
        return Members(periods, dict(periods))

    return cube.memo(f"senior_posts:members:{group}:{','.join(wanted)}", compute)


def _is_member(intervals: Intervals, iso3: str | None, day: dt.date) -> bool:
    if intervals is None:
        return True
    return any(
        start <= day and (end is None or end >= day)
        for start, end in intervals.lookup.get(iso3 or "", ())
    )


def _month_end(month: dt.date) -> dt.date:
    return _next_month(month) - dt.timedelta(days=1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


@lru_cache(maxsize=8)
def _cells(
    holders: tuple[Holder, ...], missions: tuple[tuple[str, dt.date, dt.date | None], ...]
) -> tuple[tuple[dt.date, str, str, Holder | None], ...]:
    """Every cell of the coverage (see ``CELLS_SQL``): month end, mission, post and the holder
    kept (the titular one when an acting holder overlaps it), ordered by month, mission, post."""
    lives = {mission: (start, end) for mission, start, end in missions}
    expected = {(h.mission, h.post) for h in holders if h.post in POST_TYPES}
    expected |= {(h.mission, "head_of_mission") for h in holders}
    by_post: dict[tuple[str, str], list[Holder]] = {}
    for h in holders:  # the rank of CELLS_SQL: titular first, then the latest start, then name
        by_post.setdefault((h.mission, h.post), []).append(h)
    for candidates in by_post.values():
        candidates.sort(key=lambda h: (h.acting, -h.start.toordinal(), h.person))
    begin, end = coverage()
    cells = []
    month = begin.replace(day=1)
    while month <= end:
        day = _month_end(month)
        for mission, post in sorted(expected):
            life = lives.get(mission)
            if life is None or life[0] > day or (life[1] is not None and life[1] < day):
                continue
            holder = next(
                (
                    h
                    for h in by_post.get((mission, post), ())
                    if h.start <= day and (h.end is None or h.end >= day)
                ),
                None,
            )
            cells.append((day, mission, post, holder))
        month = _next_month(month)
    return tuple(cells)


@lru_cache(maxsize=64)
def _month_sums(
    holders: tuple[Holder, ...],
    missions: tuple[tuple[str, dt.date, dt.date | None], ...],
    intervals: Intervals,
    mission: str | None,
) -> dict[dt.date, Counts]:
    """month end -> post (and ``all``) -> cells expected, known and held by the group."""
    sums: dict[dt.date, dict[str, list[int]]] = {}
    for day, cell_mission, post, holder in _cells(holders, missions):
        if mission and cell_mission != mission:
            continue
        known = holder is not None
        held = holder is not None and _is_member(intervals, holder.iso3, day)
        counts = sums.setdefault(day, {p: [0, 0, 0] for p in ("all", *POST_TYPES)})
        for key in ("all", post):
            counts[key][0] += 1
            counts[key][1] += known
            counts[key][2] += held
    return {
        day: {post: (c[0], c[1], c[2]) for post, c in counts.items()}
        for day, counts in sums.items()
    }


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
