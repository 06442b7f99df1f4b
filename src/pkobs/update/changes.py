"""What an update changed, read from the ``contributions`` view before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

BEFORE = "update_contributions_before"
KEYS = ("month", "contributor_iso3", "mission", "personnel_type")


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


@dataclass
class ChangeReport:
    months_added: list[dt.date] = field(default_factory=list)
    months_revised: list[MonthRevision] = field(default_factory=list)
    new_contributors: list[str] = field(default_factory=list)
    new_missions: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.months_added or self.months_revised or self.new_contributors or self.new_missions
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "months_added": [m.isoformat() for m in self.months_added],
            "months_revised": [
                {"month": r.month.isoformat(), "cells": [c.to_json() for c in r.cells]}
                for r in self.months_revised
            ],
            "new_contributors": self.new_contributors,
            "new_missions": self.new_missions,
        }


def snapshot(con: duckdb.DuckDBPyConnection) -> None:
    """Keep the chosen counts as they are now (a TEMP table, gone when the connection closes)."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {BEFORE} AS
            SELECT month, contributor_iso3, mission, personnel_type, male, female, total
            FROM contributions"""
    )


def _counts(male: Any, female: Any, total: Any) -> Counts | None:
    if male is None and female is None and total is None:
        return None
    return Counts(male, female, total)


def compare(con: duckdb.DuckDBPyConnection, sources: list[str]) -> ChangeReport:
    """Compare the snapshot with ``contributions`` now, over the months ``sources`` cover."""
    covered_sql = "SELECT DISTINCT month FROM source_months WHERE source IN (SELECT unnest(?))"
    covered = [r[0] for r in con.execute(covered_sql + " ORDER BY month", [sources]).fetchall()]
    known = {r[0] for r in con.execute(f"SELECT DISTINCT month FROM {BEFORE}").fetchall()}
    report = ChangeReport(months_added=[m for m in covered if m not in known])
    join = " AND ".join(f"b.{k} = a.{k}" for k in KEYS)
    rows = con.execute(
        f"""WITH covered AS ({covered_sql}),
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
    ).fetchall()
    by_month: dict[dt.date, list[CellChange]] = {}
    for month, contributor, mission, kind, *values in rows:
        by_month.setdefault(month, []).append(
            CellChange(contributor, mission, kind, _counts(*values[:3]), _counts(*values[3:]))
        )
    report.months_revised = [MonthRevision(m, cells) for m, cells in sorted(by_month.items())]
    for column, target in (
        ("contributor_iso3", report.new_contributors),
        ("mission", report.new_missions),
    ):
        target += [
            r[0]
            for r in con.execute(
                f"""SELECT DISTINCT {column} FROM contributions
                WHERE month IN ({covered_sql})
                  AND {column} NOT IN (SELECT {column} FROM {BEFORE}) ORDER BY 1""",
                [sources],
            ).fetchall()
        ]
    return report


def forget(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {BEFORE}")
