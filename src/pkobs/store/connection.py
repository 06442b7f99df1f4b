"""Opening the database: migrations, views and reference data are brought up to date here.

Opening writes nothing when everything is up to date (schema version, views, reference data),
so a command that then fails, such as a refused ingest, leaves the file's bytes and mtime as
they were.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from pkobs.errors import DatabaseError
from pkobs.i18n import t
from pkobs.settings import Language
from pkobs.store.schema import MIGRATIONS, SCHEMA_VERSION, VIEWS

Connection = duckdb.DuckDBPyConnection


def connect(path: Path | str, read_only: bool = False, lang: Language = "en") -> Connection:
    """A raw DuckDB connection (``:memory:`` allowed), with a clear error when it cannot open.

    DuckDB lets one process open a file for writing, and then no other process may open it,
    even read-only (a server reading it blocks ``pkobs ingest``): the error says who holds it.
    """
    target = str(path)
    if target != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        text = str(exc)
        holder = re.search(r"Conflicting lock is held in .*?\(PID (\d+)\)", text)
        if holder is not None:
            message = t("db.locked", lang, path=target, pid=holder.group(1))
        else:
            message = t("db.cannot_open", lang, path=target, reason=text.splitlines()[0])
        raise DatabaseError(message) from exc


def current_version(con: Connection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(row[0][0]) if row else 0


def migrate(con: Connection) -> int:
    """Apply every pending migration, each in its own transaction. Returns the new version."""
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"database schema version {version} is newer than this pkobs ({SCHEMA_VERSION}); "
            "upgrade pkobs."
        )
    migrated = False
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        migrated = True
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                [str(migration.version)],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
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
    stored = con.execute("SELECT value FROM meta WHERE key = 'views_sha256'").fetchall()
    if stored and stored[0][0] == digest and not force:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for name, body in VIEWS.items():
            con.execute(f"CREATE OR REPLACE VIEW {name} AS {body}")
        con.execute("INSERT OR REPLACE INTO meta VALUES ('views_sha256', ?)", [digest])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def open_database(path: Path | str, lang: Language = "en") -> Connection:
    """Open for writing: migrate, then load the shipped reference data if it changed."""
    from pkobs.refdata.loader import sync_reference_data

    con = connect(path, lang=lang)
    migrate(con)
    sync_reference_data(con)
    return con


def open_read_only(path: Path | str) -> Connection:
    """Open an existing database read-only (queries, web). Creates it first if it is missing."""
    target = Path(path)
    if str(path) == ":memory:":
        return open_database(path)
    if not target.exists():
        open_database(target).close()
    con = connect(target, read_only=True)
    if current_version(con) != SCHEMA_VERSION:
        con.close()
        open_database(target).close()
        con = connect(target, read_only=True)
    return con


def data_version(con: Connection) -> str:
    """A short string that changes whenever the data changes (used for HTTP ETags)."""
    rows = con.execute("SELECT key, value FROM meta ORDER BY key").fetchall()
    return ";".join(f"{k}={v}" for k, v in rows if k in {"data_version", "refdata_sha256"})
