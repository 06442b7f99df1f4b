"""The one database handle every layer uses: opening, transactions, and reads that return Tables.

Like sqlite-utils' ``Database``: the CLI, the web site and the bulletin open a :class:`Database`
and pass it down; nothing outside ``pkobs.store`` (and the ingest readers that hand files to
DuckDB) holds a raw DuckDB connection or writes SQL of its own for execution.

- :meth:`Database.open` opens for writing: it migrates and loads the reference data when they
  changed (and writes nothing when they did not).
- :meth:`Database.open_read_only` never writes: a missing or outdated file is a
  :class:`pkobs.errors.DatabaseError`, not something it creates or migrates.
- :meth:`Database.atomic` is the one way to run several writes as one transaction.
- :meth:`Database.query` runs a read and returns a :class:`pkobs.table.Table`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from pkobs.table import Table

Params = Sequence[Any] | dict[str, Any] | None


class Database:
    """An open DuckDB database (a file or ``:memory:``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | str, read_only: bool) -> None:
        self.con = con  # for pkobs.store's own modules only
        self.path = path
        self.read_only = read_only
        self._depth = 0

    @classmethod
    def open(cls, path: Path | str) -> Database:
        """Open for writing (created when missing), migrated, reference data up to date."""
        from pkobs.store.connection import open_database

        return cls(open_database(path), path, read_only=False)

    @classmethod
    def open_read_only(cls, path: Path | str) -> Database:
        """Open an existing, up-to-date database for reading."""
        from pkobs.store.connection import open_read_only

        return cls(open_read_only(path), path, read_only=True)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def query(self, sql: str, params: Params = None) -> Table:
        """Run one read; DuckDB's error becomes a :class:`pkobs.errors.QueryError`."""
        from pkobs.store.query import run_sql

        values = params if params is None or isinstance(params, dict) else list(params)
        return run_sql(self.con, sql, values)

    def scalar(self, sql: str, params: Params = None) -> Any:
        """The first column of the first row of a read (``None`` when it returns no row)."""
        rows = self.query(sql, params).rows
        return rows[0][0] if rows else None

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction around the block: committed when it ends, rolled back if it raises.

        Nested blocks join the outer transaction.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK")
            raise
        self._depth = 0
        self.con.execute("COMMIT")


__all__ = ["Database"]
