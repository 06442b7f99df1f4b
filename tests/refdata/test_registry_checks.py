"""What the senior posts registry knows: gaps per mission × post, completeness, coverage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.store import open_database
from pkobs.store.registry_checks import (
    clipped,
    post_month_cells,
    registry_completeness,
    registry_gaps,
)
from tests.conftest import fresh_database

D = dt.date
# mission, post, person, nationality, start, end, acting
POSTS = [
    ("MINUSMA", "head_of_mission", "A", "NLD", D(2013, 7, 1), D(2014, 12, 31), False),
    ("MINUSMA", "head_of_mission", "B", "TCD", D(2015, 3, 1), None, False),
    ("MINUSMA", "police_commissioner", "C", "SEN", D(2014, 2, 10), D(2014, 5, 15), False),
]


@pytest.fixture
def fixture_con(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "gaps.duckdb"))
    connection.execute("DELETE FROM ref_senior_posts")
    for mission, post, person, iso3, start, end, acting in POSTS:
        connection.execute(
            "INSERT INTO ref_senior_posts VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, NULL, 'test')",
            [mission, post, person, iso3, start, end, acting],
        )
    yield connection
    connection.close()


@pytest.fixture
def shipped(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "shipped.duckdb"))
    yield connection
    connection.close()


def test_gaps_are_runs_of_months(fixture_con: duckdb.DuckDBPyConnection) -> None:
    gaps = registry_gaps(fixture_con).rows
    # MINUSMA began on 25 April 2013 and ended on 31 December 2023 (a month-end, so December
    # counts): its head is unknown from
    # April to June 2013 and in January-February 2015; its police commissioner is known on the
    # last day of February, March and April 2014 only.
    assert gaps == [
        ("MINUSMA", "head_of_mission", D(2013, 4, 30), D(2013, 6, 30), 3),
        ("MINUSMA", "head_of_mission", D(2015, 1, 31), D(2015, 2, 28), 2),
        ("MINUSMA", "police_commissioner", D(2013, 4, 30), D(2014, 1, 31), 10),
        ("MINUSMA", "police_commissioner", D(2014, 5, 31), D(2023, 12, 31), 116),
    ]


def test_completeness_counts_post_months(fixture_con: duckdb.DuckDBPyConnection) -> None:
    table = registry_completeness(fixture_con, D(2014, 1, 1), D(2014, 12, 31))
    got = {r[0]: r[1:] for r in table.rows}
    assert got["head_of_mission"] == (12, 12, 1.0)
    assert got["police_commissioner"] == (12, 3, pytest.approx(3 / 12))
    assert got["force_commander"] == (0, 0, None)  # the registry names no force commander
    assert got["all"] == (24, 15, pytest.approx(15 / 24))


def test_no_cells_outside_the_coverage(fixture_con: duckdb.DuckDBPyConnection) -> None:
    assert clipped(D(2005, 1, 1), D(2008, 12, 31)) is None
    assert clipped(D(2008, 6, 1), D(2009, 3, 31)) == (D(2009, 1, 1), D(2009, 3, 1))
    assert post_month_cells(fixture_con, D(2030, 1, 1), D(2030, 6, 30)).rows == []


def test_cells_name_the_holder(fixture_con: duckdb.DuckDBPyConnection) -> None:
    cells = post_month_cells(fixture_con, D(2014, 3, 1), D(2014, 3, 31), mission="MINUSMA")
    assert [(r[2], r[3], r[4]) for r in cells.rows] == [
        ("head_of_mission", "A", "NLD"),
        ("police_commissioner", "C", "SEN"),
    ]


def test_shipped_registry_gaps(shipped: duckdb.DuckDBPyConnection) -> None:
    gaps = {(r[0], r[1], r[2], r[3]) for r in registry_gaps(shipped).rows}
    # Not yet known: UNMIL's police commissioners between Sawang (2009-2012) and Blatchly (2016).
    assert ("UNMIL", "police_commissioner", D(2013, 1, 31), D(2016, 9, 30)) in gaps
    # Known since the gaps were filled: MINUSTAH's police commissioner in 2011.
    assert not any(
        g[0] == "MINUSTAH" and g[1] == "police_commissioner" and g[2] <= D(2011, 6, 30) <= g[3]
        for g in gaps
    )


def test_gaps_and_completeness_agree_on_the_shipped_registry(
    shipped: duckdb.DuckDBPyConnection,
) -> None:
    unknown = sum(r[4] for r in registry_gaps(shipped).rows)
    total = {r[0]: r for r in registry_completeness(shipped).rows}["all"]
    assert unknown == total[1] - total[2] > 0
    assert total[3] == pytest.approx(total[2] / total[1])
