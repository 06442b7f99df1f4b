"""Tables and indicator results as HTTP bodies (JSON, CSV), with the renderers of ``pkobs.render``.

The web and the CLI are siblings: both use :mod:`pkobs.render`, neither imports the other.
"""

from __future__ import annotations

from typing import Any

import orjson

from pkobs.render.csv import csv_bytes as csv_bytes
from pkobs.render.json import json_bytes as json_bytes
from pkobs.table import Table


def records(table: Table) -> list[dict[str, Any]]:
    """Rows as JSON-ready dictionaries (dates as ISO strings)."""
    loaded: list[dict[str, Any]] = orjson.loads(json_bytes(table.records()))
    return loaded


__all__ = ["csv_bytes", "json_bytes", "records"]
