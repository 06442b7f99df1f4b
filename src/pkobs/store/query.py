"""Read-only queries and exports over the contract views."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pkobs.errors import QueryError
from pkobs.store.schema import VIEWS

EXPORT_FORMATS = ("csv", "parquet", "xlsx")


@dataclass(frozen=True)
class Table:
    """Column names and rows: what every query, indicator and export hands around."""

    columns: list[str]
    rows: list[tuple[Any, ...]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def run_sql(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> Table:
    """Run one query; DuckDB's own message becomes a QueryError."""
    try:
        relation = con.execute(sql, params or [])
        columns = [d[0] for d in relation.description or []]
        return Table(columns, relation.fetchall())
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower():
            message = "the database is opened read-only: only SELECT queries are allowed"
        raise QueryError(f"query failed: {message}") from None


def export_table(con: duckdb.DuckDBPyConnection, table: str, fmt: str, out: Path) -> int:
    """Write a view to ``out`` (written to a temporary file, then renamed). Returns rows."""
    if table not in VIEWS:
        raise QueryError(f"unknown table {table!r}; choose one of {', '.join(sorted(VIEWS))}")
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out)
    if not out.parent.exists():
        raise QueryError(f"cannot write {out}: folder {out.parent} does not exist")
    handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        count = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
        if fmt == "xlsx":
            write_xlsx(run_sql(con, f"SELECT * FROM {table}"), temp, table)
        else:
            options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
            con.execute(f"COPY (SELECT * FROM {table}) TO '{temp}' ({options})")
        temp.replace(out)
    except OSError as exc:
        raise QueryError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)
    return count


def write_xlsx(table: Table, path: Path, sheet: str) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"remove_timezone": True})
    try:
        worksheet = workbook.add_worksheet(sheet[:31])
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        worksheet.write_row(0, 0, table.columns)
        for r, row in enumerate(table.rows, start=1):
            for c, value in enumerate(row):
                if hasattr(value, "year") and not isinstance(value, str):
                    worksheet.write_datetime(r, c, value, date_format)
                elif value is None:
                    continue
                else:
                    worksheet.write(
                        r, c, value if isinstance(value, int | float | bool) else str(value)
                    )
    finally:
        workbook.close()
