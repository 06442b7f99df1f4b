"""Build the next database beside the live one, then swap it in with one atomic rename.

Readers (``pkobs serve`` through :class:`pkobs.store.live.LiveDatabase`) keep using the old file
until the rename, then open the new one on their next request: they never wait and never see a
half-written database. If anything fails before the rename, the copy is deleted and the live file
has not been touched at all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from pkobs.store.connection import fold_wal, wal_path
from pkobs.store.database import Connection, Database


def stale_builds(db_path: Path) -> list[Path]:
    """Copies left beside ``db_path`` by an update that was killed before it could clean up."""
    folder = db_path.parent
    if not folder.is_dir():
        return []
    found = [*folder.glob(f".{db_path.name}.*.next"), *folder.glob(f".{db_path.name}.*.next.wal")]
    return sorted(p for p in found if p.is_file())


def remove_stale_builds(db_path: Path) -> list[Path]:
    """Delete those copies (call it holding the update lock, so no build is in progress)."""
    removed = stale_builds(db_path)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def _fsync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


class DatabaseBuild:
    """``with DatabaseBuild(path) as build:`` write into ``build.db``, then ``build.swap()``.

    Leaving the block without calling :meth:`swap` (or on an exception) discards the copy.
    """

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.temp_path: Path | None = None
        self._db: Database | None = None
        self.swapped = False

    @property
    def db(self) -> Database:
        """The copy, open for writing."""
        if self._db is None:
            raise RuntimeError("the database copy is not open")
        return self._db

    @property
    def con(self) -> Connection:
        """The copy's raw connection (for :func:`pkobs.pipeline.ingest_files`, which takes one)."""
        return self.db.con

    def __enter__(self) -> DatabaseBuild:
        folder = self.db_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{self.db_path.name}.", suffix=".next", dir=folder)
        os.close(handle)
        self.temp_path = Path(name)
        try:
            if self.db_path.exists():
                fold_wal(self.db_path)
                shutil.copyfile(self.db_path, self.temp_path)
                shutil.copymode(self.db_path, self.temp_path)
            else:
                self.temp_path.unlink()  # DuckDB creates a new file itself
            self._db = Database.open(self.temp_path)
        except BaseException:
            self._discard()
            raise
        return self

    def swap(self) -> None:
        """Make the copy durable and rename it over the live database (atomic on POSIX)."""
        assert self.temp_path is not None
        self.db.checkpoint()
        self.db.close()
        self._db = None
        with self.temp_path.open("rb") as data:
            os.fsync(data.fileno())
        os.replace(self.temp_path, self.db_path)
        self.swapped = True
        _fsync_folder(self.db_path.parent)

    def _discard(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self.temp_path is not None and not self.swapped:
            self.temp_path.unlink(missing_ok=True)
            wal_path(self.temp_path).unlink(missing_ok=True)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._discard()
