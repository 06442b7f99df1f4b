"""What every connection pkobs opens is set up with, and how a new file's version is read."""

from __future__ import annotations

from pathlib import Path

from pkobs.store.connection import connect, current_version, open_database
from pkobs.store.schema import SCHEMA_VERSION


def test_duckdb_progress_bar_is_off(tmp_path: Path) -> None:
    """DuckDB's own bar would print on the terminal during a long statement (even for a quiet
    ingest); the edges show their own progress."""
    for read_only in (False, True):
        con = connect(tmp_path / "p.duckdb", read_only=read_only)
        try:
            setting = con.execute("SELECT current_setting('enable_progress_bar')").fetchall()
            assert setting == [(False,)]
        finally:
            con.close()


def test_version_of_a_new_and_of_a_migrated_file(tmp_path: Path) -> None:
    con = connect(tmp_path / "v.duckdb")
    try:
        assert current_version(con) == 0  # no meta table yet
        con.execute("CREATE SCHEMA other")
        con.execute("CREATE TABLE other.meta(key VARCHAR, value VARCHAR)")
        assert current_version(con) == 0  # another schema's meta is not ours
    finally:
        con.close()
    con = open_database(tmp_path / "w.duckdb")
    try:
        assert current_version(con) == SCHEMA_VERSION
    finally:
        con.close()
