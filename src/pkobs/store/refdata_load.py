"""Loading the validated reference data into the database, in one transaction, when it changed.

Reading and validating the CSV files is :mod:`pkobs.refdata`'s work (no DuckDB there); writing
their rows into the ``ref_*`` tables is the store's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pkobs.errors import ReferenceDataError
from pkobs.refdata import specs
from pkobs.refdata.loader import reference_digest
from pkobs.store.database import Connection, Database

if TYPE_CHECKING:  # the checkers are imported when the shipped files changed, not at each open
    from pkobs.refdata.reader import Value
    from pkobs.refdata.validate import CheckReport

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


def _insert_columns(db: Database, spec: specs.FileSpec, rows: list[dict[str, Value]]) -> None:
    """Insert every row of one table in one statement: one list parameter per column, unnested
    side by side (in file order), instead of one ``executemany`` round trip per row."""
    columns = [[row[column.name] for row in rows] for column in spec.columns]
    selected = ", ".join(
        f"unnest(${position}::{_SQL_TYPES[column.kind]}[])"
        for position, column in enumerate(spec.columns, start=1)
    )
    db.execute(f"INSERT INTO {spec.table} ({', '.join(spec.names)}) SELECT {selected}", columns)


def load_all(handle: Database | Connection, data_dir: Path = specs.DATA_DIR) -> CheckReport:
    """Validate, then replace every ``ref_*`` table. Nothing changes when validation fails."""
    from pkobs.refdata.validate import check_reference_data

    db = Database.of(handle)
    report = check_reference_data(data_dir)
    if not report.ok:
        raise ReferenceDataError(
            f"reference data under {data_dir} has {len(report.problems)} problems "
            "(run `pkobs check-data` for the full report)",
            report.problems,
        )
    with db.atomic():
        for spec in specs.ALL_SPECS:
            db.execute(f"DELETE FROM {spec.table}")
            rows = [row.values for result in report.results(spec) for row in result.rows]
            if rows:
                _insert_columns(db, spec, rows)
        db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('refdata_sha256', ?)",
            [reference_digest(data_dir)[:16]],
        )
    return report


def sync_reference_data(handle: Database | Connection, data_dir: Path = specs.DATA_DIR) -> bool:
    """Reload the reference tables if the shipped files changed. Returns True if it reloaded."""
    db = Database.of(handle)
    # A plain fetch (not db.scalar, whose Table is not needed): this runs at every open.
    rows = db.con.execute("SELECT value FROM meta WHERE key = 'refdata_sha256'").fetchall()
    stored = rows[0][0] if rows else None
    if stored == reference_digest(data_dir)[:16]:
        return False
    load_all(db, data_dir)
    return True


__all__ = ["load_all", "sync_reference_data"]
