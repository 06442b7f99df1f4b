"""What every command shares: settings from the global options, output, and error handling."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from pkobs.errors import PkobsError
from pkobs.settings import Settings
from pkobs.store import open_database, open_read_only
from pkobs.store.query import csv_rows, csv_text
from pkobs.store.query import plain_cell as cell
from pkobs.table import Table

console = Console()
err_console = Console(stderr=True)

OUTPUT_FORMATS = ("table", "csv", "json")


@dataclass
class State:
    settings: Settings
    quiet: bool = False


def state(ctx: typer.Context) -> State:
    value = ctx.obj
    if not isinstance(value, State):
        raise RuntimeError("pkobs: global options were not parsed")
    return value


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn library errors into a clear message on stderr and the error's exit code."""
    try:
        yield
    except PkobsError as exc:
        err_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except ValueError as exc:
        err_console.print(f"[bold red]error[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


@contextmanager
def writable(ctx: typer.Context) -> Iterator[duckdb.DuckDBPyConnection]:
    settings = state(ctx).settings
    con = open_database(settings.db_path, lang=settings.lang)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def readable(ctx: typer.Context) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_read_only(state(ctx).settings.db_path)
    try:
        yield con
    finally:
        con.close()


def json_default(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def emit(
    table: Table, fmt: str, title: str | None = None, meta: dict[str, Any] | None = None
) -> None:
    """Print a table as a Rich table, CSV or JSON (``{"rows": [...], "meta": {...}}``)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([csv_text(c) for c in table.columns])
        writer.writerows(csv_rows(table))  # text that looks like a formula is neutralised
        sys.stdout.write(out.getvalue())
    elif fmt == "json":
        payload: Any = (
            {"rows": table.records(), "meta": meta} if meta is not None else table.records()
        )
        sys.stdout.write(
            json.dumps(payload, default=json_default, ensure_ascii=False, indent=1) + "\n"
        )
    elif fmt == "table":
        rich_table = RichTable(title=title, show_lines=False)
        for column in table.columns:
            rich_table.add_column(column)
        for row in table.rows:
            rich_table.add_row(*[cell(v) for v in row])
        console.print(rich_table)
    else:
        raise typer.BadParameter(f"unknown format {fmt!r}; use table, csv or json")
