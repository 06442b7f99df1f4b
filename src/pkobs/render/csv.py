"""CSV: machine values (ISO dates, exact numbers), text that looks like a formula neutralised.

The same bytes from the CLI (``--format csv``), the web (``.csv``) and exports.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pkobs.table import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell made safe for spreadsheets: one that starts like a formula gets a ``'``.

    Excel, LibreOffice and Google Sheets evaluate a cell that starts with ``= + - @`` (or a tab
    or carriage return before one) as a formula ("CSV injection"); the quote makes it text.
    Numbers are written by the caller as numbers, never through here.
    """
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def plain_cell(value: object) -> str:
    """A value as text: empty for NULL, ISO dates, exact numbers (``repr`` of floats)."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_cell(value: object) -> str:
    """One CSV cell: :func:`plain_cell`, with text that looks like a formula neutralised."""
    return csv_text(value) if isinstance(value, str) else plain_cell(value)


def csv_rows(table: Table) -> list[list[str]]:
    return [[csv_cell(value) for value in row] for row in table.rows]


def csv_string(table: Table) -> str:
    """The whole table as CSV text: a header of column names, then the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(column) for column in table.columns])
    writer.writerows(csv_rows(table))
    return out.getvalue()


def csv_bytes(table: Table) -> bytes:
    return csv_string(table).encode("utf-8")


def write_csv_batches(
    columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], path: Path
) -> None:
    """Write a header and rows arriving in batches to ``path`` (one batch in memory at a time)."""
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_text(c) for c in columns])
        for batch in batches:
            writer.writerows([csv_cell(value) for value in row] for row in batch)


__all__ = [
    "FORMULA_STARTS",
    "csv_bytes",
    "csv_cell",
    "csv_rows",
    "csv_string",
    "csv_text",
    "plain_cell",
    "write_csv_batches",
]
