"""Load the validated reference data into the database, in one transaction, when it changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pkobs.errors import ReferenceDataError
from pkobs.refdata import specs
from pkobs.refdata.reader import Value
from pkobs.refdata.validate import CheckReport, check_reference_data


def reference_digest(data_dir: Path = specs.DATA_DIR) -> str:
    """sha256 over every reference file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.csv")):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# DuckDB type of each reference column kind (lists of these are passed as parameters).
_SQL_TYPES = {
    "str": "VARCHAR",
    "iso3": "VARCHAR",
    "enum": "VARCHAR",
    "date": "DATE",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
}


def _insert_columns(
    con: duckdb.DuckDBPyConnection, spec: specs.FileSpec, rows: list[dict[str, Value]]
) -> None:
    """Insert every row of one table in one statement: one list parameter per column, unnested
    side by side (in file order), instead of one ``executemany`` round trip per row."""
    columns = [[row[column.name] for row in rows] for column in spec.columns]
    selected = ", ".join(
        f"unnest(${position}::{_SQL_TYPES[column.kind]}[])"
        for position, column in enumerate(spec.columns, start=1)
    )
    con.execute(
        f"INSERT INTO {spec.table} ({', '.join(spec.names)}) SELECT {selected}",
        columns,
    )


def load_all(con: duckdb.DuckDBPyConnection, data_dir: Path = specs.DATA_DIR) -> CheckReport:
    """Validate, then replace every ``ref_*`` table. Nothing changes when validation fails."""
    report = check_reference_data(data_dir)
    if not report.ok:
        raise ReferenceDataError(
            f"reference data under {data_dir} has {len(report.problems)} problems "
            "(run `pkobs check-data` for the full report)",
            report.problems,
        )
    con.execute("BEGIN TRANSACTION")
    try:
        for spec in specs.ALL_SPECS:
            con.execute(f"DELETE FROM {spec.table}")
            rows = [row.values for result in report.results(spec) for row in result.rows]
            if rows:
                _insert_columns(con, spec, rows)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('refdata_sha256', ?)",
            [reference_digest(data_dir)[:16]],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return report


def sync_reference_data(con: duckdb.DuckDBPyConnection, data_dir: Path = specs.DATA_DIR) -> bool:
    """Reload the reference tables if the shipped files changed. Returns True if it reloaded."""
    stored = con.execute("SELECT value FROM meta WHERE key = 'refdata_sha256'").fetchall()
    if stored and stored[0][0] == reference_digest(data_dir)[:16]:
        return False
    load_all(con, data_dir)
    return True
