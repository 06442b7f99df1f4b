"""Indicators on a hand-computed fixture, properties on real data, and Hypothesis properties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pkobs.errors import QueryError
from pkobs.indicators import INDICATORS, Params, compute, parse_month, run
from pkobs.messages import Name
from pkobs.pipeline import ingest_files
from pkobs.render import results
from pkobs.settings import Language
from pkobs.store import open_database
from tests.conftest import DATA, fresh_database

FEB, JAN = dt.date(2014, 2, 28), dt.date(2014, 1, 31)


@pytest.fixture
def small(db_path: Path, small_db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """This test's own writable copy of a database holding psdh_small.csv."""
    connection = open_database(fresh_database(small_db, db_path))
    yield connection
    connection.close()


def test_share_by_hand(small: duckdb.DuckDBPyConnection) -> None:
    # February 2014: SEN 912+21+35, FRA 17+840, CAN 80 are OIF members; NPL 869 is not.
    result = run(small, "share", Params(from_month=FEB, to_month=FEB))
    rows = {r[1]: r[2:] for r in result.table.rows}
    assert rows["all"][:2] == (912 + 21 + 35 + 17 + 840 + 80, 2774)
    assert rows["police"][:2] == (35 + 80, 115)
    assert rows["military"][:2] == (912 + 21 + 17 + 840, 2659)
    assert rows["all"][2] == pytest.approx(1905 / 2774)


def test_month_without_data_is_no_data_not_zero(small: duckdb.DuckDBPyConnection) -> None:
    result = run(small, "share", Params(from_month=dt.date(2013, 12, 31), to_month=FEB))
    december = [r for r in result.table.rows if r[0] == dt.date(2013, 12, 31)]
    assert december and all(r[2] is None and r[3] is None and r[4] is None for r in december)


def test_linguistic_gap_by_hand(small: duckdb.DuckDBPyConnection) -> None:
    # Feb 2014: MINUSMA (Mali, OIF member) 912+21+35+17 all from members; MINUSTAH (Haiti) 80.
    # UNIFIL (Lebanon, member): 840 of 840 + 869.
    result = run(small, "linguistic-gap", Params(from_month=FEB, to_month=FEB))
    rows = {r[1]: r[3:] for r in result.table.rows}
    assert rows["UNIFIL"] == (840, 1709, pytest.approx(840 / 1709))
    assert rows["MINUSMA"][:2] == (985, 985)
    assert result.table.rows[0][1] == "UNIFIL"  # ranked by share, lowest first


def test_contributors_and_mobilisation(small: duckdb.DuckDBPyConnection) -> None:
    result = results.rendered(compute(small, "contributors", Params(to_month=FEB)), "en")
    ranking = [(r[1], r[2], r[4], r[5], r[6]) for r in result.table.rows]
    assert ranking == [(1, "SEN", 933, 35, 968), (2, "FRA", 857, 0, 857), (3, "CAN", 0, 80, 80)]
    idle = {r[0] for r in result.extras["not_contributing"].rows}
    assert "BEL" in idle and "SEN" not in idle
    assert {r[0] for r in result.extras["started"].rows} == {"CAN"}
    assert {r[0] for r in result.extras["stopped"].rows} == {"CIV", "COD"}


def test_trend_sentences_by_hand(small: duckdb.DuckDBPyConnection) -> None:
    result = run(small, "trend", Params(from_month=JAN, to_month=FEB))
    by = {r[0]: r for r in result.table.rows}
    assert by["police"][3:6] == (120, 115, -5)
    assert by["police"][7] == (
        "La participation des membres de l’OIF aux contingents de police a diminué de "
        "4,2\u00a0% entre janvier 2014 et février 2014 (de 120 à 115 membres du personnel)."
    )
    english = compute(small, "trend", Params(from_month=JAN, to_month=FEB))
    english_rows = results.rendered(english, "en").table.rows
    military = {r[0]: r for r in english_rows}["military"]
    assert military[3:5] == (890 + 848 + 3, 1790)
    assert military[7] == (
        "Participation of OIF members in military contingents rose by 2.8% "
        "between January 2014 and February 2014 (from 1,741 to 1,790 "
        "peacekeepers)."
    )


def test_alerts_by_hand(small: duckdb.DuckDBPyConnection) -> None:
    result = results.rendered(compute(small, "alerts", Params(from_month=FEB, to_month=FEB)), "en")
    keys = {(r[1], r[2]): r for r in result.table.rows}
    # Only changes of at least 100 personnel and 20 %: CAN's 0 -> 80 is below the threshold.
    assert set(keys) == {("mission", "UNMISS"), ("mission", "UNIFIL"), ("contributor", "COD")}
    assert keys[("mission", "UNMISS")][4:7] == (120, 0, -120)
    assert keys[("mission", "UNIFIL")][8] == (
        "UNIFIL: personnel deployed rose by 101.5% in February 2014 (from 848 to 1,709 "
        "peacekeepers)."
    )


def test_names_are_in_both_languages_until_the_edge(small: duckdb.DuckDBPyConnection) -> None:
    # the library names a country and a mission in both languages (Params has no language)
    ranking = compute(small, "contributors", Params(to_month=FEB))
    senegal = next(r for r in ranking.table.rows if r[2] == "SEN")
    assert senegal[3] == Name("Sénégal", "Senegal")
    names: list[tuple[Language, str]] = [("fr", "Sénégal"), ("en", "Senegal")]
    for lang, name in names:
        shown = results.rendered(ranking, lang)
        assert next(r for r in shown.table.rows if r[2] == "SEN")[3] == name
        # members sending nobody: listed by name in the reader's language
        idle = [r[1] for r in shown.extras["not_contributing"].rows]
        assert idle == sorted(idle, key=lambda n: (n is None, n or "")) and len(idle) > 2
    alerts = compute(small, "alerts", Params(from_month=FEB, to_month=FEB))
    unifil = next(r for r in alerts.table.rows if r[2] == "UNIFIL")
    assert unifil[3] == Name("FINUL", "UNIFIL")
    acronyms: list[tuple[Language, str]] = [("fr", "FINUL"), ("en", "UNIFIL")]
    for lang, acronym in acronyms:
        row = next(r for r in results.rendered(alerts, lang).table.rows if r[2] == "UNIFIL")
        assert row[3] == acronym and str(row[8]).startswith(acronym)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (Params(group="nato"), "unknown group 'nato'"),
        (Params(statuses=("friend",)), "unknown status friend"),
        (
            Params(from_month=FEB, to_month=JAN),
            "start month 2014-02 is after the end month 2014-01",
        ),
        (Params(mission="MINUSCO"), "unknown mission 'MINUSCO'"),
        (Params(mission="UNTAET", from_month=JAN, to_month=FEB), "was not deployed"),
    ],
)
def test_invalid_parameters(small: duckdb.DuckDBPyConnection, params: Params, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run(small, "share", params)


def test_unknown_indicator_and_month(small: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(QueryError, match="unknown indicator"):
        run(small, "happiness", Params())
    with pytest.raises(QueryError, match="not a month"):
        parse_month("2014-13")


@given(st.permutations(list(range(11))))
@settings(max_examples=10, deadline=None)
def test_results_do_not_depend_on_row_order(template_db: Path, order: list[int]) -> None:
    lines = (DATA / "psdh_small.csv").read_text().splitlines()
    shuffled = [lines[0]] + [lines[1 + i] for i in order]
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shuffled.csv"
        path.write_text("\n".join(shuffled) + "\n")
        con = open_database(fresh_database(template_db, Path(folder) / "db.duckdb"))
        ingest_files(con, [path])
        result = run(con, "share", Params(from_month=JAN, to_month=FEB))
        con.close()
    assert [r[:4] for r in result.table.rows] == [
        (JAN, "all", 1741 + 120, 1741 + 120),
        (JAN, "military", 1741, 1741),
        (JAN, "police", 120, 120),
        (FEB, "all", 1905, 2774),
        (FEB, "military", 1790, 2659),
        (FEB, "police", 115, 115),
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["SEN", "FRA", "NPL", "GHA", "CAN"]),
            st.integers(0, 5000),
            st.integers(0, 300),
        ),
        min_size=1,
        max_size=5,
        unique_by=lambda t: t[0],
    )
)
@settings(max_examples=15, deadline=None)
def test_share_stays_in_unit_interval(template_db: Path, cells: list[tuple[str, int, int]]) -> None:
    import tempfile

    header = (
        "contribution_id,isocode3,contributing_country,mission_acronym,personnel_type,"
        "last_reporting_date,male_personnel,female_personnel"
    )
    lines = [header] + [
        f"{i},{iso},,UNIFIL,Troops,2014-02,{m},{f}" for i, (iso, m, f) in enumerate(cells)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.csv"
        path.write_text("\n".join(lines) + "\n")
        con = open_database(fresh_database(template_db, Path(folder) / "db.duckdb"))
        ingest_files(con, [path])
        rows = run(con, "share", Params(from_month=FEB, to_month=FEB)).table.rows
        con.close()
    for row in rows:
        assert row[4] is None or 0.0 <= row[4] <= 1.0


@pytest.mark.realdata
def test_real_military_plus_police_is_all(real_con: duckdb.DuckDBPyConnection) -> None:
    rows = run(real_con, "share", Params()).table.rows
    by = {(r[0], r[1]): r for r in rows}
    months = {r[0] for r in rows}
    assert len(months) == 53
    for month in months:
        for column in (2, 3):
            assert (
                by[(month, "military")][column] + by[(month, "police")][column]
                == by[(month, "all")][column]
            )


@pytest.mark.realdata
def test_real_disjoint_groups_add_up(real_con: duckdb.DuckDBPyConnection) -> None:
    """EU members and non-EU contributors are disjoint: their shares add up to 1 every month."""
    eu = run(real_con, "share", Params(group="eu", statuses=("member",))).table.rows
    everyone = run(real_con, "share", Params(group="all")).table.rows
    total = real_con.execute(
        """SELECT c.month, sum(c.total) FROM contributions c
           WHERE c.contributor_iso3 NOT IN (SELECT iso3 FROM group_membership
               WHERE group_id = 'eu' AND valid_from <= c.month
                 AND coalesce(valid_to, DATE '9999-12-31') >= c.month)
           GROUP BY 1"""
    ).fetchall()
    outside = dict(total)
    for row, all_row in zip(eu, everyone, strict=True):
        if row[1] == "all":
            assert row[2] + outside[row[0]] == row[3] == all_row[2]


@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(INDICATORS))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_indicator_runs_on_real_data(
    real_con: duckdb.DuckDBPyConnection, name: str, lang: Language
) -> None:
    span = Params(from_month=parse_month("2013-02"), to_month=parse_month("2014-02"))
    result = results.rendered(compute(real_con, name, span), lang)
    assert result.table.columns and results.title(result.meta, lang)
    assert result.meta.definition_fr and result.meta.definition_en


@pytest.mark.realdata
def test_real_trend_example(real_con: duckdb.DuckDBPyConnection) -> None:
    rows = run(
        real_con,
        "trend",
        Params(from_month=parse_month("2013-02"), to_month=parse_month("2014-02")),
    ).table.rows
    police = {r[0]: r for r in rows}["police"]
    assert police[7].startswith(
        "La participation des membres de l’OIF aux contingents de police a augmenté de "
    )
    assert "entre février 2013 et février 2014" in police[7]


@pytest.mark.realdata
def test_a_probable_source_gap_is_not_an_alert(real_con: duckdb.DuckDBPyConnection) -> None:
    # The June 2012 gender file lacks France's UNIFIL contingent (1,061 in May, 971 in July):
    # France "diminue de 92,5 %" in June and comes back in July only in the source.
    june, july = parse_month("2012-06"), parse_month("2012-07")
    from pkobs.indicators.alerts import cube_alerts
    from pkobs.indicators.base import validate

    params = Params(from_month=june, to_month=july)
    before = cube_alerts(real_con, validate(real_con, params))
    assert ("contributor", "FRA") in {(r[1], r[2]) for r in before.rows}  # in the raw series
    result = run(real_con, "alerts", params)
    assert ("contributor", "FRA") not in {(r[1], r[2]) for r in result.table.rows}
    assert not any("92,5" in str(r[8]) for r in result.table.rows)
    # the same with a mission split asked for (the SQL path)
    unifil = run(real_con, "alerts", Params(from_month=june, to_month=july, mission="UNIFIL"))
    assert ("contributor", "FRA") not in {(r[1], r[2]) for r in unifil.table.rows}


@pytest.mark.realdata
def test_mission_kinds_restrict_the_totals(real_con: duckdb.DuckDBPyConnection) -> None:
    feb = Params(from_month=FEB, to_month=FEB)
    kinds = dict(real_con.execute("SELECT acronym, kind FROM missions").fetchall())
    gap = run(real_con, "linguistic-gap", Params(from_month=FEB, to_month=FEB, kinds=("pko",)))
    assert gap.table.rows and all(kinds[r[1]] == "pko" for r in gap.table.rows)
    political = run(
        real_con, "linguistic-gap", Params(from_month=FEB, to_month=FEB, kinds=("spm",))
    )
    assert all(kinds[r[1]] == "spm" for r in political.table.rows)
    # contributors: personnel in special political missions only
    spm = run(real_con, "contributors", Params(from_month=FEB, to_month=FEB, kinds=("spm",)))
    in_spm = real_con.execute(
        """SELECT sum(c.total) FROM contributions c JOIN missions m ON m.acronym = c.mission
           JOIN group_membership g ON g.iso3 = c.contributor_iso3 AND g.group_id = 'oif'
            AND g.status IN ('member', 'associate') AND g.valid_from <= c.month
            AND coalesce(g.valid_to, DATE '9999-12-31') >= c.month
           WHERE c.month = ? AND m.kind = 'spm'""",
        [FEB],
    ).fetchone()
    assert in_spm is not None
    assert sum(r[6] for r in spm.table.rows) == in_spm[0]
    everyone = run(real_con, "contributors", feb)
    assert sum(r[6] for r in spm.table.rows) < sum(r[6] for r in everyone.table.rows)
    # trend and share agree under the filter; the notes say which kinds counted
    share = run(real_con, "share", Params(from_month=FEB, to_month=FEB, kinds=("pko",)))
    pko = Params(from_month=JAN, to_month=FEB, kinds=("pko",))
    trend = results.rendered(compute(real_con, "trend", pko), "en")
    assert {r[0]: r[4] for r in trend.table.rows}["all"] == share.table.rows[0][2]
    assert "Totals count only missions of kind pko" in " ".join(
        results.note_texts(trend.meta, "en")
    )
    assert share.meta.params["kind"] == ["pko"]
    assert "kind" not in run(real_con, "share", feb).meta.params  # default: every kind


@pytest.mark.realdata
def test_alerts_with_mission_kinds_name_only_those_missions(
    real_con: duckdb.DuckDBPyConnection,
) -> None:
    kinds = dict(real_con.execute("SELECT acronym, kind FROM missions").fetchall())
    params = Params(from_month=parse_month("2012-01"), to_month=parse_month("2012-12"))
    everyone = run(real_con, "alerts", params).table.rows
    assert any(kinds[r[2]] == "pko" for r in everyone if r[1] == "mission")
    political = run(
        real_con,
        "alerts",
        Params(
            from_month=params.from_month,
            to_month=params.to_month,
            kinds=("spm",),
            min_change=1,
        ),
    ).table.rows
    assert all(kinds[r[2]] == "spm" for r in political if r[1] == "mission")
