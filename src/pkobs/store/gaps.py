"""Probable holes in a source: a contributor × mission row missing for one month between two.

When a contributor's contingent in a mission is printed in month *m−1* and in month *m+1* but
not in month *m* (of the months that have figures by mission), the row most likely fell out of
the source (the June 2012 gender file lacks France's UNIFIL contingent: 1,061 in May, 971 in
July, nothing in June). Such a cell is a probable source gap, not a withdrawal and return: the
charts draw it as a gap, alerts and drivers leave it out, and ``pkobs check-data`` lists it.
"""

from __future__ import annotations

import datetime as dt

from pkobs.store.database import Database
from pkobs.table import Column, Table

MISSION_DETAILS = ("mission_sex", "mission")

PROBABLE_GAPS_SQL = """
WITH grid AS (
    SELECT month, row_number() OVER (ORDER BY month) AS k
    FROM (SELECT DISTINCT month FROM source_months
          WHERE detail IN ('mission_sex', 'mission'))
),
cells AS (
    SELECT c.contributor_iso3, c.mission, g.k, sum(c.total)::BIGINT AS total
    FROM contributions c JOIN grid g USING (month)
    GROUP BY ALL
)
SELECT g.month, b.contributor_iso3, b.mission,
       b.total AS total_before, a.total AS total_after
FROM cells b
JOIN cells a ON a.contributor_iso3 = b.contributor_iso3 AND a.mission = b.mission
            AND a.k = b.k + 2
JOIN grid g ON g.k = b.k + 1
WHERE NOT EXISTS (
    SELECT 1 FROM cells x
    WHERE x.contributor_iso3 = b.contributor_iso3 AND x.mission = b.mission AND x.k = b.k + 1)
  AND g.month BETWEEN $first AND $last
ORDER BY g.month, b.contributor_iso3, b.mission
"""

COLUMNS = (
    Column("month", "month"),
    Column("contributor_iso3", "code"),
    Column("mission", "code"),
    Column("total_before", "count", "personnel"),
    Column("total_after", "count", "personnel"),
)


def probable_source_gaps(
    db: Database, first: dt.date | None = None, last: dt.date | None = None
) -> Table:
    """Every (month, contributor, mission) cell that is a probable source gap, oldest first.

    ``total_before`` and ``total_after`` are the contingent's size in the neighbouring months
    that have figures by mission.
    """
    values = {"first": first or dt.date(1900, 1, 1), "last": last or dt.date(9999, 12, 31)}
    return db.query(PROBABLE_GAPS_SQL, values).declared(*COLUMNS)


__all__ = ["PROBABLE_GAPS_SQL", "probable_source_gaps"]
