"""A whole view written to a file: CSV, Parquet or XLSX, in machine values.

The rows come from the store in batches (:func:`pkobs.store.query.view_batches`), so a view
of millions of rows never sits in memory; the file is written beside its target and renamed,
so a failed export leaves nothing half-written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pkobs.errors import QueryError
from pkobs.render.csv import write_csv_batches

if TYPE_CHECKING:
    from pkobs.store.query import Handle

EXPORT_FORMATS = ("csv", "parquet", "xlsx")
# The extension (lower case, no dot) that names each format of an export file.
EXPORT_EXTENSIONS: Mapping[str, str] = {fmt: fmt for fmt in EXPORT_FORMATS}


def named_format(out: Path, extensions: Mapping[str, str]) -> str | None:
    """The format that ``out``'s extension names (``extensions``: extension -> format), if any."""
    return extensions.get(out.suffix.lower().lstrip("."))


def check_extension(out: Path, fmt: str, extensions: Mapping[str, str]) -> None:
    """Refuse a ``--format`` that contradicts the extension of ``out`` (``--format html`` for
    ``bulletin.pdf``): a QueryError ``cli.format_contradicts_extension``. An extension that
    names no format (``.txt``, none) leaves the format as given."""
    named = named_format(out, extensions)
    if named is not None and named != fmt:
        raise QueryError("cli.format_contradicts_extension", format=fmt, path=str(out), named=named)


def export_format(fmt: str | None, out: Path | None) -> str:
    """The format of an export: ``fmt`` (``--format``), which must agree with the extension of
    ``out``; else the one the extension of ``out`` names (``.csv``, ``.parquet``, ``.xlsx``),
    an extension that names none being refused (``export.unknown_extension``); else CSV."""
    if fmt is not None:
        if fmt not in EXPORT_FORMATS:
            raise QueryError("export.unknown_format", format=fmt, known=list(EXPORT_FORMATS))
        if out is not None:
            check_extension(out, fmt, EXPORT_EXTENSIONS)
        return fmt
    if out is None:
        return "csv"
    named = named_format(out, EXPORT_EXTENSIONS)
    if named is None:
        raise QueryError("export.unknown_extension", path=str(out), known=list(EXPORT_FORMATS))
    return named


def export_table(db: Handle, table: str, fmt: str, out: Path) -> int:
    """Write the view ``table`` to ``out`` in ``fmt``; returns how many rows were written."""
    from pkobs.store import query
    from pkobs.store.schema import VIEWS

    if table not in VIEWS:
        raise QueryError("export.unknown_table", table=table, known=sorted(VIEWS))
    if fmt not in EXPORT_FORMATS:
        raise QueryError("export.unknown_format", format=fmt, known=list(EXPORT_FORMATS))
    out = Path(out)
    if not out.parent.exists():
        raise QueryError("export.no_folder", path=str(out), folder=str(out.parent))
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:  # a folder this user cannot write in
        raise _cannot_write(out, exc) from None
    os.close(handle)
    temp = Path(temp_name)
    try:
        if fmt == "parquet":
            count = query.copy_view_to_parquet(db, table, temp)
        else:
            columns, count, batches = query.view_batches(db, table)
            if fmt == "xlsx":
                from pkobs.render.xlsx import MAX_ROWS, write_xlsx_batches  # only for a workbook

                if count >= MAX_ROWS:  # said before anything is written
                    raise QueryError("export.xlsx_too_many_rows", table=table, limit=MAX_ROWS - 1)
                write_xlsx_batches(columns, batches, temp, table, count)
            else:
                write_csv_batches(columns, batches, temp)
        temp.replace(out)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    finally:
        temp.unlink(missing_ok=True)
    return count


def _cannot_write(out: Path, error: OSError) -> QueryError:
    """``export.cannot_write``: the path and why, in the reader's language when it is a usual
    reason (permission, read-only file system, full disk)."""
    from pkobs.store.connection import os_reason

    return QueryError("export.cannot_write", path=str(out), reason=os_reason(error, out))


__all__ = [
    "EXPORT_EXTENSIONS",
    "EXPORT_FORMATS",
    "check_extension",
    "export_format",
    "export_table",
    "named_format",
]
