"""The senior posts and training section on hand-made registry rows (figures counted by hand)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pkobs.i18n import Locale
from pkobs.indicators import IndicatorResult, Params, parse_month
from pkobs.reports.data import BulletinData, SeniorHolder, gather
from pkobs.reports.leadership import centre_counts, holders_table, training_table, training_text
from pkobs.store.database import Database
from pkobs.table import Table
from tests.conftest import requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata]

CENTRE_COLUMNS = ["name", "country_iso3", "country", "founded", "francophone", "is_member"]


FR, EN = Locale("fr"), Locale("en")


@pytest.fixture(scope="module")
def february(real_db_path: object) -> BulletinData:
    """February 2014's facts: language-free, so one gathering serves both languages."""
    with Database.open_read_only(str(real_db_path)) as db:
        return gather(db, parse_month("2014-02"), Params())


def with_centres(data: BulletinData, rows: list[tuple[object, ...]]) -> BulletinData:
    real = data.section("training-centres")
    assert real is not None
    centres = IndicatorResult(real.table, real.meta, {"centres": Table(CENTRE_COLUMNS, rows)})
    return replace(data, sections={**data.sections, "training-centres": centres})


def test_training_centres_are_counted_by_country_leaving_out_later_ones(
    february: BulletinData,
) -> None:
    rows: list[tuple[object, ...]] = [
        ("A", "FRA", "France", 1990, True, True),
        ("B", "FRA", "France", None, False, True),  # founding year unknown: counted
        ("C", "SEN", "Sénégal", 2020, True, True),  # founded after 2014: left out
        ("D", "GHA", "Ghana", 1998, False, False),
    ]
    data = with_centres(february, rows)
    counts, later = centre_counts(data)
    assert later == 1
    assert {(c.country, c.centres, c.francophone) for c in counts} == {
        ("France", 2, 1),
        ("Ghana", 1, 0),
    }
    text = " ".join(training_text(data, FR, counts, later)).replace("\u00a0", " ")
    assert text == (
        "Le registre de l’observatoire recense 3 centres de formation au maintien de la paix "
        "dans 2 pays, dont 1 centre francophone (le français y est une langue principale "
        "d’enseignement) dans 1 pays. Parmi ces centres francophones, 1 se trouve dans un pays "
        "du groupe. Le décompte exclut 1 centre créé après 2014."
    )
    table = training_table(data, FR, counts)
    assert table is not None
    assert table.rows == [["France", "1"], ["Total", "1"]]


def test_a_long_list_of_countries_is_printed_in_two_halves(
    february: BulletinData,
) -> None:
    names = ["Bénin", "Canada", "Égypte", "France", "Mali", "Niger", "Tchad"]
    rows: list[tuple[object, ...]] = [(n, n.upper()[:3], n, 2000, True, True) for n in names]
    rows.append(("second", "CAN", "Canada", 2001, True, True))
    data = with_centres(february, rows)
    table = training_table(data, FR, centre_counts(data)[0])
    assert table is not None
    assert len(table.columns) == 4
    assert table.rows == [  # Canada first (2 centres), then by name, accents ignored
        ["Canada", "2", "Mali", "1"],
        ["Bénin", "1", "Niger", "1"],
        ["Égypte", "1", "Tchad", "1"],
        ["France", "1", "Total", "8"],
    ]


def test_holders_table_marks_uncertain_and_acting_rows(february: BulletinData) -> None:
    holders = [
        SeniorHolder("UNOCI", "police_commissioner", "C. Police", "RWA", False, False),
        SeniorHolder("UNOCI", "head_of_mission", "A. Head", "NER", False, True),
        SeniorHolder("MONUSCO", "force_commander", "B. Force", "BRA", True, False),
        SeniorHolder("UNMISS", "head_of_mission", "Not Hosted", "NOR", False, False),
    ]
    for locale, expected in (
        (
            FR,
            [
                ["MONUSCO", "Commandant de la force (par intérim)", "B. Force", "Brésil"],
                ["ONUCI", "Chef de mission", "A. Head *", "Niger"],
                ["ONUCI", "Chef de la police", "C. Police", "Rwanda"],
            ],
        ),
        (
            EN,
            [
                ["MONUSCO", "Force commander (acting)", "B. Force", "Brazil"],
                ["UNOCI", "Head of mission", "A. Head *", "Niger"],
                ["UNOCI", "Police commissioner", "C. Police", "Rwanda"],
            ],
        ),
    ):
        table = holders_table(replace(february, senior_holders=holders), locale)
        assert table is not None
        assert table.rows == expected  # UNMISS is not in an OIF country: not listed
        assert table.note.startswith("* ")
    certain = [h for h in holders if not h.uncertain]
    table = holders_table(replace(february, senior_holders=certain), EN)
    assert table is not None and table.note == ""
    assert holders_table(replace(february, senior_holders=[]), EN) is None


def test_the_month_holders_come_from_the_registry(february: BulletinData) -> None:
    holders = {(h.mission, h.post): h.person for h in february.senior_holders}
    assert holders[("MONUSCO", "head_of_mission")] == "Martin Kobler"
    assert holders[("UNOCI", "head_of_mission")] == "Aïchatou Mindaoudou Souleymane"
    assert february.month == dt.date(2014, 2, 28)
