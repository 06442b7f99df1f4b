"""Probable holes in a source: a contributor × mission row missing for one month between two.

When a contributor's contingent in a mission is printed in month *m−1* and in month *m+1* but
not in month *m* (of the months that have figures by mission), and its size on either side is
comparable (:func:`comparable`), the row most likely fell out of the source (the June 2012
gender file lacks France's UNIFIL contingent: 1,061 in May, 971 in July, nothing in June). Such
a cell is a probable source gap, not a withdrawal and return: the charts draw it as a gap,
alerts and drivers leave it out, and ``pkobs check-data`` lists it.

A contingent that is much smaller (or larger) after the hole than before it did not simply go
on: the hole is the month it left (or came), not a row the source lost. The Democratic Republic
of the Congo's MINUSCA contingent, 808 in January 2016, nothing in February, 9 in April (March
has no figures), was repatriated; it is no probable gap.
"""

from __future__ import annotations

import datetime as dt

from pkobs.store.database import Database
from pkobs.table import Column, Table

MISSION_DETAILS = ("mission_sex", "mission")

# The sizes either side of a hole are comparable when the smaller is at least 1/COMPARABLE_RATIO
# of the larger, or when they differ by at most COMPARABLE_SLACK personnel: a few staff officers
# or experts more or less is ordinary turnover (1 then 3 tells nothing of a withdrawal).
COMPARABLE_RATIO = 2
COMPARABLE_SLACK = 10


def comparable(before: int, after: int) -> bool:
    """Whether a contingent of ``before`` then ``after`` personnel, either side of a month
    without it, plausibly went on through that month (the condition of a probable source gap)."""
    smaller, larger = min(before, after), max(before, after)
    return smaller * COMPARABLE_RATIO >= larger or larger - smaller <= COMPARABLE_SLACK


COMPARABLE_SQL = f"""(least(b.total, a.total) * {COMPARABLE_RATIO} >= greatest(b.total, a.total)
       OR greatest(b.total, a.total) - least(b.total, a.total) <= {COMPARABLE_SLACK})"""

PROBABLE_GAPS_SQL = f"""
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
  AND {COMPARABLE_SQL}
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
    that have figures by mission; they are :func:`comparable`.
    """
    values = {"first": first or dt.date(1900, 1, 1), "last": last or dt.date(9999, 12, 31)}
    return db.query(PROBABLE_GAPS_SQL, values).declared(*COLUMNS)


__all__ = [
    "COMPARABLE_RATIO",
    "COMPARABLE_SLACK",
    "PROBABLE_GAPS_SQL",
    "comparable",
    "probable_source_gaps",
]
