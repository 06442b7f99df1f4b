"""What an update changed, read from the ``contributions`` view before and after (the reads
are :mod:`pkobs.store.revisions`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pkobs.store import revisions
from pkobs.store.database import Connection, Database
from pkobs.store.revisions import CellChange, Counts, MonthRevision

# The cells and counts are the store's (an ingest reports them too); named here as before.
__all__ = ["CellChange", "ChangeReport", "Counts", "MonthRevision", "compare", "forget", "snapshot"]


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
            "months_revised": [r.to_json() for r in self.months_revised],
            "new_contributors": self.new_contributors,
            "new_missions": self.new_missions,
        }


def snapshot(handle: Database | Connection) -> None:
    """Keep the chosen counts as they are now (until :func:`forget` or the connection closes)."""
    revisions.keep_contributions(handle)


def compare(handle: Database | Connection, sources: list[str]) -> ChangeReport:
    """Compare the snapshot with ``contributions`` now, over the months ``sources`` cover."""
    db = Database.of(handle)
    known = revisions.months_kept(db)
    covered = revisions.covered_months(db, sources)
    report = ChangeReport(months_added=[m for m in covered if m not in known])
    report.months_revised = revisions.by_month(revisions.revised_cells(db, sources))
    report.new_contributors = revisions.new_values(db, sources, "contributor_iso3")
    report.new_missions = revisions.new_values(db, sources, "mission")
    return report


def forget(handle: Database | Connection) -> None:
    revisions.forget_contributions(handle)
