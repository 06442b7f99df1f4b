"""Turning tables and indicator results into HTTP bodies (JSON, CSV), the same way as the CLI."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pkobs.cli.common import json_default
from pkobs.store.query import csv_rows, csv_text
from pkobs.table import Table


def json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, default=json_default, ensure_ascii=False).encode("utf-8")


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(column) for column in table.columns])
    writer.writerows(csv_rows(table))  # text cells that look like formulas are neutralised
    return out.getvalue().encode("utf-8")


def records(table: Table) -> list[dict[str, Any]]:
    """Rows as JSON-ready dictionaries (dates as ISO strings)."""
    loaded: list[dict[str, Any]] = json.loads(json_bytes(table.records()))
    return loaded
