"""A month whose report misprints the sex of a whole category has no women's share for it
(August 2020: formed police units 0.1 %, individual police 7.9 %, observers and staff officers
52.8 %, between months near 11 %, 28 % and 18 %), on the shipped real history, and says so in
the answer, the bulletin, the country profiles and ``pkobs check-data``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pkobs.cli import app
from pkobs.i18n import Locale, t
from pkobs.indicators import Params, compute
from pkobs.indicators.gender import MONTH_NOTE, left_out_notes
from pkobs.reports import narrative
from pkobs.reports.data import gather
from pkobs.store import aggregates, site
from pkobs.store.checks import MONTH_SHIFT, implausible_months
from pkobs.store.database import Database

AUGUST_2020 = dt.date(2020, 8, 31)
UNBELIEVABLE = {"formed_police_units", "individual_police", "military_observers_staff_officers"}
NNBSP = "\u202f"
NBSP = "\xa0"  # before a per cent sign, as Babel writes French shares


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


def test_august_2020_is_the_one_month_of_the_history(history: duckdb.DuckDBPyConnection) -> None:
    found = aggregates.for_connection(history).sex_months(history)
    assert {(r[0], r[1]) for r in found.rows} == {(AUGUST_2020, c) for c in UNBELIEVABLE}
    # the military contingents keep a share: their swapped contingents are left out (5.0 %)
    assert "military_contingents" not in {r[1] for r in found.rows}


def test_the_definition_states_the_rule() -> None:
    points = round(MONTH_SHIFT * 100)
    assert f"au moins {points} points du mois précédent comme du mois suivant" in t(
        "indicator.gender.definition", "fr"
    )
    assert f"at least {points} points from both the month before and the month after" in t(
        "indicator.gender.definition", "en"
    )


def test_the_rule_wants_both_neighbours_on_the_same_side() -> None:
    jan, feb, mar, apr = (dt.date(2020, m, 28) for m in (1, 2, 3, 4))
    dip = {(jan, "c"): (30, 100), (feb, "c"): (5, 100), (mar, "c"): (29, 100)}
    assert [r[:2] for r in implausible_months(dip).rows] == [(feb, "c")]
    # a level that changes and stays is a real change, not a misprint
    step = {(jan, "c"): (30, 100), (feb, "c"): (5, 100), (mar, "c"): (6, 100), (apr, "c"): (5, 100)}
    assert implausible_months(step).rows == []
    # a move smaller than the threshold is kept
    small = round((MONTH_SHIFT - 0.01) * 100)
    wobble = {(jan, "c"): (30, 100), (feb, "c"): (30 - small, 100), (mar, "c"): (30, 100)}
    assert implausible_months(wobble).rows == []


def test_the_share_is_no_data_for_the_group_and_for_everyone(
    history: duckdb.DuckDBPyConnection,
) -> None:
    params = Params(group="oif", from_month=AUGUST_2020, to_month=AUGUST_2020)
    for table in (
        compute(history, "gender", params).table,
        compute(
            history,
            "gender",
            Params(group="oif", mission="MINUSMA", from_month=AUGUST_2020, to_month=AUGUST_2020),
        ).table,
    ):
        rows = table.records()
        assert rows
        for row in rows:
            if row["personnel_category"] in UNBELIEVABLE:
                assert row["female"] is None and row["female_share"] is None
                assert row["personnel"] > 0  # the headcount of known sex stays
            else:
                assert row["female_share"] is not None


def test_the_answer_and_the_bulletin_say_why(history: duckdb.DuckDBPyConnection) -> None:
    result = compute(history, "gender", Params(from_month=AUGUST_2020, to_month=AUGUST_2020))
    notes = [n for n in left_out_notes(result) if n.key == MONTH_NOTE]
    assert len(notes) == 3
    police = [n for n in notes if n.values["category"].key == "value.individual_police"]
    assert Locale("en").message(police[0]) == (
        "In August 2020, the women's share is not given for “individual police”: the UN "
        "report prints 7.9%, against 28.3% the month before and 28.9% the month after; its "
        "women's and men's figures are probably misprinted."
    )
    assert Locale("fr").message(police[0]) == (
        f"En août 2020, la part des femmes n’est pas donnée pour la catégorie «{NNBSP}police "
        f"individuelle{NNBSP}»{NNBSP}: le rapport de l’ONU l’imprime à 7,9{NBSP}%, contre "
        f"28,3{NBSP}% le mois précédent et 28,9{NBSP}% le mois suivant{NNBSP}; ses effectifs "
        "de femmes et d’hommes sont sans doute mal imprimés."
    )
    july = compute(
        history, "gender", Params(from_month=dt.date(2020, 7, 31), to_month=dt.date(2020, 7, 31))
    )
    assert not [n for n in left_out_notes(july) if n.key == MONTH_NOTE]
    text = " ".join(
        narrative.gender(gather(Database.of(history), AUGUST_2020, Params()), Locale("fr"))
    )
    assert "n’est pas donnée pour la catégorie" in text


def test_country_profiles_leave_the_whole_category_out(
    history: duckdb.DuckDBPyConnection,
) -> None:
    women = {r["month"]: r for r in site.country_gender(Database.of(history), "FRA").records()}
    row = history.execute(
        """SELECT sum(female)::BIGINT, sum(male + female)::BIGINT FROM contributions
           WHERE month = ? AND contributor_iso3 = 'FRA' AND personnel_type = 'troops'""",
        [AUGUST_2020],
    ).fetchone()
    assert row is not None
    assert (women[AUGUST_2020]["female"], women[AUGUST_2020]["personnel"]) == row


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            "  - August 2020, individual police: 7.9% women (167 of 2,109) over all "
            "contributors, against 28.3% the month before and 28.9% the month after",
        ),
        (
            "fr",
            f"  - août 2020, police individuelle{NNBSP}: 7,9{NBSP}% de femmes (167 sur 2{NNBSP}109)"
            f" pour l’ensemble des contributeurs, contre 28,3{NBSP}% le mois précédent et "
            f"28,9{NBSP}% le mois suivant",
        ),
    ],
)
def test_check_data_lists_them(shipped_history: Path, lang: str, line: str) -> None:
    result = CliRunner().invoke(app, ["--db", str(shipped_history), "--lang", lang, "check-data"])
    assert result.exit_code == 0, result.output
    assert line in result.output.splitlines()


def test_the_reports_of_2020_print_individual_police_as_such(
    history: duckdb.DuckDBPyConnection,
) -> None:
    """December 2019 - December 2020 print "police" beside "fpu": individual officers, so the
    women's share of individual police has no hole in those months."""
    row = history.execute(
        """SELECT count(*) FILTER (WHERE personnel_type = 'police'),
                  count(DISTINCT month) FILTER (WHERE personnel_type = 'individual_police')
           FROM contributions WHERE month BETWEEN DATE '2019-12-31' AND DATE '2020-12-31'"""
    ).fetchone()
    assert row == (0, 12)  # every month with a report (none for June 2020)
    result = compute(
        history, "gender", Params(from_month=dt.date(2020, 5, 31), to_month=dt.date(2020, 7, 31))
    )
    shares = [
        r["female_share"]
        for r in result.table.records()
        if r["personnel_category"] == "individual_police"
        and r["scope"] == "all"
        and r["month"] <= dt.date(2020, 7, 31)
    ]
    assert len(shares) == 2 and all(0.25 < s < 0.32 for s in shares)


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        (
            "fr",
            "Sur les seules catégories dont les effectifs par sexe sont vraisemblables ce mois-ci "
            f"(contingents militaires), les femmes représentaient 6,5{NBSP}% du personnel en "
            f"tenue fourni par le groupe, contre 5,0{NBSP}% pour l’ensemble des contributeurs.",
        ),
        (
            "en",
            "Counting only the categories whose figures by sex are believable this month "
            "(military contingents), women made up 6.5% of the uniformed personnel from the "
            "group, against 5.0% for all contributors.",
        ),
    ],
)
def test_the_bulletin_s_share_is_over_the_believable_categories(
    history: duckdb.DuckDBPyConnection, lang: str, start: str
) -> None:
    locale = Locale("fr" if lang == "fr" else "en")
    text = " ".join(narrative.gender(gather(Database.of(history), AUGUST_2020, Params()), locale))
    assert text.startswith(start)
    july = gather(Database.of(history), dt.date(2020, 7, 31), Params())
    assert "believable" not in " ".join(narrative.gender(july, locale))
    assert "vraisemblables" not in " ".join(narrative.gender(july, locale))
