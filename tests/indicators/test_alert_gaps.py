"""``alerts`` on the shipped real history: the source gaps left out as the definition says (a
plain reading of it, row by row, against the indexed one), and the cube's alerts equal to the
SQL's for other thresholds than the default."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pkobs.indicators import Params, alerts, parse_month
from pkobs.indicators.base import add_months, source_gaps, validate
from pkobs.store import aggregates
from pkobs.table import Table


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


CASES = [
    Params(group="oif", from_month=parse_month("2012-01"), to_month=parse_month("2012-12")),
    Params(group="all", from_month=parse_month("2005-01"), to_month=parse_month("2016-12")),
    Params(
        group="au",
        statuses=("member", "associate", "observer"),
        from_month=parse_month("1999-01"),
        to_month=parse_month("2025-07"),
    ),
    Params(group="eu", min_change=1, min_relative=0.05, to_month=parse_month("2025-07")),
]


def plainly_without_gaps(
    con: duckdb.DuckDBPyConnection, raw: Table, params: Params
) -> list[tuple[Any, ...]]:
    """The definition read row by row: for an alert of a month with a mission split (and the
    month before too), the personnel of the cells missing in the source that month (present
    the month before) or the month before (present again this month) is left out of both
    months; the alert stays if the change still passes the thresholds."""
    at_hole: dict[tuple[str, Any, str], int] = {}
    after_hole: dict[tuple[str, Any, str], int] = {}
    for month, iso3, mission, before, after in source_gaps(con):
        for key in (("contributor", month, iso3), ("mission", month, mission)):
            at_hole[key] = at_hole.get(key, 0) + int(before)
            after_hole[key] = after_hole.get(key, 0) + int(after)
    cube = aggregates.for_connection(con)
    members = cube.members(con, params.group, params.statuses)
    rows = []
    for row in raw.rows:
        month, scope, key, previous, current = row[:5]
        before_month = add_months(month, -1)
        if month not in cube.mission_months or before_month not in cube.mission_months:
            rows.append(row)
            continue
        now = at_hole.get((scope, month, key), 0)
        back = after_hole.get((scope, before_month, key), 0)
        if scope == "contributor":
            now = now if key in members.get(before_month, frozenset()) else 0
            back = back if key in members.get(month, frozenset()) else 0
        if not now and not back:
            rows.append(row)
            continue
        previous, current = int(previous) - now, int(current) - back
        change = current - previous
        if abs(change) < params.min_change:
            continue
        if previous != 0 and abs(change) / previous < params.min_relative:
            continue
        relative = change / previous if previous > 0 else None
        rows.append((month, scope, key, previous, current, change, relative))
    rows.sort(key=lambda r: (r[0], -abs(r[5]), r[2]))
    return rows


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_source_gaps_are_left_out_as_defined(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    checked = validate(history, params)
    raw = alerts.cube_alerts(history, checked)
    kept = alerts.without_source_gaps(history, raw, checked).rows
    assert kept == plainly_without_gaps(history, raw, checked)


def test_the_gaps_of_2012_change_the_alerts(history: duckdb.DuckDBPyConnection) -> None:
    """France's UNIFIL contingent missing from the June 2012 source: the check has work."""
    checked = validate(history, CASES[0])
    raw = alerts.cube_alerts(history, checked)
    kept = alerts.without_source_gaps(history, raw, checked).rows
    assert kept != raw.rows
    assert all(
        r[2] != "FRA" for r in kept if r[0] in (parse_month("2012-06"), parse_month("2012-07"))
    )


@pytest.mark.parametrize("params", CASES, ids=repr)
@pytest.mark.parametrize("min_change", [1, 50, 400])
def test_cube_alerts_equal_sql_for_other_thresholds(
    history: duckdb.DuckDBPyConnection, params: Params, min_change: int
) -> None:
    checked = replace(validate(history, params), min_change=min_change)
    assert alerts.cube_alerts(history, checked).rows == alerts.sql_table(history, checked).rows
