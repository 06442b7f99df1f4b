"""Coverage: month by month, which sources exist and at which level of detail.

Every month from the first to the last month with data is listed; a month that no source covers
is ``missing`` (a gap in the sources, never a drop to zero).
"""

from __future__ import annotations

import datetime as dt

from pkobs.store.database import Connection, Database
from pkobs.store.schema import DETAILS
from pkobs.table import Table

COLUMNS = ["month", "status", "detail", "has_mission", "has_sex", "sources", "formats"]


def coverage_table(handle: Database | Connection) -> Table:
    """One row per month: ``status`` is ``data`` or ``missing``; ``detail`` the best level."""
    ranks = " ".join(f"WHEN '{d}' THEN {i}" for i, d in enumerate(DETAILS))
    return Database.of(handle).query(
        f"""WITH span AS (SELECT min(month) AS first, max(month) AS last FROM source_months),
        months AS (
            SELECT last_day(m::DATE) AS month
            FROM span, generate_series(date_trunc('month', first), date_trunc('month', last),
                                       INTERVAL 1 MONTH) t(m)
            WHERE first IS NOT NULL),
        per_month AS (
            SELECT month,
                   arg_min(detail, CASE detail {ranks} END) AS detail,
                   count(DISTINCT source)::INTEGER AS sources,
                   string_agg(DISTINCT format, ', ' ORDER BY format) AS formats
            FROM source_months GROUP BY month)
        SELECT m.month, CASE WHEN p.month IS NULL THEN 'missing' ELSE 'data' END AS status,
               p.detail,
               p.detail IN ('mission_sex', 'mission') AS has_mission,
               p.detail IN ('mission_sex', 'contributor_sex') AS has_sex,
               coalesce(p.sources, 0) AS sources, p.formats
        FROM months m LEFT JOIN per_month p USING (month)
        ORDER BY m.month""",
    )


def missing_months(table: Table) -> list[dt.date]:
    return [row[0] for row in table.rows if row[1] == "missing"]
