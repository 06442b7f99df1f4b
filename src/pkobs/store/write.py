"""Writing ingested batches: source record, rows, and the precedence-resolved table.

Callers hold the transaction (see :func:`pkobs.pipeline.ingest_files`); nothing here commits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pkobs.ingest.validate import Batch
from pkobs.store.schema import FORMAT_RANK


def source_name(batch: Batch) -> str:
    """A readable, unique id for a file: format, file name and the start of its sha256."""
    return f"{batch.source_format.name}:{batch.info.path.name}@{batch.info.sha256[:12]}"


def known_sha256(con: duckdb.DuckDBPyConnection, sha256: str) -> str | None:
    rows = con.execute("SELECT source FROM source_files WHERE sha256 = ?", [sha256]).fetchall()
    return str(rows[0][0]) if rows else None


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch, now: dt.datetime) -> str:
    """Insert one validated batch; returns its source name."""
    source_id = int(con.execute("SELECT nextval('source_id_seq')").fetchall()[0][0])
    name = source_name(batch)
    con.execute(
        """INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            source_id,
            name,
            str(Path(batch.info.path).resolve()),
            batch.info.sha256,
            batch.source_format.name,
            FORMAT_RANK[batch.source_format.name],
            batch.info.encoding,
            batch.rows,
            batch.months[0] if batch.months else None,
            batch.months[-1] if batch.months else None,
            now,
        ],
    )
    con.execute(
        f"""INSERT INTO contribution_records
            SELECT {source_id}, line, month, contributor_iso3, contributor_name, mission,
                   personnel_type, male, female, total
            FROM {batch.table}"""
    )
    con.execute("INSERT INTO source_file_months SELECT ?, unnest(?::DATE[])", [source_id, batch.months])
    con.execute(f"DROP TABLE {batch.table}")
    return name


def resolve_months(con: duckdb.DuckDBPyConnection, months: list[dt.date]) -> None:
    """Recompute the precedence-resolved rows of the given months.

    For each month x contributor x mission, the rows of one source are kept: the source of the
    best-ranked format (``FORMAT_RANK``), then the most recently ingested.
    """
    if not months:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE touched_months AS SELECT unnest(?::DATE[]) AS month",
                [months])
    con.execute(
        "DELETE FROM contributions_resolved WHERE month IN (SELECT month FROM touched_months)"
    )
    con.execute(
        """INSERT INTO contributions_resolved
        WITH cells AS (
            SELECT r.month, r.contributor_iso3, r.mission, r.source_id,
                   row_number() OVER (
                       PARTITION BY r.month, r.contributor_iso3, r.mission
                       ORDER BY s.format_rank, s.ingested_at DESC, s.source_id DESC) AS choice
            FROM (SELECT DISTINCT month, contributor_iso3, mission, source_id
                  FROM contribution_records
                  WHERE month IN (SELECT month FROM touched_months)) r
            JOIN source_files s USING (source_id)
        )
        SELECT r.month, r.contributor_iso3, r.mission, r.personnel_type, r.male, r.female,
               r.total, r.source_id, r.line
        FROM contribution_records r
        JOIN cells c ON c.choice = 1 AND c.source_id = r.source_id AND c.month = r.month
                    AND c.contributor_iso3 = r.contributor_iso3 AND c.mission = r.mission
        """
    )
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('data_version', ?)",
        [dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")],
    )
