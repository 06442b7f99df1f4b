"""The shipped snapshot: the ingested tables written to Parquet, and read back into a database.

A snapshot holds exactly what ingesting the real files wrote (sources with their sha256, every
row with its source line or page, which source won each cell), never the raw files. Paths are
recorded relative to the shared data folder, and the ingestion time is left out, so two builds
from the same files are equal row for row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pkobs.errors import DatabaseError
from pkobs.store.database import Connection, Database
from pkobs.store.schema import CONTRIBUTOR_MONTHS_SQL

# Parquet file -> the query that writes it (ordered, so the files are deterministic).
TABLES: dict[str, str] = {
    "sources": """SELECT source_id, source, path, sha256, format, format_rank, encoding, rows,
                         first_month, last_month
                  FROM source_files ORDER BY source_id""",
    "source_months": """SELECT source_id, month, detail FROM source_file_months
                        ORDER BY source_id, month""",
    "contribution_records": """SELECT source_id, line, page, month, contributor_iso3, mission,
                                      personnel_type, male, female, total, chosen
                               FROM contribution_records ORDER BY source_id, line, personnel_type,
                                    mission, contributor_iso3""",
    "contributor_records": """SELECT source_id, line, page, month, contributor_iso3,
                                     personnel_type, male, female, total
                              FROM contributor_records ORDER BY source_id, line, personnel_type,
                                   contributor_iso3""",
}


def export_snapshot(handle: Database | Connection, folder: Path, data_root: Path) -> dict[str, int]:
    """Write every table of :data:`TABLES` to ``folder/<name>.parquet``, paths relative to
    ``data_root``. The caller writes into a fresh folder and renames it (atomic). Returns the
    rows written per table."""
    con = Database.of(handle).con
    counts: dict[str, int] = {}
    root = str(data_root.resolve()).rstrip("/") + "/"
    root_literal = "'" + root.replace("'", "''") + "'"
    for name, query in TABLES.items():
        sql = query
        if name == "sources":
            sql = query.replace(" path,", f" replace(path, {root_literal}, '') AS path,", 1)
        target = str(folder / f"{name}.parquet").replace("'", "''")
        written = con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
        counts[name] = int(written.fetchall()[0][0])
    return counts


def snapshot_rows(folder: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a snapshot folder (for comparing two snapshots)."""
    con = duckdb.connect(":memory:")
    try:
        return {
            name: con.execute(
                f"SELECT * FROM read_parquet('{folder / (name + '.parquet')}') ORDER BY ALL"
            ).fetchall()
            for name in TABLES
        }
    finally:
        con.close()


def load_snapshot(handle: Database | Connection, folder: Path) -> int:
    """Load a snapshot into an empty database, in one transaction. Returns the rows loaded."""
    db = Database.of(handle)
    if db.scalar("SELECT count(*) FROM source_files"):
        raise DatabaseError("snapshot.not_empty")
    files = {name: str(folder / f"{name}.parquet") for name in TABLES}
    missing = [path for path in files.values() if not Path(path).is_file()]
    if missing:
        raise DatabaseError("snapshot.incomplete", files=missing)
    now = dt.datetime.now(dt.UTC)
    with db.atomic():
        db.execute(
            """INSERT INTO source_files
               SELECT source_id, source, path, sha256, format, format_rank, encoding, rows,
                      first_month, last_month, ? FROM read_parquet(?)""",
            [now, files["sources"]],
        )
        db.execute(
            "INSERT INTO source_file_months (source_id, month, detail) "
            "SELECT source_id, month, detail FROM read_parquet(?)",
            [files["source_months"]],
        )
        db.execute(
            """INSERT INTO contribution_records
                   (source_id, line, month, contributor_iso3, mission, personnel_type,
                    male, female, total, chosen, page)
               SELECT source_id, line, month, contributor_iso3, mission, personnel_type,
                      male, female, total, chosen, page FROM read_parquet(?)""",
            [files["contribution_records"]],
        )
        db.execute(
            """INSERT INTO contributor_records
               SELECT source_id, line, page, month, contributor_iso3, personnel_type,
                      male, female, total FROM read_parquet(?)""",
            [files["contributor_records"]],
        )
        db.execute("DELETE FROM contributor_month_rows")
        db.execute(
            "INSERT INTO contributor_month_rows "
            + CONTRIBUTOR_MONTHS_SQL.format(touched="SELECT DISTINCT month FROM source_file_months")
        )
        last = int(db.scalar("SELECT coalesce(max(source_id), 0) FROM source_files"))
        # Sequences cannot be altered: draw values until new sources get fresh ids.
        db.execute(f"SELECT nextval('source_id_seq') FROM range({last})")
        db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('data_version', ?)",
            [now.strftime("%Y%m%dT%H%M%S%f")],
        )
        rows = db.scalar(
            "SELECT (SELECT count(*) FROM contribution_records) + "
            "(SELECT count(*) FROM contributor_records)"
        )
    return int(rows)
