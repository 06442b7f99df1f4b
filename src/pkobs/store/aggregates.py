"""Precomputed aggregates: one small in-memory cube per data version, so that no request plans a
query over the raw rows.

Measured on the 1.5 M-row SYNTHETIC history (bench/indicators.py, bench/serve.py): DuckDB plans
and runs even a query over a 3,000-row aggregate table in about 1-2 ms, while answering from a
Python dictionary takes microseconds. So the aggregates are built once per data version (a few
grouped scans, about 0.3 s at 1.5 M rows), kept in memory, and every indicator of the ``share``
family (``share``, ``compare``, ``trend``) and every metadata lookup (data months, groups,
missions, sources) reads them:

- month totals: personnel by month x category (``all``, ``military``, ``police``);
- group sums: personnel by group x status set x month x category, for every group of the
  reference data and every status set (a contributor counts once, whatever its statuses);
- the months with data and with a mission split, each month's levels of detail;
- each source's months (the sources an answer rests on);
- the groups and the missions' dates (parameter checks).

The cube is rebuilt whenever the data version changes: at ingest and snapshot load
(``meta.data_version`` changes), and when an update swaps the database file (the web context's
version changes). :func:`prepare` lets the writers build it right after they write, so that the
first request after a swap does not pay for it.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import duckdb

from pkobs.messages import Name
from pkobs.store.checks import implausible_figures, implausible_months
from pkobs.store.database import Database
from pkobs.table import Table

Handle = Database | duckdb.DuckDBPyConnection
STATUS_BITS = {"member": 1, "associate": 2, "observer": 4}
_BITS_CASE = " ".join(f"WHEN '{s}' THEN {b}" for s, b in STATUS_BITS.items())
# (group_id, month, iso3, bits): each group's countries in each month with data, their statuses
# as STATUS_BITS (a country in a group under two statuses in one month has both bits).
MEMBERS = f"""SELECT g.group_id, m.month, g.iso3, bit_or(CASE g.status {_BITS_CASE} ELSE 0 END)
        AS bits
    FROM (SELECT DISTINCT month FROM source_months) m JOIN group_membership g
      ON g.iso3 IS NOT NULL AND g.valid_from <= m.month
     AND coalesce(g.valid_to, DATE '9999-12-31') >= m.month
    GROUP BY ALL"""
# The same with the group 'all': every contributor of the month, with every status bit.
MEMBERS_AND_EVERYONE = f"""{MEMBERS}
    UNION ALL
    SELECT DISTINCT 'all', month, contributor_iso3, 7 FROM contributor_months"""
CATEGORIES = ("all", "military", "police")
CATEGORY_CASE = """CASE WHEN personnel_type IN ('troops', 'staff_officers', 'experts_on_mission')
    THEN 'military' ELSE 'police' END"""
MISSION_DETAILS = ("mission_sex", "mission")
CACHE_SIZE = 8  # cubes kept (one per data version and database)

MonthCategory = tuple[dt.date, str]
T = TypeVar("T")


def _raw(handle: Handle) -> duckdb.DuckDBPyConnection:
    return handle.con if isinstance(handle, Database) else handle


@dataclass(frozen=True)
class Source:
    """One ingested source as ``sources_used`` lists it, and the months it covers (sorted)."""

    record: dict[str, Any]
    months: tuple[dt.date, ...]

    def covers(self, first: dt.date, last: dt.date) -> bool:
        at = bisect_left(self.months, first)
        return at < len(self.months) and self.months[at] <= last


@dataclass(frozen=True)
class Aggregates:
    """The per-version cube (see the module docstring). Read-only once built."""

    months: tuple[dt.date, ...]
    month_set: frozenset[dt.date]
    mission_months: frozenset[dt.date]
    details: dict[dt.date, str]  # month -> its levels of detail, "contributor, mission"
    groups: tuple[str, ...]
    missions: dict[str, tuple[dt.date, dt.date | None]]
    month_totals: dict[MonthCategory, int]
    group_sums: dict[tuple[str, int], dict[MonthCategory, int]]  # (group, status bits) -> sums
    sources: tuple[Source, ...]
    selected: dict[tuple[str, int], dict[MonthCategory, int]] = field(
        default_factory=dict, repr=False, compare=False
    )  # group sums already added up for a status set
    lazy: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, name: str, compute: Callable[[], T]) -> T:
        """A part of the cube built on first use (the same for every request of the version)."""
        if name not in self.lazy:
            value = compute()
            with _lock:
                self.lazy.setdefault(name, value)
        found: T = self.lazy[name]
        return found

    def months_kept(self, name: str, key: str, bound: int) -> dict[dt.date, Any]:
        """The answers by month kept under ``name`` for one ``key`` (a group and status set, say),
        for at most ``bound`` keys, the oldest dropped first: for indicators whose answer for a
        month is the same in every range that holds it."""
        found = self.months_if_kept(name, key)
        if found is None:
            kept: dict[str, dict[dt.date, Any]] = self.memo(name, dict)
            with _lock:  # the web's threads share the cube
                while len(kept) >= bound:
                    kept.pop(next(iter(kept)))
                found = kept.setdefault(key, {})
        return found

    def months_if_kept(self, name: str, key: str) -> dict[dt.date, Any] | None:
        """The answers by month kept under ``name`` for ``key`` (:meth:`months_kept`), or None
        when none are (without making room for them)."""
        kept: dict[str, dict[dt.date, Any]] = self.memo(name, dict)
        return kept.get(key)

    def membership(self, con: Handle) -> dict[tuple[str, dt.date], dict[str, int]]:
        """(group, month) -> {iso3: status bits} for every source month; the pseudo-group
        ``all`` holds every contributor of the month (bits 7), as ``members_cte`` does."""
        return self.memo("membership", lambda: _membership(con))

    def members(
        self, con: Handle, group: str, statuses: tuple[str, ...]
    ) -> dict[dt.date, frozenset[str]]:
        """month -> the group's members holding one of ``statuses`` (``all``: contributors)."""
        wanted = 7 if group == "all" else status_bits(statuses)

        def compute() -> dict[dt.date, frozenset[str]]:
            found: dict[dt.date, frozenset[str]] = {}
            for (group_id, month), members in self.membership(con).items():
                if group_id == group:
                    found[month] = frozenset(i for i, bits in members.items() if bits & wanted)
            return found

        return self.memo(f"members:{group}:{wanted}", compute)

    def contributor_sums(
        self, con: Handle
    ) -> dict[dt.date, list[tuple[str, int | None, int | None, int]]]:
        """month -> (iso3, military, police, total) per contributor (``contributor_months``)."""
        return self.memo("contributor_sums", lambda: _contributor_sums(con))

    def missions_by_month(self, con: Handle) -> MissionSums:
        """Personnel by month x mission, and by group x status bits x month x mission."""
        return self.memo("mission_sums", lambda: _mission_sums(con))

    def mission_members(
        self, con: Handle, group: str, statuses: tuple[str, ...]
    ) -> dict[tuple[dt.date, str], int]:
        """(month, mission) -> personnel sent by the group's members holding ``statuses``."""
        wanted = 7 if group == "all" else status_bits(statuses)
        sums = self.missions_by_month(con).by_group

        def compute() -> dict[tuple[dt.date, str], int]:
            found: dict[tuple[dt.date, str], int] = {}
            for (group_id, bits), cells in sums.items():
                if group_id == group and bits & wanted:
                    for key, value in cells.items():
                        found[key] = found.get(key, 0) + value
            return found

        return self.memo(f"mission_members:{group}:{wanted}", compute)

    def country_names(self, con: Handle) -> dict[str, tuple[str, str]]:
        """iso3 -> (French name, English name)."""
        return self.memo(
            "country_names",
            lambda: {
                r[0]: (r[1], r[2])
                for r in _raw(con)
                .execute("SELECT iso3, name_fr, name_en FROM countries")
                .fetchall()
            },
        )

    def country_labels(self, con: Handle) -> dict[str, Name]:
        """iso3 -> the country's name in both languages (the edge shows the reader's)."""
        return self.memo(
            "country_labels",
            lambda: {iso3: Name(fr, en) for iso3, (fr, en) in self.country_names(con).items()},
        )

    def mission_labels(self, con: Handle) -> dict[str, Name]:
        """acronym -> the mission's acronym as readers know it: FINUL in French, UNIFIL in
        English (the French acronym when the reference data has one, else the acronym)."""
        return self.memo(
            "mission_labels",
            lambda: {
                str(r[0]): Name(str(r[1]), str(r[0]))
                for r in _raw(con)
                .execute("SELECT acronym, coalesce(acronym_fr, acronym) FROM missions")
                .fetchall()
            },
        )

    def membership_rows(self, con: Handle) -> list[tuple[str, str, str, dt.date, dt.date | None]]:
        """The reference membership rows with an ISO-3 code: group, iso3, status, from, to."""
        return self.memo(
            "membership_rows",
            lambda: [
                (r[0], r[1], r[2], r[3], r[4])
                for r in _raw(con)
                .execute(
                    """SELECT group_id, iso3, status, valid_from, valid_to
                       FROM group_membership WHERE iso3 IS NOT NULL"""
                )
                .fetchall()
            ],
        )

    def implausible(self, con: Handle) -> Table:
        """Every figure of the history that ``pkobs check-data`` flags as implausible
        (:func:`pkobs.store.checks.implausible_figures`, every kind): one scan per version."""
        return self.memo("implausible", lambda: implausible_figures(con))

    def sex_swaps(self, con: Handle) -> Table:
        """Every figure of the history that ``pkobs check-data`` flags as probably printed under
        the wrong sex (:meth:`implausible`, kind ``sex``)."""
        every = self.implausible(con)
        return self.memo(
            "flagged_sex", lambda: Table(every.columns, [r for r in every.rows if r[0] == "sex"])
        )

    def gender_sums(self, con: Handle) -> GenderSums:
        """Women and personnel of known sex by month x category (the gender indicator's
        categories), for all contributors and by group x status bits, without the figures of
        :meth:`sex_swaps` (their split is not believable)."""
        return self.memo("gender", lambda: _gender_sums(con, self.sex_swaps(con)))

    def sex_months(self, con: Handle) -> Table:
        """Every month x category of the history whose women's split is not believable as a
        whole (:func:`pkobs.store.checks.implausible_months` over :meth:`gender_sums`)."""
        return self.memo("sex_months", lambda: implausible_months(self.gender_sums(con).everyone))

    def group_personnel(self, group: str, statuses: tuple[str, ...]) -> dict[MonthCategory, int]:
        """Personnel of the group's members holding one of ``statuses``, by month x category
        (a month x category where no member sent anyone is missing)."""
        wanted = status_bits(statuses)
        cached = self.selected.get((group, wanted))
        if cached is not None:
            return cached
        summed: dict[MonthCategory, int] = {}
        for (group_id, bits), sums in self.group_sums.items():
            if group_id == group and bits & wanted:
                for key, value in sums.items():
                    summed[key] = summed.get(key, 0) + value
        self.selected[(group, wanted)] = summed  # same value whichever thread stores it
        return summed

    def sources_between(self, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
        """What ``sources_used`` returns: the sources with a month in the range, by name."""
        return [dict(s.record) for s in self.sources if s.covers(first, last)]


@dataclass(frozen=True)
class MissionSums:
    """``contributions`` summed by month x mission, for the known missions (``missions``)."""

    hosts: dict[str, str]  # mission -> host iso3
    by_month: dict[dt.date, list[tuple[str, int]]]  # month -> (mission, personnel)
    by_group: dict[tuple[str, int], dict[tuple[dt.date, str], int]]  # members' personnel


@dataclass(frozen=True)
class GenderSums:
    everyone: dict[MonthCategory, tuple[int, int]]  # (month, category) -> (female, personnel)
    by_group: dict[tuple[str, int], dict[MonthCategory, tuple[int, int]]]
    targets: dict[tuple[int, str], float]  # (year, category) -> target share

    def members(self, group: str, statuses: tuple[str, ...]) -> dict[MonthCategory, list[int]]:
        wanted = 7 if group == "all" else status_bits(statuses)
        found: dict[MonthCategory, list[int]] = {}
        for (group_id, bits), cells in self.by_group.items():
            if group_id == group and bits & wanted:
                for key, (female, personnel) in cells.items():
                    cell = found.setdefault(key, [0, 0])
                    cell[0] += female
                    cell[1] += personnel
        return found


def _gender_sums(handle: Handle, swaps: Table) -> GenderSums:
    from pkobs.store.indicators.gender import CATEGORY_OF_TYPE as category_sql
    from pkobs.store.indicators.gender import swapped_sql

    con = _raw(handle)
    swapped, values = swapped_sql(swaps)
    # a contributor x type's month counts when every mission's figure gives both sexes; the
    # swapped figures of such a month are taken out of it (they too give both sexes)
    known = f"""WITH swapped AS (
                    SELECT month, contributor_iso3, personnel_type, sum(female) AS female,
                           sum(male + female) AS personnel
                    FROM ({swapped}) GROUP BY ALL)
                SELECT c.month, c.contributor_iso3 AS iso3, {category_sql} AS category,
                       sum(c.female - coalesce(x.female, 0)) AS female,
                       sum(c.male + c.female - coalesce(x.personnel, 0)) AS personnel
                FROM contributor_months c
                LEFT JOIN swapped x USING (month, contributor_iso3, personnel_type)
                WHERE c.female IS NOT NULL AND c.male IS NOT NULL
                  AND {category_sql} IS NOT NULL
                GROUP BY ALL"""
    everyone = {
        (r[0], r[1]): (int(r[2]), int(r[3]))
        for r in con.execute(
            f"""SELECT month, category, sum(female)::BIGINT, sum(personnel)::BIGINT
                FROM ({known}) GROUP BY ALL""",
            values,
        ).fetchall()
    }
    rows = con.execute(
        f"""WITH members AS ({MEMBERS_AND_EVERYONE}),
        known AS ({known})
        SELECT g.group_id, g.bits, k.month, k.category, sum(k.female)::BIGINT,
               sum(k.personnel)::BIGINT
        FROM known k JOIN members g ON g.month = k.month AND g.iso3 = k.iso3
        GROUP BY ALL""",
        values,
    ).fetchall()
    by_group: dict[tuple[str, int], dict[MonthCategory, tuple[int, int]]] = {}
    for group_id, bits, month, category, female, personnel in rows:
        by_group.setdefault((group_id, int(bits)), {})[(month, category)] = (
            int(female),
            int(personnel),
        )
    targets = {
        (int(r[0]), r[1]): float(r[2])
        for r in con.execute(
            "SELECT year, personnel_category, target_share FROM gender_targets"
        ).fetchall()
    }
    return GenderSums(everyone, by_group, targets)


def _membership(con: Handle) -> dict[tuple[str, dt.date], dict[str, int]]:
    con = _raw(con)
    rows = con.execute(MEMBERS_AND_EVERYONE).fetchall()
    found: dict[tuple[str, dt.date], dict[str, int]] = {}
    for group_id, month, iso3, bits in rows:
        found.setdefault((group_id, month), {})[iso3] = int(bits)
    return found


def _contributor_sums(
    con: Handle,
) -> dict[dt.date, list[tuple[str, int | None, int | None, int]]]:
    con = _raw(con)
    rows = con.execute(
        f"""SELECT month, contributor_iso3,
                   sum(total) FILTER (WHERE {CATEGORY_CASE} = 'military')::BIGINT,
                   sum(total) FILTER (WHERE {CATEGORY_CASE} = 'police')::BIGINT,
                   sum(total)::BIGINT
            FROM contributor_months GROUP BY ALL"""
    ).fetchall()
    found: dict[dt.date, list[tuple[str, int | None, int | None, int]]] = {}
    for month, iso3, military, police, total in rows:
        found.setdefault(month, []).append((iso3, military, police, int(total)))
    return found


def _mission_sums(con: Handle) -> MissionSums:
    con = _raw(con)
    sent = """SELECT c.month, c.mission, c.contributor_iso3 AS iso3, sum(c.total) AS total
              FROM contributions c JOIN missions mi ON mi.acronym = c.mission GROUP BY ALL"""
    totals = con.execute(
        f"SELECT month, mission, sum(total)::BIGINT FROM ({sent}) GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    by_month: dict[dt.date, list[tuple[str, int]]] = {}
    for month, mission, total in totals:
        by_month.setdefault(month, []).append((mission, int(total)))
    rows = con.execute(
        f"""WITH members AS ({MEMBERS_AND_EVERYONE}),
        sent AS ({sent})
        SELECT g.group_id, g.bits, s.month, s.mission, sum(s.total)::BIGINT
        FROM sent s JOIN members g ON g.month = s.month AND g.iso3 = s.iso3
        GROUP BY ALL"""
    ).fetchall()
    by_group: dict[tuple[str, int], dict[tuple[dt.date, str], int]] = {}
    for group_id, bits, month, mission, total in rows:
        by_group.setdefault((group_id, int(bits)), {})[(month, mission)] = int(total)
    hosts = dict(con.execute("SELECT acronym, host_iso3 FROM missions").fetchall())
    return MissionSums(hosts, by_month, by_group)


_lock = threading.Lock()
_cache: dict[tuple[str, ...], Aggregates] = {}
_current: contextvars.ContextVar[Aggregates | None] = contextvars.ContextVar(
    "pkobs_aggregates", default=None
)


def status_bits(statuses: tuple[str, ...]) -> int:
    bits = 0
    for status in statuses:
        bits |= STATUS_BITS.get(status, 0)
    return bits


def build(con: Handle) -> Aggregates:
    """Compute the cube from the contract views (a few grouped scans)."""
    con = _raw(con)
    month_rows = con.execute(
        """SELECT month, string_agg(DISTINCT detail, ', ' ORDER BY detail),
                  bool_or(detail IN ('mission_sex', 'mission'))
           FROM source_months GROUP BY month ORDER BY month"""
    ).fetchall()
    months = tuple(r[0] for r in month_rows)
    totals = con.execute(
        f"""SELECT month, {CATEGORY_CASE} AS category, sum(total)::BIGINT
            FROM contributor_months GROUP BY ALL"""
    ).fetchall()
    month_totals: dict[MonthCategory, int] = {}
    for month, category, total in totals:
        month_totals[(month, category)] = int(total)
        month_totals[(month, "all")] = month_totals.get((month, "all"), 0) + int(total)
    sums = con.execute(
        f"""WITH members AS ({MEMBERS}),
        sent AS (
            SELECT month, contributor_iso3 AS iso3, {CATEGORY_CASE} AS category,
                   sum(total) AS total
            FROM contributor_months GROUP BY ALL)
        SELECT g.group_id, g.bits, s.month, s.category, sum(s.total)::BIGINT
        FROM sent s JOIN members g ON g.month = s.month AND g.iso3 = s.iso3
        GROUP BY ALL"""
    ).fetchall()
    group_sums: dict[tuple[str, int], dict[MonthCategory, int]] = {}
    for group_id, bits, month, category, total in sums:
        cell = group_sums.setdefault((group_id, int(bits)), {})
        cell[(month, category)] = int(total)
        cell[(month, "all")] = cell.get((month, "all"), 0) + int(total)
    sources = con.execute(
        """SELECT s.source, s.sha256, s.path, s.format, s.ingested_at,
                  list(DISTINCT m.month ORDER BY m.month)
           FROM sources s JOIN source_months m USING (source)
           GROUP BY ALL ORDER BY s.source"""
    ).fetchall()
    missions = con.execute("SELECT acronym, start_date, end_date FROM missions").fetchall()
    groups = con.execute("SELECT group_id FROM ref_groups ORDER BY 1").fetchall()
    return Aggregates(
        months=months,
        month_set=frozenset(months),
        mission_months=frozenset(r[0] for r in month_rows if r[2]),
        details={r[0]: r[1] for r in month_rows},
        groups=tuple(r[0] for r in groups),
        missions={r[0]: (r[1], r[2]) for r in missions},
        month_totals=month_totals,
        group_sums=group_sums,
        sources=tuple(
            Source(
                {"source": r[0], "sha256": r[1], "path": r[2], "format": r[3], "ingested_at": r[4]},
                tuple(r[5]),
            )
            for r in sources
        ),
    )


def fingerprint(con: Handle) -> tuple[str, ...] | None:
    """What identifies a database's data: its file, data and reference-data versions, and the
    sizes of the reference tables the cube reads (one query, about 1 ms).

    ``None`` for an in-memory database (never cached: it has no name to tell two apart).
    """
    con = _raw(con)
    row = con.execute(
        """SELECT (SELECT path FROM duckdb_databases() WHERE database_name = current_database()),
                  (SELECT string_agg(value, '|' ORDER BY key) FROM meta
                   WHERE key IN ('data_version', 'refdata_sha256')),
                  (SELECT count(*) FROM ref_group_membership),
                  (SELECT count(*) FROM ref_groups),
                  (SELECT count(*) FROM ref_missions)"""
    ).fetchone()
    if row is None or not row[0]:
        return None
    return tuple(str(v) for v in row)


def for_connection(con: Handle, version: str | None = None) -> Aggregates:
    """The cube of the database ``con`` reads: the one in use (:func:`using`), else the cached
    one for its fingerprint (or for ``version``, when the caller knows it), else a new one."""
    active = _current.get()
    if active is not None:
        return active
    key = ("version", version) if version is not None else fingerprint(con)
    if key is None:
        return build(con)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    built = build(con)
    with _lock:
        while len(_cache) >= CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = built
    return built


@contextmanager
def using(aggregates: Aggregates) -> Iterator[Aggregates]:
    """Make ``aggregates`` the cube every indicator of this thread reads inside the block."""
    token = _current.set(aggregates)
    try:
        yield aggregates
    finally:
        _current.reset(token)


def prepare(con: Handle) -> None:
    """Build (and cache) the cube of ``con``'s current data: called where the derived tables
    are rebuilt (ingest, snapshot load, update swap), so readers find it ready."""
    try:
        for_connection(con)
    except duckdb.Error:  # a database without the views yet: the first reader builds it
        return


def prepare_parts(cube: Aggregates, con: Handle) -> None:
    """Build the parts of ``cube`` that are otherwise built on first use (membership,
    contributor and mission sums), so that no request of the version waits for them."""
    cube.membership(con)
    cube.contributor_sums(con)
    cube.missions_by_month(con)
    cube.country_names(con)
    cube.country_labels(con)
    cube.mission_labels(con)
    cube.membership_rows(con)


def clear() -> None:
    with _lock:
        _cache.clear()


__all__ = [
    "CATEGORIES",
    "Aggregates",
    "Source",
    "build",
    "clear",
    "for_connection",
    "prepare",
    "prepare_parts",
    "status_bits",
    "using",
]
