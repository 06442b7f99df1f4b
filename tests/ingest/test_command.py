"""``pkobs ingest`` imports only what it needs, and its options are read as Typer reads them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from pkobs.cli import app
from tests.conftest import DATA, fresh_database

PSDH = DATA / "psdh_small.csv"
# Loaded by other commands or other formats, never by ingesting a CSV file quietly.
NOT_NEEDED = (
    "pydantic",  # Typer's adapters (pkobs.cli.plain_params converts the plain parameters)
    "rich",
    "pkobs.render",
    "pkobs.indicators",
    "pkobs.ingest.ipi_json",
    "pkobs.ingest.ipi_series",
    "pkobs.ingest.pdf.layouts",
    "httpx",
)


def test_a_quiet_csv_ingest_imports_only_what_it_needs(template_db: Path, tmp_path: Path) -> None:
    db = fresh_database(template_db, tmp_path / "pkobs.duckdb")
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['pkobs', '--db', {str(db)!r}, 'ingest', {str(PSDH)!r}, '--quiet']\n"
        "try:\n"
        "    runpy.run_module('pkobs.cli', run_name='__main__')\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print('LOADED=' + ','.join(m for m in {NOT_NEEDED!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "LOADED=", done.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM contributions").fetchall() == [(11,)]
    finally:
        con.close()


def test_the_options_are_read_as_typer_reads_them(template_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = fresh_database(template_db, tmp_path / "pkobs.duckdb")
    # --db from the environment, a path given as text, the flags: the file is ingested.
    done = runner.invoke(
        app, ["--lang", "en", "ingest", str(PSDH), "--json"], env={"PKOBS_DB": str(db)}
    )
    assert done.exit_code == 0, done.output
    assert '"rows": 11' in done.output
    # No file: the usage error, in the run's language (French by default), exit code 2.
    missing = runner.invoke(app, ["--db", str(db), "ingest"], env={"PKOBS_LANG": ""})
    assert missing.exit_code == 2
    assert "il manque l’argument «\u202ffiles\u202f»" in missing.output
    missing = runner.invoke(app, ["--db", str(db), "--lang", "en", "ingest"])
    assert "Missing argument 'files'" in missing.output
    # A file that does not exist is the ingest's clear refusal, not a parsing error.
    absent = runner.invoke(
        app, ["--db", str(db), "--lang", "en", "ingest", str(tmp_path / "x.csv")]
    )
    assert absent.exit_code != 0
    assert "x.csv" in absent.output and "Traceback" not in absent.output
