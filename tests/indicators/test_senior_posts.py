"""``senior-posts`` on hand-computed fixtures, and spot checks of the shipped registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.errors import QueryError
from pkobs.indicators import INDICATORS, IndicatorResult, Params, compute, parse_month
from pkobs.indicators.base import month_end
from pkobs.render import results
from pkobs.settings import Language
from pkobs.store import open_database
from tests.conftest import fresh_database


def run_in(
    con: duckdb.DuckDBPyConnection, name: str, p: Params, lang: Language = "en"
) -> IndicatorResult:
    """The indicator's language-free result, rendered in ``lang`` as an edge renders it."""
    return results.rendered(compute(con, name, p), lang)


D = dt.date
# A test group: FRA a member throughout, SEN a member from 15 February 2014, CAN an observer.
MEMBERSHIP = [
    ("tst", "FRA", "FRA", "member", D(2000, 1, 1), None),
    ("tst", "SEN", "SEN", "member", D(2014, 2, 15), None),
    ("tst", "CAN", "CAN", "observer", D(2000, 1, 1), None),
]
# mission, post, person, nationality, start, end, acting
POSTS = [
    ("MONUSCO", "head_of_mission", "A", "DEU", D(2013, 8, 1), D(2014, 1, 20), False),
    ("MONUSCO", "head_of_mission", "B", "FRA", D(2014, 1, 21), None, False),
    ("MONUSCO", "force_commander", "C", "SEN", D(2013, 1, 1), D(2014, 3, 31), False),
    ("MONUSCO", "force_commander", "D", "CAN", D(2014, 2, 1), D(2014, 2, 28), True),
    ("MINUSMA", "police_commissioner", "E", "CAN", D(2014, 1, 1), None, True),
    ("MINUSMA", "deputy_head_of_mission", "F", "FRA", D(2014, 1, 1), None, False),
    ("MINUSMA", "head_of_mission", "G", "FRA", D(2014, 4, 1), None, False),
]


def install_fixture(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("INSERT INTO ref_groups VALUES ('tst', 'Test', 'Test', 'test fixture')")
    for group, member, iso3, status, start, end in MEMBERSHIP:
        con.execute(
            "INSERT INTO ref_group_membership VALUES (?, ?, ?, ?, ?, ?, TRUE, NULL, NULL, NULL, "
            "'test fixture')",
            [group, member, iso3, status, start, end],
        )
    con.execute("DELETE FROM ref_senior_posts")
    for mission, post, person, iso3, start, end, acting in POSTS:
        con.execute(
            "INSERT INTO ref_senior_posts VALUES (?, ?, ?, ?, ?, ?, ?, FALSE, NULL, 'test')",
            [mission, post, person, iso3, start, end, acting],
        )


@pytest.fixture
def shipped(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "shipped.duckdb"))
    yield connection
    connection.close()


@pytest.fixture
def fixture_con(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "fixture.duckdb"))
    install_fixture(connection)
    yield connection
    connection.close()


def params(**changes: object) -> Params:
    base: dict[str, object] = {
        "group": "tst",
        "from_month": parse_month("2014-01"),
        "to_month": parse_month("2014-04"),
    }
    base.update(changes)
    return Params(**base)  # type: ignore[arg-type]


def rows(con: duckdb.DuckDBPyConnection, p: Params) -> dict[tuple[str, str], tuple[int, int]]:
    result = run_in(con, "senior-posts", p)
    assert result.table.columns == [
        "month",
        "post",
        "posts_filled",
        "posts_held_by_group",
        "share",
        "posts_expected",
        "completeness",
    ]
    return {(f"{r[0]:%Y-%m}", r[1]): (r[2], r[3]) for r in result.table.rows}


def test_registered() -> None:
    assert "senior-posts" in INDICATORS


def test_counts_by_month_and_post(fixture_con: duckdb.DuckDBPyConnection) -> None:
    got = rows(fixture_con, params())
    assert got == {
        # January: A left on the 20th, B (FRA) holds; C (SEN) not yet a member; E acting, alone.
        ("2014-01", "all"): (3, 1),
        ("2014-01", "head_of_mission"): (1, 1),
        ("2014-01", "force_commander"): (1, 0),
        ("2014-01", "police_commissioner"): (1, 0),
        # February: SEN joined on the 15th; D (acting) overlaps C, the post counts once, with C.
        ("2014-02", "all"): (3, 2),
        ("2014-02", "head_of_mission"): (1, 1),
        ("2014-02", "force_commander"): (1, 1),
        ("2014-02", "police_commissioner"): (1, 0),
        # March: C still in post on the 31st.
        ("2014-03", "all"): (3, 2),
        ("2014-03", "head_of_mission"): (1, 1),
        ("2014-03", "force_commander"): (1, 1),
        ("2014-03", "police_commissioner"): (1, 0),
        # April: G (FRA) heads MINUSMA too; no force commander at all; deputies never count.
        ("2014-04", "all"): (3, 2),
        ("2014-04", "head_of_mission"): (2, 2),
        ("2014-04", "force_commander"): (0, 0),
        ("2014-04", "police_commissioner"): (1, 0),
    }


def test_shares(fixture_con: duckdb.DuckDBPyConnection) -> None:
    table = run_in(fixture_con, "senior-posts", params()).table
    shares = {(f"{r[0]:%Y-%m}", r[1]): r[4] for r in table.rows}
    assert shares[("2014-01", "all")] == pytest.approx(1 / 3)
    assert shares[("2014-02", "all")] == pytest.approx(2 / 3)
    assert shares[("2014-04", "head_of_mission")] == 1.0
    assert shares[("2014-01", "police_commissioner")] == 0.0
    assert shares[("2014-04", "force_commander")] is None  # no post filled: no share


def test_posts_expected_and_completeness(fixture_con: duckdb.DuckDBPyConnection) -> None:
    table = run_in(fixture_con, "senior-posts", params()).table
    got = {(f"{r[0]:%Y-%m}", r[1]): (r[5], r[6]) for r in table.rows}
    # Expected: both posts the registry names for MONUSCO (head, force commander), MINUSMA's
    # police commissioner, and MINUSMA's head (every mission named has a head); MINUSMA's head
    # is unknown until G in April, MONUSCO's force commander unknown in April.
    assert got[("2014-01", "all")] == (4, pytest.approx(3 / 4))
    assert got[("2014-01", "head_of_mission")] == (2, pytest.approx(1 / 2))
    assert got[("2014-04", "head_of_mission")] == (2, 1.0)
    assert got[("2014-04", "force_commander")] == (1, 0.0)


def test_coverage_gives_n_and_completeness(fixture_con: duckdb.DuckDBPyConnection) -> None:
    coverage = run_in(fixture_con, "senior-posts", params()).extras["coverage"]
    by_post = {r["post"]: r for r in coverage.records()}
    # Over four months: 16 post × months expected, 12 with a known holder (the n), 7 of them
    # held by the group.
    assert by_post["all"]["post_months_expected"] == 16
    assert by_post["all"]["post_months_known"] == 12
    assert by_post["all"]["post_months_held_by_group"] == 7
    assert by_post["all"]["completeness"] == pytest.approx(12 / 16)
    assert by_post["all"]["share"] == pytest.approx(7 / 12)


def test_outside_the_registry_coverage_is_no_data(fixture_con: duckdb.DuckDBPyConnection) -> None:
    p = params(from_month=parse_month("2008-11"), to_month=parse_month("2009-01"))
    table = run_in(fixture_con, "senior-posts", p).table
    got = {(f"{r[0]:%Y-%m}", r[1]): r[2:] for r in table.rows}
    assert got[("2008-12", "all")] == (None, None, None, None, None)  # before 2009: no data
    assert got[("2009-01", "all")] == (0, 0, None, 0, None)  # covered: nobody known, zero
    later = params(from_month=parse_month("2026-01"), to_month=parse_month("2026-02"))
    assert {r[2] for r in run_in(fixture_con, "senior-posts", later).table.rows} == {None}


def test_observers_count_when_asked(fixture_con: duckdb.DuckDBPyConnection) -> None:
    got = rows(fixture_con, params(statuses=("member", "associate", "observer")))
    assert got[("2014-01", "police_commissioner")] == (1, 1)
    assert got[("2014-01", "all")] == (3, 2)


def test_one_mission(fixture_con: duckdb.DuckDBPyConnection) -> None:
    got = rows(fixture_con, params(mission="MINUSMA"))
    assert got[("2014-03", "all")] == (1, 0)
    assert got[("2014-04", "all")] == (2, 1)
    assert got[("2014-04", "head_of_mission")] == (1, 1)


def test_all_contributors_hold_every_post(fixture_con: duckdb.DuckDBPyConnection) -> None:
    got = rows(fixture_con, params(group="all"))
    assert got[("2014-04", "all")] == (3, 3)


def test_current_holders(fixture_con: duckdb.DuckDBPyConnection) -> None:
    result = run_in(fixture_con, "senior-posts", params())
    current = result.extras["current"]
    assert [(r["mission"], r["post"], r["person"]) for r in current.records()] == [
        ("MINUSMA", "head_of_mission", "G"),
        ("MINUSMA", "police_commissioner", "E"),
        ("MONUSCO", "head_of_mission", "B"),
    ]
    by_person = {r["person"]: r for r in current.records()}
    assert by_person["B"]["nationality"] == "France"
    assert by_person["B"]["is_member"] is True
    assert by_person["E"]["is_member"] is False
    assert by_person["E"]["acting"] is True
    french = run_in(fixture_con, "senior-posts", params(), "fr").extras["current"].records()
    assert {r["person"]: r["nationality"] for r in french}["E"] == "Canada"


def test_default_range_without_contribution_data(fixture_con: duckdb.DuckDBPyConnection) -> None:
    table = run_in(fixture_con, "senior-posts", Params(group="tst")).table
    assert table.rows[0][0] == D(2013, 1, 31)  # first start in the registry
    assert table.rows[-1][0] == month_end(dt.date.today())


def test_meta_is_bilingual(fixture_con: duckdb.DuckDBPyConnection) -> None:
    meta = results.meta_dict(run_in(fixture_con, "senior-posts", params()).meta)
    assert meta["title"]["fr"] and meta["title"]["en"]
    assert "intérimaire" in meta["definition"]["fr"]
    assert "acting" in meta["definition"]["en"]
    assert meta["sources"][0]["path"] == "refdata/data/registries/senior_posts.csv"
    assert meta["parameters"]["from"] == "2014-01"


def test_unknown_group(fixture_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(QueryError, match="unknown group 'nope'"):
        run_in(fixture_con, "senior-posts", params(group="nope"))


def test_unknown_mission(fixture_con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(QueryError, match="unknown mission 'MINUFOO'"):
        run_in(fixture_con, "senior-posts", params(mission="MINUFOO"))


# Spot checks of well-known facts in the shipped registry.


def holder(
    con: duckdb.DuckDBPyConnection, mission: str, post: str, day: dt.date
) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in con.execute(
            """SELECT person, nationality_iso3 FROM senior_posts
               WHERE mission = ? AND post = ? AND NOT acting AND start_date <= ?
                 AND coalesce(end_date, DATE '9999-12-31') >= ?""",
            [mission, post, day, day],
        ).fetchall()
    ]


def test_kobler_headed_monusco_in_2014(shipped: duckdb.DuckDBPyConnection) -> None:
    assert holder(shipped, "MONUSCO", "head_of_mission", D(2014, 6, 30)) == [
        ("Martin Kobler", "DEU")
    ]


def test_koenders_was_minusma_first_head(shipped: duckdb.DuckDBPyConnection) -> None:
    first = shipped.execute(
        """SELECT person, nationality_iso3, start_date FROM senior_posts
           WHERE mission = 'MINUSMA' AND post = 'head_of_mission' ORDER BY start_date LIMIT 1"""
    ).fetchall()
    assert first == [("Bert Koenders", "NLD", D(2013, 7, 1))]


def test_indicator_on_shipped_monusco(shipped: duckdb.DuckDBPyConnection) -> None:
    got = rows(shipped, params(group="oif", mission="MONUSCO", to_month=parse_month("2014-06")))
    # Kobler (Germany, not in the OIF) headed MONUSCO throughout the first half of 2014.
    assert got[("2014-06", "head_of_mission")] == (1, 0)


def test_minustah_police_commissioner_known_in_2011(shipped: duckdb.DuckDBPyConnection) -> None:
    assert len(holder(shipped, "MINUSTAH", "police_commissioner", D(2011, 6, 30))) == 1


def test_shipped_registry_completeness(shipped: duckdb.DuckDBPyConnection) -> None:
    coverage = run_in(
        shipped,
        "senior-posts",
        Params(from_month=parse_month("2009-01"), to_month=parse_month("2025-07"), group="oif"),
    )
    by_post = {r["post"]: r for r in coverage.extras["coverage"].records()}
    assert by_post["all"]["completeness"] > 0.9
    assert by_post["head_of_mission"]["completeness"] > 0.95
    assert by_post["all"]["post_months_known"] < by_post["all"]["post_months_expected"]


def test_every_shipped_row_has_a_source(shipped: duckdb.DuckDBPyConnection) -> None:
    missing = shipped.execute(
        "SELECT count(*) FROM senior_posts WHERE source IS NULL OR trim(source) = ''"
    ).fetchone()
    assert missing == (0,)


def test_current_holders_carry_both_names(fixture_con: duckdb.DuckDBPyConnection) -> None:
    current = run_in(fixture_con, "senior-posts", params()).extras["current"].records()
    france = next(r for r in current if r["nationality_iso3"] == "FRA")
    assert (france["nationality_fr"], france["nationality_en"]) == ("France", "France")
    canada = next(r for r in current if r["nationality_iso3"] == "CAN")
    assert canada["nationality_fr"] == canada["nationality_en"] == "Canada"
