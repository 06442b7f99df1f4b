"""The women's share leaves out the figures ``pkobs check-data`` flags as printed under the wrong
sex (August 2020: the UN's report printed the men's figures in the women's column), on the
shipped real history, and says so; personnel totals keep them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pkobs.i18n import Locale, t
from pkobs.indicators import Params, compute
from pkobs.indicators.gender import left_out_notes
from pkobs.reports import narrative
from pkobs.reports.data import gather
from pkobs.settings import Language
from pkobs.store import site
from pkobs.store.checks import SEX_MIN_TOTAL, SEX_SHIFT, WINDOW, implausible_figures
from pkobs.store.database import Database

AUGUST_2020 = dt.date(2020, 8, 31)
JULY_2020 = dt.date(2020, 7, 31)


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(shipped_history), read_only=True)
    yield connection
    connection.close()


def published(
    con: duckdb.DuckDBPyConnection, month: dt.date, mission: str | None = None
) -> tuple[int, int]:
    """Women and personnel of known sex of the month's military contingents, as published."""
    row = con.execute(
        """SELECT sum(female)::BIGINT, sum(male + female)::BIGINT FROM contributions
           WHERE month = ? AND personnel_type = 'troops' AND female IS NOT NULL
             AND male IS NOT NULL AND (? IS NULL OR mission = ?)""",
        [month, mission, mission],
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def swapped(
    con: duckdb.DuckDBPyConnection, month: dt.date, mission: str | None = None
) -> list[dict[str, Any]]:
    """The month's troop figures check-data flags as printed under the wrong sex."""
    return [
        r
        for r in implausible_figures(con, month, month, kind="sex").records()
        if r["personnel_type"] == "troops" and mission in (None, r["mission"])
    ]


def contingents(result_rows: list[dict[str, Any]], month: dt.date) -> dict[str, Any]:
    found = [
        r
        for r in result_rows
        if r["month"] == month
        and r["scope"] == "all"
        and r["personnel_category"] == "military_contingents"
    ]
    assert len(found) == 1
    return found[0]


def test_august_2020_women_share_leaves_out_the_swapped_contingents(
    history: duckdb.DuckDBPyConnection,
) -> None:
    female, personnel = published(history, AUGUST_2020)
    assert female / personnel > 0.5  # as printed: the impossible jump
    flagged = swapped(history, AUGUST_2020)
    assert len(flagged) == 48
    params = Params(group="all", from_month=JULY_2020, to_month=AUGUST_2020)
    row = contingents(compute(history, "gender", params).table.records(), AUGUST_2020)
    assert row["female"] == female - sum(r["female"] for r in flagged)
    assert row["personnel"] == personnel - sum(r["male"] + r["female"] for r in flagged)
    assert (row["female"], row["personnel"]) == (1591, 32052)
    assert 0.04 < row["female_share"] < 0.06  # about July's 4.9 %
    # a month without flagged figures is as published
    july = contingents(compute(history, "gender", params).table.records(), JULY_2020)
    assert (july["female"], july["personnel"]) == published(history, JULY_2020)


def test_a_mission_split_leaves_out_the_same_figures(history: duckdb.DuckDBPyConnection) -> None:
    params = Params(group="all", mission="MINUSMA", from_month=AUGUST_2020, to_month=AUGUST_2020)
    result = compute(history, "gender", params)
    row = contingents(result.table.records(), AUGUST_2020)
    female, personnel = published(history, AUGUST_2020, "MINUSMA")
    flagged = swapped(history, AUGUST_2020, "MINUSMA")
    assert flagged and row["female"] == female - sum(r["female"] for r in flagged)
    assert row["personnel"] == personnel - sum(r["male"] + r["female"] for r in flagged)
    assert {r[3] for r in result.extras["flagged_figures"].rows} == {"MINUSMA"}


def test_the_answer_says_how_many_were_left_out_in_both_languages(
    history: duckdb.DuckDBPyConnection,
) -> None:
    params = Params(from_month=dt.date(2020, 6, 30), to_month=dt.date(2020, 10, 31))
    result = compute(history, "gender", params)
    notes = [n for n in left_out_notes(result) if n.key == "indicator.note.swapped_sex"]
    assert len(notes) == 1  # only August has flagged figures in the range
    assert (
        Locale("fr")
        .message(notes[0])
        .startswith(
            "En août 2020, la part des femmes laisse de côté 48 contingents"
            " (37\u202f778 membres du personnel) dont les effectifs de femmes et d’hommes sont"
            " sans doute inversés"
        )
    )
    assert (
        Locale("en")
        .message(notes[0])
        .startswith(
            "In August 2020, the women's share leaves out 48 contingents (37,778 peacekeepers)"
        )
    )
    assert len(result.extras["flagged_figures"].rows) == 48
    quiet = compute(history, "gender", Params(from_month=JULY_2020, to_month=JULY_2020))
    assert left_out_notes(quiet) == [] and "flagged_figures" not in quiet.extras


def test_personnel_totals_keep_the_swapped_contingents(
    history: duckdb.DuckDBPyConnection,
) -> None:
    db = Database.of(history)
    total = history.execute(
        "SELECT sum(total) FROM contributions WHERE month = ? AND contributor_iso3 = 'BGD'",
        [AUGUST_2020],
    ).fetchone()
    assert total is not None
    by_month = {r["month"]: r for r in site.country_history(db, "BGD").records()}
    assert by_month[AUGUST_2020]["total"] == total[0]
    share = compute(history, "share", Params(group="all", from_month=AUGUST_2020))
    everyone = history.execute(
        "SELECT sum(total) FROM contributor_months WHERE month = ?", [AUGUST_2020]
    ).fetchone()
    assert everyone is not None
    rows = [r for r in share.table.records() if r["month"] == AUGUST_2020]
    assert [r["total_personnel"] for r in rows if r["category"] == "all"] == [everyone[0]]
    assert everyone[0] == 81820


def test_the_country_profile_leaves_out_the_same_figures(
    history: duckdb.DuckDBPyConnection,
) -> None:
    women = {r["month"]: r for r in site.country_gender(Database.of(history), "BGD").records()}
    # August 2020's other categories have no believable split at all (test_gender_months):
    # what is left is the military contingents, less the swapped ones
    row = history.execute(
        """SELECT sum(female)::BIGINT, sum(male + female)::BIGINT FROM contributions
           WHERE month = ? AND contributor_iso3 = 'BGD' AND female IS NOT NULL
             AND male IS NOT NULL AND personnel_type = 'troops'""",
        [AUGUST_2020],
    ).fetchone()
    assert row is not None
    flagged = [
        r
        for r in implausible_figures(history, AUGUST_2020, AUGUST_2020, kind="sex").records()
        if r["contributor_iso3"] == "BGD"
    ]
    assert {r["mission"] for r in flagged} == {"MINUSMA", "MONUSCO", "UNMISS"}
    assert women[AUGUST_2020]["female"] == row[0] - sum(r["female"] for r in flagged)
    assert women[AUGUST_2020]["personnel"] == row[1] - sum(r["male"] + r["female"] for r in flagged)
    assert women[AUGUST_2020]["female"] / women[AUGUST_2020]["personnel"] < 0.1
    assert women[JULY_2020]["female"] == 254  # a month without flagged figures: as published


@pytest.mark.parametrize(
    ("lang", "start"),
    [
        ("fr", "En août 2020, la part des femmes laisse de côté 48 contingents"),
        ("en", "In August 2020, the women's share leaves out 48 contingents"),
    ],
)
def test_the_bulletin_says_so_for_its_month(
    history: duckdb.DuckDBPyConnection, lang: Language, start: str
) -> None:
    data = gather(Database.of(history), AUGUST_2020, Params())
    text = " ".join(narrative.gender(data, Locale(lang)))
    assert start in text
    july = gather(Database.of(history), JULY_2020, Params())
    assert "contingent" not in " ".join(narrative.gender(july, Locale(lang)))


def test_the_definition_states_the_check_s_rule() -> None:
    shift = round(SEX_SHIFT * 100)
    french = t("indicator.gender.definition", "fr")
    english = t("indicator.gender.definition", "en")
    assert f"au moins {SEX_MIN_TOTAL} personnes" in french
    assert f"au moins {shift} points" in french and f"{WINDOW} mois de part et d’autre" in french
    assert f"at least {SEX_MIN_TOTAL} personnel" in english
    assert f"least {shift} points" in english and f"{WINDOW} months either side" in english
