"""The one database handle every layer uses: opening, transactions, and reads that return Tables.

Like sqlite-utils' ``Database``: the CLI, the web site and the bulletin open a :class:`Database`
and pass it down; nothing outside ``pkobs.store`` (and the ingest readers that hand files to
DuckDB) holds a raw DuckDB connection or writes SQL of its own for execution.

- :meth:`Database.open` opens for writing: it migrates and loads the reference data when they
  changed (and writes nothing when they did not).
- :meth:`Database.open_read_only` never writes: a missing or outdated file is a
  :class:`pkobs.errors.DatabaseError` (``db.missing``, ``db.outdated``), not something it
  creates or migrates. Whoever wants a missing file created opens it for writing first,
  explicitly: :meth:`Database.prepare` (or :meth:`Database.open_for_reading`, which prepares
  only when the read-only open is refused as missing or outdated).
- :meth:`Database.atomic` is the one way to run several writes as one transaction: every
  ``BEGIN``/``COMMIT``/``ROLLBACK`` of the store is written here and nowhere else.
- :meth:`Database.query` runs a read and returns a :class:`pkobs.table.Table`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import duckdb

from pkobs.table import Table

Params = Sequence[Any] | dict[str, Any] | None
Connection = duckdb.DuckDBPyConnection

# Open transactions per connection (by id): two handles wrapping the same connection share one
# transaction, so an atomic block inside another one joins it instead of failing on BEGIN.
_DEPTHS: dict[int, int] = {}


class Database:
    """An open DuckDB database (a file or ``:memory:``)."""

    def __init__(self, con: Connection, path: Path | str, read_only: bool) -> None:
        self.con = con  # for pkobs.store's own modules only
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | str) -> Database:
        """Open for writing (created when missing), migrated, reference data up to date."""
        from pkobs.store.connection import open_database

        return cls(open_database(path), path, read_only=False)

    @classmethod
    def open_read_only(cls, path: Path | str) -> Database:
        """Open an existing, up-to-date database for reading; never creates or migrates it.

        Raises :class:`pkobs.errors.DatabaseError` ``db.missing`` when there is no file at
        ``path`` (and creates nothing, not even its folder), ``db.outdated`` or ``db.newer``
        when its schema or views are not this pkobs's.
        """
        from pkobs.store.connection import open_read_only

        return cls(open_read_only(path), path, read_only=True)

    @classmethod
    def prepare(cls, path: Path | str) -> bool:
        """Create or bring up to date the file at ``path`` for later read-only use.

        Opens it for writing only when it is missing or outdated (a file that is up to date is
        not touched). Returns True when it wrote. This is the explicit step a reader such as
        ``pkobs serve`` on a fresh home takes before opening read-only.
        """
        from pkobs.store.connection import needs_writing

        if not needs_writing(path):
            return False
        cls.open(path).close()
        return True

    @classmethod
    def open_for_reading(cls, path: Path | str) -> Database:
        """Read-only, after :meth:`prepare` when the file is missing or outdated (the CLI's read
        commands refuse a missing database before: only an outdated one is brought up to date
        here). An up-to-date file is opened once, read-only."""
        from pkobs.errors import DatabaseError

        try:
            return cls.open_read_only(path)
        except DatabaseError as error:
            if error.key not in ("db.missing", "db.outdated"):
                raise
        cls.open(path).close()
        return cls.open_read_only(path)

    @classmethod
    def of(cls, handle: Database | Connection) -> Database:
        """A :class:`Database` for a store function given either a handle or, during the
        transition, a raw connection."""
        if isinstance(handle, Database):
            return handle
        return cls(handle, ":connection:", read_only=False)

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

    def checkpoint(self) -> None:
        """Write everything to the database file itself (before it is copied or renamed)."""
        self.con.execute("CHECKPOINT")

    def execute(self, sql: str, params: Params = None) -> None:
        """Run one statement for its effect (store modules only: writes, DDL, COPY)."""
        values = params if params is None or isinstance(params, dict) else list(params)
        self.con.execute(sql, values)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """One transaction around the block: committed when it ends, rolled back if it raises.

        Nested blocks (on this handle or another one on the same connection) join the outer
        transaction.
        """
        key = id(self.con)
        if _DEPTHS.get(key):
            _DEPTHS[key] += 1
            try:
                yield self
            finally:
                _DEPTHS[key] -= 1
            return
        self.con.execute("BEGIN TRANSACTION")
        _DEPTHS[key] = 1
        try:
            yield self
        except BaseException:
            _DEPTHS.pop(key, None)
            self.con.execute("ROLLBACK")
            raise
        _DEPTHS.pop(key, None)
        self.con.execute("COMMIT")


def transaction(handle: Database | Connection) -> AbstractContextManager[Database]:
    """``with transaction(con_or_db):`` is :meth:`Database.atomic`, for a raw connection too."""
    return Database.of(handle).atomic()


__all__ = ["Connection", "Database", "transaction"]
