"""``pkobs sql`` is a sandbox: it reads the database and nothing else on the machine."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pkobs.store.query import SqlRefused, run_sandboxed_sql
from tests.conftest import DATA, Cli, fresh_database


@pytest.fixture
def loaded(cli: Cli, small_db: Path) -> Cli:
    """The CLI on this test's own copy of a database holding psdh_small.csv."""
    fresh_database(small_db, cli.db)
    return cli


@pytest.fixture
def listener() -> Iterator[tuple[str, list[bytes]]]:
    """A TCP listener on 127.0.0.1 that records whatever connects to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            received.append(conn.recv(1024))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", received
    stop.set()
    thread.join()
    server.close()


def refused(cli: Cli, query: str, lang: str = "en") -> str:
    result = cli("sql", query, lang=lang)
    assert result.exit_code != 0, (query, result.output)
    assert "Traceback" not in result.output
    return str(result.output)


def test_copy_does_not_write_a_file(loaded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "x"
    target.write_text("keep me")
    output = refused(loaded, f"COPY (SELECT 1) TO '{target}'")
    assert "COPY statement is not allowed" in output
    assert target.read_text() == "keep me"
    # ... not even hidden behind a first, harmless statement
    output = refused(loaded, f"SELECT 1; COPY (SELECT 1) TO '{target}'")
    assert "exactly one statement" in output and "holds 2" in output
    assert target.read_text() == "keep me"


def test_export_database_writes_nothing(loaded: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    refused(loaded, f"EXPORT DATABASE '{folder}'")
    assert not folder.exists()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM read_blob('/etc/passwd')",
        "SELECT * FROM glob('/root/*')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM sniff_csv('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
    ],
)
def test_no_file_is_read(loaded: Cli, query: str) -> None:
    output = refused(loaded, query)
    assert "root:x" not in output  # /etc/passwd's first line


def test_file_reads_say_why_in_both_languages(loaded: Cli) -> None:
    assert "cannot read or write files" in refused(loaded, "SELECT * FROM read_text('/etc/passwd')")
    french = refused(loaded, "SELECT * FROM glob('/etc/*')", lang="fr")
    assert "ne peut ni lire ni écrire de fichiers" in french


@pytest.mark.parametrize(
    "query",
    [
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET threads = 1",
        "SET enable_external_access = true",
        "RESET lock_configuration",
        "ATTACH '/tmp/pkobs-sandbox-probe.duckdb' AS other",
        "CREATE TABLE t AS SELECT 1",
        "CHECKPOINT",
        "PRAGMA enable_profiling",
    ],
)
def test_statements_other_than_reads_are_refused(loaded: Cli, query: str) -> None:
    output = refused(loaded, query)
    assert "is not allowed" in output
    assert not Path("/tmp/pkobs-sandbox-probe.duckdb").exists()


def test_no_network_request(loaded: Cli, listener: tuple[str, list[bytes]]) -> None:
    url, received = listener
    refused(loaded, f"SELECT * FROM read_csv('{url}/data.csv')")
    refused(loaded, f"INSTALL httpfs FROM '{url}'")
    assert received == []


def test_configuration_is_locked_even_inside_a_select(loaded: Cli) -> None:
    with pytest.raises(SqlRefused):
        run_sandboxed_sql(loaded.db, "SET enable_external_access = true")
    table = run_sandboxed_sql(
        loaded.db,
        "SELECT value FROM duckdb_settings() WHERE name IN "
        "('enable_external_access', 'lock_configuration') ORDER BY name",
    )
    assert table.rows == [("false",), ("true",)]


def test_reads_still_work(loaded: Cli) -> None:
    for query in (
        "SELECT count(*) AS n FROM contributions",
        "WITH c AS (SELECT * FROM contributions) SELECT count(*) AS n FROM c",
        "VALUES (1)",
        "DESCRIBE contributions",
        "SHOW TABLES",
        "SUMMARIZE contributions",
        "EXPLAIN SELECT 1",
        "SELECT 1;",
    ):
        result = loaded("sql", query, "--format", "csv")
        assert result.exit_code == 0, (query, result.output)
    assert loaded("sql", "SELECT count(*) AS n FROM contributions", "--format", "csv").output == (
        "n\n11\n"
    )


def test_missing_database_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "missing.duckdb"
    for lang, words in (("en", "no database at"), ("fr", "aucune base de données à")):
        result = Cli(missing)("sql", "SELECT 1", lang=lang)
        assert result.exit_code == 4
        assert words in result.output and str(missing) in result.output.replace("\n", "")
        assert "Traceback" not in result.output
    assert not missing.exists() and not missing.parent.exists()


def test_sql_csv_neutralises_formula_like_text(cli: Cli, db_path: Path) -> None:
    from pkobs.pipeline import ingest_files
    from pkobs.store import open_database

    con = open_database(db_path)
    ingest_files(con, [DATA / "psdh_small.csv"])
    con.close()
    result = cli("sql", "SELECT '=1+1' AS a, '@SUM(A1)' AS b, 3 AS n", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "'=1+1,'@SUM(A1),3"
