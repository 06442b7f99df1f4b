"""A read command never creates a database: a missing one is said, in the run's language, and
nothing is written; the commands that write (ingest, update, snapshot load) create it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DATA, Cli

READS: list[tuple[str, ...]] = [
    ("sources",),
    ("sql", "SELECT 1 AS one"),
    ("export", "contributions"),
    ("export", "countries", "--format", "xlsx"),
    ("indicator", "share", "--from", "2014-02", "--to", "2014-02"),
    ("groups", "oif", "--at", "2014-02-28"),
    ("coverage",),
    ("report", "--month", "2014-02", "--out", "bulletin.pdf"),
]


@pytest.mark.parametrize("args", READS, ids=lambda args: args[0])
def test_a_read_command_refuses_a_missing_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    # `sources` and `export` created the folder, the database and its lock, then printed an
    # empty table or "0 lignes écrites" (exit code 0); only `sql` refused
    monkeypatch.chdir(tmp_path)  # where export and report would write their files
    db = tmp_path / "no-folder" / "x.duckdb"
    for lang, said in (
        ("fr", f"aucune base de données à {db}\u202f: pkobs {args[0]} n’en crée jamais"),
        ("en", f"no database at {db}: pkobs {args[0]} never creates one"),
    ):
        result = Cli(db)(*args, lang=lang)
        assert result.exit_code == 4, result.output
        assert said in result.output, result.output
        assert "--db" in result.output and "snapshot load" in result.output
        assert isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []  # no folder, database, lock or output file


def test_check_data_checks_the_reference_data_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "no-folder" / "x.duckdb"
    result = Cli(db)("check-data")
    assert result.exit_code == 0, result.output  # the reference data, which needs no database
    assert f"No ingested data to check yet (no database at {db})." in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_commands_that_write_create_it(tmp_path: Path) -> None:
    # what `make run` does on a fresh home: snapshot load --if-empty, then reads
    history = Cli(tmp_path / "home" / "history.duckdb")
    loaded = history("snapshot", "load", "--if-empty")
    assert loaded.exit_code == 0, loaded.output
    latest = history("sql", "SELECT strftime(max(month), '%Y-%m') AS m FROM source_months")
    assert latest.exit_code == 0 and "2025-07" in latest.output
    share = history("indicator", "share", "--from", "2025-07", "--to", "2025-07")
    assert share.exit_code == 0, share.output
    again = history("snapshot", "load", "--if-empty")
    assert again.exit_code == 0 and again.output == ""
    ingested = Cli(tmp_path / "other" / "pkobs.duckdb")("ingest", str(DATA / "psdh_small.csv"))
    assert ingested.exit_code == 0, ingested.output
    assert (tmp_path / "other" / "pkobs.duckdb").is_file()
