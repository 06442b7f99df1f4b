"""A group's alerts taken from every contributor's (group ``all``) equal the group's own.

On the shipped real history (November 1990 - July 2025: members joining and leaving the OIF
and the AU, months without data, probable source gaps), every group of the registry and
every status set, once every contributor's alerts of the whole history are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pkobs.indicators import Params, alerts, compute, parse_month
from pkobs.indicators.base import validate
from pkobs.store import aggregates

STATUS_SETS = [
    ("member",),
    ("associate",),
    ("observer",),
    ("member", "associate"),
    ("member", "observer"),
    ("member", "associate", "observer"),
]

THRESHOLDS = [(100, 0.2), (1, 0.0)]  # the default; every change of at least one person


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    aggregates.clear()
    for change, relative in THRESHOLDS:  # every contributor, every month
        compute(connection, "alerts", Params(group="all", min_change=change, min_relative=relative))
    yield connection
    aggregates.clear()
    connection.close()


def own_rows(con: duckdb.DuckDBPyConnection, params: Params) -> list[tuple[Any, ...]]:
    """The group's alerts computed for the group alone, over the range alone."""
    checked = validate(con, params)
    return alerts.alert_rows(con, checked, alerts.cube_alerts(con, checked))


@pytest.mark.parametrize("group", ["oif", "au", "eu"])
@pytest.mark.parametrize("statuses", STATUS_SETS, ids=",".join)
@pytest.mark.parametrize("thresholds", THRESHOLDS, ids=str)
def test_a_groups_alerts_from_everyones_equal_its_own(
    history: duckdb.DuckDBPyConnection,
    group: str,
    statuses: tuple[str, ...],
    thresholds: tuple[int, float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    change, relative = thresholds
    params = Params(group=group, statuses=statuses, min_change=change, min_relative=relative)
    expected = own_rows(history, params)
    computed: list[Params] = []
    cube_alerts = alerts.cube_alerts

    def counted(con: Any, run: Params) -> Any:
        computed.append(run)
        return cube_alerts(con, run)

    monkeypatch.setattr(alerts, "cube_alerts", counted)
    rows = compute(history, "alerts", params).table.rows
    assert computed == []  # taken from every contributor's, not computed again
    assert rows == expected
    assert any(row[1] == "mission" for row in rows)  # the same in every group


def test_members_that_join_or_leave_are_compared_as_in_the_group(
    history: duckdb.DuckDBPyConnection,
) -> None:
    """Members of the group in only one of two months: compared with nobody in the other."""
    cube = aggregates.for_connection(history)
    members = cube.members(history, "oif", ("member",))
    months = sorted(members)
    moved = [
        (before, month) for before, month in pairwise(months) if members[before] ^ members[month]
    ]
    assert moved  # the OIF's members changed over the history
    for _, month in moved:
        params = Params(group="oif", statuses=("member",), from_month=month, to_month=month)
        rows = compute(history, "alerts", params).table.rows
        assert rows == own_rows(history, params)


def test_a_range_of_a_group_is_the_months_of_its_history(
    history: duckdb.DuckDBPyConnection,
) -> None:
    first, last = parse_month("2013-02"), parse_month("2014-02")
    params = Params(group="oif", from_month=first, to_month=last)
    rows = compute(history, "alerts", params).table.rows
    assert rows == own_rows(history, params)
    assert {row[0] for row in rows} <= {m for m in aggregates.for_connection(history).months}
    assert min(row[0] for row in rows) >= first and max(row[0] for row in rows) <= last
