"""``alerts``: month-over-month changes above thresholds, per contributor and per mission."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any

import duckdb

from pkobs.indicators.base import (
    Indicator,
    IndicatorResult,
    Meta,
    Params,
    add_months,
    covered_months_sql,
    data_view,
    members_cte,
    mission_kinds,
    needs_mission,
    params_dict,
    range_filter,
    source_gaps,
    sources_used,
    unfiltered,
    validate,
)
from pkobs.indicators.sentences import alert_message, percent
from pkobs.store import aggregates
from pkobs.store.query import run_sql
from pkobs.table import Column, Table

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
DECLARED = (
    Column("month", "month"),
    Column("scope", "category"),
    Column("key", "code"),
    Column("name", "text"),
    Column("previous", "count", "personnel"),
    Column("current", "count", "personnel"),
    Column("change", "count", "personnel"),
    Column("relative_change", "share", "fraction of the previous month"),
    Column("sentence", "text"),  # a Message, rendered by the edges
)


def compute(con: duckdb.DuckDBPyConnection, params: Params) -> IndicatorResult:
    """A change is an alert when |change| >= min_change AND (|relative| >= min_relative, or the
    previous month was zero). Only consecutive months that both have data are compared."""
    params = validate(con, params)
    raw = sql_alerts(con, params) if needs_mission(params) else cube_alerts(con, params)
    raw = without_source_gaps(con, raw, params)
    rows = [
        (
            *row,
            alert_message(str(row[3] or row[2]), str(row[1]), row[0], int(row[4]), int(row[5])),
        )
        for row in raw.rows
    ]
    meta = Meta(
        name=NAME,
        unit="personnel; relative change as a fraction",
        definition_values={
            "min_change": params.min_change,
            "min_relative": percent(params.min_relative, 0),
        },
        params={
            **params_dict(params),
            "min_change": params.min_change,
            "min_relative": params.min_relative,
        },
        sources=sources_used(con, params),
    )
    return IndicatorResult(Table(COLUMNS, rows), meta)


def without_source_gaps(con: duckdb.DuckDBPyConnection, alerts: Table, params: Params) -> Table:
    """The alerts once the probable source gaps are left out (:mod:`pkobs.store.gaps`).

    A contributor x mission cell missing for one month between two present months is a hole in
    the source, not a withdrawal and a return: for the two comparisons that touch the hole
    (month before -> hole, hole -> month after), the cell is left out of both months, and the
    alert stays only if the change without it still passes the thresholds.
    """
    gaps = source_gaps(con)
    if not gaps or not alerts.rows:
        return alerts
    cube = aggregates.for_connection(con)
    members = cube.members(con, params.group, params.statuses)
    if params.mission is None and params.kinds is None:  # the usual question: indexed once
        holes = cube.memo("alerts:gaps", lambda: _gap_index(gaps, None, None, {}))
    else:
        kinds = mission_kinds(con) if params.kinds is not None else {}
        holes = _gap_index(gaps, params.mission, params.kinds, kinds)
    if not holes[0]:
        return alerts
    at_hole, after_hole = holes
    mission_months = unfiltered(cube).mission_months
    nobody: frozenset[str] = frozenset()
    rows: list[tuple[Any, ...]] = []
    for row in alerts.rows:
        month, scope, key, name, previous, current = row[:6]
        before_month = add_months(month, -1)
        if month not in mission_months or before_month not in mission_months:
            rows.append(row)
            continue
        if scope == "mission":
            # a hole this month: the cell was there the month before (``before``)
            hole_now = at_hole.get(("mission", month, key), 0)
            # a hole the month before: the cell is back this month (``after``)
            hole_before = after_hole.get(("mission", before_month, key), 0)
        else:
            hole_now = (
                at_hole.get(("contributor", month, key), 0)
                if key in members.get(before_month, nobody)
                else 0
            )
            hole_before = (
                after_hole.get(("contributor", before_month, key), 0)
                if key in members.get(month, nobody)
                else 0
            )
        if not hole_now and not hole_before:
            rows.append(row)
            continue
        previous, current = int(previous) - hole_now, int(current) - hole_before
        change = current - previous
        if abs(change) < params.min_change:
            continue
        if previous != 0 and abs(change) / previous < params.min_relative:
            continue
        relative = change / previous if previous > 0 else None
        rows.append((month, scope, key, name, previous, current, change, relative))
    rows.sort(key=lambda r: (r[0], -abs(r[6]), r[2]))
    return Table(alerts.columns, rows)


GapKey = tuple[str, dt.date, str]  # scope, month of the hole, contributor or mission


def _gap_index(
    gaps: list[tuple[Any, ...]],
    mission: str | None,
    kinds: tuple[str, ...] | None,
    kind_of: dict[str, str],
) -> tuple[dict[GapKey, int], dict[GapKey, int]]:
    """The probable source gaps summed by scope x month x key: the personnel the cell had the
    month before the hole, and the personnel it has again the month after."""
    at_hole: dict[GapKey, int] = {}
    after_hole: dict[GapKey, int] = {}
    for month, iso3, gap_mission, before, after in gaps:
        if mission is not None and gap_mission != mission:
            continue
        if kinds is not None and kind_of.get(gap_mission) not in kinds:
            continue
        for key in (("contributor", month, iso3), ("mission", month, gap_mission)):
            at_hole[key] = at_hole.get(key, 0) + int(before)
            after_hole[key] = after_hole.get(key, 0) + int(after)
    return at_hole, after_hole


def _month_index(month: dt.date) -> int:
    return month.year * 12 + month.month


def cube_alerts(con: duckdb.DuckDBPyConnection, params: Params) -> Table:
    """:func:`sql_alerts` without a mission split, from the aggregates (the same rows)."""
    cube = aggregates.for_connection(con)
    assert params.from_month is not None and params.to_month is not None
    first, last = params.from_month, params.to_month
    lookback = add_months(first, -1)
    english = params.lang == "en"
    names = cube.country_names(con)
    missions = cube.missions_by_month(con)
    acronyms = cube.memo(
        "mission_acronyms",
        lambda: dict(
            con.execute("SELECT acronym, coalesce(acronym_fr, acronym) FROM missions").fetchall()
        ),
    )
    members = cube.members(con, params.group, params.statuses)
    contributor_sums = cube.contributor_sums(con)
    series: dict[str, dict[dt.date, dict[str, int]]] = {"contributor": {}, "mission": {}}
    for month in cube.months:
        if not lookback <= month <= last:
            continue
        month_members = members.get(month, frozenset())
        sent = {r[0]: r[3] for r in contributor_sums.get(month, ()) if r[0] in month_members}
        if sent:
            series["contributor"][month] = sent
        deployed = dict(missions.by_month.get(month, ()))
        if deployed:
            series["mission"][month] = deployed
    covered = {"contributor": list(cube.months), "mission": sorted(cube.mission_months)}
    rows: list[tuple[Any, ...]] = []
    for scope in ("contributor", "mission"):
        by_month = series[scope]
        keys = sorted({key for sums in by_month.values() for key in sums})
        months = covered[scope]
        for previous_month, month in pairwise(months):
            if not first <= month <= last:
                continue
            if _month_index(month) - _month_index(previous_month) != 1:
                continue
            before_sums = by_month.get(previous_month, {})
            now_sums = by_month.get(month, {})
            for key in keys:
                previous, current = before_sums.get(key, 0), now_sums.get(key, 0)
                change = current - previous
                if abs(change) < params.min_change:
                    continue
                if previous != 0 and abs(change) / previous < params.min_relative:
                    continue
                if scope == "contributor":
                    found = names.get(key)
                    name = (found[1] if english else found[0]) if found else None
                else:
                    name = key if english else acronyms.get(key)
                relative = change / previous if previous > 0 else None
                rows.append((month, scope, key, name, previous, current, change, relative))
    rows.sort(key=lambda r: (r[0], -abs(r[6]), r[2]))
    return Table(COLUMNS[:-1], rows)


def sql_alerts(con: duckdb.DuckDBPyConnection, params: Params) -> Table:
    """The alerts straight from the contract views (with a mission split; the tests' reference)."""
    # Names are still chosen by the deprecated ``params.lang`` (French by default).
    name = "name_en" if params.lang == "en" else "name_fr"
    mission_name = "mi.acronym" if params.lang == "en" else "coalesce(mi.acronym_fr, mi.acronym)"
    mission_filter, values = range_filter(params)
    values.update(min_change=params.min_change, min_relative=params.min_relative)
    assert params.from_month is not None
    values["lookback"] = add_months(params.from_month, -1)
    return run_sql(
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
            FROM {data_view(params, True)} c
            WHERE c.month BETWEEN $lookback AND $last {mission_filter}
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


INDICATOR = Indicator(name=NAME, columns=DECLARED, detail="mission", query=compute)
