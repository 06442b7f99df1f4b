"""The real IPI files: totals equal the file's own Total columns; name variants collapse."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from tests.conftest import GENDER_FILE, ROOT, requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata]


def test_gender_totals_equal_file_totals(real_con: duckdb.DuckDBPyConnection) -> None:
    by_country: dict[tuple[str, str], int] = defaultdict(int)
    by_mission: dict[tuple[str, str], int] = defaultdict(int)
    with GENDER_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            month = row["Date"][:7]
            by_country[(month, row["Contributor ISO-3"])] += int(row["Total Total"])
            by_mission[(month, row["Mission"])] += int(row["Total Total"])
    ours_country = {
        (m, c): int(t)
        for m, c, t in real_con.execute(
            """SELECT strftime(month, '%Y-%m'), contributor_iso3, sum(total) FROM contributions
               WHERE month <= DATE '2014-02-28' GROUP BY 1, 2"""
        ).fetchall()
    }
    ours_mission = {
        (m, c): int(t)
        for m, c, t in real_con.execute(
            """SELECT strftime(month, '%Y-%m'), mission, sum(total) FROM contributions
               WHERE month <= DATE '2014-02-28' GROUP BY 1, 2"""
        ).fetchall()
    }
    assert ours_country == {k: v for k, v in by_country.items() if v}
    assert ours_mission == {k: v for k, v in by_mission.items() if v}


def test_name_variants_collapse(real_con: duckdb.DuckDBPyConnection) -> None:
    codes = {
        r[0]
        for r in real_con.execute(
            "SELECT DISTINCT contributor_iso3 FROM contributions WHERE month <= DATE '2014-02-28'"
        ).fetchall()
    }
    assert len(codes) == 130
    assert {"MDA", "TZA", "USA", "MKD", "CIV", "COD", "KOR"} <= codes


def test_feb_2014_headline(real_con: duckdb.DuckDBPyConnection) -> None:
    total = real_con.execute(
        "SELECT sum(total) FROM contributions WHERE month = DATE '2014-02-28'"
    ).fetchall()[0][0]
    assert total == 98350


def test_cli_reingest_says_nothing_changed(tmp_path: Path) -> None:
    pkobs = [sys.executable, "-m", "pkobs.cli"]
    db = str(tmp_path / "cli.duckdb")
    first = subprocess.run(
        [*pkobs, "--db", db, "--lang", "en", "ingest", str(GENDER_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [*pkobs, "--db", db, "--lang", "en", "ingest", str(GENDER_FILE), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert second.returncode == 0 and '"already ingested"' in second.stdout


def test_kill_9_during_ingest_leaves_database_as_before(tmp_path: Path) -> None:
    """A big ingest killed mid-way: the database holds exactly what it held before."""
    from pkobs.store import open_database
    from pkobs.synthetic import write_synthetic

    big = tmp_path / "SYNTHETIC-big.csv"
    write_synthetic(big, rows=600_000, gender_file=GENDER_FILE)
    db = tmp_path / "kill.duckdb"
    con = open_database(db)
    con.close()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    for delay in (0.8, 1.6):
        process = subprocess.Popen(
            [sys.executable, "-m", "pkobs.cli", "--db", str(db), "ingest", str(big), "--quiet"],
            env=env,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        check = duckdb.connect(str(db))
        rows = check.execute("SELECT count(*) FROM contribution_records").fetchall()[0][0]
        sources = check.execute("SELECT count(*) FROM source_files").fetchall()[0][0]
        check.close()
        assert (rows, sources) in {(0, 0), (600_000, 1)}
