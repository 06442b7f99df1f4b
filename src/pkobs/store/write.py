"""Writing ingested batches: the source record, its rows, and which source wins each cell.

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


def write_batch(con: duckdb.DuckDBPyConnection, batch: Batch, now: dt.datetime) -> tuple[str, int]:
    """Insert one validated batch; returns (source name, rows written)."""
    source_id = int(con.execute("SELECT nextval('source_id_seq')").fetchall()[0][0])
    name = source_name(batch)
    rows = int(
        con.execute(
            f"""INSERT INTO contribution_records
                SELECT {source_id}, line, month, contributor_iso3, mission, personnel_type,
                       male, female, total, true
                FROM {batch.view}"""
        ).fetchall()[0][0]
    )
    con.execute(
        "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source_id,
            name,
            str(Path(batch.info.path).resolve()),
            batch.info.sha256,
            batch.source_format.name,
            FORMAT_RANK[batch.source_format.name],
            batch.info.encoding,
            rows,
            batch.months[0] if batch.months else None,
            batch.months[-1] if batch.months else None,
            now,
        ],
    )
    con.execute(
        "INSERT INTO source_file_months SELECT ?, unnest(?::DATE[])", [source_id, batch.months]
    )
    return name, rows


def resolve_months(con: duckdb.DuckDBPyConnection, months: list[dt.date]) -> None:
    """Choose, for each month x contributor x mission of the given months, one source's rows.

    The winner is the source of the best-ranked format (``FORMAT_RANK``), then the most recently
    ingested. Months covered by a single source need no work: its rows are already chosen.
    """
    if months:
        shared = con.execute(
            """SELECT count(*) FROM (SELECT month FROM source_file_months
               WHERE month IN (SELECT unnest(?::DATE[])) GROUP BY month HAVING count(*) > 1)""",
            [months],
        ).fetchall()[0][0]
        if shared:
            con.execute(
                """UPDATE contribution_records r SET chosen = (r.source_id = w.source_id)
                FROM (
                    SELECT month, contributor_iso3, mission,
                           arg_min(source_id, (format_rank, -epoch_us(ingested_at), -source_id))
                               AS source_id
                    FROM (SELECT DISTINCT month, contributor_iso3, mission, source_id
                          FROM contribution_records
                          WHERE month IN (SELECT unnest(?::DATE[])))
                    JOIN source_files USING (source_id)
                    GROUP BY ALL
                ) w
                WHERE r.month = w.month AND r.contributor_iso3 = w.contributor_iso3
                  AND r.mission = w.mission""",
                [months],
            )
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('data_version', ?)",
        [dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")],
    )
