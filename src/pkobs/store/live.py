"""A read-only handle on a database file that may be replaced while it is open.

Updates build a new database file beside the old one and rename it into place (atomic on POSIX).
Readers such as the web server hold a :class:`LiveDatabase`: each request asks it for a cursor,
and it reopens the file when the name points to a new file (new inode or modification time), so
the server picks up new data without a restart and never sees a half-written database.

Like every read-only open, it never creates or migrates the file: a missing or outdated file is a
:class:`pkobs.errors.DatabaseError` (``db.missing``, ``db.outdated``) at the first cursor. Whoever
serves a fresh home prepares the file first (:meth:`pkobs.store.database.Database.prepare`, as
``pkobs serve`` does).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from pkobs.store.connection import open_read_only
from pkobs.store.database import Database

ATTACHED = "live"


class LiveDatabase:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamp: tuple[int, int] | None = None
        self._version = 0

    def _file_stamp(self) -> tuple[int, int]:
        stat = os.stat(self.path)
        return stat.st_ino, stat.st_mtime_ns

    def _open(self) -> duckdb.DuckDBPyConnection:
        # DuckDB caches open databases by path within a process: connecting to the same path again
        # while an older connection (or a cursor in flight) is alive returns the *old* file. A fresh
        # in-memory instance that ATTACHes the file always reads the file the name points to now.
        stamp = self._file_stamp() if self.path.exists() else None
        open_read_only(self.path).close()  # missing or outdated: DatabaseError, nothing written
        con = duckdb.connect(":memory:")
        quoted = str(self.path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {ATTACHED} (READ_ONLY)")
        self._stamp = stamp or self._file_stamp()
        self._version += 1
        return con

    @property
    def version(self) -> int:
        """How many times the file was (re)opened; changes when the data is replaced."""
        return self._version

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the current file (thread-safe; cheap when nothing changed)."""
        with self._lock:
            if self._con is None:
                self._con = self._open()
            else:
                try:
                    changed = self._file_stamp() != self._stamp
                except FileNotFoundError:  # mid-rename on some filesystems: keep the old file
                    changed = False
                if changed:
                    # The old connection is not closed here: cursors of requests in flight still
                    # use it. It is released when the last of them is gone.
                    self._con = self._open()
            cursor = self._con.cursor()
            cursor.execute(f"USE {ATTACHED}")
            return cursor

    def database(self) -> Database:
        """A read-only :class:`Database` on a new cursor of the current file (one per request;
        close it when the request is done)."""
        return Database(self.cursor(), self.path, read_only=True)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None
