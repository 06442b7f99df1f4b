"""``gender``: the female share by personnel category, for the group and for all contributors,
against the yearly targets of the UN Uniformed Gender Parity Strategy 2018-2028."""

from __future__ import annotations

from typing import Any

import duckdb

from pkobs.indicators.base import (
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    data_view,
    members_cte,
    needs_mission,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.messages import Message
from pkobs.store import aggregates
from pkobs.store.query import run_sql
from pkobs.table import Column, Table

NAME = "gender"
COLUMNS = [
    "month",
    "scope",
    "personnel_category",
    "female",
    "personnel",
    "female_share",
    "target_share",
    "target_2028",
]
DECLARED = (
    Column("month", "month"),
    Column("scope", "category"),
    Column("personnel_category", "category"),
    Column("female", "count", "personnel"),
    Column("personnel", "count", "personnel"),
    Column("female_share", "share", "fraction of personnel whose sex is reported"),
    Column("target_share", "share", "fraction of personnel"),
    Column("target_2028", "share", "fraction of personnel"),
)
CATEGORY_OF_TYPE = """CASE personnel_type
    WHEN 'troops' THEN 'military_contingents'
    WHEN 'staff_officers' THEN 'military_observers_staff_officers'
    WHEN 'experts_on_mission' THEN 'military_observers_staff_officers'
    WHEN 'formed_police_units' THEN 'formed_police_units'
    WHEN 'individual_police' THEN 'individual_police' END"""


def group_sums(
    con: duckdb.DuckDBPyConnection,
    cube: aggregates.Aggregates,
    group: str,
    statuses: tuple[str, ...],
) -> dict[tuple[Any, str], list[int]]:
    """The group's women and personnel of known sex by month x category (kept per version)."""
    sums = cube.gender_sums(con, CATEGORY_OF_TYPE)
    bits = aggregates.status_bits(statuses)
    return cube.memo(f"gender:{group}:{bits}", lambda: sums.members(group, statuses))


def flagged_figures(con: duckdb.DuckDBPyConnection, cube: aggregates.Aggregates) -> Table:
    """Every figure of the history that looks printed under the wrong sex (kept per version)."""
    from pkobs.store.checks import implausible_figures

    return cube.memo("flagged_sex", lambda: implausible_figures(con, kind="sex"))


def cube_table(con: duckdb.DuckDBPyConnection, params: Params) -> Table:
    """The table without a mission split, from the aggregates: the rows of the SQL below."""
    cube = aggregates.for_connection(con)
    sums = cube.gender_sums(con, CATEGORY_OF_TYPE)
    group = group_sums(con, cube, params.group, params.statuses)
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    rows: list[tuple[Any, ...]] = []
    cells = sorted(
        [(month, 0, category) for (month, category) in group if first <= month <= last]
        + [(month, 1, category) for (month, category) in sums.everyone if first <= month <= last]
    )
    for month, scope, category in cells:
        female, personnel = (
            group[(month, category)] if scope == 0 else sums.everyone[(month, category)]
        )
        rows.append(
            (
                month,
                "group" if scope == 0 else "all",
                category,
                female,
                personnel,
                female / personnel if personnel else None,
                sums.targets.get((month.year, category)),
                sums.targets.get((2028, category)),
            )
        )
    return Table(COLUMNS, rows)


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    table = cube_table(con, params) if not needs_mission(params) else sql_table(con, params)
    extras, notes = flagged(con, params)
    meta = Meta(
        name=NAME,
        unit="fraction of personnel whose sex is reported (0-1)",
        params=params_dict(params),
        sources=[
            *sources_used(con, params),
            {"source": "reference data: gender targets", "path": "refdata/data/gender_targets.csv"},
        ],
        notes=list(notes),
    )
    return IndicatorResult(table, meta, extras)


def sql_table(con: duckdb.DuckDBPyConnection, params: Params) -> Table:
    """The table straight from the contract views (with a mission split; the tests' reference)."""
    mission_filter, values = range_filter(params)
    return run_sql(
        con,
        f"""WITH members AS ({members_cte(params)}),
        known AS (
            SELECT c.month, {CATEGORY_OF_TYPE} AS personnel_category, c.female,
                   c.male + c.female AS personnel, (m.iso3 IS NOT NULL) AS is_member
            FROM {data_view(params)} c
            LEFT JOIN members m ON m.month = c.month AND m.iso3 = c.contributor_iso3
            WHERE c.month BETWEEN $first AND $last AND c.female IS NOT NULL
              AND c.male IS NOT NULL {mission_filter}
        ),
        scoped AS (
            SELECT month, 'group' AS scope, personnel_category, female, personnel
            FROM known WHERE is_member
            UNION ALL
            SELECT month, 'all', personnel_category, female, personnel FROM known
        )
        SELECT s.month, s.scope, s.personnel_category,
               sum(s.female)::BIGINT AS female, sum(s.personnel)::BIGINT AS personnel,
               sum(s.female) / nullif(sum(s.personnel), 0) AS female_share,
               any_value(t.target_share) AS target_share,
               any_value(t28.target_share) AS target_2028
        FROM scoped s
        LEFT JOIN gender_targets t ON t.year = year(s.month)
             AND t.personnel_category = s.personnel_category
        LEFT JOIN gender_targets t28 ON t28.year = 2028
             AND t28.personnel_category = s.personnel_category
        WHERE s.personnel_category IS NOT NULL
        GROUP BY s.month, s.scope, s.personnel_category
        ORDER BY s.month, s.scope DESC, s.personnel_category""",
        values,
    )


def flagged(
    con: duckdb.DuckDBPyConnection, params: Params
) -> tuple[dict[str, Table], list[Message]]:
    """The figures of the range flagged as probably printed under the wrong sex: the indicator
    keeps them as published and says that it rests on them (extra table ``flagged_figures``)."""
    # the whole history's figures once per data version (the same rows, filtered by month)
    every = flagged_figures(con, aggregates.for_connection(con))
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    table = Table(every.columns, [r for r in every.rows if first <= r[1] <= last])
    if params.mission is not None:
        table = Table(table.columns, [r for r in table.rows if r[3] == params.mission])
    if not table.rows:
        return {}, []
    months = sorted({f"{r[1]:%Y-%m}" for r in table.rows})
    note = Message("indicator.note.flagged_sex", {"count": len(table.rows), "months": months})
    return {"flagged_figures": table}, [note]


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="contributor", query=compute)
