"""``drivers``: the change of the group's personnel and share broken down by mission and by
contributor, by hand on psdh_small.csv and on the real IPI files (2009-2014); the headline in
both languages; mission kinds; probable source gaps left out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pkobs.errors import QueryError
from pkobs.i18n import Locale
from pkobs.indicators import Params, compute
from pkobs.indicators.base import IndicatorResult, parse_month
from pkobs.indicators.drivers import drivers_headline, headline_for, may_be_named
from pkobs.render.cells import header, human_rows
from pkobs.store.database import Database
from pkobs.typography import french_problems
from tests.conftest import Cli, fresh_database

JAN, FEB = dt.date(2014, 1, 31), dt.date(2014, 2, 28)
NNBSP = "\u202f"


@pytest.fixture
def small(db_path: Path, small_db: Path) -> Iterator[Database]:
    db = Database.open(fresh_database(small_db, db_path))
    yield db
    db.close()


@pytest.fixture(scope="module")
def real(real_db_path: Path) -> Iterator[Database]:
    db = Database.open_read_only(real_db_path)
    yield db
    db.close()


def rows_of(result: IndicatorResult, dimension: str) -> dict[str, tuple[Any, ...]]:
    return {r[1]: r for r in result.table.rows if r[0] == dimension}


def test_drivers_by_hand(small: Database) -> None:
    # January 2014: SEN 890 and CIV 3 in MINUSMA, FRA 848 in UNIFIL, COD 120 in UNMISS: all OIF
    # (1,861 of 1,861). February: SEN 968 + FRA 17 in MINUSMA, FRA 840 + NPL 869 in UNIFIL,
    # CAN 80 in MINUSTAH: 1,905 of 2,774. S0 = 1, T1 = 2,774.
    result = compute(small, "drivers", Params(from_month=JAN, to_month=FEB))
    summary = result.extras["summary"].rows[0]
    assert summary[:6] == (JAN, FEB, 1861, 1905, 1861, 2774)
    assert summary[8] == pytest.approx(1905 / 2774 - 1)
    missions = rows_of(result, "mission")
    assert missions["MINUSMA"][4:10] == (893, 985, 92, 893, 985, 92)
    assert missions["UNIFIL"][4:10] == (848, 840, -8, 848, 1709, 861)
    assert missions["UNMISS"][4:10] == (120, 0, -120, 120, 0, -120)
    assert missions["MINUSTAH"][4:10] == (0, 80, 80, 0, 80, 80)
    # (dg - S0 dt) / T1: only UNIFIL moves the share (Nepal's 869 are not OIF)
    assert missions["UNIFIL"][10] == pytest.approx(-869 / 2774)
    assert missions["MINUSMA"][10] == pytest.approx(0)
    contributors = rows_of(result, "contributor")
    assert contributors["NPL"][4:10] == (0, 0, 0, 0, 869, 869)
    assert contributors["SEN"][6] == 78 and contributors["CIV"][6] == -3
    assert contributors["FRA"][2:4] == ("France", "France")
    assert result.table.rows[0][:2] == ("mission", "UNMISS")  # the largest group change first


def test_drivers_headline_by_hand(small: Database) -> None:
    result = compute(small, "drivers", Params(from_month=JAN, to_month=FEB))
    headline = drivers_headline(result)
    french = Locale("fr").message(headline)
    assert french == (
        "Entre janvier 2014 et février 2014, les membres de l’OIF ont déployé 44 membres du "
        "personnel de plus, et leur part est passée de 100,0\u00a0% à 68,7\u00a0%. Toute la "
        f"hausse, et au-delà, vient d’une seule mission{NNBSP}: MINUSMA (Mali), +92 membres du "
        f"personnel (209\u00a0% de la variation){NNBSP}; au total, les autres missions ont "
        "légèrement diminué (\u221248 membres du personnel)."
    )
    assert not french_problems(french, "drivers headline")
    assert Locale("en").message(headline) == (
        "Between January 2014 and February 2014, the personnel deployed by OIF members rose by "
        "44, and their share went from 100.0% to 68.7%. All of the rise, and more, comes from "
        "one mission: MINUSMA (Mali), +92 peacekeepers (209% of the change); taken together, the "
        "other missions fell slightly (\u221248 peacekeepers)."
    )


def test_default_months_and_errors(small: Database) -> None:
    with pytest.raises(QueryError) as error:
        compute(small, "drivers", Params(to_month=FEB))  # 12 months earlier: no data
    assert error.value.key == "indicator.error.no_data_for" and "2013-02" in str(error.value)
    with pytest.raises(QueryError) as error:
        compute(small, "drivers", Params(from_month=FEB, to_month=FEB))
    assert error.value.key == "drivers.error.order"
    with pytest.raises(QueryError) as error:
        compute(small, "drivers", Params(from_month=JAN, to_month=FEB, kinds=("peacekeeping",)))
    assert error.value.key == "kinds.error.unknown"
    assert "pko, spm, support" in error.value.message("fr")


def check_additive(result: IndicatorResult) -> None:
    """Mission rows and contributor rows each add up exactly to the group's change and to the
    change of the share."""
    summary = result.extras["summary"].rows[0]
    g0, g1, t0, t1 = summary[2:6]
    for dimension in ("mission", "contributor"):
        rows = [r for r in result.table.rows if r[0] == dimension]
        assert rows, dimension
        assert sum(r[4] for r in rows) == g0 and sum(r[5] for r in rows) == g1
        assert sum(r[7] for r in rows) == t0 and sum(r[8] for r in rows) == t1
        assert sum(r[10] for r in rows) == pytest.approx(g1 / t1 - g0 / t0, abs=1e-12)


def test_february_2014_against_february_2013_is_minusma(real: Database) -> None:
    result = compute(real, "drivers", Params(from_month=parse_month("2013-02"), to_month=FEB))
    check_additive(result)
    summary = result.extras["summary"].rows[0]
    change = summary[3] - summary[2]
    assert change > 3000  # the OIF members' rise
    missions = [r for r in result.table.rows if r[0] == "mission"]
    top = missions[0]
    assert top[1] == "MINUSMA" and top[4] == 0 and top[6] > 0.9 * change
    others = [r for r in missions[1:] if r[6] != 0]
    net = sum(r[6] for r in others)
    assert net < 0 and abs(net) < 0.05 * summary[2]  # the others fell, slightly
    hosts = {r[0]: r for r in result.extras["mission_hosts"].rows}
    assert hosts["MINUSMA"][1:] == ("MLI", "Mali", "Mali", dt.date(2013, 7, 31), "pko")
    french = Locale("fr").message(drivers_headline(result))
    assert f"d’une seule mission{NNBSP}: MINUSMA (Mali, depuis juillet 2013), +" in french
    assert "les autres missions ont légèrement diminué" in french
    assert not french_problems(french, "drivers headline")
    english = Locale("en").message(drivers_headline(result))
    assert "one mission: MINUSMA (Mali, from July 2013), +" in english
    assert "the other missions fell slightly" in english


def test_a_probable_source_gap_is_left_out(real: Database) -> None:
    # June 2012: the gender file lacks France's UNIFIL contingent (1,061 in May, 971 in July)
    june, july = parse_month("2012-06"), parse_month("2012-07")
    result = compute(real, "drivers", Params(from_month=june, to_month=july))
    gaps = {(r[0], r[1], r[2]) for r in result.extras["probable_source_gaps"].rows}
    assert (june, "FRA", "UNIFIL") in gaps
    france = rows_of(result, "contributor")["FRA"]
    assert abs(france[6]) < 200  # not +971 for a contingent that never left
    unifil = rows_of(result, "mission")["UNIFIL"]
    assert unifil[8] - unifil[7] > -500 and abs(unifil[9]) < 900
    check_additive(result)
    assert any(n.key == "drivers.note.gaps_left_out" for n in result.meta.notes)  # type: ignore[union-attr]


def test_mission_kinds(real: Database) -> None:
    months = Params(from_month=parse_month("2013-02"), to_month=FEB)
    everyone = compute(real, "drivers", months)
    pko = compute(
        real, "drivers", Params(from_month=months.from_month, to_month=FEB, kinds=("pko",))
    )
    check_additive(pko)
    assert {r[1] for r in pko.table.rows if r[0] == "mission"} < {
        r[1] for r in everyone.table.rows if r[0] == "mission"
    }
    assert "UNAMA" not in rows_of(pko, "mission")  # a special political mission
    assert pko.extras["summary"].rows[0][5] < everyone.extras["summary"].rows[0][5]
    assert pko.meta.params["kind"] == ["pko"]
    # a month without a mission split: the filter cannot be applied, and says so
    with pytest.raises(QueryError) as error:
        compute(
            real, "drivers", Params(from_month=parse_month("2008-06"), to_month=FEB, kinds=("pko",))
        )
    assert error.value.key in {
        "drivers.error.kind_needs_mission_split",
        "indicator.error.no_data_for",
    }


def test_share_with_kinds_counts_peacekeeping_operations_only(real: Database) -> None:
    params = Params(from_month=FEB, to_month=FEB)
    everyone = {r[1]: r for r in compute(real, "share", params).table.rows}
    pko = compute(real, "share", Params(from_month=FEB, to_month=FEB, kinds=("pko",)))
    rows = {r[1]: r for r in pko.table.rows}
    total = real.scalar(
        """SELECT sum(c.total) FROM contributions c JOIN missions m ON m.acronym = c.mission
           WHERE c.month = $m AND m.kind = 'pko'""",
        {"m": FEB},
    )
    assert rows["all"][3] == total < everyone["all"][3]
    assert any(getattr(n, "key", "") == "kinds.note.applied" for n in pko.meta.notes)


def test_the_cli_and_its_french(real_db_path: Path) -> None:
    cli = Cli(real_db_path)
    result = cli("indicator", "drivers", "--from", "2013-02", "--to", "2014-02", lang="fr")
    assert result.exit_code == 0, result.output
    assert "MINUSMA" in result.output and "Lacunes probables" in result.output
    result = cli("indicator", "drivers", "--to", "2014-02", "--kind", "pko", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("dimension,key,name_fr,name_en")


def test_the_api_answers_json_and_csv(real_db_path: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from pkobs.settings import Settings
    from pkobs.web import create_app

    settings = Settings.from_env(db=real_db_path, environ={"PKOBS_HOME": str(tmp_path)})
    with TestClient(create_app(settings)) as client:
        url = "/api/v1/indicators/drivers?group=oif&from=2013-02&to=2014-02"
        answer = client.get(url + "&lang=en")
        assert answer.status_code == 200, answer.text
        payload = answer.json()
        assert payload["rows"][0]["dimension"] == "mission"
        assert payload["rows"][0]["key"] == "MINUSMA"
        assert payload["meta"]["extras"]["summary"][0]["group_after"] > 20000
        assert any(
            g["mission"] == "UNMOGIP" for g in payload["meta"]["extras"]["probable_source_gaps"]
        )
        csv = client.get(url + "&format=csv")
        assert csv.status_code == 200
        assert csv.text.splitlines()[0].startswith("dimension,key,name_fr,name_en,group_before")
        pko = client.get(url + "&kind=pko&lang=en").json()
        assert pko["meta"]["parameters"]["kind"] == ["pko"]
        assert any("missions of kind pko" in n for n in pko["meta"]["notes"])
        share = client.get("/api/v1/indicators/share?from=2014-02&to=2014-02&kind=pko").json()
        everyone = client.get("/api/v1/indicators/share?from=2014-02&to=2014-02").json()
        assert share["rows"][0]["total_personnel"] < everyone["rows"][0]["total_personnel"]
        assert client.get(url + "&kind=peacekeeping").status_code in (400, 422)


def test_check_data_lists_the_probable_source_gaps(real_db_path: Path) -> None:
    cli = Cli(real_db_path)
    english = cli("check-data")
    assert english.exit_code == 0, english.output
    assert (
        "June 2012: no row for France in UNIFIL (1,061 the month before, 971 the month after)"
        in (english.output)
    )
    french = cli("check-data", lang="fr")
    assert (
        f"juin 2012, France, FINUL{NNBSP}: aucune ligne (1\u202f061 le mois d’avant"
        in french.output
    )


def test_a_successor_mission_is_one_row_with_its_predecessor(real: Database) -> None:
    # MONUC became MONUSCO on 1 July 2010: June 2010 against June 2011 is one Congo row
    result = compute(
        real, "drivers", Params(from_month=parse_month("2010-06"), to_month=parse_month("2011-06"))
    )
    check_additive(result)
    missions = rows_of(result, "mission")
    assert "MONUC" not in missions
    congo = missions["MONUSCO"]
    assert congo[2:4] == ("MONUC → MONUSCO", "MONUC → MONUSCO")
    assert congo[4] > 0 and congo[5] > 0 and abs(congo[6]) < congo[4]
    english = Locale("en").message(drivers_headline(result))
    assert "MONUC (" not in english


def test_headline_for_a_month(small: Database) -> None:
    found = headline_for(small, Params(from_month=JAN, to_month=FEB))
    assert found is not None and found.key == "drivers.headline"
    assert headline_for(small, Params(to_month=FEB)) is None  # February 2013: no data


@pytest.fixture(scope="module")
def history(shipped_history: Path) -> Iterator[Database]:
    db = Database.open_read_only(shipped_history)
    yield db
    db.close()


def changes_by_sql(
    db: Database, group: str, first: dt.date, last: dt.date, left_out: set[tuple[str, str]]
) -> tuple[dict[str, int], dict[str, int]]:
    """Each mission's and each contributor's change of the group's personnel from ``first`` to
    ``last``, by plain SQL on the contributions: the group's members and associates on each
    month's last day, the ``left_out`` contributor x mission cells (probable gaps) at neither."""
    rows = db.query(
        """SELECT c.month, c.contributor_iso3, c.mission, sum(c.total)::BIGINT
           FROM contributions c JOIN group_membership g
             ON g.iso3 = c.contributor_iso3 AND g.group_id = $group
            AND g.status IN ('member', 'associate')
            AND g.valid_from <= c.month AND coalesce(g.valid_to, DATE '9999-12-31') >= c.month
           WHERE c.month IN ($first, $last) GROUP BY ALL""",
        {"group": group, "first": first, "last": last},
    ).rows
    missions: dict[str, int] = {}
    contributors: dict[str, int] = {}
    for month, iso3, mission, total in rows:
        if (iso3, mission) in left_out:
            continue
        signed = total if month == last else -total
        missions[mission] = missions.get(mission, 0) + signed
        contributors[iso3] = contributors.get(iso3, 0) + signed
    return missions, contributors


def test_a_withdrawal_counts_in_the_drivers(history: Database) -> None:
    # January to February 2016, African Union members: the Democratic Republic of the Congo's
    # MINUSCA contingent (808) was repatriated; its missing February row is no probable gap
    # (9 in April), so its fall counts. The only gap left out is Benin's in UNMIL (2, none, 3).
    january, february = parse_month("2016-01"), parse_month("2016-02")
    result = compute(history, "drivers", Params(group="au", from_month=january, to_month=february))
    check_additive(result)
    gaps = [tuple(r[:3]) for r in result.extras["probable_source_gaps"].rows]
    assert gaps == [(january, "BEN", "UNMIL")]
    missions, contributors = changes_by_sql(history, "au", january, february, {("BEN", "UNMIL")})
    summary = result.extras["summary"].rows[0]
    change = summary[3] - summary[2]
    assert change == sum(missions.values()) == -519
    assert {k: r[6] for k, r in rows_of(result, "mission").items() if r[6]} == {
        k: v for k, v in missions.items() if v
    }
    assert rows_of(result, "contributor")["COD"][6] == contributors["COD"] == 16 - 825
    assert missions["MINUSCA"] == -621 and missions["UNMIL"] == -676
    french = Locale("fr").message(drivers_headline(result))
    assert (
        f"ont déployé 519 membres du personnel de moins, et leur part est passée de 47,9\u00a0% "
        f"à 48,2\u00a0%. Toute la baisse, et au-delà, vient d’une seule mission{NNBSP}: MINUL "
        f"(Liberia), \u2212676 membres du personnel (130\u00a0% de la variation)"
    ) in french
    assert not french_problems(french, "drivers headline")
    english = Locale("en").message(drivers_headline(result))
    assert (
        "All of the fall, and more, comes from one mission: UNMIL (Liberia), \u2212676" in english
    )


def test_a_political_mission_is_never_named_as_the_cause(history: Database) -> None:
    # June to July 2016, European Union members: the largest rise of any mission is UNSOM's (a
    # special political mission, +40: the United Kingdom's 3 became 44), ahead of MINUSMA's +38;
    # the headline names the peacekeeping operation that rose most and gives the missions apart
    # their own total
    june, july = parse_month("2016-06"), parse_month("2016-07")
    result = compute(history, "drivers", Params(group="eu", from_month=june, to_month=july))
    check_additive(result)
    left_out = {(r[1], r[2]) for r in result.extras["probable_source_gaps"].rows}
    by_sql, _ = changes_by_sql(history, "eu", june, july, left_out)
    missions = rows_of(result, "mission")
    assert all(row[11] in ("pko", "spm", "support") for row in missions.values())
    assert missions["UNSOM"][11] == "spm" and missions["UNSOM"][6] == by_sql["UNSOM"] == 40
    change = result.extras["summary"].rows[0][3] - result.extras["summary"].rows[0][2]
    assert change == sum(by_sql.values()) == 58
    assert max(missions.values(), key=lambda r: r[6])[1] == "UNSOM"  # it would top the drivers
    assert {r[0]: r[5] for r in result.extras["mission_hosts"].rows}["UNSOM"] == "spm"
    top_pko = max((r for r in missions.values() if r[11] == "pko"), key=lambda r: r[6])
    assert top_pko[1] == "MINUSMA" and top_pko[6] == by_sql["MINUSMA"] == 38
    apart = sum(r[6] for r in missions.values() if r[11] != "pko" or max(r[7], r[8]) < 100)
    others = change - top_pko[6] - apart
    french = Locale("fr").message(drivers_headline(result))
    assert "UNSOM" not in french and "Somalie" not in french
    assert (
        "Parmi les opérations de maintien de la paix d’au moins 100 membres du personnel, "
        f"premier moteur de la hausse{NNBSP}: MINUSMA (Mali), +38 membres du personnel "
        f"(66\u00a0% de la variation){NNBSP}; au total, les autres missions ont légèrement "
        f"diminué (\u2212{-others} membres du personnel){NNBSP}; hors du classement, les missions "
        "politiques spéciales et les bureaux d’appui comptent "
        f"+{apart} membres du personnel au total."
    ) in french
    assert not french_problems(french, "drivers headline")
    english = Locale("en").message(drivers_headline(result))
    assert "UNSOM" not in english and "Somalia" not in english
    assert (
        "Among peacekeeping operations of at least 100 peacekeepers, the largest part of the "
        "rise: MINUSMA (Mali), +38 peacekeepers (66% of the change); taken together, the "
        f"other missions fell slightly (\u2212{-others} peacekeepers); outside the ranking, "
        f"special political missions and support offices account for +{apart} peacekeepers in all."
    ) in english
    # the full table still lists the political mission, marked by its kind, in both languages
    for locale, kind in (
        (Locale("fr"), "mission politique spéciale"),
        (Locale("en"), "special political mission"),
    ):
        unsom = [row for row in human_rows(result.table, locale) if row[1] == "UNSOM"]
        assert unsom[0][-1] == kind
        assert header("kind", locale) == {"fr": "Type", "en": "Kind"}[locale.lang]


def test_a_small_mission_is_never_named_as_the_cause(small: Database) -> None:
    # January to February 2014 by hand: MINUSTAH (0 -> 80) is a peacekeeping operation of fewer
    # than 100 at both months, so it may not be named; UNMISS (120 -> 0) and contributors may
    result = compute(small, "drivers", Params(from_month=JAN, to_month=FEB, kinds=("pko",)))
    missions = rows_of(result, "mission")
    assert missions["MINUSTAH"][11] == "pko" and max(missions["MINUSTAH"][7:9]) == 80
    assert not may_be_named(missions["MINUSTAH"]) and may_be_named(missions["UNMISS"])
    assert may_be_named(rows_of(result, "contributor")["CAN"])


def drivers_between(db: Database, first: str, last: str) -> IndicatorResult:
    """The OIF members' drivers from ``first`` to ``last`` (YYYY-MM)."""
    return compute(db, "drivers", Params(from_month=parse_month(first), to_month=parse_month(last)))


def month_totals(db: Database, group: str, month: dt.date) -> tuple[int, int]:
    """(group personnel, all personnel) of a month from the share indicator."""
    share = compute(db, "share", Params(group=group, from_month=month, to_month=month))
    row = next(r for r in share.table.records() if r["category"] == "all")
    return int(row["group_personnel"]), int(row["total_personnel"])


def test_the_headline_says_when_gaps_make_its_figures_differ(history: Database) -> None:
    # July 2024 to July 2025: Belgium's UNTSO row is a probable source gap in July 2024, so the
    # compared figures (19,311 at the end) leave out one person of the month's total (19,312):
    # the headline says it compares like with like, and how many gaps it leaves out
    result = drivers_between(history, "2024-07", "2025-07")
    summary = result.extras["summary"].records()[0]
    group_after, _ = month_totals(history, "oif", parse_month("2025-07"))
    assert summary["group_after"] != group_after and summary["gaps_in_figures"] > 0
    gaps = Locale("fr").count(summary["gaps_in_figures"], "source_gap")
    french = Locale("fr").message(drivers_headline(result))
    assert french.startswith(
        f"Entre juillet 2024 et juillet 2025, à données comparables (hors {gaps}), les membres "
        "de l’OIF ont déployé 225 membres du personnel de moins"
    )
    english = Locale("en").message(drivers_headline(result))
    assert "on comparable figures (leaving out " in english
    assert "probable gaps in the source" in english or "probable gap in the source" in english
    assert not french_problems(french, "drivers headline")
    # without gaps in the compared cells, the plain sentence (test_drivers_headline_by_hand)


def test_members_that_left_the_group_are_named_first(history: Database) -> None:
    # Burkina Faso, Mali and Niger left the OIF in March 2025: their 214 peacekeepers of July
    # 2024 no longer count in July 2025, most of the group's fall (225); the headline says so
    # before naming the mission that fell most
    result = drivers_between(history, "2024-07", "2025-07")
    changes = result.extras["membership_changes"]
    left = {r[0]: r for r in changes.rows if r[3] == "left"}
    assert set(left) == {"BFA", "MLI", "NER"}
    contributors = rows_of(result, "contributor")
    assert all(left[k][4] == contributors[k][4] and contributors[k][5] == 0 for k in left)
    assert all(contributors[k][8] > 0 for k in left)  # they still deploy: not counted
    moved = sum(r[4] for r in left.values())
    assert moved == 214
    french = Locale("fr").message(drivers_headline(result))
    membership = (
        f"Ne comptent plus dans le groupe au second mois{NNBSP}: Niger, Burkina Faso, Mali "
        "(214 membres du personnel au premier mois)."
    )
    assert membership in french
    assert french.index(membership) < french.index("MINUSCA")
    assert not french_problems(french, "drivers headline")
    english = Locale("en").message(drivers_headline(result))
    assert (
        "No longer counted in the group at the end: Niger, Burkina Faso, Mali (214 peacekeepers "
        "at the start)."
    ) in english
    # every contributor of the table is translated, the membership column too
    for locale, value in ((Locale("fr"), "ne compte plus"), (Locale("en"), "no longer counted")):
        assert human_rows(changes, locale)[0][3] == value


def test_a_small_net_change_between_opposite_movements(history: Database) -> None:
    # July 2010 to July 2011: UNOCI rose by 658, the other missions fell by 656; a net +2 is
    # not "32,900 % of the change"
    result = drivers_between(history, "2010-07", "2011-07")
    missions = rows_of(result, "mission")
    top = missions["UNOCI"]
    change = result.extras["summary"].rows[0][3] - result.extras["summary"].rows[0][2]
    others = sum(r[6] for k, r in missions.items() if k != "UNOCI")
    assert (change, top[6], others) == (2, 658, -656)
    french = Locale("fr").message(drivers_headline(result))
    assert (
        f"Ce faible solde cache des mouvements opposés{NNBSP}: ONUCI (Côte d’Ivoire), +658 "
        "membres du personnel, contre \u2212656 membres du personnel pour l’ensemble des autres "
        "missions."
    ) in french
    assert "%" not in french.split("Ce faible solde")[1] and "légèrement" not in french
    assert not french_problems(french, "drivers headline")
    english = Locale("en").message(drivers_headline(result))
    assert (
        "This small net change hides opposite movements: UNOCI (Côte d’Ivoire), +658 "
        "peacekeepers, against \u2212656 peacekeepers for the other missions taken together."
    ) in english


def test_share_points_read_as_points(real: Database) -> None:
    # the contribution to the change of the share is a difference of shares: "+4,3 pt", never
    # "4,3 %" under a header that says points, and never "-0,0"
    result = compute(real, "drivers", Params(from_month=parse_month("2013-02"), to_month=FEB))
    assert result.table.column("share_points").kind == "points"
    for locale, top in ((Locale("fr"), "+4,3 pt"), (Locale("en"), "+4.3 pt")):
        shown = [row[10] for row in human_rows(result.table, locale)]
        assert shown[0] == top
        assert all(text.endswith(" pt") and "%" not in text and "-" not in text for text in shown)
        assert all(text[0] in "+\u22120" for text in shown)
        assert header("share_points", locale) in ("Variation (points)", "Change (points)")


def test_a_month_without_source_inside_the_data_is_said_as_such(history: Database) -> None:
    # no UN report gives July 2022: a hole inside 1990-2025, not the edge of the data
    with pytest.raises(QueryError) as raised:
        drivers_between(history, "2022-07", "2023-07")
    assert raised.value.message("fr") == (
        "aucune source ne donne 2022-07, un mois sans données à l’intérieur de la période "
        f"couverte (1990-11 à 2025-07){NNBSP}; choisissez un mois voisin"
    )
    assert raised.value.message("en").startswith("no source gives 2022-07, a month without data")
    with pytest.raises(QueryError) as before:
        compute(history, "drivers", Params(from_month=parse_month("1980-07"), to_month=FEB))
    assert before.value.key == "indicator.error.no_data_for"
