"""What an update changed: the chosen counts kept before it, compared with the counts after.

:mod:`pkobs.update.changes` turns these rows into its language-free report; the SQL is here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pkobs.store.database import Connection, Database

BEFORE = "update_contributions_before"
KEYS = ("month", "contributor_iso3", "mission", "personnel_type")
_COVERED = "SELECT DISTINCT month FROM source_months WHERE source IN (SELECT unnest(?))"


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
