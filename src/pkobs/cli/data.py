"""Commands on contribution data: sources, sql, export, demo-sample (``ingest`` is in
:mod:`pkobs.cli.ingest`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from pkobs.cli.common import (
    emit,
    readable,
    reported_errors,
    say,
    state,
)
from pkobs.render.export import EXPORT_FORMATS
from pkobs.store.schema import VIEWS
from pkobs.table import Column

# the values the cli_help catalogue's texts name (pkobs.cli.helptext)
HELP_VALUES = {
    "help.export.table": {"views": ", ".join(sorted(VIEWS))},
    "help.export.format": {"formats": ", ".join(EXPORT_FORMATS)},
}

SOURCE_COLUMNS = (
    Column("rows", "count"),
    Column("first_month", "month"),
    Column("last_month", "month"),
    Column("ingested_at", "timestamp"),
    Column("source", "code"),
    Column("sha256", "code"),
    Column("format", "code"),
)


def sources(
    ctx: typer.Context,
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List every ingested file with its sha256, format, rows and months.

    Example: pkobs sources --format csv
    """
    from pkobs.store.query import sources_listing

    locale = state(ctx).locale
    with reported_errors(locale), readable(ctx) as con:
        table = sources_listing(con)
    shown = table.declared(*SOURCE_COLUMNS)
    emit(shown, fmt, title=locale.t("sources.title"), locale=locale)


def sql(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="A SELECT query over the views."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Run one read-only SQL query over the views (contributions, countries, missions...).

    Sandboxed: one statement (SELECT, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN), no file
    or network access, no extensions, settings locked; the database must exist. See
    docs/security.md.

    Example: pkobs sql "SELECT month, sum(total) FROM contributions GROUP BY 1 ORDER BY 1"
    """
    from pkobs.store.query import run_sandboxed_sql

    settings = state(ctx).settings
    locale = state(ctx).locale
    with reported_errors(locale):
        table = run_sandboxed_sql(settings.db_path, query)
    emit(table, fmt, locale=locale)


def export(
    ctx: typer.Context,
    table: str = typer.Argument(..., help=f"One of: {', '.join(sorted(VIEWS))}."),
    fmt: str | None = typer.Option(
        None,
        "--format",
        help=f"{', '.join(EXPORT_FORMATS)} (default: the one the --out extension names, else csv).",
    ),
    out: Path | None = typer.Option(
        None, "--out", help="Output file: .csv, .parquet or .xlsx (default TABLE.FORMAT)."
    ),
) -> None:
    """Export a table or view to CSV, Parquet or XLSX.

    The format is the one the --out file's extension names (.csv, .parquet, .xlsx); a --format
    that contradicts it is refused.
    Example: pkobs export contributions --out contributions.parquet
    """
    from pkobs.render.export import export_format, export_table

    locale = state(ctx).locale
    with reported_errors(locale):
        chosen = export_format(fmt, out)
    target = out or Path(f"{table}.{chosen}")
    with reported_errors(locale), readable(ctx) as con:
        rows = export_table(con, table, chosen, target)
    say(locale.plural("export.done", rows, rows=locale.number(rows), path=target))


def demo_sample(
    ctx: typer.Context,
    rows: int = typer.Option(20_000, "--rows", help="About how many rows."),
) -> None:
    """Write a SYNTHETIC sample in the UN format under PKOBS_HOME and print its path.

    For the offline demo only: the figures are not real, and the file and its source name say
    SYNTHETIC. Example: pkobs ingest "$(pkobs demo-sample)"
    """
    import datetime as dt

    from pkobs.synthetic import write_synthetic

    home = state(ctx).settings.home
    home.mkdir(parents=True, exist_ok=True)
    path = home / "SYNTHETIC-demo-sample.csv"
    write_synthetic(path, rows=rows, first=dt.date(2012, 1, 31), last=dt.date(2014, 12, 31))
    sys.stdout.write(f"{path}\n")


def register(app: typer.Typer) -> None:
    app.command("demo-sample")(demo_sample)
    app.command()(sources)
    app.command()(sql)
    app.command()(export)
