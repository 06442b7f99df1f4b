"""Every kind of bad input is refused with file, line and column, and nothing is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from pkobs.errors import IngestError
from pkobs.pipeline import ingest_files
from tests.conftest import DATA

GOOD = (DATA / "psdh_small.csv").read_text().splitlines()
HEADER = GOOD[0]


def write(tmp_path: Path, lines: list[str], name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refused(con: duckdb.DuckDBPyConnection, path: Path, fmt: str = "auto") -> str:
    before = con.execute("SELECT count(*) FROM contribution_records").fetchall()
    with pytest.raises(IngestError) as info:
        ingest_files(con, [path], fmt)
    assert con.execute("SELECT count(*) FROM contribution_records").fetchall() == before
    assert con.execute("SELECT count(*) FROM sources").fetchall()[0][0] == 0
    return info.value.render()


def test_missing_required_column(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = [",".join(c.split(",")[:7]) for c in GOOD]  # female_personnel dropped
    message = refused(con, write(tmp_path, lines), "un-psdh")
    assert "missing required columns" in message and "femalepersonnel" in message


def test_required_column_twice(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = [GOOD[0] + ",male_personnel"] + [line + ",1" for line in GOOD[1:]]
    message = refused(con, write(tmp_path, lines))
    assert "line 1, column 10 (male_personnel)" in message and "appears twice" in message


def test_unexpected_column_in_fixed_format(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
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
    lines = [
        header + ',"Civilians"',
        '"1",2014-02-28,"France","FRA","UNIFIL",' + "0,0,0,0,0,0,0,0,0,830,41,871,830,41,871,3",
    ]
    message = refused(con, write(tmp_path, lines))
    assert "unexpected column 'Civilians'" in message and "column 21" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12a", "'12a' is not a whole number"),
        ("-4", "negative count -4"),
        ("900000", "absurd count 900000"),
    ],
)
def test_bad_counts(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, value: str, expected: str
) -> None:
    lines = list(GOOD)
    cells = lines[3].split(",")
    cells[6] = value
    lines[3] = ",".join(cells)
    message = refused(con, write(tmp_path, lines))
    assert f"line 4, column 7 (male_personnel): {expected}" in message


def test_male_plus_female_above_total(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
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
    lines = [
        header,
        '"1",2014-02-28,"France","FRA","UNIFIL",' + "0,0,0,0,0,0,0,0,0,830,42,871,830,42,871",
    ]
    message = refused(con, write(tmp_path, lines))
    assert (
        "line 2, column 17 (Troops Total): male 830 + female 42 is more than the total 871"
        in message
    )


def test_unknown_countries_and_missions_all_listed(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    lines = list(GOOD)
    lines[2] = lines[2].replace("SEN,Senegal", ",Atlantis")
    lines[5] = lines[5].replace("FRA,France", ",Lemuria")
    lines[6] = lines[6].replace("MINUSTAH", "MINUFOO")
    lines[7] = lines[7].replace("UNIFIL", "UNBAR")
    message = refused(con, write(tmp_path, lines))
    assert "line 3, column 3 (contributing_country): unknown country 'Atlantis'" in message
    assert "line 6, column 3 (contributing_country): unknown country 'Lemuria'" in message
    assert "line 7, column 4 (mission_acronym): unknown mission 'MINUFOO'" in message
    assert "line 8, column 4 (mission_acronym): unknown mission 'UNBAR'" in message


def test_name_and_code_disagree(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = list(GOOD)
    lines[1] = lines[1].replace("SEN,Senegal", "SEN,France")
    message = refused(con, write(tmp_path, lines))
    assert "country 'France' is FRA but the code column says 'SEN'" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2014-13-01", "is not a month"),
        ("28/02/2014", "is not a month"),
        ("next month", "is not a month"),
    ],
)
def test_not_a_month(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, value: str, expected: str
) -> None:
    lines = list(GOOD)
    lines[4] = lines[4].replace("2014-02-28", value)
    message = refused(con, write(tmp_path, lines))
    assert f"line 5, column 6 (last_reporting_date): '{value}' {expected}" in message


def test_future_month(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    future = dt.date.today().replace(day=1) + dt.timedelta(days=40)
    lines = list(GOOD)
    lines[4] = lines[4].replace("2014-02-28", future.strftime("%Y-%m"))
    message = refused(con, write(tmp_path, lines))
    assert "line 5, column 6 (last_reporting_date)" in message and "is in the future" in message


def test_duplicate_keys(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = [*GOOD, GOOD[1].replace("1,SEN", "99,SEN")]
    message = refused(con, write(tmp_path, lines))
    assert "duplicate key 2014-02 SEN MINUSMA troops on lines 2, 13" in message


def test_name_variants_in_one_month_are_duplicates(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    lines = [
        *GOOD,
        "12,,United States,UNIFIL,Troops,2014-02-28,1,0,x",
        "13,,United States of America,UNIFIL,Troops,2014-02-28,2,0,x",
    ]
    message = refused(con, write(tmp_path, lines))
    assert "duplicate key 2014-02 USA UNIFIL troops on lines 13, 14" in message


def test_unknown_personnel_type(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = list(GOOD)
    lines[3] = lines[3].replace("Individual Police", "Cooks")
    message = refused(con, write(tmp_path, lines))
    assert "line 4, column 5 (personnel_type): unknown personnel type 'Cooks'" in message


def test_empty_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert "the file is empty" in refused(con, path)


def test_header_only(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    assert "no data rows" in refused(con, write(tmp_path, [HEADER]))


def test_truncated_last_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text("\n".join(GOOD) + "\n12,SEN,Senegal,MINU")
    message = refused(con, path)
    assert "line 13: truncated last row: the header has 9 fields, this row 4" in message


def test_ragged_middle_row(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = list(GOOD)
    lines[5] = lines[5] + ",surplus"
    message = refused(con, write(tmp_path, lines))
    assert "not a well-formed CSV file" in message and "line 6" in message


def test_binary_junk(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"\x07\x14\x00\x06\x00" + bytes(range(256)) * 4)
    assert "binary data" in refused(con, path)


def test_zip_renamed_csv(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    assert "zip-compressed data, not CSV text: decompress the file" in refused(con, path)


def test_not_utf8_nor_latin1(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    text = "\n".join(GOOD).replace("Cote d Ivoire", "C\u00f4te d\u2019Ivoire") + "\n"
    path.write_bytes(text.encode("cp1252"))
    message = refused(con, path)
    assert "neither UTF-8 nor Latin-1" in message and "line 11" in message


def test_utf16_refused(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes(("\n".join(GOOD) + "\n").encode("utf-16"))
    assert "UTF-16" in refused(con, path)


def test_bom_and_latin1_are_accepted_and_said(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + ("\n".join(GOOD) + "\n").encode())
    latin = tmp_path / "latin.csv"
    text = "\n".join([*GOOD[:1], GOOD[10].replace("Cote d Ivoire", "Côte d'Ivoire")]) + "\n"
    latin.write_bytes(text.encode("latin-1"))
    report = ingest_files(con, [bom, latin])
    assert [f.encoding for f in report.files] == ["utf-8-sig", "latin-1"]
    assert con.execute("SELECT encoding FROM sources ORDER BY encoding").fetchall() == [
        ("latin-1",),
        ("utf-8-sig",),
    ]
    assert (
        con.execute("SELECT count(*) FROM contributions WHERE contributor_iso3 = 'CIV'").fetchall()[
            0
        ][0]
        == 1
    )


def test_one_bad_file_means_no_file_is_written(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    bad = write(tmp_path, [HEADER, GOOD[1].replace("900", "lots")])
    with pytest.raises(IngestError) as info:
        ingest_files(con, [DATA / "psdh_small.csv", bad])
    assert "lots" in info.value.render()
    assert con.execute("SELECT count(*) FROM all_contributions").fetchall()[0][0] == 0


def test_missing_file(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    assert "no such file" in refused(con, tmp_path / "nope.csv")


def test_messages_in_french(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    lines = list(GOOD)
    lines[2] = lines[2].replace("MINUSMA", "MINUFOO")
    with pytest.raises(IngestError) as info:
        ingest_files(con, [write(tmp_path, lines)])
    text = info.value.message("fr")
    assert text.startswith("rien n’a été ingéré\u202f;") and "1 problème" in text
    assert (
        "ligne 3, colonne 4 (mission_acronym)\u202f: mission inconnue «\u202fMINUFOO\u202f» "
        "(1 ligne\u202f;" in text
    )


def test_file_digest_streams_and_refuses_special_files(tmp_path: Path) -> None:
    import hashlib
    import os

    from pkobs.ingest.inspect import CHUNK_BYTES, file_digest

    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" * (CHUNK_BYTES // 2))  # spans several chunks
    assert file_digest(big) == (hashlib.sha256(big.read_bytes()).hexdigest(), 2 * CHUNK_BYTES)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path, expected in [
        (fifo, "named pipe"),
        (Path("/dev/zero"), "device"),
        (tmp_path, "directory"),
    ]:
        with pytest.raises(IngestError) as info:
            file_digest(path)
        assert expected in info.value.render()


def test_failed_ingest_leaves_database_file_untouched(db_path: Path, tmp_path: Path) -> None:
    import hashlib

    from pkobs.store import open_database

    open_database(db_path).close()
    before = (hashlib.sha256(db_path.read_bytes()).hexdigest(), db_path.stat().st_mtime_ns)
    bad = write(tmp_path, [HEADER, GOOD[1].replace("900", "0x3F")])
    con = open_database(db_path)
    with pytest.raises(IngestError):
        ingest_files(con, [bad])
    con.close()
    assert (hashlib.sha256(db_path.read_bytes()).hexdigest(), db_path.stat().st_mtime_ns) == before


def test_database_held_by_a_reader_is_explained(db_path: Path) -> None:
    import subprocess
    import sys

    from pkobs.errors import DatabaseError
    from pkobs.store import open_database

    open_database(db_path).close()
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], "
            "read_only=True); print('open', flush=True); time.sleep(30)",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == b"open"
        with pytest.raises(DatabaseError) as info:
            open_database(db_path)
        message = info.value.message("fr")
        assert f"(PID {reader.pid})" in message and "pkobs serve" in message
        assert "même un lecteur bloque un écrivain" in message
    finally:
        reader.kill()
        reader.wait()
