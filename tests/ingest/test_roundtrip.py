"""Hypothesis round trips: any valid generated file ingests, and the ``contributions`` view gives
back exactly the generated non-zero cells (un-psdh long format, ipi-gender wide format)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkobs.pipeline import ingest_files
from pkobs.store import open_database

COUNTRIES = {"SEN": "Senegal", "FRA": "France", "CAN": "Canada", "NPL": "Nepal", "BRA": "Brazil"}
MISSIONS = ("UNIFIL", "UNMISS", "MONUSCO", "UNFICYP")  # all active from 2011 to today
PSDH_TYPES = {
    "Troops": "troops",
    "Staff Officer": "staff_officers",
    "Individual Police": "individual_police",
    "Formed Police Units": "formed_police_units",
    "Experts on Mission": "experts_on_mission",
}
GENDER_TYPES = {
    "Individual Police": "individual_police",
    "Formed Police Units": "formed_police_units",
    "Experts on Mission": "experts_on_mission",
    "Troops": "troops",
}
MONTHS = [dt.date(2015 + m // 12, m % 12 + 1, 1) for m in range(96)]
Key = tuple[dt.date, str, str, str]  # month (first day), iso3, mission, personnel type
Cell = tuple[int | None, int | None, int]  # male, female, total
ROUNDTRIP = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def last_day(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, up-to-date database, copied for every example (opening it then writes nothing)."""
    path = tmp_path_factory.mktemp("roundtrip") / "template.duckdb"
    open_database(path).close()
    return path


def ingested(template: Path, content: str) -> Iterator[set[tuple[Key, Cell]]]:
    with tempfile.TemporaryDirectory() as folder:
        db, data = Path(folder) / "db.duckdb", Path(folder) / "data.csv"
        shutil.copy(template, db)
        data.write_text(content, encoding="utf-8")
        con = open_database(db)
        try:
            ingest_files(con, [data])
            rows = con.execute(
                "SELECT month, contributor_iso3, mission, personnel_type, male, female, total "
                "FROM contributions"
            ).fetchall()
        finally:
            con.close()
    yield {((r[0].replace(day=1), r[1], r[2], r[3]), (r[4], r[5], r[6])) for r in rows}


keys = st.tuples(
    st.sampled_from(MONTHS),
    st.sampled_from(sorted(COUNTRIES)),
    st.sampled_from(MISSIONS),
    st.sampled_from(sorted(PSDH_TYPES)),
)
count = st.integers(min_value=0, max_value=3000)


@ROUNDTRIP
@given(
    st.dictionaries(keys, st.tuples(count, count), min_size=1, max_size=30),
    st.sampled_from(["%Y-%m-%d", "%Y-%m"]),
    st.booleans(),
)
def test_psdh_long_round_trip(
    template: Path,
    cells: dict[tuple[dt.date, str, str, str], tuple[int, int]],
    date_format: str,
    crlf: bool,
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n" if crlf else "\n")
    writer.writerow(
        [
            *("contribution_id", "isocode3", "contributing_country", "mission_acronym"),
            *("personnel_type", "last_reporting_date", "male_personnel", "female_personnel"),
        ]
    )
    for number, ((month, iso3, mission, kind), (male, female)) in enumerate(cells.items()):
        day = last_day(month).strftime(date_format)
        writer.writerow([number, iso3, COUNTRIES[iso3], mission, kind, day, male, female])
    expected = {
        ((month, iso3, mission, PSDH_TYPES[kind]), (male, female, male + female))
        for (month, iso3, mission, kind), (male, female) in cells.items()
        if male + female > 0
    }
    if not expected:  # a file of zeros only holds nothing: covered by other tests
        return
    for got in ingested(template, out.getvalue()):
        assert got == expected


gender_key = st.tuples(
    st.sampled_from(MONTHS), st.sampled_from(sorted(COUNTRIES)), st.sampled_from(MISSIONS)
)
gender_cell = st.tuples(count, count, st.integers(min_value=0, max_value=50))


@ROUNDTRIP
@given(
    st.dictionaries(
        gender_key,
        st.fixed_dictionaries({kind: gender_cell for kind in GENDER_TYPES}),
        min_size=1,
        max_size=12,
    )
)
def test_ipi_gender_wide_round_trip(
    template: Path, rows: dict[tuple[dt.date, str, str], dict[str, tuple[int, int, int]]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    sexes = ("Male", "Female", "Total")
    writer.writerow(
        ["", "Date", "Contributor", "Contributor ISO-3", "Mission"]
        + [f"{kind} {sex}" for kind in [*GENDER_TYPES, "Total"] for sex in sexes]
    )
    expected: set[tuple[Key, Cell]] = set()
    for number, ((month, iso3, mission), by_kind) in enumerate(rows.items(), start=1):
        counts: list[int] = []
        sums = [0, 0, 0]
        for kind in GENDER_TYPES:  # the columns' order in the header
            male, female, unknown = by_kind[kind]
            cell = (male, female, male + female + unknown)
            counts += cell
            sums = [a + b for a, b in zip(sums, cell, strict=True)]
            if cell[2] > 0:
                expected.add(((month, iso3, mission, GENDER_TYPES[kind]), cell))
        date = last_day(month).isoformat()
        writer.writerow([str(number), date, COUNTRIES[iso3], iso3, mission, *counts, *sums])
    if not expected:
        return
    for got in ingested(template, out.getvalue()):
        assert got == expected
