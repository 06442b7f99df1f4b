"""The fast read converts a file's count columns once, and every record keeps its line.

After the fast read's counts pass as plain integers, their columns are stored as BIGINT (one
conversion, not one per check and per long row). The figures written and the lines named, in
stored rows and in problems, stay those of the file, also when the caller already holds a
transaction (DuckDB then numbers records from a large offset).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pkobs.errors import IngestError
from pkobs.messages import Message
from pkobs.pipeline import ingest_files
from pkobs.store.database import Database

HEADER = (
    "contribution_id,isocode3,contributing_country,mission_acronym,personnel_type,"
    "last_reporting_date,male_personnel,female_personnel\n"
)
ROWS = (
    "1,GHA,Ghana,UNIFIL,Troops,2014-02-28,870,3\n"
    "2,FRA,France,UNIFIL,Troops,2014-02-28,0,0\n"
    "3,SEN,Senegal,MINUSMA,Individual Police,2014-02-28,12,\n"
    "4,FRA,France,UNIFIL,Staff Officers,2014-02-28,31,4\n"
)


def stored(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT line, contributor_iso3, mission, personnel_type, male, female, total "
        "FROM contribution_records ORDER BY line"
    ).fetchall()


EXPECTED = [
    (2, "GHA", "UNIFIL", "troops", 870, 3, 873),
    (4, "SEN", "MINUSMA", "individual_police", 12, None, 12),
    (5, "FRA", "UNIFIL", "staff_officers", 31, 4, 35),
]


@pytest.mark.parametrize("in_transaction", [False, True])
def test_counts_and_lines_are_the_files(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, in_transaction: bool
) -> None:
    path = tmp_path / "psdh.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    database = Database.of(con)
    if in_transaction:
        with database.atomic():
            ingest_files(database, [path])
    else:
        ingest_files(database, [path])
    assert stored(con) == EXPECTED


@pytest.mark.parametrize("in_transaction", [False, True])
def test_a_problem_found_after_the_conversion_names_its_line(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, in_transaction: bool
) -> None:
    """Plain integers, so the counts are converted; the absurd one is reported on its line."""
    path = tmp_path / "absurd.csv"
    path.write_text(HEADER + ROWS + "5,GHA,Ghana,UNIFIL,Police,2014-02-28,90000,1\n", "utf-8")
    database = Database.of(con)
    with pytest.raises(IngestError) as caught:
        if in_transaction:
            with database.atomic():
                ingest_files(database, [path])
        else:
            ingest_files(database, [path])
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.column_name) == (6, 7, "male_personnel")
    assert problem.message == Message.of("ingest.absurd", value="90000", limit=50_000)
    assert stored(con) == []
