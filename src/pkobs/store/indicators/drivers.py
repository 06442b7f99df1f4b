"""The ``drivers`` indicator's reads: each month's contributor x mission cells, and the
missions' reference rows."""

from __future__ import annotations

import datetime as dt

from pkobs.store.indicators import Handle, query

CELLS_SQL = """
SELECT c.contributor_iso3, c.mission, coalesce(mi.kind, '') AS kind,
       sum(c.total)::BIGINT AS total
FROM contributions c LEFT JOIN missions mi ON mi.acronym = c.mission
WHERE c.month = $month
GROUP BY ALL
"""
MISSIONS_SQL = """
SELECT acronym, coalesce(acronym_fr, acronym), host_iso3, start_date, kind, predecessor
FROM missions
"""

MissionRecord = tuple[str, str, str, dt.date | None, str, str | None]


def mission_records(db: Handle) -> dict[str, MissionRecord]:
    """acronym -> (acronym, French acronym, host iso3, start date, kind, predecessor)."""
    return {str(r[0]): (r[0], r[1], r[2], r[3], r[4], r[5]) for r in query(db, MISSIONS_SQL).rows}


def month_cells(db: Handle, month: dt.date) -> dict[tuple[str, str], tuple[int, str]]:
    """(contributor iso3, mission) -> (personnel, the mission's kind or '') for ``month``."""
    rows = query(db, CELLS_SQL, {"month": month}).rows
    return {(iso3, mission): (int(total), kind) for iso3, mission, kind, total in rows}


__all__ = ["mission_records", "month_cells"]
