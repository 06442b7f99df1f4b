"""The registries' in-memory answers (shares, current holders, open centres) agree with SQL.

``senior_post_shares``, ``current_holders`` and ``open_training_centres`` answer from Python
(a few hundred rows, cached on their value) instead of planning a query per request; here each
is checked against the same question asked in SQL over the whole shipped registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.messages import Name
from pkobs.store import aggregates, open_database
from pkobs.store.registry_checks import (
    POST_TYPES,
    cell_values,
    cells_sql,
    coverage,
    current_holders,
    member_condition,
    open_training_centres,
    senior_post_shares,
)
from tests.conftest import fresh_database

D = dt.date
STATUSES = ("member", "associate")


def named(fr: str | None, en: str | None) -> Name | None:
    """A name read in both languages by SQL, as the registry reads give it."""
    return None if fr is None and en is None else Name(str(fr), str(en))


@pytest.fixture
def shipped(tmp_path: Path, template_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_database(fresh_database(template_db, tmp_path / "shipped.duckdb"))
    yield connection
    connection.close()
    aggregates.clear()


def sql_sums(
    con: duckdb.DuckDBPyConnection, group: str, mission: str | None
) -> dict[tuple[dt.date, str], tuple[int, int, int]]:
    """(month end, post) -> (expected, filled, held), from the cells query and the SQL
    membership condition."""
    begin, end = coverage()
    values = cell_values(begin, end, mission)
    assert values is not None
    if group != "all":
        values["group"] = group
    member = member_condition(group, STATUSES, "month", "nationality_iso3")
    rows = con.execute(
        f"""WITH cells AS ({cells_sql(bool(mission))})
        SELECT month, post, count(*), count(person),
               count(*) FILTER (WHERE person IS NOT NULL AND {member})
        FROM (SELECT * FROM cells UNION ALL SELECT * REPLACE ('all' AS post) FROM cells)
        GROUP BY ALL""",
        values,
    ).fetchall()
    return {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}


@pytest.mark.parametrize(("group", "mission"), [("all", None), ("oif", None), ("oif", "MONUSCO")])
def test_shares_agree_with_the_cells_query(
    shipped: duckdb.DuckDBPyConnection, group: str, mission: str | None
) -> None:
    expected = sql_sums(shipped, group, mission)
    table = senior_post_shares(shipped, D(2008, 1, 1), D(2026, 6, 1), group, STATUSES, mission)
    got = {}
    for month, post, filled, held, share, posts, completeness in table.rows:
        if not coverage()[0] <= month <= coverage()[1]:  # outside: no data, never zero
            assert (filled, held, share, posts, completeness) == (None,) * 5
            continue
        if posts:
            got[(month, post)] = (posts, filled, held)
            assert share == (held / filled if filled else None)
            assert completeness == filled / posts
    assert got == expected
    assert len(table.rows) == (18 * 12 + 6) * (1 + len(POST_TYPES))
    if group == "oif" and mission is None:  # the group holds some posts, not all
        assert 0 < sum(v[2] for v in got.values()) < sum(v[1] for v in got.values())


def test_an_edited_registry_is_seen_with_its_new_version(
    shipped: duckdb.DuckDBPyConnection,
) -> None:
    """The rows are kept per data version: an edit recorded as a new reference-data version
    (as ``refdata_load`` records one) is answered from the edited registry, never a stale copy."""
    month = D(2014, 6, 1)
    before = senior_post_shares(shipped, month, month, "all", STATUSES).rows[0]
    shipped.execute(
        "DELETE FROM ref_senior_posts WHERE mission = 'MONUSCO' AND post = 'head_of_mission'"
    )
    shipped.execute("INSERT OR REPLACE INTO meta VALUES ('refdata_sha256', 'edited')")
    after = senior_post_shares(shipped, month, month, "all", STATUSES).rows[0]
    assert after[2] == before[2] - 1  # one filled post fewer
    assert after[5] == before[5]  # still expected: MONUSCO has other posts
    centres = open_training_centres(shipped, D(2025, 6, 30), "all", STATUSES)
    shipped.execute("DELETE FROM ref_training_centres WHERE country_iso3 = 'GHA'")
    shipped.execute("INSERT OR REPLACE INTO meta VALUES ('refdata_sha256', 'edited again')")
    fewer = open_training_centres(shipped, D(2025, 6, 30), "all", STATUSES)
    assert any(r[2] == "GHA" for r in centres.rows)
    assert not any(r[2] == "GHA" for r in fewer.rows)
    assert len(fewer.rows) < len(centres.rows)


def test_current_holders_agree_with_sql(shipped: duckdb.DuckDBPyConnection) -> None:
    today = D(2025, 6, 30)
    member = member_condition("oif", STATUSES, "$today", "s.nationality_iso3")
    expected = shipped.execute(
        f"""SELECT s.mission, s.post, s.person, s.nationality_iso3, c.name_fr, s.start_date,
               s.acting, s.uncertain, {member}, s.source, c.name_fr, c.name_en
        FROM senior_posts s LEFT JOIN countries c ON c.iso3 = s.nationality_iso3
        WHERE s.end_date IS NULL AND s.post <> 'deputy_head_of_mission'
        ORDER BY s.mission, list_position({list(POST_TYPES)}, s.post), s.acting, s.person""",
        {"group": "oif", "today": today},
    ).fetchall()
    # the nationality in both languages: a Name (the edge shows the reader's)
    expected = [(*r[:4], named(r[10], r[11]), *r[5:]) for r in expected]
    got = current_holders(shipped, "oif", STATUSES, today).rows
    assert got == expected
    assert any(r[8] for r in got) and not all(r[8] for r in got)
    assert current_holders(shipped, "oif", STATUSES, today, mission="UNIFIL").rows == [
        r for r in expected if r[0] == "UNIFIL"
    ]
    assert any(r[4].fr != r[4].en for r in got if r[4] is not None)  # e.g. Sénégal / Senegal


@pytest.mark.parametrize("day", [D(1995, 1, 1), D(2013, 9, 30), D(2013, 10, 1), D(2025, 6, 30)])
def test_open_training_centres_agree_with_sql(
    shipped: duckdb.DuckDBPyConnection, day: dt.date
) -> None:
    member = member_condition("oif", STATUSES, "$day", "t.country_iso3")
    expected = shipped.execute(
        f"""SELECT t.name_en, t.acronym, t.country_iso3, c.name_en, t.city, t.founded,
               t.languages, t.focus, t.francophone, {member}, t.website, t.source, t.founded_on,
               t.closed, t.first_evidence, t.name_fr, t.name_en, c.name_fr, c.name_en
        FROM training_centres t LEFT JOIN countries c ON c.iso3 = t.country_iso3
        WHERE t.active_from <= $day AND coalesce(t.active_to, DATE '9999-12-31') >= $day""",
        {"day": day, "group": "oif"},
    ).fetchall()
    # the centre's and the country's names in both languages: Names
    expected = [(named(r[15], r[16]), *r[1:3], named(r[17], r[18]), *r[4:]) for r in expected]
    got = open_training_centres(shipped, day, "oif", STATUSES).rows
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert (len(got) > 20) == (day.year >= 2013)
    pearson = any("Pearson" in r[0].en for r in got)  # closed 2013-09: open to its end
    assert pearson == (D(1995, 1, 1) <= day <= D(2013, 9, 30))
