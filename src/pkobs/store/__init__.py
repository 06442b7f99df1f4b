"""The only code that talks to DuckDB: opening, transactions, schema, migrations, views, reads.

:class:`Database` is the one handle the other layers hold (``Database.open``,
``Database.open_read_only``, ``.query``, ``.scalar``, ``.atomic``). ``connect``,
``open_database`` and ``open_read_only`` return raw connections, for the store itself and for
callers not yet moved to :class:`Database`.
"""

from pkobs.store.connection import connect, open_database, open_read_only
from pkobs.store.database import Database
from pkobs.store.schema import SCHEMA_VERSION, VIEWS

__all__ = ["SCHEMA_VERSION", "VIEWS", "Database", "connect", "open_database", "open_read_only"]
