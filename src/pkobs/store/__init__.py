"""The only code that talks to DuckDB: connection, schema, migrations, views, writes."""

from pkobs.store.connection import connect, open_database, open_read_only
from pkobs.store.schema import SCHEMA_VERSION, VIEWS

__all__ = ["SCHEMA_VERSION", "VIEWS", "connect", "open_database", "open_read_only"]
