"""What a Frictionless data package needs from the database: each view's columns and size.

The descriptor itself (titles and descriptions in a language, paths, licence) is built at the
web edge (``pkobs.web.datapackage``); this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from pkobs.store.database import Database
from pkobs.store.schema import VIEWS

# DuckDB column types -> Frictionless Table Schema field types.
FIELD_TYPES = {
    "DATE": "date",
    "TIMESTAMP": "datetime",
    "TIMESTAMP WITH TIME ZONE": "datetime",
    "BOOLEAN": "boolean",
    "VARCHAR": "string",
    "DOUBLE": "number",
    "FLOAT": "number",
}
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "UINTEGER")


@dataclass(frozen=True)
class ViewShape:
    name: str
    fields: tuple[tuple[str, str], ...]  # (column, Frictionless type)
    rows: int


def field_type(duckdb_type: str) -> str:
    upper = duckdb_type.upper()
    if upper in INTEGER_TYPES or upper.startswith("UBIGINT"):
        return "integer"
    if upper.startswith("DECIMAL"):
        return "number"
    return FIELD_TYPES.get(upper, "string")


def view_shapes(db: Database) -> list[ViewShape]:
    """Every contract view, in the schema's order, with its typed columns and row count."""
    shapes = []
    for name in VIEWS:  # names from the schema, never from a request
        columns = db.query(f'DESCRIBE "{name}"').rows
        rows = int(db.scalar(f'SELECT count(*) FROM "{name}"') or 0)
        shapes.append(ViewShape(name, tuple((c[0], field_type(str(c[1]))) for c in columns), rows))
    return shapes


def source_files(db: Database) -> list[dict[str, object]]:
    """Every ingested file, with its sha256 (the provenance of the package)."""
    return db.query(
        "SELECT source, path, sha256, format, first_month, last_month FROM sources ORDER BY source"
    ).records()


__all__ = ["ViewShape", "field_type", "source_files", "view_shapes"]
