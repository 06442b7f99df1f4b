"""What an update or an ingest changed: the chosen counts kept before it, compared with the
counts after.

:mod:`pkobs.update.changes` turns the update's rows into its language-free report;
:mod:`pkobs.pipeline` asks :func:`keep_overlap` and :func:`overlap_revisions` for the months an
ingested file shares with older sources (where its figures may replace theirs). The SQL is here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pkobs.store.database import Connection, Database

BEFORE = "update_contributions_before"
INGEST_BEFORE = "ingest_contributions_before"
KEYS = ("month", "contributor_iso3", "mission", "personnel_type")
_COVERED = "SELECT DISTINCT month FROM source_months WHERE source IN (SELECT unnest(?))"


@dataclass(frozen=True)
class Counts:
    male: int | None
    female: int | None
    total: int | None

    def to_json(self) -> dict[str, int | None]:
        return {"male": self.male, "female": self.female, "total": self.total}


@dataclass(frozen=True)
class CellChange:
    """One count revised by the source: ``old`` is None for a new cell, ``new`` for a gone one."""

    contributor_iso3: str
    mission: str
    personnel_type: str
    old: Counts | None
    new: Counts | None

    def to_json(self) -> dict[str, Any]:
        return {
            "contributor_iso3": self.contributor_iso3,
            "mission": self.mission,
            "personnel_type": self.personnel_type,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
        }


@dataclass(frozen=True)
class MonthRevision:
    month: dt.date
    cells: list[CellChange]

    def to_json(self) -> dict[str, Any]:
        return {"month": self.month.isoformat(), "cells": [c.to_json() for c in self.cells]}


def _counts(male: Any, female: Any, total: Any) -> Counts | None:
    if male is None and female is None and total is None:
        return None
    return Counts(male, female, total)


def by_month(rows: list[tuple[Any, ...]]) -> list[MonthRevision]:
    """Rows of ``month, contributor, mission, type, old male, female, total, new male, female,
    total`` (ordered by month), as one revision per month."""
    months: dict[dt.date, list[CellChange]] = {}
    for month, contributor, mission, kind, *values in rows:
        months.setdefault(month, []).append(
            CellChange(contributor, mission, kind, _counts(*values[:3]), _counts(*values[3:]))
        )
    return [MonthRevision(m, cells) for m, cells in sorted(months.items())]


def keep_contributions(handle: Database | Connection) -> None:
    """Keep the chosen counts as they are now (a TEMP table, gone when the connection closes)."""
    Database.of(handle).execute(
        f"""CREATE OR REPLACE TEMP TABLE {BEFORE} AS
            SELECT month, contributor_iso3, mission, personnel_type, male, female, total
            FROM contributions"""
    )


def forget_contributions(handle: Database | Connection) -> None:
    Database.of(handle).execute(f"DROP TABLE IF EXISTS {BEFORE}")


def covered_months(handle: Database | Connection, sources: list[str]) -> list[dt.date]:
    """The months that the named sources cover, in order."""
    table = Database.of(handle).query(_COVERED + " ORDER BY month", [sources])
    return [row[0] for row in table.rows]


def months_kept(handle: Database | Connection) -> set[dt.date]:
    """The months present in the kept counts."""
    table = Database.of(handle).query(f"SELECT DISTINCT month FROM {BEFORE}")
    return {row[0] for row in table.rows}


def revised_cells(handle: Database | Connection, sources: list[str]) -> list[tuple[Any, ...]]:
    """``month, contributor, mission, type, old male, female, total, new male, female, total``
    of every cell the sources changed in a month that was already there (ordered)."""
    join = " AND ".join(f"b.{k} = a.{k}" for k in KEYS)
    return (
        Database.of(handle)
        .query(
            f"""WITH covered AS ({_COVERED}),
            b AS (SELECT * FROM {BEFORE} WHERE month IN (SELECT month FROM covered)),
            a AS (SELECT month, contributor_iso3, mission, personnel_type, male, female, total
                  FROM contributions WHERE month IN (SELECT month FROM covered))
            SELECT coalesce(b.month, a.month) AS m,
                   coalesce(b.contributor_iso3, a.contributor_iso3),
                   coalesce(b.mission, a.mission), coalesce(b.personnel_type, a.personnel_type),
                   b.male, b.female, b.total, a.male, a.female, a.total
            FROM b FULL OUTER JOIN a ON {join}
            WHERE (b.male IS DISTINCT FROM a.male OR b.female IS DISTINCT FROM a.female
                   OR b.total IS DISTINCT FROM a.total)
              AND coalesce(b.month, a.month) IN (SELECT DISTINCT month FROM {BEFORE})
            ORDER BY 1, 2, 3, 4""",
            [sources],
        )
        .rows
    )


def new_values(
    handle: Database | Connection,
    sources: list[str],
    column: Literal["contributor_iso3", "mission"],
) -> list[str]:
    """Contributors (or missions) in the sources' months that the kept counts did not have."""
    table = Database.of(handle).query(
        f"""SELECT DISTINCT {column} FROM contributions
            WHERE month IN ({_COVERED})
              AND {column} NOT IN (SELECT {column} FROM {BEFORE}) ORDER BY 1""",
        [sources],
    )
    return [str(row[0]) for row in table.rows]


def keep_overlap(
    handle: Database | Connection, months: list[dt.date], new_sources: list[int]
) -> list[dt.date]:
    """Among ``months`` (those the files just written cover), the ones older sources already
    cover; their chosen counts, as they stand before the new files' rows are chosen, are kept
    for :func:`overlap_revisions` (a TEMP table). Call it inside the ingest's transaction,
    between writing the new rows and choosing each cell's source."""
    db = Database.of(handle)
    shared = [
        row[0]
        for row in db.query(
            """SELECT DISTINCT month FROM source_file_months
               WHERE month IN (SELECT unnest(?::DATE[]))
                 AND source_id NOT IN (SELECT unnest(?::INTEGER[])) ORDER BY 1""",
            [months, new_sources],
        ).rows
    ]
    if shared:
        db.execute(
            f"""CREATE OR REPLACE TEMP TABLE {INGEST_BEFORE} AS
                SELECT month, contributor_iso3, mission, personnel_type, male, female, total
                FROM contribution_records
                WHERE chosen AND month IN (SELECT unnest(?::DATE[]))
                  AND source_id NOT IN (SELECT unnest(?::INTEGER[]))""",
            [shared, new_sources],
        )
    return shared


def overlap_revisions(handle: Database | Connection, shared: list[dt.date]) -> list[MonthRevision]:
    """What choosing the new files' rows changed in the ``shared`` months kept by
    :func:`keep_overlap` (every cell whose chosen counts differ, or that appeared or went);
    the kept counts are dropped."""
    if not shared:
        return []
    db = Database.of(handle)
    join = " AND ".join(f"b.{k} = a.{k}" for k in KEYS)
    rows = db.query(
        f"""WITH a AS (
                SELECT month, contributor_iso3, mission, personnel_type, male, female, total
                FROM contribution_records
                WHERE chosen AND month IN (SELECT unnest(?::DATE[])))
            SELECT coalesce(b.month, a.month) AS m,
                   coalesce(b.contributor_iso3, a.contributor_iso3),
                   coalesce(b.mission, a.mission), coalesce(b.personnel_type, a.personnel_type),
                   b.male, b.female, b.total, a.male, a.female, a.total
            FROM {INGEST_BEFORE} b FULL OUTER JOIN a ON {join}
            WHERE b.male IS DISTINCT FROM a.male OR b.female IS DISTINCT FROM a.female
               OR b.total IS DISTINCT FROM a.total
            ORDER BY 1, 2, 3, 4""",
        [shared],
    ).rows
    db.execute(f"DROP TABLE IF EXISTS {INGEST_BEFORE}")
    return by_month(rows)
