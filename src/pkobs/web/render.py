"""Turning tables and indicator results into HTTP bodies (JSON, CSV), the same way as the CLI."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pkobs.cli.common import cell, json_default
from pkobs.store.query import Table


def json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, default=json_default, ensure_ascii=False).encode("utf-8")


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([[cell(value) for value in row] for row in table.rows])
    return out.getvalue().encode("utf-8")


def records(table: Table) -> list[dict[str, Any]]:
    """Rows as JSON-ready dictionaries (dates as ISO strings)."""
    loaded: list[dict[str, Any]] = json.loads(json_bytes(table.records()))
    return loaded
