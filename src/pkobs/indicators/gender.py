"""``gender``: the female share by personnel category, for the group and for all contributors,
against the yearly targets of the UN Uniformed Gender Parity Strategy 2018-2028."""

from __future__ import annotations

import duckdb

from pkobs.indicators.base import (
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    data_view,
    members_cte,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.messages import Message
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


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    params = validate(con, params)
    mission_filter, values = range_filter(params)
    table = run_sql(
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


def flagged(
    con: duckdb.DuckDBPyConnection, params: Params
) -> tuple[dict[str, Table], list[Message]]:
    """The figures of the range flagged as probably printed under the wrong sex: the indicator
    keeps them as published and says that it rests on them (extra table ``flagged_figures``)."""
    from pkobs.store.checks import implausible_figures

    table = implausible_figures(con, params.from_month, params.to_month, kind="sex")
    if params.mission is not None:
        table = Table(table.columns, [r for r in table.rows if r[3] == params.mission])
    if not table.rows:
        return {}, []
    months = sorted({f"{r[1]:%Y-%m}" for r in table.rows})
    note = Message("indicator.note.flagged_sex", {"count": len(table.rows), "months": months})
    return {"flagged_figures": table}, [note]


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="contributor", query=compute)
