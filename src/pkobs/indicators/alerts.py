"""``alerts``: month-over-month changes above thresholds, per contributor and per mission."""

from __future__ import annotations

import duckdb

from pkobs.i18n import fmt_share
from pkobs.indicators.base import (
    IndicatorResult,
    Meta,
    Params,
    add_months,
    covered_months_sql,
    data_view,
    members_cte,
    params_dict,
    range_filter,
    sources_used,
    validate,
)
from pkobs.indicators.sentences import alert_sentence
from pkobs.store.query import run_sql
from pkobs.table import Table

NAME = "alerts"
COLUMNS = [
    "month",
    "scope",
    "key",
    "name",
    "previous",
    "current",
    "change",
    "relative_change",
    "sentence",
]


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    """A change is an alert when |change| >= min_change AND (|relative| >= min_relative, or the
    previous month was zero). Only consecutive months that both have data are compared."""
    params = validate(con, params)
    name = "name_fr" if params.lang == "fr" else "name_en"
    mission_name = "coalesce(mi.acronym_fr, mi.acronym)" if params.lang == "fr" else "mi.acronym"
    mission_filter, values = range_filter(params)
    values.update(min_change=params.min_change, min_relative=params.min_relative)
    assert params.from_month is not None
    values["lookback"] = add_months(params.from_month, -1)
    raw = run_sql(
        con,
        f"""WITH members AS ({members_cte(params)}),
        covered AS (SELECT month, 'contributor' AS scope FROM ({covered_months_sql(params)})
                    UNION ALL
                    SELECT month, 'mission' FROM ({covered_months_sql(params, True)})),
        months AS (SELECT month, scope, lag(month) OVER (PARTITION BY scope ORDER BY month)
                              AS previous
                   FROM covered),
        by_contributor AS (
            SELECT c.month, 'contributor' AS scope, c.contributor_iso3 AS key, sum(c.total) AS n
            FROM {data_view(params)} c JOIN members m ON m.month = c.month
                 AND m.iso3 = c.contributor_iso3
            WHERE c.month BETWEEN $lookback AND $last {mission_filter} GROUP BY ALL),
        by_mission AS (
            SELECT c.month, 'mission' AS scope, c.mission AS key, sum(c.total) AS n
            FROM contributions c WHERE c.month BETWEEN $lookback AND $last {mission_filter}
            GROUP BY ALL),
        series AS (SELECT * FROM by_contributor UNION ALL SELECT * FROM by_mission),
        keys AS (SELECT DISTINCT scope, key FROM series),
        pairs AS (
            SELECT mo.month, k.scope, k.key, coalesce(p.n, 0)::BIGINT AS previous,
                   coalesce(cu.n, 0)::BIGINT AS current
            FROM months mo JOIN keys k ON k.scope = mo.scope
            LEFT JOIN series p ON p.month = mo.previous AND p.scope = k.scope AND p.key = k.key
            LEFT JOIN series cu ON cu.month = mo.month AND cu.scope = k.scope AND cu.key = k.key
            WHERE mo.previous IS NOT NULL
              AND date_diff('month', mo.previous, mo.month) = 1
              AND mo.month BETWEEN $first AND $last
        )
        SELECT p.month, p.scope, p.key,
               CASE WHEN p.scope = 'contributor' THEN co.{name} ELSE {mission_name} END,
               p.previous, p.current, p.current - p.previous AS change,
               CASE WHEN p.previous > 0 THEN (p.current - p.previous) / p.previous END
        FROM pairs p
        LEFT JOIN countries co ON p.scope = 'contributor' AND co.iso3 = p.key
        LEFT JOIN missions mi ON p.scope = 'mission' AND mi.acronym = p.key
        WHERE abs(p.current - p.previous) >= $min_change
          AND (p.previous = 0 OR abs(p.current - p.previous) / p.previous >= $min_relative)
        ORDER BY p.month, abs(p.current - p.previous) DESC, p.key""",
        values,
    )
    rows = [
        (
            *row,
            alert_sentence(
                str(row[3] or row[2]), str(row[1]), row[0], int(row[4]), int(row[5]), params.lang
            ),
        )
        for row in raw.rows
    ]
    meta = Meta(
        name=NAME,
        title_fr="Alertes : variations mensuelles marquées",
        title_en="Alerts: marked month-over-month changes",
        unit="personnel; relative change as a fraction",
        definition_fr=(
            "Pour chaque membre du groupe (contributeur) et chaque mission : variation du "
            "personnel en tenue par rapport au mois précédent, signalée lorsque sa valeur absolue "
            f"atteint {params.min_change} personnels et sa valeur relative "
            f"{fmt_share(params.min_relative, 'fr', 0)} (ou que le mois précédent était à zéro). "
            "Seuls des mois "
            "consécutifs disposant tous deux de données sont comparés."
        ),
        definition_en=(
            "For each group member (contributor) and each mission: change in uniformed "
            "personnel from the previous month, flagged when its absolute value reaches "
            f"{params.min_change} and its relative value {fmt_share(params.min_relative, 'en', 0)} "
            "(or the "
            "previous month was zero). Only consecutive months that both have data are compared."
        ),
        params={
            **params_dict(params),
            "min_change": params.min_change,
            "min_relative": params.min_relative,
        },
        sources=sources_used(con, params),
    )
    return IndicatorResult(Table(COLUMNS, rows), meta)
