"""What every indicator shares: parameters, their validation, metadata, and the result type.

An indicator is a pure function ``(connection, Params) -> IndicatorResult``: a tidy table (the
contract columns) plus metadata (titles in French and English, unit, definition, sources used).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from pkobs.errors import QueryError
from pkobs.refdata.groups import known_groups
from pkobs.settings import Language
from pkobs.store.query import run_sql
from pkobs.table import Table

STATUSES = ("member", "associate", "observer")
DEFAULT_STATUSES = ("member", "associate")
ALL = "all"  # the pseudo-group of every contributor


def month_end(value: dt.date) -> dt.date:
    following = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return month_end(dt.date(index // 12, index % 12 + 1, 1))


def parse_month(text: str, option: str = "month") -> dt.date:
    """``YYYY-MM`` (or a full date) -> the month's last day; a clear error otherwise."""
    try:
        if len(text) == 7:
            return month_end(dt.date.fromisoformat(text + "-01"))
        return month_end(dt.date.fromisoformat(text))
    except ValueError:
        raise QueryError(f"{option} {text!r} is not a month: use YYYY-MM") from None


@dataclass(frozen=True)
class Params:
    """Parameters shared by the indicators (each uses the ones it needs)."""

    group: str = "oif"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    from_month: dt.date | None = None
    to_month: dt.date | None = None
    mission: str | None = None
    lang: Language = "fr"
    by_mission: bool = False
    groups: tuple[str, ...] = ("oif", "au", "eu")
    window: int | None = None  # trend: months before ``to_month``
    min_change: int = 100  # alerts: absolute threshold (personnel)
    min_relative: float = 0.2  # alerts: relative threshold (fraction)

    def with_months(self, first: dt.date | None, last: dt.date | None) -> Params:
        return replace(self, from_month=first, to_month=last)


@dataclass(frozen=True)
class Meta:
    name: str
    title_fr: str
    title_en: str
    unit: str
    definition_fr: str
    definition_en: str
    params: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def title(self, lang: Language) -> str:
        return self.title_fr if lang == "fr" else self.title_en

    def definition(self, lang: Language) -> str:
        return self.definition_fr if lang == "fr" else self.definition_en

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": {"fr": self.title_fr, "en": self.title_en},
            "unit": self.unit,
            "definition": {"fr": self.definition_fr, "en": self.definition_en},
            "parameters": self.params,
            "sources": self.sources,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class IndicatorResult:
    table: Table
    meta: Meta
    extras: dict[str, Table] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        meta = self.meta.as_dict()
        meta["extras"] = {name: t.records() for name, t in self.extras.items()}
        return {"rows": self.table.records(), "meta": meta}


def needs_mission(params: Params) -> bool:
    """Whether the query needs figures split by mission (a mission filter or a per-mission view)."""
    return params.by_mission or params.mission is not None


def data_view(params: Params, mission_level: bool = False) -> str:
    """The view an indicator reads: ``contributions`` (rows that name a mission) when it needs
    a mission split, otherwise ``contributor_months`` (every month, from its most detailed
    source, back to 1990)."""
    return "contributions" if mission_level or needs_mission(params) else "contributor_months"


MISSION_DETAIL_SQL = "('mission_sex', 'mission')"


def covered_months_sql(params: Params, mission_level: bool = False) -> str:
    """SQL of the months that have data at the level the query needs."""
    if mission_level or needs_mission(params):
        return f"SELECT DISTINCT month FROM source_months WHERE detail IN {MISSION_DETAIL_SQL}"
    return "SELECT DISTINCT month FROM source_months"


def months_without_mission_split(con: duckdb.DuckDBPyConnection, params: Params) -> Table:
    """Months of the range that have data but no mission split (a mission-level indicator says
    so, naming them, instead of showing zeros)."""
    return run_sql(
        con,
        f"""SELECT month, string_agg(DISTINCT detail, ', ' ORDER BY detail) AS detail
            FROM source_months WHERE month BETWEEN ? AND ?
              AND month NOT IN ({covered_months_sql(params, True)})
            GROUP BY month ORDER BY month""",
        [params.from_month, params.to_month],
    )


def month_ranges(months: list[dt.date]) -> str:
    """``2018-03 to 2019-08, 2023-09``: runs of consecutive months, joined by commas."""
    runs: list[tuple[dt.date, dt.date]] = []
    for month in sorted(months):
        if runs and add_months(runs[-1][1], 1) == month:
            runs[-1] = (runs[-1][0], month)
        else:
            runs.append((month, month))
    return ", ".join(f"{a:%Y-%m}" if a == b else f"{a:%Y-%m} to {b:%Y-%m}" for a, b in runs)


def data_months(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """Months for which at least one ingested source has data."""
    return [
        r[0] for r in con.execute("SELECT DISTINCT month FROM source_months ORDER BY 1").fetchall()
    ]


def validate(con: duckdb.DuckDBPyConnection, params: Params) -> Params:
    """Check parameters against the data; fill the month range from the data when missing."""
    groups = known_groups(con)
    for group in (params.group, *params.groups):
        if group != ALL and group not in groups:
            raise QueryError(f"unknown group {group!r}; known groups: {', '.join([ALL, *groups])}")
    bad = [s for s in params.statuses if s not in STATUSES]
    if bad or not params.statuses:
        raise QueryError(
            f"unknown status {', '.join(bad) or '(none)'}; use one or more of {', '.join(STATUSES)}"
        )
    months = data_months(con)
    if not months:
        raise QueryError("no data: ingest a file first (pkobs ingest FILE)")
    first = params.from_month or months[0]
    last = params.to_month or months[-1]
    if first > last:
        raise QueryError(f"the start month {first:%Y-%m} is after the end month {last:%Y-%m}")
    if params.mission is not None:
        rows = con.execute(
            "SELECT start_date, end_date FROM missions WHERE acronym = ?", [params.mission]
        ).fetchall()
        if not rows:
            raise QueryError(f"unknown mission {params.mission!r}")
        start, end = rows[0]
        if start > last or (end is not None and end < add_months(first, -1)):
            raise QueryError(
                f"mission {params.mission} was not deployed between {first:%Y-%m} and "
                f"{last:%Y-%m} (it ran from {start:%Y-%m} to {end:%Y-%m})"
                if end
                else f"mission {params.mission} started in {start:%Y-%m}, after {last:%Y-%m}"
            )
    if params.window is not None and params.window < 1:
        raise QueryError("the window must be at least one month")
    return params.with_months(first, last)


def members_cte(params: Params, group: str | None = None) -> str:
    """SQL (a CTE body) of (month, iso3) pairs: who counted as a group member each month.

    A country counts for a month when it held one of the statuses on the month's last day.
    Governments that are not states (no ISO-3 code) never count: they send no personnel.
    """
    group_id = group or params.group
    statuses = ", ".join(f"'{s}'" for s in params.statuses)  # validated against STATUSES
    if group_id == ALL:
        return "SELECT DISTINCT month, contributor_iso3 AS iso3 FROM contributor_months"
    return f"""SELECT m.month, g.iso3
        FROM (SELECT DISTINCT month FROM source_months) m
        JOIN group_membership g
          ON g.group_id = '{group_id}' AND g.status IN ({statuses}) AND g.iso3 IS NOT NULL
         AND g.valid_from <= m.month AND coalesce(g.valid_to, DATE '9999-12-31') >= m.month"""


def sources_used(con: duckdb.DuckDBPyConnection, params: Params) -> list[dict[str, Any]]:
    table = run_sql(
        con,
        """SELECT DISTINCT s.source, s.sha256, s.path, s.format, s.ingested_at
           FROM sources s JOIN source_months m USING (source)
           WHERE m.month BETWEEN ? AND ? ORDER BY s.source""",
        [params.from_month, params.to_month],
    )
    refs = [
        {"source": f"reference data: group {g}", "path": f"refdata/data/groups/{g}.csv"}
        for g in sorted({params.group, *params.groups})
        if g != ALL
    ]
    return table.records() + refs


def month_series(params: Params) -> str:
    """SQL of every month end from ``from_month`` to ``to_month`` (for explicit "no data")."""
    return (
        f"SELECT last_day(m::DATE) AS month FROM generate_series("
        f"DATE '{params.from_month:%Y-%m-01}', DATE '{params.to_month:%Y-%m-01}', "
        "INTERVAL 1 MONTH) t(m)"
    )


CATEGORY_SQL = """CASE WHEN personnel_type IN ('troops', 'staff_officers', 'experts_on_mission')
    THEN 'military' ELSE 'police' END"""


def params_dict(params: Params) -> dict[str, object]:
    """The parameters as they appear in metadata (and in a link that reopens the view)."""
    return {
        "group": params.group,
        "status": list(params.statuses),
        "from": f"{params.from_month:%Y-%m}" if params.from_month else None,
        "to": f"{params.to_month:%Y-%m}" if params.to_month else None,
        "mission": params.mission,
    }


def range_filter(params: Params) -> tuple[str, dict[str, object]]:
    """The optional mission condition on ``c.mission`` and the query parameters of the range.

    Every query using it binds ``$first`` and ``$last`` (the months) and, with a mission,
    ``$mission``; user values always travel as parameters, never inside the SQL text.
    """
    values: dict[str, object] = {"first": params.from_month, "last": params.to_month}
    if params.mission is None:
        return "", values
    values["mission"] = params.mission
    return "AND c.mission = $mission", values
