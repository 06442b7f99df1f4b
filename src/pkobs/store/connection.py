"""Opening the database: migrations, views and reference data are brought up to date here.

Opening for writing writes nothing when everything is up to date (schema version, views,
reference data), so a command that then fails, such as a refused ingest, leaves the file's bytes
and mtime as they were. Opening read-only never writes at all: a missing or outdated file is a
:class:`DatabaseError` that says what to run. :class:`pkobs.store.database.Database` is the
handle the other layers use; the functions here return raw connections for the store itself
(and, during the transition, for callers that still take one).
"""

from __future__ import annotations

import errno
import hashlib
import re
import weakref
from pathlib import Path

import duckdb

from pkobs.errors import DatabaseError
from pkobs.messages import Message
from pkobs.store.database import Connection, transaction
from pkobs.store.schema import MIGRATIONS, SCHEMA_VERSION, VIEWS

# Every connection this process opened through the store, held weakly: Ctrl-C stops the
# statement each one runs (interrupt_running). DuckDB alone misses a SIGINT that arrives at some
# moments of a statement (it clears the KeyboardInterrupt and runs on).
_OPEN: weakref.WeakSet[Connection] = weakref.WeakSet()


def interruptible(con: Connection) -> Connection:
    """``con``, registered so that :func:`interrupt_running` stops its running statement."""
    _OPEN.add(con)
    return con


def interrupt_running() -> None:
    """Stop the statement that every open connection is running (for Ctrl-C: the statement
    ends with DuckDB's interrupt error; an idle connection is not affected)."""
    for con in list(_OPEN):
        try:
            con.interrupt()
        except duckdb.Error:  # closed meanwhile
            _OPEN.discard(con)


# Why a file cannot be written, said in the reader's language (else the system's own words).
OS_REASONS = {
    errno.EACCES: "os.reason.permission",
    errno.EPERM: "os.reason.permission",
    errno.EROFS: "os.reason.read_only",
    errno.ENOSPC: "os.reason.no_space",
    errno.EDQUOT: "os.reason.no_space",
    errno.ENOENT: "os.reason.cannot_create",
}


def os_reason(error: OSError, path: Path | None = None) -> Message | str:
    """Why ``error`` happened, as a language-free :class:`Message` for the usual reasons (a
    folder that is not writable, a read-only file system, a path through a file, a full disk),
    otherwise the system's own text. ``path`` is the file that was being created."""
    if error.errno in (errno.ENOTDIR, errno.EEXIST) and path is not None:
        blocking = next((p for p in path.parents if p.exists()), None)
        if blocking is not None and not blocking.is_dir():
            return Message("os.reason.not_a_folder", {"path": str(blocking)})
    key = OS_REASONS.get(error.errno or 0)
    return Message(key) if key else (error.strerror or str(error))


def folder_not_writable(db_path: Path | str, error: OSError, created: Path) -> DatabaseError:
    """``db.folder_not_writable``: ``created`` (the database, or its lock file beside it) cannot
    be written in the folder of ``db_path``; says which path and why, in the reader's language."""
    db = Path(db_path)
    return DatabaseError(
        "db.folder_not_writable",
        path=str(db),
        folder=str(db.parent),
        reason=os_reason(error, created),
    )


def connect(path: Path | str, read_only: bool = False) -> Connection:
    """A raw DuckDB connection (``:memory:`` allowed), with a clear error when it cannot open.

    DuckDB lets one process open a file for writing, and then no other process may open it,
    even read-only (a server reading it blocks ``pkobs ingest``): the error says who holds it.
    Opening read-only creates nothing: a missing file is ``db.missing``.
    """
    target = str(path)
    if target != ":memory:":
        if read_only:
            if not Path(target).is_file():
                raise DatabaseError("db.missing", path=target)
        else:
            try:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise folder_not_writable(target, exc, Path(target)) from None
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        holder = re.search(r"Conflicting lock is held in .*?\(PID (\d+)\)", text)
        if holder is not None:
            raise DatabaseError("db.locked", path=target, pid=holder.group(1)) from exc
        raise DatabaseError("db.cannot_open", path=target, reason=text.splitlines()[0]) from exc
    # DuckDB's own progress bar would print on the terminal during a long statement (even for
    # `pkobs ingest --quiet`) and tracks progress for it: the edges show their own progress.
    con.execute("SET enable_progress_bar = false")
    return interruptible(con)


def _meta(con: Connection, key: str) -> str | None:
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
    return str(rows[0][0]) if rows else None


def current_version(con: Connection) -> int:
    """The schema version written in ``meta`` (0 for a database without one)."""
    try:  # one read, where listing the catalogue (duckdb_tables()) first cost a query more
        value = _meta(con, "schema_version")
    except duckdb.CatalogException:  # no meta table: a new database
        return 0
    return int(value) if value is not None else 0


def _file_of(con: Connection) -> str:
    rows = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    return str(rows[0][0]) if rows and rows[0][0] else ":memory:"


def _check_not_newer(version: int, path: object) -> None:
    if version > SCHEMA_VERSION:
        raise DatabaseError("db.newer", path=str(path), version=version, supported=SCHEMA_VERSION)


def migrate(con: Connection) -> int:
    """Apply every pending migration, each in its own transaction. Returns the new version."""
    version = current_version(con)
    _check_not_newer(version, _file_of(con))
    migrated = False
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        migrated = True
        with transaction(con):
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                [str(migration.version)],
            )
        version = migration.version
    create_views(con, force=migrated)
    return version


def views_digest() -> str:
    """sha256 over every view's name and body: the views need recreating when it changes."""
    digest = hashlib.sha256()
    for name, body in VIEWS.items():
        digest.update(f"{name}\0{body}\0".encode())
    return digest.hexdigest()


def create_views(con: Connection, force: bool = False) -> None:
    """(Re)create the views, unless the database already has these exact ones."""
    digest = views_digest()
    if _meta(con, "views_sha256") == digest and not force:
        return
    with transaction(con):
        for name, body in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
        con.execute("INSERT OR REPLACE INTO meta VALUES ('views_sha256', ?)", [digest])


def is_current(con: Connection) -> bool:
    """The schema version and the views are this pkobs's (reference data is not compared)."""
    if current_version(con) != SCHEMA_VERSION:
        return False
    return _meta(con, "views_sha256") == views_digest()


def open_database(path: Path | str) -> Connection:
    """Open for writing: migrate, then load the shipped reference data if it changed."""
    from pkobs.store.refdata_load import sync_reference_data

    con = connect(path)
    try:
        migrate(con)
        sync_reference_data(con)
    except BaseException:
        con.close()
        raise
    return con


def needs_writing(path: Path | str) -> bool:
    """True when ``path`` is missing or outdated (a read-only open would refuse it)."""
    if str(path) == ":memory:" or not Path(path).is_file():
        return True
    con = connect(path, read_only=True)
    try:
        return not is_current(con)
    finally:
        con.close()


def open_read_only(path: Path | str) -> Connection:
    """Open an existing, up-to-date database read-only (queries, web). Never writes.

    ``db.missing`` when there is no file (nothing is created, not even the folder);
    ``db.newer`` when it comes from a newer pkobs; ``db.outdated`` when its schema or views
    are older (opening it for writing once, e.g. ``pkobs coverage``, brings it up to date).
    ``:memory:`` is a new in-memory database (nothing on disk).
    """
    if str(path) == ":memory:":
        return open_database(path)
    con = connect(path, read_only=True)
    try:
        version = current_version(con)
        _check_not_newer(version, path)
        if not is_current(con):
            raise DatabaseError(
                "db.outdated", path=str(path), version=version, expected=SCHEMA_VERSION
            )
    except BaseException:
        con.close()
        raise
    return con


def data_version(con: Connection) -> str:
    """A short string that changes whenever the data changes (used for HTTP ETags)."""
    rows = con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
    return ";".join(f"{k}={v}" for k, v in rows if k in {"data_version", "refdata_sha256"})


def wal_path(db_path: Path) -> Path:
    """Where DuckDB keeps the write-ahead log of ``db_path``."""
    return db_path.with_name(db_path.name + ".wal")


def fold_wal(db_path: Path) -> None:
    """Write a leftover write-ahead log (after a crash) into the file, e.g. before copying it.

    ``db.wal_busy`` when another process holds the file (it cannot be checkpointed then).
    """
    if not wal_path(db_path).exists():
        return
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        raise DatabaseError("db.wal_busy", path=str(db_path), reason=str(exc)) from None
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
