"""Each format ingests; figures land exactly; provenance is recorded."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pkobs.errors import IngestError
from pkobs.ingest import detect_format, inspect_file
from pkobs.pipeline import ingest_files
from tests.conftest import DATA

PSDH = DATA / "psdh_small.csv"


def test_psdh_detected_and_ingested(con: duckdb.DuckDBPyConnection) -> None:
    assert detect_format(inspect_file(PSDH).header).name == "un-psdh"
    report = ingest_files(con, [PSDH])
    assert report.rows == 11
    rows = con.execute(
        """SELECT contributor_iso3, mission, personnel_type, male, female, total
           FROM contributions WHERE month = DATE '2014-02-28' ORDER BY 1, 2, 3"""
    ).fetchall()
    assert ("SEN", "MINUSMA", "staff_officers", 20, 1, 21) in rows
    assert ("CAN", "MINUSTAH", "individual_police", 70, 10, 80) in rows
    total = con.execute("SELECT sum(total) FROM contributions").fetchall()[0][0]
    assert total == 912 + 21 + 35 + 17 + 840 + 80 + 869 + 890 + 848 + 3 + 120


def test_psdh_columns_match_ignoring_case_and_spaces(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    text = PSDH.read_text().splitlines()
    text[0] = (
        "Contribution ID,ISOCODE3,Contributing Country,Mission Acronym,Personnel Type,"
        "Last Reporting Date,Male Personnel,Female Personnel,Other"
    )
    path = tmp_path / "renamed.csv"
    path.write_text("\n".join(text) + "\n")
    assert ingest_files(con, [path]).rows == 11


def test_source_line_is_traceable(con: duckdb.DuckDBPyConnection) -> None:
    ingest_files(con, [PSDH])
    row = con.execute(
        """SELECT c.source_line, s.sha256, s.path FROM contributions c JOIN sources s USING (source)
           WHERE contributor_iso3 = 'CAN'"""
    ).fetchall()[0]
    assert row[0] == 7  # line 7 of the file (header is line 1)
    assert len(row[1]) == 64 and row[2].endswith("psdh_small.csv")


def test_reingest_same_file_changes_nothing(con: duckdb.DuckDBPyConnection) -> None:
    ingest_files(con, [PSDH])
    before = con.execute("SELECT count(*) FROM all_contributions").fetchall()
    report = ingest_files(con, [PSDH])
    assert [f.status for f in report.files] == ["already ingested"]
    assert con.execute("SELECT count(*) FROM all_contributions").fetchall() == before
    assert con.execute("SELECT count(*) FROM sources").fetchall()[0][0] == 1


def test_two_sources_same_cells_both_kept_precedence_documented(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    """An IPI file and the UN hub file cover one cell: both are kept; the view picks the hub."""
    gender = tmp_path / "gender.csv"
    header = '"","Date","Contributor","Contributor ISO-3","Mission",' + ",".join(
        f'"{t} {g}"'
        for t in (
            "Individual Police",
            "Formed Police Units",
            "Experts on Mission",
            "Troops",
            "Total",
        )
        for g in ("Male", "Female", "Total")
    )
    gender.write_text(
        header
        + '\n"1",2014-02-28,"France","FRA","UNIFIL",'
        + "0,0,0,0,0,0,0,0,0,830,41,871,830,41,871\n"
    )
    ingest_files(con, [gender])
    ingest_files(con, [PSDH])
    kept = con.execute(
        "SELECT format, total FROM all_contributions WHERE contributor_iso3 = 'FRA' "
        "AND mission = 'UNIFIL' AND month = DATE '2014-02-28' ORDER BY format"
    ).fetchall()
    assert kept == [("ipi-gender", 871), ("un-psdh", 840)]
    chosen = con.execute(
        "SELECT total, source FROM contributions WHERE contributor_iso3 = 'FRA' "
        "AND mission = 'UNIFIL' AND month = DATE '2014-02-28'"
    ).fetchall()
    assert chosen[0][0] == 840 and chosen[0][1].startswith("un-psdh:")


def test_unknown_format_name_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(IngestError, match="unknown format"):
        ingest_files(con, [PSDH], "excel")


def test_forced_format_mismatch_lists_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(IngestError) as info:
        ingest_files(con, [PSDH], "ipi-gender")
    assert "missing required columns" in info.value.render()
