"""Read-only queries and exports over the contract views."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb

from pkobs.errors import DatabaseError, QueryError
from pkobs.store.connection import interruptible
from pkobs.store.database import Database
from pkobs.store.schema import VIEWS
from pkobs.table import Table

Handle = Database | duckdb.DuckDBPyConnection
EXPORT_BATCH_ROWS = 10_000
# What ``pkobs sql`` runs: reads only (SELECT, WITH, VALUES, FROM, DESCRIBE, SHOW, SUMMARIZE are
# all parsed as SELECT by DuckDB; EXPLAIN shows a plan). Anything else is refused before it runs.
SANDBOX_STATEMENTS = (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN)
# Set on the sandbox connection once the database is attached, in this order (the last one
# forbids any later SET/RESET): no file or network access, no extension installed or loaded.
SANDBOX_SETTINGS = (
    ("enable_external_access", "false"),
    ("autoinstall_known_extensions", "false"),
    ("autoload_known_extensions", "false"),
    ("lock_configuration", "true"),
)
SANDBOX_CATALOG = "observatory"


def run_sql(
    handle: Database | duckdb.DuckDBPyConnection,
    sql: str,
    params: list[Any] | dict[str, Any] | None = None,
) -> Table:
    """Run one query; DuckDB's own message becomes a QueryError (``store.query_failed``).

    Store code only; other layers call :meth:`Database.query` or a typed store function."""
    con = handle.con if isinstance(handle, Database) else handle
    try:
        relation = con.execute(sql, params or [])
        columns = [d[0] for d in relation.description or []]
        return Table(columns, relation.fetchall())
    except duckdb.InterruptException:
        raise  # Ctrl-C, reported as such by the edges (pkobs.cli.interrupt), not a bad query
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower():
            raise QueryError("store.read_only_query") from None
        raise QueryError("store.query_failed", reason=message) from None


def view_page(handle: Handle, view: str, limit: int, offset: int) -> tuple[Table, int]:
    """Rows ``offset`` to ``offset + limit`` of a contract view in a stable order (by every
    column), and the view's row count (``view`` must be one of :data:`VIEWS`)."""
    if view not in VIEWS:
        raise QueryError("export.unknown_table", table=view, known=sorted(VIEWS))
    rows = run_sql(handle, f"SELECT * FROM {view} ORDER BY ALL LIMIT ? OFFSET ?", [limit, offset])
    total = int(run_sql(handle, f"SELECT count(*) FROM {view}").rows[0][0])
    return rows, total


def sources_listing(handle: Handle) -> Table:
    """Every ingested file (the ``sources`` view), in the order they were ingested."""
    return run_sql(handle, "SELECT * FROM sources ORDER BY ingested_at, source")


def source_hashes(path: Path) -> set[str]:
    """The sha256 of every file the database at ``path`` holds (empty when it does not exist).

    Opened read-only and never created: this is how an update decides whether a download is new
    *for this database*, whatever other databases sharing the same downloads folder hold.
    """
    path = Path(path)
    if not path.is_file():
        return set()
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DatabaseError(
            "db.cannot_open", path=str(path), reason=str(exc).splitlines()[0]
        ) from None
    try:
        return {str(row[0]) for row in con.execute("SELECT sha256 FROM sources").fetchall()}
    except duckdb.CatalogException:  # an empty file, created before the schema existed
        return set()
    finally:
        con.close()


def view_batches(
    handle: Handle, view: str
) -> tuple[list[str], int, Iterator[list[tuple[Any, ...]]]]:
    """A contract view's columns, row count, and rows in batches of ``EXPORT_BATCH_ROWS`` (for
    :func:`pkobs.render.export.export_table`; ``view`` must be one of :data:`VIEWS`)."""
    con = handle.con if isinstance(handle, Database) else handle
    if view not in VIEWS:
        raise QueryError("export.unknown_table", table=view, known=sorted(VIEWS))
    count = int(con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0])
    relation = con.execute(f"SELECT * FROM {view}")
    columns = [d[0] for d in relation.description or []]

    def batches() -> Iterator[list[tuple[Any, ...]]]:
        while batch := relation.fetchmany(EXPORT_BATCH_ROWS):
            yield batch

    return columns, count, batches()


def copy_view_to_parquet(handle: Handle, view: str, path: Path) -> int:
    """Write a contract view to a Parquet file with DuckDB's COPY; returns its row count."""
    con = handle.con if isinstance(handle, Database) else handle
    if view not in VIEWS:
        raise QueryError("export.unknown_table", table=view, known=sorted(VIEWS))
    count = int(con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0])
    quoted = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM {view}) TO '{quoted}' (FORMAT parquet)")
    return count


class SqlRefused(QueryError):
    """``pkobs sql`` refused a query before running it (bilingual, from the core catalogue)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key, **values)


class DatabaseMissing(DatabaseError):
    """The database file to read does not exist: a read command (``pkobs sql`` and the others,
    ``command``) never creates one."""

    def __init__(self, path: Path, command: str = "pkobs sql") -> None:
        self.path = path
        super().__init__("cli.no_database", path=str(path), command=command)


def single_read_statement(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one read-only statement in ``sql``; raises :class:`SqlRefused` for anything else."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError("store.query_failed", reason=str(exc).splitlines()[0]) from None
    if len(statements) != 1:
        raise SqlRefused("sql.one_statement", count=len(statements))
    statement = statements[0]
    if statement.type not in SANDBOX_STATEMENTS:
        kind = str(statement.type).rsplit(".", 1)[-1]
        raise SqlRefused("sql.not_a_read", kind=kind)
    return str(statement.query)


def open_sandbox(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection that can read ``path``'s views and nothing else on the machine.

    A fresh in-memory instance attaches the file read-only (so no other connection of this
    process shares its settings), then external access and extension loading are switched off
    and the configuration is locked. A missing file raises :class:`DatabaseMissing`.
    """
    path = Path(path)
    if not path.is_file():
        raise DatabaseMissing(path)
    Database.prepare(path)  # brings an older schema up to date (the file exists: never creates)
    con = interruptible(duckdb.connect(":memory:"))
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {SANDBOX_CATALOG} (READ_ONLY)")
        con.execute(f"USE {SANDBOX_CATALOG}")
        for name, value in SANDBOX_SETTINGS:
            con.execute(f"SET {name} = {value}")
    except BaseException:
        con.close()
        raise
    return con


def run_sandboxed_sql(path: Path, sql: str) -> Table:
    """Run exactly one read-only statement over the database at ``path``, sandboxed."""
    con = open_sandbox(path)
    try:
        statement = single_read_statement(con, sql)
        try:
            return run_sql(con, statement)
        except QueryError as exc:
            if "permission error" in str(exc).lower():
                raise SqlRefused("sql.no_external_access", error=str(exc)) from None
            raise
    finally:
        con.close()
