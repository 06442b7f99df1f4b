"""Small reads about the ingested history that other layers need (update, snapshot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb


def latest_month_of(db_path: Path, source_format: str) -> dt.date | None:
    """The latest month covered by a source of ``source_format`` in ``db_path`` (None if none)."""
    if not db_path.exists():
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
