"""What an update changed, read from the ``contributions`` view before and after (the reads
are :mod:`pkobs.store.revisions`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pkobs.store import revisions
from pkobs.store.database import Connection, Database


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


def snapshot(handle: Database | Connection) -> None:
    """Keep the chosen counts as they are now (until :func:`forget` or the connection closes)."""
    revisions.keep_contributions(handle)


def _counts(male: Any, female: Any, total: Any) -> Counts | None:
    if male is None and female is None and total is None:
        return None
    return Counts(male, female, total)


def compare(handle: Database | Connection, sources: list[str]) -> ChangeReport:
    """Compare the snapshot with ``contributions`` now, over the months ``sources`` cover."""
    db = Database.of(handle)
    known = revisions.months_kept(db)
    covered = revisions.covered_months(db, sources)
    report = ChangeReport(months_added=[m for m in covered if m not in known])
    by_month: dict[dt.date, list[CellChange]] = {}
    for month, contributor, mission, kind, *values in revisions.revised_cells(db, sources):
        by_month.setdefault(month, []).append(
            CellChange(contributor, mission, kind, _counts(*values[:3]), _counts(*values[3:]))
        )
    report.months_revised = [MonthRevision(m, cells) for m, cells in sorted(by_month.items())]
    report.new_contributors = revisions.new_values(db, sources, "contributor_iso3")
    report.new_missions = revisions.new_values(db, sources, "mission")
    return report


def forget(handle: Database | Connection) -> None:
    revisions.forget_contributions(handle)
