"""Read-only queries and exports over the contract views."""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from pkobs.errors import DatabaseError, QueryError
from pkobs.store.schema import VIEWS
from pkobs.table import Table

EXPORT_FORMATS = ("csv", "parquet", "xlsx")
EXPORT_BATCH_ROWS = 10_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> Table:
    """Run one query; DuckDB's own message becomes a QueryError."""
    try:
        relation = con.execute(sql, params or [])
        columns = [d[0] for d in relation.description or []]
        return Table(columns, relation.fetchall())
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower():
            message = "the database is opened read-only: only SELECT queries are allowed"
        raise QueryError(f"query failed: {message}") from None


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
        raise DatabaseError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    try:
        return {str(row[0]) for row in con.execute("SELECT sha256 FROM sources").fetchall()}
    except duckdb.CatalogException:  # an empty file, created before the schema existed
        return set()
    finally:
        con.close()


def export_table(con: duckdb.DuckDBPyConnection, table: str, fmt: str, out: Path) -> int:
    """Write a view to ``out`` (written to a temporary file, then renamed). Returns rows."""
    if table not in VIEWS:
        raise QueryError(f"unknown table {table!r}; choose one of {', '.join(sorted(VIEWS))}")
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out)
    if not out.parent.exists():
        raise QueryError(f"cannot write {out}: folder {out.parent} does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        count = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
        if fmt == "xlsx":
            write_xlsx(con, f"SELECT * FROM {table}", temp, table)
        elif fmt == "csv":
            write_csv(con, f"SELECT * FROM {table}", temp)
        else:
            con.execute(f"COPY (SELECT * FROM {table}) TO '{temp}' (FORMAT parquet)")
        temp.replace(out)
    except OSError as exc:
        raise QueryError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)
    return count


def csv_text(value: str) -> str:
    """A text cell made safe for spreadsheets: one that starts like a formula gets a ``'``.

    Excel, LibreOffice and Google Sheets evaluate a cell that starts with ``= + - @`` (or a tab
    or carriage return before one) as a formula ("CSV injection"); the quote makes it text.
    Numbers are written by the caller as numbers, never through here.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def plain_cell(value: object) -> str:
    """A value as text: empty for NULL, ISO dates, exact numbers (``repr`` of floats)."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_cell(value: object) -> str:
    """One CSV cell: :func:`plain_cell`, with text that looks like a formula neutralised."""
    return csv_text(value) if isinstance(value, str) else plain_cell(value)


def csv_rows(table: Table) -> list[list[str]]:
    return [[csv_cell(value) for value in row] for row in table.rows]


def write_csv(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    """Stream a query to a CSV file in batches (cells neutralised by :func:`csv_cell`)."""
    relation = con.execute(sql)
    columns = [d[0] for d in relation.description or []]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_text(c) for c in columns])
        while batch := relation.fetchmany(EXPORT_BATCH_ROWS):
            writer.writerows([csv_cell(value) for value in row] for row in batch)


def write_xlsx(con: duckdb.DuckDBPyConnection, sql: str, path: Path, sheet: str) -> None:
    """Stream a query to an XLSX file: rows are fetched and written in batches, and the
    workbook keeps one row in memory (``constant_memory``)."""
    import xlsxwriter

    relation = con.execute(sql)
    columns = [d[0] for d in relation.description or []]
    workbook = xlsxwriter.Workbook(
        str(path),
        {"remove_timezone": True, "constant_memory": True, "strings_to_formulas": False},
    )
    try:
        worksheet = workbook.add_worksheet(sheet[:31])
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        worksheet.write_row(0, 0, columns)
        r = 0
        while batch := relation.fetchmany(EXPORT_BATCH_ROWS):
            for row in batch:
                r += 1
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, dt.date | dt.datetime):
                        worksheet.write_datetime(r, c, value, date_format)
                    elif isinstance(value, bool | int | float):
                        worksheet.write(r, c, value)
                    else:
                        worksheet.write_string(r, c, str(value))
    finally:
        workbook.close()


class SqlRefused(QueryError):
    """``pkobs sql`` refused a query before running it (bilingual, from the core catalogue)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key, **values)


class DatabaseMissing(DatabaseError):
    """The database file to query does not exist (it is never created by a query)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("sql.no_database", path=str(path))


def single_read_statement(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one read-only statement in ``sql``; raises :class:`SqlRefused` for anything else."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {str(exc).splitlines()[0]}") from None
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
    from pkobs.store.connection import open_read_only

    path = Path(path)
    if not path.is_file():
        raise DatabaseMissing(path)
    open_read_only(path).close()  # brings an older schema up to date; never creates a file
    con = duckdb.connect(":memory:")
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
