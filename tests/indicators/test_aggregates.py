"""The per-version aggregates give exactly the rows of the SQL over the contract views.

On the shipped real history (November 1990 - July 2025: months without a mission split, gaps,
several levels of detail), every group and status set, short and long ranges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pkobs.indicators import (
    Params,
    alerts,
    compute,
    contributors,
    gender,
    linguistic_gap,
    parse_month,
    share,
)
from pkobs.indicators.base import validate
from pkobs.messages import Name
from pkobs.store import aggregates
from pkobs.store.checks import implausible_figures
from pkobs.store.indicators.gender import sql_gender_table
from pkobs.store.indicators.share import sql_share_table
from pkobs.table import Table

RANGES = [
    (None, None),
    ("1990-11", "1995-12"),
    ("2013-02", "2014-02"),
    ("2024-01", "2025-07"),
    ("2025-07", "2025-07"),
]
CASES = [
    Params(group=group, statuses=statuses, from_month=first, to_month=last)
    for group in ("oif", "au", "all")
    for statuses in (("member", "associate"), ("observer",), ("member", "associate", "observer"))
    for first, last in [
        (parse_month(a) if a else None, parse_month(b) if b else None) for a, b in RANGES
    ]
]


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_share_from_aggregates_equals_sql(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    checked = validate(history, params)
    from_cube = share.share_table(history, checked).rows
    assert from_cube == sql_share_table(history, checked).rows
    assert any(r[2] is None for r in from_cube) or params.from_month is not None


@pytest.mark.parametrize("group", ["oif", "all"])
def test_share_over_the_edges_of_the_data_equals_sql(
    history: duckdb.DuckDBPyConnection, group: str
) -> None:
    # ranges that start before the first month with data or end after the last one, and the
    # same months again (the second time sliced from the kept history)
    for first, last in [("1988-06", "1991-02"), ("2025-03", "2026-01"), ("1989-12", "2026-03")] * 2:
        params = Params(group=group, from_month=parse_month(first), to_month=parse_month(last))
        checked = validate(history, params)
        from_cube = share.share_table(history, checked).rows
        assert from_cube == sql_share_table(history, checked).rows
        assert from_cube[0][2] is None or from_cube[-1][2] is None  # months without data
        assert any(r[2] is not None for r in from_cube)


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_linguistic_gap_from_aggregates_equals_sql(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    reference = linguistic_gap.sql_compute(history, params)
    result = compute(history, "linguistic-gap", params)
    assert result.table.rows == reference.table.rows
    assert result.extras["hosted"].rows == reference.extras["hosted"].rows


@pytest.mark.parametrize("mission", ["MINUSMA", "MONUSCO", "UNIFIL"])
def test_linguistic_gap_kept_by_month_equals_sql_for_one_mission(
    history: duckdb.DuckDBPyConnection, mission: str
) -> None:
    # overlapping ranges, asked in turn: each after the first reuses months kept by the others
    for first, last in [("2012-01", "2016-12"), ("2015-06", "2019-02"), ("2011-01", "2025-07")]:
        params = Params(
            group="oif", mission=mission, from_month=parse_month(first), to_month=parse_month(last)
        )
        reference = linguistic_gap.sql_compute(history, params)
        result = compute(history, "linguistic-gap", params)
        assert result.table.rows == reference.table.rows
        assert result.extras["hosted"].rows == reference.extras["hosted"].rows
        assert {row[1] for row in result.table.rows} <= {mission}


def test_linguistic_gap_kept_months_are_not_shared_with_a_kinds_restriction(
    history: duckdb.DuckDBPyConnection,
) -> None:
    everything = Params(group="oif", from_month=parse_month("2005-01"))
    restricted = [replace(everything, kinds=kinds) for kinds in (("pko",), ("spm",))]
    with aggregates.using(aggregates.build(history)):  # a new cube: the kinds asked first
        alone = [compute(history, "linguistic-gap", params) for params in restricted]
    with aggregates.using(aggregates.build(history)):
        whole = compute(history, "linguistic-gap", everything)  # its months kept first
        after = [compute(history, "linguistic-gap", params) for params in restricted]
    for first, then in zip(alone, after, strict=True):
        assert then.table.rows == first.table.rows
        assert then.extras["hosted"].rows == first.extras["hosted"].rows
        assert then.table.rows != whole.table.rows


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_contributors_from_aggregates_equal_sql(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    checked = validate(history, params)
    if params.from_month is None:
        checked = checked.with_months(checked.to_month, checked.to_month)
    ranking, extras = contributors.sql_tables(history, checked)
    result = compute(history, "contributors", params)
    assert result.table.rows == ranking.rows
    # countries are named in both languages (the edge picks one), never in one of them
    names = [r[3] for r in result.table.rows]
    assert all(name is None or isinstance(name, Name) for name in names)
    assert not names or any(isinstance(name, Name) for name in names)
    for name, table in extras.items():
        # the SQL leaves ties in any order; the aggregates order them by code
        assert sorted(result.extras[name].rows, key=str) == sorted(table.rows, key=str)


def test_the_cube_is_built_once_per_data_version(history: duckdb.DuckDBPyConnection) -> None:
    aggregates.clear()
    first = aggregates.for_connection(history)
    assert aggregates.for_connection(history) is first
    assert first.months[0] == dt.date(1990, 11, 30) and first.months[-1] == dt.date(2025, 7, 31)
    # the months without a mission split are no mission-level data
    assert dt.date(1995, 1, 31) in first.month_set
    assert first.mission_months < first.month_set


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_gender_from_aggregates_equals_sql(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    checked = validate(history, params)
    result = compute(history, "gender", params)
    # either way, the month x category cells whose split is not believable lose their share
    cells = gender.unbelievable(history, aggregates.for_connection(history))
    expected = gender.without_unbelievable(sql_gender_table(history, checked).rows, cells)
    assert result.table.rows == expected
    flagged = implausible_figures(history, checked.from_month, checked.to_month, kind="sex")
    assert result.extras.get("flagged_figures", Table(flagged.columns, [])).rows == flagged.rows


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_alerts_from_aggregates_equal_sql(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    checked = validate(history, params)
    assert alerts.cube_alerts(history, checked).rows == alerts.sql_table(history, checked).rows


@pytest.mark.parametrize("params", CASES, ids=repr)
def test_alerts_kept_by_month_equal_the_range_alone(
    history: duckdb.DuckDBPyConnection, params: Params
) -> None:
    """The answer from the alerts kept by month (per version; other ranges of the same group
    filled them before) is the range's own answer, computed over the range alone."""
    checked = validate(history, params)
    alone = alerts.alert_rows(history, checked, alerts.cube_alerts(history, checked))
    result = compute(history, "alerts", params)
    assert result.table.rows == alone
    # a threshold of zero or less is computed over the range alone
    low = replace(checked, min_change=0)
    assert compute(history, "alerts", low).table.rows == (
        alerts.alert_rows(history, low, alerts.cube_alerts(history, low))
    )
