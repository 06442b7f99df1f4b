"""``training-centres`` on a hand-computed fixture, and spot checks of the shipped registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.indicators import INDICATORS, IndicatorResult, Params, compute, parse_month
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
        _insert_centre(connection, name_fr, name_en, iso3, languages, francophone, "2001")
    yield connection
    connection.close()


def _insert_centre(
    connection: duckdb.DuckDBPyConnection,
    name_fr: str,
    name_en: str,
    iso3: str,
    languages: str,
    francophone: bool,
    founded: str | None,
    closed: str | None = None,
    first_evidence: str | None = None,
) -> None:
    connection.execute(
        "INSERT INTO ref_training_centres (name_fr, name_en, country_iso3, city, founded, "
        "closed, first_evidence, first_evidence_source, languages, focus, francophone, source) "
        "VALUES (?, ?, ?, 'City', ?, ?, ?, ?, ?, 'military', ?, 'test')",
        [
            name_fr,
            name_en,
            iso3,
            founded,
            closed,
            first_evidence,
            "test evidence" if first_evidence else None,
            languages,
            francophone,
        ],
    )


@pytest.fixture
def dated(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The fixture plus a Ghanaian centre open from May 2012 to September 2013, and a Canadian
    one with no known founding date, first seen in March 2014."""
    _insert_centre(con, "Centre fermé", "Closed centre", "GHA", "en", False, "2012-05", "2013-09")
    _insert_centre(con, "Centre vu", "Seen centre", "CAN", "fr", True, None, None, "2014-03")
    return con


def _centres(con: duckdb.DuckDBPyConnection, month: str) -> dict[str, int]:
    table = run_in(con, "training-centres", Params(to_month=parse_month(month))).table
    return {str(row[0]): int(row[2]) for row in table.rows}


def test_a_centre_counts_only_between_founding_and_closing(
    dated: duckdb.DuckDBPyConnection,
) -> None:
    assert _centres(dated, "2012-04")["GHA"] == 1  # before its founding month
    assert _centres(dated, "2012-05")["GHA"] == 2  # its founding month counts
    assert _centres(dated, "2013-09")["GHA"] == 2  # so does its closing month
    assert _centres(dated, "2013-10")["GHA"] == 1


def test_a_centre_without_founding_date_counts_from_its_first_evidence(
    dated: duckdb.DuckDBPyConnection,
) -> None:
    assert _centres(dated, "2014-02")["CAN"] == 1
    assert _centres(dated, "2014-03")["CAN"] == 2
    listed = run_in(dated, "training-centres", Params(to_month=parse_month("2014-03")))
    seen = [r for r in listed.extras["centres"].records() if r["name"] == "Seen centre"]
    assert [(r["founded"], r["founded_on"], r["first_evidence"]) for r in seen] == [
        (None, None, "2014-03")
    ]


def test_a_year_covers_the_whole_year(con: duckdb.DuckDBPyConnection) -> None:
    assert "SEN" not in _centres(con, "2000-12")
    assert _centres(con, "2001-01")["SEN"] == 2  # founded "2001": open from 1 January


@pytest.fixture
def shipped(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "shipped.duckdb"))
    yield connection
    connection.close()


def test_registered() -> None:
    assert "training-centres" in INDICATORS


def test_by_country_before_senegal_joined(con: duckdb.DuckDBPyConnection) -> None:
    p = Params(group="tst", to_month=parse_month("2014-01"))
    table = run_in(con, "training-centres", p).table
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
    )
    table = run_in(con, "training-centres", p, "fr").table
    assert table.rows == [
        ("CAN", "Canada", 1, 1, "en;fr", True),
        ("GHA", "Ghana", 1, 0, "en", False),
        ("SEN", "Sénégal", 2, 1, "en;fr;pt", True),
    ]


def test_centres_list_in_each_language(con: duckdb.DuckDBPyConnection) -> None:
    p = Params(group="tst", to_month=parse_month("2014-03"))
    french = run_in(con, "training-centres", p, "fr").extras["centres"].records()
    english = run_in(con, "training-centres", Params(group="tst")).extras["centres"]
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
    meta = results.meta_dict(run_in(con, "training-centres", Params(group="tst")).meta)
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
    result = run_in(shipped, "training-centres", Params(group="oif"), "fr")
    by_country = {r[0]: r for r in result.table.rows}
    assert by_country["MLI"][3] >= 1  # the Bamako school is francophone
    assert by_country["CMR"][3] >= 1  # EIFORCES
    assert by_country["FRA"][5] is True  # France is an OIF member
    countries = [r[1] for r in result.table.rows]
    assert countries.index("Bénin") < countries.index("Brésil")  # accents do not sort last
    assert countries.index("Égypte") < countries.index("France")
    total = shipped.execute(
        "SELECT count(*) FROM training_centres WHERE active_to IS NULL"
    ).fetchone()
    assert total is not None
    assert sum(r[2] for r in result.table.rows) == total[0]


def _shipped_names(shipped: duckdb.DuckDBPyConnection, month: str) -> set[str]:
    params = Params(to_month=parse_month(month))
    return {
        str(r["name"])
        for r in run_in(shipped, "training-centres", params).extras["centres"].records()
    }


def test_pearson_centre_counted_until_2013_only(shipped: duckdb.DuckDBPyConnection) -> None:
    assert "Pearson Peacekeeping Centre" in _shipped_names(shipped, "2013-06")
    assert "Pearson Peacekeeping Centre" not in _shipped_names(shipped, "2014-02")
    assert "Pearson Peacekeeping Centre" not in _shipped_names(shipped, "1993-12")


def test_shipped_centres_without_founding_date_wait_for_evidence(
    shipped: duckdb.DuckDBPyConnection,
) -> None:
    # Ouallam (Niger) has no known founding date; first evidence: August 2019.
    assert "Ouallam Peacekeeping Training Centre" not in _shipped_names(shipped, "2014-02")
    assert "Ouallam Peacekeeping Training Centre" in _shipped_names(shipped, "2019-08")
    undated = shipped.execute(
        "SELECT count(*) FROM training_centres WHERE founded_on IS NULL "
        "AND (first_evidence IS NULL OR first_evidence_source IS NULL)"
    ).fetchone()
    assert undated == (0,)


def test_centres_carry_both_names(con: duckdb.DuckDBPyConnection) -> None:
    centres = run_in(con, "training-centres", Params(group="tst")).extras["centres"]
    by_name = {r["name"]: r for r in centres.records()}
    senegal = by_name["Centre one"]
    assert (senegal["name_fr"], senegal["name_en"]) == ("Centre un", "Centre one")
    assert (senegal["country_fr"], senegal["country_en"]) == ("Sénégal", "Senegal")
