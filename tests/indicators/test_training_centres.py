"""``training-centres`` on a hand-computed fixture, and spot checks of the shipped registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.indicators import INDICATORS, Params, parse_month, run
from pkobs.store import open_database
from tests.conftest import fresh_database

D = dt.date
# A test group: SEN a member from 15 February 2014, CAN an observer; GHA not in it.
MEMBERSHIP = [
    ("tst", "SEN", "SEN", "member", D(2014, 2, 15)),
    ("tst", "CAN", "CAN", "observer", D(2000, 1, 1)),
]
# name_fr, name_en, country, languages, francophone
CENTRES = [
    ("Centre un", "Centre one", "SEN", "fr", True),
    ("Centre deux", "Centre two", "SEN", "en;pt", False),
    ("Centre trois", "Centre three", "GHA", "en", False),
    ("Centre quatre", "Centre four", "CAN", "fr;en", True),
]


@pytest.fixture
def con(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "fixture.duckdb"))
    connection.execute("INSERT INTO ref_groups VALUES ('tst', 'Test', 'Test', 'test fixture')")
    for group, member, iso3, status, start in MEMBERSHIP:
        connection.execute(
            "INSERT INTO ref_group_membership VALUES (?, ?, ?, ?, ?, NULL, TRUE, NULL, NULL, "
            "NULL, 'test fixture')",
            [group, member, iso3, status, start],
        )
    connection.execute("DELETE FROM ref_training_centres")
    for name_fr, name_en, iso3, languages, francophone in CENTRES:
        connection.execute(
            "INSERT INTO ref_training_centres VALUES (?, ?, NULL, ?, 'City', 2001, ?, "
            "'military', ?, NULL, NULL, 'test')",
            [name_fr, name_en, iso3, languages, francophone],
        )
    yield connection
    connection.close()


@pytest.fixture
def shipped(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "shipped.duckdb"))
    yield connection
    connection.close()


def test_registered() -> None:
    assert "training-centres" in INDICATORS


def test_by_country_before_senegal_joined(con: duckdb.DuckDBPyConnection) -> None:
    p = Params(group="tst", to_month=parse_month("2014-01"), lang="en")
    table = run(con, "training-centres", p).table
    assert table.columns == [
        "country_iso3",
        "country",
        "centres",
        "francophone_centres",
        "languages",
        "is_member",
    ]
    assert table.rows == [
        ("CAN", "Canada", 1, 1, "en;fr", False),  # an observer: not counted by default
        ("GHA", "Ghana", 1, 0, "en", False),
        ("SEN", "Senegal", 2, 1, "en;fr;pt", False),
    ]


def test_by_country_after_senegal_joined_with_observers(con: duckdb.DuckDBPyConnection) -> None:
    p = Params(
        group="tst",
        statuses=("member", "associate", "observer"),
        to_month=parse_month("2014-02"),
        lang="fr",
    )
    table = run(con, "training-centres", p).table
    assert table.rows == [
        ("CAN", "Canada", 1, 1, "en;fr", True),
        ("GHA", "Ghana", 1, 0, "en", False),
        ("SEN", "Sénégal", 2, 1, "en;fr;pt", True),
    ]


def test_centres_list_in_each_language(con: duckdb.DuckDBPyConnection) -> None:
    p = Params(group="tst", to_month=parse_month("2014-03"))
    french = run(con, "training-centres", p).extras["centres"].records()
    english = run(con, "training-centres", Params(group="tst", lang="en")).extras["centres"]
    assert [r["name"] for r in french] == [
        "Centre quatre",
        "Centre trois",
        "Centre deux",
        "Centre un",
    ]
    assert [r["name"] for r in english.records()] == [
        "Centre four",
        "Centre three",
        "Centre one",
        "Centre two",
    ]
    assert {r["name"]: r["is_member"] for r in french}["Centre un"] is True


def test_meta(con: duckdb.DuckDBPyConnection) -> None:
    meta = run(con, "training-centres", Params(group="tst")).meta.as_dict()
    assert "francophones" in meta["definition"]["fr"]
    assert "francophone" in meta["definition"]["en"]
    assert meta["sources"][0]["path"] == "refdata/data/registries/training_centres.csv"


# Spot checks of well-known facts in the shipped registry.


def test_bamako_school(shipped: duckdb.DuckDBPyConnection) -> None:
    rows = shipped.execute(
        "SELECT country_iso3, city, francophone FROM training_centres WHERE acronym = 'EMP-ABB'"
    ).fetchall()
    assert rows == [("MLI", "Bamako", True)]


def test_kaiptc_in_ghana(shipped: duckdb.DuckDBPyConnection) -> None:
    rows = shipped.execute(
        "SELECT country_iso3, city FROM training_centres WHERE acronym = 'KAIPTC'"
    ).fetchall()
    assert rows == [("GHA", "Accra")]


def test_shipped_francophone_capacity(shipped: duckdb.DuckDBPyConnection) -> None:
    result = run(shipped, "training-centres", Params(group="oif", lang="fr"))
    by_country = {r[0]: r for r in result.table.rows}
    assert by_country["MLI"][3] >= 1  # the Bamako school is francophone
    assert by_country["CMR"][3] >= 1  # EIFORCES
    assert by_country["FRA"][5] is True  # France is an OIF member
    countries = [r[1] for r in result.table.rows]
    assert countries.index("Bénin") < countries.index("Brésil")  # accents do not sort last
    assert countries.index("Égypte") < countries.index("France")
    total = shipped.execute("SELECT count(*) FROM training_centres").fetchone()
    assert total is not None
    assert sum(r[2] for r in result.table.rows) == total[0]
