"""``contributors`` keeps each month's ranking per group and status set (per data version): a
range built from months other ranges ranked before is the SQL's ranking of that range."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.indicators import Params, compute, contributors, parse_month
from pkobs.indicators.base import validate

# overlapping ranges, asked in this order: each after the first reuses months of the others
RANGES = [
    ("2010-01", "2012-12"),
    ("2011-06", "2014-06"),
    ("2009-01", "2015-12"),
    ("2012-02", "2012-02"),
]


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("group", "statuses"),
    [
        ("oif", ("member",)),
        ("oif", ("member", "associate", "observer")),
        ("all", ("observer",)),
        ("all", ("member", "associate")),
    ],
)
def test_rankings_kept_by_month_equal_the_sql(
    history: duckdb.DuckDBPyConnection, group: str, statuses: tuple[str, ...]
) -> None:
    for first, last in RANGES:
        params = Params(
            group=group,
            statuses=statuses,
            from_month=parse_month(first),
            to_month=parse_month(last),
        )
        ranking, _ = contributors.sql_tables(history, validate(history, params))
        rows = compute(history, "contributors", params).table.rows
        assert rows == ranking.rows
        assert len({r[0] for r in rows}) > 1 or first == last


def test_the_group_all_is_every_contributor_whatever_the_statuses(
    history: duckdb.DuckDBPyConnection,
) -> None:
    answers = [
        compute(
            history,
            "contributors",
            Params(
                group="all",
                statuses=statuses,
                from_month=parse_month("2013-01"),
                to_month=parse_month("2013-12"),
            ),
        ).table.rows
        for statuses in (("member",), ("observer",), ("member", "associate", "observer"))
    ]
    assert answers[0] == answers[1] == answers[2] and len(answers[0]) > 1000
    oif = compute(
        history,
        "contributors",
        Params(
            group="oif",
            statuses=("observer",),
            from_month=parse_month("2013-01"),
            to_month=parse_month("2013-12"),
        ),
    ).table.rows
    assert 0 < len(oif) < len(answers[0])
