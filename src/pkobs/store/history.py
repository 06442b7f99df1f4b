"""Small reads about the ingested history that other layers need (update, snapshot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pkobs.store.database import Connection, Database


def latest_month_of(db_path: Path, source_format: str) -> dt.date | None:
    """The latest month covered by a source of ``source_format`` in ``db_path`` (None if none).

    Read-only and never created: a missing file, or one without the schema yet, has no month.
    """
    if not db_path.is_file():
        return None
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT max(month) FROM source_months WHERE format = ?", [source_format]
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    value = rows[0][0] if rows else None
    return value if isinstance(value, dt.date) else None


def holds_ingested_files(handle: Database | Connection) -> bool:
    """True when the database holds at least one ingested file."""
    return bool(Database.of(handle).scalar("SELECT count(*) FROM source_files"))


def source_listing(handle: Database | Connection, data_root: Path) -> list[tuple[str, ...]]:
    """``source, path (relative to data_root), sha256, format, rows`` of every source."""
    table = Database.of(handle).query(
        "SELECT source, replace(path, ?, ''), sha256, format, rows FROM sources ORDER BY source",
        [str(data_root.resolve()).rstrip("/") + "/"],
    )
    return [tuple(row) for row in table.rows]


def synthetic_sources(handle: Database | Connection) -> list[str]:
    """The ingested sources made by :mod:`pkobs.synthetic` (their names contain SYNTHETIC)."""
    table = Database.of(handle).query(
        "SELECT source FROM sources WHERE source LIKE '%SYNTHETIC%' ORDER BY source"
    )
    return [str(row[0]) for row in table.rows]
